// SPDX-License-Identifier: MIT
#pragma once

#include "importer.h"

#include <QJsonValue>

namespace Ferry {

/// Imports saved DigitalOcean API v2 responses (the bodies of `GET /v2/droplets`,
/// `/v2/databases`, `/v2/load_balancers`, `/v2/domains`, `/v2/domains/{d}/records`,
/// `/v2/volumes`, `/v2/vpcs`, `/v2/firewalls`, `/v2/kubernetes/clusters`, `/v2/projects`,
/// `/v2/projects/{id}/resources`, `/v2/cdn/endpoints`, `/v2/reserved_ips`,
/// `/v2/floating_ips`, `/v2/apps`, or `doctl … -o json` output), as defined by the
/// DigitalOcean API v2 reference (github.com/digitalocean/openapi).
///
/// The kind of body is recognised from its keys, not the file name. YAML files are read too:
/// the OpenAPI specification's response examples (`examples.<name>.value`, `example`) hold
/// bodies of the same shape and are searched for them. Ids are DigitalOcean URNs
/// (`do:droplet:3164444`, `do:dbaas:<uuid>`); records get `do:record:<domain>:<id>`.
/// Dependencies: load balancer and firewall targets (droplet_ids, and droplets sharing one of
/// the firewall's or load balancer's tags), VPC membership, volume attachments, reserved IP
/// assignments, project membership (project resources' URNs), DNS records pointing at a
/// resource's IP, CDN origins on a Spaces bucket. Secrets (connection passwords and URIs,
/// kube configs, app env values) are not read.
class DigitalOceanImporter : public Importer
{
public:
    QString formatId() const override { return QStringLiteral("digitalocean"); }
    QString nameFilter() const override;
    QString expectedContent() const override
    {
        return QStringLiteral("DigitalOcean API v2 bodies or doctl JSON listing droplets, "
                              "databases, domains, load balancers, volumes, firewalls…");
    }
    bool canRead(const QByteArray &head, const QString &fileName) const override;
    bool read(const QString &path, Inventory *out, ImportReport *report, FileError *error,
              ImportProgress *progress = nullptr) const override;
    /// Reads several files as one import, so dependencies across files (a firewall in one file,
    /// its droplets in another) are found.
    bool readFiles(const QStringList &paths, Inventory *out, ImportReport *report, FileError *error,
                   ImportProgress *progress = nullptr) const override;
};

} // namespace Ferry
