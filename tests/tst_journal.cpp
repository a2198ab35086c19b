// SPDX-License-Identifier: MIT
// The run journal (issue #13): the rules a run's events follow (RunProgress), the hash chain
// and what verify() finds in a changed or truncated journal, two processes acting on one step
// at once in SQLite and in the fixture's PostgreSQL server, and 200 writers killed with SIGKILL
// at random moments without losing an acknowledged event.
#include "runjournal.h"

#include "pgfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <pqxx/pqxx>

#include <csignal>

using namespace Ferry;

namespace {

RunbookStep step(const char *id, const QStringList &after,
                 RunbookPhase phase = RunbookPhase::Cutover)
{
    RunbookStep s;
    s.id = QString::fromLatin1(id);
    s.title = s.id;
    s.phase = phase;
    s.after = after;
    return s;
}

/// stop → copy (gate on a check) → start, with rollbacks for stop and start; a note step apart.
Runbook testRunbook()
{
    Runbook rb;
    RunbookStep stop = step("cutover/stop-writers/a", {});
    stop.rollback = QStringLiteral("rollback/restart-source/a");
    RunbookStep copy = step("cutover/compare-data/a", {QStringLiteral("cutover/stop-writers/a")});
    copy.kind = StepKind::Gate;
    copy.checks = {QStringLiteral("data:a")};
    RunbookStep start = step("cutover/start-target/a", {QStringLiteral("cutover/compare-data/a")});
    start.rollback = QStringLiteral("rollback/stop-target/a");
    RunbookStep decide = step("rollback/decide/wave-1", {}, RunbookPhase::Rollback);
    RunbookStep undoStart =
        step("rollback/stop-target/a", {QStringLiteral("rollback/decide/wave-1")},
             RunbookPhase::Rollback);
    RunbookStep undoStop = step("rollback/restart-source/a",
                                {QStringLiteral("rollback/stop-target/a")}, RunbookPhase::Rollback);
    RunbookStep other = step("cutover/announce/x", {});
    for (const RunbookStep &s : {stop, copy, start, decide, undoStart, undoStop, other})
        rb.steps.emplace(s.id, s);
    return rb;
}

RunEvent makeEvent(RunAction action, const QString &step, const QString &note = QString())
{
    RunEvent e;
    e.run = QStringLiteral("rehearsal 1");
    e.actor = QStringLiteral("ana@host");
    e.action = action;
    e.step = step;
    e.note = note;
    return e;
}

/// Child mode: `tst_journal --writer LOCATION RUN notes` appends notes forever, printing
/// `ack N` once event N is committed; `… done STEP ACTOR` appends one `done` and prints the
/// outcome.
int writer(const QStringList &args)
{
    QTextStream out(stdout);
    RunJournal journal;
    QString error;
    if (!journal.open(args.value(0), &error)) {
        out << "error " << error << Qt::endl;
        return 2;
    }
    const Runbook rb = testRunbook();
    if (args.value(2) == QLatin1String("notes")) {
        for (int i = 0;; ++i) {
            RunEvent e = makeEvent(RunAction::Note, QString(), QStringLiteral("note %1").arg(i));
            e.run = args.value(1);
            if (journal.append(rb, &e, &error) != RunJournal::Append::Appended) {
                out << "error " << error << Qt::endl;
                return 2;
            }
            out << "ack " << e.sequence << Qt::endl; // only after the commit returned
        }
    }
    RunEvent e = makeEvent(RunAction::Done, args.value(3));
    e.run = args.value(1);
    e.actor = args.value(4);
    const RunJournal::Append a = journal.append(rb, &e, &error);
    out << (a == RunJournal::Append::Appended  ? "appended"
            : a == RunJournal::Append::Refused ? "refused "
                                               : "failed ")
        << error << Qt::endl;
    return 0;
}

} // namespace

class TestJournal : public QObject
{
    Q_OBJECT

    QString m_pgPort;

    QString pgUri(const char *database) const
    {
        return QStringLiteral("postgresql://ferry@127.0.0.1:%1/%2?sslmode=disable")
            .arg(m_pgPort, QLatin1String(database));
    }

    void freshPgDatabase(const char *name)
    {
        pqxx::connection c(
            QStringLiteral("postgresql://ferry@127.0.0.1:%1/postgres").arg(m_pgPort).toStdString());
        pqxx::nontransaction tx(c);
        tx.exec(std::string("DROP DATABASE IF EXISTS ") + name + " WITH (FORCE)");
        tx.exec(std::string("CREATE DATABASE ") + name);
    }

