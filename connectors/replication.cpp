// SPDX-License-Identifier: MIT
#include "replication.h"

#include "pgconninfo.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QThread>

#include <pqxx/pqxx>

namespace Ferry {

namespace {

QString qs(const pqxx::field &f)
{
    return f.is_null() ? QString() : QString::fromUtf8(f.c_str());
}

/// A read-only session with a statement timeout.
std::unique_ptr<pqxx::connection> connect(const QString &conninfo, const QString &password,
                                          int timeoutSeconds)
{
    auto c = std::make_unique<pqxx::connection>(withPassword(conninfo, password));
    pqxx::nontransaction tx(*c);
    tx.exec("SET default_transaction_read_only = on");
    tx.exec("SET statement_timeout = " + std::to_string(std::max(1, timeoutSeconds) * 1000));
    tx.exec("SET application_name = 'ferry replication check'");
    return c;
}

} // namespace

ReplicationStatus readReplication(const ReplicationOptions &o)
{
    ReplicationStatus s;
    QElapsedTimer timer;
    timer.start();
    try {
        auto src = connect(o.source, o.sourcePassword, o.statementTimeoutSeconds);
        pqxx::read_transaction tx(*src);
        s.sourceWalBytes = tx.exec1("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")[0].as<qint64>();
        const pqxx::result slotList =
            tx.exec_params("SELECT s.slot_name, s.plugin, s.database, s.active, "
                           "  (pg_current_wal_lsn() - s.confirmed_flush_lsn)::bigint, "
                           "  extract(epoch FROM r.replay_lag), r.state "
                           "FROM pg_replication_slots s "
                           "LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid "
                           "WHERE s.slot_type = 'logical' AND ($1 = '' OR s.slot_name = $1) "
                           "ORDER BY s.slot_name",
                           o.slot.toStdString());
        for (const pqxx::row &row : slotList) {
            ReplicationSlot r;
            r.name = qs(row[0]);
            r.plugin = qs(row[1]);
            r.database = qs(row[2]);
            r.active = row[3].as<bool>();
            r.lagBytes = row[4].is_null() ? -1 : row[4].as<qint64>();
            r.replayLagSeconds = row[5].is_null() ? -1 : row[5].as<double>();
            r.state = qs(row[6]);
            s.slotList.append(r);
        }
    } catch (const std::exception &e) {
        s.error = QStringLiteral("source: %1").arg(QString::fromUtf8(e.what()).trimmed());
    }
    if (s.error.isEmpty() && !o.target.isEmpty()) {
        try {
            auto dst = connect(o.target, o.targetPassword, o.statementTimeoutSeconds);
            pqxx::read_transaction tx(*dst);
            // The main apply worker of each subscription (relid IS NULL); a subscription
            // without a worker has a row with pid NULL.
            const pqxx::result subs = tx.exec_params(
                "SELECT s.subname, st.pid IS NOT NULL, "
                "  extract(epoch FROM clock_timestamp() - st.last_msg_receipt_time), "
                "  extract(epoch FROM clock_timestamp() - st.latest_end_time), "
                "  st.received_lsn - '0/0'::pg_lsn, "
                "  (SELECT count(*) FROM pg_subscription_rel sr WHERE sr.srsubid = s.oid "
                "   AND sr.srsubstate <> 'r') "
                "FROM pg_subscription s "
                "JOIN pg_database d ON d.oid = s.subdbid AND d.datname = current_database() "
                "LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL "
                "WHERE ($1 = '' OR s.subslotname = $1) ORDER BY s.subname",
                o.slot.toStdString());
            for (const pqxx::row &row : subs) {
                Subscription r;
                r.name = qs(row[0]);
                r.running = row[1].as<bool>();
                // clock_timestamp(), not now(): now() is the transaction's start, which a
                // message received since would be after. The servers' clocks may still differ
                // by a little: never below 0.
                r.secondsSinceMessage = row[2].is_null() ? -1 : std::max(0.0, row[2].as<double>());
                r.secondsSinceEnd = row[3].is_null() ? -1 : std::max(0.0, row[3].as<double>());
                if (!row[4].is_null() && s.sourceWalBytes >= 0)
                    r.receivedBehindBytes =
                        std::max<qint64>(0, s.sourceWalBytes - row[4].as<qint64>());
                r.tablesSyncing = row[5].as<int>();
                s.subscriptions.append(r);
            }
        } catch (const std::exception &e) {
            s.error = QStringLiteral("target: %1").arg(QString::fromUtf8(e.what()).trimmed());
        }
    }
    if (s.error.isEmpty()) {
        if (s.slotList.isEmpty())
            s.reasons.append(o.slot.isEmpty()
                                 ? QStringLiteral("the source has no logical replication slot")
                                 : QStringLiteral("the source has no slot %1").arg(o.slot));
        for (const ReplicationSlot &r : std::as_const(s.slotList)) {
            if (!r.active)
                s.reasons.append(
                    QStringLiteral("slot %1 is not active (no subscriber connected)").arg(r.name));
            else if (r.lagBytes > o.maxLagBytes)
                s.reasons.append(QStringLiteral("slot %1 is %2 bytes behind (at most %3 wanted)")
                                     .arg(r.name)
                                     .arg(r.lagBytes)
                                     .arg(o.maxLagBytes));
            else if (r.replayLagSeconds > o.maxLagSeconds)
                s.reasons.append(QStringLiteral("slot %1 replays %2 s behind (at most %3 wanted)")
                                     .arg(r.name)
                                     .arg(r.replayLagSeconds, 0, 'f', 1)
                                     .arg(o.maxLagSeconds));
        }
        if (!o.target.isEmpty() && s.subscriptions.isEmpty())
            s.reasons.append(
                QStringLiteral("the target has no subscription%1")
                    .arg(o.slot.isEmpty() ? QString() : QStringLiteral(" on slot ") + o.slot));
        for (const Subscription &r : std::as_const(s.subscriptions)) {
            if (!r.running)
                s.reasons.append(
                    QStringLiteral("subscription %1 has no running worker").arg(r.name));
            if (r.tablesSyncing > 0)
                s.reasons.append(QStringLiteral("subscription %1 is still copying %2 tables")
                                     .arg(r.name)
                                     .arg(r.tablesSyncing));
        }
        s.caughtUp = s.reasons.isEmpty();
    }
    s.seconds = double(timer.nsecsElapsed()) / 1e9;
    return s;
}

ReplicationStatus waitForCaughtUp(const ReplicationOptions &o, double waitSeconds,
                                  double intervalSeconds, const std::atomic<bool> *cancel)
{
    QElapsedTimer timer;
    timer.start();
    ReplicationStatus s;
    for (;;) {
        s = readReplication(o);
        const double waited = double(timer.nsecsElapsed()) / 1e9;
        const bool nothingToWaitFor =
            s.slotList.isEmpty() || (!o.target.isEmpty() && s.subscriptions.isEmpty());
        if (s.caughtUp || !s.error.isEmpty() || nothingToWaitFor || waited >= waitSeconds ||
            (cancel && cancel->load()))
            break;
        const auto pause = qint64(std::min(intervalSeconds, waitSeconds - waited) * 1000);
        for (qint64 slept = 0; slept < pause && !(cancel && cancel->load()); slept += 50)
            QThread::msleep(quint64(std::min<qint64>(50, pause - slept)));
    }
    s.seconds = double(timer.nsecsElapsed()) / 1e9;
    return s;
}

QJsonObject replicationStatusToJson(const ReplicationStatus &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("caughtUp"), s.caughtUp);
    if (!s.error.isEmpty())
        o.insert(QStringLiteral("error"), s.error);
    o.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(s.reasons));
    o.insert(QStringLiteral("sourceWalBytes"), double(s.sourceWalBytes));
    o.insert(QStringLiteral("seconds"), s.seconds);
    QJsonArray slotList;
    for (const ReplicationSlot &r : s.slotList)
        slotList.append(QJsonObject{{QStringLiteral("slot"), r.name},
                                    {QStringLiteral("plugin"), r.plugin},
                                    {QStringLiteral("database"), r.database},
                                    {QStringLiteral("active"), r.active},
                                    {QStringLiteral("lagBytes"), double(r.lagBytes)},
                                    {QStringLiteral("replayLagSeconds"), r.replayLagSeconds},
                                    {QStringLiteral("state"), r.state}});
    o.insert(QStringLiteral("slots"), slotList);
    QJsonArray subs;
    for (const Subscription &r : s.subscriptions)
        subs.append(
            QJsonObject{{QStringLiteral("subscription"), r.name},
                        {QStringLiteral("running"), r.running},
                        {QStringLiteral("secondsSinceMessage"), r.secondsSinceMessage},
                        {QStringLiteral("secondsSinceEnd"), r.secondsSinceEnd},
                        {QStringLiteral("receivedBehindBytes"), double(r.receivedBehindBytes)},
                        {QStringLiteral("tablesSyncing"), r.tablesSyncing}});
    o.insert(QStringLiteral("subscriptions"), subs);
    return o;
}

