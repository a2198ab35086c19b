// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

namespace Ferry {

/// Generates the cutover runbook of a plan as Markdown (CommonMark with GitHub task lists).
///
/// Layout: title, plan name and dates, a summary table (resources per account and wave), the
/// unmapped resources, then the phases — 1 Preparation, 2 Week before, 3 Day before,
/// 4 Cutover day (one subsection per wave), 5 Verification, 6 Rollback, 7 Cleanup — each a
/// numbered list of `- [ ] N.M …` steps generated from the mapped resources. Every cutover step
/// has a rollback step in phase 6 naming it; the step after which rollback means losing writes
/// made on the target is marked **Point of no return**. Retired resources only appear in
/// Cleanup; retained ones are listed and get no steps. Deterministic: waves ascending, then
/// resource ids.
namespace Runbook {

/// `generatedOn` is printed as the generation date (pass a fixed date for reproducible output).
QString generateMarkdown(const Plan &plan, const QDate &generatedOn);

} // namespace Runbook
} // namespace Ferry
