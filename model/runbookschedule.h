// SPDX-License-Identifier: MIT
#pragma once

#include "runbook.h"

#include <vector>

namespace Ferry {

/// The planned timeline of a runbook, from its steps' durations and predecessors.
///
/// Each wave's phase is a window of its own: the Week before starts 7 days before the wave's
/// cutover, the Day before 1 day before, the Cutover at it, Verification when the Cutover ends,
/// Cleanup at the rollback deadline, Rollback (when it runs) from its decision. Inside a window a
/// step starts when its predecessors in that window have finished (earliest start, steps of
/// different resources in parallel) and, for a "not before" on a step of the same window, when
/// that delay has passed; predecessors in earlier windows are done by the window's start.
/// Times are minutes from the start of the window. The critical path of a window is the chain
/// of steps that decides its length.
class RunbookSchedule
{
public:
    struct Timing
    {
        int start = 0;  ///< minutes after the window starts
        int finish = 0; ///< start + planned minutes
        bool critical = false;
    };
    /// One wave's phase.
    struct Window
    {
        int wave = 0;
        RunbookPhase phase = RunbookPhase::Preparation;
        int minutes = 0;          ///< from its start to the last step's finish
        QStringList steps;        ///< in reading order (see order())
        QStringList criticalPath; ///< first to last
    };

    /// Schedules every step that is not obsolete. Cycles and unknown predecessors are reported
    /// in problems() (the steps of a cycle are scheduled after the others, in id order).
    static RunbookSchedule of(const Runbook &runbook);

    /// The windows, by phase order (Preparation first), then wave.
    const QList<Window> &windows() const { return m_windows; }
    /// Timing of step `id` (zero when unknown).
    Timing timing(const QString &id) const
    {
        const int i = indexOf(id);
        return i < 0 ? Timing() : m_times[size_t(i)];
    }
    /// Every scheduled step in reading order: by window, and inside one topologically, each
    /// step followed where possible by the next of its own chain, ties by id.
    QStringList order() const;
    /// What is wrong with the graph or the constraints, one sentence each: a cycle, an unknown
    /// predecessor, a "not before" that the planned dates break (the DNS switch planned less than
    /// 48 hours after the TTL was lowered).
    const QStringList &problems() const { return m_problems; }

    /// "8 h 20 min", "45 min", "3 d 2 h".
    static QString durationText(int minutes);

private:
    /// Index of step `id` in m_ids (binary search), -1 when not scheduled.
    int indexOf(const QString &id) const;

    QList<Window> m_windows;
    std::vector<QString> m_ids; ///< the scheduled steps' ids, sorted; m_times is in this order
    std::vector<Timing> m_times;
    QStringList m_problems;
};

} // namespace Ferry
