// SPDX-License-Identifier: MIT
#include "awscliimporter.h"

#include "escaping.h"
#include "firewallrules.h"
#include "jsoninput.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Ferry {

namespace {

/// The AWS CLI prints what the API returns; a file of it is small next to a state.
constexpr qint64 kMaxOutputBytes = 256 * 1024 * 1024;

/// A `Tags` list (`[{Key, Value}]`) as the resource's tags.
StringMap tagsOf(const QJsonObject &o)
{
    StringMap tags;
    for (const QJsonValue &t : o.value(QStringLiteral("Tags")).toArray()) {
        const QString key = t.toObject().value(QStringLiteral("Key")).toString();
        if (!key.isEmpty())
            tags.insert(key, t.toObject().value(QStringLiteral("Value")).toString());
    }
    return tags;
}

/// The region of an availability zone (`us-east-1b` → `us-east-1`).
QString regionOfZone(const QString &zone)
{
    return zone.size() > 1 && zone.back().isLetter() ? zone.chopped(1) : QString();
}

/// An EC2 `IpPermissions` list as the plan's `inbound_rules` (docs/plan-format.md): `-1` is
/// every protocol and port; an ICMP rule for one ICMP type, or a protocol other than TCP, UDP,
/// ICMP or all, is left out (never widened), as the state reader does.
QString inboundRules(const QJsonArray &permissions, const QString &ownGroup)
{
    QList<FirewallRule> rules;
    for (const QJsonValue &pv : permissions) {
        const QJsonObject p = pv.toObject();
        FirewallRule rule;
        const QString protocol = jsonText(p.value(QStringLiteral("IpProtocol"))).toLower();
        const int from = p.value(QStringLiteral("FromPort")).toInt(-1);
        const int to = p.value(QStringLiteral("ToPort")).toInt(-1);
        if (protocol == QLatin1String("-1")) {
            rule.protocol = QStringLiteral("all");
        } else if (protocol == QLatin1String("tcp") || protocol == QLatin1String("udp")) {
            rule.protocol = protocol;
            if (from < 0 || to < from || to > 65535)
                continue;
            rule.fromPort = from;
            rule.toPort = to;
        } else if (protocol == QLatin1String("icmp") && from == -1) {
            rule.protocol = protocol;
        } else {
            continue;
        }
        for (const QJsonValue &r : p.value(QStringLiteral("IpRanges")).toArray())
            rule.sources.append({FirewallSource::Kind::Address,
                                 r.toObject().value(QStringLiteral("CidrIp")).toString()});
        for (const QJsonValue &r : p.value(QStringLiteral("Ipv6Ranges")).toArray())
            rule.sources.append({FirewallSource::Kind::Address,
                                 r.toObject().value(QStringLiteral("CidrIpv6")).toString()});
        for (const QJsonValue &g : p.value(QStringLiteral("UserIdGroupPairs")).toArray()) {
            const QString id = g.toObject().value(QStringLiteral("GroupId")).toString();
            if (id == ownGroup)
                rule.sources.append({FirewallSource::Kind::Self, QString()});
            else if (!id.isEmpty())
                rule.sources.append({FirewallSource::Kind::SecurityGroup, id});
        }
        if (!rule.sources.isEmpty())
            rules.append(rule);
    }
    return FirewallRules::format(rules);
}

/// What one file gives before its dependencies are resolved: resources, and edges by the ids
/// the CLI prints (`vpc-…`, `sg-…`, `i-…`), resolved once every file has been read.
struct Pending
{
    QString from, toNative;
    DependencyKind kind;
    QString reason;
    bool reverse = false; ///< the edge goes from the native id's resource to `from`
};

class Reader
{
public:
    Reader(const QString &path, Inventory *out, QList<Pending> *pending, ImportReport *report)
        : m_path(path)
        , m_out(out)
        , m_pending(pending)
        , m_report(report)
    {}

