// SPDX-License-Identifier: MIT
// Heroku apps by their formation: each process type (heroku_formation) read from Terraform
// state, written as an App Platform service or worker or an ECS service with its dyno count, and
// the runbook scaling every process type the app has. Expected text was written by hand from the
// Heroku Platform API reference (Formation List), the DigitalOcean provider's digitalocean_app
// spec and the AWS provider's aws_ecs_service.
#include "goldenplans.h"
#include "mappingrules.h"
#include "planfile.h"
#include "runbookmarkdown.h"
#include "terraformexport.h"
#include "tfstateimporter.h"

#include <QTest>

using namespace Ferry;
using Ferry::Test::goldenPlan;

namespace {

/// The block that starts with `head` in `text` (up to its closing brace at the same indent).
QString blockOf(const QString &text, const QString &head)
{
    const qsizetype at = text.indexOf(head);
    if (at < 0)
        return QString();
    const qsizetype lineStart = text.lastIndexOf(u'\n', at) + 1;
    const QString indent = text.mid(lineStart, at - lineStart);
    const qsizetype end = text.indexOf(u'\n' + indent + u'}', at);
    return text.mid(at, end < 0 ? -1 : end - at);
}

/// An app with a web and a worker process type, as the heroku provider's state holds them.
const QByteArray kState = R"({"version":4,"resources":[
{"mode":"managed","type":"heroku_app","name":"shop","provider":"p","instances":[{"attributes":{
"id":"6f4a1c2e-0000-4000-8000-000000000001","name":"shop","region":"us","stack":"heroku-24",
"config_vars":{"SECRET_KEY_BASE":"do-not-read-me"}}}]},
{"mode":"managed","type":"heroku_formation","name":"web","provider":"p","instances":[{
"attributes":{"id":"6f4a1c2e-0000-4000-8000-0000000000aa",
"app_id":"6f4a1c2e-0000-4000-8000-000000000001","type":"web","quantity":3,"size":"Standard-2X"}}]},
{"mode":"managed","type":"heroku_formation","name":"jobs","provider":"p","instances":[{
"attributes":{"id":"6f4a1c2e-0000-4000-8000-0000000000bb",
"app_id":"6f4a1c2e-0000-4000-8000-000000000001","type":"worker","quantity":2,
"size":"standard-1x"}}]}]})";

} // namespace

