// SPDX-License-Identifier: MIT
// The runbook as a graph of steps (issue #13): for each kind of resource and target, the
// actions that must and must not appear; rollback as the inverse of the cutover; ids stable
// across regenerations; the merge that keeps user edits; the schedule's critical path on
// graphs checked by hand; the plan file's runbook sections.
#include "planfile.h"
#include "runbookedit.h"
#include "runbookgenerator.h"
#include "runbookmarkdown.h"
#include "runbookschedule.h"
#include "runbooktemplates.h"
#include "runprogress.h"
#include "terraformexport.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Ferry;

namespace {

Resource resource(const QString &id, const QString &type, const QString &name,
                  const StringMap &attributes = {})
{
    Resource r;
    r.id = id;
    r.provider = type.section(u'_', 0, 0);
    r.type = type;
    r.name = name;
    r.attributes = attributes;
    return r;
}

/// A plan with one account per environment and the resources given, each mapped to `service`
/// in production (wave 1) unless `mappings` says otherwise.
Plan planOf(const QList<std::pair<Resource, QString>> &resources)
{
    Plan p;
    for (const auto &[r, service] : resources) {
        p.inventory.resources.emplace(r.id, r);
        Mapping m;
        m.resourceId = r.id;
        m.accountId = QStringLiteral("production");
        m.targetService = service;
        p.setMapping(m);
    }
    return p;
}

/// The action part of the ids of the steps acting on `resource`.
QStringList actionsOf(const Runbook &rb, const QString &resource)
{
    QStringList out;
    for (const auto &[id, s] : rb.steps)
        if (s.resource == resource)
            out.append(id.section(u'/', 0, 1));
    out.sort();
    return out;
}

QString textOf(const Runbook &rb, const QString &resource)
{
    QString out;
    for (const auto &[id, s] : rb.steps)
        if (s.resource == resource)
            out += s.title + u'\n' + s.instructions + u'\n';
    return out;
}

QStringList names(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out.append(QString::fromUtf8(i));
    return out;
}

RunbookStep step(const QString &id, int minutes, const QStringList &after,
                 RunbookPhase phase = RunbookPhase::Cutover)
{
    RunbookStep s;
    s.id = id;
    s.title = id;
    s.phase = phase;
    s.plannedMinutes = minutes;
    s.after = after;
    return s;
}

RunbookStep step(const char *id, int minutes, std::initializer_list<const char *> after,
                 RunbookPhase phase = RunbookPhase::Cutover)
{
    return step(QString::fromUtf8(id), minutes, names(after), phase);
}

} // namespace

