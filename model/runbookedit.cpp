// SPDX-License-Identifier: MIT
#include "runbookedit.h"

namespace Ferry::RunbookEdit {

Runbook addStep(Runbook runbook, RunbookStep step)
{
    step.origin = StepOrigin::User;
    step.obsolete = false;
    const QString id = step.id;
    runbook.steps.insert_or_assign(id, std::move(step));
    return runbook;
}

Runbook changeStep(Runbook runbook, RunbookStep step)
{
    const auto it = runbook.steps.find(step.id);
    if (it == runbook.steps.end() || it->second == step)
        return runbook;
    if (step.origin == StepOrigin::Generated)
        step.origin = StepOrigin::Edited;
    it->second = std::move(step);
    return runbook;
}

Runbook deleteStep(Runbook runbook, const QString &id)
{
    const auto it = runbook.steps.find(id);
    if (it == runbook.steps.end())
        return runbook;
    const QStringList before = it->second.after;
    for (auto &[otherId, s] : runbook.steps) {
        bool changed = false;
        if (s.after.removeAll(id) > 0) {
            for (const QString &p : before)
                if (p != otherId && !s.after.contains(p))
                    s.after.append(p);
            s.after.sort();
            changed = true;
        }
        changed =
            s.notBefore.removeIf([&](const NotBefore &n) { return n.step == id; }) > 0 || changed;
        if (s.rollback == id) {
            s.rollback.clear();
            changed = true;
        }
        if (changed && s.origin == StepOrigin::Generated)
            s.origin = StepOrigin::Edited;
    }
    RunbookStep &s = runbook.steps.at(id);
    if (s.origin == StepOrigin::User) {
        runbook.steps.erase(id);
    } else {
        s.origin = StepOrigin::Deleted;
        s.obsolete = true;
    }
    return runbook;
}

} // namespace Ferry::RunbookEdit
