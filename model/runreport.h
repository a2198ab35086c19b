// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"
#include "runprogress.h"

namespace Ferry {

/// One run as the report compares it: its name, kind and state (its events replayed).
struct ReportedRun
{
    QString name;
    bool rehearsal = false;
    QDateTime created; ///< UTC
    qint64 events = 0;
    RunProgress progress;
};

/// The run report (`ferry run report`): planned, rehearsal and live timings side by side, so a
/// team sees where its rehearsals ran long before the real day.
///
/// Markdown (CommonMark with GitHub tables): the runs compared (kind, start, events, steps done,
/// skipped and failed, elapsed from the first start to the last finish); per window of the
/// schedule (phase and wave) the planned length and each run's elapsed time; then every step
/// any run reached, in reading order, with its planned minutes and each run's actual minutes
/// (from its first start to its finish; `done, not timed` when it was marked done without a
/// start; `skipped`, `failed`, `running`, or `—` when the run did not get there), a step that took
/// more than half again its plan marked **bold**; and the notes the runs recorded (skip reasons,
/// failures). Every text from the plan or a journal is escaped. Deterministic for the same input.
namespace RunReport {

QString markdown(const Plan &plan, const Runbook &runbook, const QList<ReportedRun> &runs,
                 const QDate &generatedOn);

} // namespace RunReport
} // namespace Ferry
