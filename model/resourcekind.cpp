// SPDX-License-Identifier: MIT
#include "resourcekind.h"

#include <QHash>

#include <algorithm>

namespace Ferry {

ResourceCategory categoryOfType(const QString &t)
{
    static const QHash<QString, ResourceCategory> exact = {
        {QStringLiteral("digitalocean_droplet"), ResourceCategory::Compute},
        {QStringLiteral("aws_instance"), ResourceCategory::Compute},
        {QStringLiteral("aws_launch_template"), ResourceCategory::Compute},
        {QStringLiteral("heroku_app"), ResourceCategory::Application},
        {QStringLiteral("digitalocean_app"), ResourceCategory::Application},
        {QStringLiteral("aws_ecs_service"), ResourceCategory::Application},
        {QStringLiteral("digitalocean_kubernetes_cluster"), ResourceCategory::Kubernetes},
        {QStringLiteral("aws_eks_cluster"), ResourceCategory::Kubernetes},
        {QStringLiteral("digitalocean_database_cluster"), ResourceCategory::Database},
        {QStringLiteral("aws_db_instance"), ResourceCategory::Database},
        {QStringLiteral("aws_rds_cluster"), ResourceCategory::Database},
        {QStringLiteral("aws_redshift_cluster"), ResourceCategory::Database},
        {QStringLiteral("heroku_addon"), ResourceCategory::Other},
        {QStringLiteral("aws_elasticache_cluster"), ResourceCategory::Cache},
        {QStringLiteral("aws_elasticache_replication_group"), ResourceCategory::Cache},
        {QStringLiteral("digitalocean_spaces_bucket"), ResourceCategory::Bucket},
        {QStringLiteral("aws_s3_bucket"), ResourceCategory::Bucket},
        {QStringLiteral("digitalocean_cdn"), ResourceCategory::Cdn},
        {QStringLiteral("aws_cloudfront_distribution"), ResourceCategory::Cdn},
        {QStringLiteral("digitalocean_volume"), ResourceCategory::Volume},
        {QStringLiteral("aws_ebs_volume"), ResourceCategory::Volume},
        {QStringLiteral("digitalocean_loadbalancer"), ResourceCategory::LoadBalancer},
        {QStringLiteral("aws_lb"), ResourceCategory::LoadBalancer},
        {QStringLiteral("aws_alb"), ResourceCategory::LoadBalancer},
        {QStringLiteral("aws_elb"), ResourceCategory::LoadBalancer},
        {QStringLiteral("digitalocean_domain"), ResourceCategory::DnsZone},
        {QStringLiteral("aws_route53_zone"), ResourceCategory::DnsZone},
        {QStringLiteral("digitalocean_record"), ResourceCategory::DnsRecord},
        {QStringLiteral("aws_route53_record"), ResourceCategory::DnsRecord},
        {QStringLiteral("heroku_domain"), ResourceCategory::DnsRecord},
        {QStringLiteral("digitalocean_vpc"), ResourceCategory::Network},
        {QStringLiteral("digitalocean_firewall"), ResourceCategory::Network},
        {QStringLiteral("digitalocean_floating_ip"), ResourceCategory::Address},
        {QStringLiteral("digitalocean_reserved_ip"), ResourceCategory::Address},
        {QStringLiteral("aws_eip"), ResourceCategory::Address},
        {QStringLiteral("digitalocean_project"), ResourceCategory::Grouping},
        {QStringLiteral("heroku_pipeline"), ResourceCategory::Grouping},
    };
    auto it = exact.constFind(t);
    if (it != exact.cend())
        return it.value();
    static const QStringList networkPrefixes = {QStringLiteral("aws_vpc"),
                                                QStringLiteral("aws_subnet"),
                                                QStringLiteral("aws_security_group"),
                                                QStringLiteral("aws_internet_gateway"),
                                                QStringLiteral("aws_nat_gateway"),
                                                QStringLiteral("aws_route"),
                                                QStringLiteral("aws_network")};
    for (const QString &p : networkPrefixes)
        if (t.startsWith(p))
            return ResourceCategory::Network;
    return ResourceCategory::Other;
}

ResourceCategory categoryOf(const Resource &r)
{
    if (r.type == QLatin1String("digitalocean_database_cluster")) {
        const QString engine = r.attributes.value(QStringLiteral("engine"));
        if (engine == QLatin1String("redis") || engine == QLatin1String("valkey"))
            return ResourceCategory::Cache;
        return ResourceCategory::Database;
    }
    if (r.type == QLatin1String("heroku_addon")) {
        const QString plan = r.attributes.value(QStringLiteral("plan"));
        if (plan.startsWith(QLatin1String("heroku-postgresql")))
            return ResourceCategory::Database;
        if (plan.startsWith(QLatin1String("heroku-redis")))
            return ResourceCategory::Cache;
        return ResourceCategory::Other;
    }
    return categoryOfType(r.type);
}

QString typeLabel(const QString &t)
{
    static const QHash<QString, QString> labels = {
        {QStringLiteral("digitalocean_droplet"), QStringLiteral("Droplet")},
        {QStringLiteral("digitalocean_database_cluster"), QStringLiteral("Database cluster")},
        {QStringLiteral("digitalocean_loadbalancer"), QStringLiteral("Load balancer")},
        {QStringLiteral("digitalocean_kubernetes_cluster"), QStringLiteral("Kubernetes cluster")},
        {QStringLiteral("digitalocean_spaces_bucket"), QStringLiteral("Spaces bucket")},
        {QStringLiteral("digitalocean_cdn"), QStringLiteral("CDN endpoint")},
        {QStringLiteral("digitalocean_vpc"), QStringLiteral("VPC")},
        {QStringLiteral("digitalocean_ssh_key"), QStringLiteral("SSH key")},
        {QStringLiteral("digitalocean_floating_ip"), QStringLiteral("Floating IP")},
        {QStringLiteral("digitalocean_reserved_ip"), QStringLiteral("Reserved IP")},
        {QStringLiteral("heroku_addon"), QStringLiteral("Add-on")},
        {QStringLiteral("aws_db_instance"), QStringLiteral("DB instance")},
        {QStringLiteral("aws_instance"), QStringLiteral("EC2 instance")},
        {QStringLiteral("aws_lb"), QStringLiteral("Load balancer")},
        {QStringLiteral("aws_alb"), QStringLiteral("Application load balancer")},
        {QStringLiteral("aws_elb"), QStringLiteral("Classic load balancer")},
        {QStringLiteral("aws_subnet"), QStringLiteral("Subnet")},
        {QStringLiteral("aws_s3_bucket"), QStringLiteral("S3 bucket")},
        {QStringLiteral("aws_ecr_repository"), QStringLiteral("ECR repository")},
        {QStringLiteral("aws_codecommit_repository"), QStringLiteral("CodeCommit repository")},
        {QStringLiteral("aws_eip"), QStringLiteral("Elastic IP")},
        {QStringLiteral("aws_vpc"), QStringLiteral("VPC")},
        {QStringLiteral("aws_ebs_volume"), QStringLiteral("EBS volume")},
        {QStringLiteral("aws_eks_cluster"), QStringLiteral("EKS cluster")},
        {QStringLiteral("aws_ecs_cluster"), QStringLiteral("ECS cluster")},
        {QStringLiteral("aws_ecs_service"), QStringLiteral("ECS service")},
        {QStringLiteral("aws_rds_cluster"), QStringLiteral("RDS cluster")},
        {QStringLiteral("aws_redshift_cluster"), QStringLiteral("Redshift cluster")},
        {QStringLiteral("aws_elasticache_cluster"), QStringLiteral("ElastiCache cluster")},
        {QStringLiteral("aws_elasticache_replication_group"),
         QStringLiteral("ElastiCache replication group")},
        {QStringLiteral("aws_cloudfront_distribution"), QStringLiteral("CloudFront distribution")},
        {QStringLiteral("aws_route53_zone"), QStringLiteral("Route 53 zone")},
        {QStringLiteral("aws_route53_record"), QStringLiteral("Route 53 record")},
        {QStringLiteral("digitalocean_record"), QStringLiteral("DNS record")},
        {QStringLiteral("digitalocean_domain"), QStringLiteral("Domain")},
        {QStringLiteral("heroku_app"), QStringLiteral("Heroku app")},
        {QStringLiteral("heroku_domain"), QStringLiteral("Heroku custom domain")},
        {QStringLiteral("heroku_formation"), QStringLiteral("Heroku process type")},
    };
    auto it = labels.constFind(t);
    if (it != labels.cend())
        return it.value();
    QString rest = t.mid(t.indexOf(u'_') + 1);
    rest.replace(u'_', u' ');
    if (!rest.isEmpty())
        rest[0] = rest[0].toUpper();
    return rest;
}

bool herokuProcessTypeBefore(const Resource &a, const Resource &b)
{
    const bool webA = a.name == QLatin1String("web"), webB = b.name == QLatin1String("web");
    return webA != webB ? webA : a.name < b.name;
}

QString herokuDynos(const Resource &processType)
{
    const QString quantity = processType.attributes.value(QStringLiteral("quantity"));
    if (quantity.isEmpty() || !std::all_of(quantity.cbegin(), quantity.cend(),
                                           [](QChar c) { return c >= u'0' && c <= u'9'; }))
        return QString(); // not given, or not a count
    return QStringLiteral("%1 %2 %3")
        .arg(quantity, processType.name,
             quantity == QLatin1String("1") ? QStringLiteral("dyno") : QStringLiteral("dynos"));
}

DependencyKind dependencyKindTowards(ResourceCategory to)
{
    switch (to) {
    case ResourceCategory::Database:
    case ResourceCategory::Cache:
    case ResourceCategory::Bucket:
        return DependencyKind::Data;
    case ResourceCategory::Volume:
        return DependencyKind::Attachment;
    case ResourceCategory::DnsZone:
    case ResourceCategory::DnsRecord:
        return DependencyKind::Dns;
    case ResourceCategory::Grouping:
        return DependencyKind::Membership;
    default:
        return DependencyKind::Network;
    }
}

QString databaseEngine(const Resource &r, bool selfManaged)
{
    QString engine = r.attributes.value(QStringLiteral("engine")).toLower();
    if (r.type == QLatin1String("heroku_addon")) {
        const QString plan = r.attributes.value(QStringLiteral("plan"));
        engine = plan.startsWith(QLatin1String("heroku-redis")) ? QStringLiteral("redis")
                                                                : QStringLiteral("pg");
    }
    if (r.type == QLatin1String("aws_redshift_cluster"))
        engine = QStringLiteral("redshift");
    if (engine.startsWith(QLatin1String("postgres")))
        engine = QStringLiteral("pg");
    if (engine.isEmpty() && selfManaged) {
        QString hints = r.name + u' ' + r.attributes.value(QStringLiteral("image"));
        for (auto it = r.tags.cbegin(); it != r.tags.cend(); ++it)
            hints += u' ' + it.key() + u' ' + it.value();
        hints = hints.toLower();
        engine = hints.contains(QLatin1String("mysql")) || hints.contains(QLatin1String("maria"))
                     ? QStringLiteral("mysql")
                 : hints.contains(QLatin1String("mongo")) ? QStringLiteral("mongodb")
                 : hints.contains(QLatin1String("redis")) ? QStringLiteral("redis")
                                                          : QStringLiteral("pg");
    }
    return engine;
}

bool isSelfManagedDatabase(const Resource &r, const QString &targetService)
{
    const ResourceCategory target = categoryOfType(targetService);
    return categoryOf(r) == ResourceCategory::Compute &&
           (target == ResourceCategory::Database || target == ResourceCategory::Cache);
}

} // namespace Ferry
