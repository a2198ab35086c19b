// SPDX-License-Identifier: MIT
// Importers on real files. Expected counts were checked by hand against each file's content
// (resources per type, skipped items, and every dependency edge listed in comments below).
#include "awscliimporter.h"
#include "digitaloceanimporter.h"
#include "herokuimporter.h"
#include "importservice.h"
#include "plan.h"
#include "tfstateimporter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;

namespace {

QString data(const QString &name)
{
    return QStringLiteral(SRCDIR "data/real/") + name;
}

QString shared(const QString &relative)
{
    return QStringLiteral(SHARED_INPUTS) + relative;
}

bool hasEdge(const Inventory &inv, const QString &from, const QString &to, DependencyKind kind)
{
    for (const Dependency &d : inv.dependencies)
        if (d.from == from && d.to == to && d.kind == kind)
            return true;
    return false;
}

} // namespace

class TestImporters : public QObject
{
    Q_OBJECT
private slots:
    /// Validation does not depend on the path a block takes: in memory, instance by instance
    /// (a block over the large-block size), or on worker threads, the same documents are
    /// refused (the fuzz finding of #12: a malformed value in a large block, or at the top
    /// level, was accepted) and the same accepted.
    /// An id holding a control character (an ANSI escape, a NUL) is refused with the file and
    /// where, on every path; a DigitalOcean body cannot claim another source's id.
    void controlCharactersInIdsAreRefused()
    {
        const QByteArray state =
            "{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":\"aws_instance\","
            "\"name\":\"ok\",\"provider\":\"p\",\"instances\":[{\"attributes\":{\"id\":\"1\"}}]},\n"
            "{\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"x\\u001b[2J\","
            "\"provider\":\"p\",\"instances\":[{\"attributes\":{\"id\":\"2\"}}]}]}";
        TfStateImporter inMemory, blockwise;
        blockwise.setLargeBlockSize(1);
        for (TfStateImporter *importer : {&inMemory, &blockwise}) {
            Inventory inventory;
            ImportReport report;
            FileError e;
            QVERIFY(
                !importer->readData(state, QStringLiteral("s.tfstate"), &inventory, &report, &e));
            QCOMPARE(e.line, 2); // the block that holds it
            QCOMPARE(e.column, 1);
            QVERIFY2(e.message.contains(QStringLiteral("aws_instance.x\\u{1B}[2J")) &&
                         e.message.contains(QStringLiteral("control character")),
                     qPrintable(e.message));
        }

        QTemporaryDir dir;
        const QString body = dir.filePath(QStringLiteral("droplets.json"));
        QFile f(body);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"droplets\":[{\"id\":1,\"name\":\"a\"},{\"id\":\"2\\u0007\",\"name\":\"b\"}]}");
        f.close();
        Inventory inventory;
        ImportReport report;
        FileError e;
        QVERIFY(!DigitalOceanImporter().read(body, &inventory, &report, &e));
        QCOMPARE(e.file, body);
        QVERIFY2(e.message.startsWith(QStringLiteral("droplets[1]: the id \"do:droplet:2\\u{7}\"")),
                 qPrintable(e.message));

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"droplets\":[{\"id\":7,\"name\":\"a\",\"urn\":\"tf:aws_instance.ok\"}]}");
        f.close();
        Inventory spoofed; // a failed read leaves its output unspecified: a fresh one
        QVERIFY2(DigitalOceanImporter().read(body, &spoofed, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(spoofed.resources.size(), size_t(1));
        QCOMPARE(spoofed.resources.begin()->first, QStringLiteral("do:droplet:7"));
    }

    void sameVerdictOnEveryPath_data()
    {
        QTest::addColumn<QByteArray>("state");
        QTest::addColumn<bool>("valid");
        const QByteArray head = "{\"version\":4,\"terraform_version\":\"1.5.0\",\"resources\":[";
        const QByteArray block = "{\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"x\","
                                 "\"provider\":%1,\"instances\":[{\"attributes\":{\"id\":"
                                 "\"i-1\",\"tags\":{\"Name\":%2}}}]}";
        auto state = [&](const QByteArray &provider, const QByteArray &name) {
            return QByteArray(head + QByteArray(block).replace("%1", provider).replace("%2", name) +
                              "]}");
        };
        QTest::newRow("valid") << state("\"p\"", "\"web\"") << true;
        QTest::newRow("unquoted provider") << state("p\"", "\"web\"") << false;
        QTest::newRow("bad literal") << state("tru", "\"web\"") << false;
        QTest::newRow("bad number") << state("01", "\"web\"") << false;
        QTest::newRow("bad escape") << state("\"a\\q\"", "\"web\"") << false;
        QTest::newRow("raw tab") << state("\"a\tb\"", "\"web\"") << false;
        QTest::newRow("overlong UTF-8") << state("\"\xc0\xaf\"", "\"web\"") << false;
        QTest::newRow("missing colon in a kept attribute") << state("\"p\"", "{\"a\" 1}") << false;
        QTest::newRow("bad top-level value")
            << QByteArray("{\"version\":4,\"terraform_version\":faa08\",\"resources\":[]}")
            << false;
        QTest::newRow("deep nesting in an attribute")
            << state("\"p\"", QByteArray(QByteArray(2000, '[') + QByteArray(2000, ']'))) << false;
        QTest::newRow("instances before the type")
            << head +
                   "{\"instances\":[{\"attributes\":{\"id\":\"i-1\",\"tags\":{\"Name\":\"web\"}}}],"
                   "\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"x\",\"provider\":"
                   "\"p\"}]}"
            << true;
    }
    void sameVerdictOnEveryPath()
    {
        QFETCH(QByteArray, state);
        QFETCH(bool, valid);
        TfStateImporter inMemory, blockwise, batched;
        blockwise.setLargeBlockSize(1);
        batched.setTuning({.largeBlockBytes = size_t(16) << 20, .batchBytes = 1, .threads = 3});
        QList<Inventory> results;
        for (TfStateImporter *importer : {&inMemory, &blockwise, &batched}) {
            Inventory inventory;
            ImportReport report;
            FileError error;
            const bool ok =
                importer->readData(state, QStringLiteral("s.tfstate"), &inventory, &report, &error);
            QVERIFY2(ok == valid, qPrintable(error.toString()));
            if (!ok)
                QVERIFY2(error.line == 1 && error.column > 1, qPrintable(error.toString()));
            results.append(inventory);
        }
        QVERIFY(results[0] == results[1] && results[0] == results[2]);
        if (valid) {
            QCOMPARE(results[0].resources.size(), size_t(1));
            QCOMPARE(results[0].resources.begin()->second.name, QStringLiteral("web"));
        }
    }

    void tfstateByHand_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("resources");
        QTest::addColumn<int>("dependencies");
        QTest::addColumn<int>("skipped");
        // 2 droplets + 1 volume; 2 data sources, 1 volume attachment, 2 project_resources skipped;
        // the attachment (and the droplet's volume_ids) give openstackaio-1 → volume.
        QTest::newRow("neilhanlon v4")
            << data(QStringLiteral("do_neilhanlon_droplets_volume_project.tfstate")) << 3 << 1 << 5;
        // v3: 3 droplets, floating IP, ssh key; 3 droplets depend_on the key, floating IP →
        // manager 1.
        QTest::newRow("dockerflow v3")
            << data(QStringLiteral("do_dockerflow_v3_legacy_droplets_floating_ip.tfstate")) << 5
            << 4 << 0;
        // v3 module path [root, cycloid]: 12 AWS resources.
        QTest::newRow("inframap v3")
            << data(QStringLiteral("aws_inframap_version_3_state.json")) << 12 << 13 << 0;
        // one aws_db_instance, no edges.
        QTest::newRow("driftctl db")
            << data(QStringLiteral("aws_driftctl_db_instance.tfstate")) << 1 << 0 << 0;
        // domain, 2 droplets (count), LB, 2 records (count); 2 random_string skipped; LB
        // droplet_ids is empty; each record → domain (membership) and → LB (its value is the LB's
        // IP).
        QTest::newRow("staceynik")
            << shared(QStringLiteral(
                   "tfstate/do_staceynik_loadbalancer_domain_records_droplets.tfstate"))
            << 6 << 4 << 2;
        // 2 apps, 2 add-ons, pipeline; 2 couplings kept as dependencies; app → add-on, app →
        // pipeline.
        QTest::newRow("heroku atyea")
            << shared(QStringLiteral("tfstate/heroku_atyea_apps_addons_pipeline_tf0.12.tfstate"))
            << 5 << 4 << 2;
        // 2 droplets + floating IP; the assignment becomes IP → blog_server.
        QTest::newRow("ghostoptimizer")
            << shared(QStringLiteral("tfstate/do_ghostoptimizer_droplets_floating_ip.tfstate")) << 3
            << 1 << 1;
    }

