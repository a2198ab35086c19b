// SPDX-License-Identifier: MIT
#include "engineversions.h"
#include "instancesizes.h"
#include "resourcekind.h"
#include "terraformresourcewriter.h"

#include <QRegularExpression>

namespace Ferry::TerraformExport {

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
        w.attribute(
            QStringLiteral("certificate_arn"),
            QStringLiteral("each.value == \"443\" ? aws_acm_certificate.%1.arn : null").arg(name));
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
                    lb.isEmpty() ? decide(QStringLiteral("origin_domain"), QStringLiteral("string"),
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

void ResourceWriter::iamRole(const QString &label, const QString &roleName, const QString &service,
                             const QStringList &policies)
{
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

// One EKS cluster per account folder, in the private subnets, with its IAM roles and one
// managed node group sized for every source it absorbs (a DigitalOcean cluster's node pools,
// droplets whose workloads move onto it): the same shared target as the runbook's
// create-shared-target step, named after the account so that its name stays when a source joins.
void ResourceWriter::eksCluster()
{
    const Plan &plan = *out->plan;
    QList<const Resource *> sources;
    for (const QString &id : out->sharedSources.value(svc))
        if (const Resource *s = plan.resource(id))
            sources.append(s);
    const QString clusterName = hyphenName(out->network.folder + QStringLiteral("-eks"), 100);
    w.string(QStringLiteral("name"), clusterName);
    // EKS takes `major.minor` (DigitalOcean writes `1.29.1-do.0`), one it still offers: the
    // newest a source cluster runs.
    QString version;
    for (const Resource *s : std::as_const(sources)) {
        const QString v = s->attributes.value(QStringLiteral("version"));
        const auto t = EngineVersions::builtIn().targetFor(svc, QStringLiteral("kubernetes"), v);
        const auto best =
            EngineVersions::builtIn().targetFor(svc, QStringLiteral("kubernetes"), version);
        if (t && (!best || t->sourceMajor.section(u'.', 1).toInt() >
                               best->sourceMajor.section(u'.', 1).toInt()))
            version = v;
    }
    if (!version.isEmpty())
        engineVersion(QStringLiteral("kubernetes"), QStringLiteral("EKS"), version,
                      QStringLiteral("version"));
    w.attribute(QStringLiteral("role_arn"), QStringLiteral("aws_iam_role.%1.arn").arg(name));
    w.blank();
    w.block(QStringLiteral("vpc_config"));
    w.attribute(QStringLiteral("subnet_ids"), LandingZone::privateSubnetIds());
    w.end();
    w.blank();
    w.object(QStringLiteral("tags"));
    w.string(QStringLiteral("Name"), clusterName);
    w.string(QStringLiteral("\"ferry:sources\""), QString::number(sources.size()));
    w.end();
    w.blank();
    w.attribute(QStringLiteral("depends_on"),
                QStringLiteral("[aws_iam_role_policy_attachment.%1]").arg(name));
    w.end();
    out->outputs.append(name + QStringLiteral("_endpoint|") + svc + u'.' + name +
                        QStringLiteral(".endpoint"));

    w.blank();
    iamRole(name, clusterName + QStringLiteral("-cluster"), QStringLiteral("eks.amazonaws.com"),
            {QStringLiteral("AmazonEKSClusterPolicy")});
    const QString nodes = name + QStringLiteral("_nodes");
    w.blank();
    iamRole(nodes, clusterName + QStringLiteral("-nodes"), QStringLiteral("ec2.amazonaws.com"),
            {QStringLiteral("AmazonEKSWorkerNodePolicy"), QStringLiteral("AmazonEKS_CNI_Policy"),
             QStringLiteral("AmazonEC2ContainerRegistryReadOnly")});

    // What the sources need: the largest single node or droplet (every workload must fit on
    // one node) and the sum over all of them.
    const InstanceSizes &sizes = InstanceSizes::builtIn();
    SizeFigures largest, total;
    int unknown = 0;
    auto count = [&](const SizeFigures &f, int n) {
        largest.vcpus = qMax(largest.vcpus, f.vcpus);
        largest.memoryMb = qMax(largest.memoryMb, f.memoryMb);
        total.vcpus += f.vcpus * n;
        total.memoryMb += f.memoryMb * n;
    };
    for (const Resource *s : std::as_const(sources)) {
        const QStringList pools =
            s->attributes.value(QStringLiteral("node_pool_sizes")).split(u',', Qt::SkipEmptyParts);
        const QStringList counts =
            s->attributes.value(QStringLiteral("node_count")).split(u',', Qt::SkipEmptyParts);
        if (pools.isEmpty()) {
            const std::optional<SizeFigures> f = sizes.figuresOf(*s);
            f ? count(*f, 1) : void(++unknown);
            continue;
        }
        for (qsizetype i = 0; i < pools.size(); ++i) {
            Resource pool;
            pool.size = pools[i].trimmed();
            const std::optional<SizeFigures> f = sizes.figuresOf(pool);
            const int n = i < counts.size() ? qMax(1, counts[i].trimmed().toInt()) : 1;
            f ? count(*f, n) : void(++unknown);
        }
    }
    // A node also runs the cluster's own pods (CNI, kube-proxy, CoreDNS) and a t3.micro takes
    // four pods in all: no node smaller than 2 vCPU and 4 GiB (t3.medium, 17 pods).
    const SizeFigures perNode{qMax(largest.vcpus, 2), qMax(largest.memoryMb, 4096)};
    std::optional<TargetSize> target;
    if (largest.memoryMb > 0)
        target = sizes.targetFor(QStringLiteral("aws_instance"), perNode);
    int nodeCount = 2; // one per zone at least
    if (target) {
        const auto ceilDiv = [](int a, int b) {
            return b > 0 ? (a + b - 1) / b : 0;
        };
        nodeCount = qMax(nodeCount, qMax(ceilDiv(total.memoryMb, target->figures.memoryMb),
                                         ceilDiv(total.vcpus, target->figures.vcpus)));
    }

    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_eks_node_group"), name});
    w.attribute(QStringLiteral("cluster_name"), svc + u'.' + name + QStringLiteral(".name"));
    w.string(QStringLiteral("node_group_name"), QStringLiteral("default"));
    w.attribute(QStringLiteral("node_role_arn"), QStringLiteral("aws_iam_role.%1.arn").arg(nodes));
    w.attribute(QStringLiteral("subnet_ids"), LandingZone::privateSubnetIds());
    if (target) {
        w.comment(QStringLiteral("Sized from the sources: the largest needs %1, together %2; "
                                 "a node at least 2 vCPU, 4 GiB for the cluster's own pods → %3 "
                                 "(%4)")
                      .arg(sizeFiguresText(largest), sizeFiguresText(total), target->sizeClass,
                           sizeFiguresText(target->figures)));
        w.attribute(QStringLiteral("instance_types"), HclWriter::list({q(target->sizeClass)}));
    } else {
        w.comment(kTodo + QStringLiteral("choose the node instance type (the sources' sizes are "
                                         "not known or exceed the size table)"));
        w.attribute(QStringLiteral("instance_types"), QStringLiteral("[\"t3.medium\"]"));
    }
    w.blank();
    w.block(QStringLiteral("scaling_config"));
    if (unknown > 0 || !target)
        w.comment(kTodo + QStringLiteral("confirm the number of nodes (%1 of the sources' nodes "
                                         "or droplets have no known size)")
                              .arg(unknown));
    else
        w.comment(QStringLiteral("Enough nodes to hold them all, at least one per zone"));
    w.attribute(QStringLiteral("desired_size"), QString::number(nodeCount));
    w.attribute(QStringLiteral("min_size"), QString::number(nodeCount));
    w.attribute(QStringLiteral("max_size"), QString::number(nodeCount * 2));
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
    const bool heroku = r.type == QLatin1String("heroku_app");
    // A Heroku process type other than web: a service of its own running the app's image.
    const Resource *app =
        r.type == QLatin1String("heroku_formation") ? out->herokuAppOf(r) : nullptr;
    // ECS: letters, digits, hyphens and underscores, at most 255.
    w.string(QStringLiteral("name"), hyphenName(app ? app->name + u'-' + r.name : r.name, 255));
    w.attribute(QStringLiteral("cluster"), LandingZone::ecsClusterId());
    const QString appLabel = app ? out->addresses.value(app->id).section(u'.', 1) : QString();
    w.attribute(
        QStringLiteral("task_definition"),
        decide(QStringLiteral("task_definition"), QStringLiteral("string"),
               app ? QStringLiteral("Task definition (family:revision or ARN) of the %1 process "
                                    "type of Heroku app %2: the app's image with the %1 line of "
                                    "its Procfile as the command; its execution_role_arn is the "
                                    "output %3_execution_role_arn, its secrets the parameters "
                                    "under %4")
                         .arg(r.name, app->name, appLabel, configParameterPath(app->name))
                   : QStringLiteral("Task definition (family:revision or ARN) of %1, built "
                                    "from the source's %2%3")
                         .arg(r.name, r.id,
                              heroku ? QStringLiteral("; its execution_role_arn is the output "
                                                      "%1_execution_role_arn, its secrets the "
                                                      "parameters under %2")
                                           .arg(name, configParameterPath(r.name))
                                     : QString())));
    // The dynos of Heroku's formation (the web process type's for the app's own service).
    const Resource *formation = heroku ? out->webProcessOf(r.id) : app ? &r : nullptr;
    const QString quantity =
        formation ? formation->attributes.value(QStringLiteral("quantity")) : attr("quantity");
    if (const QString dynos = formation ? herokuDynos(*formation) : QString(); !dynos.isEmpty())
        w.comment(
            QStringLiteral("Heroku's formation: %1%2")
                .arg(dynos, formation->size.isEmpty()
                                ? QString()
                                : QStringLiteral(" of size %1: size the task definition's cpu "
                                                 "and memory from it")
                                      .arg(formation->size)));
    w.number(QStringLiteral("desired_count"), quantity, QStringLiteral("1"));
    w.string(QStringLiteral("launch_type"), QStringLiteral("FARGATE"));
    w.blank();
    w.block(QStringLiteral("network_configuration"));
    w.attribute(QStringLiteral("subnets"), LandingZone::privateSubnetIds());
    securityGroups(QStringLiteral("security_groups"));
    w.end();
}

// A Heroku app's task execution role: it pulls the image and reads the app's config vars, which
// the runbook's deploy step puts into Parameter Store (values never in Terraform or its state).
void ResourceWriter::ecsExecutionRole()
{
    const QString role = name + QStringLiteral("_execution");
    const QString path = configParameterPath(r.name);
    w.blank();
    w.comment(QStringLiteral("The task execution role for the task definition of %1 "
                             "(execution_role_arn): pulls the image, reads the config vars under "
                             "%2 as the task's secrets")
                  .arg(r.name, path));
    iamRole(role, hyphenName(r.name, 50) + QStringLiteral("-execution"),
            QStringLiteral("ecs-tasks.amazonaws.com"),
            {QStringLiteral("service-role/AmazonECSTaskExecutionRolePolicy")});
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_iam_role_policy"), role});
    w.string(QStringLiteral("name"), QStringLiteral("read-config-vars"));
    w.attribute(QStringLiteral("role"), QStringLiteral("aws_iam_role.%1.id").arg(role));
    w.blank(); // a multi-line value: terraform fmt aligns the lines above without it
    w.attribute(QStringLiteral("policy"),
                QStringLiteral("jsonencode({\n"
                               "    Version = \"2012-10-17\"\n"
                               "    Statement = [{\n"
                               "      Effect   = \"Allow\"\n"
                               "      Action   = [\"ssm:GetParameters\"]\n"
                               "      Resource = \"arn:aws:ssm:${var.region}:${var.account_id}:"
                               "parameter%1*\"\n"
                               "    }]\n"
                               "  })")
                    .arg(path));
    w.end();
    out->outputs.append(role + QStringLiteral("_role_arn|aws_iam_role.") + role +
                        QStringLiteral(".arn"));
}

} // namespace Ferry::TerraformExport
