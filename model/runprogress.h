// SPDX-License-Identifier: MIT
#pragma once

#include "runbook.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>

namespace Ferry {

/// What an operator (or Ferry, for a gate) did to a run.
enum class RunAction {
    RunStarted,      ///< the first event of every run (its note: "rehearsal" or "live")
    Start,           ///< a step is begun
    Done,            ///< a step is finished (from ready or in progress)
    Skip,            ///< a step is passed over; the note says why (required)
    Fail,            ///< a step went wrong; the note says how
    Retry,           ///< a failed step is begun again
    Note,            ///< a remark on a step, or on the run when the step is empty
    GatePassed,      ///< a gate's checks passed (evidence: their results); the gate is done
    GateFailed,      ///< a gate's checks failed (evidence); the gate is failed
    RollbackStarted, ///< the wave of `step` rolls back: its rollback steps become due
};

/// Journal name: `run-started`, `start`, `done`, `skip`, `fail`, `retry`, `note`,
/// `gate-passed`, `gate-failed`, `rollback-started`.
QString runActionName(RunAction action);
/// Parses a journal name; false when unknown.
bool parseRunAction(const QString &name, RunAction *action);

/// One event of a run's journal. Events are append-only; each carries the SHA-256 of the one
/// before it (`previousHash`, 64 zeros for the first), so that a changed, removed or reordered
/// event breaks the chain (docs/runbook.md, "The run journal").
struct RunEvent
{
    QString run;         ///< the run's name ("staging rehearsal 1")
    qint64 sequence = 0; ///< 1, 2, 3… within the run
    QDateTime time;      ///< UTC, milliseconds
    QString actor;       ///< `user@host`, or a name given
    QString step;        ///< step id; empty for run-wide events
    RunAction action = RunAction::Note;
    QString note;
    QString evidence;        ///< JSON (check results), or empty
    QByteArray previousHash; ///< hex
    QByteArray hash;         ///< hex, see computeHash()

    /// SHA-256 (hex) of previousHash and every field, each as its length and its UTF-8 bytes.
    QByteArray computeHash() const;

    bool operator==(const RunEvent &) const = default;
};

/// Where a step of a run stands.
enum class StepState {
    Pending,    ///< waiting for its predecessors
    Ready,      ///< its predecessors are done or skipped: it may start
    InProgress, ///< started, not finished
    Done,
    Skipped,
    Failed,
    Blocked, ///< a predecessor failed, or its wave rolls back (and it had not begun)
};

/// Display name: `pending`, `ready`, `in progress`, `done`, `skipped`, `failed`, `blocked`.
QString stepStateName(StepState state);

/// The state of a run: a runbook replayed through the events of its journal. Pure: no clock, no
/// store. Rollback steps are out of play until a `rollback-started` event for their wave; from
/// then on the wave's rollback steps whose cutover step was done are due (the others count as
/// skipped), latest first.
class RunProgress
{
public:
    struct Step
    {
        StepState state = StepState::Pending;
        QDateTime started;  ///< first start (UTC), invalid when never started
        QDateTime finished; ///< done, skipped or failed (UTC)
        QString actor;      ///< who changed it last
        QStringList notes;
    };

    /// Replays `events` (in sequence order) over `runbook`. An event the rules refuse
    /// (see check()) is reported in problems() and ignored.
    static RunProgress replay(const Runbook &runbook, const QList<RunEvent> &events);

    /// Why `event` may not be applied now, or empty when it may: start needs a ready step (or
    /// a failed one, as a retry); done a ready or running one; skip a note; fail a running one;
    /// a step of a wave that rolls back may not go on; an unknown step is refused.
    QString check(const RunEvent &event) const;
    /// Applies `event` (check() must have passed). Only the steps that depend on the event's
    /// step (its successors, its rollback step, and theirs in turn), or on its wave for a
    /// rollback, are looked at again: a run of a 300,000-step runbook takes an event in
    /// microseconds, not a pass over every step.
    void apply(const RunEvent &event);
    /// Works out every step's state again from the events applied so far, as replay() does
    /// first; apply() keeps the same states incrementally (the tests compare the two).
    void recomputeAll();

    const Step &step(const QString &id) const;
    StepState state(const QString &id) const { return step(id).state; }
    /// Ids of the steps that may start now, in the schedule's reading order.
    QStringList ready() const;
    /// The waves rolling back.
    const QSet<int> &rollingBack() const { return m_rollingBack; }
    /// Events replay() ignored, one sentence each.
    const QStringList &problems() const { return m_problems; }
    /// The last event applied (sequence 0 before the first).
    const RunEvent &last() const { return m_last; }

private:
    /// The state step `id` has from its predecessors, its wave and its cutover step; its own
    /// state when an event set it (in progress, done, failed, skipped).
    StepState derivedState(const QString &id) const;
    /// The steps whose state follows from `id`'s: its successors and its rollback step.
    QStringList dependents(const QString &id) const;
    /// Derives the states of `ids` again and, for each that changed, of its dependents.
    void propagate(QStringList ids);
    /// Sets step `id`'s state and keeps its successors' counts of what they wait for.
    void setState(const QString &id, StepState state);

    Runbook m_runbook;
    QStringList m_order;
    QHash<QString, QStringList> m_successors; ///< step → the steps that come after it
    QHash<QString, QString> m_forwardOf;      ///< rollback step → the cutover step it undoes
    QHash<int, QStringList> m_stepsOfWave;    ///< wave → its steps, in reading order
    /// Per step, its predecessors in the run not done or skipped yet, and those failed or
    /// blocked: its state follows from them in constant time, however many it waits for (a
    /// wave's milestone waits for the chains of every resource).
    struct Waiting
    {
        int unfinished = 0;
        int broken = 0;
    };
    QHash<QString, Waiting> m_waiting;
    QHash<QString, Step> m_steps;
    QSet<int> m_rollingBack;
    QStringList m_problems;
    RunEvent m_last;
    bool m_started = false;
};

} // namespace Ferry
