// SPDX-License-Identifier: MIT
#include "terraformresources.h"

#include "engineversions.h"
#include "hclwriter.h"
#include "instancesizes.h"
#include "resourcekind.h"

#include <QRegularExpression>
#include <QSet>

namespace Ferry::TerraformExport {

namespace {

const QString kTodo = QStringLiteral("TODO: ");

QString q(const QString &s)
{
    return HclWriter::quote(s);
}

QString engineFor(const Resource &r)
{
    const QString engine = r.attributes.value(QStringLiteral("engine")).toLower();
    if (engine == QLatin1String("pg") || engine.startsWith(QLatin1String("postgres")) ||
        r.attributes.value(QStringLiteral("plan")).startsWith(QLatin1String("heroku-postgresql")))
        return QStringLiteral("postgres");
    if (engine == QLatin1String("mysql"))
        return QStringLiteral("mysql");
    return engine; // empty when the source does not say
}

/// A name for services that take letters, digits and hyphens (`db_main` → `db-main`), at most
/// `length` characters, starting with a letter and not ending in a hyphen.
QString hyphenName(const QString &name, int length)
{
    QString s = HclWriter::identifier(name).replace(u'_', u'-').toLower().left(length);
    while (s.endsWith(u'-'))
        s.chop(1);
    if (s.isEmpty() || !s.front().isLetter())
        s = QString(QStringLiteral("r-") + s).left(length);
    return s;
}

/// `[a.id, b.id]` of the addresses, or empty when there are none.
QString idList(const QStringList &addresses, const QString &attribute = QStringLiteral("id"))
{
    if (addresses.isEmpty())
        return QString();
    QStringList items;
    for (const QString &a : addresses)
        items.append(a + u'.' + attribute);
    return u'[' + items.join(QStringLiteral(", ")) + u']';
}

/// `jsonencode(...)` of a policy that lets `service` assume a role.
QString assumeRolePolicy(const QString &service)
{
    return QStringLiteral("jsonencode({\n"
                          "    Version = \"2012-10-17\"\n"
                          "    Statement = [{\n"
                          "      Effect    = \"Allow\"\n"
                          "      Principal = { Service = \"%1\" }\n"
                          "      Action    = \"sts:AssumeRole\"\n"
                          "    }]\n"
                          "  })")
        .arg(service);
}

/// Writes what one resource needs, with access to the shared output.
class ResourceWriter
{
public:
    ResourceWriter(HclWriter &w, const Resource &r, const Mapping &m, const QString &name,
                   AccountOutput *out)
        : w(w), r(r), m(m), name(name), svc(m.targetService), out(out)
    {}

    void write();

private:
    QString attr(const char *k) const { return r.attributes.value(QString::fromLatin1(k)); }
    void todo(const QString &attribute, const QString &expr, const QString &why)
    {
        w.comment(kTodo + why);
        w.attribute(attribute, expr);
    }
    /// A variable without a default the block refers to: `var.<name>_<suffix>`.
    QString decide(const QString &suffix, const QString &type, const QString &description)
    {
        const QString v = name + u'_' + suffix;
        out->decisions.append({v, type, description});
        return QStringLiteral("var.") + v;
    }
    void sized(const QString &attribute, const QString &fallback, const QString &what);
    void engineVersion(const QString &engine, const QString &target,
                       const QString &attribute = QStringLiteral("engine_version"));
    void securityGroups(const QString &attribute);
    void tags();

    void instance();
    void dbInstance();
    void cache(bool replicationGroup);
    void loadBalancer();
    void cloudFront();
    void record();
    void eksCluster();
    void ecsService();
    void iamRole(const QString &label, const QString &roleName, const QString &service,
                 const QStringList &policies);

