// SPDX-License-Identifier: MIT
#include "runprogress.h"

#include "runbookschedule.h"

#include <QCryptographicHash>

namespace Ferry {

namespace {

struct ActionName
{
    RunAction action;
    const char *name;
};

constexpr ActionName kActions[] = {
    {RunAction::RunStarted, "run-started"},
    {RunAction::Start, "start"},
    {RunAction::Done, "done"},
    {RunAction::Skip, "skip"},
    {RunAction::Fail, "fail"},
    {RunAction::Retry, "retry"},
    {RunAction::Note, "note"},
    {RunAction::GatePassed, "gate-passed"},
    {RunAction::GateFailed, "gate-failed"},
    {RunAction::RollbackStarted, "rollback-started"},
};

bool terminal(StepState s)
{
    return s == StepState::Done || s == StepState::Skipped;
}

/// A predecessor in this state blocks its successors.
bool isBroken(StepState s)
{
    return s == StepState::Failed || s == StepState::Blocked;
}

} // namespace

QString runActionName(RunAction action)
{
    for (const ActionName &a : kActions)
        if (a.action == action)
            return QString::fromLatin1(a.name);
    return QString();
}

bool parseRunAction(const QString &name, RunAction *action)
{
    for (const ActionName &a : kActions)
        if (name == QLatin1String(a.name)) {
            *action = a.action;
            return true;
        }
    return false;
}

QString stepStateName(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return QStringLiteral("pending");
    case StepState::Ready:
        return QStringLiteral("ready");
    case StepState::InProgress:
        return QStringLiteral("in progress");
    case StepState::Done:
        return QStringLiteral("done");
    case StepState::Skipped:
        return QStringLiteral("skipped");
    case StepState::Failed:
        return QStringLiteral("failed");
    case StepState::Blocked:
        return QStringLiteral("blocked");
    }
    return QString();
}

QByteArray RunEvent::computeHash() const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto field = [&](const QByteArray &bytes) {
        h.addData(QByteArray::number(bytes.size()));
        h.addData(QByteArrayView(":"));
        h.addData(bytes);
    };
    field(previousHash);
    field(run.toUtf8());
    field(QByteArray::number(sequence));
    field(QByteArray::number(time.toMSecsSinceEpoch()));
    field(actor.toUtf8());
    field(step.toUtf8());
    field(runActionName(action).toUtf8());
    field(note.toUtf8());
    field(evidence.toUtf8());
    return h.result().toHex();
}

RunProgress RunProgress::replay(const Runbook &runbook, const QList<RunEvent> &events)
{
    RunProgress p;
    p.m_runbook = runbook;
    p.m_order = RunbookSchedule::of(runbook).order();
    for (const QString &id : std::as_const(p.m_order)) {
        p.m_steps.insert(id, Step());
        const RunbookStep *s = p.m_runbook.step(id);
        for (const QString &a : s->after)
            p.m_successors[a].append(id);
        if (!s->rollback.isEmpty())
            p.m_forwardOf.insert(s->rollback, id);
        p.m_stepsOfWave[s->wave].append(id);
    }
    // Every step starts pending, so each predecessor in the run is unfinished; one that is not
    // (gone, obsolete) holds nothing up.
    for (const QString &id : std::as_const(p.m_order)) {
        Waiting &w = p.m_waiting[id];
        for (const QString &a : p.m_runbook.step(id)->after)
            if (p.m_steps.contains(a))
                ++w.unfinished;
    }
    p.recomputeAll();
    for (const RunEvent &e : events) {
        const QString why = p.check(e);
        if (why.isEmpty())
            p.apply(e);
        else
            p.m_problems.append(QStringLiteral("event %1 (%2 %3 by %4) ignored: %5")
                                    .arg(e.sequence)
                                    .arg(runActionName(e.action), e.step, e.actor, why));
    }
    return p;
}

const RunProgress::Step &RunProgress::step(const QString &id) const
{
    static const Step none;
    const auto it = m_steps.constFind(id);
    return it == m_steps.cend() ? none : it.value();
}

