// SPDX-License-Identifier: MIT
#pragma once

#include "runprogress.h"
#include "runreport.h"
#include "sqlstore.h"

#include <QList>

class QSqlDriver;

namespace Ferry {

/// One run of a plan's runbook as the journal lists it.
struct RunInfo
{
    QString name;
    QString plan;
    bool rehearsal = false;
    QDateTime created; ///< UTC
    qint64 events = 0;
    QDateTime lastEvent; ///< UTC
};

/// The journal of runbook runs (issue #13): every action on a run as an append-only event with
/// a hash chain, in the store the run log uses — the SQLite file beside the plan by default,
/// a PostgreSQL database for a team (the same `--store` as `ferry check`).
///
/// Two tables, created when missing (docs/runbook.md gives their columns):
/// `ferry_runbook_run` (one row per run: name, plan, rehearsal, created, and the head of its
/// chain — last sequence and hash) and `ferry_runbook_event` (one row per event, primary key run
/// and sequence). append() is one transaction that locks the run (SQLite `BEGIN IMMEDIATE`;
/// PostgreSQL `SELECT … FOR UPDATE` on its row), replays the run so far, refuses the event
/// when the rules do (RunProgress::check(): two operators completing one step — the first
/// wins, the second is told who did it), and commits the event and the new head together.
/// It returns only once the commit is durable (SQLite `synchronous = FULL`), so an action shown
/// as done survives a kill or a power loss.
class RunJournal
{
public:
    RunJournal();

    /// The default store for the plan at `planFile` (SqlStore::defaultLocation()).
    static QString defaultLocation(const QString &planFile);

    /// Opens (and creates where needed) the journal at `location`. False with a message.
    bool open(const QString &location, QString *error);
    bool isOpen() const { return m_store.isOpen(); }
    QString location() const { return m_store.location(); }
    bool isPostgres() const { return m_store.isPostgres(); }

    /// Starts run `name` of plan `plan`: its row and its first event (`run-started`, note
    /// "rehearsal" or "live"). False when a run of that name exists or the store fails.
    bool startRun(const QString &plan, const QString &name, bool rehearsal, const QString &actor,
                  QString *error);
    /// The runs of `plan` (all plans when empty), newest first.
    QList<RunInfo> runs(const QString &plan, QString *error) const;
    /// The run named `name`; false when there is none.
    bool run(const QString &name, RunInfo *info, QString *error) const;
    /// The events of run `name`, in sequence order.
    QList<RunEvent> events(const QString &name, QString *error) const;
    /// The events of run `name` after sequence `after`, in sequence order.
    QList<RunEvent> eventsAfter(const QString &name, qint64 after, QString *error) const;
    /// The sequence of run `name`'s last event (its head): one indexed row, cheap enough to poll
    /// every second. -1 when there is no such run or the store failed (`error` set then).
    qint64 head(const QString &name, QString *error) const;

    /// The PostgreSQL channel every append and startRun notifies (payload: the run's name).
    static QString notificationChannel() { return QStringLiteral("ferry_runbook"); }
    /// On PostgreSQL: LISTENs on notificationChannel(), so that the store's driver (driver())
    /// emits QSqlDriver::notification within moments of any operator's append, on any machine.
    /// False on SQLite (nothing to listen to: poll head()) or when the driver refuses.
    bool subscribe(QString *error);
    /// The Qt Sql driver of the store, for its notification() signal; null when not open.
    QSqlDriver *driver() const;

    enum class Append {
        Appended, ///< durable; `event` holds its sequence, time and hashes
        Refused,  ///< the rules refuse it now; `error` says why
        Failed,   ///< the store failed; `error` says how
    };
    /// Appends `event` (run, actor, step, action, note, evidence filled in) to its run, as
    /// described above; fills in its sequence, UTC time and hashes. `runbook` must outlive the
    /// journal's use of it (the state is kept between appends while the same runbook is given).
    Append append(const Runbook &runbook, RunEvent *event, QString *error);
    /// Drops the state kept between appends: call it when the runbook given to append()
    /// changed in place (an edit, a regeneration), so the next append replays from the start.
    void forgetState() { m_cache.clear(); }

    /// Checks run `name`'s chain: sequences 1, 2, 3… without a gap, each event's previous hash
    /// the hash of the one before, each hash recomputed from its fields, and the run's head
    /// equal to the last event (a truncated journal). True when intact; else false with the
    /// first break in `problem` (and `error` set only when the store failed).
    bool verify(const QString &name, QString *problem, QString *error) const;

    /// The runs of `plan` named `names` (in that order; all of its runs, oldest first, when
    /// empty), each replayed over `runbook`, for RunReport. Empty with `error` set when a name
    /// is not a run of `plan` or the store fails.
    QList<ReportedRun> reportedRuns(const QString &plan, const QStringList &names,
                                    const Runbook &runbook, QString *error) const;

    /// `user@host` of this process (USER or USERNAME, and the host name).
    static QString defaultActor();

private:
    /// The state of a run after its event `sequence`, kept between appends so that an append
    /// replays only the events written since (by this process or another).
    struct Cached
    {
        const Runbook *runbook = nullptr;
        qint64 sequence = 0;
        RunProgress progress;
    };
    SqlStore m_store;
    QHash<QString, Cached> m_cache;
};

} // namespace Ferry