    /// Reads the outputs in `root`; false (error set) for a text holding a control character.
    bool read(const QJsonObject &root, FileError *error);
    /// Native id → resource id of what was read, for resolving the edges.
    QHash<QString, QString> byNative;

private:
    Resource &add(const QString &id, const QString &type, const QString &name,
                  const QString &address, const QString &nativeId);
    void edge(const QString &from, const QString &toNative, DependencyKind kind,
              const QString &reason)
    {
        if (!toNative.isEmpty())
            m_pending->append({from, toNative, kind, reason});
    }
    void groupsOf(const QString &id, const QJsonArray &groups, const char *key)
    {
        for (const QJsonValue &g : groups)
            edge(id,
                 g.isString() ? g.toString() : g.toObject().value(QLatin1String(key)).toString(),
                 DependencyKind::Network, QStringLiteral("security groups"));
    }
    void instances(const QJsonArray &reservations);
    void vpcs(const QJsonArray &list);
    void subnets(const QJsonArray &list);
    void securityGroups(const QJsonArray &list);
    void dbInstances(const QJsonArray &list);
    void loadBalancers(const QJsonArray &list);
    void classicLoadBalancers(const QJsonArray &list);
    void buckets(const QJsonArray &list);
    void cacheClusters(const QJsonArray &list);
    void repositories(const QJsonArray &list);
    void redshiftClusters(const QJsonArray &list);

    QString m_path;
    Inventory *m_out;
    QList<Pending> *m_pending;
    ImportReport *m_report;
    QStringList m_texts; ///< every text read into a resource, checked for control characters
};

Resource &Reader::add(const QString &id, const QString &type, const QString &name,
                      const QString &address, const QString &nativeId)
{
    Resource r;
    r.id = id;
    r.provider = QStringLiteral("aws");
    r.type = type;
    r.name = name.isEmpty() ? nativeId : name;
    r.sourceFile = m_path;
    r.sourceAddress = address;
    r.setAttribute(QStringLiteral("provider_id"), nativeId);
    byNative.insert(nativeId, id);
    m_texts << id << r.name;
    m_out->add(r);
    return m_out->resources.at(id);
}

void Reader::instances(const QJsonArray &reservations)
{
    for (qsizetype i = 0; i < reservations.size(); ++i) {
        const QJsonArray list =
            reservations[i].toObject().value(QStringLiteral("Instances")).toArray();
        for (qsizetype j = 0; j < list.size(); ++j) {
            const QJsonObject o = list[j].toObject();
            const QString native = o.value(QStringLiteral("InstanceId")).toString();
            if (native.isEmpty())
                continue;
            const StringMap tags = tagsOf(o);
            Resource &r = add(QStringLiteral("aws:instance:") + native,
                              QStringLiteral("aws_instance"), tags.value(QStringLiteral("Name")),
                              QStringLiteral("Reservations/%1/Instances/%2").arg(i).arg(j), native);
            r.tags = tags;
            r.size = o.value(QStringLiteral("InstanceType")).toString();
            r.region = regionOfZone(o.value(QStringLiteral("Placement"))
                                        .toObject()
                                        .value(QStringLiteral("AvailabilityZone"))
                                        .toString());
            r.setAttribute(QStringLiteral("image"), o.value(QStringLiteral("ImageId")).toString());
            r.setAttribute(QStringLiteral("ipv4"),
                           o.value(QStringLiteral("PublicIpAddress")).toString());
            r.setAttribute(QStringLiteral("ipv4_private"),
                           o.value(QStringLiteral("PrivateIpAddress")).toString());
            m_texts << r.size << tags.value(QStringLiteral("Name"));
            edge(r.id, o.value(QStringLiteral("VpcId")).toString(), DependencyKind::Membership,
                 QStringLiteral("vpc_id"));
            edge(r.id, o.value(QStringLiteral("SubnetId")).toString(), DependencyKind::Membership,
                 QStringLiteral("subnet_id"));
            groupsOf(r.id, o.value(QStringLiteral("SecurityGroups")).toArray(), "GroupId");
        }
    }
}

void Reader::vpcs(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("VpcId")).toString();
        if (native.isEmpty())
            continue;
        const StringMap tags = tagsOf(o);
        Resource &r =
            add(QStringLiteral("aws:vpc:") + native, QStringLiteral("aws_vpc"),
                tags.value(QStringLiteral("Name")), QStringLiteral("Vpcs/%1").arg(i), native);
        r.tags = tags;
        r.setAttribute(QStringLiteral("cidr"), o.value(QStringLiteral("CidrBlock")).toString());
        m_texts << tags.value(QStringLiteral("Name"));
    }
}

void Reader::subnets(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("SubnetId")).toString();
        if (native.isEmpty())
            continue;
        const StringMap tags = tagsOf(o);
        Resource &r =
            add(QStringLiteral("aws:subnet:") + native, QStringLiteral("aws_subnet"),
                tags.value(QStringLiteral("Name")), QStringLiteral("Subnets/%1").arg(i), native);
        r.tags = tags;
        r.region = regionOfZone(o.value(QStringLiteral("AvailabilityZone")).toString());
        r.setAttribute(QStringLiteral("cidr"), o.value(QStringLiteral("CidrBlock")).toString());
        m_texts << tags.value(QStringLiteral("Name"));
        edge(r.id, o.value(QStringLiteral("VpcId")).toString(), DependencyKind::Membership,
             QStringLiteral("vpc_id"));
    }
}

