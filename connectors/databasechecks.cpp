// SPDX-License-Identifier: MIT
#include "databasechecks.h"

#include "datacompare.h"
#include "pgconninfo.h"
#include "replication.h"

#include <QElapsedTimer>

#include <algorithm>

#include <pqxx/pqxx>

namespace Ferry::DatabaseChecks {

CheckResult login(const Check &c, QString password)
{
    CheckResult r;
    r.checkId = c.id;
    QElapsedTimer timer;
    timer.start();
    try {
        // The password goes into the connection string in memory only; it is never stored,
        // printed or logged. connect_timeout keeps an unreachable server within the timeout.
        std::vector<std::pair<std::string, std::string>> extra;
        if (!c.target.contains(QLatin1String("connect_timeout")))
            extra.emplace_back("connect_timeout", std::to_string(std::max(2, c.timeoutSeconds)));
        if (!password.isEmpty())
            extra.emplace_back("password", password.toStdString());
        QString error;
        const std::string conninfo = withConnectionParameters(c.target, extra, &error);
        if (conninfo.empty()) {
            r.status = CheckResult::Status::Error;
            r.message = QStringLiteral("malformed connection string: ") + error;
            return r;
        }
        pqxx::connection conn(conninfo);
        r.latencyMs = double(timer.nsecsElapsed()) / 1e6;
        pqxx::nontransaction tx(conn);
        tx.exec("SET default_transaction_read_only = on");
        tx.exec("SET statement_timeout = " + std::to_string(c.timeoutSeconds * 1000));
        const pqxx::row row =
            tx.exec1("SELECT current_setting('server_version'), "
                     "coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false), "
                     "pg_is_in_recovery(), pg_database_size(current_database()), "
                     "current_setting('wal_level'), "
                     "current_setting('max_replication_slots')::int - "
                     "(SELECT count(*) FROM pg_replication_slots), "
                     "(SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) "
                     "FROM pg_extension)");
        r.details.insert(QStringLiteral("server_version"), QString::fromUtf8(row[0].c_str()));
        const bool ssl = row[1].as<bool>();
        const bool recovery = row[2].as<bool>();
        r.details.insert(QStringLiteral("ssl"),
                         ssl ? QStringLiteral("true") : QStringLiteral("false"));
        r.details.insert(QStringLiteral("in_recovery"),
                         recovery ? QStringLiteral("true") : QStringLiteral("false"));
        r.details.insert(QStringLiteral("database_bytes"), QString::fromUtf8(row[3].c_str()));
        r.details.insert(QStringLiteral("wal_level"), QString::fromUtf8(row[4].c_str()));
        r.details.insert(QStringLiteral("free_replication_slots"),
                         QString::fromUtf8(row[5].c_str()));
        r.details.insert(QStringLiteral("extensions"), QString::fromUtf8(row[6].c_str()));
        r.status = CheckResult::Status::Passed;
        r.message = QStringLiteral("logged in: PostgreSQL %1%2%3")
                        .arg(r.details.value(QStringLiteral("server_version")),
                             ssl ? QStringLiteral(", SSL") : QStringLiteral(", no SSL"),
                             recovery ? QStringLiteral(", standby") : QString());
        const QString wantRecovery = c.expect.value(QStringLiteral("in_recovery"));
        if (!wantRecovery.isEmpty() &&
            expectTrue(c, QStringLiteral("in_recovery"), false) != recovery) {
            r.status = CheckResult::Status::Failed;
            r.message += QStringLiteral(" — expected in_recovery %1").arg(wantRecovery);
        }
    } catch (const std::exception &e) {
        r.status = CheckResult::Status::Failed;
        r.message = QString::fromUtf8(e.what()).trimmed();
        if (!password.isEmpty())
            r.message.replace(password, QStringLiteral("***")); // libpq never echoes it; be sure
    }
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    return r;
}

CheckResult data(const Check &c, DataCompareProgress *progress, const QString &sourcePassword,
                 const QString &targetPassword)
{
    CheckResult r;
    r.checkId = c.id;
    DataCompareOptions o;
    o.source = c.target;
    o.target = c.expect.value(QStringLiteral("target_database"));
    o.sourcePassword = sourcePassword;
    o.targetPassword = targetPassword;
    for (const QString &t :
         c.expect.value(QStringLiteral("tables")).split(u',', Qt::SkipEmptyParts))
        o.tables.append(t.trimmed());
    o.connectionsPerSide = std::clamp(
        c.expect.value(QStringLiteral("connections"), QStringLiteral("2")).toInt(), 1, 64);
    if (o.target.isEmpty()) {
        r.status = CheckResult::Status::Error;
        r.message = QStringLiteral("a data check needs expect.target_database");
        return r;
    }
    auto d = std::make_shared<const DataComparison>(DataCompare::run(o, progress));
    r = dataComparisonToCheckResult(c.id, *d);
    r.data = std::move(d);
    return r;
}

int replicationWaitSeconds(const Check &c)
{
    if (c.kind != CheckKind::Replication)
        return 0;
    return std::clamp(c.expect.value(QStringLiteral("wait")).toInt(), 0, 24 * 3600);
}

CheckResult replication(const Check &c, const QString &sourcePassword,
                        const QString &targetPassword, const std::atomic<bool> *cancel)
{
    CheckResult r;
    r.checkId = c.id;
    ReplicationOptions o;
    o.source = c.target;
    o.target = c.expect.value(QStringLiteral("subscriber"));
    o.slot = c.expect.value(QStringLiteral("slot"));
    o.sourcePassword = sourcePassword;
    o.targetPassword = targetPassword;
    o.maxLagBytes =
        c.expect.value(QStringLiteral("max_lag_bytes"), QStringLiteral("0")).toLongLong();
    o.maxLagSeconds =
        c.expect.value(QStringLiteral("max_lag_seconds"), QStringLiteral("10")).toDouble();
    o.statementTimeoutSeconds = std::max(1, c.timeoutSeconds);
    const int wait = replicationWaitSeconds(c);
    const ReplicationStatus s =
        wait > 0 ? waitForCaughtUp(o, wait, 1.0, cancel) : readReplication(o);
    r.seconds = s.seconds;
    for (const ReplicationSlot &slot : s.slotList)
        r.details.insert(
            QStringLiteral("slot ") + slot.name,
            QStringLiteral("%1, %2 bytes behind")
                .arg(slot.active ? QStringLiteral("active") : QStringLiteral("inactive"))
                .arg(slot.lagBytes));
    for (const Subscription &sub : s.subscriptions)
        r.details.insert(
            QStringLiteral("subscription ") + sub.name,
            QStringLiteral("%1, last message %2 s ago")
                .arg(sub.running ? QStringLiteral("running") : QStringLiteral("stopped"))
                .arg(sub.secondsSinceMessage, 0, 'f', 1));
    if (!s.error.isEmpty()) {
        r.status = CheckResult::Status::Failed;
        r.message = s.error;
    } else if (s.caughtUp) {
        r.status = CheckResult::Status::Passed;
        r.message = QStringLiteral("caught up");
    } else {
        r.status = CheckResult::Status::Failed;
        r.message = QStringLiteral("not caught up: ") + s.reasons.join(QStringLiteral("; "));
    }
    return r;
}

} // namespace Ferry::DatabaseChecks