class TestRunbook : public QObject
{
    Q_OBJECT

private slots:
    void stepsPerKind_data()
    {
        QTest::addColumn<Resource>("source");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QStringList>("must");
        QTest::addColumn<QStringList>("mustNot");
        QTest::addColumn<QStringList>("wordsNot");
        const QStringList sqlWords = {QStringLiteral("promote")};
        QTest::newRow("DigitalOcean PostgreSQL → RDS: logical replication")
            << resource(QStringLiteral("do:dbaas:1"),
                        QStringLiteral("digitalocean_database_cluster"), QStringLiteral("backend"),
                        {{QStringLiteral("engine"), QStringLiteral("pg")},
                         {QStringLiteral("version"), QStringLiteral("15")}})
            << QStringLiteral("aws_db_instance")
            << names({"week-before/start-replication", "day-before/check-replication",
                      "cutover/replication-caught-up", "cutover/advance-sequences",
                      "cutover/compare-data", "cutover/stop-replication",
                      "rollback/keep-source-database", "cleanup/drop-publication",
                      "cleanup/decommission"})
            << names({"cutover/dump-restore", "week-before/deploy", "cutover/stop-writers",
                      "week-before/rehearse-major-upgrade"})
            << sqlWords;
        QTest::newRow("PostgreSQL 10 → RDS 14: logical replication and an upgrade rehearsal")
            << resource(QStringLiteral("do:dbaas:10"),
                        QStringLiteral("digitalocean_database_cluster"), QStringLiteral("old"),
                        {{QStringLiteral("engine"), QStringLiteral("pg")},
                         {QStringLiteral("version"), QStringLiteral("10")}})
            << QStringLiteral("aws_db_instance")
            << names({"week-before/rehearse-major-upgrade", "week-before/start-replication",
                      "cutover/compare-data"})
            << names({"cutover/dump-restore"}) << sqlWords;
        QTest::newRow("PostgreSQL 9.6 → RDS: dump and restore")
            << resource(QStringLiteral("do:dbaas:2"),
                        QStringLiteral("digitalocean_database_cluster"), QStringLiteral("legacy"),
                        {{QStringLiteral("engine"), QStringLiteral("pg")},
                         {QStringLiteral("version"), QStringLiteral("9.6")}})
            << QStringLiteral("aws_db_instance")
            << names({"week-before/rehearse-restore", "cutover/dump-restore",
                      "cutover/compare-data", "week-before/rehearse-major-upgrade"})
            << names({"week-before/start-replication", "cutover/advance-sequences"}) << sqlWords;
        QTest::newRow("Heroku Postgres → RDS: dump and restore, no replication")
            << resource(QStringLiteral("heroku:addon:1"), QStringLiteral("heroku_addon"),
                        QStringLiteral("postgresql-shiny-123"),
                        {{QStringLiteral("plan"), QStringLiteral("heroku-postgresql:standard-0")},
                         {QStringLiteral("app"), QStringLiteral("shop")}})
            << QStringLiteral("aws_db_instance")
            << names({"week-before/rehearse-restore", "cutover/dump-restore",
                      "cutover/compare-data", "rollback/keep-source-database"})
            << names({"week-before/start-replication", "cutover/replication-caught-up",
                      "cutover/advance-sequences", "cleanup/drop-publication"})
            << names({"promote", "CREATE SUBSCRIPTION", "replication slot"});
        QTest::newRow("Redis cluster → ElastiCache: copied or rebuilt, never promoted")
            << resource(QStringLiteral("do:dbaas:3"),
                        QStringLiteral("digitalocean_database_cluster"), QStringLiteral("sessions"),
                        {{QStringLiteral("engine"), QStringLiteral("redis")}})
            << QStringLiteral("aws_elasticache_replication_group")
            << names({"week-before/decide-cache-data", "cutover/copy-cache-data",
                      "rollback/keep-source-cache"})
            << names({"cutover/replication-caught-up", "cutover/advance-sequences",
                      "cutover/compare-data", "week-before/start-replication"})
            << names({"promote", "sequence", "pg_dump"});
        QTest::newRow("PostgreSQL on a droplet → RDS: logical replication after wal_level")
            << resource(QStringLiteral("do:droplet:4"), QStringLiteral("digitalocean_droplet"),
                        QStringLiteral("db-1"))
            << QStringLiteral("aws_db_instance")
            << names({"week-before/enable-logical-wal", "week-before/start-replication",
                      "cutover/replication-caught-up", "cutover/compare-data",
                      "cleanup/decommission"})
            << names({"week-before/deploy", "cutover/start-target", "cutover/stop-writers"})
            << names({"deploy the application", "Install the application"});
        QTest::newRow("MySQL → RDS: mysqldump, no sequences")
            << resource(QStringLiteral("do:dbaas:5"),
                        QStringLiteral("digitalocean_database_cluster"), QStringLiteral("wp"),
                        {{QStringLiteral("engine"), QStringLiteral("mysql")}})
            << QStringLiteral("aws_db_instance")
            << names({"cutover/dump-restore", "week-before/rehearse-restore"})
            << names({"cutover/advance-sequences", "week-before/start-replication"})
            << names({"pg_dump", "pg_restore", "promote"});
        QTest::newRow("RDS PostgreSQL → RDS in a new account: rds.logical_replication first")
            << resource(QStringLiteral("tf:aws_db_instance.main"),
                        QStringLiteral("aws_db_instance"), QStringLiteral("main"),
                        {{QStringLiteral("engine"), QStringLiteral("postgres")}})
            << QStringLiteral("aws_db_instance")
            << names({"week-before/enable-logical-wal", "week-before/start-replication"})
            << names({"cutover/dump-restore"}) << names({"wal_level"});
        QTest::newRow("Spaces → S3: rclone, object counts compared")
            << resource(QStringLiteral("do:space:media"),
                        QStringLiteral("digitalocean_spaces_bucket"), QStringLiteral("media"))
            << QStringLiteral("aws_s3_bucket")
            << names({"week-before/initial-sync", "day-before/resync", "cutover/final-sync",
                      "cutover/compare-objects", "rollback/keep-source-bucket"})
            << names({"cutover/stop-writers", "cutover/advance-sequences"})
            << names({"promote", "sequence"});
        QTest::newRow("DigitalOcean volume → EBS: rsync, no portable snapshot")
            << resource(QStringLiteral("do:volume:6"), QStringLiteral("digitalocean_volume"),
                        QStringLiteral("data"))
            << QStringLiteral("aws_ebs_volume")
            << names({"week-before/initial-copy", "cutover/final-copy"})
            << names({"cutover/share-snapshot"}) << names({"create-snapshot"});
        QTest::newRow("EBS volume → another account: snapshot shared")
            << resource(QStringLiteral("tf:aws_ebs_volume.data"), QStringLiteral("aws_ebs_volume"),
                        QStringLiteral("data"))
            << QStringLiteral("aws_ebs_volume") << names({"cutover/share-snapshot"})
            << names({"cutover/final-copy"}) << names({"rsync"});
        QTest::newRow("A record: TTL lowered from its own value, switched, switched back")
            << resource(QStringLiteral("do:record:7"), QStringLiteral("digitalocean_record"),
                        QStringLiteral("www"),
                        {{QStringLiteral("record_type"), QStringLiteral("A")},
                         {QStringLiteral("ttl"), QStringLiteral("3600")},
                         {QStringLiteral("domain"), QStringLiteral("example.com")},
                         {QStringLiteral("value"), QStringLiteral("203.0.113.7")}})
            << QStringLiteral("aws_route53_record")
            << names({"week-before/lower-ttl", "cutover/switch-dns", "rollback/switch-dns-back",
                      "verification/resolve", "cleanup/restore-ttl"})
            << names({"cleanup/decommission"}) << names({"final backup"});
        QTest::newRow("MX record: travels with the zone, no steps of its own")
            << resource(QStringLiteral("do:record:8"), QStringLiteral("digitalocean_record"),
                        QStringLiteral("@"),
                        {{QStringLiteral("record_type"), QStringLiteral("MX")}})
            << QStringLiteral("aws_route53_record") << QStringList{}
            << names({"week-before/lower-ttl", "cutover/switch-dns"}) << QStringList{};
        QTest::newRow("Firewall: deleted at cleanup, nothing backed up")
            << resource(QStringLiteral("do:firewall:9"), QStringLiteral("digitalocean_firewall"),
                        QStringLiteral("web"))
            << QStringLiteral("aws_security_group") << names({"cleanup/decommission"})
            << names({"cutover/stop-writers", "week-before/deploy"}) << names({"final backup"});
        QTest::newRow("Heroku app → ECS: maintenance, formation noted and restored")
            << resource(QStringLiteral("heroku:app:10"), QStringLiteral("heroku_app"),
                        QStringLiteral("shop"))
            << QStringLiteral("aws_ecs_service")
            << names({"week-before/deploy", "cutover/stop-writers", "rollback/restart-source",
                      "cutover/start-target", "verification/check-service"})
            << names({"cutover/replication-caught-up"})
            << names({"kubectl", "--value \"$", "@tsv"}); // no secret on a command line
        QTest::newRow("Kubernetes → EKS: workloads scaled to zero before the data")
            << resource(QStringLiteral("do:kubernetes:11"),
                        QStringLiteral("digitalocean_kubernetes_cluster"), QStringLiteral("k8s"))
            << QStringLiteral("aws_eks_cluster")
            << names({"week-before/create-shared-target", "week-before/deploy",
                      "cutover/stop-writers", "rollback/restart-source", "cutover/start-target"})
            << names({"cutover/dump-restore"}) << names({"heroku"});
    }

    void stepsPerKind()
    {
        QFETCH(Resource, source);
        QFETCH(QString, service);
        QFETCH(QStringList, must);
        QFETCH(QStringList, mustNot);
        QFETCH(QStringList, wordsNot);
        const Plan p = planOf({{source, service}});
        const Runbook rb = RunbookGenerator::generate(p);
        const QStringList actions = actionsOf(rb, source.id);
        for (const QString &a : std::as_const(must))
            QVERIFY2(actions.contains(a) ||
                         (a == QLatin1String("week-before/create-shared-target") &&
                          rb.step(QStringLiteral("week-before/create-shared-target/production/") +
                                  service)),
                     qPrintable(a + QStringLiteral(" missing from ") + actions.join(u' ')));
        for (const QString &a : std::as_const(mustNot))
            QVERIFY2(!actions.contains(a), qPrintable(a));
        const QString text = textOf(rb, source.id);
        for (const QString &w : std::as_const(wordsNot))
            QVERIFY2(!text.contains(w, Qt::CaseInsensitive), qPrintable(w));
        // Every step names its resource: no two titles alike.
        QSet<QString> titles;
        for (const auto &[id, s] : rb.steps) {
            QVERIFY2(!titles.contains(s.title), qPrintable(s.title));
            titles.insert(s.title);
        }
    }

