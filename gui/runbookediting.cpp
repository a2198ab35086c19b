// SPDX-License-Identifier: MIT
// The Runbook view's step edits: Add, Edit and Delete Step, each one undo command.
#include "runbookpanel.h"

#include "commands.h"
#include "plandocument.h"
#include "runbookedit.h"
#include "runbookmodel.h"
#include "stepdialog.h"

namespace Ferry {

void RunbookPanel::addStep()
{
    const Runbook &runbook = m_model->runbook();
    RunbookStep step;
    step.role = QStringLiteral("platform");
    step.plannedMinutes = 10;
    // After the selected step, in its phase and wave.
    if (const RunbookStep *selected = runbook.step(selectedStep())) {
        step.phase = selected->phase;
        step.wave = selected->wave;
        step.account = selected->account;
        step.after = {selected->id};
    }
    StepDialog dialog(runbook, m_doc->plan(), step, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    step = dialog.step();
    step.id = StepDialog::newStepId(runbook, step, dialog.templateName());
    const QString id = step.id;
    m_doc->undoStack()->push(new ChangeRunbook(m_doc, RunbookEdit::addStep(runbook, step),
                                               tr("Add Step %1").arg(step.title)));
    selectStep(id);
}

void RunbookPanel::editStep()
{
    const Runbook &runbook = m_model->runbook();
    const RunbookStep *current = runbook.step(selectedStep());
    if (!current)
        return;
    StepDialog dialog(runbook, m_doc->plan(), *current, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const RunbookStep step = dialog.step();
    if (step == *current)
        return;
    const QString id = step.id;
    m_doc->undoStack()->push(new ChangeRunbook(m_doc, RunbookEdit::changeStep(runbook, step),
                                               tr("Edit Step %1").arg(step.title)));
    selectStep(id);
}

void RunbookPanel::deleteStep()
{
    const Runbook &runbook = m_model->runbook();
    const RunbookStep *current = runbook.step(selectedStep());
    if (!current)
        return;
    const QString title = current->title;
    m_doc->undoStack()->push(new ChangeRunbook(m_doc, RunbookEdit::deleteStep(runbook, current->id),
                                               tr("Delete Step %1").arg(title)));
}

} // namespace Ferry
