// SPDX-License-Identifier: MIT
#pragma once

#include "checkrunner.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Ferry {

/// One run of a plan's connection checks: what ran, when, and what came of it. This is what
/// `ferry check` prints and what the run log keeps.
struct CheckRun
{
    QString kind = QStringLiteral("check"); ///< `check` (ferry check) or `compare-data`
    QString plan;                           ///< the plan's name
    QString planFile;                       ///< the plan file, when known
    QDateTime started;                      ///< UTC
    double seconds = 0;                     ///< wall time of the whole run
    QList<Check> checks;
    QList<CheckResult> results; ///< one per check, same order

    int count(CheckResult::Status status) const;
    /// `passed` when every check passed, `failed` when one failed (and none erred), `error`
    /// when one could not be run as written, `cancelled` when the run was cancelled.
    QString status() const;
    /// The exit code of `ferry check`: 0 all passed, 1 one failed, 2 one could not be run (or
    /// the run was cancelled).
    int exitCode() const;
};

/// The run as text: one line per check (`PASS  id  message (12.3 ms)`), then a summary line.
QString checkRunToText(const CheckRun &run);
/// The run as JSON (docs/checks.md, "check JSON"): plan, started, seconds, status, counts and
/// one object per check with its kind, target, resource, side and result.
QJsonObject checkRunToJson(const CheckRun &run);

} // namespace Ferry
