// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>

namespace Ferry {

/// The phases of a wave's migration, in the order they run. Preparation and Week before start
/// well ahead of the wave's cutover; Rollback steps run only when a run rolls back.
enum class RunbookPhase {
    Preparation,
    WeekBefore,
    DayBefore,
    Cutover,
    Verification,
    Rollback,
    Cleanup
};

/// Plan-file name: `preparation`, `week-before`, `day-before`, `cutover`, `verification`,
/// `rollback`, `cleanup`.
QString runbookPhaseName(RunbookPhase phase);
/// Human-readable title ("Week before").
QString runbookPhaseTitle(RunbookPhase phase);
/// Parses a plan-file name; false when unknown.
bool parseRunbookPhase(const QString &name, RunbookPhase *phase);
/// All seven, in the order they run.
QList<RunbookPhase> allRunbookPhases();

/// What kind of action a step is.
enum class StepKind {
    Manual,        ///< an operator does something and marks it done
    Gate,          ///< passes only when the plan's checks it names pass
    Communication, ///< someone tells someone (status page, stakeholders, go/no-go call)
    Milestone,     ///< a point in time with no work of its own (e.g. "wave 2 live")
};

/// Plan-file name: `manual`, `gate`, `communication`, `milestone`.
QString stepKindName(StepKind kind);
/// Parses a plan-file name; false when unknown.
bool parseStepKind(const QString &name, StepKind *kind);

/// Who wrote a step: the generator, the generator and then a person, or a person alone; or a
/// generated step a person deleted (kept, obsolete, so that regenerating does not bring it
/// back). Regenerating replaces only `Generated` steps; the others are kept as they are.
enum class StepOrigin { Generated, Edited, User, Deleted };

/// Plan-file name: `generated`, `edited`, `user`, `deleted`.
QString stepOriginName(StepOrigin origin);
/// Parses a plan-file name; false when unknown.
bool parseStepOrigin(const QString &name, StepOrigin *origin);

/// "Not before": the step may start only `minutes` after step `step` has finished (the DNS
/// switch at least 48 hours, or the record's TTL if longer, after its TTL was lowered).
struct NotBefore
{
    QString step;
    int minutes = 0;

    bool operator==(const NotBefore &) const = default;
};

/// One step of a runbook.
///
/// `id` is stable and says what the step does to what: `<phase>/<action>/<subject>`, e.g.
/// `cutover/switch-dns/do:record:5` or `day-before/freeze-deploys/wave-2`, so regenerating after
/// a re-import finds the same ids and a run's history stays attached. `title` is plain text
/// (escaped wherever it is rendered); `instructions` is Markdown (CommonMark) with the commands
/// to type; generated instructions escape every name they quote.
struct RunbookStep
{
    QString id;
    RunbookPhase phase = RunbookPhase::Cutover;
    int wave = 1;     ///< the wave it belongs to (1-based); 0 for steps of the whole plan
    QString account;  ///< id of the account it acts in, empty when none
    QString resource; ///< id of the resource it acts on, empty when none
    QString title;
    QString instructions;
    QString role =
        QStringLiteral("platform"); ///< who does it: dba, platform, on-call, communications…
    int plannedMinutes = 5;
    QStringList after; ///< ids of the steps that must be finished first, sorted
    StepKind kind = StepKind::Manual;
    QStringList checks; ///< gate: ids of the plan's checks that must pass, sorted
    QList<NotBefore> notBefore;
    QString rollback;             ///< id of the step that undoes this one, empty when none
    bool pointOfNoReturn = false; ///< after it, rolling back loses writes made on the target
    StepOrigin origin = StepOrigin::Generated;
    bool obsolete = false; ///< its resource or mapping is gone; kept for the history of runs

    bool operator==(const RunbookStep &) const = default;
};

/// The schedule of one wave: when its cutover starts and how long it is watched after.
struct WaveSchedule
{
    int wave = 1;
    QString name;             ///< e.g. "Staging rehearsal"; empty: "Wave N"
    QDateTime cutover;        ///< start of the cutover, UTC; invalid while not scheduled
    int monitoringHours = 24; ///< watching after the cutover before verification ends
    int rollbackHours = 24;   ///< after the cutover, the rollback stays possible this long

    bool operator==(const WaveSchedule &) const = default;
};

/// A runbook: steps by id (the plan file writes them sorted by id) and the waves' schedules.
struct Runbook
{
    std::map<QString, RunbookStep> steps;
    std::map<int, WaveSchedule> waves;

    const RunbookStep *step(const QString &id) const;
    /// `base` when no step has that id, else `base-2`, `base-3`… (for a person's new steps).
    QString unusedId(const QString &base) const;
    /// The wave's schedule, or a default one for `wave` when the plan has none.
    WaveSchedule wave(int wave) const;

    bool operator==(const Runbook &) const = default;
};

} // namespace Ferry