    /// A server that also becomes an S3 bucket (Mapping::alsoServices): its files are copied
    /// over SSH the week before, the day before and, once writers are stopped, a last time and
    /// checked, into the bucket the export writes (the step reads the very output the folder
    /// has); a rollback keeps the server's files. No such steps without the further target, nor
    /// in a DigitalOcean team, whose folder writes none.
    void serverFilesIntoAFurtherBucket()
    {
        const Resource web = resource(QStringLiteral("do:droplet:7"),
                                      QStringLiteral("digitalocean_droplet"), QStringLiteral("web"),
                                      {{QStringLiteral("ipv4"), QStringLiteral("203.0.113.7")}});
        Plan p = planOf({{web, QStringLiteral("aws_instance")}});
        QVERIFY(!actionsOf(RunbookGenerator::generate(p), web.id)
                     .contains(QStringLiteral("week-before/initial-files-copy")));
        p.mappings[web.id].alsoServices = {QStringLiteral("aws_s3_bucket")};
        const Runbook rb = RunbookGenerator::generate(p);
        const QStringList actions = actionsOf(rb, web.id);
        for (const char *a : {"week-before/initial-files-copy", "day-before/resync-files",
                              "cutover/final-files-copy", "rollback/keep-server-files",
                              "week-before/deploy", "cutover/start-target"})
            QVERIFY2(actions.contains(QLatin1String(a)),
                     qPrintable(QLatin1String(a) + u' ' + actions.join(u' ')));
        const RunbookStep *last = rb.step(QStringLiteral("cutover/final-files-copy/") + web.id);
        QVERIFY(last);
        QCOMPARE(last->after, QStringList{QStringLiteral("cutover/writes-stopped/wave-1")});
        QVERIFY(last->instructions.contains(QStringLiteral("SOURCE_HOST=203.0.113.7\n")));
        QVERIFY(last->instructions.contains(
            QStringLiteral("rclone check \"$SOURCE\" \"s3:$TARGET_BUCKET\"")));
        QVERIFY(last->instructions.contains(QStringLiteral(
            "TARGET_BUCKET=$(terraform -chdir=production output -raw web_s3_bucket_id)")));
        const QMap<QString, QString> files = TerraformExport::generate(p);
        QVERIFY(files.value(QStringLiteral("production/outputs.tf"))
                    .contains(QStringLiteral("output \"web_s3_bucket_id\" {\n  value = "
                                             "aws_s3_bucket.web_s3_bucket.id\n")));

        Account team;
        team.id = QStringLiteral("team");
        team.name = QStringLiteral("team");
        team.cloud = TargetCloud::DigitalOcean;
        team.region = QStringLiteral("nyc3");
        p.organization.accounts.append(team);
        p.mappings[web.id].accountId = team.id;
        p.mappings[web.id].targetService = QStringLiteral("digitalocean_droplet");
        QVERIFY(!actionsOf(RunbookGenerator::generate(p), web.id)
                     .contains(QStringLiteral("week-before/initial-files-copy")));
    }

    /// An RDS instance relocated into another account moves by a snapshot shared with it and
    /// restored there (rehearsed the week before), not by replication.
    void rdsRelocatedBySnapshot()
    {
        const Resource db = resource(QStringLiteral("tf:aws_db_instance.main"),
                                     QStringLiteral("aws_db_instance"), QStringLiteral("main"),
                                     {{QStringLiteral("engine"), QStringLiteral("postgres")},
                                      {QStringLiteral("provider_id"), QStringLiteral("main-db")}});
        Plan p = planOf({{db, QStringLiteral("aws_db_instance")}});
        p.mappings[db.id].strategy = Strategy::Relocate;
        const Runbook rb = RunbookGenerator::generate(p);
        const QStringList actions = actionsOf(rb, db.id);
        for (const char *a : {"week-before/rehearse-snapshot-restore", "cutover/snapshot-and-share",
                              "cutover/restore-snapshot", "rollback/keep-source-database"})
            QVERIFY2(actions.contains(QLatin1String(a)), qPrintable(actions.join(u' ')));
        for (const char *a : {"week-before/enable-logical-wal", "week-before/start-replication",
                              "cutover/dump-restore"})
            QVERIFY2(!actions.contains(QLatin1String(a)), a);
        const RunbookStep *share = rb.step(QStringLiteral("cutover/snapshot-and-share/") + db.id);
        QVERIFY(share->instructions.contains(
            QStringLiteral("--db-snapshot-identifier main-db-cutover --attribute-name restore "
                           "--values-to-add \"$TARGET_ACCOUNT_ID\"")));
        const RunbookStep *restore = rb.step(QStringLiteral("cutover/restore-snapshot/") + db.id);
        QVERIFY(restore->after.contains(share->id));
        QVERIFY(restore->instructions.contains(QStringLiteral("snapshot:main-db-cutover")));
    }

    void sevenDropletsOntoOneCluster()
    {
        QList<std::pair<Resource, QString>> droplets;
        for (int i = 1; i <= 7; ++i)
            droplets.append(
                {resource(QStringLiteral("do:droplet:%1").arg(i),
                          QStringLiteral("digitalocean_droplet"), QStringLiteral("web-%1").arg(i)),
                 QStringLiteral("aws_eks_cluster")});
        const Runbook rb = RunbookGenerator::generate(planOf(droplets));
        int clusters = 0, deploys = 0;
        QSet<QString> titles;
        for (const auto &[id, s] : rb.steps) {
            clusters += id.startsWith(QLatin1String("week-before/create-shared-target/")) ? 1 : 0;
            if (id.startsWith(QLatin1String("week-before/deploy/"))) {
                ++deploys;
                QVERIFY(s.after.contains(
                    QStringLiteral("week-before/create-shared-target/production/aws_eks_cluster")));
            }
            QVERIFY2(!titles.contains(s.title), qPrintable(s.title));
            titles.insert(s.title);
        }
        QCOMPARE(clusters, 1);
        QCOMPARE(deploys, 7);
        const RunbookStep *create =
            rb.step(QStringLiteral("week-before/create-shared-target/production/aws_eks_cluster"));
        QVERIFY(create);
        QVERIFY(create->title.contains(QLatin1String("7 workloads")));
        QVERIFY(create->instructions.contains(QLatin1String("`web-7`")));
    }

    void clusterSharedByTwoWavesIsCreatedByTheFirst()
    {
        // Droplets of waves 1 and 2 onto one EKS cluster of the same account: the first wave
        // creates it, the second deploys onto it.
        QList<std::pair<Resource, QString>> droplets;
        for (int i = 1; i <= 4; ++i)
            droplets.append(
                {resource(QStringLiteral("do:droplet:%1").arg(i),
                          QStringLiteral("digitalocean_droplet"), QStringLiteral("web-%1").arg(i)),
                 QStringLiteral("aws_eks_cluster")});
        Plan p = planOf(droplets);
        for (int i = 3; i <= 4; ++i) {
            Mapping m = *p.mapping(QStringLiteral("do:droplet:%1").arg(i));
            m.wave = 2;
            p.setMapping(m);
        }
        const Runbook rb = RunbookGenerator::generate(p);
        const QString create =
            QStringLiteral("week-before/create-shared-target/production/aws_eks_cluster");
        QVERIFY(rb.step(create));
        QCOMPARE(rb.step(create)->wave, 1);
        QVERIFY(rb.step(create)->instructions.contains(QLatin1String("`web-1`")));
        QVERIFY(!rb.step(create)->instructions.contains(QLatin1String("`web-3`")));
        const RunbookStep *deploy = rb.step(QStringLiteral("week-before/deploy/do:droplet:3"));
        QVERIFY(deploy);
        QCOMPARE(deploy->wave, 2);
        QVERIFY(deploy->after.contains(create));
    }

