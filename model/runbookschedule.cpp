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
    // Steps by index, in id order (so the smallest index is the smallest id), then windows and
    // edges as indices: a 50,000-resource runbook has 300,000 steps.
    std::vector<const RunbookStep *> steps;
    steps.reserve(runbook.steps.size());
    out.m_index.reserve(qsizetype(runbook.steps.size()));
    for (const auto &[id, s] : runbook.steps)
        if (!s.obsolete) {
            out.m_index.insert(id, int(steps.size()));
            steps.push_back(&s);
        }
    const int n = int(steps.size());
    out.m_times.assign(size_t(n), Timing());
    std::map<std::pair<int, int>, std::vector<int>> windows;
    for (int i = 0; i < n; ++i)
        windows[{int(steps[i]->phase), steps[i]->wave}].push_back(i);
    auto sameWindow = [&](int a, int b) {
        return steps[a]->phase == steps[b]->phase && steps[a]->wave == steps[b]->wave;
    };
    std::vector<std::vector<int>> successors;
    successors.resize(size_t(n));
    std::vector<int> waiting(size_t(n), 0);
    for (int i = 0; i < n; ++i)
        for (const QString &a : steps[i]->after) {
            const auto it = out.m_index.constFind(a);
            if (it == out.m_index.cend()) {
                if (!runbook.step(a))
                    out.m_problems.append(
                        QStringLiteral("step %1 comes after %2, which is not in the runbook")
                            .arg(steps[i]->id, a));
            } else if (sameWindow(i, it.value())) {
                successors[size_t(it.value())].push_back(i);
                ++waiting[size_t(i)];
            }
        }
    std::vector<int> decidedBy(size_t(n), -1); // the step that set each step's start
    std::vector<bool> placed(size_t(n), false);

    for (const auto &[key, ids] : windows) {
        // Kahn's algorithm; among the ready steps, prefer a successor of the step just placed
        // (a resource's chain reads as one stream), then the smallest id.
        std::set<int> ready;
        for (int i : ids)
            if (waiting[size_t(i)] == 0)
                ready.insert(i);
        std::vector<int> order;
        order.reserve(ids.size());
        int last = -1;
        while (!ready.empty()) {
            int next = -1;
            if (last >= 0)
                for (int succ : successors[size_t(last)])
                    if (ready.count(succ) && (next < 0 || succ < next))
                        next = succ;
            if (next < 0)
                next = *ready.begin();
            ready.erase(next);
            order.push_back(next);
            placed[size_t(next)] = true;
            last = next;
            const RunbookStep &s = *steps[size_t(next)];
            Timing &t = out.m_times[size_t(next)];
            for (const QString &a : s.after) {
                const int j = out.m_index.value(a, -1);
                if (j >= 0 && placed[size_t(j)] && sameWindow(j, next) &&
                    out.m_times[size_t(j)].finish > t.start) {
                    t.start = out.m_times[size_t(j)].finish;
                    decidedBy[size_t(next)] = j;
                }
            }
            for (const NotBefore &nb : s.notBefore) {
                const int j = out.m_index.value(nb.step, -1);
                if (j >= 0 && placed[size_t(j)] && sameWindow(j, next) &&
                    out.m_times[size_t(j)].finish + nb.minutes > t.start) {
                    t.start = out.m_times[size_t(j)].finish + nb.minutes;
                    decidedBy[size_t(next)] = j;
                }
            }
            t.finish = t.start + std::max(0, s.plannedMinutes);
            for (int succ : successors[size_t(next)])
                if (--waiting[size_t(succ)] == 0)
                    ready.insert(succ);
        }
        if (order.size() < ids.size()) {
            QStringList cycle;
            for (int i : ids)
                if (!placed[size_t(i)]) {
                    cycle.append(steps[size_t(i)]->id);
                    out.m_times[size_t(i)] = {0, steps[size_t(i)]->plannedMinutes, false};
                    order.push_back(i);
                    placed[size_t(i)] = true;
                }
            out.m_problems.append(QStringLiteral("steps %1 wait for each other (a cycle)")
                                      .arg(cycle.join(QStringLiteral(", "))));
        }
        Window w;
        w.phase = RunbookPhase(key.first);
        w.wave = key.second;
        w.steps.reserve(qsizetype(order.size()));
        int end = -1;
        for (int i : order) {
            w.steps.append(steps[size_t(i)]->id);
            if (end < 0 || out.m_times[size_t(i)].finish > out.m_times[size_t(end)].finish)
                end = i;
        }
        w.minutes = end < 0 ? 0 : out.m_times[size_t(end)].finish;
        for (int at = end; at >= 0; at = decidedBy[size_t(at)]) {
            w.criticalPath.prepend(steps[size_t(at)]->id);
            out.m_times[size_t(at)].critical = true;
        }
        out.m_windows.append(w);
    }

    // "Not before" across windows, on the nominal calendar of each wave (cutover at 0).
    auto calendarStart = [&](const RunbookStep &s) -> qint64 {
        qint64 start = nominalWindowStart(s.phase) + out.timing(s.id).start;
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
