// SPDX-License-Identifier: MIT
// The command line end to end: import → map → export, exit codes, located errors.
#include "planfile.h"
#include "terraformexport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run ferry(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FERRY_EXE), args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString data(const QString &name)
{
    return QStringLiteral(SRCDIR "data/real/") + name;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void pipeline()
    {
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("p.ferry.yaml"));
        Run r = ferry({QStringLiteral("import"),
                       data(QStringLiteral("do_neilhanlon_droplets_volume_project.tfstate")),
                       data(QStringLiteral("dropletkit_droplets.json")),
                       data(QStringLiteral("dropletkit_databases_all_clusters.json")),
                       QStringLiteral("-o"), plan});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Added (5)")));
        QVERIFY(
            r.out.contains(QStringLiteral("data.digitalocean_ssh_key.terraform — data source")));

        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--wave"), QStringLiteral("2"),
                   QStringLiteral("type:droplet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("Mapped 3 resources to production"));
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("Shared-Services"), QStringLiteral("--strategy"),
                   QStringLiteral("replatform"), QStringLiteral("do:dbaas:*")});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        Plan p;
        FileError e;
        QVERIFY(PlanFile::load(plan, &p, &e));
        QCOMPARE(p.mapping(QStringLiteral("do:droplet:19"))->wave, 2);
        QCOMPARE(p.mapping(QStringLiteral("do:droplet:19"))->targetService,
                 QStringLiteral("aws_instance"));
        QCOMPARE(
            p.mapping(QStringLiteral("do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"))->accountId,
            QStringLiteral("shared-services"));
        QCOMPARE(p.unmappedResources(),
                 QStringList{QStringLiteral("tf:digitalocean_volume.openstackdata")});

        // A target endpoint for one resource; a later map without --endpoint keeps it.
        const QString dbId = QStringLiteral("do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30");
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--endpoint"),
                   QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com:5432"), dbId});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("Shared-Services"), dbId});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(PlanFile::load(plan, &p, &e));
        QCOMPARE(p.mapping(dbId)->endpoint,
                 QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com:5432"));
        QCOMPARE(p.mapping(dbId)->accountId, QStringLiteral("shared-services"));
        // Not host:port, or more than one resource: bad usage, the plan unchanged.
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--endpoint"),
                   QStringLiteral("postgresql://db/x"), dbId});
        QCOMPARE(r.code, 2);
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--endpoint"),
                   QStringLiteral("db.example.com"), QStringLiteral("type:droplet")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("match 3")), qPrintable(r.err));
        Plan after;
        QVERIFY(PlanFile::load(plan, &after, &e));
        QCOMPARE(after, p);

        // Further targets: --also sets them (sorted, the own service left out), a later map
        // without it keeps them, `--also ""` clears them; a name that is not a Terraform type is
        // bad usage and changes nothing.
        const QString droplet = QStringLiteral("do:droplet:19");
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--also"),
                   QStringLiteral("aws_s3_bucket,aws_instance"), droplet});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--wave"), QStringLiteral("2"),
                   droplet});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(PlanFile::load(plan, &p, &e));
        QCOMPARE(p.mapping(droplet)->alsoServices, QStringList{QStringLiteral("aws_s3_bucket")});
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--also"),
                   QStringLiteral("aws_s3_bucket, S3"), droplet});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("'S3' is not a Terraform type")), qPrintable(r.err));
        QVERIFY(PlanFile::load(plan, &after, &e));
        QCOMPARE(after, p);
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--also"), QString(), droplet});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(PlanFile::load(plan, &p, &e));
        QVERIFY(p.mapping(droplet)->alsoServices.isEmpty());

        // Re-import keeps mappings.
        r = ferry({QStringLiteral("import"), data(QStringLiteral("dropletkit_droplets.json")),
                   QStringLiteral("-o"), plan});
        QVERIFY(r.out.contains(QStringLiteral("Unchanged (1)")));
        QVERIFY(PlanFile::load(plan, &p, &e));
        QCOMPARE(p.mapping(QStringLiteral("do:droplet:19"))->wave, 2);

        const QString md = dir.filePath(QStringLiteral("runbook.md"));
        r = ferry(
            {QStringLiteral("export"), QStringLiteral("runbook"), plan, QStringLiteral("-o"), md});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(md);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("## 4. Cutover"));
        QVERIFY(text.contains("Start logical replication from Database cluster backend to"));

        const QString tf = dir.filePath(QStringLiteral("tf"));
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), tf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(tf + QStringLiteral("/production/main.tf")));
        QVERIFY(QFile::exists(tf + QStringLiteral("/shared-services/variables.tf")));
        QVERIFY(QFile::exists(tf + QStringLiteral("/organization/main.tf")));
    }

    void terraformFoldersNeverCollide()
    {
        // Accounts whose names would share a folder, or take the organization's.
        QTemporaryDir dir;
        Plan p;
        FileError e;
        QVERIFY(PlanFile::load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"),
                               &p, &e));
        const QStringList names = {QStringLiteral("production"), QStringLiteral("Production!"),
                                   QStringLiteral("Organization"), QStringLiteral("evil\x1b[2J")};
        QCOMPARE(p.organization.accounts.size(), names.size());
        for (int i = 0; i < names.size(); ++i)
            p.organization.accounts[i].name = names[i];
        const QString plan = dir.filePath(QStringLiteral("p.ferry.yaml"));
        QVERIFY(PlanFile::save(p, plan, &e));

        // The terminal never gets a raw control character from a plan.
        Run r = ferry({QStringLiteral("show"), plan});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("evil\\u{1B}[2J")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QChar(0x1b)));

        const QString tf = dir.filePath(QStringLiteral("tf"));
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), tf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList folders =
            QDir(tf).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QCOMPARE(folders.size(), 5); // four accounts and the organization
        QVERIFY2(r.out.contains(QStringLiteral("28 files written, 0 stale files removed")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("  production/: 6 files, 19 resources")));
        QVERIFY(folders.contains(QStringLiteral("organization")));
        QVERIFY(folders.contains(QStringLiteral("organization-")) == false);
        QFile org(tf + QStringLiteral("/organization/main.tf"));
        QVERIFY(org.open(QIODevice::ReadOnly));
        QVERIFY(org.readAll().contains("resource \"aws_organizations_organizational_unit\""));

        // A file of the user's beside the export stays; the folder of an account that no longer
        // has resources goes on the next export.
        QFile notes(tf + QStringLiteral("/notes.txt"));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("mine\n");
        notes.close();
        const QString staging = p.organization.accounts[1].id;
        QStringList ids = p.resourcesInAccount(staging);
        QVERIFY(!ids.isEmpty());
        r = ferry(QStringList{QStringLiteral("unmap"), plan} + ids);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), tf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("22 files written, 6 stale files removed")),
                 qPrintable(r.out));
        QCOMPARE(QDir(tf).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 4);
        QVERIFY(QFile::exists(tf + QStringLiteral("/notes.txt")));

        // A folder Ferry did not write, or a file in it Ferry did not write, is refused.
        const QString foreign = dir.filePath(QStringLiteral("foreign"));
        QVERIFY(QDir().mkpath(foreign + QStringLiteral("/production")));
        QFile mine(foreign + QStringLiteral("/production/main.tf"));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("# mine\n");
        mine.close();
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), foreign});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("Ferry did not write it")), qPrintable(r.err));
        QFile manifest(foreign + QStringLiteral("/.ferry-export"));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("# an export\norganization/main.tf\n");
        manifest.close();
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), foreign});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("production/main.tf: exists and Ferry did not "
                                               "write it")),
                 qPrintable(r.err));
        QVERIFY(mine.open(QIODevice::ReadOnly));
        QCOMPARE(mine.readAll(), QByteArray("# mine\n"));
        QVERIFY(!QFile::exists(foreign + QStringLiteral("/organization/main.tf")));
        // A manifest naming a path outside the folder is refused, nothing removed.
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("# an export\n../p.ferry.yaml\n");
        manifest.close();
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), foreign});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral(".ferry-export:2:1: not a path Ferry writes")),
                 qPrintable(r.err));
        QVERIFY(QFile::exists(plan));

        // A mapped resource without a target service is not written: exit code 1, named.
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("--service"), QString(), ids[0]});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ferry({QStringLiteral("export"), QStringLiteral("terraform"), plan,
                   QStringLiteral("-o"), tf});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("1 mapped resources have no Terraform block")) &&
                     r.out.contains(ids[0] + QStringLiteral(": no target service chosen")),
                 qPrintable(r.out));
    }

    /// A state of many skipped items reports them by type (not one line each) unless asked;
    /// --progress reports on standard error.
    void importReportIsBounded()
    {
        QTemporaryDir dir;
        QByteArray state = "{\"version\":4,\"terraform_version\":\"1.5.0\",\"resources\":[";
        for (int i = 0; i < 300; ++i)
            state += QByteArray(i ? "," : "") +
                     "{\"mode\":\"data\",\"type\":\"aws_ami\",\"name\":\"a" +
                     QByteArray::number(i) +
                     "\",\"provider\":\"p\",\"instances\":[{\"attributes\":{}}]}";
        for (int i = 0; i < 30; ++i)
            state += ",{\"mode\":\"managed\",\"type\":\"random_id\",\"name\":\"r" +
                     QByteArray::number(i) +
                     "\",\"provider\":\"p\",\"instances\":[{\"attributes\":{}}]}";
        const QString plan = dir.filePath(QStringLiteral("p.ferry.yaml"));
        // Nothing but data sources and resources Ferry does not import: refused (exit 2, the
        // file named with what a state must hold), no plan written.
        const QString file = dir.filePath(QStringLiteral("data.tfstate"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(state + "]}");
        f.close();
        Run r = ferry({QStringLiteral("import"), file, QStringLiteral("-o"), plan});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(file + QStringLiteral(":1:1: holds nothing Ferry can import")) &&
                     r.err.contains(QStringLiteral("expected a Terraform state")),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(plan));
        // With one resource Ferry imports, the rest is reported, bounded.
        state += ",{\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"app\","
                 "\"provider\":\"p\",\"instances\":[{\"attributes\":{\"id\":\"i-1\"}}]}";
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(state + "]}");
        f.close();
        r = ferry({QStringLiteral("import"), file, QStringLiteral("-o"), plan,
                   QStringLiteral("--progress")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Skipped (330, by type; --verbose lists them)\n"
                                               "  300 × data.aws_ami — data source\n"
                                               "  30 × random_id — ")),
                 qPrintable(r.out));
        QVERIFY2(r.out.count(u'\n') < 20, qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("Importing: 100 %")), qPrintable(r.err));
        r = ferry({QStringLiteral("import"), file, QStringLiteral("-o"), plan,
                   QStringLiteral("--verbose")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("  data.aws_ami.a299 — data source\n")));
        QVERIFY(r.out.count(u'\n') > 330);
        QVERIFY(r.err.isEmpty()); // no terminal, no --progress: no progress lines
    }

    void badUsageAndBadInput()
    {
        QTemporaryDir dir;
        QCOMPARE(ferry({QStringLiteral("import")}).code, 2);
        QCOMPARE(ferry({QStringLiteral("frobnicate")}).code, 2);
        Run help = ferry({QStringLiteral("map"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(QStringLiteral("--account")));

        const QString bad = dir.filePath(QStringLiteral("bad.tfstate"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"version\": 4,\n  \"resources\": [ oops ]\n}\n");
        f.close();
        const QString plan = dir.filePath(QStringLiteral("p.ferry.yaml"));
        Run r = ferry({QStringLiteral("import"), bad, QStringLiteral("-o"), plan});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith(bad + QStringLiteral(":3:")), qPrintable(r.err));
        QVERIFY(!QFile::exists(plan)); // nothing written on failure

        const QString badPlan = dir.filePath(QStringLiteral("bad.ferry.yaml"));
        QFile g(badPlan);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("ferry_plan: 1\nresources:\n  - id: a\n    type: [\n");
        g.close();
        r = ferry({QStringLiteral("map"), badPlan, QStringLiteral("--account"),
                   QStringLiteral("production"), QStringLiteral("a")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith(badPlan + QStringLiteral(":5:")), qPrintable(r.err));

        const QString example = QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml");
        QCOMPARE(ferry({QStringLiteral("map"), example, QStringLiteral("--account"),
                        QStringLiteral("nope"), QStringLiteral("x")})
                     .code,
                 2);
        QCOMPARE(ferry({QStringLiteral("map"), example, QStringLiteral("--account"),
                        QStringLiteral("production"), QStringLiteral("--strategy"),
                        QStringLiteral("teleport"), QStringLiteral("x")})
                     .code,
                 2);
    }

    /// `ferry export runbook -o FILE.html`: the golden Markdown as one self-contained page,
    /// rendered by cmark-gfm: every task a checkbox one can tick, nothing fetched, no script.
    void runbookAsOnePrintablePage()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("runbook.html"));
        const Run r = ferry({QStringLiteral("export"), QStringLiteral("runbook"),
                             QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"),
                             QStringLiteral("-o"), file, QStringLiteral("--date"),
                             QStringLiteral("2026-11-21")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(file), golden(QStringLiteral(SRCDIR "data/golden/example/runbook.html")),
            md(QStringLiteral(SRCDIR "data/golden/example/runbook.md"));
        QVERIFY(f.open(QIODevice::ReadOnly) && golden.open(QIODevice::ReadOnly) &&
                md.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(f.readAll());
        QCOMPARE(page, QString::fromUtf8(golden.readAll()));
        QVERIFY(page.startsWith(QStringLiteral("<!DOCTYPE html>")) &&
                page.contains(QStringLiteral("<style>")));
        const QString markdown = QString::fromUtf8(md.readAll());
        QCOMPARE(page.count(QStringLiteral("<input type=\"checkbox\" />")),
                 markdown.count(QStringLiteral("- [ ] ")));
        QVERIFY(page.count(QStringLiteral("<input")) > 100);
        for (const char *absent : {"<script", "src=", "disabled", "raw HTML omitted", "@import"})
            QVERIFY2(!page.contains(QLatin1String(absent)), absent);
        QVERIFY(page.contains(QStringLiteral("<h2>4. Cutover</h2>")));
        QVERIFY(page.contains(QStringLiteral("<th>Critical path</th>")));
    }

    /// `ferry runbook`: a step from the template library, an edit, a wave's date; a cycle is
    /// refused and the plan left as it was.
    /// `ferry org`: accounts and units edited for scripts; every refusal leaves the plan
    /// byte for byte as it was, and what it sets reaches the organization's Terraform.
    void organizationEditedFromTheCommandLine()
    {
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("example.ferry.yaml"));
        QVERIFY(
            QFile::copy(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"), plan));
        QFile::setPermissions(plan, QFile::ReadOwner | QFile::WriteOwner);
        auto org = [&](QStringList args) {
            return ferry(QStringList{QStringLiteral("org"), plan} + args);
        };
        auto contents = [&] {
            QFile f(plan);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        Run r = org({QStringLiteral("add-account"), QStringLiteral("Data Lake"),
                     QStringLiteral("--unit"), QStringLiteral("infrastructure"),
                     QStringLiteral("--environment"), QStringLiteral("production"),
                     QStringLiteral("--region"), QStringLiteral("eu-west-1"),
                     QStringLiteral("--email"), QStringLiteral("aws-data@example.com"),
                     QStringLiteral("--roles"), QStringLiteral("read-only, administrator")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Added account Data Lake (id data-lake)")));
        r = org({QStringLiteral("add-unit"), QStringLiteral("Security"),
                 QStringLiteral("--policies"), QStringLiteral("deny-leaving-organization")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = org({QStringLiteral("set"), QStringLiteral("data-lake"), QStringLiteral("--unit"),
                 QStringLiteral("security"), QStringLiteral("--account-id"),
                 QStringLiteral("210987654321")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QByteArray before = contents();
        // Refused, the plan untouched: a bad value (2), a conflict (1).
        const QList<std::pair<QStringList, int>> refused = {
            {{QStringLiteral("set"), QStringLiteral("data-lake"), QStringLiteral("--account-id"),
              QStringLiteral("1234")},
             2},
            {{QStringLiteral("set"), QStringLiteral("data-lake"), QStringLiteral("--region"),
              QStringLiteral("Mars")},
             2},
            {{QStringLiteral("set"), QStringLiteral("data-lake"), QStringLiteral("--unit"),
              QStringLiteral("no-such-unit")},
             2},
            {{QStringLiteral("set"), QStringLiteral("security"), QStringLiteral("--policies"),
              QStringLiteral("deny-everything")},
             2},
            {{QStringLiteral("set"), QStringLiteral("security"), QStringLiteral("--roles"),
              QStringLiteral("administrator")},
             2},
            {{QStringLiteral("add-account"), QStringLiteral("Twin"), QStringLiteral("--email"),
              QStringLiteral("AWS-DATA@example.com")},
             1},
            {{QStringLiteral("set"), QStringLiteral("workloads"), QStringLiteral("--parent"),
              QStringLiteral("workloads")},
             1},
            {{QStringLiteral("remove"), QStringLiteral("production")}, 1},
            {{QStringLiteral("remove"), QStringLiteral("security")}, 1},
            {{QStringLiteral("remove"), QStringLiteral("nobody")}, 2},
        };
        for (const auto &[args, code] : refused) {
            r = org(args);
            QVERIFY2(r.code == code, qPrintable(args.join(u' ') + QStringLiteral(": ") + r.err));
            QVERIFY2(contents() == before, qPrintable(args.join(u' ')));
        }
        r = org({QStringLiteral("remove"), QStringLiteral("production")});
        QVERIFY2(r.err.contains(QStringLiteral("mapped resources")), qPrintable(r.err));
        r = org({});
        QVERIFY2(r.out.contains(QStringLiteral("  unit security (Security) policies: "
                                               "deny-leaving-organization\n    account data-lake "
                                               "(Data Lake, production, eu-west-1, 210987654321, "
                                               "aws-data@example.com) roles: administrator, "
                                               "read-only\n")),
                 qPrintable(r.out));
        r = org({QStringLiteral("rename"), QStringLiteral("data-lake"), QStringLiteral("--name"),
                 QStringLiteral("Lake")});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        Plan p;
        FileError e;
        QVERIFY(PlanFile::load(plan, &p, &e));
        const Account *lake = p.organization.account(QStringLiteral("data-lake"));
        QVERIFY(lake);
        QCOMPARE(lake->name, QStringLiteral("Lake"));
        QCOMPARE(lake->roles,
                 (QStringList{QStringLiteral("administrator"), QStringLiteral("read-only")}));
        QCOMPARE(lake->awsAccountId, QStringLiteral("210987654321"));
        const auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("organization/main.tf"));
        QVERIFY2(
            main.contains(QStringLiteral("import {\n  to = aws_organizations_account.data_lake\n"
                                         "  id = \"210987654321\"\n}")),
            qPrintable(main));
        QVERIFY(main.contains(QStringLiteral("email             = \"aws-data@example.com\"")));
        QVERIFY(
            files.value(QStringLiteral("organization/identity-center.tf"))
                .contains(QStringLiteral("data_lake = aws_organizations_account.data_lake.id")));
        QVERIFY(files.value(QStringLiteral("organization/policies.tf"))
                    .contains(QStringLiteral(
                        "security = aws_organizations_organizational_unit.security.id")));
    }

    /// `ferry org --cloud digitalocean` (#14): a DigitalOcean team as an account, with its own
    /// region slugs and none of AWS's fields; a mapped account keeps its cloud.
    void digitalOceanAccountFromTheCommandLine()
    {
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("example.ferry.yaml"));
        QVERIFY(
            QFile::copy(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"), plan));
        QFile::setPermissions(plan, QFile::ReadOwner | QFile::WriteOwner);
        auto org = [&](QStringList args) {
            return ferry(QStringList{QStringLiteral("org"), plan} + args);
        };
        auto contents = [&] {
            QFile f(plan);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        Run r = org({QStringLiteral("add-account"), QStringLiteral("DO production"),
                     QStringLiteral("--cloud"), QStringLiteral("digitalocean"),
                     QStringLiteral("--environment"), QStringLiteral("production")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = org({});
        QVERIFY2(r.out.contains(QStringLiteral(
                     "account do-production (DO production, production, nyc3, digitalocean)\n")),
                 qPrintable(r.out));
        const QByteArray before = contents();
        const QList<std::pair<QStringList, int>> refused = {
            {{QStringLiteral("set"), QStringLiteral("do-production"), QStringLiteral("--region"),
              QStringLiteral("eu-west-1")},
             2},
            {{QStringLiteral("set"), QStringLiteral("do-production"), QStringLiteral("--unit"),
              QStringLiteral("workloads")},
             2},
            {{QStringLiteral("set"), QStringLiteral("do-production"), QStringLiteral("--email"),
              QStringLiteral("do@example.com")},
             2},
            {{QStringLiteral("set"), QStringLiteral("do-production"), QStringLiteral("--cloud"),
              QStringLiteral("azure")},
             2},
            {{QStringLiteral("add-account"), QStringLiteral("Team"), QStringLiteral("--cloud"),
              QStringLiteral("digitalocean"), QStringLiteral("--region"),
              QStringLiteral("us-east-1")},
             2},
            {{QStringLiteral("set"), QStringLiteral("production"), QStringLiteral("--cloud"),
              QStringLiteral("digitalocean")},
             1},
        };
        for (const auto &[args, code] : refused) {
            r = org(args);
            QVERIFY2(r.code == code, qPrintable(args.join(u' ') + QStringLiteral(": ") + r.err));
            QVERIFY2(contents() == before, qPrintable(args.join(u' ')));
        }
        r = org({QStringLiteral("set"), QStringLiteral("production"), QStringLiteral("--cloud"),
                 QStringLiteral("digitalocean")});
        QVERIFY2(r.err.contains(QStringLiteral("has mapped resources")), qPrintable(r.err));

        // Droplets mapped into the team keep their type (relocate); the AWS folders stay as
        // they were and the organization's Terraform leaves the team out.
        r = ferry({QStringLiteral("map"), plan, QStringLiteral("--account"),
                   QStringLiteral("do-production"), QStringLiteral("type:droplet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        Plan p;
        FileError e;
        QVERIFY(PlanFile::load(plan, &p, &e));
        const Mapping *m = p.mapping(QStringLiteral("do:droplet:19"));
        QVERIFY(m);
        QCOMPARE(m->accountId, QStringLiteral("do-production"));
        QCOMPARE(m->targetService, QStringLiteral("digitalocean_droplet"));
        QCOMPARE(m->strategy, Strategy::Relocate);
        const auto files = TerraformExport::generate(p);
        QVERIFY(!files.value(QStringLiteral("organization/main.tf"))
                     .contains(QStringLiteral("do_production")));

        // Back to AWS once nothing is mapped there: the region follows unless given.
        r = ferry({QStringLiteral("unmap"), plan, QStringLiteral("type:droplet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = org({QStringLiteral("set"), QStringLiteral("do-production"), QStringLiteral("--cloud"),
                 QStringLiteral("aws")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = org({});
        QVERIFY2(r.out.contains(QStringLiteral(
                     "account do-production (DO production, production, us-east-1)\n")),
                 qPrintable(r.out));
    }

    void runbookEditedFromTheCommandLine()
    {
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("example.ferry.yaml"));
        QVERIFY(
            QFile::copy(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"), plan));
        QFile::setPermissions(plan, QFile::ReadOwner | QFile::WriteOwner);
        Run r = ferry({QStringLiteral("runbook"), QStringLiteral("templates")});
        QVERIFY(r.out.contains(QStringLiteral("maintenance-mode\tcutover\tplatform\t5 min")));
        r = ferry({QStringLiteral("runbook"), QStringLiteral("add"), plan,
                   QStringLiteral("--template"), QStringLiteral("maintenance-mode"),
                   QStringLiteral("--wave"), QStringLiteral("2"), QStringLiteral("--after"),
                   QStringLiteral("day-before/go-no-go/wave-2")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ferry({QStringLiteral("runbook"), QStringLiteral("wave"), plan, QStringLiteral("2"),
                   QStringLiteral("--cutover"), QStringLiteral("2027-03-06T21:00:00Z"),
                   QStringLiteral("--monitoring-hours"), QStringLiteral("48")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ferry({QStringLiteral("runbook"), QStringLiteral("wave"), plan, QStringLiteral("2"),
                   QStringLiteral("--cutover"), QStringLiteral("2027-03-06 21:00")});
        QCOMPARE(r.code, 2); // not UTC
        Plan p;
        FileError e;
        QVERIFY(PlanFile::load(plan, &p, &e));
        const RunbookStep *added =
            p.runbook->step(QStringLiteral("cutover/maintenance-mode/wave-2"));
        QVERIFY(added);
        QCOMPARE(added->origin, StepOrigin::User);
        QCOMPARE(added->after, QStringList{QStringLiteral("day-before/go-no-go/wave-2")});
        QCOMPARE(p.runbook->wave(2).cutover, QDateTime(QDate(2027, 3, 6), QTime(21, 0), Qt::UTC));
        QCOMPARE(p.runbook->wave(2).monitoringHours, 48);
        // A cycle: the first step after the last of its chain.
        QFile f(plan);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        r = ferry({QStringLiteral("runbook"), QStringLiteral("edit"), plan,
                   QStringLiteral("preparation/agree-window/plan"), QStringLiteral("--after"),
                   QStringLiteral("preparation/generate-checks/plan")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("a cycle")), qPrintable(r.err));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        r = ferry({QStringLiteral("runbook"), QStringLiteral("add"), plan,
                   QStringLiteral("--template"), QStringLiteral("no-such"),
                   QStringLiteral("--wave"), QStringLiteral("1")});
        QCOMPARE(r.code, 2);
    }

    void runbookRunFromTheCommandLine()
    {
        // A rehearsal on the example: steps done in order, a second "done" refused, the status
        // as JSON, the point of no return confirmed, the journal verified, then tampered with.
        QTemporaryDir dir;
        const QString plan = dir.filePath(QStringLiteral("example.ferry.yaml"));
        QVERIFY(
            QFile::copy(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"), plan));
        const QString store = dir.filePath(QStringLiteral("journal.sqlite"));
        auto run = [&](QStringList args) {
            args.prepend(QStringLiteral("run"));
            args << QStringLiteral("--store") << store << QStringLiteral("--actor")
                 << QStringLiteral("ana@laptop");
            return ferry(args);
        };
        Run r = run({QStringLiteral("start"), plan, QStringLiteral("--name"),
                     QStringLiteral("staging rehearsal 1"), QStringLiteral("--rehearsal")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({QStringLiteral("start"), plan, QStringLiteral("--name"),
                 QStringLiteral("staging rehearsal 1")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("exists already")));
        r = run({QStringLiteral("next"), plan});
        QCOMPARE(r.out.trimmed().section(u'\t', 0, 0),
                 QStringLiteral("preparation/agree-window/plan"));
        const QString agree = QStringLiteral("preparation/agree-window/plan");
        r = run({QStringLiteral("step"), plan, agree, QStringLiteral("--start")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({QStringLiteral("step"), plan, agree, QStringLiteral("--done"),
                 QStringLiteral("--note"), QStringLiteral("window Sat 22:00-02:00 UTC")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({QStringLiteral("step"), plan, agree, QStringLiteral("--done")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("done already (by ana@laptop)")), qPrintable(r.err));
        r = run({QStringLiteral("step"), plan, QStringLiteral("preparation/generate-checks/plan"),
                 QStringLiteral("--skip")});
        QCOMPARE(r.code, 1); // a skip needs a reason
        r = run({QStringLiteral("step"), plan, QStringLiteral("cutover/point-of-no-return/wave-1"),
                 QStringLiteral("--done")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("--confirm-point-of-no-return")));
        r = run({QStringLiteral("gate"), plan,
                 QStringLiteral("cutover/check-targets-healthy/tf:module.cycloid.aws_alb.front")});
        QCOMPARE(r.code, 2); // no check covers it in the example (no endpoint for that one)
        QVERIFY(r.err.contains(QStringLiteral("no check covers yet")));
        // One the example's checks cover refuses before contacting anything while not ready.
        r = run(
            {QStringLiteral("gate"), plan,
             QStringLiteral(
                 "cutover/replication-caught-up/do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("pending")), qPrintable(r.err));

        r = run(
            {QStringLiteral("status"), plan, QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject status = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(status.value(QStringLiteral("run")).toString(),
                 QStringLiteral("staging rehearsal 1"));
        QVERIFY(status.value(QStringLiteral("rehearsal")).toBool());
        const QJsonArray steps = status.value(QStringLiteral("steps")).toArray();
        QVERIFY(steps.size() > 100);
        QJsonObject first;
        for (const QJsonValue &v : steps)
            if (v.toObject().value(QStringLiteral("id")).toString() == agree)
                first = v.toObject();
        for (const char *key :
             {"id", "title", "phase", "state", "planned_minutes", "started", "finished"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QCOMPARE(first.value(QStringLiteral("phase")).toString(), QStringLiteral("preparation"));
        QCOMPARE(first.value(QStringLiteral("planned_minutes")).toInt(),
                 90); // edited in the example
        QVERIFY(!first.value(QStringLiteral("finished")).toString().isEmpty());
        QCOMPARE(first.value(QStringLiteral("notes")).toArray().first().toString(),
                 QStringLiteral("window Sat 22:00-02:00 UTC"));
        QVERIFY(status.value(QStringLiteral("ready"))
                    .toArray()
                    .contains(QStringLiteral("preparation/confirm-access/account:production")));

        // The run report: planned against the run, step by step (Markdown and one HTML page).
        r = run({QStringLiteral("report"), plan, QStringLiteral("-o"),
                 dir.filePath(QStringLiteral("report.md")), QStringLiteral("--date"),
                 QStringLiteral("2026-12-02")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile report(dir.filePath(QStringLiteral("report.md")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QString md = QString::fromUtf8(report.readAll());
        QVERIFY2(md.contains(QStringLiteral("| staging rehearsal 1 | rehearsal |")),
                 qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("| Preparation, whole plan | 3 h 30 min |")));
        // The step the rehearsal started and finished at once: 0 minutes against 1 h 30 planned.
        QVERIFY2(md.contains(QStringLiteral("| Agree the waves' dates, the go/no-go owner and the "
                                            "rollback criteria (`preparation/agree-window/plan`) "
                                            "| cutover lead | 1 h 30 min | 0 min |")),
                 qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("## Notes")) &&
                md.contains(QStringLiteral("window Sat 22:00-02:00 UTC")));
        QVERIFY(
            !md.contains(QStringLiteral("Confirm access to account production"))); // not reached
        r = run({QStringLiteral("report"), plan, QStringLiteral("-o"),
                 dir.filePath(QStringLiteral("report.html")), QStringLiteral("--run"),
                 QStringLiteral("no such run")});
        QCOMPARE(r.code, 2);
        r = run({QStringLiteral("report"), plan, QStringLiteral("-o"),
                 dir.filePath(QStringLiteral("report.html"))});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile html(dir.filePath(QStringLiteral("report.html")));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(html.readAll());
        QVERIFY(page.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(page.contains(QStringLiteral("<td>staging rehearsal 1</td>")));

        r = run({QStringLiteral("verify"), plan});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("3 events, chain intact")));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("edit"));
            db.setDatabaseName(store);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral(
                "UPDATE ferry_runbook_event SET actor = 'mallory@host' WHERE seq = 2")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("edit"));
        r = run({QStringLiteral("verify"), plan});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(
                     QStringLiteral("event 2 (start preparation/agree-window/plan) was changed")),
                 qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
