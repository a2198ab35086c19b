// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "runbook.h"

#include <QList>

namespace Ferry {

/// A step a person adds from the template library (`resources/runbook-templates.yaml`): a
/// webhook recorder, maintenance mode, secrets to Parameter Store, a status-page notice, a
/// deploy freeze — the steps a generator cannot know.
struct StepTemplate
{
    QString name; ///< `webhook-recorder`: the step id's action
    QString title;
    RunbookPhase phase = RunbookPhase::DayBefore;
    QString role = QStringLiteral("platform");
    int minutes = 10;
    StepKind kind = StepKind::Manual;
    QString instructions; ///< Markdown

    /// The step for wave `wave` (0: the whole plan), after the steps `after`: origin `user`, id
    /// `<phase>/<name>/wave-<N>` (`…/plan` for wave 0), with `-2`, `-3`… when `runbook` has it.
    RunbookStep stepFor(const Runbook &runbook, int wave, const QStringList &after) const;
};

/// The template library.
namespace RunbookTemplates {

/// Parses a template file (its format in the file's own header and docs/runbook.md). False with
/// a located error (file:line:column) when it is malformed; unknown keys are refused.
bool parse(const QByteArray &yaml, const QString &fileName, QList<StepTemplate> *out,
           FileError *error);

/// The templates that ship with Ferry (compiled in from resources/runbook-templates.yaml).
const QList<StepTemplate> &builtIn();

/// The built-in template named `name`, or nullptr.
const StepTemplate *find(const QString &name);

} // namespace RunbookTemplates
} // namespace Ferry