    HclWriter &w;
    const Resource &r;
    const Mapping &m;
    const QString name;
    const QString svc;
    AccountOutput *out;
    bool taggable = true;
};

// A class from the size table (resources/instance-sizes.yaml): the smallest that holds the
// source's vCPUs and memory, both sides' figures in a comment; a TODO when the source's figures
// are not known or no class holds them.
void ResourceWriter::sized(const QString &attribute, const QString &fallback, const QString &what)
{
    const InstanceSizes &sizes = InstanceSizes::builtIn();
    const QString source = r.size.isEmpty() ? QStringLiteral("size unknown") : r.size;
    const std::optional<SizeFigures> need = sizes.figuresOf(r);
    const QString sizedService = svc == QLatin1String("aws_elasticache_cluster")
                                     ? QStringLiteral("aws_elasticache_replication_group")
                                 : svc == QLatin1String("aws_eks_cluster")
                                     ? QStringLiteral("aws_instance")
                                     : svc;
    const std::optional<TargetSize> target =
        need ? sizes.targetFor(sizedService, *need) : std::optional<TargetSize>();
    if (!target) {
        todo(attribute, q(fallback),
             QStringLiteral("choose %1 (source: %2%3)")
                 .arg(what, source,
                      need ? QStringLiteral(", ") + sizeFiguresText(*need) +
                                 QStringLiteral(", more than the size table holds")
                           : QString()));
        return;
    }
    w.comment(QStringLiteral("Sized from the source: %1 (%2) → %3 (%4), the smallest class "
                             "that holds it")
                  .arg(source, sizeFiguresText(*need), target->sizeClass,
                       sizeFiguresText(target->figures)));
    w.string(attribute, target->sizeClass);
}

// A version the target offers (resources/engine-versions.yaml): the source's where it is
// offered, else the next one offered, flagged as the major upgrade it is.
void ResourceWriter::engineVersion(const QString &engine, const QString &target,
                                   const QString &attribute)
{
    const QString source = attr("version");
    const std::optional<EngineTarget> v =
        EngineVersions::builtIn().targetFor(svc, engine, source);
    if (!v) {
        todo(attribute, q(source),
             QStringLiteral("confirm %1 offers this version (the version table does not say)")
                 .arg(target));
        return;
    }
    static const QHash<QString, QString> shown = {
        {QStringLiteral("postgres"), QStringLiteral("PostgreSQL")},
        {QStringLiteral("mysql"), QStringLiteral("MySQL")},
        {QStringLiteral("kubernetes"), QStringLiteral("Kubernetes")}};
    const QString engineName = shown.value(engine, engine);
    if (v->upgraded)
        w.comment(QStringLiteral("Major upgrade: %1 does not offer the source's %2 %3; %4 is the "
                                 "next it does (engine-versions.yaml, reviewed %5). %6")
                      .arg(target, engineName, v->sourceMajor, v->version,
                           EngineVersions::builtIn().reviewed(),
                           engine == QLatin1String("kubernetes")
                               ? QStringLiteral("Update manifests that use APIs removed since.")
                               : QStringLiteral("The runbook rehearses the upgrade.")));
    else if (v->newerThanTable)
        w.comment(kTodo + QStringLiteral("confirm %1 offers %2 (newer than the version table, "
                                         "reviewed %3)")
                              .arg(target, v->version, EngineVersions::builtIn().reviewed()));
    else if (v->version != source)
        w.comment(QStringLiteral("The source's %1 %2 as %3 names it").arg(engineName, source, target));
    w.string(attribute, v->version);
}

void ResourceWriter::securityGroups(const QString &attribute)
{
    const QString groups = idList(out->related(r.id, QStringLiteral("aws_security_group")));
    if (!groups.isEmpty())
        w.attribute(attribute, groups);
}

void ResourceWriter::tags()
{
    w.blank();
    w.object(QStringLiteral("tags"));
    w.string(QStringLiteral("Name"), r.name);
    w.string(QStringLiteral("\"ferry:source\""), r.id);
    w.end();
}

void ResourceWriter::instance()
{
    todo(QStringLiteral("ami"), q(QStringLiteral("ami-00000000000000000")),
         QStringLiteral("choose the AMI (source image: %1)")
             .arg(attr("image").isEmpty() ? QStringLiteral("unknown") : attr("image")));
    sized(QStringLiteral("instance_type"), QStringLiteral("t3.medium"),
          QStringLiteral("the instance type"));
    w.comment(QStringLiteral("The landing zone's first private subnet (network.tf)"));
    w.attribute(QStringLiteral("subnet_id"), LandingZone::firstPrivateSubnetId());
    securityGroups(QStringLiteral("vpc_security_group_ids"));
    if (!attr("disk_gb").isEmpty()) {
        w.blank();
        w.block(QStringLiteral("root_block_device"));
        w.number(QStringLiteral("volume_size"), attr("disk_gb"), QStringLiteral("20"));
        w.string(QStringLiteral("volume_type"), QStringLiteral("gp3"));
        w.end();
    }
}

void ResourceWriter::dbInstance()
{
    const QString pw = name + QStringLiteral("_password");
    out->sensitiveVariables.append(pw);
    out->network.dbSubnetGroup = true;
    w.string(QStringLiteral("identifier"), hyphenName(r.name, 63));
    if (engineFor(r).isEmpty())
        todo(QStringLiteral("engine"), q(QStringLiteral("postgres")),
             QStringLiteral("choose the engine (the source does not say)"));
    else
        w.string(QStringLiteral("engine"), engineFor(r));
    if (!attr("version").isEmpty())
        engineVersion(engineFor(r), QStringLiteral("RDS"));
    sized(QStringLiteral("instance_class"), QStringLiteral("db.t3.medium"),
          QStringLiteral("the instance class"));
    todo(QStringLiteral("allocated_storage"),
         HclWriter::isNumber(attr("disk_gb")) ? attr("disk_gb") : QStringLiteral("20"),
         QStringLiteral("confirm the storage in GiB"));
    w.attribute(QStringLiteral("storage_encrypted"), QStringLiteral("true"));
    todo(QStringLiteral("username"), q(QStringLiteral("ferry_admin")),
         QStringLiteral("choose the master user name"));
    w.attribute(QStringLiteral("password"), QStringLiteral("var.") + pw);
    w.attribute(QStringLiteral("db_subnet_group_name"), LandingZone::dbSubnetGroupName());
    securityGroups(QStringLiteral("vpc_security_group_ids"));
    w.attribute(QStringLiteral("skip_final_snapshot"), QStringLiteral("false"));
    w.string(QStringLiteral("final_snapshot_identifier"),
             hyphenName(r.name, 40) + QStringLiteral("-final"));
    out->outputs.append(name + QStringLiteral("_endpoint|") + svc + u'.' + name +
                        QStringLiteral(".endpoint"));
}

void ResourceWriter::cache(bool replicationGroup)
{
    out->network.cacheSubnetGroup = true;
    if (replicationGroup) {
        w.string(QStringLiteral("replication_group_id"), hyphenName(r.name, 40));
        w.string(QStringLiteral("description"), QStringLiteral("Migrated from ") + r.id);
    } else {
        w.string(QStringLiteral("cluster_id"), hyphenName(r.name, 50));
    }
    w.string(QStringLiteral("engine"), QStringLiteral("redis"));
    sized(QStringLiteral("node_type"), QStringLiteral("cache.t3.medium"),
          QStringLiteral("the node type"));
    if (replicationGroup) {
        w.number(QStringLiteral("num_cache_clusters"), attr("node_count"), QStringLiteral("1"));
        w.attribute(QStringLiteral("transit_encryption_enabled"), QStringLiteral("true"));
        securityGroups(QStringLiteral("security_group_ids"));
    } else {
        w.attribute(QStringLiteral("num_cache_nodes"), QStringLiteral("1"));
        securityGroups(QStringLiteral("security_group_ids"));
    }
    w.attribute(QStringLiteral("subnet_group_name"), LandingZone::cacheSubnetGroupName());
}

// An application load balancer in the public subnets, a target group with the instances it
// fronted, and a listener for each of the source's entry ports (443 with an ACM certificate).
void ResourceWriter::loadBalancer()
{
    w.string(QStringLiteral("name"), hyphenName(r.name, 32));
    w.string(QStringLiteral("load_balancer_type"), QStringLiteral("application"));
    w.comment(QStringLiteral("The landing zone's public subnets (network.tf)"));
    w.attribute(QStringLiteral("subnets"), LandingZone::publicSubnetIds());
    securityGroups(QStringLiteral("security_groups"));
    tags();
    w.end();
    out->outputs.append(name + QStringLiteral("_dns_name|") + svc + u'.' + name +
                        QStringLiteral(".dns_name"));

    QStringList ports;
    static const QRegularExpression separator(QStringLiteral("[,\\s]+"));
    for (const QString &p : attr("ports").split(separator, Qt::SkipEmptyParts))
        if (HclWriter::isNumber(p) && !ports.contains(p))
            ports.append(p);
    if (ports.isEmpty())
        ports.append(QStringLiteral("80"));
    const bool tls = ports.contains(QStringLiteral("443"));

    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_lb_target_group"), name});
    w.string(QStringLiteral("name"), hyphenName(r.name, 32));
    w.comment(kTodo + QStringLiteral("confirm the port the instances serve on"));
    w.attribute(QStringLiteral("port"), QStringLiteral("80"));
    w.string(QStringLiteral("protocol"), QStringLiteral("HTTP"));
    w.attribute(QStringLiteral("vpc_id"), LandingZone::vpcId(out->network));
    w.blank();
    w.block(QStringLiteral("health_check"));
    w.string(QStringLiteral("path"), QStringLiteral("/"));
    w.end();
    w.end();

    const QStringList instances = out->related(r.id, QStringLiteral("aws_instance"));
    if (!instances.isEmpty()) {
        w.blank();
        w.comment(QStringLiteral("The instances the source load balancer fronted"));
        w.block(QStringLiteral("resource"),
                {QStringLiteral("aws_lb_target_group_attachment"), name});
        w.object(QStringLiteral("for_each"));
        for (const QString &i : instances)
            w.attribute(i.section(u'.', 1), i + QStringLiteral(".id"));
        w.end();
        w.attribute(QStringLiteral("target_group_arn"),
                    QStringLiteral("aws_lb_target_group.%1.arn").arg(name));
        w.attribute(QStringLiteral("target_id"), QStringLiteral("each.value"));
        w.end();
    }
    if (tls) {
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_acm_certificate"), name});
        w.attribute(QStringLiteral("domain_name"),
                    decide(QStringLiteral("certificate_domain"), QStringLiteral("string"),
                           QStringLiteral("Domain name of the TLS certificate for %1's HTTPS "
                                          "listener (the source terminated TLS on 443)")
                               .arg(r.name)));
        w.string(QStringLiteral("validation_method"), QStringLiteral("DNS"));
        w.end();
    }
    QStringList quoted;
    for (const QString &p : std::as_const(ports))
        quoted.append(q(p));
    w.blank();
    w.comment(QStringLiteral("A listener for each of the source's entry ports"));
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_lb_listener"), name});
    w.attribute(QStringLiteral("for_each"),
                QStringLiteral("toset(%1)").arg(HclWriter::list(quoted)));
    w.attribute(QStringLiteral("load_balancer_arn"), svc + u'.' + name + QStringLiteral(".arn"));
    w.attribute(QStringLiteral("port"), QStringLiteral("each.value"));
    if (tls) {
        w.attribute(QStringLiteral("protocol"),
                    QStringLiteral("each.value == \"443\" ? \"HTTPS\" : \"HTTP\""));
        w.attribute(QStringLiteral("certificate_arn"),
                    QStringLiteral("each.value == \"443\" ? aws_acm_certificate.%1.arn : null")
                        .arg(name));
        w.attribute(QStringLiteral("ssl_policy"),
                    QStringLiteral("each.value == \"443\" ? "
                                   "\"ELBSecurityPolicy-TLS13-1-2-2021-06\" : null"));
    } else {
        w.string(QStringLiteral("protocol"), QStringLiteral("HTTP"));
    }
    w.blank();
    w.block(QStringLiteral("default_action"));
    w.string(QStringLiteral("type"), QStringLiteral("forward"));
    w.attribute(QStringLiteral("target_group_arn"),
                QStringLiteral("aws_lb_target_group.%1.arn").arg(name));
    w.end();
    // the caller's w.end() closes this block
}

// A distribution in front of the bucket or load balancer it served (from the inventory's
// dependencies), else of an origin the user names.
void ResourceWriter::cloudFront()
{
    taggable = true;
    const QString bucket = out->firstRelated(r.id, QStringLiteral("aws_s3_bucket"));
    QString lb = out->firstRelated(r.id, QStringLiteral("aws_lb"));
    if (lb.isEmpty())
        lb = out->firstRelated(r.id, QStringLiteral("aws_alb"));
    w.attribute(QStringLiteral("enabled"), QStringLiteral("true"));
    w.string(QStringLiteral("comment"), QStringLiteral("Migrated from ") + r.id);
    w.blank();
    w.block(QStringLiteral("origin"));
    w.string(QStringLiteral("origin_id"), QStringLiteral("primary"));
    if (!bucket.isEmpty()) {
        w.attribute(QStringLiteral("domain_name"),
                    bucket + QStringLiteral(".bucket_regional_domain_name"));
    } else {
        w.attribute(QStringLiteral("domain_name"),
                    lb.isEmpty() ? decide(QStringLiteral("origin_domain"),
                                          QStringLiteral("string"),
                                          QStringLiteral("Domain name of the origin of "
                                                         "distribution %1 (the import did not "
                                                         "say what it served)")
                                              .arg(r.name))
                                 : lb + QStringLiteral(".dns_name"));
        w.blank();
        w.block(QStringLiteral("custom_origin_config"));
        w.attribute(QStringLiteral("http_port"), QStringLiteral("80"));
        w.attribute(QStringLiteral("https_port"), QStringLiteral("443"));
        w.string(QStringLiteral("origin_protocol_policy"), QStringLiteral("https-only"));
        w.attribute(QStringLiteral("origin_ssl_protocols"), QStringLiteral("[\"TLSv1.2\"]"));
        w.end();
    }
    w.end();
    w.blank();
    w.block(QStringLiteral("default_cache_behavior"));
    w.string(QStringLiteral("target_origin_id"), QStringLiteral("primary"));
    w.string(QStringLiteral("viewer_protocol_policy"), QStringLiteral("redirect-to-https"));
    w.attribute(QStringLiteral("allowed_methods"), QStringLiteral("[\"GET\", \"HEAD\"]"));
    w.attribute(QStringLiteral("cached_methods"), QStringLiteral("[\"GET\", \"HEAD\"]"));
    w.comment(QStringLiteral("AWS's managed CachingOptimized policy"));
    w.string(QStringLiteral("cache_policy_id"),
             QStringLiteral("658327ea-f89d-4fab-a63d-7e88639e58f6"));
    w.end();
    w.blank();
    w.block(QStringLiteral("restrictions"));
    w.block(QStringLiteral("geo_restriction"));
    w.string(QStringLiteral("restriction_type"), QStringLiteral("none"));
    w.end();
    w.end();
    w.blank();
    w.block(QStringLiteral("viewer_certificate"));
    w.comment(kTodo + QStringLiteral("an ACM certificate (us-east-1) for the source's domain"));
    w.attribute(QStringLiteral("cloudfront_default_certificate"), QStringLiteral("true"));
    w.end();
}

void ResourceWriter::record()
{
    taggable = false;
    const QString zone = out->firstRelated(r.id, QStringLiteral("aws_route53_zone"));
    const QString domain = attr("domain");
    const QString type = attr("record_type").isEmpty() ? QStringLiteral("A") : attr("record_type");
    // DigitalOcean writes the apex as `@`, in names and in values.
    const QString recordName = r.name == QLatin1String("@") && !domain.isEmpty() ? domain : r.name;
    if (!zone.isEmpty()) {
        w.attribute(QStringLiteral("zone_id"), zone + QStringLiteral(".zone_id"));
    } else {
        w.attribute(QStringLiteral("zone_id"),
                    decide(QStringLiteral("zone_id"), QStringLiteral("string"),
                           domain.isEmpty()
                               ? QStringLiteral("Route 53 hosted zone id for record %1 (%2): the "
                                                "import did not name its domain, and no zone of "
                                                "this account holds it")
                                     .arg(r.name, r.id)
                               : QStringLiteral("Route 53 hosted zone id of %1 (the zone is not "
                                                "in this account's folder)")
                                     .arg(domain)));
    }
    w.string(QStringLiteral("name"), recordName);
    w.string(QStringLiteral("type"), type);
    w.number(QStringLiteral("ttl"), attr("ttl"), QStringLiteral("300"));
    const QString value =
        attr("value") == QLatin1String("@") && !domain.isEmpty() ? domain : attr("value");
    if (value.isEmpty() || value == QLatin1String("@")) {
        w.attribute(QStringLiteral("records"),
                    decide(QStringLiteral("records"), QStringLiteral("list(string)"),
                           QStringLiteral("What %1 (%2) points at on the target; the source "
                                          "record gave no usable value")
                               .arg(recordName, type)));
    } else {
        todo(QStringLiteral("records"), HclWriter::list({q(value)}),
             QStringLiteral("point at the target (source value shown)"));
    }
}

void ResourceWriter::iamRole(const QString &label, const QString &roleName,
                             const QString &service, const QStringList &policies)
{
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_iam_role"), label});
    w.string(QStringLiteral("name"), roleName.left(64));
    w.blank();
    w.attribute(QStringLiteral("assume_role_policy"), assumeRolePolicy(service));
    w.end();
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_iam_role_policy_attachment"), label});
    w.attribute(QStringLiteral("for_each"), QStringLiteral("toset(%1)").arg(HclWriter::list([&] {
                    QStringList quoted;
                    for (const QString &p : policies)
                        quoted.append(q(QStringLiteral("arn:aws:iam::aws:policy/") + p));
                    return quoted;
                }())));
    w.attribute(QStringLiteral("role"), QStringLiteral("aws_iam_role.%1.name").arg(label));
    w.attribute(QStringLiteral("policy_arn"), QStringLiteral("each.value"));
    w.end();
}

// An EKS cluster in the private subnets with its IAM role, and one managed node group sized
// from the source's node pools (or, for droplets consolidated onto it, from the droplets).
void ResourceWriter::eksCluster()
{
    const QString clusterName = hyphenName(r.name, 100);
    w.string(QStringLiteral("name"), clusterName);
    // EKS takes `major.minor` (DigitalOcean writes `1.29.1-do.0`), one it still offers.
    if (!attr("version").isEmpty())
        engineVersion(QStringLiteral("kubernetes"), QStringLiteral("EKS"), QStringLiteral("version"));
    w.attribute(QStringLiteral("role_arn"), QStringLiteral("aws_iam_role.%1.arn").arg(name));
    w.blank();
    w.block(QStringLiteral("vpc_config"));
    w.attribute(QStringLiteral("subnet_ids"), LandingZone::privateSubnetIds());
    w.end();
    tags();
    w.blank();
    w.attribute(QStringLiteral("depends_on"),
                QStringLiteral("[aws_iam_role_policy_attachment.%1]").arg(name));
    w.end();
    out->outputs.append(name + QStringLiteral("_endpoint|") + svc + u'.' + name +
                        QStringLiteral(".endpoint"));

    iamRole(name, clusterName + QStringLiteral("-cluster"), QStringLiteral("eks.amazonaws.com"),
            {QStringLiteral("AmazonEKSClusterPolicy")});
    const QString nodes = name + QStringLiteral("_nodes");
    iamRole(nodes, clusterName + QStringLiteral("-nodes"), QStringLiteral("ec2.amazonaws.com"),
            {QStringLiteral("AmazonEKSWorkerNodePolicy"), QStringLiteral("AmazonEKS_CNI_Policy"),
             QStringLiteral("AmazonEC2ContainerRegistryReadOnly")});

    int nodeCount = 0;
    for (const QString &c : attr("node_count").split(u',', Qt::SkipEmptyParts))
        nodeCount += c.trimmed().toInt();
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_eks_node_group"), name});
    w.attribute(QStringLiteral("cluster_name"), svc + u'.' + name + QStringLiteral(".name"));
    w.string(QStringLiteral("node_group_name"), QStringLiteral("default"));
    w.attribute(QStringLiteral("node_role_arn"), QStringLiteral("aws_iam_role.%1.arn").arg(nodes));
    w.attribute(QStringLiteral("subnet_ids"), LandingZone::privateSubnetIds());
    const QString firstPoolSize = attr("node_pool_sizes").section(u',', 0, 0).trimmed();
    const InstanceSizes &sizes = InstanceSizes::builtIn();
    Resource pool = r;
    pool.size = firstPoolSize;
    pool.attributes.remove(QStringLiteral("vcpus"));
    pool.attributes.remove(QStringLiteral("memory_mb"));
    const std::optional<SizeFigures> need = sizes.figuresOf(pool);
    const std::optional<TargetSize> target =
        need ? sizes.targetFor(QStringLiteral("aws_instance"), *need) : std::nullopt;
    if (target) {
        w.comment(QStringLiteral("Sized from the source's node pool: %1 (%2) → %3 (%4)")
                      .arg(firstPoolSize, sizeFiguresText(*need), target->sizeClass,
                           sizeFiguresText(target->figures)));
        w.attribute(QStringLiteral("instance_types"), HclWriter::list({q(target->sizeClass)}));
    } else {
        w.comment(kTodo + QStringLiteral("choose the node instance type (source node pool: %1)")
                              .arg(firstPoolSize.isEmpty() ? QStringLiteral("unknown")
                                                           : firstPoolSize));
        w.attribute(QStringLiteral("instance_types"), QStringLiteral("[\"t3.medium\"]"));
    }
    w.blank();
    w.block(QStringLiteral("scaling_config"));
    const QString count = QString::number(qMax(nodeCount, 2));
    w.comment(nodeCount > 0 ? QStringLiteral("The source's node pools had %1 nodes").arg(nodeCount)
                            : kTodo + QStringLiteral("the number of nodes (the source does not "
                                                     "say; two for two zones)"));
    w.attribute(QStringLiteral("desired_size"), count);
    w.attribute(QStringLiteral("min_size"), count);
    w.attribute(QStringLiteral("max_size"), QString::number(qMax(nodeCount, 2) * 2));
    w.end();
    w.blank();
    w.attribute(QStringLiteral("depends_on"),
                QStringLiteral("[aws_iam_role_policy_attachment.%1]").arg(nodes));
    // the caller's w.end() closes this block
    taggable = false;
}

void ResourceWriter::ecsService()
{
    out->network.ecsCluster = true;
    w.string(QStringLiteral("name"), r.name);
    w.attribute(QStringLiteral("cluster"), LandingZone::ecsClusterId());
    w.attribute(QStringLiteral("task_definition"),
                decide(QStringLiteral("task_definition"), QStringLiteral("string"),
                       QStringLiteral("Task definition (family:revision or ARN) of %1, built "
                                      "from the source's %2")
                           .arg(r.name, r.id)));
    w.number(QStringLiteral("desired_count"), attr("quantity"), QStringLiteral("1"));
    w.string(QStringLiteral("launch_type"), QStringLiteral("FARGATE"));
    w.blank();
    w.block(QStringLiteral("network_configuration"));
    w.attribute(QStringLiteral("subnets"), LandingZone::privateSubnetIds());
    const QString groups = idList(out->related(r.id, QStringLiteral("aws_security_group")));
    if (!groups.isEmpty())
        w.attribute(QStringLiteral("security_groups"), groups);
    w.end();
}

void ResourceWriter::write()
{
    w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                       QString::number(m.wave)));
    const Writer kind = writerFor(svc);
    if (kind == Writer::LandingZone) {
        w.comment(QStringLiteral("Provided by the landing zone (network.tf): no block of its own."));
        return;
    }
    if (kind == Writer::Skeleton) {
        w.comment(kTodo + QStringLiteral("Ferry does not write the arguments of %1: fill them in "
                                         "and uncomment.")
                              .arg(svc));
        if (!r.size.isEmpty())
            w.comment(QStringLiteral("Source size: ") + r.size);
        w.comment(QStringLiteral("resource %1 %2 {").arg(q(svc), q(name)));
        w.comment(QStringLiteral("}"));
        return;
    }
    w.block(QStringLiteral("resource"), {svc, name});
    if (svc == QLatin1String("aws_instance")) {
        instance();
    } else if (svc == QLatin1String("aws_db_instance")) {
        dbInstance();
    } else if (svc == QLatin1String("aws_elasticache_replication_group")) {
        cache(true);
    } else if (svc == QLatin1String("aws_elasticache_cluster")) {
        cache(false);
    } else if (svc == QLatin1String("aws_s3_bucket")) {
        // Bucket names are global: the source's name, made unique with the account id.
        w.comment(QStringLiteral("Bucket names are global: the source's name and the account id"));
        w.attribute(QStringLiteral("bucket"),
                    q(hyphenName(r.name, 50) + u'-').chopped(1) +
                        QStringLiteral("${var.account_id}\""));
    } else if (svc == QLatin1String("aws_lb") || svc == QLatin1String("aws_alb")) {
        loadBalancer();
        w.end();
        return;
    } else if (svc == QLatin1String("aws_cloudfront_distribution")) {
        cloudFront();
    } else if (svc == QLatin1String("aws_route53_zone")) {
        w.string(QStringLiteral("name"), r.name);
        out->outputs.append(name + QStringLiteral("_name_servers|") + svc + u'.' + name +
                            QStringLiteral(".name_servers"));
    } else if (svc == QLatin1String("aws_route53_record")) {
        record();
    } else if (svc == QLatin1String("aws_ebs_volume")) {
        const QString instance = out->firstRelated(r.id, QStringLiteral("aws_instance"));
        w.attribute(QStringLiteral("availability_zone"),
                    instance.isEmpty() ? LandingZone::firstPrivateSubnetZone()
                                       : instance + QStringLiteral(".availability_zone"));
        w.number(QStringLiteral("size"), attr("disk_gb"), QStringLiteral("10"));
        w.string(QStringLiteral("type"), QStringLiteral("gp3"));
        w.attribute(QStringLiteral("encrypted"), QStringLiteral("true"));
    } else if (svc == QLatin1String("aws_vpc")) {
        todo(QStringLiteral("cidr_block"),
             q(attr("cidr").isEmpty() ? QStringLiteral("10.0.0.0/16") : attr("cidr")),
             QStringLiteral("confirm the CIDR does not overlap a network peered during the "
                            "cutover"));
        w.attribute(QStringLiteral("enable_dns_support"), QStringLiteral("true"));
        w.attribute(QStringLiteral("enable_dns_hostnames"), QStringLiteral("true"));
    } else if (svc == QLatin1String("aws_security_group")) {
        w.string(QStringLiteral("name"), r.name);
        w.string(QStringLiteral("description"), QStringLiteral("Migrated from ") + r.id);
        w.attribute(QStringLiteral("vpc_id"), LandingZone::vpcId(out->network));
        if (!attr("inbound_ports").isEmpty())
            w.comment(kTodo + QStringLiteral("ingress rules for the source's inbound ports: ") +
                      attr("inbound_ports"));
    } else if (svc == QLatin1String("aws_eks_cluster")) {
        eksCluster();
    } else if (svc == QLatin1String("aws_ecs_service")) {
        ecsService();
    } else if (svc == QLatin1String("aws_eip")) {
        w.string(QStringLiteral("domain"), QStringLiteral("vpc"));
        const QString instance = out->firstRelated(r.id, QStringLiteral("aws_instance"));
        if (!instance.isEmpty())
            w.attribute(QStringLiteral("instance"), instance + QStringLiteral(".id"));
    } else if (svc == QLatin1String("aws_key_pair")) {
        w.string(QStringLiteral("key_name"), r.name);
        w.attribute(QStringLiteral("public_key"),
                    decide(QStringLiteral("public_key"), QStringLiteral("string"),
                           QStringLiteral("Public key (OpenSSH format) of key pair %1%2")
                               .arg(r.name, attr("fingerprint").isEmpty()
                                                ? QString()
                                                : QStringLiteral(", fingerprint ") +
                                                      attr("fingerprint"))));
    } else if (svc == QLatin1String("aws_launch_template")) {
        w.string(QStringLiteral("name"), hyphenName(r.name, 128));
        w.comment(kTodo + QStringLiteral("the image and instance type of %1").arg(r.name));
    }
    if (taggable)
        tags();
    w.end();
    if (svc != QLatin1String("aws_db_instance") && taggable)
        out->outputs.append(name + QStringLiteral("_id|") + svc + u'.' + name +
                            QStringLiteral(".id"));
}

} // namespace

