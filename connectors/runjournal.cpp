// SPDX-License-Identifier: MIT
#include "runjournal.h"

#include <QHostInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace Ferry {

namespace {

const QByteArray kGenesis(64, '0');

QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

RunEvent eventFrom(const QSqlQuery &q)
{
    RunEvent e;
    e.run = q.value(0).toString();
    e.sequence = q.value(1).toLongLong();
    e.time = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
    e.actor = q.value(3).toString();
    e.step = q.value(4).toString();
    parseRunAction(q.value(5).toString(), &e.action);
    e.note = q.value(6).toString();
    e.evidence = q.value(7).toString();
    e.previousHash = q.value(8).toString().toLatin1();
    e.hash = q.value(9).toString().toLatin1();
    return e;
}

/// On PostgreSQL, queues a notification on RunJournal::notificationChannel() that is delivered
/// to every listener when the transaction commits (and never when it rolls back).
bool notify(QSqlDatabase &db, bool postgres, const QString &run, QString *why)
{
    if (!postgres)
        return true;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(RunJournal::notificationChannel());
    q.addBindValue(run);
    if (q.exec())
        return true;
    *why = q.lastError().text().trimmed();
    return false;
}

const char kEventColumns[] =
    "run, seq, time_ms, actor, step, action, note, evidence, prev_hash, hash";

} // namespace

RunJournal::RunJournal()
    : m_store(QStringLiteral("run journal"))
{}

QString RunJournal::defaultLocation(const QString &planFile)
{
    return SqlStore::defaultLocation(planFile);
}

QString RunJournal::defaultActor()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME", QStringLiteral("operator"));
    return user + u'@' + QHostInfo::localHostName();
}

bool RunJournal::open(const QString &location, QString *error)
{
    if (!m_store.open(location, error))
        return false;
    const QStringList schema = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS ferry_runbook_run (name text PRIMARY KEY, "
                       "plan text NOT NULL, rehearsal integer NOT NULL, created_ms bigint NOT "
                       "NULL, head_seq bigint NOT NULL, head_hash text NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS ferry_runbook_event (run text NOT NULL "
                       "REFERENCES ferry_runbook_run(name), seq bigint NOT NULL, time_ms bigint "
                       "NOT NULL, actor text NOT NULL, step text NOT NULL, action text NOT NULL, "
                       "note text NOT NULL, evidence text NOT NULL, prev_hash text NOT NULL, "
                       "hash text NOT NULL, PRIMARY KEY (run, seq))"),
    };
    QSqlQuery q(m_store.database());
    for (const QString &sql : schema)
        if (!q.exec(sql)) {
            *error = m_store.error(QStringLiteral("cannot create its tables"), q.lastError());
            m_store.database().close();
            return false;
        }
    return true;
}

namespace {

/// Begins a write transaction that holds the store's write lock (SQLite) from the start, so
/// that two processes cannot both read the same head.
bool beginWrite(QSqlDatabase &db, bool postgres, QString *why)
{
    QSqlQuery q(db);
    if (q.exec(postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return true;
    *why = q.lastError().text().trimmed();
    return false;
}

bool insertEvent(QSqlDatabase &db, const RunEvent &e, QString *why)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO ferry_runbook_event (%1) VALUES (?, ?, ?, ?, ?, ?, ?, "
                             "?, ?, ?)")
                  .arg(QLatin1String(kEventColumns)));
    q.addBindValue(e.run);
    q.addBindValue(e.sequence);
    q.addBindValue(e.time.toMSecsSinceEpoch());
    q.addBindValue(text(e.actor));
    q.addBindValue(text(e.step));
    q.addBindValue(runActionName(e.action));
    q.addBindValue(text(e.note));
    q.addBindValue(text(e.evidence));
    q.addBindValue(QString::fromLatin1(e.previousHash));
    q.addBindValue(QString::fromLatin1(e.hash));
    if (q.exec())
        return true;
    *why = q.lastError().text().trimmed();
    return false;
}

} // namespace

