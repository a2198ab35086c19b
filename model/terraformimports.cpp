// SPDX-License-Identifier: MIT
#include "terraformresources.h"

#include "hclwriter.h"
#include "resourcekind.h"

#include <QSet>

namespace Ferry::TerraformExport {

namespace {

/// AWS types whose import id (the provider documentation's "Import" section) is the `id`
/// attribute of their state, which the Terraform-state import keeps as `provider_id`.
const QSet<QString> &importedByStateId()
{
    static const QSet<QString> types = {
        QStringLiteral("aws_instance"),
        QStringLiteral("aws_s3_bucket"),
        QStringLiteral("aws_security_group"),
        QStringLiteral("aws_vpc"),
        QStringLiteral("aws_subnet"),
        QStringLiteral("aws_internet_gateway"),
        QStringLiteral("aws_nat_gateway"),
        QStringLiteral("aws_route_table"),
        QStringLiteral("aws_eip"),
        QStringLiteral("aws_ebs_volume"),
        QStringLiteral("aws_db_instance"),
        QStringLiteral("aws_db_subnet_group"),
        QStringLiteral("aws_elasticache_cluster"),
        QStringLiteral("aws_elasticache_replication_group"),
        QStringLiteral("aws_elasticache_subnet_group"),
        QStringLiteral("aws_lb"),
        QStringLiteral("aws_alb"),
        QStringLiteral("aws_lb_target_group"),
        QStringLiteral("aws_lb_listener"),
        QStringLiteral("aws_cloudfront_distribution"),
        QStringLiteral("aws_route53_zone"),
        QStringLiteral("aws_route53_record"),
        QStringLiteral("aws_key_pair"),
        QStringLiteral("aws_launch_template"),
        QStringLiteral("aws_iam_role"),
        QStringLiteral("aws_eks_cluster"),
        QStringLiteral("aws_codepipeline"),
        QStringLiteral("aws_ecr_repository"),
        QStringLiteral("aws_sqs_queue"),
        QStringLiteral("aws_sns_topic"),
        QStringLiteral("aws_lambda_function"),
        QStringLiteral("aws_dynamodb_table"),
        QStringLiteral("aws_kms_key"),
        QStringLiteral("aws_cloudwatch_log_group"),
    };
    return types;
}

} // namespace

bool isAdoptable(const Resource &r)
{
    return r.type.startsWith(QLatin1String("aws_")) &&
           !r.attributes.value(QStringLiteral("provider_id")).isEmpty();
}

void writeAdoption(HclWriter &w, const QList<Adopted> &resources)
{
    w.comment(QStringLiteral("Resources that stay where they run (strategy retain), adopted from "
                             "their real ids (Terraform ≥ 1.5)."));
    w.comment(QStringLiteral("Run once: terraform plan -generate-config-out=adopted.tf"));
    w.comment(QStringLiteral("Terraform writes their resource blocks from what AWS holds, so "
                             "that the next plan shows"));
    w.comment(QStringLiteral("no change; review adopted.tf and keep it in this folder (Ferry's "
                             "exports leave it alone)."));
    for (const Adopted &a : resources) {
        const Resource &r = *a.resource;
        const QString id = r.attributes.value(QStringLiteral("provider_id"));
        w.blank();
        w.comment(QStringLiteral("%1 \"%2\" (%3)").arg(typeLabel(r.type), r.name, r.id));
        if (!importedByStateId().contains(r.type)) {
            w.comment(QStringLiteral("Not adopted here: the import id of %1 is not the id in its "
                                     "state (%2); see the provider's Import section.")
                          .arg(r.type, id));
            continue;
        }
        w.block(QStringLiteral("import"));
        w.attribute(QStringLiteral("to"), r.type + u'.' + a.label);
        if (r.type == QLatin1String("aws_db_instance") && id.startsWith(QLatin1String("db-")))
            w.comment(QStringLiteral("TODO: ") +
                      QStringLiteral("the DB instance's identifier: provider 5.x "
                                     "imports by identifier, not by its resource "
                                     "id"));
        w.string(QStringLiteral("id"), id);
        w.end();
    }
}

} // namespace Ferry::TerraformExport
