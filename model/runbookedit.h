// SPDX-License-Identifier: MIT
#pragma once

#include "runbook.h"

namespace Ferry {

/// Edits of a runbook as a person makes them in the Runbook view, each returning the new
/// runbook (the GUI wraps each in one undo command). They keep what RunbookGenerator::merge()
/// relies on: a step a person touched is no longer `Generated`, so regenerating keeps it.
namespace RunbookEdit {

/// `runbook` with `step` added as a person's own (origin `User`). Its id must be new.
Runbook addStep(Runbook runbook, RunbookStep step);

/// `runbook` with step `step.id` replaced by `step`; a generated step becomes `Edited` (an
/// edit that changes nothing changes nothing).
Runbook changeStep(Runbook runbook, RunbookStep step);

/// `runbook` without step `id`: a person's own step is removed; a generated or edited one is
/// kept as `Deleted` and obsolete, so that regenerating does not bring it back and the history
/// of runs stays attached. Either way the steps that came after it now come after its
/// predecessors, so the order around it holds, and a rollback naming it names none.
Runbook deleteStep(Runbook runbook, const QString &id);

} // namespace RunbookEdit
} // namespace Ferry