bool RunJournal::startRun(const QString &plan, const QString &name, bool rehearsal,
                          const QString &actor, QString *error)
{
    if (name.trimmed().isEmpty()) {
        *error = QStringLiteral("a run needs a name");
        return false;
    }
    QSqlDatabase db = m_store.database();
    QString why;
    if (!beginWrite(db, m_store.isPostgres(), &why)) {
        *error = QStringLiteral("run journal: cannot start a transaction: ") + why;
        return false;
    }
    auto fail = [&](const QString &message) {
        *error = message;
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT plan FROM ferry_runbook_run WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return fail(m_store.error(QStringLiteral("cannot read the runs"), q.lastError()));
    if (q.next())
        return fail(QStringLiteral("a run named '%1' exists already (of plan '%2')")
                        .arg(name, q.value(0).toString()));
    RunEvent e;
    e.run = name;
    e.sequence = 1;
    e.time = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    e.actor = actor;
    e.action = RunAction::RunStarted;
    e.note = rehearsal ? QStringLiteral("rehearsal") : QStringLiteral("live");
    e.previousHash = kGenesis;
    e.hash = e.computeHash();
    q.prepare(QStringLiteral("INSERT INTO ferry_runbook_run (name, plan, rehearsal, created_ms, "
                             "head_seq, head_hash) VALUES (?, ?, ?, ?, 1, ?)"));
    q.addBindValue(name);
    q.addBindValue(text(plan));
    q.addBindValue(rehearsal ? 1 : 0);
    q.addBindValue(e.time.toMSecsSinceEpoch());
    q.addBindValue(QString::fromLatin1(e.hash));
    if (!q.exec())
        return fail(m_store.error(QStringLiteral("cannot record the run"), q.lastError()));
    if (!insertEvent(db, e, &why))
        return fail(QStringLiteral("run journal: cannot record the event: ") + why);
    if (!notify(db, m_store.isPostgres(), name, &why))
        return fail(QStringLiteral("run journal: cannot notify the other operators: ") + why);
    if (QSqlQuery commit(db); !commit.exec(QStringLiteral("COMMIT")))
        return fail(m_store.error(QStringLiteral("cannot commit"), commit.lastError()));
    return true;
}

QList<RunInfo> RunJournal::runs(const QString &plan, QString *error) const
{
    QList<RunInfo> out;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT r.name, r.plan, r.rehearsal, r.created_ms, r.head_seq, "
                             "(SELECT max(time_ms) FROM ferry_runbook_event e WHERE e.run = "
                             "r.name) FROM ferry_runbook_run r %1 ORDER BY r.created_ms DESC, "
                             "r.name")
                  .arg(plan.isEmpty() ? QString() : QStringLiteral("WHERE r.plan = ?")));
    if (!plan.isEmpty())
        q.addBindValue(plan);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot read the runs"), q.lastError());
        return out;
    }
    while (q.next()) {
        RunInfo r;
        r.name = q.value(0).toString();
        r.plan = q.value(1).toString();
        r.rehearsal = q.value(2).toInt() != 0;
        r.created = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
        r.events = q.value(4).toLongLong();
        r.lastEvent = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
        out.append(r);
    }
    return out;
}

QList<ReportedRun> RunJournal::reportedRuns(const QString &plan, const QStringList &names,
                                            const Runbook &runbook, QString *error) const
{
    QList<RunInfo> all = runs(plan, error);
    if (!error->isEmpty())
        return {};
    std::reverse(all.begin(), all.end());
    QList<RunInfo> chosen = all;
    if (!names.isEmpty()) {
        chosen.clear();
        for (const QString &n : names) {
            const auto it = std::find_if(all.cbegin(), all.cend(),
                                         [&](const RunInfo &r) { return r.name == n; });
            if (it == all.cend()) {
                *error = QStringLiteral("run %1 is not a run of plan %2").arg(n, plan);
                return {};
            }
            chosen.append(*it);
        }
    }
    QList<ReportedRun> out;
    for (const RunInfo &r : std::as_const(chosen)) {
        const QList<RunEvent> events = this->events(r.name, error);
        if (!error->isEmpty())
            return {};
        out.append(
            {r.name, r.rehearsal, r.created, r.events, RunProgress::replay(runbook, events)});
    }
    return out;
}

bool RunJournal::run(const QString &name, RunInfo *info, QString *error) const
{
    QString readError;
    const QList<RunInfo> all = runs(QString(), &readError);
    for (const RunInfo &r : all)
        if (r.name == name) {
            *info = r;
            return true;
        }
    *error = readError.isEmpty() ? QStringLiteral("no run named '%1'").arg(name) : readError;
    return false;
}

QList<RunEvent> RunJournal::events(const QString &name, QString *error) const
{
    return eventsAfter(name, 0, error);
}

QList<RunEvent> RunJournal::eventsAfter(const QString &name, qint64 after, QString *error) const
{
    QList<RunEvent> out;
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM ferry_runbook_event WHERE run = ? AND seq > ? "
                             "ORDER BY seq")
                  .arg(QLatin1String(kEventColumns)));
    q.addBindValue(name);
    q.addBindValue(after);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot read run %1").arg(name), q.lastError());
        return out;
    }
    while (q.next())
        out.append(eventFrom(q));
    return out;
}

qint64 RunJournal::head(const QString &name, QString *error) const
{
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT head_seq FROM ferry_runbook_run WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot read run %1").arg(name), q.lastError());
        return -1;
    }
    return q.next() ? q.value(0).toLongLong() : -1;
}

bool RunJournal::subscribe(QString *error)
{
    QSqlDriver *d = driver();
    if (!d || !m_store.isPostgres()) {
        *error = QStringLiteral("run journal: only a PostgreSQL store sends notifications");
        return false;
    }
    if (d->subscribedToNotifications().contains(notificationChannel()) ||
        d->subscribeToNotification(notificationChannel()))
        return true;
    *error =
        m_store.error(QStringLiteral("cannot listen for other operators' actions"), d->lastError());
    return false;
}

QSqlDriver *RunJournal::driver() const
{
    return m_store.isOpen() ? m_store.database().driver() : nullptr;
}

