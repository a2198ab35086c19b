// SPDX-License-Identifier: MIT
// The run log: runs recorded and read back in SQLite (a file beside the plan) and in the
// fixture's PostgreSQL server; text and JSON of a run; no password in a store URI.
#include "checkrun.h"
#include "runlog.h"

#include "pgfixture.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

using namespace Ferry;

namespace {

CheckRun sampleRun(const QString &plan)
{
    CheckRun run;
    run.plan = plan;
    run.planFile = QStringLiteral("/plans/shop.ferry.yaml");
    run.started = QDateTime(QDate(2026, 12, 1), QTime(9, 30, 0, 250), Qt::UTC);
    run.seconds = 1.5;
    Check tcp;
    tcp.id = QStringLiteral("tcp:db:5432");
    tcp.kind = CheckKind::Tcp;
    tcp.target = QStringLiteral("10.0.0.5:5432");
    tcp.resource = QStringLiteral("do:database:1");
    tcp.side = QStringLiteral("target");
    Check tls;
    tls.id = QStringLiteral("tls:shop.example.com:443");
    tls.kind = CheckKind::Tls;
    tls.target = QStringLiteral("shop.example.com:443");
    run.checks = {tcp, tls};
    CheckResult a;
    a.checkId = tcp.id;
    a.status = CheckResult::Status::Passed;
    a.message = QStringLiteral("connected to 10.0.0.5:5432 in 1.2 ms");
    a.latencyMs = 1.25;
    a.seconds = 0.00125;
    a.started = run.started;
    CheckResult b;
    b.checkId = tls.id;
    b.status = CheckResult::Status::Failed;
    b.message = QStringLiteral("certificate of shop.example.com expires in 3 days");
    b.seconds = 0.2;
    b.started = run.started.addMSecs(1);
    b.details = {{QStringLiteral("days_left"), QStringLiteral("3")},
                 {QStringLiteral("issuer"), QStringLiteral("R3")}};
    run.results = {a, b};
    return run;
}

} // namespace

class TestRunLog : public QObject
{
    Q_OBJECT

    QString m_pgPort, m_pgPassword;

    void roundTrip(RunLog &log)
    {
        QString error;
        const qint64 first = log.record(sampleRun(QStringLiteral("Shop")), &error);
        QVERIFY2(first > 0, qPrintable(error));
        CheckRun other = sampleRun(QStringLiteral("Blog"));
        other.results[1].status = CheckResult::Status::Passed;
        const qint64 second = log.record(other, &error);
        QVERIFY2(second > first, qPrintable(error));

        QList<RunLogEntry> runs = log.recent(10, QString(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].id, second); // newest first
        QCOMPARE(runs[0].plan, QStringLiteral("Blog"));
        QCOMPARE(runs[0].status, QStringLiteral("passed"));
        QCOMPARE(runs[1].status, QStringLiteral("failed"));
        QCOMPARE(runs[1].passed, 1);
        QCOMPARE(runs[1].failed, 1);
        QCOMPARE(runs[1].errors, 0);
        QCOMPARE(runs[1].seconds, 1.5);
        QCOMPARE(runs[1].started, sampleRun(QString()).started);
        QCOMPARE(runs[1].kind, QStringLiteral("check"));

        runs = log.recent(10, QStringLiteral("Shop"), &error);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].id, first);

        const QList<CheckResult> results = log.results(first, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const CheckRun expected = sampleRun(QStringLiteral("Shop"));
        QCOMPARE(results.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(results[i].checkId, expected.results[i].checkId);
            QCOMPARE(results[i].status, expected.results[i].status);
            QCOMPARE(results[i].message, expected.results[i].message);
            QCOMPARE(results[i].latencyMs, expected.results[i].latencyMs);
            QCOMPARE(results[i].seconds, expected.results[i].seconds);
            QCOMPARE(results[i].started, expected.results[i].started);
            QVERIFY(results[i].details == expected.results[i].details);
        }
    }

