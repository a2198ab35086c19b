// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

namespace Ferry {

/// Writes a runbook as Markdown (CommonMark with GitHub task lists), for printing and review.
///
/// Layout: title, plan name and dates, a summary table (resources per account and wave), the
/// unmapped and retained resources, the schedule (planned length and critical path of each
/// phase of each wave, and what the constraints say is wrong), then the phases — 1 Preparation,
/// 2 Week before, 3 Day before, 4 Cutover, 5 Verification, 6 Rollback, 7 Cleanup — each with a
/// subsection per wave and a numbered task list (`- [ ] **N.M** …`) in the schedule's reading
/// order. Each step shows its role, planned minutes, the steps it waits for (by number),
/// "not before" constraints, its gate's checks as the `ferry check` command that runs them,
/// the rollback step that undoes it, and its instructions. Obsolete steps are left out. Every
/// text from the plan is escaped (names as text or code, instructions without raw HTML).
namespace RunbookMarkdown {

/// `runbook` of `plan` as Markdown; `generatedOn` is printed as the generation date (pass a
/// fixed date for reproducible output).
QString generate(const Plan &plan, const Runbook &runbook, const QDate &generatedOn);

/// The plan's runbook (RunbookGenerator::forPlan) as Markdown.
QString generate(const Plan &plan, const QDate &generatedOn);

} // namespace RunbookMarkdown
} // namespace Ferry