void Reader::securityGroups(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("GroupId")).toString();
        if (native.isEmpty())
            continue;
        Resource &r = add(QStringLiteral("aws:security-group:") + native,
                          QStringLiteral("aws_security_group"),
                          o.value(QStringLiteral("GroupName")).toString(),
                          QStringLiteral("SecurityGroups/%1").arg(i), native);
        r.tags = tagsOf(o);
        const QJsonArray permissions = o.value(QStringLiteral("IpPermissions")).toArray();
        const QString rules = inboundRules(permissions, native);
        r.setAttribute(QStringLiteral("inbound_rules"), rules);
        m_texts << rules;
        edge(r.id, o.value(QStringLiteral("VpcId")).toString(), DependencyKind::Membership,
             QStringLiteral("vpc_id"));
        // A rule's source group admits its members: an edge from it, as the state gives.
        for (const QJsonValue &p : permissions)
            for (const QJsonValue &g :
                 p.toObject().value(QStringLiteral("UserIdGroupPairs")).toArray())
                if (const QString source = g.toObject().value(QStringLiteral("GroupId")).toString();
                    !source.isEmpty() && source != native)
                    m_pending->append({r.id, source, DependencyKind::Network,
                                       QStringLiteral("firewall inbound rule source"), true});
    }
}

void Reader::dbInstances(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("DBInstanceIdentifier")).toString();
        if (native.isEmpty())
            continue;
        const QString arn = o.value(QStringLiteral("DBInstanceArn")).toString();
        Resource &r =
            add(arn.isEmpty() ? QStringLiteral("aws:db:") + native : QStringLiteral("aws:") + arn,
                QStringLiteral("aws_db_instance"), native, QStringLiteral("DBInstances/%1").arg(i),
                native);
        r.tags = tagsOf(o);
        r.size = o.value(QStringLiteral("DBInstanceClass")).toString();
        r.region = regionOfZone(o.value(QStringLiteral("AvailabilityZone")).toString());
        r.setAttribute(QStringLiteral("engine"), o.value(QStringLiteral("Engine")).toString());
        r.setAttribute(QStringLiteral("version"),
                       o.value(QStringLiteral("EngineVersion")).toString());
        r.setAttribute(QStringLiteral("disk_gb"),
                       jsonText(o.value(QStringLiteral("AllocatedStorage"))));
        m_texts << r.size << r.attributes.value(QStringLiteral("engine"))
                << r.attributes.value(QStringLiteral("version"));
        edge(r.id,
             o.value(QStringLiteral("DBSubnetGroup"))
                 .toObject()
                 .value(QStringLiteral("VpcId"))
                 .toString(),
             DependencyKind::Membership, QStringLiteral("vpc_id"));
        groupsOf(r.id, o.value(QStringLiteral("VpcSecurityGroups")).toArray(),
                 "VpcSecurityGroupId");
    }
}

void Reader::loadBalancers(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString arn = o.value(QStringLiteral("LoadBalancerArn")).toString();
        if (arn.isEmpty())
            continue;
        Resource &r = add(QStringLiteral("aws:") + arn, QStringLiteral("aws_lb"),
                          o.value(QStringLiteral("LoadBalancerName")).toString(),
                          QStringLiteral("LoadBalancers/%1").arg(i), arn);
        r.setAttribute(QStringLiteral("load_balancer_type"),
                       o.value(QStringLiteral("Type")).toString());
        r.setAttribute(QStringLiteral("dns_name"), o.value(QStringLiteral("DNSName")).toString());
        const QJsonArray zones = o.value(QStringLiteral("AvailabilityZones")).toArray();
        if (!zones.isEmpty())
            r.region =
                regionOfZone(zones[0].toObject().value(QStringLiteral("ZoneName")).toString());
        m_texts << r.attributes.value(QStringLiteral("dns_name"));
        edge(r.id, o.value(QStringLiteral("VpcId")).toString(), DependencyKind::Membership,
             QStringLiteral("vpc_id"));
        for (const QJsonValue &z : zones)
            edge(r.id, z.toObject().value(QStringLiteral("SubnetId")).toString(),
                 DependencyKind::Membership, QStringLiteral("subnet_id"));
        groupsOf(r.id, o.value(QStringLiteral("SecurityGroups")).toArray(), "GroupId");
    }
}