    void tfstateByHand()
    {
        QFETCH(QString, path);
        QFETCH(int, resources);
        QFETCH(int, dependencies);
        QFETCH(int, skipped);
        if (!QFile::exists(path))
            QSKIP("../shared/real-inputs is not present");
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().read(path, &inv, &report, &e), qPrintable(e.toString()));
        QCOMPARE(int(inv.resources.size()), resources);
        QCOMPARE(int(inv.dependencies.size()), dependencies);
        QCOMPARE(int(report.skipped.size()), skipped);
    }

    void tfstateAddressesAndEdges()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(TfStateImporter().read(data(QStringLiteral("aws_inframap_repeated_modules.json")),
                                       &inv, &report, &e));
        // Nested and indexed modules keep Terraform's address syntax.
        QVERIFY(
            inv.resources.count(QStringLiteral("tf:module.ec2_ubuntu_a[1].aws_instance.this[0]")));
        QVERIFY(inv.resources.count(QStringLiteral(
            "tf:module.ec2_openvpn.module.bastion_sg.aws_security_group.this_name_prefix[0]")));
        // Non-infrastructure resources and data sources are skipped and reported.
        const QByteArray state = "{\"version\":4,\"resources\":["
                                 "{\"mode\":\"managed\",\"type\":\"tls_private_key\",\"name\":"
                                 "\"k\",\"instances\":[{\"attributes\":{\"id\":\"1\"}}]},"
                                 "{\"mode\":\"managed\",\"type\":\"null_resource\",\"name\":\"n\","
                                 "\"instances\":[{\"attributes\":{\"id\":\"2\"}}]},"
                                 "{\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"t\","
                                 "\"instances\":[{\"attributes\":{\"id\":\"3\"}}]},"
                                 "{\"mode\":\"data\",\"type\":\"aws_ami\",\"name\":\"ubuntu\","
                                 "\"instances\":[{\"attributes\":{\"id\":\"ami-1\"}}]},"
                                 "{\"mode\":\"managed\",\"type\":\"google_compute_instance\","
                                 "\"name\":\"g\",\"instances\":[{\"attributes\":{\"id\":\"4\"}}]},"
                                 "{\"module\":\"module.m[\\\"a\\\"]\",\"mode\":\"managed\","
                                 "\"type\":\"aws_s3_bucket\",\"name\":\"b\","
                                 "\"instances\":[{\"index_key\":\"x\",\"attributes\":{\"id\":"
                                 "\"bkt\",\"bucket\":\"bkt\"}}]}]}";
        Inventory small;
        ImportReport smallReport;
        QVERIFY(TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &small, &smallReport,
                                           &e));
        QCOMPARE(
            smallReport.skipped,
            QStringList({QStringLiteral("tls_private_key.k — not infrastructure"),
                         QStringLiteral("null_resource.n — not infrastructure"),
                         QStringLiteral("terraform_data.t — not infrastructure"),
                         QStringLiteral("data.aws_ami.ubuntu — data source"),
                         QStringLiteral("google_compute_instance.g — provider not supported")}));
        QCOMPARE(int(small.resources.size()), 1);
        QCOMPARE(small.resources.begin()->first,
                 QStringLiteral("tf:module.m[\"a\"].aws_s3_bucket.b[\"x\"]"));

        Inventory neil;
        QVERIFY(TfStateImporter().read(
            data(QStringLiteral("do_neilhanlon_droplets_volume_project.tfstate")), &neil, &report,
            &e));
        QVERIFY(hasEdge(neil, QStringLiteral("tf:digitalocean_droplet.openstackaio-1"),
                        QStringLiteral("tf:digitalocean_volume.openstackdata"),
                        DependencyKind::Attachment));
        const Resource &d =
            neil.resources.at(QStringLiteral("tf:digitalocean_droplet.openstackaio-1"));
        QCOMPARE(d.size, QStringLiteral("g-8vcpu-32gb"));
        QCOMPARE(d.region, QStringLiteral("nyc3"));
        QCOMPARE(neil.resources.at(QStringLiteral("tf:digitalocean_volume.openstackdata"))
                     .attributes.value(QStringLiteral("disk_gb")),
                 QStringLiteral("100"));
    }

    void tfstateHerokuCustomDomains()
    {
        // heroku_domain (provider heroku/heroku): its hostname names it, its app_id is the app
        // the hostname's CNAME points at.
        const QByteArray state =
            "{\"version\":4,\"resources\":["
            "{\"mode\":\"managed\",\"type\":\"heroku_app\",\"name\":\"shop\",\"instances\":"
            "[{\"attributes\":{\"id\":\"6b3c3f4e-0000-4000-8000-000000000001\",\"name\":"
            "\"shop\",\"region\":\"us\",\"stack\":\"heroku-24\"}}]},"
            "{\"mode\":\"managed\",\"type\":\"heroku_domain\",\"name\":\"www\","
            "\"instances\":[{\"attributes\":{\"id\":\"9f1c0d2e-0000-4000-8000-000000000002\","
            "\"app_id\":\"6b3c3f4e-0000-4000-8000-000000000001\",\"hostname\":"
            "\"www.shop.example.com\",\"cname\":\"pure-aspen-1234.herokudns.com\"}}]}]}";
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().readData(state, QStringLiteral("h.tfstate"), &inv, &report, &e),
                 qPrintable(e.toString()));
        const Resource &d = inv.resources.at(QStringLiteral("tf:heroku_domain.www"));
        QCOMPARE(d.name, QStringLiteral("www.shop.example.com"));
        QVERIFY(hasEdge(inv, QStringLiteral("tf:heroku_domain.www"),
                        QStringLiteral("tf:heroku_app.shop"), DependencyKind::Dns));
    }

    void tfstateAttributeNamesAsWritten()
    {
        // Attribute names are looked up in the input as written; an escaped name is unescaped
        // first, and names longer than any Ferry reads (or near-misses of them) are ignored.
        const QByteArray state =
            "{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":"
            "\"digitalocean_droplet\",\"name\":\"web\",\"instances\":[{\"attributes\":{"
            "\"id\":\"7\",\"n\\u0061me\":\"caf\\u00e9-1\",\"region\":\"nyc3\","
            "\"ipv4_address_private_and_a_little_longer\":\"10.9.9.9\",\"region_\":\"x\","
            "\"size\":\"s-1vcpu-1gb\",\"ipv4_address\":\"203.0.113.7\"}}]}]}";
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &inv, &report, &e),
                 qPrintable(e.toString()));
        const Resource &r = inv.resources.at(QStringLiteral("tf:digitalocean_droplet.web"));
        QCOMPARE(r.name, QString::fromUtf8("caf\xc3\xa9-1"));
        QCOMPARE(r.region, QStringLiteral("nyc3"));
        QCOMPARE(r.size, QStringLiteral("s-1vcpu-1gb"));
        QCOMPARE(r.attributes.value(QStringLiteral("ipv4")), QStringLiteral("203.0.113.7"));
        QCOMPARE(r.attributes.value(QStringLiteral("provider_id")), QStringLiteral("7"));
        QVERIFY(!r.attributes.contains(QStringLiteral("ipv4_private")));
        QCOMPARE(r.sourceAddress, QStringLiteral("digitalocean_droplet.web"));
    }

    void tfstateNeverCopiesSecrets()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(TfStateImporter().read(data(QStringLiteral("aws_driftctl_db_instance.tfstate")),
                                       &inv, &report, &e));
        for (const auto &[id, r] : inv.resources)
            for (auto it = r.attributes.cbegin(); it != r.attributes.cend(); ++it)
                QVERIFY2(!it.value().contains(QLatin1String("foobarbaz")), qPrintable(it.key()));
        const QByteArray state = "{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":"
                                 "\"digitalocean_database_cluster\",\"name\":\"db\","
                                 "\"instances\":[{\"attributes\":{\"id\":\"x\",\"name\":\"db\","
                                 "\"engine\":\"pg\",\"password\":\"hunter2\","
                                 "\"uri\":\"postgresql://doadmin:hunter2@host:25060/"
                                 "defaultdb\",\"host\":\"postgresql://u:hunter2@h/db\"}}]}]}";
        Inventory db;
        QVERIFY(TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &db, &report, &e));
        const Resource &r = db.resources.at(QStringLiteral("tf:digitalocean_database_cluster.db"));
        QCOMPARE(r.attributes.value(QStringLiteral("engine")), QStringLiteral("pg"));
        for (auto it = r.attributes.cbegin(); it != r.attributes.cend(); ++it)
            QVERIFY(!it.value().contains(QLatin1String("hunter2")));
    }

    void tfstateMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::newRow("truncated")
            << QByteArray("{\n  \"version\": 4,\n  \"resources\": [\n    {\"mode\": \"managed\"")
            << 0;
        QTest::newRow("bad token")
            << QByteArray("{\n  \"version\": 4,\n  \"resources\": [ nope ]\n}") << 3;
        QTest::newRow("version 2") << QByteArray("{\"version\": 2, \"modules\": []}") << 1;
        QTest::newRow("not an object") << QByteArray("[1,2,3]") << 1;
        QTest::newRow("empty") << QByteArray("") << 1;
    }

    void tfstateMalformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(
            !TfStateImporter().readData(json, QStringLiteral("bad.tfstate"), &inv, &report, &e));
        QCOMPARE(e.file, QStringLiteral("bad.tfstate"));
        QVERIFY2(e.line >= 1, qPrintable(e.toString()));
        if (line > 0)
            QCOMPARE(e.line, line);
        QVERIFY(e.column >= 1);
    }

    void tfstateTruncatedEverywhere()
    {
        QFile f(data(QStringLiteral("aws_inframap_repeated_modules.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray full = f.readAll();
        int errors = 0;
        for (qsizetype n = 0; n < full.size() - 2; n += 97) {
            Inventory inv;
            ImportReport report;
            FileError e;
            if (!TfStateImporter().readData(full.left(n), QStringLiteral("t"), &inv, &report, &e)) {
                ++errors;
                QVERIFY(e.line >= 1);
            }
        }
        QVERIFY(errors > 100); // every cut of a JSON document is an error, none crashes
    }

    // Reading a state block by block, instance by instance (blocks over largeBlockSize()), from a
    // file in windows or from memory must all give the same inventory.
    void tfstateReadingPathsAgree_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f :
             {"aws_driftctl_alb.tfstate", "aws_driftctl_db_instance.tfstate",
              "aws_inframap_module_lemp_db_lb.json", "aws_inframap_repeated_modules.json",
              "do_neilhanlon_droplets_volume_project.tfstate"})
            QTest::newRow(f) << data(QString::fromLatin1(f));
        QTest::newRow("one block of 4,000 instances") << QString();
    }

    void tfstateReadingPathsAgree()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        if (file.isEmpty()) {
            // A VPC and one droplet resource with count = 4000 (≈ 1.5 MB: several windows).
            QByteArray s = "{\"version\":4,\"terraform_version\":\"1.5.7\",\"resources\":["
                           "{\"mode\":\"managed\",\"type\":\"digitalocean_droplet\","
                           "\"name\":\"web\",\"instances\":[";
            for (int i = 0; i < 4000; ++i) {
                const QByteArray n = QByteArray::number(i);
                s += (i ? "," : "") + QByteArray("{\"index_key\":") + n +
                     ",\"attributes\":{\"id\":\"" + n + "\",\"name\":\"web-" + n +
                     "\",\"region\":\"ams3\",\"size\":\"s-1vcpu-1gb\",\"ipv4_address\":\"10.1." +
                     QByteArray::number(i / 256) + '.' + QByteArray::number(i % 256) +
                     "\",\"tags\":[\"web\",\"a\\\"quoted\\\"tag\"],\"vpc_uuid\":\"v1\","
                     "\"user_data\":\"" +
                     QByteArray(250, 'x') +
                     "\"},"
                     "\"dependencies\":[\"digitalocean_vpc.main\"]}";
            }
            s += "]},{\"mode\":\"managed\",\"type\":\"digitalocean_vpc\",\"name\":\"main\","
                 "\"instances\":[{\"attributes\":{\"id\":\"v1\",\"name\":\"vpc\"}}]}]}";
            file = dir.filePath(QStringLiteral("big.tfstate"));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(s);
        }
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();

        Inventory fromFile, fromMemory, instanceByInstance;
        ImportReport r1, r2, r3;
        FileError e;
        QVERIFY2(TfStateImporter().read(file, &fromFile, &r1, &e), qPrintable(e.toString()));
        QVERIFY2(TfStateImporter().readData(bytes, file, &fromMemory, &r2, &e),
                 qPrintable(e.toString()));
        TfStateImporter split;
        split.setLargeBlockSize(64);
        QVERIFY2(split.read(file, &instanceByInstance, &r3, &e), qPrintable(e.toString()));
        QVERIFY(!fromFile.resources.empty());
        QVERIFY(fromFile == fromMemory);
        QVERIFY(fromFile == instanceByInstance);
        QCOMPARE(r1.skipped, r3.skipped);
        // Every block a batch of its own, on more threads than blocks: the same again.
        TfStateImporter batched;
        batched.setTuning({.largeBlockBytes = size_t(16) << 20, .batchBytes = 1, .threads = 8});
        Inventory batchedFile, batchedMemory;
        ImportReport r4, r5;
        QVERIFY2(batched.read(file, &batchedFile, &r4, &e), qPrintable(e.toString()));
        QVERIFY2(batched.readData(bytes, file, &batchedMemory, &r5, &e), qPrintable(e.toString()));
        QVERIFY(fromFile == batchedFile);
        QVERIFY(fromFile == batchedMemory);
        QCOMPARE(r1.skipped, r4.skipped);
        if (bytes.size() > 1024 * 1024) { // the generated state: counted by hand
            QCOMPARE(fromFile.resources.size(), size_t(4001));
            QCOMPARE(fromFile.dependencies.size(), size_t(4000)); // each droplet → its VPC
            const Resource &r =
                fromFile.resources.at(QStringLiteral("tf:digitalocean_droplet.web[3999]"));
            QCOMPARE(r.name, QStringLiteral("web-3999"));
            QCOMPARE(r.attributes.value(QStringLiteral("ipv4")), QStringLiteral("10.1.15.159"));
            QVERIFY(r.tags.contains(QStringLiteral("a\"quoted\"tag")));
        }
    }

    /// A state of many small blocks, written the way tests below need: `blocks` droplets
    /// (id i, IP 10.0.0.i, in VPC v1), then the VPC, then records pointing at droplet IPs.
    static QByteArray manyBlocks(int blocks, bool shuffled, int malformedAt = -1)
    {
        QList<QByteArray> out;
        for (int i = 0; i < blocks; ++i) {
            const QByteArray n = QByteArray::number(i);
            QByteArray b = "{\"mode\":\"managed\",\"type\":\"digitalocean_droplet\",\"name\":\"d" +
                           QByteArray(3 - n.size(), '0') + n +
                           "\",\"instances\":[{\"attributes\":{\"id\":\"" + n + "\",\"name\":\"d" +
                           n + "\",\"ipv4_address\":\"10.0.0." + n +
                           "\",\"vpc_uuid\":\"v1\"},\"dependencies\":[]}]}";
            if (i == malformedAt) // an escape JSON does not have, in a value Ferry reads
                b.replace(QByteArray("\"name\":\"d" + n), QByteArray("\"name\":\"d\\q" + n));
            out.append(b);
        }
        out.append("{\"mode\":\"managed\",\"type\":\"digitalocean_vpc\",\"name\":\"main\","
                   "\"instances\":[{\"attributes\":{\"id\":\"v1\",\"name\":\"vpc\"}}]}");
        for (int i = 0; i < blocks; i += 10)
            out.append("{\"mode\":\"managed\",\"type\":\"digitalocean_record\",\"name\":\"r" +
                       QByteArray::number(i) + "\",\"instances\":[{\"attributes\":{\"id\":\"" +
                       QByteArray::number(1000 + i) +
                       "\",\"name\":\"www\",\"type\":\"A\","
                       "\"value\":\"10.0.0." +
                       QByteArray::number(i) + "\"}}]}");
        // The same address again, later in the file: Terraform never writes this, but a
        // hand-merged state may; the later instance wins.
        out.append("{\"mode\":\"managed\",\"type\":\"digitalocean_droplet\",\"name\":\"d007\","
                   "\"instances\":[{\"attributes\":{\"id\":\"7\",\"name\":\"again\","
                   "\"ipv4_address\":\"10.0.0.7\"}}]}");
        if (shuffled)
            std::reverse(out.begin(), out.end() - 1);
        QByteArray s = "{\"version\":4,\"resources\":[\n";
        for (qsizetype i = 0; i < out.size(); ++i)
            s += out[i] + (i + 1 < out.size() ? ",\n" : "\n");
        return s + "]}\n";
    }

    void tfstateBatchesAgree_data()
    {
        QTest::addColumn<bool>("shuffled");
        QTest::newRow("Terraform's order") << false;
        QTest::newRow("reversed") << true;
    }

    /// Batches on worker threads give the inventory one thread gives, whatever the batch size,
    /// thread count or block order; counted by hand.
    void tfstateBatchesAgree()
    {
        QFETCH(bool, shuffled);
        const QByteArray s = manyBlocks(300, shuffled);
        TfStateImporter one;
        one.setTuning(
            {.largeBlockBytes = size_t(16) << 20, .batchBytes = size_t(1) << 30, .threads = 1});
        Inventory expected;
        ImportReport report;
        FileError e;
        QVERIFY2(one.readData(s, QStringLiteral("m.tfstate"), &expected, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(expected.resources.size(), size_t(300 + 1 + 30));
        // 299 droplet → VPC (d007's later instance has no vpc_uuid, and its earlier instance is
        // gone with its references) and 30 record → droplet (DNS).
        QVERIFY2(report.warnings.join(u'\n').contains(
                     QLatin1String("digitalocean_droplet.d007 appears twice")),
                 qPrintable(report.warnings.join(u'\n')));
        const Resource &again =
            expected.resources.at(QStringLiteral("tf:digitalocean_droplet.d007"));
        QCOMPARE(again.name, QStringLiteral("again"));
        QCOMPARE(expected.dependencies.size(), size_t(299 + 30));
        for (size_t batchBytes : {size_t(1), size_t(300), size_t(4096)}) {
            for (int threads : {1, 2, 5}) {
                TfStateImporter t;
                t.setTuning({.largeBlockBytes = size_t(16) << 20,
                             .batchBytes = batchBytes,
                             .threads = threads});
                Inventory got;
                ImportReport r;
                QVERIFY2(t.readData(s, QStringLiteral("m.tfstate"), &got, &r, &e),
                         qPrintable(e.toString()));
                QVERIFY2(got == expected,
                         qPrintable(
                             QStringLiteral("batch %1, %2 threads").arg(batchBytes).arg(threads)));
            }
        }
    }

    /// A malformed block met by a worker is reported where it is, even when the stream found
    /// another error further on meanwhile; the same error as one thread reports.
    void tfstateBatchErrorsLocated()
    {
        QByteArray s = manyBlocks(200, false, 120);
        s.chop(40); // and truncated: the stream's own error comes later in the file
        TfStateImporter one;
        one.setTuning(
            {.largeBlockBytes = size_t(16) << 20, .batchBytes = size_t(1) << 30, .threads = 1});
        Inventory inv;
        ImportReport report;
        FileError expected;
        QVERIFY(!one.readData(s, QStringLiteral("m.tfstate"), &inv, &report, &expected));
        QCOMPARE(expected.line, 2 + 120); // block 120 is on line 122
        // The header's "name":"d\q120" string runs from column 56 to 63; simdjson stops at the
        // token after it (column 64).
        QVERIFY2(expected.column >= 56 && expected.column <= 64, qPrintable(expected.toString()));
        for (int threads : {1, 3}) {
            TfStateImporter t;
            t.setTuning({.largeBlockBytes = size_t(16) << 20, .batchBytes = 1, .threads = threads});
            FileError e;
            Inventory got;
            QVERIFY(!t.readData(s, QStringLiteral("m.tfstate"), &got, &report, &e));
            QCOMPARE(e.line, expected.line);
            QCOMPARE(e.column, expected.column);
            QCOMPARE(e.message, expected.message);
        }
    }

    void tfstateLargeBlockWithTypeAfterItsInstances()
    {
        const QByteArray s = "{\"version\":4,\"resources\":[{\"instances\":[{\"attributes\":"
                             "{\"id\":\"1\"}}],\"mode\":\"managed\",\"type\":\"aws_instance\","
                             "\"name\":\"a\"}]}";
        Inventory whole, split;
        ImportReport report;
        FileError e;
        // Read as one document, the unusual order is fine…
        QVERIFY2(TfStateImporter().readData(s, QStringLiteral("s.tfstate"), &whole, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(whole.resources.size(), size_t(1));
        // …and instance by instance too (the instances wait, in small copies, for the type):
        // the same resource at the same address, not a refusal that depends on the block's size.
        TfStateImporter small;
        small.setLargeBlockSize(8);
        QVERIFY2(small.readData(s, QStringLiteral("s.tfstate"), &split, &report, &e),
                 qPrintable(e.toString()));
        QVERIFY(split == whole);
        QVERIFY(split.resources.count(QStringLiteral("tf:aws_instance.a")));
    }

    void everySharedInputImports()
    {
        for (const QString &folder : {QStringLiteral("tfstate"), QStringLiteral("digitalocean-api"),
                                      QStringLiteral("aws-cli"), QStringLiteral("heroku")}) {
            const QDir dir(shared(folder));
            if (!dir.exists())
                QSKIP("../shared/real-inputs is not present");
            for (const QString &name : dir.entryList(QDir::Files)) {
                Inventory inv;
                ImportReport report;
                FileError e;
                const bool imported =
                    ImportService::importFiles({dir.filePath(name)}, QString(), &inv, &report, &e);
                // Every file gives resources, except OpenAPI wrappers that only hold $refs and
                // project-resources bodies, which only relate resources listed elsewhere: those
                // alone are refused, saying so, never imported as an empty inventory.
                const bool onlyRefs =
                    !imported &&
                    e.message.contains(QLatin1String("holds nothing Ferry can import"));
                // Not inventories: botocore's examples (requests and responses side by side, no
                // output at the top) and Heroku's Platform API schema (recognised by nothing).
                if (name == QLatin1String("botocore_elbv2_examples-1.json") ||
                    name == QLatin1String("platform-api_schema.json")) {
                    QVERIFY2(!imported, qPrintable(name));
                    continue;
                }
                QVERIFY2(imported || onlyRefs, qPrintable(e.toString()));
                if (name.contains(QLatin1String("projects_resources")))
                    QVERIFY2(onlyRefs, qPrintable(name));
                else
                    QVERIFY2(!inv.resources.empty() || onlyRefs, qPrintable(name));
                if (onlyRefs)
                    QVERIFY2(QFile(dir.filePath(name)).open(QIODevice::ReadOnly) &&
                                 inv.resources.empty(),
                             qPrintable(name));
            }
        }
    }

    void digitalOceanByHand_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("count");
        QTest::newRow("droplets") << QStringLiteral("dropletkit_droplets.json")
                                  << QStringLiteral("digitalocean_droplet") << 1;
        QTest::newRow("databases") << QStringLiteral("dropletkit_databases_all_clusters.json")
                                   << QStringLiteral("digitalocean_database_cluster") << 1;
        // three entries, but two share the id 3de7ac8b-…: two load balancers
        QTest::newRow("load balancers") << QStringLiteral("dropletkit_load_balancers.json")
                                        << QStringLiteral("digitalocean_loadbalancer") << 2;
        QTest::newRow("records") << QStringLiteral("dropletkit_domain_records.json")
                                 << QStringLiteral("digitalocean_record") << 5;
        QTest::newRow("reserved ips") << QStringLiteral("dropletkit_reserved_ips.json")
                                      << QStringLiteral("digitalocean_reserved_ip") << 3;
        QTest::newRow("vpcs") << QStringLiteral("dropletkit_vpcs.json")
                              << QStringLiteral("digitalocean_vpc") << 2;
        QTest::newRow("kubernetes") << QStringLiteral("dropletkit_kubernetes.json")
                                    << QStringLiteral("digitalocean_kubernetes_cluster") << 1;
        QTest::newRow("openapi droplets") << QStringLiteral("openapi_droplets_examples.yml")
                                          << QStringLiteral("digitalocean_droplet") << 5;
    }

    void digitalOceanByHand()
    {
        QFETCH(QString, file);
        QFETCH(QString, type);
        QFETCH(int, count);
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(DigitalOceanImporter().read(data(file), &inv, &report, &e),
                 qPrintable(e.toString()));
        int n = 0;
        for (const auto &[id, r] : inv.resources)
            n += r.type == type ? 1 : 0;
        QCOMPARE(n, count);
    }

    void digitalOceanAcrossFiles()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        // The OpenAPI load balancer examples target droplets 3164444/3164445 of the droplet
        // examples.
        QVERIFY(DigitalOceanImporter().readFiles(
            {data(QStringLiteral("openapi_droplets_examples.yml")),
             data(QStringLiteral("openapi_load_balancers_examples.yml"))},
            &inv, &report, &e));
        QVERIFY(hasEdge(inv, QStringLiteral("do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6"),
                        QStringLiteral("do:droplet:3164444"), DependencyKind::Network));
        // Database passwords and URIs are never read.
        Inventory db;
        QVERIFY(DigitalOceanImporter().read(
            data(QStringLiteral("dropletkit_databases_all_clusters.json")), &db, &report, &e));
        const Resource &r = db.resources.begin()->second;
        QCOMPARE(r.attributes.value(QStringLiteral("engine")), QStringLiteral("pg"));
        // The cluster's databases (`db_names`), which the data checks compare.
        QCOMPARE(r.attributes.value(QStringLiteral("databases")), QStringLiteral("defaultdb"));
        for (auto it = r.attributes.cbegin(); it != r.attributes.cend(); ++it)
            QVERIFY2(!it.key().contains(QLatin1String("password")) &&
                         !it.value().contains(QLatin1String("://")),
                     qPrintable(it.key()));
        // A record without a name (the fixture's NS records, `"name": null`) is at the apex,
        // `@` as DigitalOcean writes it, never named after its id.
        Inventory records;
        QVERIFY(DigitalOceanImporter().read(data(QStringLiteral("dropletkit_domain_records.json")),
                                            &records, &report, &e));
        QCOMPARE(records.resources.at(QStringLiteral("do:record:2")).name, QStringLiteral("@"));
        QCOMPARE(records.resources.at(QStringLiteral("do:record:5")).name,
                 QStringLiteral("example"));
        // The fixture's priorities are null; an MX record's priority is kept, an A record's 0 not.
        for (const auto &[id, r] : records.resources)
            QVERIFY(!r.attributes.contains(QStringLiteral("priority")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("records.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"domain_records": [
  {"id": 7, "type": "MX", "name": "@", "data": "mx.example.net", "priority": 10, "ttl": 1800},
  {"id": 8, "type": "A", "name": "www", "data": "203.0.113.5", "priority": 0, "ttl": 1800}]})");
        f.close();
        Inventory mx;
        QVERIFY2(DigitalOceanImporter().read(path, &mx, &report, &e), qPrintable(e.toString()));
        QCOMPARE(mx.resources.at(QStringLiteral("do:record:7"))
                     .attributes.value(QStringLiteral("priority")),
                 QStringLiteral("10"));
        QVERIFY(!mx.resources.at(QStringLiteral("do:record:8"))
                     .attributes.contains(QStringLiteral("priority")));
        // The same from a Terraform state's digitalocean_record.
        const QByteArray state =
            R"({"version":4,"resources":[{"mode":"managed","type":"digitalocean_record",
            "name":"mx","instances":[{"attributes":{"id":"7","domain":"example.com","type":"MX",
            "name":"@","value":"mx.example.net.","priority":20,"ttl":1800}}]},
            {"mode":"managed","type":"digitalocean_record","name":"www","instances":[{
            "attributes":{"id":"8","domain":"example.com","type":"A","name":"www",
            "value":"203.0.113.5","priority":0,"ttl":1800}}]}]})";
        Inventory fromState;
        QVERIFY2(
            TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &fromState, &report, &e),
            qPrintable(e.toString()));
        QCOMPARE(fromState.resources.at(QStringLiteral("tf:digitalocean_record.mx"))
                     .attributes.value(QStringLiteral("priority")),
                 QStringLiteral("20"));
        QVERIFY(!fromState.resources.at(QStringLiteral("tf:digitalocean_record.www"))
                     .attributes.contains(QStringLiteral("priority")));
    }

    /// `doctl … -o json` prints a bare array of the API's objects, without the body's key (and
    /// without URNs): recognised, each object's kind inferred from its keys, giving the same
    /// resources (ids, types, names, attributes but the URN) as the API body it came from.
    void doctlBareArrays_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        for (const auto &[file, key] :
             {std::pair{"dropletkit_droplets.json", "droplets"},
              std::pair{"dropletkit_databases_all_clusters.json", "databases"},
              std::pair{"dropletkit_load_balancers.json", "load_balancers"},
              std::pair{"dropletkit_firewalls.json", "firewalls"},
              std::pair{"dropletkit_kubernetes.json", "kubernetes_clusters"},
              std::pair{"dropletkit_volumes.json", "volumes"},
              std::pair{"dropletkit_vpcs.json", "vpcs"},
              std::pair{"dropletkit_domains.json", "domains"},
              std::pair{"dropletkit_domain_records.json", "domain_records"},
              std::pair{"dropletkit_projects.json", "projects"},
              std::pair{"dropletkit_cdns.json", "endpoints"},
              std::pair{"dropletkit_apps.json", "apps"}})
            QTest::newRow(key) << QString::fromLatin1(file) << QString::fromLatin1(key);
    }

    void doctlBareArrays()
    {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFile in(data(file));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonArray bare = QJsonDocument::fromJson(in.readAll()).object().value(key).toArray();
        QVERIFY(!bare.isEmpty());
        for (qsizetype i = 0; i < bare.size(); ++i) {
            QJsonObject o = bare[i].toObject();
            o.remove(QStringLiteral("urn"));
            bare[i] = o;
        }
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("doctl.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(bare).toJson());
        out.close();
        FileError e;
        const Importer *detected = ImportService::detect(path, QString(), &e);
        QVERIFY2(detected, qPrintable(e.toString()));
        QCOMPARE(detected->formatId(), QStringLiteral("digitalocean"));
        Inventory fromBody, fromDoctl;
        ImportReport report;
        QVERIFY2(ImportService::importFiles({data(file)}, QString(), &fromBody, &report, &e),
                 qPrintable(e.toString()));
        QVERIFY2(ImportService::importFiles({path}, QString(), &fromDoctl, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(fromDoctl.resources.size(), fromBody.resources.size());
        for (const auto &[id, r] : fromBody.resources) {
            QVERIFY2(fromDoctl.resources.count(id), qPrintable(id));
            const Resource &d = fromDoctl.resources.at(id);
            QCOMPARE(d.type, r.type);
            QCOMPARE(d.name, r.name);
            StringMap attributes = r.attributes;
            attributes.remove(QStringLiteral("urn"));
            StringMap doctlAttributes = d.attributes;
            doctlAttributes.remove(QStringLiteral("urn"));
            QCOMPARE(doctlAttributes, attributes);
        }
    }

    /// AWS CLI output (cloudmapper's demo account, counted by hand from the six files): three
    /// instances, a VPC, a classic and an application load balancer, a DB instance and a
    /// bucket; ARNs as ids where the output has them; Terraform types, sizes and import ids as
    /// a state gives them; the edges to what the files hold (the instances' subnets and groups
    /// are in no file: no edge), read together across files.
    void awsCliOutput()
    {
        QStringList files;
        for (const char *f :
             {"ec2-describe-instances", "ec2-describe-vpcs", "elb-describe-load-balancers",
              "elbv2-describe-load-balancers", "rds-describe-db-instances", "s3-list-buckets"})
            files.append(data(QStringLiteral("awscli_cloudmapper_%1.json").arg(QLatin1String(f))));
        FileError e;
        for (const QString &f : std::as_const(files)) {
            const Importer *detected = ImportService::detect(f, QString(), &e);
            QVERIFY2(detected && detected->formatId() == QLatin1String("aws"), qPrintable(f));
        }
        Inventory inv;
        ImportReport report;
        QVERIFY2(ImportService::importFiles(files, QString(), &inv, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(int(inv.resources.size()), 8);
        const Resource &bastion =
            inv.resources.at(QStringLiteral("aws:instance:i-00000000000000000"));
        QCOMPARE(bastion.type, QStringLiteral("aws_instance"));
        QCOMPARE(bastion.name, QStringLiteral("Bastion"));
        QCOMPARE(bastion.size, QStringLiteral("t2.micro"));
        QCOMPARE(bastion.region, QStringLiteral("us-east-1"));
        QCOMPARE(bastion.attributes.value(QStringLiteral("ipv4")), QStringLiteral("1.2.3.4"));
        QCOMPARE(bastion.attributes.value(QStringLiteral("provider_id")),
                 QStringLiteral("i-00000000000000000"));
        const Resource &db = inv.resources.at(
            QStringLiteral("aws:arn:aws:rds:us-east-1:123456789012:db:securitymonkey"));
        QCOMPARE(db.type, QStringLiteral("aws_db_instance"));
        // The demo's identifier is `database` (its ARN says securitymonkey): the identifier is
        // the import id and the name.
        QCOMPARE(db.attributes.value(QStringLiteral("provider_id")), QStringLiteral("database"));
        QCOMPARE(db.name, QStringLiteral("database"));
        QCOMPARE(db.attributes.value(QStringLiteral("engine")), QStringLiteral("postgres"));
        QCOMPARE(db.size, QStringLiteral("db.t2.micro"));
        QCOMPARE(inv.resources.at(QStringLiteral("aws:vpc:vpc-12345678"))
                     .attributes.value(QStringLiteral("cidr")),
                 QStringLiteral("10.0.0.0/16"));
        QCOMPARE(inv.resources.at(QStringLiteral("aws:vpc:vpc-12345678")).name,
                 QStringLiteral("Prod"));
        QCOMPARE(inv.resources.at(QStringLiteral("aws:s3:cloudmapper_demo")).type,
                 QStringLiteral("aws_s3_bucket"));
        QCOMPARE(inv.resources
                     .at(QStringLiteral("aws:arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                        "loadbalancer/app/demo/qwerty"))
                     .attributes.value(QStringLiteral("load_balancer_type")),
                 QStringLiteral("application"));
        // 3 instances, the ALB, the ELB and the DB in the VPC; the ELB's one instance of the
        // file (i-…3 is in none).
        QCOMPARE(int(inv.dependencies.size()), 7);
        QVERIFY(hasEdge(inv, QStringLiteral("aws:elb:weblb"),
                        QStringLiteral("aws:instance:i-00000000000000002"),
                        DependencyKind::Network));
        QVERIFY(hasEdge(inv, QStringLiteral("aws:instance:i-00000000000000001"),
                        QStringLiteral("aws:vpc:vpc-12345678"), DependencyKind::Membership));
    }

    /// Subnets, security groups (their rules as `inbound_rules`, a rule naming another group an
    /// edge from it), ElastiCache, ECR and Redshift, from outputs shaped as the AWS API
    /// reference gives them; a file with none of the commands' keys is refused.
    void awsCliShapes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("aws.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({
  "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24",
               "AvailabilityZone": "eu-west-1a"}],
  "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
  "SecurityGroups": [
    {"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [
      {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
       "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
      {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
    {"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-1", "IpPermissions": [
      {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
       "UserIdGroupPairs": [{"GroupId": "sg-web"}, {"GroupId": "sg-db"}]},
      {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-db"}]}]}],
  "CacheClusters": [{"CacheClusterId": "sessions", "CacheNodeType": "cache.t3.small",
                     "Engine": "redis", "EngineVersion": "7.1", "NumCacheNodes": 1,
                     "SecurityGroups": [{"SecurityGroupId": "sg-db", "Status": "active"}]}],
  "repositories": [{"repositoryName": "shop/api",
                    "repositoryArn": "arn:aws:ecr:eu-west-1:123456789012:repository/shop/api"}],
  "Clusters": [{"ClusterIdentifier": "analytics", "NodeType": "ra3.xlplus", "NumberOfNodes": 2,
                "ClusterVersion": "1.0", "VpcId": "vpc-1"}]
})");
        f.close();
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(ImportService::importFiles({path}, QString(), &inv, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(int(inv.resources.size()), 7);
        // The ICMP rule for one type is left out, never widened.
        QCOMPARE(inv.resources.at(QStringLiteral("aws:security-group:sg-web"))
                     .attributes.value(QStringLiteral("inbound_rules")),
                 QStringLiteral("tcp 443 from 0.0.0.0/0, ::/0"));
        QCOMPARE(inv.resources.at(QStringLiteral("aws:security-group:sg-db"))
                     .attributes.value(QStringLiteral("inbound_rules")),
                 QStringLiteral("tcp 5432 from security_group:sg-web, self; all from self"));
        QVERIFY(hasEdge(inv, QStringLiteral("aws:security-group:sg-web"),
                        QStringLiteral("aws:security-group:sg-db"), DependencyKind::Network));
        QVERIFY(hasEdge(inv, QStringLiteral("aws:subnet:subnet-1"), QStringLiteral("aws:vpc:vpc-1"),
                        DependencyKind::Membership));
        const Resource &cache = inv.resources.at(QStringLiteral("aws:cache-cluster:sessions"));
        QCOMPARE(cache.type, QStringLiteral("aws_elasticache_cluster"));
        QCOMPARE(cache.size, QStringLiteral("cache.t3.small"));
        QCOMPARE(cache.attributes.value(QStringLiteral("node_count")), QStringLiteral("1"));
        QVERIFY(hasEdge(inv, cache.id, QStringLiteral("aws:security-group:sg-db"),
                        DependencyKind::Network));
        QCOMPARE(
            inv.resources
                .at(QStringLiteral("aws:arn:aws:ecr:eu-west-1:123456789012:repository/shop/api"))
                .name,
            QStringLiteral("shop/api"));
        const Resource &warehouse = inv.resources.at(QStringLiteral("aws:redshift:analytics"));
        QCOMPARE(warehouse.attributes.value(QStringLiteral("node_count")), QStringLiteral("2"));
        QCOMPARE(warehouse.attributes.value(QStringLiteral("provider_id")),
                 QStringLiteral("analytics"));

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"Reservations": [], "NextToken": null})");
        f.close();
        QVERIFY(!ImportService::importFiles({path}, QString(), &inv, &report, &e));
        QVERIFY2(e.message.contains(QStringLiteral("holds nothing Ferry can import")),
                 qPrintable(e.message));
    }

    /// A Heroku app.json (chatwoot's, counted by hand from the file): the app named after the
    /// manifest (and said so), its two add-ons from `{plan}` objects, its web and worker process
    /// types with quantity and size, the names of its six config vars and never a value, the
    /// state's dependencies; recognised by its content.
    void herokuAppJson()
    {
        const QString file = data(QStringLiteral("heroku_chatwoot_app.json"));
        FileError e;
        const Importer *detected = ImportService::detect(file, QString(), &e);
        QVERIFY2(detected, qPrintable(e.toString()));
        QCOMPARE(detected->formatId(), QStringLiteral("heroku"));
        Inventory inv;
        ImportReport report;
        QVERIFY2(ImportService::importFiles({file}, QString(), &inv, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(int(inv.resources.size()), 5);
        const Resource &app = inv.resources.at(QStringLiteral("heroku:app:chatwoot"));
        QCOMPARE(app.type, QStringLiteral("heroku_app"));
        QCOMPARE(app.attributes.value(QStringLiteral("stack")), QStringLiteral("heroku-20"));
        QCOMPARE(app.attributes.value(QStringLiteral("repository")),
                 QStringLiteral("https://github.com/chatwoot/chatwoot"));
        QCOMPARE(app.attributes.value(QStringLiteral("config_var_names")),
                 QStringLiteral("FRONTEND_URL, INSTALLATION_ENV, RACK_ENV, RAILS_ENV, "
                                "REDIS_OPENSSL_VERIFY_MODE, SECRET_TOKEN"));
        for (const auto &[id, r] : inv.resources)
            for (auto it = r.attributes.cbegin(); it != r.attributes.cend(); ++it)
                QVERIFY2(!it.value().contains(QLatin1String("production")) &&
                             !it.value().contains(QLatin1String("CHANGE.herokuapp")),
                         qPrintable(it.key())); // config var values never read
        QCOMPARE(inv.resources.at(QStringLiteral("heroku:addon:chatwoot:heroku-postgresql"))
                     .attributes.value(QStringLiteral("plan")),
                 QStringLiteral("heroku-postgresql:mini"));
        QCOMPARE(inv.resources.at(QStringLiteral("heroku:addon:chatwoot:heroku-redis"))
                     .attributes.value(QStringLiteral("plan")),
                 QStringLiteral("heroku-redis:mini"));
        const Resource &worker =
            inv.resources.at(QStringLiteral("heroku:formation:chatwoot-worker"));
        QCOMPARE(worker.name, QStringLiteral("worker"));
        QCOMPARE(worker.size, QStringLiteral("basic"));
        QCOMPARE(worker.attributes.value(QStringLiteral("quantity")), QStringLiteral("1"));
        QCOMPARE(int(inv.dependencies.size()), 4);
        QVERIFY(hasEdge(inv, QStringLiteral("heroku:app:chatwoot"),
                        QStringLiteral("heroku:addon:chatwoot:heroku-redis"),
                        DependencyKind::Data));
        QVERIFY(hasEdge(inv, QStringLiteral("heroku:formation:chatwoot-web"),
                        QStringLiteral("heroku:app:chatwoot"), DependencyKind::Membership));
        QVERIFY(report.warnings.join(u'\n').contains(
            QStringLiteral("does not name the deployed app; \"chatwoot\" is assumed")));

        // Mastodon's (AGPL-3.0, read in place): add-ons as plain strings, no formation.
        const QString mastodon = shared(QStringLiteral("heroku/mastodon_app.json"));
        if (QFile::exists(mastodon)) {
            Inventory m;
            QVERIFY2(ImportService::importFiles({mastodon}, QString(), &m, &report, &e),
                     qPrintable(e.toString()));
            QCOMPARE(int(m.resources.size()), 3);
            QCOMPARE(m.resources.at(QStringLiteral("heroku:addon:mastodon:heroku-redis"))
                         .attributes.value(QStringLiteral("plan")),
                     QStringLiteral("heroku-redis"));
            QCOMPARE(m.resources.at(QStringLiteral("heroku:app:mastodon"))
                             .attributes.value(QStringLiteral("config_var_names"))
                             .count(u',') +
                         1,
                     21);
        }
    }

    /// A private buildpack's or repository's URL carries its token (`https://TOKEN@github.com`):
    /// the plan gets the URL without it, the report says so and never shows the token.
    void herokuAppJsonDropsCredentials()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("app.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // (Not a raw string literal: moc reads `//` in one as a comment.)
        f.write("{\"name\": \"shop\", \"repository\": \"https:/"
                "/ghp_secret123@github.com/acme/shop\", \"buildpacks\": [{\"url\": \"https:/"
                "/user:hunter2@buildpacks.example.com/bp.tgz\"}, {\"url\": \"heroku/ruby\"}]}");
        f.close();
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(HerokuImporter().read(path, &inv, &report, &e), qPrintable(e.toString()));
        const Resource &app = inv.resources.at(QStringLiteral("heroku:app:shop"));
        QCOMPARE(app.attributes.value(QStringLiteral("repository")),
                 QStringLiteral("https://github.com/acme/shop"));
        QCOMPARE(app.attributes.value(QStringLiteral("buildpacks")),
                 QStringLiteral("https://buildpacks.example.com/bp.tgz, heroku/ruby"));
        const QString said = report.toText();
        QVERIFY(said.contains(QStringLiteral("credentials were left out")));
        QVERIFY(!said.contains(QStringLiteral("ghp_secret123")) &&
                !said.contains(QStringLiteral("hunter2")));
    }

    /// What a manifest Ferry cannot use gives: a located refusal, nothing imported.
    void herokuAppJsonRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("invalid JSON") << QByteArray("{\n  \"name\": \"x\",\n  \"addons\": [,]\n}\n")
                                      << 3 << QStringLiteral("invalid JSON");
        QTest::newRow("addons not a list")
            << QByteArray("{\n  \"name\": \"shop\",\n  \"addons\": {\"plan\": \"x\"}\n}\n") << 3
            << QStringLiteral("`addons` must be a list");
        QTest::newRow("formation not an object")
            << QByteArray("{\"name\": \"shop\",\n\"formation\": [1]}") << 2
            << QStringLiteral("`formation` must be an object");
        QTest::newRow("control character in a name")
            << QByteArray("{\"name\": \"shop\\u001b[31m\"}") << 1
            << QStringLiteral("holds a control character");
        QTest::newRow("another tool's JSON")
            << QByteArray("{\"$schema\": \"http://json-schema.org/draft-04/hyper-schema\"}") << 1
            << QStringLiteral("holds nothing Ferry can import");
        QTest::newRow("not an object")
            << QByteArray("[\"app\"]") << 1 << QStringLiteral("is a JSON object");
    }

    void herokuAppJsonRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("app.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(!HerokuImporter().read(path, &inv, &report, &e));
        QCOMPARE(e.file, path);
        QCOMPARE(e.line, line);
        QVERIFY2(e.message.contains(message), qPrintable(e.message));
    }

    /// A firewall (or load balancer) whose `id` is no id — a list, as the fuzzer made one — is
    /// skipped as an item that cannot be identified, the rest of the body imported; it used to
    /// end the process (`std::map::at` of an empty id).
    void digitalOceanItemWithoutUsableId()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("body.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"firewalls": [{"id": ["tcp"], "name": "fw", "droplet_ids": [1],
                                   "inbound_rules": [{"protocol": "tcp", "ports": "22",
                                                      "sources": {"droplet_ids": [1]}}]}],
                    "load_balancers": [{"id": {"x": 1}, "name": "lb", "droplet_ids": [1]}],
                    "droplets": [{"id": 1, "name": "web"}]})");
        f.close();
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(DigitalOceanImporter().read(path, &inv, &report, &e), qPrintable(e.toString()));
        QCOMPARE(int(inv.resources.size()), 1);
        QVERIFY(inv.resources.count(QStringLiteral("do:droplet:1")));
        QVERIFY(inv.dependencies.empty());
        QVERIFY2(report.skipped.join(u'\n').contains(QStringLiteral("cannot be identified")),
                 qPrintable(report.skipped.join(u'\n')));
    }

    void digitalOceanMalformed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"droplets\": [\n    {\"id\": 1,, }\n  ]\n}\n");
        f.close();
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(!DigitalOceanImporter().read(path, &inv, &report, &e));
        QCOMPARE(e.line, 3);
        QVERIFY(e.column > 1);
        const QString yamlPath = dir.filePath(QStringLiteral("bad.yml"));
        QFile y(yamlPath);
        QVERIFY(y.open(QIODevice::WriteOnly));
        y.write("droplets:\n  - id: 1\n    name: [oops\n");
        y.close();
        QVERIFY(!DigitalOceanImporter().read(yamlPath, &inv, &report, &e));
        QVERIFY(e.line >= 3);
    }

    void progressAndCancel()
    {
        const QStringList files = {data(QStringLiteral("aws_inframap_repeated_modules.json")),
                                   data(QStringLiteral("dropletkit_droplets.json"))};
        ImportProgress progress;
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY(ImportService::importFiles(files, QString(), &inv, &report, &e, &progress));
        QCOMPARE(progress.total.load(), QFileInfo(files[0]).size() + QFileInfo(files[1]).size());
        QCOMPARE(progress.done.load(), progress.total.load());
        QCOMPARE(progress.percent(), 100);

        ImportProgress cancelled;
        cancelled.cancelRequested = true;
        Inventory none;
        QVERIFY(!ImportService::importFiles(files, QString(), &none, &report, &e, &cancelled));
        QVERIFY2(e.message.contains(QLatin1String("cancelled")), qPrintable(e.toString()));
        QCOMPARE(e.file, files[0]);
    }

    void reimportKeepsMappings()
    {
        Plan plan;
        Inventory first;
        ImportReport report;
        FileError e;
        const QString path = data(QStringLiteral("do_neilhanlon_droplets_volume_project.tfstate"));
        QVERIFY(TfStateImporter().read(path, &first, &report, &e));
        plan.applyImport(first, &report);
        const QString id = QStringLiteral("tf:digitalocean_droplet.openstackaio-1");
        plan.setMapping({id, QStringLiteral("production"), QStringLiteral("aws_instance"),
                         Strategy::Rehost, 3});
        Inventory again;
        ImportReport second;
        QVERIFY(TfStateImporter().read(path, &again, &second, &e));
        again.resources.at(id).size = QStringLiteral("s-1vcpu-1gb"); // as if resized since
        plan.applyImport(again, &second);
        QCOMPARE(second.added.size(), 0);
        QCOMPARE(second.updated, QStringList{id});
        QCOMPARE(second.unchanged.size(), 2);
        QCOMPARE(plan.resource(id)->size, QStringLiteral("s-1vcpu-1gb"));
        QCOMPARE(plan.mapping(id)->wave, 3);
    }
};

QTEST_GUILESS_MAIN(TestImporters)
#include "tst_importers.moc"
