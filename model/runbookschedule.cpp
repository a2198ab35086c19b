// SPDX-License-Identifier: MIT
#include "runbookschedule.h"

#include <QSet>

#include <algorithm>
#include <set>

namespace Ferry {

namespace {

/// Minutes from the wave's cutover to the start of `phase`'s window (nominal: the cutover's own
/// length is not known here, Verification and Cleanup are placed by the caller).
qint64 nominalWindowStart(RunbookPhase phase)
{
    switch (phase) {
    case RunbookPhase::Preparation:
        return -14 * 24 * 60;
    case RunbookPhase::WeekBefore:
        return -7 * 24 * 60;
    case RunbookPhase::DayBefore:
        return -24 * 60;
    default:
        return 0;
    }
}

} // namespace

QString RunbookSchedule::durationText(int minutes)
{
    const int days = minutes / (24 * 60);
    const int hours = minutes / 60 % 24;
    const int rest = minutes % 60;
    QStringList parts;
    if (days)
        parts << QStringLiteral("%1 d").arg(days);
    if (hours)
        parts << QStringLiteral("%1 h").arg(hours);
    if (rest || parts.isEmpty())
        parts << QStringLiteral("%1 min").arg(rest);
    return parts.join(u' ');
}

RunbookSchedule RunbookSchedule::of(const Runbook &runbook)
{
    RunbookSchedule out;
    // Windows: (phase, wave) → steps.
    std::map<std::pair<int, int>, QStringList> windows;
    for (const auto &[id, s] : runbook.steps)
        if (!s.obsolete)
            windows[{int(s.phase), s.wave}].append(id);

    for (const auto &[key, ids] : windows) {
        const QSet<QString> inWindow(ids.begin(), ids.end());
        // Kahn's algorithm; among the ready steps, prefer a successor of the step just placed
        // (a resource's chain reads as one stream), then the smallest id.
        QHash<QString, int> waiting;
        QHash<QString, QStringList> successors;
        for (const QString &id : ids) {
            int n = 0;
            for (const QString &a : runbook.steps.at(id).after) {
                if (inWindow.contains(a)) {
                    ++n;
                    successors[a].append(id);
                } else if (!runbook.step(a)) {
                    out.m_problems.append(
                        QStringLiteral("step %1 comes after %2, which is not in the runbook")
                            .arg(id, a));
                }
            }
            waiting.insert(id, n);
        }
        std::set<QString> ready;
        for (const QString &id : ids)
            if (waiting.value(id) == 0)
                ready.insert(id);
        QStringList order;
        QHash<QString, QString> decidedBy; // step → the predecessor that set its start
        QString last;
        while (!ready.empty()) {
            QString next;
            for (const QString &succ : successors.value(last))
                if (ready.count(succ) && (next.isEmpty() || succ < next))
                    next = succ;
            if (next.isEmpty())
                next = *ready.begin();
            ready.erase(next);
            order.append(next);
            last = next;
            const RunbookStep &s = runbook.steps.at(next);
            Timing t;
            for (const QString &a : s.after)
                if (inWindow.contains(a) && out.m_timing.value(a).finish > t.start) {
                    t.start = out.m_timing.value(a).finish;
                    decidedBy.insert(next, a);
                }
            for (const NotBefore &nb : s.notBefore)
                if (inWindow.contains(nb.step) && out.m_timing.contains(nb.step) &&
                    out.m_timing.value(nb.step).finish + nb.minutes > t.start) {
                    t.start = out.m_timing.value(nb.step).finish + nb.minutes;
                    decidedBy.insert(next, nb.step);
                }
            t.finish = t.start + std::max(0, s.plannedMinutes);
            out.m_timing.insert(next, t);
            for (const QString &succ : successors.value(next))
                if (--waiting[succ] == 0)
                    ready.insert(succ);
        }
        if (order.size() < ids.size()) {
            QStringList cycle;
            for (const QString &id : ids)
                if (!order.contains(id))
                    cycle.append(id);
            out.m_problems.append(QStringLiteral("steps %1 wait for each other (a cycle)")
                                      .arg(cycle.join(QStringLiteral(", "))));
            for (const QString &id : std::as_const(cycle)) {
                out.m_timing.insert(id, {0, runbook.steps.at(id).plannedMinutes, false});
                order.append(id);
            }
        }
        Window w;
        w.phase = RunbookPhase(key.first);
        w.wave = key.second;
        w.steps = order;
        QString end;
        for (const QString &id : std::as_const(order))
            if (end.isEmpty() || out.m_timing.value(id).finish > out.m_timing.value(end).finish)
                end = id;
        w.minutes = end.isEmpty() ? 0 : out.m_timing.value(end).finish;
        for (QString at = end; !at.isEmpty(); at = decidedBy.value(at)) {
            w.criticalPath.prepend(at);
            out.m_timing[at].critical = true;
        }
        out.m_windows.append(w);
    }

    // "Not before" across windows, on the nominal calendar of each wave (cutover at 0).
    auto calendarStart = [&](const RunbookStep &s) -> qint64 {
        qint64 start = nominalWindowStart(s.phase) + out.m_timing.value(s.id).start;
        // Verification starts when the cutover ends; Cleanup after it and the rollback window.
        for (const Window &w : std::as_const(out.m_windows))
            if (w.wave == s.wave &&
                ((w.phase == RunbookPhase::Cutover && s.phase >= RunbookPhase::Verification &&
                  s.phase != RunbookPhase::Rollback) ||
                 (w.phase == RunbookPhase::Verification && s.phase == RunbookPhase::Cleanup)))
                start += w.minutes;
        if (s.phase == RunbookPhase::Cleanup)
            start += qint64(runbook.wave(s.wave).rollbackHours) * 60;
        return start;
    };
    for (const auto &[id, s] : runbook.steps) {
        if (s.obsolete)
            continue;
        for (const NotBefore &nb : s.notBefore) {
            const RunbookStep *ref = runbook.step(nb.step);
            if (!ref) {
                out.m_problems.append(QStringLiteral("step %1 waits for %2, which is not in the "
                                                     "runbook")
                                          .arg(id, nb.step));
                continue;
            }
            if (ref->phase == s.phase && ref->wave == s.wave)
                continue; // scheduled inside the window above
            const qint64 gap =
                calendarStart(s) - (calendarStart(*ref) + std::max(0, ref->plannedMinutes));
            if (gap < nb.minutes)
                out.m_problems.append(
                    QStringLiteral("step %1 is planned %2 after %3; it must wait at least %4")
                        .arg(id, durationText(int(std::max<qint64>(0, gap))), nb.step,
                             durationText(nb.minutes)));
        }
    }
    std::stable_sort(out.m_windows.begin(), out.m_windows.end(),
                     [](const Window &a, const Window &b) {
                         return std::pair(int(a.phase), a.wave) < std::pair(int(b.phase), b.wave);
                     });
    return out;
}

QStringList RunbookSchedule::order() const
{
    QStringList out;
    for (const Window &w : m_windows)
        out += w.steps;
    return out;
}

} // namespace Ferry
