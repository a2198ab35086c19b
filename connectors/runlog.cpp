// SPDX-License-Identifier: MIT
#include "runlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace Ferry {

namespace {

/// Qt Sql binds a null QString as NULL; the log's text columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

RunLog::RunLog()
    : m_store(QStringLiteral("run log"))
{}

RunLog::~RunLog() = default;

QString RunLog::defaultLocation(const QString &planFile)
{
    return SqlStore::defaultLocation(planFile);
}

bool RunLog::isOpen() const
{
    return m_store.isOpen();
}

bool RunLog::open(const QString &location, QString *error)
{
    if (!m_store.open(location, error))
        return false;
    QSqlDatabase db = m_store.database();
    const bool postgres = m_store.isPostgres();
    const QString id = postgres ? QStringLiteral("bigserial PRIMARY KEY")
                                : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
    const QString real = postgres ? QStringLiteral("double precision") : QStringLiteral("REAL");
    const QStringList schema = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS ferry_run (id %1, plan text NOT NULL, "
                       "plan_file text NOT NULL, kind text NOT NULL, started text NOT NULL, "
                       "seconds %2 NOT NULL, status text NOT NULL, passed integer NOT NULL, "
                       "failed integer NOT NULL, errors integer NOT NULL)")
            .arg(id, real),
        QStringLiteral("CREATE TABLE IF NOT EXISTS ferry_check_result (run_id bigint NOT NULL "
                       "REFERENCES ferry_run(id), position integer NOT NULL, check_id text NOT "
                       "NULL, kind text NOT NULL, target text NOT NULL, status text NOT NULL, "
                       "message text NOT NULL, latency_ms %1, seconds %1 NOT NULL, started text "
                       "NOT NULL, details text NOT NULL, PRIMARY KEY (run_id, position))")
            .arg(real),
        QStringLiteral("CREATE INDEX IF NOT EXISTS ferry_run_plan ON ferry_run (plan, id)"),
    };
    QSqlQuery q(db);
    for (const QString &sql : schema)
        if (!q.exec(sql)) {
            *error = m_store.error(QStringLiteral("cannot create its tables"), q.lastError());
            db.close();
            return false;
        }
    return true;
}

qint64 RunLog::record(const CheckRun &run, QString *error)
{
    QSqlDatabase db = m_store.database();
    if (!db.isOpen()) {
        *error = QStringLiteral("run log: not open");
        return -1;
    }
    if (!db.transaction()) {
        *error = m_store.error(QStringLiteral("cannot start a transaction"), db.lastError());
        return -1;
    }
    auto fail = [&](const QString &what, const QSqlQuery &q) {
        *error = m_store.error(what, q.lastError());
        db.rollback();
        return qint64(-1);
    };
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO ferry_run (plan, plan_file, kind, started, seconds, "
                             "status, passed, failed, errors) VALUES (?, ?, ?, ?, ?, ?, ?, "
                             "?, ?) RETURNING id"));
    q.addBindValue(text(run.plan));
    q.addBindValue(text(run.planFile));
    q.addBindValue(text(run.kind));
    q.addBindValue(text(run.started.toUTC().toString(Qt::ISODateWithMs)));
    q.addBindValue(run.seconds);
    q.addBindValue(run.status());
    q.addBindValue(run.count(CheckResult::Status::Passed));
    q.addBindValue(run.count(CheckResult::Status::Failed));
    q.addBindValue(run.count(CheckResult::Status::Error));
    if (!q.exec() || !q.next())
        return fail(QStringLiteral("cannot record the run"), q);
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    q.prepare(QStringLiteral("INSERT INTO ferry_check_result (run_id, position, check_id, kind, "
                             "target, status, message, latency_ms, seconds, started, details) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (qsizetype i = 0; i < run.results.size(); ++i) {
        const CheckResult &r = run.results[i];
        const Check c = i < run.checks.size() ? run.checks[i] : Check();
        const QJsonObject details =
            checkResultToJson(r).value(QStringLiteral("details")).toObject();
        q.addBindValue(id);
        q.addBindValue(int(i));
        q.addBindValue(text(r.checkId));
        q.addBindValue(checkKindName(c.kind));
        // Plan targets never hold a password (the plan file refuses them); be sure anyway.
        q.addBindValue(checkTargetSecretProblem(c).isEmpty() ? text(c.target)
                                                             : QStringLiteral("(withheld)"));
        q.addBindValue(checkStatusName(r.status));
        q.addBindValue(text(r.message));
        q.addBindValue(r.latencyMs >= 0 ? QVariant(r.latencyMs) : QVariant());
        q.addBindValue(r.seconds);
        q.addBindValue(text(r.started.toUTC().toString(Qt::ISODateWithMs)));
        q.addBindValue(QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
        if (!q.exec())
            return fail(QStringLiteral("cannot record check %1").arg(r.checkId), q);
    }
    if (!db.commit()) {
        *error = m_store.error(QStringLiteral("cannot commit the run"), db.lastError());
        db.rollback();
        return -1;
    }
    return id;
}

QList<RunLogEntry> RunLog::recent(int limit, const QString &plan, QString *error) const
{
    QList<RunLogEntry> out;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT id, plan, kind, started, seconds, status, passed, failed, "
                             "errors FROM ferry_run %1 ORDER BY id DESC LIMIT %2")
                  .arg(plan.isEmpty() ? QString() : QStringLiteral("WHERE plan = ?"))
                  .arg(std::max(limit, 0)));
    if (!plan.isEmpty())
        q.addBindValue(plan);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot read the runs"), q.lastError());
        return out;
    }
    while (q.next()) {
        RunLogEntry e;
        e.id = q.value(0).toLongLong();
        e.plan = q.value(1).toString();
        e.kind = q.value(2).toString();
        e.started = QDateTime::fromString(q.value(3).toString(), Qt::ISODateWithMs);
        e.seconds = q.value(4).toDouble();
        e.status = q.value(5).toString();
        e.passed = q.value(6).toInt();
        e.failed = q.value(7).toInt();
        e.errors = q.value(8).toInt();
        out.append(e);
    }
    return out;
}

QList<CheckResult> RunLog::results(qint64 id, QString *error) const
{
    QList<CheckResult> out;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT check_id, status, message, latency_ms, seconds, started, "
                             "details FROM ferry_check_result WHERE run_id = ? ORDER BY position"));
    q.addBindValue(id);
    if (!q.exec()) {
        *error = m_store.error(QStringLiteral("cannot read run %1").arg(id), q.lastError());
        return out;
    }
    while (q.next()) {
        CheckResult r;
        r.checkId = q.value(0).toString();
        parseCheckStatus(q.value(1).toString(), &r.status);
        r.message = q.value(2).toString();
        r.latencyMs = q.value(3).isNull() ? -1 : q.value(3).toDouble();
        r.seconds = q.value(4).toDouble();
        r.started = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
        const QJsonObject details =
            QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
        for (auto it = details.begin(); it != details.end(); ++it)
            r.details.insert(it.key(), it.value().toString());
        out.append(r);
    }
    return out;
}

} // namespace Ferry