QStringList AccountOutput::related(const QString &id, const QString &service) const
{
    QStringList result;
    for (const Dependency &d : plan->inventory.dependencies) {
        if (d.from != id && d.to != id)
            continue;
        const QString address = addresses.value(d.from == id ? d.to : d.from);
        if (address.startsWith(service + u'.') && !result.contains(address))
            result.append(address);
    }
    return result;
}

QString AccountOutput::firstRelated(const QString &id, const QString &service) const
{
    const QStringList all = related(id, service);
    return all.isEmpty() ? QString() : all.first();
}

Writer writerFor(const QString &service)
{
    static const QSet<QString> written = {
        QStringLiteral("aws_instance"),       QStringLiteral("aws_db_instance"),
        QStringLiteral("aws_elasticache_replication_group"),
        QStringLiteral("aws_elasticache_cluster"),
        QStringLiteral("aws_s3_bucket"),      QStringLiteral("aws_lb"),
        QStringLiteral("aws_alb"),            QStringLiteral("aws_cloudfront_distribution"),
        QStringLiteral("aws_route53_zone"),   QStringLiteral("aws_route53_record"),
        QStringLiteral("aws_ebs_volume"),     QStringLiteral("aws_vpc"),
        QStringLiteral("aws_security_group"), QStringLiteral("aws_eks_cluster"),
        QStringLiteral("aws_ecs_service"),    QStringLiteral("aws_eip"),
        QStringLiteral("aws_key_pair"),       QStringLiteral("aws_launch_template"),
    };
    static const QSet<QString> landingZone = {
        QStringLiteral("aws_subnet"),           QStringLiteral("aws_internet_gateway"),
        QStringLiteral("aws_nat_gateway"),      QStringLiteral("aws_route_table"),
        QStringLiteral("aws_route_table_association"), QStringLiteral("aws_route"),
        QStringLiteral("aws_db_subnet_group"),  QStringLiteral("aws_elasticache_subnet_group"),
    };
    if (written.contains(service))
        return Writer::Arguments;
    if (landingZone.contains(service))
        return Writer::LandingZone;
    return Writer::Skeleton;
}

void writeResource(HclWriter &w, const Resource &r, const Mapping &m, const QString &name,
                   AccountOutput *out)
{
    ResourceWriter(w, r, m, name, out).write();
}

} // namespace Ferry::TerraformExport