private slots:
    void initTestCase()
    {
        // The fixture must have started the server: a missing one is a failure, not a skip.
        PgFixture server;
        QString error;
        QVERIFY2(server.read(&error), qPrintable(error));
        m_pgPort = server.port;
        m_pgPassword = server.password;
        qputenv("PGPASSWORD", m_pgPassword.toUtf8()); // how a password reaches libpq
    }

    void defaultLocationIsBesideThePlan()
    {
        QCOMPARE(RunLog::defaultLocation(QStringLiteral("/plans/shop.ferry.yaml")),
                 QStringLiteral("/plans/shop.ferry-runs.sqlite"));
        QCOMPARE(RunLog::defaultLocation(QStringLiteral("/plans/x.yml")),
                 QStringLiteral("/plans/x-runs.sqlite"));
    }

    void sqliteRoundTripAndReopen()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("shop.ferry-runs.sqlite"));
        {
            RunLog log;
            QString error;
            QVERIFY2(log.open(file, &error), qPrintable(error));
            QVERIFY(log.isOpen());
            roundTrip(log);
        }
        RunLog again; // the history survives: a second open sees both runs
        QString error;
        QVERIFY2(again.open(file, &error), qPrintable(error));
        QCOMPARE(again.recent(10, QString(), &error).size(), 2);
        QCOMPARE(again.recent(1, QString(), &error).size(), 1);
    }

    void postgresRoundTrip()
    {
        const std::string admin =
            QStringLiteral("postgresql://ferry@127.0.0.1:%1/postgres").arg(m_pgPort).toStdString();
        {
            pqxx::connection c(admin);
            pqxx::nontransaction tx(c);
            tx.exec("DROP DATABASE IF EXISTS ferry_runlog WITH (FORCE)");
            tx.exec("CREATE DATABASE ferry_runlog");
        }
        const QString uri =
            QStringLiteral("postgresql://ferry@127.0.0.1:%1/ferry_runlog?sslmode=disable")
                .arg(m_pgPort);
        {
            RunLog log;
            QString error;
            QVERIFY2(log.open(uri, &error), qPrintable(error));
            roundTrip(log);
        }
        // Opening again keeps the tables and the history (a team's shared log).
        RunLog again;
        QString error;
        QVERIFY2(again.open(uri, &error), qPrintable(error));
        QCOMPARE(again.recent(10, QString(), &error).size(), 2);
        // The password never went anywhere near the log.
        pqxx::connection c(QStringLiteral("postgresql://ferry@127.0.0.1:%1/ferry_runlog")
                               .arg(m_pgPort)
                               .toStdString());
        pqxx::work tx(c);
        const pqxx::row r = tx.exec1("SELECT count(*) FROM ferry_check_result WHERE message LIKE "
                                     "'%' || " +
                                     tx.quote(m_pgPassword.toStdString()) + " || '%'");
        QCOMPARE(r[0].as<int>(), 0);
    }

    void recordsRunsWithEmptyFields()
    {
        // A plan never named, a check cancelled before it started: no message, no start time.
        CheckRun run = sampleRun(QString());
        run.planFile = QString();
        run.results[1] = CheckResult();
        run.results[1].checkId = run.checks[1].id;
        run.results[1].status = CheckResult::Status::Cancelled;
        QTemporaryDir dir;
        RunLog log;
        QString error;
        QVERIFY2(log.open(dir.filePath(QStringLiteral("x.sqlite")), &error), qPrintable(error));
        const qint64 id = log.record(run, &error);
        QVERIFY2(id > 0, qPrintable(error));
        const QList<CheckResult> back = log.results(id, &error);
        QCOMPARE(back.size(), 2);
        QCOMPARE(back[1].status, CheckResult::Status::Cancelled);
        QVERIFY(back[1].message.isEmpty());
        QVERIFY(!back[1].started.isValid());
        QCOMPARE(log.recent(1, QString(), &error).value(0).status, QStringLiteral("cancelled"));
    }

    void refusesPasswordsAndBadLocations()
    {
        RunLog log;
        QString error;
        QVERIFY(!log.open(QStringLiteral("postgresql://ferry:secret@127.0.0.1:%1/x").arg(m_pgPort),
                          &error));
        QVERIFY2(error.contains(QStringLiteral("password")), qPrintable(error));
        QVERIFY(!error.contains(QStringLiteral("secret")));
        RunLog nowhere;
        QVERIFY(!nowhere.open(QStringLiteral("/nonexistent-dir/sub/x.sqlite"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("run log: ")), qPrintable(error));
        QString e2;
        QCOMPARE(nowhere.record(sampleRun(QStringLiteral("x")), &e2), qint64(-1));
        QVERIFY(!e2.isEmpty());
    }

    void textAndJson()
    {
        const CheckRun run = sampleRun(QStringLiteral("Shop"));
        QCOMPARE(run.status(), QStringLiteral("failed"));
        QCOMPARE(run.exitCode(), 1);
        QCOMPARE(checkRunToText(run),
                 QStringLiteral("PASS   tcp:db:5432  connected to 10.0.0.5:5432 in 1.2 ms\n"
                                "FAIL   tls:shop.example.com:443  certificate of shop.example.com "
                                "expires in 3 days\n"
                                "2 checks in 1.50 s: 1 passed, 1 failed, 0 errors\n"));
        const QJsonObject o = checkRunToJson(run);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(o.value(QStringLiteral("started")).toString(),
                 QStringLiteral("2026-12-01T09:30:00.250Z"));
        const QJsonArray checks = o.value(QStringLiteral("checks")).toArray();
        QCOMPARE(checks.size(), 2);
        const QJsonObject first = checks[0].toObject();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("tcp"));
        QCOMPARE(first.value(QStringLiteral("side")).toString(), QStringLiteral("target"));
        QCOMPARE(first.value(QStringLiteral("resource")).toString(),
                 QStringLiteral("do:database:1"));
        QCOMPARE(first.value(QStringLiteral("latencyMs")).toDouble(), 1.25);
        QCOMPARE(checks[1]
                     .toObject()
                     .value(QStringLiteral("details"))
                     .toObject()
                     .value(QStringLiteral("days_left"))
                     .toString(),
                 QStringLiteral("3"));
        CheckRun error = run;
        error.results[0].status = CheckResult::Status::Error;
        QCOMPARE(error.exitCode(), 2);
        CheckRun cancelled = run;
        cancelled.results[1].status = CheckResult::Status::Cancelled;
        QCOMPARE(cancelled.status(), QStringLiteral("cancelled"));
        QCOMPARE(cancelled.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRunLog)
#include "tst_runlog.moc"
