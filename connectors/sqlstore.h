// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QString>

class QSqlError;

namespace Ferry {

/// One Qt Sql connection to where Ferry keeps its history: a SQLite file (next to the plan by
/// default) or a PostgreSQL database a team shares, given as a `postgresql://user@host:port/db?
/// sslmode=…` URI (libpq options from the query; no password in it: libpq takes it from
/// PGPASSWORD or ~/.pgpass). The run log and the run journal each hold one. SQLite files are
/// opened in WAL mode with `synchronous = FULL`, so a committed transaction survives a power
/// loss, and wait up to 10 s for another process's write lock.
class SqlStore
{
public:
    /// `purpose` names the store in messages ("run log", "run journal").
    explicit SqlStore(const QString &purpose);
    ~SqlStore();
    SqlStore(const SqlStore &) = delete;
    SqlStore &operator=(const SqlStore &) = delete;

    /// The default store for the plan at `planFile`: the SQLite file beside it
    /// (`shop.ferry.yaml` → `shop.ferry-runs.sqlite`).
    static QString defaultLocation(const QString &planFile);

    /// Opens `location` (a file path or a postgresql:// URI). False with a message on failure.
    bool open(const QString &location, QString *error);
    bool isOpen() const;
    bool isPostgres() const { return m_postgres; }
    QString location() const { return m_location; }
    QSqlDatabase database() const;

    /// "run log: <what>: <the driver's message>".
    QString error(const QString &what, const QSqlError &e) const;

private:
    QString m_purpose;
    QString m_connection;
    QString m_location;
    bool m_postgres = false;
};

} // namespace Ferry
