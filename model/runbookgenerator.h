// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"
#include "runbook.h"

namespace Ferry {

/// Generates a plan's runbook as a graph of steps and merges it with the one the plan holds.
///
/// Each mapped resource gets the steps that its pair of source kind and target service needs
/// (docs/runbook.md lists them: logical replication for a PostgreSQL cluster, pg_dump and
/// pg_restore for Heroku Postgres, rclone for a Spaces bucket, REPLICAOF or a rebuild for a
/// Redis, the TTL lowered from the record's own…), each naming the resource it acts on. Per wave:
/// day-before freeze and go/no-go, a cutover opened by an announcement, the point of no return
/// before traffic is switched, verification with the wave's monitoring window, a rollback step
/// for every cutover step that changes something (in reverse order), and cleanup after the
/// wave's rollback deadline. Preparation (accounts, Terraform) is plan-wide (wave 0). Retired
/// resources only appear in Cleanup; retained ones get no steps. Deterministic; ids are stable
/// across regenerations (see RunbookStep).
namespace RunbookGenerator {

/// The runbook that follows from the plan's inventory, mappings and checks.
Runbook generate(const Plan &plan);

/// `generated` merged into `current`: generated steps the user did not change are replaced by
/// their new versions; edited and user steps are kept as they are; steps of `current` that the
/// generator no longer makes are kept, marked obsolete (a run's history may refer to them); new
/// steps are added. The waves' schedules are `current`'s, with defaults for new waves.
/// `generated`'s steps are moved, not copied (300,000 of them in a 50,000-resource plan).
Runbook merge(const Runbook &current, Runbook generated);

/// The runbook a run or an export uses: the plan's own merged with a fresh generation, or the
/// generated one when the plan has none yet.
Runbook forPlan(const Plan &plan);

} // namespace RunbookGenerator
} // namespace Ferry
