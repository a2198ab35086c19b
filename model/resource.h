// SPDX-License-Identifier: MIT
#pragma once

#include "stringmap.h"

#include <QString>

namespace Ferry {

/// One piece of the current (source) infrastructure: a droplet, a database cluster, a Heroku
/// app, an EC2 instance…
///
/// The id is stable and comes from the source, so re-imports, mappings and diagrams refer to it:
/// `do:droplet:3164444` for a DigitalOcean API body (the DigitalOcean URN), and
/// `tf:<address>` for a Terraform state instance (`tf:module.web.aws_instance.app[0]`).
/// `type` is Terraform's own resource type name (`digitalocean_droplet`, `heroku_app`,
/// `aws_db_instance`), whatever the source was, so one mapping rule fits both.
/// `attributes` hold only non-secret facts a planner needs (engine, version, disk_gb, cidr,
/// ipv4…); the importers never put a password, token, key or config var here.
struct Resource
{
    QString id;            ///< stable id, see above
    QString provider;      ///< `digitalocean`, `heroku` or `aws`
    QString type;          ///< Terraform resource type name
    QString name;          ///< the source's own name
    QString region;        ///< source region slug (`nyc3`, `us-east-1`), may be empty
    QString size;          ///< size slug or instance class (`s-2vcpu-4gb`, `db.t3.micro`)
    StringMap tags;        ///< tag key → value (value empty for plain DO tags)
    QString sourceFile;    ///< file (or API URL) it was imported from
    QString sourceAddress; ///< address inside that source (Terraform address, JSON pointer)
    StringMap attributes;  ///< non-secret attributes, lists joined with ", "

    /// Sets attribute `name` unless `value` is empty (an unknown value is absent, not blank).
    /// Pass `name` as a QStringLiteral: importers call this for every resource.
    void setAttribute(const QString &name, const QString &value)
    {
        if (!value.isEmpty())
            attributes.insert(name, value);
    }

    bool operator==(const Resource &) const = default;
};

/// Kind of a dependency edge between two resources.
enum class DependencyKind {
    Network,    ///< traffic flows (load balancer → droplet, firewall → droplet)
    Data,       ///< uses data held by the target (app → database)
    Dns,        ///< a DNS record points at the target
    Attachment, ///< target is attached to the source (droplet → volume, IP → droplet)
    Membership, ///< source is a member of the target (droplet → VPC, droplet → project)
};

/// The plan-file name of a kind: `network`, `data`, `dns`, `attachment`, `membership`.
QString dependencyKindName(DependencyKind kind);
/// Parses a plan-file kind name; returns false for an unknown name.
bool parseDependencyKind(const QString &name, DependencyKind *kind);

/// A directed edge "`from` depends on / talks to `to`", with the reason it was inferred
/// (e.g. "load balancer droplet_ids", "terraform dependencies").
struct Dependency
{
    QString from;
    QString to;
    DependencyKind kind = DependencyKind::Network;
    QString reason;

    bool operator==(const Dependency &) const = default;
    /// Orders by (from, to, kind): the order of the plan file.
    bool operator<(const Dependency &o) const
    {
        if (from != o.from)
            return from < o.from;
        if (to != o.to)
            return to < o.to;
        return kind < o.kind;
    }
};

} // namespace Ferry