void Reader::classicLoadBalancers(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("LoadBalancerName")).toString();
        if (native.isEmpty())
            continue;
        Resource &r = add(QStringLiteral("aws:elb:") + native, QStringLiteral("aws_elb"), native,
                          QStringLiteral("LoadBalancerDescriptions/%1").arg(i), native);
        r.setAttribute(QStringLiteral("dns_name"), o.value(QStringLiteral("DNSName")).toString());
        QStringList ports;
        for (const QJsonValue &l : o.value(QStringLiteral("ListenerDescriptions")).toArray())
            if (const QJsonValue p = l.toObject()
                                         .value(QStringLiteral("Listener"))
                                         .toObject()
                                         .value(QStringLiteral("LoadBalancerPort"));
                p.isDouble())
                ports.append(jsonText(p));
        r.setAttribute(QStringLiteral("ports"), ports.join(QStringLiteral(", ")));
        m_texts << r.attributes.value(QStringLiteral("dns_name"));
        edge(r.id, o.value(QStringLiteral("VPCId")).toString(), DependencyKind::Membership,
             QStringLiteral("vpc_id"));
        for (const QJsonValue &s : o.value(QStringLiteral("Subnets")).toArray())
            edge(r.id, s.toString(), DependencyKind::Membership, QStringLiteral("subnet_id"));
        groupsOf(r.id, o.value(QStringLiteral("SecurityGroups")).toArray(), "GroupId");
        for (const QJsonValue &in : o.value(QStringLiteral("Instances")).toArray())
            edge(r.id, in.toObject().value(QStringLiteral("InstanceId")).toString(),
                 DependencyKind::Network, QStringLiteral("load balancer instances"));
    }
}

void Reader::buckets(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString name = list[i].toObject().value(QStringLiteral("Name")).toString();
        if (!name.isEmpty())
            add(QStringLiteral("aws:s3:") + name, QStringLiteral("aws_s3_bucket"), name,
                QStringLiteral("Buckets/%1").arg(i), name);
    }
}

void Reader::cacheClusters(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("CacheClusterId")).toString();
        if (native.isEmpty())
            continue;
        const QString arn = o.value(QStringLiteral("ARN")).toString();
        Resource &r = add(arn.isEmpty() ? QStringLiteral("aws:cache-cluster:") + native
                                        : QStringLiteral("aws:") + arn,
                          QStringLiteral("aws_elasticache_cluster"), native,
                          QStringLiteral("CacheClusters/%1").arg(i), native);
        r.size = o.value(QStringLiteral("CacheNodeType")).toString();
        r.region = regionOfZone(o.value(QStringLiteral("PreferredAvailabilityZone")).toString());
        r.setAttribute(QStringLiteral("engine"), o.value(QStringLiteral("Engine")).toString());
        r.setAttribute(QStringLiteral("version"),
                       o.value(QStringLiteral("EngineVersion")).toString());
        r.setAttribute(QStringLiteral("node_count"),
                       jsonText(o.value(QStringLiteral("NumCacheNodes"))));
        m_texts << r.size << r.attributes.value(QStringLiteral("engine"))
                << r.attributes.value(QStringLiteral("version"));
        groupsOf(r.id, o.value(QStringLiteral("SecurityGroups")).toArray(), "SecurityGroupId");
    }
}

void Reader::repositories(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString name = o.value(QStringLiteral("repositoryName")).toString();
        const QString arn = o.value(QStringLiteral("repositoryArn")).toString();
        if (name.isEmpty())
            continue;
        add(arn.isEmpty() ? QStringLiteral("aws:ecr:") + name : QStringLiteral("aws:") + arn,
            QStringLiteral("aws_ecr_repository"), name, QStringLiteral("repositories/%1").arg(i),
            name);
    }
}

void Reader::redshiftClusters(const QJsonArray &list)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString native = o.value(QStringLiteral("ClusterIdentifier")).toString();
        if (native.isEmpty())
            continue;
        Resource &r =
            add(QStringLiteral("aws:redshift:") + native, QStringLiteral("aws_redshift_cluster"),
                native, QStringLiteral("Clusters/%1").arg(i), native);
        r.tags = tagsOf(o);
        r.size = o.value(QStringLiteral("NodeType")).toString();
        r.region = regionOfZone(o.value(QStringLiteral("AvailabilityZone")).toString());
        r.setAttribute(QStringLiteral("node_count"),
                       jsonText(o.value(QStringLiteral("NumberOfNodes"))));
        r.setAttribute(QStringLiteral("version"),
                       o.value(QStringLiteral("ClusterVersion")).toString());
        m_texts << r.size << r.attributes.value(QStringLiteral("version"));
        edge(r.id, o.value(QStringLiteral("VpcId")).toString(), DependencyKind::Membership,
             QStringLiteral("vpc_id"));
        groupsOf(r.id, o.value(QStringLiteral("VpcSecurityGroups")).toArray(),
                 "VpcSecurityGroupId");
    }
}

