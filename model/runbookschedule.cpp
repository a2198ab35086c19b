// SPDX-License-Identifier: MIT
#include "runbookschedule.h"

#include "parallel.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <queue>
#include <span>

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

/// A string by the address and length of its characters: two strings sharing their data (a copy)
/// are the same key, without their characters being read.
struct SharedText
{
    const QChar *data = nullptr;
    qsizetype size = 0;

    static SharedText of(const QString &s) { return {s.constData(), s.size()}; }
    bool operator==(const SharedText &) const = default;
};

size_t qHash(const SharedText &t, size_t seed = 0)
{
    return qHashMulti(seed, quintptr(t.data), t.size);
}

} // namespace

int RunbookSchedule::indexOf(const QString &id) const
{
    const auto it = std::lower_bound(m_ids.begin(), m_ids.end(), id);
    return it != m_ids.end() && *it == id ? int(it - m_ids.begin()) : -1;
}

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
    std::vector<int> windowOf; // (phase, wave) packed, so that the Kahn loop reads no step
    windowOf.reserve(runbook.steps.size());
    std::vector<int> withNotBefore;
    out.m_ids.reserve(runbook.steps.size());
    // A predecessor's id is most often the very string of the step's id (the generator copies
    // it, sharing its characters): found by the address of those characters, without reading
    // them. Others (read from a plan file) are found by binary search.
    QHash<SharedText, int> byText;
    byText.reserve(qsizetype(runbook.steps.size()));
    for (const auto &[id, s] : runbook.steps)
        if (!s.obsolete) {
            const int i = int(steps.size());
            out.m_ids.push_back(id);
            byText.insert(SharedText::of(s.id), i);
            steps.push_back(&s);
            windowOf.push_back(s.wave * 8 + int(s.phase));
            if (!s.notBefore.isEmpty())
                withNotBefore.push_back(i);
        }
    const int n = int(steps.size());
    out.m_times.assign(size_t(n), Timing());
    std::map<std::pair<int, int>, std::vector<int>> windows;
    for (int i = 0; i < n; ++i)
        windows[{windowOf[size_t(i)] % 8, windowOf[size_t(i)] / 8}].push_back(i);
    auto sameWindow = [&](int a, int b) {
        return windowOf[size_t(a)] == windowOf[size_t(b)];
    };
    // Edges inside a window as indices, each id looked up once (the steps in parts at once),
    // then both directions in compressed rows: successors of i are
    // succ[succStart[i] .. succStart[i + 1]).
    const size_t parts = n >= 65536 ? 4 : 1;
    std::vector<std::vector<std::pair<int, int>>> edgesOf(parts); // (predecessor, successor)
    std::vector<QStringList> unknownOf(parts);
    runInParallel(parts, [&](size_t part) {
        for (int i = int(size_t(n) * part / parts); i < int(size_t(n) * (part + 1) / parts); ++i)
            for (const QString &a : steps[size_t(i)]->after) {
                int j = byText.value(SharedText::of(a), -1);
                if (j < 0)
                    j = out.indexOf(a);
                if (j < 0) {
                    if (!runbook.step(a))
                        unknownOf[part].append(
                            QStringLiteral("step %1 comes after %2, which is not in the runbook")
                                .arg(steps[size_t(i)]->id, a));
                } else if (sameWindow(i, j)) {
                    edgesOf[part].push_back({j, i});
                }
            }
    });
    std::vector<std::pair<int, int>> edges;
    for (size_t part = 0; part < parts; ++part) {
        edges.insert(edges.end(), edgesOf[part].begin(), edgesOf[part].end());
        out.m_problems += unknownOf[part];
    }
    edgesOf.clear();
    auto rows = [n, &edges](bool bySuccessor, std::vector<int> *start, std::vector<int> *to) {
        start->assign(size_t(n) + 1, 0);
        for (const auto &[p, q] : edges)
            ++(*start)[size_t(bySuccessor ? q : p) + 1];
        for (size_t i = 0; i < size_t(n); ++i)
            (*start)[i + 1] += (*start)[i];
        std::vector<int> fill(start->begin(), start->end() - 1);
        to->resize(edges.size());
        for (const auto &[p, q] : edges)
            (*to)[size_t(fill[size_t(bySuccessor ? q : p)]++)] = bySuccessor ? p : q;
    };
    std::vector<int> succStart, succ, predStart, pred;
    rows(false, &succStart, &succ);
    rows(true, &predStart, &pred);
    auto successors = [&](int i) {
        return std::span<const int>(succ.data() + succStart[size_t(i)],
                                    size_t(succStart[size_t(i) + 1] - succStart[size_t(i)]));
    };
    auto predecessors = [&](int i) {
        return std::span<const int>(pred.data() + predStart[size_t(i)],
                                    size_t(predStart[size_t(i) + 1] - predStart[size_t(i)]));
    };
    std::vector<int> waiting(size_t(n), 0);
    for (int i = 0; i < n; ++i)
        waiting[size_t(i)] = predStart[size_t(i) + 1] - predStart[size_t(i)];
    std::vector<int> decidedBy(size_t(n), -1); // the step that set each step's start
    std::vector<char> placed(size_t(n), false);
    std::vector<char> isReady(size_t(n), false);

    // Each window on its own (several at once): they share no step.
    std::vector<const std::pair<const std::pair<int, int>, std::vector<int>> *> windowList;
    for (const auto &entry : windows)
        windowList.push_back(&entry);
    std::vector<Window> scheduled(windowList.size());
    std::vector<QString> cycleOf(windowList.size());
    runInParallel(windowList.size(), [&](size_t windowIndex) {
        const auto &[key, ids] = *windowList[windowIndex];
        // Kahn's algorithm; among the ready steps, prefer a successor of the step just placed
        // (a resource's chain reads as one stream), then the smallest id. The heap holds the
        // ready steps by index (= id order); one taken as a successor is skipped when it comes
        // up.
        std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
        for (int i : ids)
            if (waiting[size_t(i)] == 0) {
                ready.push(i);
                isReady[size_t(i)] = true;
            }
        std::vector<int> order;
        order.reserve(ids.size());
        int last = -1;
        for (;;) {
            int next = -1;
            if (last >= 0)
                for (int succ : successors(last))
                    if (isReady[size_t(succ)] && (next < 0 || succ < next))
                        next = succ;
            while (next < 0 && !ready.empty()) {
                if (isReady[size_t(ready.top())])
                    next = ready.top();
                ready.pop();
            }
            if (next < 0)
                break;
            isReady[size_t(next)] = false;
            order.push_back(next);
            placed[size_t(next)] = true;
            last = next;
            const RunbookStep &s = *steps[size_t(next)];
            Timing &t = out.m_times[size_t(next)];
            for (int j : predecessors(next))
                if (out.m_times[size_t(j)].finish > t.start) {
                    t.start = out.m_times[size_t(j)].finish;
                    decidedBy[size_t(next)] = j;
                }
            for (const NotBefore &nb : s.notBefore) {
                const int j = out.indexOf(nb.step);
                if (j >= 0 && sameWindow(j, next) && placed[size_t(j)] &&
                    out.m_times[size_t(j)].finish + nb.minutes > t.start) {
                    t.start = out.m_times[size_t(j)].finish + nb.minutes;
                    decidedBy[size_t(next)] = j;
                }
            }
            t.finish = t.start + std::max(0, s.plannedMinutes);
            for (int succ : successors(next))
                if (--waiting[size_t(succ)] == 0) {
                    ready.push(succ);
                    isReady[size_t(succ)] = true;
                }
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
            cycleOf[windowIndex] = QStringLiteral("steps %1 wait for each other (a cycle)")
                                       .arg(cycle.join(QStringLiteral(", ")));
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
        scheduled[windowIndex] = std::move(w);
    });
    for (size_t i = 0; i < scheduled.size(); ++i) {
        if (!cycleOf[i].isEmpty())
            out.m_problems.append(cycleOf[i]);
        out.m_windows.append(std::move(scheduled[i]));
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
    for (int i : withNotBefore) {
        const RunbookStep &s = *steps[size_t(i)];
        const QString &id = s.id;
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
