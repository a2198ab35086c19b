// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Ferry {

/// Adds or edits one runbook step: title, phase and wave (for a new step), role, kind, planned
/// minutes, predecessors and gate checks (one id per line), point of no return and the Markdown
/// instructions. OK stays disabled while the step is not valid; the reason is shown:
/// an empty title, a predecessor that is not a step of the runbook (or the step itself, or one
/// that already comes after it: a cycle), a check the plan does not have.
class StepDialog : public QDialog
{
    Q_OBJECT
public:
    /// Edits `step` of `runbook` (a new one when its id is not in the runbook yet, in which case
    /// phase and wave can be chosen). `plan` gives the checks a gate may name.
    StepDialog(const Runbook &runbook, const Plan &plan, const RunbookStep &step,
               QWidget *parent = nullptr);

    /// The step as edited (its id unchanged; a new step's id is made by the caller).
    RunbookStep step() const;
    /// Why the step as edited cannot be kept, or empty.
    QString problem() const;

    /// A new step's id: `<phase>/<action>/wave-<N>` (`day-before/webhook-recorder/wave-2`), the
    /// action the words of the title when empty; with `-2`, `-3`… when taken.
    static QString newStepId(const Runbook &runbook, const RunbookStep &step,
                             const QString &action = QString());
    /// The template the step was filled in from (its name, the id's action), or empty.
    QString templateName() const { return m_templateName; }

private:
    void validate();

    const Runbook &m_runbook;
    const Plan &m_plan;
    RunbookStep m_step;
    bool m_new;
    QLineEdit *m_title;
    QComboBox *m_phase;
    QSpinBox *m_wave;
    QComboBox *m_role;
    QComboBox *m_kind;
    QSpinBox *m_minutes;
    QPlainTextEdit *m_after;
    QPlainTextEdit *m_checks;
    QCheckBox *m_pointOfNoReturn;
    QPlainTextEdit *m_instructions;
    QLabel *m_problem;
    QString m_templateName;
    QDialogButtonBox *m_buttons;
};

} // namespace Ferry
