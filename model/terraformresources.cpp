// SPDX-License-Identifier: MIT
#include "terraformresources.h"

#include "engineversions.h"
#include "instancesizes.h"
#include "resourcekind.h"
#include "terraformresourcewriter.h"

#include <QRegularExpression>
#include <QSet>

namespace Ferry::TerraformExport {

// A class from the size table (resources/instance-sizes.yaml): the smallest that holds the
// source's vCPUs and memory, both sides' figures in a comment; a TODO when the source's figures
// are not known or no class holds them. The source's own class where the service stays.
void ResourceWriter::sized(const QString &attribute, const QString &fallback, const QString &what)
{
    // A resource that keeps its service (relocated between AWS accounts) keeps its class.
    if (r.type == svc && !r.size.isEmpty()) {
        w.comment(QStringLiteral("The source's class: it moves as it is"));
        w.string(attribute, r.size);
        return;
    }
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
                                   const QString &source, const QString &attribute)
{
    const std::optional<EngineTarget> v = EngineVersions::builtIn().targetFor(svc, engine, source);
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
        w.comment(
            QStringLiteral("The source's %1 %2 as %3 names it").arg(engineName, source, target));
    w.string(attribute, v->version);
}

// The groups the target is a member of: those of the firewalls that protected the source, and
// the group of its trusted sources for a database.
void ResourceWriter::securityGroups(const QString &attribute)
{
    QStringList groups = out->memberGroups(r.id);
    if (const QString trusted = trustedSourcesGroup(); !trusted.isEmpty())
        groups.append(trusted);
    if (!groups.isEmpty())
        w.attribute(attribute, idList(groups));
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
    // The image is a decision: an AMI of the target region that runs what the source ran. An
    // AWS source's own AMI is the default (a private one must be shared with the account).
    static const QRegularExpression amiId(QStringLiteral("^ami-[0-9a-f]{8,17}$"));
    const bool ownAmi = amiId.match(attr("image")).hasMatch();
    const QString v = name + QStringLiteral("_ami");
    out->decisions.append(
        {v, QStringLiteral("string"),
         ownAmi ? QStringLiteral("AMI of %1: by default the source's own, %2 (shared with this "
                                 "account first where it is private)")
                      .arg(r.name, attr("image"))
                : QStringLiteral("AMI of %1 in this account's region, one that runs what the "
                                 "source ran (source image: %2)")
                      .arg(r.name,
                           attr("image").isEmpty() ? QStringLiteral("unknown") : attr("image")),
         ownAmi ? q(attr("image")) : QString()});
    w.attribute(QStringLiteral("ami"), QStringLiteral("var.") + v);
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

void ResourceWriter::write()
{
    if (const QStringList shared = out->sharedSources.value(svc); !shared.isEmpty()) {
        w.comment(
            QStringLiteral("%1 of this account for %2 mapped onto it (the runbook's "
                           "shared target):")
                .arg(typeLabel(svc), shared.size() == 1
                                         ? QStringLiteral("the source")
                                         : QStringLiteral("the %1 sources").arg(shared.size())));
        for (const QString &id : shared) {
            const Resource *s = out->plan->resource(id);
            const Mapping *sm = out->plan->mapping(id);
            w.comment(QStringLiteral("- %1 \"%2\" (%3), strategy %4, wave %5")
                          .arg(typeLabel(s->type), s->name, s->id, strategyName(sm->strategy),
                               QString::number(sm->wave)));
        }
    } else if (const Mapping *own = out->plan->mapping(r.id); own && own->targetService != svc) {
        // A further target of the source (Mapping::alsoServices).
        w.comment(QStringLiteral("Also from %1 \"%2\" (%3), whose own target is %4: strategy "
                                 "%5, wave %6")
                      .arg(typeLabel(r.type), r.name, r.id, own->targetService,
                           strategyName(m.strategy), QString::number(m.wave)));
    } else {
        w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                      .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                           QString::number(m.wave)));
    }
    const Writer kind = writerFor(svc);
    if (kind == Writer::LandingZone) {
        if (svc == QLatin1String("aws_ecs_cluster"))
            out->network.ecsCluster = true;
        w.comment(
            QStringLiteral("Provided by the landing zone (network.tf): no block of its own."));
        return;
    }
    // Heroku's web process type runs as its app's service, which takes its dyno count.
    if (const Resource *app =
            r.type == QLatin1String("heroku_formation") && r.name == QLatin1String("web")
                ? out->herokuAppOf(r)
                : nullptr) {
        w.comment(QStringLiteral("Runs as the service of Heroku app %1 (its desired_count): no "
                                 "block of its own.")
                      .arg(app->name));
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
    if (svc == QLatin1String("aws_route53_record")) {
        // Route 53 makes a zone's own NS and SOA records: the source's would collide with them.
        if (recordAtApex() &&
            (recordType() == QLatin1String("NS") || recordType() == QLatin1String("SOA"))) {
            w.comment(QStringLiteral("The zone's own %1 record: Route 53 creates it with the "
                                     "zone, so it is not exported (delegate the domain to the "
                                     "zone's name_servers at the registrar).")
                          .arg(recordType()));
            return;
        }
        recordPrelude();
    }
    w.block(QStringLiteral("resource"), {svc, name});
    if (restoredAtCutover()) {
        w.comment(QStringLiteral("Created at the cutover from the snapshot its %1_snapshot "
                                 "variable names (the runbook's restore step keeps it in "
                                 "terraform.tfvars); none before. prevent_destroy: a later "
                                 "apply without the variable must not delete what was restored.")
                      .arg(name));
        w.attribute(QStringLiteral("count"),
                    QStringLiteral("var.%1_snapshot == null ? 0 : 1").arg(name));
    }
    if (svc == QLatin1String("aws_instance")) {
        instance();
    } else if (svc == QLatin1String("aws_db_instance")) {
        dbInstance();
    } else if (svc == QLatin1String("aws_elasticache_replication_group")) {
        cache(true);
    } else if (svc == QLatin1String("aws_elasticache_cluster")) {
        cache(false);
    } else if (svc == QLatin1String("aws_redshift_cluster")) {
        redshiftCluster();
    } else if (svc == QLatin1String("aws_s3_bucket")) {
        // Bucket names are global: the source's name, made unique with the account id. A bucket
        // that another kind of source also becomes (its files) is named after its block label,
        // unique in the folder.
        const bool fromBucket = categoryOf(r) == ResourceCategory::Bucket;
        w.comment(
            fromBucket
                ? QStringLiteral("Bucket names are global: the source's name and the account id")
                : QStringLiteral("Bucket names are global: the block's label and the account id"));
        w.attribute(QStringLiteral("bucket"),
                    q(hyphenName(fromBucket ? r.name : name, 50) + u'-').chopped(1) +
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
        // An AWS volume moves by a snapshot shared with this account (runbook: share-snapshot).
        if (restoredAtCutover())
            w.attribute(QStringLiteral("snapshot_id"),
                        snapshotVariable(QStringLiteral("Id of the snapshot of %1 shared with "
                                                        "this account at the cutover (runbook: "
                                                        "share-snapshot, which keeps it in "
                                                        "terraform.tfvars); null until then: no "
                                                        "volume")
                                             .arg(r.id)));
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
        securityGroup();
        return;
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
        w.attribute(
            QStringLiteral("public_key"),
            decide(QStringLiteral("public_key"), QStringLiteral("string"),
                   QStringLiteral("Public key (OpenSSH format) of key pair %1%2")
                       .arg(r.name, attr("fingerprint").isEmpty()
                                        ? QString()
                                        : QStringLiteral(", fingerprint ") + attr("fingerprint"))));
    } else if (svc == QLatin1String("aws_ecr_repository")) {
        // Repository names are per account: the source's, in ECR's characters.
        // ECR: parts of [a-z0-9] runs joined by one of `._-`, parts joined by `/`.
        static const QRegularExpression invalid(QStringLiteral("[^a-z0-9._-]+"));
        static const QRegularExpression separators(QStringLiteral("[._-]{2,}"));
        QStringList parts;
        for (QString part : r.name.toLower().split(u'/', Qt::SkipEmptyParts)) {
            part.replace(invalid, QStringLiteral("-")).replace(separators, QStringLiteral("-"));
            while (!part.isEmpty() && !part.front().isLetterOrNumber())
                part.remove(0, 1);
            while (!part.isEmpty() && !part.back().isLetterOrNumber())
                part.chop(1);
            if (!part.isEmpty())
                parts.append(part);
        }
        QString repository = parts.join(u'/').left(256);
        while (repository.endsWith(u'/') || repository.endsWith(u'-'))
            repository.chop(1);
        if (repository.isEmpty())
            repository = QStringLiteral("repository");
        w.string(QStringLiteral("name"), repository);
        w.comment(kTodo + QStringLiteral("confirm the tag mutability the source's repository has "
                                         "(not imported)"));
        w.string(QStringLiteral("image_tag_mutability"), QStringLiteral("MUTABLE"));
        w.blank();
        w.block(QStringLiteral("image_scanning_configuration"));
        w.attribute(QStringLiteral("scan_on_push"), QStringLiteral("true"));
        w.end();
        // Where the runbook copies the images to.
        out->outputs.append(name + QStringLiteral("_repository_url|") + svc + u'.' + name +
                            QStringLiteral(".repository_url"));
    } else if (svc == QLatin1String("aws_codecommit_repository")) {
        // Letters, digits, `._-`, at most 100, not ending in `.git` (CodeCommit's rules).
        static const QRegularExpression invalid(QStringLiteral("[^A-Za-z0-9._-]+"));
        QString repository = QString(r.name).replace(invalid, QStringLiteral("-")).left(100);
        while (repository.endsWith(QLatin1String(".git")))
            repository.chop(4);
        if (repository.isEmpty())
            repository = QStringLiteral("repository");
        w.string(QStringLiteral("repository_name"), repository);
        w.string(QStringLiteral("description"), QStringLiteral("Migrated from ") + r.id);
        // Where the runbook pushes the mirror to.
        out->outputs.append(name + QStringLiteral("_clone_url_http|") + svc + u'.' + name +
                            QStringLiteral(".clone_url_http"));
    } else if (svc == QLatin1String("aws_launch_template")) {
        w.string(QStringLiteral("name"), hyphenName(r.name, 128));
        w.comment(kTodo + QStringLiteral("the image and instance type of %1").arg(r.name));
    }
    if (taggable)
        tags();
    if (restoredAtCutover()) {
        w.blank();
        w.block(QStringLiteral("lifecycle"));
        w.attribute(QStringLiteral("prevent_destroy"), QStringLiteral("true"));
        w.end();
    }
    w.end();
    if (svc == QLatin1String("aws_ecs_service") && r.type == QLatin1String("heroku_app"))
        ecsExecutionRole();
    if (svc == QLatin1String("aws_db_instance") || svc.startsWith(QLatin1String("aws_elasticache")))
        trustedSourcesRules();
    if (svc != QLatin1String("aws_db_instance") && taggable)
        out->outputs.append(name + QStringLiteral("_id|") + reference(QStringLiteral("id")));
}

Writer writerFor(const QString &service)
{
    static const QSet<QString> written = {
        QStringLiteral("aws_instance"),
        QStringLiteral("aws_db_instance"),
        QStringLiteral("aws_elasticache_replication_group"),
        QStringLiteral("aws_elasticache_cluster"),
        QStringLiteral("aws_s3_bucket"),
        QStringLiteral("aws_lb"),
        QStringLiteral("aws_alb"),
        QStringLiteral("aws_cloudfront_distribution"),
        QStringLiteral("aws_route53_zone"),
        QStringLiteral("aws_route53_record"),
        QStringLiteral("aws_ebs_volume"),
        QStringLiteral("aws_vpc"),
        QStringLiteral("aws_security_group"),
        QStringLiteral("aws_eks_cluster"),
        QStringLiteral("aws_ecs_service"),
        QStringLiteral("aws_eip"),
        QStringLiteral("aws_key_pair"),
        QStringLiteral("aws_launch_template"),
        QStringLiteral("aws_ecr_repository"),
        QStringLiteral("aws_codecommit_repository"),
        QStringLiteral("aws_redshift_cluster"),
    };
    static const QSet<QString> landingZone = {
        QStringLiteral("aws_subnet"),
        QStringLiteral("aws_internet_gateway"),
        QStringLiteral("aws_nat_gateway"),
        QStringLiteral("aws_route_table"),
        QStringLiteral("aws_route_table_association"),
        QStringLiteral("aws_route"),
        QStringLiteral("aws_db_subnet_group"),
        QStringLiteral("aws_elasticache_subnet_group"),
        QStringLiteral("aws_ecs_cluster"),
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