QString replicationStatusToText(const ReplicationStatus &s)
{
    QString out;
    if (!s.error.isEmpty())
        return QStringLiteral("error: %1\n").arg(s.error);
    for (const ReplicationSlot &r : s.slotList)
        out += QStringLiteral("slot %1 (%2, database %3): %4, %5 bytes behind%6\n")
                   .arg(r.name, r.plugin, r.database,
                        r.active ? (r.state.isEmpty() ? QStringLiteral("active") : r.state)
                                 : QStringLiteral("inactive"))
                   .arg(r.lagBytes)
                   .arg(r.replayLagSeconds >= 0
                            ? QStringLiteral(", replay lag %1 s").arg(r.replayLagSeconds, 0, 'f', 3)
                            : QString());
    for (const Subscription &r : s.subscriptions)
        out += QStringLiteral("subscription %1: %2, last message %3 s ago\n")
                   .arg(r.name, r.running ? QStringLiteral("running") : QStringLiteral("stopped"))
                   .arg(r.secondsSinceMessage, 0, 'f', 1);
    if (s.caughtUp)
        out += QStringLiteral("caught up\n");
    for (const QString &reason : s.reasons)
        out += QStringLiteral("not caught up: %1\n").arg(reason);
    return out;
}

} // namespace Ferry
