// SPDX-License-Identifier: MIT
// Resources that move into an AWS account by kind: from another AWS account (strategy relocate:
// ECR and CodeCommit repositories, Redshift clusters, snapshot-restored blocks) and a Heroku app's
// config vars.
// Expected commands were written from the AWS CLI, skopeo and git references by hand.
#include "goldenplans.h"
#include "mappingrules.h"
#include "planfile.h"
#include "runbookmarkdown.h"
#include "terraformexport.h"
#include "tfstateimporter.h"

#include <QRegularExpression>
#include <QTest>

using namespace Ferry;
using Ferry::Test::goldenPlan;

namespace {

/// The Markdown of step `title` (up to the next step), or empty.
QString stepOf(const QString &md, const QString &title)
{
    const qsizetype at = md.indexOf(title);
    if (at < 0)
        return QString();
    const qsizetype next = md.indexOf(QStringLiteral("\n- [ ] **"), at);
    return md.mid(at, next < 0 ? -1 : next - at);
}

} // namespace

class TestRelocation : public QObject
{
    Q_OBJECT
private slots:
    /// A CodeCommit repository: its address kept from the state (clone_url_http), mirrored the
    /// week before, the day before and in the window, every ref compared.
    void codeCommitRepository()
    {
        // `\/` for `/`: moc takes `//` inside a raw string for a comment.
        const QByteArray state = R"({"version":4,"resources":[{"mode":"managed",
"type":"aws_codecommit_repository","name":"shop","provider":"p","instances":[{"attributes":{
"id":"shop","repository_name":"shop","arn":"arn:aws:codecommit:us-east-1:111122223333:shop",
"clone_url_http":"https:\/\/git-codecommit.us-east-1.amazonaws.com/v1/repos/shop",
"clone_url_ssh":"ssh:\/\/git-codecommit.us-east-1.amazonaws.com/v1/repos/shop"}}]}]})";
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &inv, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(inv.resources.at(QStringLiteral("tf:aws_codecommit_repository.shop"))
                     .attributes.value(QStringLiteral("clone_url")),
                 QStringLiteral("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/shop"));

        Plan p = goldenPlan(QStringLiteral("aws-split"));
        const auto files = TerraformExport::generate(p);
        QVERIFY2(files.value(QStringLiteral("staging/main.tf"))
                     .contains(QStringLiteral("resource \"aws_codecommit_repository\" \"shop\" {\n"
                                              "  repository_name = \"shop\"\n")),
                 qPrintable(files.value(QStringLiteral("staging/main.tf"))));
        QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        const QString mirror = stepOf(md, QStringLiteral("Mirror CodeCommit repository shop to"));
        const QString resync =
            stepOf(md, QStringLiteral("Push what changed in CodeCommit repository shop since"));
        const QString last =
            stepOf(md, QStringLiteral("Final mirror of CodeCommit repository shop and compare"));
        QVERIFY2(!mirror.isEmpty() && !resync.isEmpty() && !last.isEmpty(), qPrintable(md));
        QVERIFY(md.indexOf(mirror) < md.indexOf(resync));
        QVERIFY(md.indexOf(resync) < md.indexOf(last));
        QVERIFY(mirror.contains(QStringLiteral(
            "SOURCE_URL=https://git-codecommit.us-east-1.amazonaws.com/v1/repos/shop\n")));
        QVERIFY(mirror.contains(QStringLiteral(
            "TARGET_URL=$(terraform -chdir=staging output -raw shop_clone_url_http)\n")));
        QVERIFY(mirror.contains(QStringLiteral("git clone --mirror \"$SOURCE_URL\" mirror.git")));
        QVERIFY(resync.contains(QStringLiteral("git -C mirror.git remote update --prune")));
        QVERIFY(last.contains(QStringLiteral("diff source-refs.txt target-refs.txt")));
        QVERIFY(md.contains(QStringLiteral("Keep CodeCommit repository shop as the repository")));
        // An address of another form never reaches a command.
        p.inventory.resources.at(QStringLiteral("tf:aws_codecommit_repository.shop"))
            .attributes.insert(QStringLiteral("clone_url"),
                               QStringLiteral("https://evil.example/$(rm -rf /)"));
        md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        QVERIFY(!md.contains(QStringLiteral("evil.example")));
        QVERIFY(
            md.contains(QStringLiteral("# SOURCE_URL: the source repository's clone_url_http")));
    }

    /// A Heroku app on ECS: its task execution role reads the config vars the runbook puts
    /// under the app's Parameter Store path, the same path in both.
    void herokuConfigVarsOnEcs()
    {
        Plan p;
        Resource app;
        app.id = QStringLiteral("heroku:app:Shop_Web");
        app.type = QStringLiteral("heroku_app");
        app.provider = QStringLiteral("heroku");
        app.name = QStringLiteral("Shop_Web");
        p.inventory.add(app);
        p.setMapping({app.id, QStringLiteral("production"), QStringLiteral("aws_ecs_service"),
                      Strategy::Replatform, 1});
        const auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("production/main.tf"));
        QVERIFY2(main.contains(QStringLiteral("resource \"aws_ecs_service\" \"shop_web\" {\n"
                                              "  name ")),
                 qPrintable(main));
        QVERIFY(main.contains(QStringLiteral("= \"shop-web\"\n")));
        QVERIFY2(main.contains(QStringLiteral("Service = \"ecs-tasks.amazonaws.com\"")) &&
                     main.contains(QStringLiteral("arn:aws:iam::aws:policy/service-role/"
                                                  "AmazonECSTaskExecutionRolePolicy")),
                 qPrintable(main));
        QVERIFY2(
            main.contains(QStringLiteral("Action   = [\"ssm:GetParameters\"]\n      Resource = "
                                         "\"arn:aws:ssm:${var.region}:${var.account_id}:"
                                         "parameter/shop-web/*\"")),
            qPrintable(main));
        QVERIFY(files.value(QStringLiteral("production/outputs.tf"))
                    .contains(QStringLiteral("output \"shop_web_execution_role_arn\"")));
        const QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        QVERIFY2(
            md.contains(QStringLiteral("--name \"/shop-web/$name\" --value file:///dev/stdin")),
            qPrintable(md));
    }

    void ecrRepositoryTerraform()
    {
        Plan p = goldenPlan(QStringLiteral("aws-split"));
        auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("staging/main.tf"));
        QVERIFY2(main.contains(QStringLiteral("resource \"aws_ecr_repository\" \"shop_web\" {\n"
                                              "  name = \"shop/web\"\n")),
                 qPrintable(main));
        QVERIFY(files.value(QStringLiteral("staging/outputs.tf"))
                    .contains(QStringLiteral("output \"shop_web_repository_url\" {\n  value = "
                                             "aws_ecr_repository.shop_web.repository_url\n}")));
        // A name ECR refuses becomes one it takes: lowercase, one separator between runs of
        // letters and digits, none at either end of a part.
        for (const auto &[given, written] :
             {std::pair{"_Shop Web", "shop-web"}, std::pair{"Team//A..b_/C!", "team/a-b/c"},
              std::pair{"--", "repository"}}) {
            p.inventory.resources.at(QStringLiteral("tf:aws_ecr_repository.shop")).name =
                QString::fromLatin1(given);
            files = TerraformExport::generate(p);
            QVERIFY2(files.value(QStringLiteral("staging/main.tf"))
                         .contains(QStringLiteral("  name = \"%1\"\n").arg(QLatin1String(written))),
                     given);
        }
    }

    /// An RDS instance relocated by snapshot exists only once its snapshot variable is set: the
    /// week-before apply needs no snapshot that does not exist yet, the restore step keeps the
    /// value in terraform.tfvars, and a later apply without it cannot delete the instance.
    void snapshotRestoredBlocksWaitForTheirSnapshot()
    {
        const Plan p = goldenPlan(QStringLiteral("aws-split"));
        const auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("staging/main.tf"));
        const qsizetype at =
            main.indexOf(QStringLiteral("resource \"aws_db_instance\" \"cpbzf\" {"));
        QVERIFY2(at >= 0, qPrintable(main));
        const QString block = main.mid(at, main.indexOf(QStringLiteral("\n}\n"), at) - at);
        QVERIFY2(block.contains(QStringLiteral(
                     "  count               = var.cpbzf_snapshot == null ? 0 : 1\n")),
                 qPrintable(block));
        QVERIFY(block.contains(QStringLiteral("snapshot_identifier = var.cpbzf_snapshot\n")));
        QVERIFY(block.contains(QStringLiteral("  lifecycle {\n    prevent_destroy = true\n  }")));
        QVERIFY2(files.value(QStringLiteral("staging/variables.tf"))
                         .contains(QStringLiteral("variable \"cpbzf_snapshot\" {\n")) &&
                     files.value(QStringLiteral("staging/variables.tf"))
                         .contains(QStringLiteral(
                             "terraform.tfvars); null until then: no "
                             "instance\"\n  type        = string\n  default     = null\n")),
                 qPrintable(files.value(QStringLiteral("staging/variables.tf"))));
        QVERIFY(files.value(QStringLiteral("staging/outputs.tf"))
                    .contains(QStringLiteral("value = one(aws_db_instance.cpbzf[*].endpoint)")));
        // Its class is the source's own: it moves as it is (no table, no TODO).
        {
            Plan sized = p;
            sized.inventory.resources.at(QStringLiteral("tf:module.lemp.aws_db_instance.Cpbzf[0]"))
                .size = QStringLiteral("db.m5.large");
            const QString sizedMain =
                TerraformExport::generate(sized).value(QStringLiteral("staging/main.tf"));
            QVERIFY2(sizedMain.contains(QStringLiteral("  # The source's class: it moves as it "
                                                       "is\n  instance_class = \"db.m5.large\"")),
                     qPrintable(sizedMain));
        }
        const QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        QVERIFY2(
            md.contains(QStringLiteral(">> staging/terraform.tfvars\n  terraform -chdir=staging "
                                       "apply -target=aws_db_instance.cpbzf\n")),
            qPrintable(md));
        QVERIFY(!md.contains(QStringLiteral("$LABEL")));
    }

    /// A Redshift cluster relocated to another account: read from the state (identifier, node
    /// type, nodes), restored from a cluster snapshot shared with the target account, in the
    /// landing zone's Redshift subnet group; the runbook's commands as the AWS CLI reference for
    /// `aws redshift` names them.
    void redshiftCluster()
    {
        const QByteArray state = R"({"version":4,"resources":[{"mode":"managed",
"type":"aws_redshift_cluster","name":"dw","provider":"p","instances":[{"attributes":{
"id":"analytics","cluster_identifier":"analytics","node_type":"ra3.xlplus",
"number_of_nodes":2,"cluster_version":"1.0","master_password":"hunter2-secret",
"master_username":"awsuser","vpc_security_group_ids":[]}}]}]})";
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &inv, &report, &e),
                 qPrintable(e.toString()));
        const Resource &dw = inv.resources.at(QStringLiteral("tf:aws_redshift_cluster.dw"));
        QCOMPARE(dw.name, QStringLiteral("analytics"));
        QCOMPARE(dw.size, QStringLiteral("ra3.xlplus"));
        QCOMPARE(dw.attributes.value(QStringLiteral("node_count")), QStringLiteral("2"));
        QCOMPARE(dw.attributes.value(QStringLiteral("provider_id")), QStringLiteral("analytics"));
        for (auto it = dw.attributes.cbegin(); it != dw.attributes.cend(); ++it)
            QVERIFY(!it.value().contains(QStringLiteral("hunter2")));
        QCOMPARE(MappingRules::builtIn().suggest(dw).service,
                 QStringLiteral("aws_redshift_cluster"));
        QCOMPARE(MappingRules::builtIn().suggest(dw).strategy, Strategy::Relocate);

        const Plan p = goldenPlan(QStringLiteral("aws-split"));
        const auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("staging/main.tf"));
        const qsizetype at =
            main.indexOf(QStringLiteral("resource \"aws_redshift_cluster\" \"analytics\" {"));
        QVERIFY2(at >= 0, qPrintable(main));
        // The block's lines, without the formatter's alignment.
        const QString block =
            main.mid(at, main.indexOf(QStringLiteral("\n}\n"), at) - at)
                .replace(QRegularExpression(QStringLiteral(" +=")), QStringLiteral(" ="));
        for (const char *line :
             {"  count = var.analytics_snapshot == null ? 0 : 1\n",
              "  cluster_identifier = \"analytics\"\n",
              "  snapshot_identifier = var.analytics_snapshot\n",
              "  owner_account = var.analytics_snapshot_owner\n", "  node_type = \"ra3.xlplus\"\n",
              "  cluster_type = \"multi-node\"\n", "  number_of_nodes = 2\n",
              "  cluster_subnet_group_name = "
              "aws_redshift_subnet_group.landing_zone.name\n",
              "    prevent_destroy = true\n"})
            QVERIFY2(block.contains(QLatin1String(line)), line);
        QVERIFY(!block.contains(QStringLiteral("master_password")));
        QVERIFY2(files.value(QStringLiteral("staging/network.tf"))
                     .contains(QStringLiteral("resource \"aws_redshift_subnet_group\" "
                                              "\"landing_zone\" {\n  name       = "
                                              "\"staging-warehouses\"\n  subnet_ids = "
                                              "aws_subnet.private[*].id\n")),
                 qPrintable(files.value(QStringLiteral("staging/network.tf"))));
        QVERIFY(files.value(QStringLiteral("staging/outputs.tf"))
                    .contains(QStringLiteral(
                        "value = one(aws_redshift_cluster.analytics[*].cluster_identifier)")));

        const QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        const QString rehearse = stepOf(
            md, QStringLiteral("Rehearse the snapshot restore of Redshift cluster analytics"));
        const QString snap =
            stepOf(md, QStringLiteral("Snapshot Redshift cluster analytics and share it"));
        const QString restore = stepOf(
            md, QStringLiteral("Restore Redshift cluster analytics in staging from the shared"));
        QVERIFY2(!rehearse.isEmpty() && !snap.isEmpty() && !restore.isEmpty(), qPrintable(md));
        QVERIFY(md.indexOf(snap) < md.indexOf(restore));
        QVERIFY2(snap.contains(QStringLiteral(
                     "aws redshift create-cluster-snapshot --cluster-identifier analytics "
                     "--snapshot-identifier analytics-cutover\n  aws redshift wait "
                     "snapshot-available --snapshot-identifier analytics-cutover\n  aws redshift "
                     "authorize-snapshot-access --snapshot-identifier analytics-cutover "
                     "--account-with-restore-access \"$TARGET_ACCOUNT_ID\"")),
                 qPrintable(snap));
        QVERIFY(rehearse.contains(QStringLiteral("--snapshot-identifier analytics-rehearsal")));
        QVERIFY2(restore.contains(QStringLiteral(
                     "echo \"analytics_snapshot = \\\"analytics-cutover\\\"\" >> "
                     "staging/terraform.tfvars\n  echo \"analytics_snapshot_owner = "
                     "\\\"$SOURCE_ACCOUNT_ID\\\"\" >> staging/terraform.tfvars\n  terraform "
                     "-chdir=staging apply -target=aws_redshift_cluster.analytics\n  aws "
                     "redshift wait cluster-restored --cluster-identifier \"$(terraform "
                     "-chdir=staging output -raw analytics_identifier)\"")),
                 qPrintable(restore));
        QVERIFY(md.contains(QStringLiteral("Keep Redshift cluster analytics as the database")));

        // An identifier AWS would not give never reaches a command (some stand inside double
        // quotes, where a single-quoted word still expands).
        Plan hostile = p;
        hostile.inventory.resources.at(QStringLiteral("tf:aws_redshift_cluster.analytics"))
            .attributes.insert(QStringLiteral("provider_id"), QStringLiteral("x$(touch pwned)"));
        const QString bad = RunbookMarkdown::generate(hostile, QDate(2026, 12, 3));
        QVERIFY(!bad.contains(QStringLiteral("touch pwned")));
        QVERIFY2(
            bad.contains(QStringLiteral("set `SOURCE_IDENTIFIER` to the cluster's identifier")) &&
                bad.contains(QStringLiteral("--cluster-identifier $SOURCE_IDENTIFIER "
                                            "--snapshot-identifier $SOURCE_IDENTIFIER-cutover")),
            qPrintable(bad));
    }

    void ecrRepositoryRunbook()
    {
        Plan p = goldenPlan(QStringLiteral("aws-split"));
        QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        const QString rule =
            stepOf(md, QStringLiteral("Replicate the images pushed to ECR repository shop/web"));
        const QString copy =
            stepOf(md, QStringLiteral("Copy the tagged images of ECR repository shop/web"));
        const QString compare =
            stepOf(md, QStringLiteral("Compare the tags and digests of ECR repository shop/web"));
        const QString cleanup =
            stepOf(md, QStringLiteral("Remove the replication rule of ECR repository shop/web"));
        QVERIFY2(!rule.isEmpty() && !copy.isEmpty() && !compare.isEmpty() && !cleanup.isEmpty(),
                 qPrintable(md));
        // The rule before the copy (replication carries only what is pushed after it), both the
        // week before; the compare in the window; the rule removed at cleanup.
        QVERIFY(md.indexOf(rule) < md.indexOf(copy));
        QVERIFY(md.indexOf(copy) < md.indexOf(compare));
        QVERIFY(md.indexOf(compare) < md.indexOf(cleanup));
        // The staging account's id is not known: the organization folder's output, and the
        // variable outside the JSON's single quotes.
        QVERIFY2(rule.contains(QStringLiteral("TARGET_ACCOUNT_ID=$(terraform -chdir=organization "
                                              "output -json account_ids | jq -r "
                                              "'.[\"staging\"]')\n")),
                 qPrintable(rule));
        QVERIFY2(rule.contains(QStringLiteral(
                     "\"Action\":\"ecr:ReplicateImage\",\"Resource\":\"arn:aws:ecr:us-east-1:'\""
                     "$TARGET_ACCOUNT_ID\"':repository/*\"}]}'")),
                 qPrintable(rule));
        QVERIFY(rule.contains(
            QStringLiteral("{\"filter\":\"shop/web\",\"filterType\":\"PREFIX_MATCH\"}")));
        QVERIFY(rule.contains(QStringLiteral("aws ecr describe-registry --query "
                                             "replicationConfiguration > replication.json")));
        QVERIFY2(copy.contains(QStringLiteral(
                     "TARGET_URL=$(terraform -chdir=staging output -raw shop_web_repository_url)")),
                 qPrintable(copy));
        QVERIFY(
            copy.contains(QStringLiteral("skopeo copy --all --src-creds \"AWS:$SOURCE_PASSWORD\" "
                                         "--dest-creds \"AWS:$TARGET_PASSWORD\" "
                                         "\"docker://$SOURCE_REGISTRY/shop/web:$TAG\" "
                                         "\"docker://$TARGET_URL:$TAG\"")));
        QVERIFY(compare.contains(QStringLiteral("diff source-images.txt target-images.txt")));
        QVERIFY(md.contains(QStringLiteral("Keep ECR repository shop/web as the registry")));

        // A known account id is written in; a name ECR would refuse never reaches a command.
        p.organization.account(QStringLiteral("staging"))->awsAccountId =
            QStringLiteral("444455556666");
        p.inventory.resources.at(QStringLiteral("tf:aws_ecr_repository.shop")).name =
            QStringLiteral("web;rm -rf /");
        md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        const QString known = stepOf(md, QStringLiteral("Replicate the images pushed to"));
        QVERIFY2(known.contains(QStringLiteral("TARGET_ACCOUNT_ID=444455556666   # account "
                                               "staging\n")),
                 qPrintable(known));
        QVERIFY(!md.contains(QStringLiteral("output -json account_ids")));
        QVERIFY(known.contains(QStringLiteral("set `REPOSITORY` to the repository's name")));
        QVERIFY(!md.contains(QStringLiteral("rm -rf /:$TAG")));
        QVERIFY(!md.contains(QStringLiteral("--repository-name web;rm")));
        QVERIFY(md.contains(QStringLiteral("--repository-name \"$REPOSITORY\"")));
    }
};

QTEST_GUILESS_MAIN(TestRelocation)
#include "tst_relocation.moc"