RunJournal::Append RunJournal::append(const Runbook &runbook, RunEvent *event, QString *error)
{
    QSqlDatabase db = m_store.database();
    QString why;
    if (!beginWrite(db, m_store.isPostgres(), &why)) {
        *error = QStringLiteral("run journal: cannot start a transaction: ") + why;
        return Append::Failed;
    }
    auto rollback = [&]() {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    };
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT head_seq, head_hash FROM ferry_runbook_run WHERE name = ?%1")
                  .arg(m_store.isPostgres() ? QStringLiteral(" FOR UPDATE") : QString()));
    q.addBindValue(event->run);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot read the run"), q.lastError());
        rollback();
        return Append::Failed;
    }
    if (!q.next()) {
        *error = QStringLiteral("no run named '%1'").arg(event->run);
        rollback();
        return Append::Refused;
    }
    const qint64 head = q.value(0).toLongLong();
    const QByteArray headHash = q.value(1).toString().toLatin1();
    q.finish();
    // The run's state: the cached one brought up to the head, or a replay from the start.
    Cached &cached = m_cache[event->run];
    if (cached.runbook != &runbook || cached.sequence > head ||
        (cached.sequence > 0 && cached.sequence == head &&
         cached.progress.last().hash != headHash)) {
        cached = Cached();
        cached.runbook = &runbook;
        cached.progress = RunProgress::replay(runbook, {});
    }
    QString readError;
    const QList<RunEvent> since = eventsAfter(event->run, cached.sequence, &readError);
    if (!readError.isEmpty()) {
        *error = readError;
        m_cache.remove(event->run);
        rollback();
        return Append::Failed;
    }
    for (const RunEvent &e : since)
        if (cached.progress.check(e).isEmpty())
            cached.progress.apply(e);
    cached.sequence = head;
    const RunProgress &progress = cached.progress;
    event->sequence = head + 1;
    event->time = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    event->previousHash = headHash;
    if (const QString refused = progress.check(*event); !refused.isEmpty()) {
        *error = refused;
        rollback();
        return Append::Refused;
    }
    event->hash = event->computeHash();
    if (!insertEvent(db, *event, &why)) {
        *error = QStringLiteral("run journal: cannot record the event: ") + why;
        rollback();
        return Append::Failed;
    }
    q.prepare(QStringLiteral("UPDATE ferry_runbook_run SET head_seq = ?, head_hash = ? WHERE "
                             "name = ?"));
    q.addBindValue(event->sequence);
    q.addBindValue(QString::fromLatin1(event->hash));
    q.addBindValue(event->run);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot move the run's head"), q.lastError());
        rollback();
        return Append::Failed;
    }
    if (!notify(db, m_store.isPostgres(), event->run, &why)) {
        *error = QStringLiteral("run journal: cannot notify the other operators: ") + why;
        rollback();
        return Append::Failed;
    }
    if (QSqlQuery commit(db); !commit.exec(QStringLiteral("COMMIT"))) {
        *error = m_store.error(QStringLiteral("cannot commit"), commit.lastError());
        rollback();
        m_cache.remove(event->run);
        return Append::Failed;
    }
    cached.progress.apply(*event);
    cached.sequence = event->sequence;
    return Append::Appended;
}

bool RunJournal::verify(const QString &name, QString *problem, QString *error) const
{
    RunInfo info;
    if (!run(name, &info, error))
        return false;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT head_seq, head_hash FROM ferry_runbook_run WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec() || !q.next()) {
        *error = m_store.error(QStringLiteral("cannot read the run"), q.lastError());
        return false;
    }
    const qint64 headSeq = q.value(0).toLongLong();
    const QByteArray headHash = q.value(1).toString().toLatin1();
    QString readError;
    const QList<RunEvent> all = events(name, &readError);
    if (!readError.isEmpty()) {
        *error = readError;
        return false;
    }
    QByteArray previous = kGenesis;
    qint64 expected = 1;
    for (const RunEvent &e : all) {
        if (e.sequence != expected) {
            *problem = QStringLiteral("event %1 is missing (the next one is %2)")
                           .arg(expected)
                           .arg(e.sequence);
            return false;
        }
        if (e.previousHash != previous) {
            *problem = QStringLiteral("event %1 does not follow event %2: its previous hash is "
                                      "not that event's hash")
                           .arg(e.sequence)
                           .arg(e.sequence - 1);
            return false;
        }
        if (e.computeHash() != e.hash) {
            *problem = QStringLiteral("event %1 (%2 %3) was changed after it was written: its "
                                      "hash does not match its fields")
                           .arg(e.sequence)
                           .arg(runActionName(e.action), e.step);
            return false;
        }
        previous = e.hash;
        ++expected;
    }
    if (expected - 1 != headSeq || previous != headHash) {
        *problem = QStringLiteral("the journal ends at event %1 but the run's head is event %2: "
                                  "events were removed")
                       .arg(expected - 1)
                       .arg(headSeq);
        return false;
    }
    return true;
}

} // namespace Ferry
