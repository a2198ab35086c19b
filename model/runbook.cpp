// SPDX-License-Identifier: MIT
#include "runbook.h"

namespace Ferry {

namespace {

/// Finds `name` among the plan-file names of `values`.
template<typename Enum, typename NameOf>
bool parseName(const QString &name, std::initializer_list<Enum> values, NameOf nameOf, Enum *out)
{
    for (Enum v : values)
        if (nameOf(v) == name) {
            *out = v;
            return true;
        }
    return false;
}

} // namespace

QList<RunbookPhase> allRunbookPhases()
{
    return {RunbookPhase::Preparation, RunbookPhase::WeekBefore,   RunbookPhase::DayBefore,
            RunbookPhase::Cutover,     RunbookPhase::Verification, RunbookPhase::Rollback,
            RunbookPhase::Cleanup};
}

QString runbookPhaseName(RunbookPhase phase)
{
    switch (phase) {
    case RunbookPhase::Preparation:
        return QStringLiteral("preparation");
    case RunbookPhase::WeekBefore:
        return QStringLiteral("week-before");
    case RunbookPhase::DayBefore:
        return QStringLiteral("day-before");
    case RunbookPhase::Cutover:
        return QStringLiteral("cutover");
    case RunbookPhase::Verification:
        return QStringLiteral("verification");
    case RunbookPhase::Rollback:
        return QStringLiteral("rollback");
    case RunbookPhase::Cleanup:
        return QStringLiteral("cleanup");
    }
    return QString();
}

QString runbookPhaseTitle(RunbookPhase phase)
{
    switch (phase) {
    case RunbookPhase::Preparation:
        return QStringLiteral("Preparation");
    case RunbookPhase::WeekBefore:
        return QStringLiteral("Week before");
    case RunbookPhase::DayBefore:
        return QStringLiteral("Day before");
    case RunbookPhase::Cutover:
        return QStringLiteral("Cutover");
    case RunbookPhase::Verification:
        return QStringLiteral("Verification");
    case RunbookPhase::Rollback:
        return QStringLiteral("Rollback");
    case RunbookPhase::Cleanup:
        return QStringLiteral("Cleanup");
    }
    return QString();
}

bool parseRunbookPhase(const QString &name, RunbookPhase *phase)
{
    return parseName(name,
                     {RunbookPhase::Preparation, RunbookPhase::WeekBefore, RunbookPhase::DayBefore,
                      RunbookPhase::Cutover, RunbookPhase::Verification, RunbookPhase::Rollback,
                      RunbookPhase::Cleanup},
                     runbookPhaseName, phase);
}

QString stepKindName(StepKind kind)
{
    switch (kind) {
    case StepKind::Manual:
        return QStringLiteral("manual");
    case StepKind::Gate:
        return QStringLiteral("gate");
    case StepKind::Communication:
        return QStringLiteral("communication");
    case StepKind::Milestone:
        return QStringLiteral("milestone");
    }
    return QString();
}

bool parseStepKind(const QString &name, StepKind *kind)
{
    return parseName(
        name, {StepKind::Manual, StepKind::Gate, StepKind::Communication, StepKind::Milestone},
        stepKindName, kind);
}

QString stepOriginName(StepOrigin origin)
{
    switch (origin) {
    case StepOrigin::Generated:
        return QStringLiteral("generated");
    case StepOrigin::Edited:
        return QStringLiteral("edited");
    case StepOrigin::User:
        return QStringLiteral("user");
    case StepOrigin::Deleted:
        return QStringLiteral("deleted");
    }
    return QString();
}

bool parseStepOrigin(const QString &name, StepOrigin *origin)
{
    return parseName(
        name, {StepOrigin::Generated, StepOrigin::Edited, StepOrigin::User, StepOrigin::Deleted},
        stepOriginName, origin);
}

QString Runbook::unusedId(const QString &base) const
{
    QString id = base;
    for (int n = 2; step(id); ++n)
        id = base + QStringLiteral("-%1").arg(n);
    return id;
}

const RunbookStep *Runbook::step(const QString &id) const
{
    const auto it = steps.find(id);
    return it == steps.end() ? nullptr : &it->second;
}

WaveSchedule Runbook::wave(int number) const
{
    const auto it = waves.find(number);
    if (it != waves.end())
        return it->second;
    WaveSchedule w;
    w.wave = number;
    return w;
}

} // namespace Ferry