    void sameRunbookOnAnyNumberOfThreads()
    {
        // A wave large enough to be built in parts at once (4,096 resources and more): the
        // runbook and its schedule are those of one thread, step for step.
        Plan p;
        const QString kinds[] = {
            QStringLiteral("digitalocean_droplet"), QStringLiteral("digitalocean_volume"),
            QStringLiteral("digitalocean_database_cluster"), QStringLiteral("digitalocean_record")};
        const QString targets[] = {QStringLiteral("aws_instance"), QStringLiteral("aws_ebs_volume"),
                                   QStringLiteral("aws_db_instance"),
                                   QStringLiteral("aws_route53_record")};
        for (int i = 0; i < 4400; ++i) {
            Resource r = resource(QStringLiteral("do:r:%1").arg(i, 5, 10, QLatin1Char('0')),
                                  kinds[i % 4], QStringLiteral("r-%1").arg(i),
                                  {{QStringLiteral("engine"), QStringLiteral("pg")}});
            p.inventory.resources.emplace(r.id, r);
            Mapping m;
            m.resourceId = r.id;
            m.accountId = i % 5 == 0 ? QStringLiteral("staging") : QStringLiteral("production");
            m.targetService = targets[i % 4];
            m.wave = i < 4200 ? 1 : 2;
            p.setMapping(m);
        }
        auto withThreads = [&p](const char *threads) {
            qputenv("FERRY_THREADS", threads);
            Runbook rb = RunbookGenerator::generate(p);
            qunsetenv("FERRY_THREADS");
            return rb;
        };
        const Runbook one = withThreads("1");
        const Runbook three = withThreads("3");
        QVERIFY(one.steps.size() > 4400 * 4);
        QCOMPARE(three.steps.size(), one.steps.size());
        for (const auto &[id, s] : one.steps) {
            const RunbookStep *other = three.step(id);
            QVERIFY2(other, qPrintable(id));
            QVERIFY2(*other == s, qPrintable(id));
        }
        qputenv("FERRY_THREADS", "1");
        const RunbookSchedule alone = RunbookSchedule::of(one);
        qputenv("FERRY_THREADS", "3");
        const RunbookSchedule together = RunbookSchedule::of(one);
        qunsetenv("FERRY_THREADS");
        QVERIFY(alone.problems().isEmpty());
        QCOMPARE(together.order(), alone.order());
        QCOMPARE(together.windows().size(), alone.windows().size());
        for (qsizetype w = 0; w < alone.windows().size(); ++w) {
            QCOMPARE(together.windows()[w].minutes, alone.windows()[w].minutes);
            QCOMPARE(together.windows()[w].criticalPath, alone.windows()[w].criticalPath);
        }
    }

    void dnsSwitchWaitsForTheTtl()
    {
        // 48 hours, or the record's own TTL where it is longer (3 days here).
        const Resource rec = resource(QStringLiteral("do:record:1"),
                                      QStringLiteral("digitalocean_record"), QStringLiteral("www"),
                                      {{QStringLiteral("record_type"), QStringLiteral("CNAME")},
                                       {QStringLiteral("ttl"), QStringLiteral("259200")}});
        const Runbook rb =
            RunbookGenerator::generate(planOf({{rec, QStringLiteral("aws_route53_record")}}));
        const RunbookStep *sw = rb.step(QStringLiteral("cutover/switch-dns/do:record:1"));
        QVERIFY(sw);
        QCOMPARE(sw->notBefore.size(), 1);
        QCOMPARE(sw->notBefore[0].step, QStringLiteral("week-before/lower-ttl/do:record:1"));
        QCOMPARE(sw->notBefore[0].minutes, 259200 / 60);
        QVERIFY(rb.step(QStringLiteral("week-before/lower-ttl/do:record:1"))
                    ->title.contains(QLatin1String("from 259200 s to 60 s")));
        const Resource shortTtl =
            resource(QStringLiteral("do:record:2"), QStringLiteral("digitalocean_record"),
                     QStringLiteral("api"),
                     {{QStringLiteral("record_type"), QStringLiteral("A")},
                      {QStringLiteral("ttl"), QStringLiteral("300")}});
        const Runbook rb2 =
            RunbookGenerator::generate(planOf({{shortTtl, QStringLiteral("aws_route53_record")}}));
        QCOMPARE(rb2.step(QStringLiteral("cutover/switch-dns/do:record:2"))->notBefore[0].minutes,
                 48 * 60);
        // The switch comes after the point of no return; its rollback before the decision's
        // other inverses (it is the last thing done).
        const RunbookStep *s2 = rb2.step(QStringLiteral("cutover/switch-dns/do:record:2"));
        QVERIFY(s2->after.contains(QStringLiteral("cutover/point-of-no-return/wave-1")));
        QCOMPARE(s2->rollback, QStringLiteral("rollback/switch-dns-back/do:record:2"));
        QCOMPARE(rb2.step(s2->rollback)->after,
                 QStringList{QStringLiteral("rollback/decide/wave-1")});
    }