bool Reader::read(const QJsonObject &root, FileError *error)
{
    instances(root.value(QStringLiteral("Reservations")).toArray());
    vpcs(root.value(QStringLiteral("Vpcs")).toArray());
    subnets(root.value(QStringLiteral("Subnets")).toArray());
    securityGroups(root.value(QStringLiteral("SecurityGroups")).toArray());
    dbInstances(root.value(QStringLiteral("DBInstances")).toArray());
    loadBalancers(root.value(QStringLiteral("LoadBalancers")).toArray());
    classicLoadBalancers(root.value(QStringLiteral("LoadBalancerDescriptions")).toArray());
    buckets(root.value(QStringLiteral("Buckets")).toArray());
    cacheClusters(root.value(QStringLiteral("CacheClusters")).toArray());
    repositories(root.value(QStringLiteral("repositories")).toArray());
    redshiftClusters(root.value(QStringLiteral("Clusters")).toArray());
    for (const QString &t : std::as_const(m_texts))
        if (Escape::hasControl(t)) {
            *error = {m_path, 1, 1,
                      QStringLiteral("\"%1\" holds a control character; refused")
                          .arg(Escape::visible(t.left(80)))};
            return false;
        }
    for (const auto &[id, r] : m_out->resources)
        for (auto it = r.tags.cbegin(); it != r.tags.cend(); ++it)
            if (Escape::hasControl(it.key()) || Escape::hasControl(it.value())) {
                *error = {m_path, 1, 1,
                          QStringLiteral("a tag of %1 holds a control character; refused").arg(id)};
                return false;
            }
    m_report->sources.append(m_path);
    return true;
}

} // namespace

QStringList AwsCliImporter::responseKeys()
{
    return {QStringLiteral("Reservations"),
            QStringLiteral("Vpcs"),
            QStringLiteral("Subnets"),
            QStringLiteral("SecurityGroups"),
            QStringLiteral("DBInstances"),
            QStringLiteral("LoadBalancers"),
            QStringLiteral("LoadBalancerDescriptions"),
            QStringLiteral("Buckets"),
            QStringLiteral("CacheClusters"),
            QStringLiteral("repositories"),
            QStringLiteral("Clusters")};
}

QString AwsCliImporter::nameFilter() const
{
    return QStringLiteral("AWS CLI output (*.json)");
}

bool AwsCliImporter::canRead(const QByteArray &head, const QString &) const
{
    if (!head.trimmed().startsWith('{'))
        return false;
    for (const QString &key : responseKeys())
        if (head.contains(QByteArray("\"" + key.toLatin1() + "\": [")) ||
            head.contains(QByteArray("\"" + key.toLatin1() + "\":[")))
            return true;
    return false;
}

bool AwsCliImporter::read(const QString &path, Inventory *out, ImportReport *report,
                          FileError *error, ImportProgress *progress) const
{
    return readFiles({path}, out, report, error, progress);
}

bool AwsCliImporter::readFiles(const QStringList &paths, Inventory *out, ImportReport *report,
                               FileError *error, ImportProgress *progress) const
{
    QList<Pending> pending;
    QHash<QString, QString> byNative;
    for (const QString &path : paths) {
        QByteArray data;
        QJsonObject root;
        if (!readJsonObject(path, kMaxOutputBytes, QStringLiteral("AWS CLI output"), progress,
                            &data, &root, error))
            return false;
        Inventory part;
        Reader reader(path, &part, &pending, report);
        if (!reader.read(root, error))
            return false;
        if (part.resources.empty()) {
            *error = nothingToImport(path, *this);
            return false;
        }
        for (auto it = reader.byNative.cbegin(); it != reader.byNative.cend(); ++it)
            byNative.insert(it.key(), it.value());
        out->merge(std::move(part));
    }
    // Edges by the CLI's ids, to what any of the files holds.
    for (const Pending &p : std::as_const(pending)) {
        const QString to = byNative.value(p.toNative);
        if (to.isEmpty() || to == p.from)
            continue;
        if (p.reverse)
            out->addDependency(to, p.from, p.kind, p.reason);
        else
            out->addDependency(p.from, to, p.kind, p.reason);
    }
    return true;
}

} // namespace Ferry
