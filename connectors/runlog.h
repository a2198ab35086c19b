// SPDX-License-Identifier: MIT
#pragma once

#include "checkrun.h"
#include "sqlstore.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace Ferry {

/// One run as the run log lists it.
struct RunLogEntry
{
    qint64 id = 0;
    QString plan;
    QString kind; ///< `check` or `compare-data`
    QDateTime started;
    double seconds = 0;
    QString status; ///< as CheckRun::status()
    int passed = 0, failed = 0, errors = 0;
};

/// Ferry's history of check runs (issue #3): when each ran, how long it took, and every
/// check's result — the evidence an operator keeps from cutover day.
///
/// Kept with Qt Sql, in a SQLite file next to the plan by default (`shop.ferry.yaml` →
/// `shop.ferry-runs.sqlite`) or in a PostgreSQL database a team shares (`postgresql://` URI).
/// Two tables, created when missing: `ferry_run` (one row per run) and `ferry_check_result`
/// (one row per check of a run, details as JSON); docs/checks.md gives their columns. A PostgreSQL
/// URI must not hold a password: libpq takes it from PGPASSWORD or ~/.pgpass. Passwords never
/// reach the log: plan targets cannot hold one and check messages never echo one.
class RunLog
{
public:
    RunLog();
    ~RunLog();
    RunLog(const RunLog &) = delete;
    RunLog &operator=(const RunLog &) = delete;

    /// The default store for the plan at `planFile`: the SQLite file beside it.
    static QString defaultLocation(const QString &planFile);

    /// Opens (and creates where needed) the log at `location`: a file path or a
    /// `postgresql://user@host:port/db?sslmode=…` URI. False with a message on failure.
    bool open(const QString &location, QString *error);
    bool isOpen() const;
    /// Where it is open: the file, or the URI.
    QString location() const { return m_store.location(); }

    /// Records `run` in one transaction; returns its id, or -1 with a message.
    qint64 record(const CheckRun &run, QString *error);
    /// The latest `limit` runs, newest first; of plan `plan` only when it is not empty.
    QList<RunLogEntry> recent(int limit, const QString &plan, QString *error) const;
    /// The results recorded for run `id`, in the order they ran.
    QList<CheckResult> results(qint64 id, QString *error) const;

private:
    SqlStore m_store;
};

} // namespace Ferry