    void rollbackIsTheCutoverReversed()
    {
        // An app on a droplet and its database: the app is stopped first and restarted last.
        const Plan p =
            planOf({{resource(QStringLiteral("do:droplet:1"),
                              QStringLiteral("digitalocean_droplet"), QStringLiteral("web")),
                     QStringLiteral("aws_instance")},
                    {resource(QStringLiteral("do:dbaas:1"),
                              QStringLiteral("digitalocean_database_cluster"), QStringLiteral("db"),
                              {{QStringLiteral("engine"), QStringLiteral("pg")}}),
                     QStringLiteral("aws_db_instance")}});
        const Runbook rb = RunbookGenerator::generate(p);
        const QString restartSource = QStringLiteral("rollback/restart-source/do:droplet:1");
        const QString keepDb = QStringLiteral("rollback/keep-source-database/do:dbaas:1");
        const QString stopTarget = QStringLiteral("rollback/stop-target/do:droplet:1");
        QVERIFY(rb.step(restartSource) && rb.step(keepDb) && rb.step(stopTarget));
        // Forward: stop writers → … → stop replication → … → start target.
        // Backward: decide → stop target → (targets stopped) → keep database → (sources hold
        // the data) → restart source → (sources run again) → announce.
        QCOMPARE(rb.step(stopTarget)->after, QStringList{QStringLiteral("rollback/decide/wave-1")});
        QCOMPARE(rb.step(QStringLiteral("rollback/targets-stopped/wave-1"))->after,
                 QStringList{stopTarget});
        QCOMPARE(rb.step(keepDb)->after,
                 QStringList{QStringLiteral("rollback/targets-stopped/wave-1")});
        QCOMPARE(rb.step(QStringLiteral("rollback/sources-kept/wave-1"))->after,
                 QStringList{keepDb});
        QCOMPARE(rb.step(restartSource)->after,
                 QStringList{QStringLiteral("rollback/sources-kept/wave-1")});
        QCOMPARE(rb.step(QStringLiteral("rollback/announce-done/wave-1"))->after,
                 QStringList{QStringLiteral("rollback/sources-running/wave-1")});
        QVERIFY(!rb.step(QStringLiteral("rollback/switched-back/wave-1"))); // no DNS switched
        // Every cutover step that changes something has its inverse, and only those.
        for (const auto &[id, s] : rb.steps) {
            if (!s.rollback.isEmpty()) {
                QVERIFY2(rb.step(s.rollback), qPrintable(s.rollback));
                QCOMPARE(rb.step(s.rollback)->phase, RunbookPhase::Rollback);
            }
            if (s.phase == RunbookPhase::Cutover && id.contains(QLatin1String("/stop-writers/")))
                QVERIFY(!s.rollback.isEmpty());
        }
        const RunbookSchedule schedule = RunbookSchedule::of(rb);
        const QStringList order = schedule.order();
        QVERIFY(order.indexOf(stopTarget) < order.indexOf(keepDb));
        QVERIFY(order.indexOf(keepDb) < order.indexOf(restartSource));
    }

    void retainedAndRetired()
    {
        Plan p = planOf({{resource(QStringLiteral("do:droplet:1"),
                                   QStringLiteral("digitalocean_droplet"), QStringLiteral("old")),
                          QStringLiteral("aws_instance")},
                         {resource(QStringLiteral("do:droplet:2"),
                                   QStringLiteral("digitalocean_droplet"), QStringLiteral("kept")),
                          QStringLiteral("aws_instance")}});
        p.mappings[QStringLiteral("do:droplet:1")].strategy = Strategy::Retire;
        p.mappings[QStringLiteral("do:droplet:2")].strategy = Strategy::Retain;
        const Runbook rb = RunbookGenerator::generate(p);
        QCOMPARE(actionsOf(rb, QStringLiteral("do:droplet:1")), names({"cleanup/retire"}));
        QVERIFY(actionsOf(rb, QStringLiteral("do:droplet:2")).isEmpty());
        QVERIFY(
            RunbookMarkdown::generate(p, QDate(2026, 12, 2)).contains(QLatin1String("Retained")));
    }