    /// Two processes complete the same step at once: one wins, the other is told who did.
    void twoOperatorsOneStep(const QString &location)
    {
        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(location, &error), qPrintable(error));
        QVERIFY2(journal.startRun(QStringLiteral("shop"), QStringLiteral("live"), false,
                                  QStringLiteral("lead@host"), &error),
                 qPrintable(error));
        QProcess a, b;
        const QString exe = QCoreApplication::applicationFilePath();
        const QString step = QStringLiteral("cutover/announce/x");
        a.start(exe, {QStringLiteral("--writer"), location, QStringLiteral("live"),
                      QStringLiteral("done"), step, QStringLiteral("ana@host")});
        b.start(exe, {QStringLiteral("--writer"), location, QStringLiteral("live"),
                      QStringLiteral("done"), step, QStringLiteral("ben@host")});
        QVERIFY(a.waitForFinished(30000) && b.waitForFinished(30000));
        const QString outA = QString::fromUtf8(a.readAllStandardOutput()).trimmed();
        const QString outB = QString::fromUtf8(b.readAllStandardOutput()).trimmed();
        const bool aWon = outA == QLatin1String("appended");
        QVERIFY2(aWon != (outB == QLatin1String("appended")), qPrintable(outA + u'|' + outB));
        const QString loser = aWon ? outB : outA;
        const QString winner = aWon ? QStringLiteral("ana@host") : QStringLiteral("ben@host");
        QVERIFY2(loser.startsWith(QLatin1String("refused ")) && loser.contains(winner) &&
                     loser.contains(QLatin1String("done already")),
                 qPrintable(loser));
        const QList<RunEvent> events = journal.events(QStringLiteral("live"), &error);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1].actor, winner);
        QString problem;
        QVERIFY2(journal.verify(QStringLiteral("live"), &problem, &error),
                 qPrintable(problem + error));
    }

