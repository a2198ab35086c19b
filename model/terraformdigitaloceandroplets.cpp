// SPDX-License-Identifier: MIT
// A DigitalOcean team's droplets and cloud firewalls, for resources moving between teams (or
// servers from elsewhere becoming droplets), written for the digitalocean/digitalocean provider
// 2.x (registry.terraform.io/providers/digitalocean/digitalocean/latest/docs/resources/droplet,
// …/resources/firewall). A droplet's snapshot cannot be given to another team, so the new
// droplet starts from an image, on which the runbook's deploy step installs what the old one
// runs.

#include "hclwriter.h"
#include "resourcekind.h"
#include "terraformdigitaloceanfolder.h"

#include <QRegularExpression>

namespace Ferry::TerraformExport::DigitalOcean {

namespace {

/// What DigitalOcean takes as a droplet name (a hostname), a size or image slug, and a tag;
/// compiled once, not per droplet.
const QRegularExpression &dropletName()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$"));
    return re;
}
const QRegularExpression &sizeSlug()
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9-]+$"));
    return re;
}
const QRegularExpression &imageSlug()
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9.-]{1,63}$"));
    return re;
}
const QRegularExpression &tagName()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9:_-]{1,255}$"));
    return re;
}

bool matches(const QString &text, const QRegularExpression &re)
{
    return re.match(text).hasMatch();
}

/// The provider's port_range: one port, `FROM-TO`, or `1-65535` for all.
QString portRange(const FirewallRule &rule)
{
    if (rule.allPorts())
        return QStringLiteral("1-65535");
    return rule.fromPort == rule.toPort
               ? QString::number(rule.fromPort)
               : QStringLiteral("%1-%2").arg(rule.fromPort).arg(rule.toPort);
}

} // namespace

void DigitalOceanFolder::writeDroplet(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const Mapping &m = *plan.mapping(id);
    const QString l = label.value(id);
    w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                       QString::number(m.wave)));
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_droplet"), l});
    // Droplet names: letters, digits, `.` and `-` (a hostname).
    w.string(QStringLiteral("name"), matches(r.name, dropletName())
                                         ? r.name
                                         : hyphenName(r.name.isEmpty() ? r.id : r.name, 63));
    if (r.type == QLatin1String("digitalocean_droplet") && !r.size.isEmpty() &&
        matches(r.size, sizeSlug())) {
        w.comment(QStringLiteral("The source's own size"));
        w.string(QStringLiteral("size"), r.size);
    } else {
        writeSize(w, QStringLiteral("size"), r, QStringLiteral("digitalocean_droplet"),
                  QStringLiteral("s-1vcpu-1gb"));
    }
    const QString image = r.attributes.value(QStringLiteral("image"));
    const bool slug = r.provider == QLatin1String("digitalocean") && matches(image, imageSlug());
    w.attribute(
        QStringLiteral("image"),
        decide(l + QStringLiteral("_image"), QStringLiteral("string"),
               QStringLiteral("Image of droplet %1: a distribution or custom image of this team "
                              "(DigitalOcean gives no snapshot to another team: the new droplet "
                              "starts from an image, and what the old one runs is installed on "
                              "it by the runbook's deploy step)%2")
                   .arg(r.name,
                        slug ? QStringLiteral("; by default the source's, ") + image : QString()),
               slug ? q(image) : QString()));
    w.attribute(QStringLiteral("region"), QStringLiteral("var.region"));
    w.attribute(QStringLiteral("vpc_uuid"), QStringLiteral("digitalocean_vpc.main.id"));
    if (!sshKeysDecided) {
        decide(QStringLiteral("ssh_keys"), QStringLiteral("list(string)"),
               QStringLiteral("Ids or fingerprints of SSH keys of team %1 for its new droplets "
                              "(without one, DigitalOcean mails a root password)")
                   .arg(account.name));
        sshKeysDecided = true;
    }
    w.attribute(QStringLiteral("ssh_keys"), QStringLiteral("var.ssh_keys"));
    w.attribute(QStringLiteral("monitoring"), QStringLiteral("true"));
    // DigitalOcean tags: letters, digits, `:`, `-` and `_`; a key=value tag (AWS) as `key:value`.
    QStringList tags;
    for (auto it = r.tags.cbegin(); it != r.tags.cend(); ++it) {
        const QString tag = it.value().isEmpty() ? it.key() : it.key() + u':' + it.value();
        if (matches(tag, tagName()))
            tags.append(q(tag));
    }
    if (!tags.isEmpty())
        w.attribute(QStringLiteral("tags"), u'[' + tags.join(QStringLiteral(", ")) + u']');
    w.end();
    const QString address = QStringLiteral("digitalocean_droplet.") + l;
    outputs.append(l + QStringLiteral("_id|") + address + QStringLiteral(".id|"));
    outputs.append(l + QStringLiteral("_ipv4|") + address + QStringLiteral(".ipv4_address|"));
}

