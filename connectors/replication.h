// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>

namespace Ferry {

/// What to read and when replication counts as caught up.
struct ReplicationOptions
{
    QString source; ///< libpq URI or key=value of the publisher (the database being left)
    QString target; ///< of the subscriber; empty to read the source side only
    QString slot;   ///< only this replication slot (and its subscription); empty for all
    /// Passwords of the two sides when not from libpq's own sources (as DataCompareOptions).
    QString sourcePassword, targetPassword;
    /// Caught up when every slot's lag is at most this many bytes of WAL…
    qint64 maxLagBytes = 0;
    /// …and its walsender reports a replay lag of at most this many seconds (none reported,
    /// as on an idle link, counts as none).
    double maxLagSeconds = 10;
    int statementTimeoutSeconds = 30;
};

/// One logical replication slot on the source (`pg_replication_slots`), with its walsender
/// (`pg_stat_replication`) when one is connected.
struct ReplicationSlot
{
    QString name, plugin, database;
    bool active = false;
    qint64 lagBytes = -1;         ///< pg_current_wal_lsn() − confirmed_flush_lsn, bytes
    double replayLagSeconds = -1; ///< pg_stat_replication.replay_lag, -1 when not reported
    QString state;                ///< walsender state (`streaming`, `catchup`…), empty if none
};

/// One subscription on the target (`pg_stat_subscription`, main apply worker).
struct Subscription
{
    QString name;
    bool running = false;            ///< an apply worker is running
    double secondsSinceMessage = -1; ///< clock_timestamp() − last_msg_receipt_time, s
    double secondsSinceEnd = -1;     ///< clock_timestamp() − latest_end_time, seconds
    qint64 receivedBehindBytes = -1; ///< source's current WAL − received_lsn, when both read
    /// Tables of the subscription not yet handed over to the apply worker (`pg_subscription_rel`
    /// state other than `r`, ready): the slot may be caught up while they are still copying
    /// (`i`, `d`), or synchronized (`s`) only up to the position their copy reached, changes
    /// after it still to be applied.
    int tablesSyncing = 0;
};

/// The replication lag between the source and the target, read at one moment.
struct ReplicationStatus
{
    QString error;              ///< a side could not be read (then the rest is incomplete)
    qint64 sourceWalBytes = -1; ///< pg_current_wal_lsn() as a byte position
    QList<ReplicationSlot> slotList;
    QList<Subscription> subscriptions;
    bool caughtUp = false; ///< within the thresholds of the options, see reasons
    QStringList reasons;   ///< why not caught up (one line each)
    double seconds = 0;    ///< the whole reading (or wait)
};

/// Reads replication lag from both sides, read-only (`default_transaction_read_only`,
/// `statement_timeout`): on the source `pg_replication_slots` (logical slotList) and
/// `pg_stat_replication`, on the target `pg_stat_subscription`. Caught up means: at least one
/// slot (the named one, if given), every one active with lag ≤ maxLagBytes and replay lag ≤
/// maxLagSeconds, and, when a target is given, at least one subscription (the one using the
/// slot, if named), every one with a running apply worker and no table still in its initial copy.
/// How long ago each subscription last heard from its publisher is reported, not judged (an idle
/// link sends keepalives only every `wal_sender_timeout` / 2). Logical replication does not copy
/// sequences: compare-data checks those. Passwords come from PGPASSWORD or ~/.pgpass, never from
/// the options.
ReplicationStatus readReplication(const ReplicationOptions &o);

/// Reads every `intervalSeconds` until caught up or `waitSeconds` have passed (or `cancel` is
/// set); returns the last reading, with `seconds` the time waited. Stops at once when there is
/// nothing to wait for: a side cannot be read, the source has no slot (the named one, if
/// given), or a target is given and has no subscription on it — replication not set up yet
/// does not catch up by waiting. An inactive slot or a stopped worker is waited on: both come
/// back by themselves after a reconnect or `ALTER SUBSCRIPTION … ENABLE`.
ReplicationStatus waitForCaughtUp(const ReplicationOptions &o, double waitSeconds,
                                  double intervalSeconds = 1,
                                  const std::atomic<bool> *cancel = nullptr);

/// As JSON (docs/checks.md, "replication JSON").
QJsonObject replicationStatusToJson(const ReplicationStatus &s);
/// As text, one line per slot and subscription, then `caught up` or the reasons.
QString replicationStatusToText(const ReplicationStatus &s);

} // namespace Ferry