private slots:
    void initTestCase()
    {
        PgFixture server;
        QString error;
        QVERIFY2(server.read(&error), qPrintable(error));
        m_pgPort = server.port;
        qputenv("PGPASSWORD", server.password.toUtf8());
    }

    void progressRules()
    {
        const Runbook rb = testRunbook();
        QList<RunEvent> events{
            makeEvent(RunAction::RunStarted, QString(), QStringLiteral("rehearsal"))};
        events[0].sequence = 1;
        RunProgress p = RunProgress::replay(rb, events);
        QCOMPARE(p.state(QStringLiteral("cutover/stop-writers/a")), StepState::Ready);
        QCOMPARE(p.state(QStringLiteral("cutover/compare-data/a")), StepState::Pending);
        QCOMPARE(p.state(QStringLiteral("rollback/decide/wave-1")), StepState::Pending);
        QVERIFY(!p.check(makeEvent(RunAction::Start, QStringLiteral("cutover/compare-data/a")))
                     .isEmpty());
        QVERIFY(p.check(makeEvent(RunAction::Skip, QStringLiteral("cutover/announce/x")))
                    .contains(QLatin1String("reason")));
        QVERIFY(p.check(makeEvent(RunAction::Done, QStringLiteral("no/such/step")))
                    .contains(QLatin1String("not in this runbook")));

        auto apply = [&](RunEvent e) {
            const QString why = p.check(e);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            e.sequence = p.last().sequence + 1;
            e.time = QDateTime(QDate(2026, 12, 2), QTime(10, 0), Qt::UTC).addSecs(e.sequence * 60);
            p.apply(e);
        };
        apply(makeEvent(RunAction::Start, QStringLiteral("cutover/stop-writers/a")));
        QVERIFY(p.check(makeEvent(RunAction::Start, QStringLiteral("cutover/stop-writers/a")))
                    .contains(QLatin1String("in progress already (by ana@host)")));
        apply(makeEvent(RunAction::Done, QStringLiteral("cutover/stop-writers/a")));
        QCOMPARE(p.step(QStringLiteral("cutover/stop-writers/a")).started,
                 QDateTime(QDate(2026, 12, 2), QTime(10, 2), Qt::UTC));
        QCOMPARE(p.step(QStringLiteral("cutover/stop-writers/a")).finished,
                 QDateTime(QDate(2026, 12, 2), QTime(10, 3), Qt::UTC));
        QCOMPARE(p.state(QStringLiteral("cutover/compare-data/a")), StepState::Ready);
        // A gate with checks passes only through its checks.
        QVERIFY(p.check(makeEvent(RunAction::Done, QStringLiteral("cutover/compare-data/a")))
                    .contains(QLatin1String("gate")));
        QVERIFY(!p.check(makeEvent(RunAction::GatePassed, QStringLiteral("cutover/stop-writers/a")))
                     .isEmpty());
        apply(makeEvent(RunAction::GateFailed, QStringLiteral("cutover/compare-data/a")));
        QCOMPARE(p.state(QStringLiteral("cutover/start-target/a")), StepState::Blocked);
        QVERIFY(p.ready().contains(QStringLiteral("cutover/announce/x")));
        // Roll back: the inverse of what was done is due, the rest is skipped.
        apply(makeEvent(RunAction::RollbackStarted, QStringLiteral("cutover/compare-data/a")));
        QVERIFY(p.rollingBack().contains(1));
        QCOMPARE(p.state(QStringLiteral("rollback/decide/wave-1")), StepState::Ready);
        QCOMPARE(p.state(QStringLiteral("rollback/stop-target/a")), StepState::Pending);
        QCOMPARE(p.state(QStringLiteral("rollback/restart-source/a")), StepState::Pending);
        QVERIFY(p.check(makeEvent(RunAction::Retry, QStringLiteral("cutover/compare-data/a")))
                    .contains(QLatin1String("rolling back")));
        apply(makeEvent(RunAction::Done, QStringLiteral("rollback/decide/wave-1")));
        // The target was never started: nothing to stop, in its turn.
        QCOMPARE(p.state(QStringLiteral("rollback/stop-target/a")), StepState::Skipped);
        QCOMPARE(p.state(QStringLiteral("rollback/restart-source/a")), StepState::Ready);
        apply(makeEvent(RunAction::Done, QStringLiteral("rollback/restart-source/a")));
        QVERIFY(p.problems().isEmpty());
        // Replaying gives the same state; a refused event in a journal is reported, not applied.
        QList<RunEvent> all = events;
        all.append(makeEvent(RunAction::Done, QStringLiteral("cutover/start-target/a")));
        QCOMPARE(RunProgress::replay(rb, all).problems().size(), 1);
    }

    void chainAndVerify()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("shop.ferry-runs.sqlite"));
        const Runbook rb = testRunbook();
        {
            RunJournal journal;
            QString error;
            QVERIFY2(journal.open(file, &error), qPrintable(error));
            QVERIFY2(journal.startRun(QStringLiteral("shop"), QStringLiteral("rehearsal 1"), true,
                                      QStringLiteral("ana@host"), &error),
                     qPrintable(error));
            QVERIFY(!journal.startRun(QStringLiteral("shop"), QStringLiteral("rehearsal 1"), true,
                                      QStringLiteral("ana@host"), &error));
            QVERIFY(error.contains(QLatin1String("exists already")));
            error.clear();
            for (RunEvent e :
                 {makeEvent(RunAction::Start, QStringLiteral("cutover/stop-writers/a")),
                  makeEvent(RunAction::Done, QStringLiteral("cutover/stop-writers/a")),
                  makeEvent(RunAction::Note, QString(), QStringLiteral("on the call: 6")),
                  makeEvent(RunAction::Skip, QStringLiteral("cutover/announce/x"),
                            QStringLiteral("status page down"))})
                QCOMPARE(journal.append(rb, &e, &error), RunJournal::Append::Appended);
            RunEvent twice = makeEvent(RunAction::Done, QStringLiteral("cutover/stop-writers/a"));
            QCOMPARE(journal.append(rb, &twice, &error), RunJournal::Append::Refused);
            QVERIFY(error.contains(QLatin1String("done already (by ana@host)")));
            const QList<RunInfo> runs = journal.runs(QStringLiteral("shop"), &error);
            QCOMPARE(runs.size(), 1);
            QVERIFY(runs[0].rehearsal);
            QCOMPARE(runs[0].events, 5);
            QString problem;
            QVERIFY2(journal.verify(QStringLiteral("rehearsal 1"), &problem, &error),
                     qPrintable(problem + error));
            // The events read back are the ones written, hashes and all.
            const QList<RunEvent> back = journal.events(QStringLiteral("rehearsal 1"), &error);
            QCOMPARE(back.size(), 5);
            for (const RunEvent &e : back)
                QCOMPARE(e.computeHash(), e.hash);
            QCOMPARE(back[3].note, QStringLiteral("on the call: 6"));
        }
        // Tampering, as someone with the file would: each is found.
        auto tamper = [&](const QString &sql) -> QString {
            QTemporaryDir copyDir;
            const QString copy = copyDir.filePath(QStringLiteral("copy.sqlite"));
            QFile::copy(file, copy);
            for (const char *suffix : {"-wal", "-shm"})
                QFile::copy(file + QLatin1String(suffix), copy + QLatin1String(suffix));
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
                db.setDatabaseName(copy);
                if (!db.open() || !QSqlQuery(db).exec(sql))
                    return QStringLiteral("sql failed");
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
            RunJournal journal;
            QString error, problem;
            if (!journal.open(copy, &error))
                return QStringLiteral("open failed: ") + error;
            if (journal.verify(QStringLiteral("rehearsal 1"), &problem, &error))
                return QStringLiteral("intact");
            return problem;
        };
        QVERIFY(tamper(QStringLiteral("UPDATE ferry_runbook_event SET note = 'on the call: 5' "
                                      "WHERE seq = 4"))
                    .contains(QLatin1String("event 4 (note ) was changed")));
        QVERIFY(tamper(QStringLiteral("DELETE FROM ferry_runbook_event WHERE seq = 3"))
                    .contains(QLatin1String("event 3 is missing")));
        QVERIFY(tamper(QStringLiteral("DELETE FROM ferry_runbook_event WHERE seq = 5"))
                    .contains(QLatin1String("events were removed")));
        QVERIFY(tamper(QStringLiteral("UPDATE ferry_runbook_event SET actor = 'ben@host', hash = "
                                      "'00' WHERE seq = 2"))
                    .contains(QLatin1String("event 2")));
        QCOMPARE(tamper(QStringLiteral("SELECT 1")), QStringLiteral("intact"));
    }

    void twoOperatorsOnSqlite()
    {
        QTemporaryDir dir;
        twoOperatorsOneStep(dir.filePath(QStringLiteral("shared.sqlite")));
    }

    void twoOperatorsOnPostgres()
    {
        freshPgDatabase("ferry_journal_two");
        twoOperatorsOneStep(pgUri("ferry_journal_two"));
    }

    void postgresChain()
    {
        freshPgDatabase("ferry_journal_chain");
        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(pgUri("ferry_journal_chain"), &error), qPrintable(error));
        QVERIFY(journal.isPostgres());
        QVERIFY2(journal.startRun(QStringLiteral("shop"), QStringLiteral("live"), false,
                                  QStringLiteral("ana@host"), &error),
                 qPrintable(error));
        const Runbook rb = testRunbook();
        for (RunEvent e : {makeEvent(RunAction::Start, QStringLiteral("cutover/stop-writers/a")),
                           makeEvent(RunAction::Done, QStringLiteral("cutover/stop-writers/a"))}) {
            e.run = QStringLiteral("live");
            QCOMPARE(journal.append(rb, &e, &error), RunJournal::Append::Appended);
        }
        QString problem;
        QVERIFY2(journal.verify(QStringLiteral("live"), &problem, &error),
                 qPrintable(problem + error));
        pqxx::connection c(QStringLiteral("postgresql://ferry@127.0.0.1:%1/ferry_journal_chain")
                               .arg(m_pgPort)
                               .toStdString());
        pqxx::work tx(c);
        tx.exec("UPDATE ferry_runbook_event SET time_ms = time_ms + 1 WHERE seq = 2");
        tx.commit();
        QVERIFY(!journal.verify(QStringLiteral("live"), &problem, &error));
        QVERIFY(
            problem.contains(QLatin1String("event 2 (start cutover/stop-writers/a) was changed")));
    }

    /// Over PostgreSQL a second operator's journal hears of every append at once (LISTEN/NOTIFY
    /// on ferry_runbook, payload the run's name) — and of nothing that was refused. On SQLite
    /// there is nothing to listen to (the Runbook view polls head() instead).
    void postgresNotifiesOtherOperators()
    {
        freshPgDatabase("ferry_journal_notify");
        RunJournal ana, ben;
        QString error;
        QVERIFY2(ana.open(pgUri("ferry_journal_notify"), &error), qPrintable(error));
        QVERIFY2(ben.open(pgUri("ferry_journal_notify"), &error), qPrintable(error));
        QVERIFY2(ben.subscribe(&error), qPrintable(error));
        QSignalSpy heard(ben.driver(), &QSqlDriver::notification);
        QVERIFY2(ana.startRun(QStringLiteral("shop"), QStringLiteral("live"), false,
                              QStringLiteral("ana@host"), &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 1, 10000);
        QCOMPARE(heard[0][0].toString(), RunJournal::notificationChannel());
        QCOMPARE(heard[0][2].toString(), QStringLiteral("live"));
        QCOMPARE(ben.head(QStringLiteral("live"), &error), 1);

        const Runbook rb = testRunbook();
        RunEvent e = makeEvent(RunAction::Done, QStringLiteral("cutover/stop-writers/a"));
        e.run = QStringLiteral("live");
        QCOMPARE(ana.append(rb, &e, &error), RunJournal::Append::Appended);
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 2, 10000);
        const QList<RunEvent> more = ben.eventsAfter(QStringLiteral("live"), 1, &error);
        QCOMPARE(more.size(), 1);
        QCOMPARE(more[0], e);
        // Refused (done already): rolled back, so nobody is told.
        RunEvent again = e;
        QCOMPARE(ana.append(rb, &again, &error), RunJournal::Append::Refused);
        QTest::qWait(300);
        QCOMPARE(heard.size(), 2);
        QCOMPARE(ben.head(QStringLiteral("live"), &error), 2);
        QCOMPARE(ben.head(QStringLiteral("no such run"), &error), -1);

        QTemporaryDir dir;
        RunJournal local;
        QVERIFY2(local.open(dir.filePath(QStringLiteral("j.sqlite")), &error), qPrintable(error));
        QVERIFY(!local.subscribe(&error));
    }

    void killedWritersLoseNoAcknowledgedEvent()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("kill.sqlite"));
        {
            RunJournal journal;
            QString error;
            QVERIFY2(journal.open(file, &error), qPrintable(error));
            QVERIFY2(journal.startRun(QStringLiteral("shop"), QStringLiteral("live"), false,
                                      QStringLiteral("ana@host"), &error),
                     qPrintable(error));
        }
        QRandomGenerator rng(20261202);
        qint64 acknowledged = 1; // the run-started event
        int killedMidWrite = 0;
        const int rounds = 200;
        for (int round = 0; round < rounds; ++round) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("--writer"), file, QStringLiteral("live"),
                         QStringLiteral("notes")});
            QVERIFY(child.waitForStarted(10000));
            // Let it commit a random number of events (0–5), then kill it a random 0–3 ms
            // later: inside a transaction, an fsync or between two.
            const int wanted = rng.bounded(6);
            int acks = 0;
            QByteArray pending;
            QElapsedTimer clock;
            clock.start();
            while (acks < wanted && clock.elapsed() < 20000) {
                child.waitForReadyRead(100);
                pending += child.readAllStandardOutput();
                qsizetype nl;
                while ((nl = pending.indexOf('\n')) >= 0) {
                    const QByteArray line = pending.left(nl);
                    pending.remove(0, nl + 1);
                    QVERIFY2(line.startsWith("ack "), line.constData());
                    acknowledged = std::max(acknowledged, line.mid(4).toLongLong());
                    ++acks;
                }
            }
            QTest::qSleep(rng.bounded(4));
            ::kill(pid_t(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(10000));
            pending += child.readAllStandardOutput();
            for (const QByteArray &line : pending.split('\n'))
                if (line.startsWith("ack "))
                    acknowledged = std::max(acknowledged, line.mid(4).toLongLong());
            // What the store holds now: every acknowledged event, and a chain that verifies.
            RunJournal journal;
            QString error, problem;
            QVERIFY2(journal.open(file, &error), qPrintable(error));
            const QList<RunEvent> events = journal.events(QStringLiteral("live"), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY2(events.size() >= acknowledged,
                     qPrintable(QStringLiteral("round %1: %2 events, %3 acknowledged")
                                    .arg(round)
                                    .arg(events.size())
                                    .arg(acknowledged)));
            killedMidWrite += events.size() > acknowledged ? 1 : 0;
            acknowledged = events.size();
            QVERIFY2(journal.verify(QStringLiteral("live"), &problem, &error),
                     qPrintable(QStringLiteral("round %1: %2").arg(round).arg(problem + error)));
        }
        qInfo("%d kills; %d landed after a commit and before its acknowledgement was read; %lld "
              "events",
              rounds, killedMidWrite, acknowledged);
        QVERIFY(acknowledged > rounds); // the writers did write
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.value(1) == QLatin1String("--writer"))
        return writer(args.mid(2));
    TestJournal test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_journal.moc"