    void wavesAreScheduledApart()
    {
        // Staging first, production weeks later: each wave its own sequence and dates.
        Plan p = planOf(
            {{resource(QStringLiteral("do:droplet:1"), QStringLiteral("digitalocean_droplet"),
                       QStringLiteral("staging-web")),
              QStringLiteral("aws_instance")},
             {resource(QStringLiteral("do:droplet:2"), QStringLiteral("digitalocean_droplet"),
                       QStringLiteral("web")),
              QStringLiteral("aws_instance")}});
        p.mappings[QStringLiteral("do:droplet:1")].accountId = QStringLiteral("staging");
        p.mappings[QStringLiteral("do:droplet:2")].wave = 2;
        Runbook stored;
        WaveSchedule staging;
        staging.wave = 1;
        staging.name = QStringLiteral("Staging rehearsal");
        staging.cutover = QDateTime(QDate(2026, 12, 10), QTime(22, 0), Qt::UTC);
        staging.monitoringHours = 4;
        stored.waves[1] = staging;
        p.runbook = stored;
        const Runbook rb = RunbookGenerator::forPlan(p);
        for (int w : {1, 2})
            for (const char *phase : {"day-before/go-no-go", "cutover/announce-start",
                                      "cutover/point-of-no-return", "verification/sign-off"})
                QVERIFY2(rb.step(QStringLiteral("%1/wave-%2").arg(QLatin1String(phase)).arg(w)),
                         phase);
        QCOMPARE(rb.step(QStringLiteral("verification/monitor/wave-1"))->plannedMinutes, 4 * 60);
        QCOMPARE(rb.step(QStringLiteral("verification/monitor/wave-2"))->plannedMinutes, 24 * 60);
        QCOMPARE(
            rb.step(QStringLiteral("cleanup/rollback-deadline/wave-2"))->notBefore.at(0).minutes,
            24 * 60);
        const QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 2));
        QVERIFY(md.contains(
            QLatin1String("### Wave 1: Staging rehearsal (cutover 2026-12-10 22:00 UTC)")));
        QVERIFY(md.contains(QLatin1String("### Wave 2\n")));
    }

    void idsAreStableAndMergeKeepsEdits()
    {
        Plan p =
            planOf({{resource(QStringLiteral("do:droplet:1"),
                              QStringLiteral("digitalocean_droplet"), QStringLiteral("web")),
                     QStringLiteral("aws_instance")},
                    {resource(QStringLiteral("do:droplet:2"),
                              QStringLiteral("digitalocean_droplet"), QStringLiteral("worker")),
                     QStringLiteral("aws_instance")}});
        const Runbook first = RunbookGenerator::generate(p);
        QCOMPARE(RunbookGenerator::generate(p), first); // deterministic

        // A re-import that changes an attribute keeps every id.
        Inventory again;
        Resource changed = *p.resource(QStringLiteral("do:droplet:1"));
        changed.attributes.insert(QStringLiteral("memory_mb"), QStringLiteral("2048"));
        again.resources.emplace(changed.id, changed);
        ImportReport report;
        p.applyImport(again, &report);
        QStringList before, after;
        for (const auto &[id, s] : first.steps)
            before.append(id);
        for (const auto &[id, s] : RunbookGenerator::generate(p).steps)
            after.append(id);
        QCOMPARE(after, before);

        // The user edits one step and adds one; then the worker is unmapped.
        Runbook edited = first;
        RunbookStep &deploy = edited.steps.at(QStringLiteral("week-before/deploy/do:droplet:1"));
        deploy.instructions = QStringLiteral("Use the Ansible playbook `site.yml`.");
        deploy.origin = StepOrigin::Edited;
        RunbookStep own =
            step(QStringLiteral("day-before/webhook-recorder/user-1"), 30,
                 {QStringLiteral("day-before/freeze-changes/wave-1")}, RunbookPhase::DayBefore);
        own.origin = StepOrigin::User;
        edited.steps.emplace(own.id, own);
        p.runbook = edited;
        p.unmap(QStringLiteral("do:droplet:2"));
        const Runbook merged = RunbookGenerator::forPlan(p);
        QCOMPARE(merged.step(deploy.id)->instructions, deploy.instructions);
        QVERIFY(!merged.step(deploy.id)->obsolete);
        QVERIFY(merged.step(own.id) && !merged.step(own.id)->obsolete);
        const RunbookStep *gone = merged.step(QStringLiteral("week-before/deploy/do:droplet:2"));
        QVERIFY(gone && gone->obsolete);
        // Obsolete steps are not scheduled or printed.
        QVERIFY(!RunbookSchedule::of(merged).order().contains(gone->id));
        const QString md = RunbookMarkdown::generate(p, merged, QDate(2026, 12, 2));
        QVERIFY(md.section(QStringLiteral("## Summary"), 1)
                    .section(QStringLiteral("## 1."), 0, 0)
                    .contains(QLatin1String("`worker`"))); // listed as unmapped
        QVERIFY(!md.section(QStringLiteral("## 1."), 1).contains(QLatin1String("Droplet worker")));
        QVERIFY(md.section(QStringLiteral("## 1."), 1).contains(QLatin1String("Droplet web")));
        // Mapped again, the step is live again with its new text.
        Mapping m;
        m.resourceId = QStringLiteral("do:droplet:2");
        m.accountId = QStringLiteral("production");
        m.targetService = QStringLiteral("aws_instance");
        p.setMapping(m);
        p.runbook = merged;
        QVERIFY(!RunbookGenerator::forPlan(p).step(gone->id)->obsolete);
    }

    /// The Runbook view's edits (RunbookEdit): a deleted step's successors keep its
    /// predecessors; a generated step deleted stays deleted through regeneration, a user's own
    /// step is gone; an edit makes a generated step "edited" and survives regeneration.
    void editsSurviveRegeneration()
    {
        Plan p = planOf({{resource(QStringLiteral("do:droplet:1"),
                                   QStringLiteral("digitalocean_droplet"), QStringLiteral("web")),
                          QStringLiteral("aws_instance")}});
        const Runbook generated = RunbookGenerator::generate(p);
        // A chain a → b → c inside the cutover: pick a step with exactly one predecessor whose
        // own predecessors are known, delete the middle one.
        QString middle, before, next;
        for (const auto &[id, s] : generated.steps)
            for (const auto &[otherId, o] : generated.steps)
                if (middle.isEmpty() && o.after == QStringList{id} && s.after.size() == 1 &&
                    s.phase == RunbookPhase::Cutover && !s.pointOfNoReturn) {
                    middle = id;
                    before = s.after.first();
                    next = otherId;
                }
        QVERIFY(!middle.isEmpty());
        Runbook rb = RunbookEdit::deleteStep(generated, middle);
        QVERIFY(rb.step(middle)->obsolete);
        QCOMPARE(rb.step(middle)->origin, StepOrigin::Deleted);
        QCOMPARE(rb.step(next)->after, QStringList{before});
        QCOMPARE(rb.step(next)->origin, StepOrigin::Edited);
        QVERIFY(!RunbookSchedule::of(rb).order().contains(middle));
        QVERIFY(RunbookSchedule::of(rb).problems().isEmpty());
        p.runbook = rb;
        const Runbook regenerated = RunbookGenerator::forPlan(p);
        QVERIFY(regenerated.step(middle)->obsolete);                  // not brought back
        QCOMPARE(regenerated.step(next)->after, QStringList{before}); // the edit kept

        // An edit: generated → edited; the same step unchanged stays generated.
        RunbookStep changed = *generated.step(before);
        QCOMPARE(RunbookEdit::changeStep(generated, changed), generated);
        changed.plannedMinutes = 77;
        rb = RunbookEdit::changeStep(generated, changed);
        QCOMPARE(rb.step(before)->origin, StepOrigin::Edited);
        p.runbook = rb;
        QCOMPARE(RunbookGenerator::forPlan(p).step(before)->plannedMinutes, 77);

        // A user's own step, added then deleted, leaves nothing behind.
        RunbookStep own = step(QStringLiteral("cutover/record-webhooks/wave-1"), 10, {before});
        rb = RunbookEdit::addStep(generated, own);
        QCOMPARE(rb.step(own.id)->origin, StepOrigin::User);
        QCOMPARE(RunbookEdit::deleteStep(rb, own.id), generated);

        // Deleted survives the plan file.
        p.runbook = RunbookEdit::deleteStep(generated, middle);
        QTemporaryDir dir;
        FileError e;
        const QString file = dir.filePath(QStringLiteral("edits.ferry.yaml"));
        QVERIFY2(PlanFile::save(p, file, &e), qPrintable(e.toString()));
        Plan back;
        QVERIFY2(PlanFile::load(file, &back, &e), qPrintable(e.toString()));
        QCOMPARE(back.runbook->step(middle)->origin, StepOrigin::Deleted);
        QCOMPARE(*back.runbook, *p.runbook);
    }

    /// The step template library: every built-in template reads, each becomes a user step with
    /// an id of its own; a malformed file is refused with its line and column.
    void stepTemplates()
    {
        QStringList names;
        for (const StepTemplate &t : RunbookTemplates::builtIn())
            names.append(t.name);
        QCOMPARE(names, (QStringList{
                            QStringLiteral("freeze-deploys"), QStringLiteral("status-page-notice"),
                            QStringLiteral("webhook-recorder"), QStringLiteral("maintenance-mode"),
                            QStringLiteral("secrets-to-parameter-store")}));
        const StepTemplate *recorder = RunbookTemplates::find(QStringLiteral("webhook-recorder"));
        QVERIFY(recorder && recorder->instructions.contains(QStringLiteral("replay")));
        Runbook rb;
        RunbookStep s =
            recorder->stepFor(rb, 2, {QStringLiteral("day-before/freeze-changes/wave-2")});
        QCOMPARE(s.id, QStringLiteral("day-before/webhook-recorder/wave-2"));
        QCOMPARE(s.origin, StepOrigin::User);
        QCOMPARE(s.phase, RunbookPhase::DayBefore);
        rb = RunbookEdit::addStep(rb, s);
        QCOMPARE(recorder->stepFor(rb, 2, {}).id,
                 QStringLiteral("day-before/webhook-recorder/wave-2-2"));
        // The secrets never pass a command line.
        QVERIFY(RunbookTemplates::find(QStringLiteral("secrets-to-parameter-store"))
                    ->instructions.contains(QStringLiteral("file:///dev/stdin")));
        QList<StepTemplate> parsed;
        FileError e;
        QVERIFY(!RunbookTemplates::parse("format: 1\ntemplates:\n  - name: x\n    title: X\n"
                                         "    phase: someday\n",
                                         QStringLiteral("t.yaml"), &parsed, &e));
        QCOMPARE(e.line, 5);
        QVERIFY2(e.message.contains(QStringLiteral("phase")), qPrintable(e.message));
        QVERIFY(!RunbookTemplates::parse("format: 1\ntemplates:\n  - name: x\n    title: X\n"
                                         "    colour: red\n",
                                         QStringLiteral("t.yaml"), &parsed, &e));
        QVERIFY(e.message.contains(QStringLiteral("colour")));
    }

    /// A wave that rolls back stops: what had not begun of its migration is blocked, and only
    /// its rollback steps are ready.
    void progressKeptIncrementallyIsProgressWorkedOutAgain()
    {
        // The example's runbook (four waves, gates, rollback), walked by a fixed pseudo-random
        // operator: after each event the states apply() keeps are those worked out from scratch.
        Plan plan;
        FileError e;
        QVERIFY(PlanFile::load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"),
                               &plan, &e));
        const Runbook rb = RunbookGenerator::forPlan(plan);
        // Two walks, so that the events they cover do not hang on where one seed ends.
        int applied = 0, rollbacks = 0;
        for (const quint32 start : {13u, 14u}) {
            RunProgress progress = RunProgress::replay(rb, {});
            quint32 seed = start;
            auto next = [&seed](quint32 n) {
                seed = seed * 1103515245u + 12345u;
                return (seed >> 16) % n;
            };
            auto act = [&](RunAction action, const QString &stepId, const QString &note = {}) {
                RunEvent ev;
                ev.run = QStringLiteral("r");
                ev.sequence = applied + 1;
                ev.time =
                    QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()).addSecs(applied);
                ev.action = action;
                ev.step = stepId;
                ev.note = note;
                if (!progress.check(ev).isEmpty())
                    return;
                progress.apply(ev);
                ++applied;
                RunProgress fresh = progress;
                fresh.recomputeAll();
                for (const auto &[id, s] : rb.steps)
                    QVERIFY2(fresh.state(id) == progress.state(id),
                             qPrintable(QStringLiteral("%1 after %2 events: %3, not %4")
                                            .arg(id)
                                            .arg(applied)
                                            .arg(stepStateName(progress.state(id)),
                                                 stepStateName(fresh.state(id)))));
            };
            act(RunAction::RunStarted, QString());
            for (int round = 0; round < 400; ++round) {
                const QStringList ready = progress.ready();
                if (ready.isEmpty())
                    break;
                const QString id = ready[qsizetype(next(quint32(ready.size())))];
                const RunbookStep *s = rb.step(id);
                const quint32 roll = next(100);
                if (roll < 3 && s->phase == RunbookPhase::Cutover && s->wave > 0) {
                    act(RunAction::RollbackStarted, id);
                    ++rollbacks;
                } else if (roll < 8) {
                    act(RunAction::Skip, id, QStringLiteral("not needed"));
                } else if (roll < 10 && s->kind != StepKind::Gate) {
                    act(RunAction::Start, id);
                    act(RunAction::Fail, id, QStringLiteral("broke"));
                    act(RunAction::Retry, id);
                    act(RunAction::Done, id);
                } else if (s->kind == StepKind::Gate && !s->checks.isEmpty()) {
                    act(roll < 20 ? RunAction::GateFailed : RunAction::GatePassed, id);
                    act(RunAction::Retry, id);
                    act(RunAction::GatePassed, id);
                } else {
                    act(RunAction::Start, id);
                    act(RunAction::Done, id);
                }
                if (QTest::currentTestFailed())
                    return;
            }
        }
        QVERIFY2(applied > 250, qPrintable(QString::number(applied)));
        QVERIFY(rollbacks > 0);
    }

    void rollingBackBlocksTheWave()
    {
        Plan p = planOf({{resource(QStringLiteral("do:droplet:1"),
                                   QStringLiteral("digitalocean_droplet"), QStringLiteral("web")),
                          QStringLiteral("aws_instance")}});
        const Runbook rb = RunbookGenerator::generate(p);
        QList<RunEvent> events;
        auto event = [&](RunAction a, const QString &stepId) {
            RunEvent e;
            e.run = QStringLiteral("r");
            e.sequence = events.size() + 1;
            e.time = QDateTime::currentDateTimeUtc();
            e.action = a;
            e.step = stepId;
            events.append(e);
        };
        event(RunAction::RunStarted, QString());
        RunProgress progress = RunProgress::replay(rb, events);
        QString cutover;
        for (const auto &[id, s] : rb.steps)
            if (cutover.isEmpty() && s.phase == RunbookPhase::Cutover)
                cutover = id;
        event(RunAction::RollbackStarted, cutover);
        progress = RunProgress::replay(rb, events);
        QVERIFY(progress.problems().isEmpty());
        QCOMPARE(progress.state(cutover), StepState::Blocked);
        for (const QString &id : progress.ready()) {
            const RunbookStep *s = rb.step(id);
            QVERIFY2(s->phase == RunbookPhase::Rollback || s->phase == RunbookPhase::Preparation ||
                         s->wave != 1,
                     qPrintable(id));
        }
        bool rollbackReady = false;
        for (const QString &id : progress.ready())
            rollbackReady = rollbackReady || rb.step(id)->phase == RunbookPhase::Rollback;
        QVERIFY(rollbackReady);
    }

    void scheduleCriticalPath()
    {
        // By hand: A 10 → B 20 → D 1 and A → C 5 → D: D starts at 30, the window lasts 31 min,
        // the critical path is A, B, D. E 3 stands alone at 0.
        Runbook rb;
        for (const RunbookStep &s : {step("a", 10, {}), step("b", 20, {"a"}), step("c", 5, {"a"}),
                                     step("d", 1, {"b", "c"}), step("e", 3, {})})
            rb.steps.emplace(s.id, s);
        const RunbookSchedule schedule = RunbookSchedule::of(rb);
        QCOMPARE(schedule.windows().size(), 1);
        const RunbookSchedule::Window &w = schedule.windows().first();
        QCOMPARE(w.minutes, 31);
        QCOMPARE(w.criticalPath, names({"a", "b", "d"}));
        QCOMPARE(schedule.timing(QStringLiteral("c")).start, 10);
        QCOMPARE(schedule.timing(QStringLiteral("d")).start, 30);
        QCOMPARE(schedule.timing(QStringLiteral("e")).start, 0);
        QVERIFY(schedule.timing(QStringLiteral("b")).critical);
        QVERIFY(!schedule.timing(QStringLiteral("c")).critical);
        // Reading order keeps a chain together: a, then b (its successor), …
        QCOMPARE(w.steps, names({"a", "b", "c", "d", "e"}));
        QVERIFY(schedule.problems().isEmpty());

        // A "not before" inside the window: D at least 60 minutes after C ends (15 + 60 = 75).
        rb.steps.at(QStringLiteral("d")).notBefore = {{QStringLiteral("c"), 60}};
        const RunbookSchedule later = RunbookSchedule::of(rb);
        QCOMPARE(later.timing(QStringLiteral("d")).start, 75);
        QCOMPARE(later.windows().first().criticalPath, names({"a", "c", "d"}));

        // A cycle is reported, not looped on.
        rb.steps.at(QStringLiteral("a")).after = {QStringLiteral("d")};
        const RunbookSchedule cyclic = RunbookSchedule::of(rb);
        QCOMPARE(cyclic.problems().size(), 1);
        QVERIFY(cyclic.problems().first().contains(QLatin1String("cycle")));
        QCOMPARE(cyclic.order().size(), 5);
    }

    void scheduleFindsABrokenNotBefore()
    {
        // The TTL lowered the day before a switch that must wait 48 hours.
        Runbook rb;
        RunbookStep lower = step("day-before/lower-ttl/r", 10, {}, RunbookPhase::DayBefore);
        RunbookStep sw = step("cutover/switch-dns/r", 5, {});
        sw.notBefore = {{lower.id, 48 * 60}};
        rb.steps.emplace(lower.id, lower);
        rb.steps.emplace(sw.id, sw);
        const RunbookSchedule s = RunbookSchedule::of(rb);
        QCOMPARE(s.problems().size(), 1);
        QVERIFY2(s.problems().first().contains(QLatin1String("planned 23 h 50 min after")),
                 qPrintable(s.problems().first()));
        QCOMPARE(RunbookSchedule::durationText(8 * 60 + 20), QStringLiteral("8 h 20 min"));
        QCOMPARE(RunbookSchedule::durationText(45), QStringLiteral("45 min"));
        QCOMPARE(RunbookSchedule::durationText(3 * 24 * 60 + 120), QStringLiteral("3 d 2 h"));
        // The generated runbook keeps its own constraints.
        const Plan p =
            planOf({{resource(QStringLiteral("do:record:1"), QStringLiteral("digitalocean_record"),
                              QStringLiteral("www"),
                              {{QStringLiteral("record_type"), QStringLiteral("A")}}),
                     QStringLiteral("aws_route53_record")}});
        QVERIFY2(
            RunbookSchedule::of(RunbookGenerator::generate(p)).problems().isEmpty(),
            qPrintable(RunbookSchedule::of(RunbookGenerator::generate(p)).problems().join(u'\n')));
    }

    void planFileRoundTrip()
    {
        Plan p =
            planOf({{resource(QStringLiteral("do:dbaas:1"),
                              QStringLiteral("digitalocean_database_cluster"), QStringLiteral("db"),
                              {{QStringLiteral("engine"), QStringLiteral("pg")}}),
                     QStringLiteral("aws_db_instance")}});
        Runbook rb = RunbookGenerator::generate(p);
        WaveSchedule w;
        w.wave = 1;
        w.name = QStringLiteral("Production");
        w.cutover = QDateTime(QDate(2027, 1, 9), QTime(21, 30), Qt::UTC);
        w.rollbackHours = 48;
        rb.waves[1] = w;
        RunbookStep own =
            step(QStringLiteral("day-before/secrets/user-1"), 20,
                 {QStringLiteral("day-before/freeze-changes/wave-1")}, RunbookPhase::DayBefore);
        own.origin = StepOrigin::User;
        own.role = QStringLiteral("platform");
        own.instructions = QStringLiteral("Copy the secrets:\n\n```sh\naws ssm put-parameter "
                                          "--name /shop/DB_URL --type SecureString\n```\n");
        own.kind = StepKind::Communication;
        rb.steps.emplace(own.id, own);
        rb.steps.at(QStringLiteral("cutover/compare-data/do:dbaas:1")).obsolete = true;
        p.runbook = rb;
        const QByteArray yaml = PlanFile::toYaml(p);
        Plan back;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(yaml, QStringLiteral("t.ferry.yaml"), &back, &e),
                 qPrintable(e.toString()));
        QVERIFY(back.runbook.has_value());
        QCOMPARE(back.runbook->waves, rb.waves);
        for (const auto &[id, s] : rb.steps)
            QVERIFY2(back.runbook->step(id) && *back.runbook->step(id) == s, qPrintable(id));
        QCOMPARE(back.runbook->steps.size(), rb.steps.size());
        QCOMPARE(PlanFile::toYaml(back), yaml); // byte-identical
        // Multi-line instructions read as a literal block in a diff.
        QVERIFY(yaml.contains("    instructions: |\n      Copy the secrets:\n\n      ```sh\n"));
        QVERIFY(yaml.contains("    cutover: \"2027-01-09T21:30:00Z\"\n"));
        // A plan without a runbook writes no runbook sections (old plans keep their bytes).
        p.runbook.reset();
        QVERIFY(!PlanFile::toYaml(p).contains("runbook:"));
        QVERIFY(!PlanFile::toYaml(p).contains("waves:"));
    }

    void planFileErrorsAreLocated_data()
    {
        QTest::addColumn<QByteArray>("section");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        // The sections start at line 3 of the test document (see below).
        QTest::newRow("unknown phase")
            << QByteArray("runbook:\n  - id: a\n    phase: lunch\n    title: A\n") << 5
            << QStringLiteral("unknown phase 'lunch'");
        QTest::newRow("unknown predecessor")
            << QByteArray(
                   "runbook:\n  - id: a\n    phase: cutover\n    title: A\n    after:\n      - b\n")
            << 4 << QStringLiteral("step 'a' refers to unknown step 'b'");
        QTest::newRow("duplicate id")
            << QByteArray("runbook:\n  - id: a\n    phase: cutover\n    title: A\n  - id: a\n    "
                          "phase: cutover\n    title: B\n")
            << 7 << QStringLiteral("duplicate step id 'a'");
        QTest::newRow("local time")
            << QByteArray("waves:\n  - wave: 1\n    cutover: \"2027-01-09T21:30:00\"\n") << 5
            << QStringLiteral("cutover must be a UTC time");
        QTest::newRow("negative minutes")
            << QByteArray(
                   "runbook:\n  - id: a\n    phase: cutover\n    title: A\n    minutes: -5\n")
            << 7 << QStringLiteral("minutes must be between 0 and");
        QTest::newRow("no title") << QByteArray("runbook:\n  - id: a\n    phase: cutover\n") << 4
                                  << QStringLiteral("a step needs an id, a phase and a title");
    }

    void planFileErrorsAreLocated()
    {
        QFETCH(QByteArray, section);
        QFETCH(int, line);
        QFETCH(QString, message);
        const QByteArray yaml = "ferry_plan: 1\nname: t\n" + section;
        Plan plan;
        plan.name = QStringLiteral("untouched");
        FileError e;
        QVERIFY(!PlanFile::fromYaml(yaml, QStringLiteral("t.ferry.yaml"), &plan, &e));
        QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
        QCOMPARE(e.line, line);
        QCOMPARE(plan.name, QStringLiteral("untouched"));
    }
};

QTEST_GUILESS_MAIN(TestRunbook)
#include "tst_runbook.moc"