class TestHeroku : public QObject
{
    Q_OBJECT
private slots:
    /// Each heroku_formation is a resource named by its process type, with its dyno size and
    /// quantity, a member of its app; suggested onto the app's target service.
    void formationFromTerraformState()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().readData(kState, QStringLiteral("s.tfstate"), &inv, &report, &e),
                 qPrintable(e.toString()));
        const Resource &web = inv.resources.at(QStringLiteral("tf:heroku_formation.web"));
        const Resource &worker = inv.resources.at(QStringLiteral("tf:heroku_formation.jobs"));
        QCOMPARE(web.name, QStringLiteral("web"));
        QCOMPARE(web.size, QStringLiteral("Standard-2X"));
        QCOMPARE(web.attributes.value(QStringLiteral("quantity")), QStringLiteral("3"));
        QCOMPARE(worker.name, QStringLiteral("worker"));
        QCOMPARE(worker.attributes.value(QStringLiteral("quantity")), QStringLiteral("2"));
        int memberships = 0;
        for (const Dependency &d : inv.dependencies)
            if (d.to == QLatin1String("tf:heroku_app.shop") &&
                d.kind == DependencyKind::Membership && (d.from == web.id || d.from == worker.id))
                ++memberships;
        QCOMPARE(memberships, 2);
        for (const auto &[id, r] : inv.resources)
            for (auto it = r.attributes.cbegin(); it != r.attributes.cend(); ++it)
                QVERIFY(!it.value().contains(QStringLiteral("do-not-read-me")));
        QCOMPARE(MappingRules::builtIn().suggest(worker, TargetCloud::DigitalOcean).service,
                 QStringLiteral("digitalocean_app"));
        QCOMPARE(MappingRules::builtIn().suggest(worker).service,
                 QStringLiteral("aws_ecs_service"));
    }

    /// Into a DigitalOcean team: web is the app's service with web's dyno count, each other
    /// process type a worker with its own count, size and Procfile command (a variable: neither
    /// the state nor the API says it); config vars once, for every component.
    void appPlatformServiceAndWorkers()
    {
        const auto files = TerraformExport::generate(goldenPlan(QStringLiteral("heroku-do")));
        const QString main = files.value(QStringLiteral("do-production/main.tf"));
        const QString app = blockOf(main, QStringLiteral("resource \"digitalocean_app\" \"shop\""));
        QVERIFY2(!app.isEmpty(), qPrintable(main));
        const QString service = blockOf(app, QStringLiteral("service {"));
        QVERIFY2(service.contains(QStringLiteral("# Heroku's formation: 3 web dynos\n      "
                                                 "instance_count = 3\n")),
                 qPrintable(service));
        const QString worker = blockOf(app, QStringLiteral("worker {"));
        QVERIFY2(worker.contains(QStringLiteral("name        = \"worker\"\n")) &&
                     worker.contains(QStringLiteral("run_command = var.shop_worker_command\n")) &&
                     worker.contains(QStringLiteral("instance_count = 2\n")) &&
                     worker.contains(QStringLiteral("standard-1x (1 vCPU, 512 MiB) → "
                                                    "apps-s-1vcpu-1gb")) &&
                     worker.contains(QStringLiteral("repo           = var.shop_github_repo")),
                 qPrintable(worker));
        QCOMPARE(app.count(QStringLiteral("dynamic \"env\"")), 1);
        QCOMPARE(app.count(QStringLiteral("key   = \"DATABASE_URL\"")), 1);
        QVERIFY(!service.contains(QStringLiteral("env")) &&
                !worker.contains(QStringLiteral("env")));
        const QString variables = files.value(QStringLiteral("do-production/variables.tf"));
        QVERIFY2(variables.contains(QStringLiteral(
                     "variable \"shop_worker_command\" {\n  description = \"Command of the worker "
                     "process type of Heroku app shop: its line in the app's Procfile\"\n  type "
                     "       = string\n}")),
                 qPrintable(variables));
        // The staging app has no formation in the plan: one web instance, no worker.
        const QString staging = files.value(QStringLiteral("do-staging/main.tf"));
        QVERIFY(staging.contains(QStringLiteral("instance_count = 1\n")));
        QVERIFY(!staging.contains(QStringLiteral("worker {")));
    }

    /// Into an AWS account: the app's ECS service takes web's dyno count; a worker is an ECS
    /// service of its own, `<app>-<type>`, with its count and the app's execution role.
    void ecsServicePerProcessType()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(TfStateImporter().readData(kState, QStringLiteral("s.tfstate"), &inv, &report, &e));
        Plan p;
        p.inventory = inv;
        for (const QString &id :
             {QStringLiteral("tf:heroku_app.shop"), QStringLiteral("tf:heroku_formation.web"),
              QStringLiteral("tf:heroku_formation.jobs")})
            p.setMapping({id, QStringLiteral("production"), QStringLiteral("aws_ecs_service"),
                          Strategy::Replatform, 1});
        const auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("production/main.tf"));
        const QString app = blockOf(main, QStringLiteral("resource \"aws_ecs_service\" \"shop\""));
        QVERIFY2(app.contains(QStringLiteral("# Heroku's formation: 3 web dynos of size "
                                             "Standard-2X: size the task definition's cpu and "
                                             "memory from it\n  desired_count = 3\n")),
                 qPrintable(main));
        const QString worker =
            blockOf(main, QStringLiteral("resource \"aws_ecs_service\" \"worker\""));
        QVERIFY2(worker.contains(QStringLiteral("name            = \"shop-worker\"\n")) &&
                     worker.contains(QStringLiteral("desired_count = 2\n")),
                 qPrintable(main));
        QVERIFY(main.contains(QStringLiteral("Runs as the service of Heroku app shop (its "
                                             "desired_count): no block of its own.")));
        QVERIFY(!main.contains(QStringLiteral("resource \"aws_ecs_service\" \"web\"")));
        const QString variables = files.value(QStringLiteral("production/variables.tf"));
        QVERIFY2(variables.contains(QStringLiteral(
                     "Task definition (family:revision or ARN) of the worker process type of "
                     "Heroku app shop: the app's image with the worker line of its Procfile as "
                     "the command; its execution_role_arn is the output "
                     "shop_execution_role_arn")),
                 qPrintable(variables));
        QVERIFY(files.value(QStringLiteral("production/outputs.tf"))
                    .contains(QStringLiteral("output \"shop_execution_role_arn\"")));
    }

    /// The runbook scales every process type the app has (from the Platform API's Formation
    /// List) and back to its quantity and size; a process type has no steps of its own.
    void runbookScalesEveryProcessType()
    {
        const QString md =
            RunbookMarkdown::generate(goldenPlan(QStringLiteral("heroku-do")), QDate(2026, 12, 3));
        QVERIFY2(md.contains(QStringLiteral(
                     "curl -fsS -H \"Accept: application/vnd.heroku+json; version=3\" -H "
                     "\"Authorization: Bearer $(heroku auth:token)\" "
                     "https://api.heroku.com/apps/shop/formation > formation-shop.json\n")),
                 qPrintable(md));
        QVERIFY(md.contains(QStringLiteral(
            "heroku ps:scale $(jq -r '.[] | \"\\(.type)=0\"' formation-shop.json) --app shop\n")));
        QVERIFY(md.contains(QStringLiteral("heroku ps:scale $(jq -r '.[] | "
                                           "\"\\(.type)=\\(.quantity):\\(.size)\"' "
                                           "formation-shop.json) --app shop")));
        QVERIFY(!md.contains(QStringLiteral("worker=0")));
        QVERIFY(md.contains(QStringLiteral("Heroku's formation was `web` ×3 (standard-2x), "
                                           "`worker` ×2 (standard-1x): each process type runs")));
        QVERIFY(!md.contains(QStringLiteral("Heroku process type")));
    }

    /// Heroku Scheduler's jobs run as one-off dynos that maintenance mode and `ps:scale` leave
    /// alone (Heroku Dev Center, "Maintenance Mode"): prepared on the target the week before,
    /// disabled and their dynos stopped with the app, enabled on the target once it runs, and
    /// enabled again on Heroku by the rollback. An app without the add-on gets none of it.
    void schedulerJobsStopWithTheApp()
    {
        const QString md =
            RunbookMarkdown::generate(goldenPlan(QStringLiteral("heroku-do")), QDate(2026, 12, 3));
        const auto stepOf = [&md](const QString &title) {
            const qsizetype at = md.indexOf(title);
            const qsizetype next = md.indexOf(QStringLiteral("\n- [ ] **"), at);
            return at < 0 ? QString() : md.mid(at, next < 0 ? -1 : next - at);
        };
        const QString prepare =
            stepOf(QStringLiteral("Prepare the Heroku Scheduler jobs of Heroku app shop"));
        QVERIFY2(prepare.contains(QStringLiteral("heroku addons:open scheduler --app shop")) &&
                     prepare.contains(QStringLiteral("Do not enable them yet")),
                 qPrintable(md));
        const QString stop = stepOf(QStringLiteral("Put Heroku app shop into maintenance mode"));
        QVERIFY2(stop.contains(QStringLiteral("still run in maintenance mode")) &&
                     stop.contains(QStringLiteral("heroku ps --app shop\n")) &&
                     stop.indexOf(QStringLiteral("maintenance:on")) <
                         stop.indexOf(QStringLiteral("Heroku Scheduler's jobs")),
                 qPrintable(stop));
        QVERIFY(stepOf(QStringLiteral("Start App in DO production for Heroku app shop"))
                    .contains(QStringLiteral("enable the scheduled jobs")));
        QVERIFY(stepOf(QStringLiteral("Take Heroku app shop out of maintenance mode"))
                    .contains(QStringLiteral("Enable Heroku Scheduler's jobs again")));
        QVERIFY(!stepOf(QStringLiteral("Put Heroku app shop-staging into maintenance mode"))
                     .contains(QStringLiteral("Scheduler")));
        QCOMPARE(md.count(QStringLiteral("Prepare the Heroku Scheduler jobs")), 1);
    }
};

QTEST_GUILESS_MAIN(TestHeroku)
#include "tst_heroku.moc"
