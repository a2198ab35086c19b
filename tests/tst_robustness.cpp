// SPDX-License-Identifier: MIT
// Bad input never crashes: real files with deterministic random corruption (byte flips,
// deletions, duplications, truncation) through every reader. Each call must either succeed or
// fail with a located error naming the file.
#include "digitaloceanimporter.h"
#include "importservice.h"
#include "planfile.h"
#include "tfstateimporter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// One corruption of `data`, chosen by `rng`.
QByteArray mutate(QByteArray data, QRandomGenerator &rng)
{
    static const char interesting[] = "{}[]\",:\\ \n0-.eE\x00\xff\xc3tfn#&*!|>-?";
    const int edits = 1 + int(rng.bounded(4));
    for (int e = 0; e < edits && !data.isEmpty(); ++e) {
        const qsizetype at = qsizetype(rng.bounded(quint32(data.size())));
        switch (rng.bounded(4)) {
        case 0:
            data[at] = interesting[rng.bounded(quint32(sizeof interesting - 1))];
            break;
        case 1:
            data.remove(at, 1 + qsizetype(rng.bounded(16)));
            break;
        case 2:
            data.insert(at, data.mid(at, 1 + qsizetype(rng.bounded(32))));
            break;
        case 3:
            data.truncate(at);
            break;
        }
    }
    return data;
}

} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT
private slots:
    void tfstate_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f :
             {"do_neilhanlon_droplets_volume_project.tfstate",
              "do_dockerflow_v3_legacy_droplets_floating_ip.tfstate",
              "aws_inframap_repeated_modules.json", "aws_inframap_version_3_state.json"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }

    void tfstate()
    {
        QFETCH(QString, file);
        const QByteArray original = readFile(QStringLiteral(SRCDIR "data/real/") + file);
        QVERIFY(!original.isEmpty());
        QRandomGenerator rng(4711);
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        TfStateImporter blockwise; // every resource block read instance by instance
        blockwise.setLargeBlockSize(1);
        TfStateImporter batched; // every block a batch of its own, on three worker threads
        batched.setTuning({.largeBlockBytes = size_t(16) << 20, .batchBytes = 1, .threads = 3});
        int failures = 0;
        for (int i = 0; i < 400; ++i) {
            const QByteArray bytes = mutate(original, rng);
            Inventory inv;
            ImportReport report;
            FileError e;
            const bool ok = TfStateImporter().readData(bytes, file, &inv, &report, &e);
            if (!ok) {
                ++failures;
                QCOMPARE(e.file, file);
                QVERIFY2(e.line >= 1 && !e.message.isEmpty(), qPrintable(e.toString()));
            }
            // The same bytes streamed from a file give the same result and the same error.
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bytes);
            f.close();
            Inventory fromFile;
            ImportReport fileReport;
            FileError fileError;
            QCOMPARE(TfStateImporter().read(path, &fromFile, &fileReport, &fileError), ok);
            if (ok) {
                QCOMPARE(fromFile.resources.size(), inv.resources.size());
                QCOMPARE(fromFile.dependencies.size(), inv.dependencies.size());
            } else {
                QCOMPARE(fileError.line, e.line);
                QCOMPARE(fileError.column, e.column);
                QCOMPARE(fileError.message, e.message);
            }
            // …and so does every block parsed on its own by a worker thread.
            Inventory inBatches;
            ImportReport batchReport;
            FileError batchError;
            QCOMPARE(batched.readData(bytes, file, &inBatches, &batchReport, &batchError), ok);
            if (ok) {
                QVERIFY(inBatches == inv);
            } else {
                QCOMPARE(batchError.line, e.line);
                QCOMPARE(batchError.column, e.column);
                QCOMPARE(batchError.message, e.message);
            }
            Inventory split;
            ImportReport splitReport;
            FileError splitError;
            // …and so does reading every block instance by instance: the same documents are
            // accepted and refused whatever the path (the validation does not depend on it).
            const bool splitOk = blockwise.readData(bytes, file, &split, &splitReport, &splitError);
            QVERIFY2(splitOk == ok, qPrintable(ok ? splitError.toString() : e.toString()));
            if (ok)
                QCOMPARE(split.resources.size(), inv.resources.size());
            else
                QVERIFY2(splitError.line >= 1, qPrintable(splitError.toString()));
        }
        QVERIFY(failures > 100); // most corruptions must be caught, not silently accepted
    }

    /// Every input a fuzz target found (tests/data/fuzz, ATTRIBUTION.md there) is read by the
    /// reader its name starts with: read, or refused with a located error; never a crash or,
    /// under the sanitizers, undefined behaviour.
    void fuzzFindings_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(SRCDIR "data/fuzz"));
        int findings = 0;
        for (const QString &f : dir.entryList(QDir::Files)) {
            if (f.endsWith(QLatin1String(".md")))
                continue;
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
            ++findings;
        }
        QVERIFY(findings > 0);
    }
    void fuzzFindings()
    {
        QFETCH(QString, file);
        const QString name = QFileInfo(file).fileName();
        Inventory inventory;
        ImportReport report;
        FileError e;
        bool ok = false;
        if (name.startsWith(QLatin1String("digitalocean-"))) {
            ok = DigitalOceanImporter().read(file, &inventory, &report, &e);
        } else if (name.startsWith(QLatin1String("tfstate-"))) {
            ok = TfStateImporter().read(file, &inventory, &report, &e);
        } else if (name.startsWith(QLatin1String("plan-"))) {
            Plan plan;
            ok = PlanFile::load(file, &plan, &e);
            if (ok) { // a plan that opens saves to a file that opens as the same plan
                Plan again;
                FileError saved;
                QVERIFY2(PlanFile::fromYaml(PlanFile::toYaml(plan), QStringLiteral("saved"), &again,
                                            &saved),
                         qPrintable(saved.toString()));
                QVERIFY(again == plan);
            }
        } else {
            QFAIL("a fuzz finding must be named after its reader");
        }
        if (!ok)
            QVERIFY2(e.file == file && !e.message.isEmpty(), qPrintable(e.toString()));
    }

    /// The JSON and YAML readers (DigitalOcean bodies, Heroku app.json manifests, AWS CLI
    /// output), each on its real files corrupted: no crash; a refusal names the file and a line.
    void bodies_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("file");
        for (const char *f : {"dropletkit_droplets.json", "dropletkit_load_balancers.json",
                              "openapi_kubernetes_examples.yml", "openapi_droplets_examples.yml"})
            QTest::newRow(f) << QStringLiteral("digitalocean") << QString::fromLatin1(f);
        QTest::newRow("heroku_chatwoot_app.json")
            << QStringLiteral("heroku") << QStringLiteral("heroku_chatwoot_app.json");
        for (const char *f : {"awscli_cloudmapper_ec2-describe-instances.json",
                              "awscli_cloudmapper_rds-describe-db-instances.json"})
            QTest::newRow(f) << QStringLiteral("aws") << QString::fromLatin1(f);
    }

    void bodies()
    {
        QFETCH(QString, format);
        QFETCH(QString, file);
        FileError e;
        const Importer *importer = ImportService::detect(QString(), format, &e);
        QVERIFY2(importer, qPrintable(e.toString()));
        const QByteArray original = readFile(QStringLiteral(SRCDIR "data/real/") + file);
        QVERIFY(!original.isEmpty());
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        QRandomGenerator rng(815);
        int failures = 0;
        for (int i = 0; i < 150; ++i) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(mutate(original, rng));
            f.close();
            Inventory inv;
            ImportReport report;
            if (!importer->read(path, &inv, &report, &e)) {
                ++failures;
                QCOMPARE(e.file, path);
                QVERIFY2(e.line >= 1 && !e.message.isEmpty(), qPrintable(e.toString()));
            }
        }
        QVERIFY(failures > 20);
    }

    void planFiles()
    {
        const QByteArray original =
            readFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"));
        QVERIFY(!original.isEmpty());
        QRandomGenerator rng(42);
        int failures = 0;
        for (int i = 0; i < 300; ++i) {
            Plan plan;
            const Plan before = plan;
            FileError e;
            if (!PlanFile::fromYaml(mutate(original, rng), QStringLiteral("p.ferry.yaml"), &plan,
                                    &e)) {
                ++failures;
                QCOMPARE(plan, before); // untouched on error
                QVERIFY2(e.line >= 1 && !e.message.isEmpty(), qPrintable(e.toString()));
            }
        }
        QVERIFY(failures > 50);
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
