// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Ferry {

/// One source an inbound firewall rule admits, as the plan keeps it: an address range, or a
/// resource of the source cloud named by its native id (or, for tags, by the tag).
struct FirewallSource
{
    enum class Kind {
        Address,       ///< an IPv4 or IPv6 address or CIDR block (`0.0.0.0/0`, `::/0`)
        Droplet,       ///< `droplet:ID`: a DigitalOcean droplet's id
        LoadBalancer,  ///< `load_balancer:UID`: a DigitalOcean load balancer's id
        Kubernetes,    ///< `kubernetes:ID`: a DOKS cluster's id (its nodes)
        Tag,           ///< `tag:NAME`: DigitalOcean droplets and clusters carrying the tag
        App,           ///< `app:ID`: an App Platform app (database trusted sources)
        SecurityGroup, ///< `security_group:ID`: an AWS security group's id (`sg-…`)
        Self,          ///< `self`: the members of the group the rule belongs to
    };
    Kind kind = Kind::Address;
    QString value; ///< the address, id or tag; empty for Self

    bool operator==(const FirewallSource &) const = default;
};

/// One inbound rule: a protocol, a port range and the sources it admits.
struct FirewallRule
{
    QString protocol; ///< `tcp`, `udp`, `icmp` or `all`
    int fromPort = 0; ///< first port (tcp, udp); 0 with toPort 65535 for all ports
    int toPort = 65535;
    QList<FirewallSource> sources;

    bool allPorts() const { return fromPort == 0 && toPort == 65535; }
    bool hasPorts() const
    {
        return protocol == QLatin1String("tcp") || protocol == QLatin1String("udp");
    }
    bool operator==(const FirewallRule &) const = default;
};

/// The text of the `inbound_rules` attribute of a firewall (digitalocean_firewall,
/// aws_security_group) and of the `trusted_sources` attribute of a database cluster, written by
/// the importers and read by the Terraform export (docs/plan-format.md):
///
///     tcp 22 from 0.0.0.0/0, ::/0; tcp 8000-9000 from droplet:123, tag:backend; icmp from self
///
/// Rules are separated by `; `; each is `PROTOCOL [PORTS] from SOURCE, SOURCE…` with PORTS one
/// port, `FROM-TO` or `all`. Trusted sources are the SOURCE list alone.
namespace FirewallRules {

/// `sources` as `a, b, c`; sources whose value holds a separator (`,` `;` a space) or a control
/// character are left out: no DigitalOcean or AWS id, tag or address contains one.
QString formatSources(const QList<FirewallSource> &sources);
/// The rules as the attribute's text; rules left without a source are left out.
QString format(const QList<FirewallRule> &rules);

/// Sources read from `text`; an item of no known form is an Address (checked when written).
QList<FirewallSource> parseSources(const QString &text);
/// Rules read from `text`; a rule whose protocol or ports are not of the forms above is left
/// out and described in `problems` (when given), by its text.
QList<FirewallRule> parse(const QString &text, QStringList *problems = nullptr);

/// Sets `rule`'s ports from the sources' text: `22`, `8000-9000`, and `all`, `0`, `1-65535` or
/// empty for every port (as the DigitalOcean API and provider write them). False when the text
/// is none of these or the range is outside 1–65535.
bool setPorts(FirewallRule *rule, const QString &ports);

/// The source for a DigitalOcean API `sources` key (`addresses`, `droplet_ids`,
/// `load_balancer_uids`, `kubernetes_ids`, `tags`), a provider `source_*` argument of the same
/// names, or a database firewall rule `type` (`ip_addr`, `droplet`, `k8s`, `tag`, `app`).
/// False, `out` untouched, when the key is none of these or the value is empty.
bool sourceFor(const QString &key, const QString &value, FirewallSource *out);

} // namespace FirewallRules
} // namespace Ferry