QString RunProgress::check(const RunEvent &e) const
{
    if (e.action == RunAction::RunStarted)
        return m_started ? QStringLiteral("the run has started already") : QString();
    if (!m_started)
        return QStringLiteral("the run has not started");
    if (e.step.isEmpty())
        return e.action == RunAction::Note ? QString() : QStringLiteral("the action names no step");
    const RunbookStep *s = m_runbook.step(e.step);
    if (!s || s->obsolete || !m_steps.contains(e.step))
        return QStringLiteral("step %1 is not in this runbook").arg(e.step);
    if (e.action == RunAction::RollbackStarted)
        return m_rollingBack.contains(s->wave)
                   ? QStringLiteral("wave %1 is rolling back already").arg(s->wave)
                   : QString();
    if (e.action == RunAction::Note)
        return QString();
    const Step &st = step(e.step);
    const bool rollbackStep = s->phase == RunbookPhase::Rollback;
    if (!rollbackStep && m_rollingBack.contains(s->wave) && s->phase != RunbookPhase::Preparation)
        return QStringLiteral("wave %1 is rolling back: only its rollback steps go on")
            .arg(s->wave);
    auto by = [&]() {
        return st.actor.isEmpty() ? QString() : QStringLiteral(" (by %1)").arg(st.actor);
    };
    switch (e.action) {
    case RunAction::Start:
        if (st.state == StepState::InProgress)
            return QStringLiteral("step %1 is in progress already%2").arg(e.step, by());
        if (st.state != StepState::Ready)
            return QStringLiteral("step %1 is %2, not ready").arg(e.step, stepStateName(st.state));
        return QString();
    case RunAction::Retry:
        return st.state == StepState::Failed ? QString()
                                             : QStringLiteral("step %1 is %2, not failed")
                                                   .arg(e.step, stepStateName(st.state));
    case RunAction::Done:
    case RunAction::GatePassed:
    case RunAction::GateFailed:
        if (terminal(st.state))
            return QStringLiteral("step %1 is %2 already%3")
                .arg(e.step, stepStateName(st.state), by());
        if (st.state != StepState::Ready && st.state != StepState::InProgress)
            return QStringLiteral("step %1 is %2").arg(e.step, stepStateName(st.state));
        if (e.action == RunAction::Done && s->kind == StepKind::Gate && !s->checks.isEmpty())
            return QStringLiteral("step %1 is a gate: it passes when its checks pass (ferry run "
                                  "gate)")
                .arg(e.step);
        if (e.action != RunAction::Done && s->kind != StepKind::Gate)
            return QStringLiteral("step %1 is not a gate").arg(e.step);
        return QString();
    case RunAction::Skip:
        if (e.note.trimmed().isEmpty())
            return QStringLiteral("a skip needs a reason (--note)");
        if (terminal(st.state))
            return QStringLiteral("step %1 is %2 already%3")
                .arg(e.step, stepStateName(st.state), by());
        return QString();
    case RunAction::Fail:
        return st.state == StepState::InProgress || st.state == StepState::Ready
                   ? QString()
                   : QStringLiteral("step %1 is %2").arg(e.step, stepStateName(st.state));
    default:
        return QString();
    }
}

void RunProgress::apply(const RunEvent &e)
{
    m_last = e;
    if (e.action == RunAction::RunStarted)
        m_started = true;
    if (e.step.isEmpty())
        return;
    Step &st = m_steps[e.step];
    st.actor = e.actor;
    if (!e.note.isEmpty())
        st.notes.append(e.note);
    switch (e.action) {
    case RunAction::Start:
    case RunAction::Retry:
        setState(e.step, StepState::InProgress);
        if (!st.started.isValid())
            st.started = e.time;
        break;
    case RunAction::Done:
    case RunAction::GatePassed:
        setState(e.step, StepState::Done);
        if (!st.started.isValid())
            st.started = e.time;
        st.finished = e.time;
        break;
    case RunAction::Skip:
        setState(e.step, StepState::Skipped);
        st.finished = e.time;
        break;
    case RunAction::Fail:
    case RunAction::GateFailed:
        setState(e.step, StepState::Failed);
        st.finished = e.time;
        break;
    case RunAction::RollbackStarted:
        if (const RunbookStep *s = m_runbook.step(e.step)) {
            m_rollingBack.insert(s->wave);
            propagate(m_stepsOfWave.value(s->wave));
        }
        break;
    default:
        break;
    }
    propagate(dependents(e.step));
}