void DigitalOceanFolder::writeFirewall(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const Mapping &m = *plan.mapping(id);
    const QString l = label.value(id);
    // The droplets of this folder it applied to (the import's dependency firewall → droplet,
    // from its droplet_ids and tags; a rule's source points the other way), and every droplet
    // of the folder by its source id, for rules that name droplets.
    const QSet<QString> dropletIds(droplets.cbegin(), droplets.cend());
    QStringList members;
    for (const Dependency &d : plan.inventory.dependencies)
        if (d.from == id && dropletIds.contains(d.to) && !members.contains(d.to))
            members.append(d.to);
    members.sort();
    QHash<QString, QString> byNativeId;
    for (const QString &d : std::as_const(droplets))
        if (const QString native =
                plan.resource(d)->attributes.value(QStringLiteral("provider_id"));
            !native.isEmpty())
            byNativeId.insert(native, d);
    auto ids = [this](const QStringList &resourceIds) -> QString {
        QStringList items;
        for (const QString &d : resourceIds)
            items.append(QStringLiteral("digitalocean_droplet.") + label.value(d) +
                         QStringLiteral(".id"));
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    };

    w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                       QString::number(m.wave)));
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_firewall"), l});
    w.string(QStringLiteral("name"), hyphenName(r.name.isEmpty() ? r.id : r.name, 255));
    if (!members.isEmpty())
        w.attribute(QStringLiteral("droplet_ids"), ids(members));
    else
        w.comment(kTodo + QStringLiteral("none of the droplets it protected is in this team's "
                                         "folder: add their ids (droplet_ids) or tags"));
    QStringList problems;
    int ruleNumber = 0;
    const QList<FirewallRule> rules =
        FirewallRules::parse(r.attributes.value(QStringLiteral("inbound_rules")), &problems);
    for (const FirewallRule &rule : rules) {
        QStringList addresses, tags, sourceDroplets, left;
        for (const FirewallSource &source : rule.sources) {
            switch (source.kind) {
            case FirewallSource::Kind::Address:
                addresses.append(q(source.value));
                break;
            case FirewallSource::Kind::Tag:
                tags.append(q(source.value));
                break;
            case FirewallSource::Kind::Droplet:
                if (byNativeId.contains(source.value))
                    sourceDroplets.append(byNativeId.value(source.value));
                else
                    left.append(QStringLiteral("droplet ") + source.value);
                break;
            case FirewallSource::Kind::Self:
                sourceDroplets.append(members);
                break;
            default: // load balancers, clusters, apps, AWS groups: nothing of this folder
                left.append(FirewallRules::formatSources({source}));
                break;
            }
        }
        sourceDroplets.removeDuplicates();
        // DigitalOcean's protocols are tcp, udp and icmp: `all` is the three.
        const QStringList protocols =
            rule.protocol == QLatin1String("all")
                ? QStringList{QStringLiteral("tcp"), QStringLiteral("udp"), QStringLiteral("icmp")}
                : QStringList{rule.protocol};
        // A rule left with no source of this team: addresses for the user to give.
        QString undecided;
        if (addresses.isEmpty() && sourceDroplets.isEmpty() && tags.isEmpty())
            undecided = decide(
                QStringLiteral("%1_rule_%2_sources").arg(l).arg(++ruleNumber),
                QStringLiteral("list(string)"),
                QStringLiteral("Addresses firewall %1 admits on %2 %3 (what the source admitted "
                               "did not move into this team)")
                    .arg(r.name, rule.protocol, portRange(rule)));
        for (const QString &protocol : protocols) {
            w.blank();
            w.block(QStringLiteral("inbound_rule"));
            w.string(QStringLiteral("protocol"), protocol);
            if (protocol != QLatin1String("icmp"))
                w.string(QStringLiteral("port_range"), portRange(rule));
            if (!left.isEmpty())
                w.comment(kTodo + QStringLiteral("the source also admitted %1, which did not move "
                                                 "into this team")
                                      .arg(left.join(QStringLiteral(", "))));
            if (!addresses.isEmpty())
                w.attribute(QStringLiteral("source_addresses"),
                            u'[' + addresses.join(QStringLiteral(", ")) + u']');
            if (!sourceDroplets.isEmpty())
                w.attribute(QStringLiteral("source_droplet_ids"), ids(sourceDroplets));
            if (!tags.isEmpty())
                w.attribute(QStringLiteral("source_tags"),
                            u'[' + tags.join(QStringLiteral(", ")) + u']');
            if (!undecided.isEmpty())
                w.attribute(QStringLiteral("source_addresses"), undecided);
            w.end();
        }
    }
    for (const QString &p : std::as_const(problems))
        w.comment(kTodo + QStringLiteral("a rule Ferry could not read: ") + p);
    // DigitalOcean drops what a firewall does not allow out: egress open, as before it.
    w.blank();
    w.comment(QStringLiteral("Outbound: everything, as a droplet without a firewall has it (the "
                             "source's outbound rules are not imported)"));
    for (const char *protocol : {"tcp", "udp", "icmp"}) {
        w.blank();
        w.block(QStringLiteral("outbound_rule"));
        w.string(QStringLiteral("protocol"), QString::fromLatin1(protocol));
        if (qstrcmp(protocol, "icmp") != 0)
            w.string(QStringLiteral("port_range"), QStringLiteral("1-65535"));
        w.attribute(QStringLiteral("destination_addresses"),
                    QStringLiteral("[\"0.0.0.0/0\", \"::/0\"]"));
        w.end();
    }
    w.end();
}

} // namespace Ferry::TerraformExport::DigitalOcean
