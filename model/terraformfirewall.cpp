// SPDX-License-Identifier: MIT
// The security groups of an AWS account folder: a source firewall's inbound rules (and a
// database's trusted sources) as aws_vpc_security_group_ingress_rule resources, each source
// wired to what it became in the folder — the group its target is a member of, an instance's
// private address, an EKS cluster's security group — or left as a located TODO.
#include "firewallrules.h"
#include "landingzone.h"
#include "resourcekind.h"
#include "terraformresourcewriter.h"

#include <QRegularExpression>
#include <QSet>

namespace Ferry::TerraformExport {

namespace {

/// Dependency reasons that say a resource is admitted by a firewall, not protected by it.
bool isSourceReason(const QString &reason)
{
    return reason == QLatin1String("firewall inbound rule source") ||
           reason == QLatin1String("database trusted source");
}

/// A CIDR block the provider accepts from a source's address: a bare IPv4 address as /32, the
/// host bits of an IPv4 block cleared (cidr_ipv4 must be a network address), a bare IPv6
/// address as /128. Empty when `text` is no address.
QString cidrOf(const QString &text, bool *ipv6)
{
    static const QRegularExpression v4(
        QStringLiteral("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?$"));
    static const QRegularExpression v6(
        QStringLiteral("^[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:/(\\d{1,3}))?$"));
    *ipv6 = false;
    if (const QRegularExpressionMatch m = v4.match(text); m.hasMatch()) {
        quint32 address = 0;
        for (int i = 1; i <= 4; ++i) {
            const int octet = m.captured(i).toInt();
            if (octet > 255)
                return QString();
            address = address << 8 | quint32(octet);
        }
        const int prefix = m.captured(5).isEmpty() ? 32 : m.captured(5).toInt();
        if (prefix > 32)
            return QString();
        if (prefix < 32)
            address &= prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
        return QStringLiteral("%1.%2.%3.%4/%5")
            .arg(address >> 24)
            .arg(address >> 16 & 255)
            .arg(address >> 8 & 255)
            .arg(address & 255)
            .arg(prefix);
    }
    if (const QRegularExpressionMatch m = v6.match(text); m.hasMatch()) {
        if (!m.captured(1).isEmpty() && m.captured(1).toInt() > 128)
            return QString();
        *ipv6 = true;
        return m.captured(1).isEmpty() ? text.toLower() + QStringLiteral("/128") : text.toLower();
    }
    return QString();
}

QString ruleText(const FirewallRule &rule, const FirewallSource &source)
{
    FirewallRule one = rule;
    one.sources = {source};
    return FirewallRules::format({one});
}

/// One ingress rule resource to write.
struct Ingress
{
    QString protocol;        ///< ip_protocol: tcp, udp, icmp, icmpv6 or -1
    int from = 0, to = 0;    ///< ports (tcp, udp); -1 for every ICMP type and code
    QString sourceAttribute; ///< cidr_ipv4, cidr_ipv6 or referenced_security_group_id
    QString sourceExpression;
    QString description;
    QString key() const
    {
        return QStringLiteral("%1|%2|%3|%4|%5")
            .arg(protocol)
            .arg(from)
            .arg(to)
            .arg(sourceAttribute, sourceExpression);
    }
};

/// The ingress rule for `rule`'s protocol and ports from one source.
Ingress ingressFor(const FirewallRule &rule, const QString &attribute, const QString &expression,
                   bool ipv6, const QString &description)
{
    Ingress in;
    in.sourceAttribute = attribute;
    in.sourceExpression = expression;
    in.description = awsText(description, 255);
    if (rule.protocol == QLatin1String("all")) {
        in.protocol = QStringLiteral("-1");
    } else if (rule.protocol == QLatin1String("icmp")) {
        in.protocol = ipv6 ? QStringLiteral("icmpv6") : QStringLiteral("icmp");
        in.from = in.to = -1;
    } else {
        in.protocol = rule.protocol;
        in.from = rule.allPorts() ? 0 : rule.fromPort;
        in.to = rule.toPort;
    }
    return in;
}

} // namespace

QString awsText(const QString &text, int length)
{
    // Group names and descriptions, and rule descriptions: a-z, A-Z, 0-9, spaces and
    // ._-:/()#,@[]+=&;{}!$* (EC2 API, CreateSecurityGroup and IpRange).
    static const QString allowed = QStringLiteral("._-:/()#,@[]+=&;{}!$* ");
    QString out;
    out.reserve(text.size());
    for (QChar c : text)
        out.append((c.unicode() < 128 && (c.isLetterOrNumber() || allowed.contains(c))) ? c : u'-');
    return out.left(length);
}

QStringList AccountOutput::memberGroups(const QString &id) const
{
    if (!m_membersBuilt) {
        auto isGroup = [&](const QString &other) {
            return addresses.value(other).startsWith(QLatin1String("aws_security_group."));
        };
        for (const Dependency &d : plan->inventory.dependencies) {
            if (isSourceReason(d.reason) || !addresses.contains(d.from) ||
                !addresses.contains(d.to))
                continue;
            if (isGroup(d.to) && !m_members[d.from].contains(addresses.value(d.to)))
                m_members[d.from].append(addresses.value(d.to));
            if (isGroup(d.from) && !m_members[d.to].contains(addresses.value(d.from)))
                m_members[d.to].append(addresses.value(d.from));
        }
        m_membersBuilt = true;
    }
    return m_members.value(id);
}

QList<const Resource *> AccountOutput::resourcesNamedBy(const FirewallSource &source) const
{
    using Kind = FirewallSource::Kind;
    if (!m_namedBuilt) {
        for (const auto &[id, r] : plan->inventory.resources) {
            if (const QString native = r.attributes.value(QStringLiteral("provider_id"));
                !native.isEmpty())
                m_named[r.type + u'\n' + native].append(&r);
            if (r.type == QLatin1String("digitalocean_droplet") ||
                r.type == QLatin1String("digitalocean_kubernetes_cluster"))
                for (auto t = r.tags.cbegin(); t != r.tags.cend(); ++t)
                    m_named[QStringLiteral("tag\n") + t.key()].append(&r);
        }
        m_namedBuilt = true;
    }
    static const QHash<Kind, QString> types = {
        {Kind::Droplet, QStringLiteral("digitalocean_droplet")},
        {Kind::LoadBalancer, QStringLiteral("digitalocean_loadbalancer")},
        {Kind::Kubernetes, QStringLiteral("digitalocean_kubernetes_cluster")},
        {Kind::App, QStringLiteral("digitalocean_app")},
        {Kind::SecurityGroup, QStringLiteral("aws_security_group")},
        {Kind::Tag, QStringLiteral("tag")},
    };
    const QString type = types.value(source.kind);
    return type.isEmpty() ? QList<const Resource *>() : m_named.value(type + u'\n' + source.value);
}

QList<FirewallSource> AccountOutput::trustedSources(const Resource &database) const
{
    if (!m_databaseFirewallsBuilt) {
        for (const Dependency &d : plan->inventory.dependencies)
            if (d.reason == QLatin1String("database firewall of cluster"))
                m_databaseFirewalls[d.to].append(d.from);
        m_databaseFirewallsBuilt = true;
    }
    QList<FirewallSource> out =
        FirewallRules::parseSources(database.attributes.value(QStringLiteral("trusted_sources")));
    for (const QString &firewall : m_databaseFirewalls.value(database.id))
        if (const Resource *f = plan->resource(firewall))
            for (const FirewallSource &s : FirewallRules::parseSources(
                     f->attributes.value(QStringLiteral("trusted_sources"))))
                if (!out.contains(s))
                    out.append(s);
    return out;
}

namespace {

// Where a rule's source went: ingress rules for the groups, addresses or clusters it became
// in folder `out`, or a note saying why it could not be wired.
void admit(const AccountOutput &out, const FirewallRule &rule, const FirewallSource &source,
           const QString &groupAddress, const QString &origin, QList<Ingress> *rules,
           QStringList *notes)
{
    const QString text = ruleText(rule, source);
    auto add = [&](const QString &attribute, const QString &expression, bool ipv6 = false) {
        rules->append(ingressFor(rule, attribute, expression, ipv6, origin + text));
    };
    using Kind = FirewallSource::Kind;
    if (source.kind == Kind::Self) {
        add(QStringLiteral("referenced_security_group_id"), groupAddress + QStringLiteral(".id"));
        return;
    }
    if (source.kind == Kind::Address) {
        bool ipv6 = false;
        const QString cidr = cidrOf(source.value, &ipv6);
        if (cidr.isEmpty())
            notes->append(text + QStringLiteral(": not an address Ferry can read"));
        else
            add(ipv6 ? QStringLiteral("cidr_ipv6") : QStringLiteral("cidr_ipv4"), q(cidr), ipv6);
        return;
    }
    const QList<const Resource *> named = out.resourcesNamedBy(source);
    if (named.isEmpty()) {
        notes->append(text + QStringLiteral(": names no resource of the plan"));
        return;
    }
    for (const Resource *s : named) {
        const QString address = out.addresses.value(s->id);
        if (address.isEmpty()) {
            const Mapping *sm = out.plan->mapping(s->id);
            notes->append(
                sm ? QStringLiteral("%1: %2 \"%3\" moves to account %4: admit its address "
                                    "there once it is known (peering or a transit gateway)")
                         .arg(text, typeLabel(s->type), s->name, sm->accountId)
                   : QStringLiteral("%1: %2 \"%3\" is not mapped")
                         .arg(text, typeLabel(s->type), s->name));
            continue;
        }
        if (address.startsWith(QLatin1String("aws_security_group."))) {
            add(QStringLiteral("referenced_security_group_id"), address + QStringLiteral(".id"));
            continue;
        }
        const QStringList groups = out.memberGroups(s->id);
        for (const QString &g : groups)
            add(QStringLiteral("referenced_security_group_id"), g + QStringLiteral(".id"));
        if (!groups.isEmpty())
            continue;
        if (address.startsWith(QLatin1String("aws_instance.")))
            add(QStringLiteral("cidr_ipv4"),
                QStringLiteral("\"${%1.private_ip}/32\"").arg(address));
        else if (address.startsWith(QLatin1String("aws_eks_cluster.")))
            add(QStringLiteral("referenced_security_group_id"),
                address + QStringLiteral(".vpc_config[0].cluster_security_group_id"));
        else {
            notes->append(QStringLiteral("%1: %2 \"%3\" became %4, which has no security group "
                                         "of its own; admitted from the VPC until it has one")
                              .arg(text, typeLabel(s->type), s->name, address));
            add(QStringLiteral("cidr_ipv4"),
                LandingZone::vpcId(out.network).chopped(3) + QStringLiteral(".cidr_block"));
        }
    }
}

} // namespace

void ResourceWriter::ingressRules(const QString &groupAddress, const QList<FirewallRule> &rules,
                                  const QString &origin, const QStringList &problems)
{
    QList<Ingress> ingress;
    QStringList notes = problems;
    const QString vpcCidr =
        LandingZone::vpcId(out->network).chopped(3) + QStringLiteral(".cidr_block");
    for (const FirewallRule &rule : rules) {
        if (rule.sources.isEmpty()) // ports without their sources (an older plan)
            ingress.append(ingressFor(rule, QStringLiteral("cidr_ipv4"), vpcCidr, false,
                                      QStringLiteral("The source's ports, from the VPC")));
        for (const FirewallSource &source : rule.sources)
            admit(*out, rule, source, groupAddress, origin, &ingress, &notes);
    }
    const QString label = groupAddress.section(u'.', 1);
    if (!notes.isEmpty())
        w.blank();
    for (const QString &n : notes)
        w.comment(kTodo + label + QStringLiteral(": ") + n);
    QSet<QString> written; // AWS refuses a group's duplicate rule
    int n = 0;
    for (const Ingress &in : ingress) {
        if (written.contains(in.key()))
            continue;
        written.insert(in.key());
        w.blank();
        w.block(QStringLiteral("resource"),
                {QStringLiteral("aws_vpc_security_group_ingress_rule"),
                 label + QStringLiteral("_in_") + QString::number(++n)});
        w.attribute(QStringLiteral("security_group_id"), groupAddress + QStringLiteral(".id"));
        w.string(QStringLiteral("description"), in.description);
        w.string(QStringLiteral("ip_protocol"), in.protocol);
        if (in.protocol != QLatin1String("-1")) {
            w.attribute(QStringLiteral("from_port"), QString::number(in.from));
            w.attribute(QStringLiteral("to_port"), QString::number(in.to));
        }
        w.attribute(in.sourceAttribute, in.sourceExpression);
        w.end();
    }
}

// A group from a source firewall: its inbound rules (FirewallRules' text, or the ports alone of a
// plan imported before the sources were kept, then admitted from the VPC) and the egress AWS
// gives a new group by default, which Terraform removes unless it is written.
void ResourceWriter::securityGroup()
{
    w.string(QStringLiteral("name"), awsText(r.name, 255));
    w.string(QStringLiteral("description"), awsText(QStringLiteral("Migrated from ") + r.id, 255));
    w.attribute(QStringLiteral("vpc_id"), LandingZone::vpcId(out->network));
    tags();
    w.end();
    out->outputs.append(name + QStringLiteral("_id|aws_security_group.") + name +
                        QStringLiteral(".id"));
    const QString group = QStringLiteral("aws_security_group.") + name;

    QStringList problems;
    QList<FirewallRule> rules = FirewallRules::parse(attr("inbound_rules"), &problems);
    for (QString &p : problems)
        p = QStringLiteral("the source's rule \"%1\" is not of a form Ferry reads").arg(p);
    if (!r.attributes.contains(QStringLiteral("inbound_rules"))) {
        for (const QString &spec : attr("inbound_ports").split(u',', Qt::SkipEmptyParts)) {
            FirewallRule rule;
            rule.protocol = QStringLiteral("tcp");
            if (!FirewallRules::setPorts(&rule, spec)) {
                problems.append(QStringLiteral("the source's ports %1").arg(spec.trimmed()));
                continue;
            }
            problems.append(QStringLiteral("the sources of ports %1 and their protocol (this "
                                           "plan was imported without them): TCP from the VPC "
                                           "until then")
                                .arg(spec.trimmed()));
            rules.append(rule);
        }
    }
    ingressRules(group, rules, QStringLiteral("From the source firewall: "), problems);
    w.blank();
    w.block(QStringLiteral("resource"),
            {QStringLiteral("aws_vpc_security_group_egress_rule"), name + QStringLiteral("_out")});
    w.attribute(QStringLiteral("security_group_id"), group + QStringLiteral(".id"));
    w.string(QStringLiteral("description"),
             QStringLiteral("All outbound, as AWS allows by default"));
    w.string(QStringLiteral("ip_protocol"), QStringLiteral("-1"));
    w.string(QStringLiteral("cidr_ipv4"), QStringLiteral("0.0.0.0/0"));
    w.end();
}

QString ResourceWriter::trustedSourcesGroup() const
{
    return out->trustedSources(r).isEmpty()
               ? QString()
               : QStringLiteral("aws_security_group.") + name + QStringLiteral("_clients");
}

// A database's trusted sources (DigitalOcean's database firewall) as a group of its own that
// admits them on the engine's port; without trusted sources the cluster took connections from
// anywhere with the password, and the target keeps to the VPC's default group.
void ResourceWriter::trustedSourcesRules()
{
    const QString group = trustedSourcesGroup();
    if (group.isEmpty())
        return;
    const QString engine = engineFor(r);
    const bool cache = svc.startsWith(QLatin1String("aws_elasticache"));
    const int port = cache ? 6379 : engine == QLatin1String("mysql") ? 3306 : 5432;
    w.blank();
    w.comment(QStringLiteral("The trusted sources of %1 (its database firewall), on port %2")
                  .arg(r.id)
                  .arg(port));
    w.block(QStringLiteral("resource"),
            {QStringLiteral("aws_security_group"), group.section(u'.', 1)});
    w.string(QStringLiteral("name"), awsText(r.name + QStringLiteral("-clients"), 255));
    w.string(QStringLiteral("description"),
             awsText(QStringLiteral("Trusted sources of ") + r.id, 255));
    w.attribute(QStringLiteral("vpc_id"), LandingZone::vpcId(out->network));
    w.blank();
    w.object(QStringLiteral("tags"));
    w.string(QStringLiteral("Name"), r.name + QStringLiteral("-clients"));
    w.string(QStringLiteral("\"ferry:source\""), r.id);
    w.end();
    w.end();
    FirewallRule rule;
    rule.protocol = QStringLiteral("tcp");
    rule.fromPort = rule.toPort = port;
    rule.sources = out->trustedSources(r);
    ingressRules(group, {rule}, QStringLiteral("Trusted source of the source database: "), {});
}

} // namespace Ferry::TerraformExport