void RunProgress::setState(const QString &id, StepState state)
{
    Step &st = m_steps[id];
    const StepState was = st.state;
    st.state = state;
    const int unfinished = int(!terminal(state)) - int(!terminal(was));
    const int broken = int(isBroken(state)) - int(isBroken(was));
    if (unfinished == 0 && broken == 0)
        return;
    for (const QString &successor : m_successors.value(id)) {
        Waiting &w = m_waiting[successor];
        w.unfinished += unfinished;
        w.broken += broken;
    }
}

QStringList RunProgress::dependents(const QString &id) const
{
    QStringList out = m_successors.value(id);
    if (const RunbookStep *s = m_runbook.step(id); s && !s->rollback.isEmpty())
        out.append(s->rollback);
    return out;
}

void RunProgress::propagate(QStringList ids)
{
    // A graph with a cycle could change states forever: stop after eight rounds' worth, as
    // recomputeAll() does.
    qsizetype budget = 8 * (qsizetype(m_steps.size()) + 1);
    while (!ids.isEmpty() && budget-- > 0) {
        const QString id = ids.takeLast();
        const auto it = m_steps.find(id);
        if (it == m_steps.end())
            continue;
        const StepState next = derivedState(id);
        if (it->state != next) {
            setState(id, next);
            ids += dependents(id);
        }
    }
}

StepState RunProgress::derivedState(const QString &id) const
{
    const Step &st = step(id);
    if (st.state == StepState::InProgress || st.state == StepState::Done ||
        st.state == StepState::Failed || (st.state == StepState::Skipped && st.finished.isValid()))
        return st.state; // an event set it
    const RunbookStep &s = *m_runbook.step(id);
    // Rollback steps: out of play until their wave rolls back; then due where their cutover
    // step was done, skipped where it was not.
    if (s.phase == RunbookPhase::Rollback && !m_rollingBack.contains(s.wave))
        return StepState::Pending;
    // The wave rolls back: what was not begun of its migration stops there.
    if (s.phase != RunbookPhase::Rollback && s.phase != RunbookPhase::Preparation &&
        m_rollingBack.contains(s.wave))
        return StepState::Blocked;
    const Waiting waiting = m_waiting.value(id);
    if (waiting.broken > 0)
        return StepState::Blocked;
    StepState next = waiting.unfinished > 0 ? StepState::Pending : StepState::Ready;
    // A rollback step whose cutover step was not done has nothing to undo: it passes once its
    // turn comes, so the order of the rollback holds.
    if (next == StepState::Ready && s.phase == RunbookPhase::Rollback) {
        const auto forward = m_forwardOf.constFind(id);
        if (forward != m_forwardOf.cend() && step(forward.value()).state != StepState::Done)
            return StepState::Skipped;
    }
    return next;
}

void RunProgress::recomputeAll()
{
    // Predecessors may sit later in the reading order (a zone deleted after a later wave's
    // deadline), so repeat until nothing changes.
    for (int pass = 0; pass < 8; ++pass) {
        bool changed = false;
        for (const QString &id : std::as_const(m_order)) {
            const StepState next = derivedState(id);
            if (m_steps[id].state != next) {
                setState(id, next);
                changed = true;
            }
        }
        if (!changed)
            break;
    }
}

QStringList RunProgress::ready() const
{
    QStringList out;
    for (const QString &id : m_order)
        if (step(id).state == StepState::Ready)
            out.append(id);
    return out;
}

} // namespace Ferry
