// SPDX-License-Identifier: MIT
#include "runreport.h"

#include "escaping.h"
#include "runbookschedule.h"

namespace Ferry::RunReport {

namespace {

using Escape::markdownText;

/// Minutes between two times, rounded; -1 when either is missing.
int minutes(const QDateTime &from, const QDateTime &to)
{
    return from.isValid() && to.isValid() ? int((from.msecsTo(to) + 30'000) / 60'000) : -1;
}

QString windowName(const Runbook &runbook, const RunbookSchedule::Window &w)
{
    QString name = runbookPhaseTitle(w.phase);
    if (w.wave == 0)
        return name + QStringLiteral(", whole plan");
    name += QStringLiteral(", wave %1").arg(w.wave);
    const QString waveName = runbook.wave(w.wave).name;
    return waveName.isEmpty() ? name : name + QStringLiteral(" (") + markdownText(waveName) + u')';
}

/// The elapsed time of `steps` in `run`: first start to last finish, and whether it ended.
QString elapsed(const RunProgress &run, const QStringList &steps)
{
    QDateTime first, last;
    bool open = false;
    for (const QString &id : steps) {
        const RunProgress::Step &s = run.step(id);
        if (s.started.isValid() && (!first.isValid() || s.started < first))
            first = s.started;
        if (s.finished.isValid() && (!last.isValid() || s.finished > last))
            last = s.finished;
        open = open || s.state == StepState::InProgress;
    }
    if (!first.isValid())
        return QStringLiteral("—");
    const QString text = RunbookSchedule::durationText(std::max(0, minutes(first, last)));
    return open || !last.isValid() ? text + QStringLiteral(" so far") : text;
}

QString actual(const RunbookStep &step, const RunProgress::Step &s)
{
    switch (s.state) {
    case StepState::Skipped:
        return QStringLiteral("skipped");
    case StepState::Failed:
        return QStringLiteral("failed");
    case StepState::InProgress:
        return QStringLiteral("running");
    case StepState::Done: {
        if (!s.started.isValid())
            return QStringLiteral("done, not timed"); // marked done without a start
        const int m = minutes(s.started, s.finished);
        const QString text = RunbookSchedule::durationText(std::max(0, m));
        return m * 2 > step.plannedMinutes * 3 && m > 0 ? QStringLiteral("**%1**").arg(text) : text;
    }
    default:
        return QStringLiteral("—");
    }
}

bool reached(const RunProgress::Step &s)
{
    return s.started.isValid() || s.finished.isValid() || s.state == StepState::Skipped ||
           s.state == StepState::Failed;
}

} // namespace

QString markdown(const Plan &plan, const Runbook &runbook, const QList<ReportedRun> &runs,
                 const QDate &generatedOn)
{
    const RunbookSchedule schedule = RunbookSchedule::of(runbook);
    QString md = QStringLiteral("# Run report: %1\n\n").arg(markdownText(plan.name));
    md += QStringLiteral("Generated %1 by Ferry from the run journal. Times are from each step's "
                         "first start to its finish; **bold**: more than half again the plan.\n\n")
              .arg(generatedOn.toString(Qt::ISODate));
    if (runs.isEmpty())
        return md + QStringLiteral("No run of this plan yet (`ferry run start`).\n");

    md += QStringLiteral("## Runs\n\n| run | kind | started (UTC) | events | done | skipped | "
                         "failed | elapsed |\n|---|---|---|---:|---:|---:|---:|---|\n");
    for (const ReportedRun &r : runs) {
        int done = 0, skipped = 0, failed = 0;
        for (const QString &id : schedule.order()) {
            const StepState s = r.progress.state(id);
            done += s == StepState::Done;
            skipped += s == StepState::Skipped && r.progress.step(id).finished.isValid();
            failed += s == StepState::Failed;
        }
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n")
                  .arg(markdownText(r.name),
                       r.rehearsal ? QStringLiteral("rehearsal") : QStringLiteral("live"),
                       r.created.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                  .arg(r.events)
                  .arg(done)
                  .arg(skipped)
                  .arg(failed)
                  .arg(elapsed(r.progress, schedule.order()));
    }

    QString header = QStringLiteral("| planned |");
    QString rule = QStringLiteral("|---|");
    for (const ReportedRun &r : runs) {
        header += u' ' + markdownText(r.name) + QStringLiteral(" |");
        rule += QStringLiteral("---|");
    }
    md += QStringLiteral("\n## Phases\n\n| phase %1\n|---%2\n").arg(header, rule);
    for (const RunbookSchedule::Window &w : schedule.windows()) {
        bool any = w.phase != RunbookPhase::Rollback;
        for (const ReportedRun &r : runs)
            any = any || r.progress.rollingBack().contains(w.wave);
        if (!any)
            continue;
        md += QStringLiteral("| %1 | %2 |")
                  .arg(windowName(runbook, w), RunbookSchedule::durationText(w.minutes));
        for (const ReportedRun &r : runs)
            md += u' ' + elapsed(r.progress, w.steps) + QStringLiteral(" |");
        md += u'\n';
    }

    md += QStringLiteral("\n## Steps\n\nEvery step a run reached, in reading order.\n\n"
                         "| step | role %1\n|---|---%2\n")
              .arg(header, rule);
    QStringList notes;
    for (const QString &id : schedule.order()) {
        const RunbookStep &step = *runbook.step(id);
        bool any = false;
        for (const ReportedRun &r : runs)
            any = any || reached(r.progress.step(id));
        if (!any)
            continue;
        md += QStringLiteral("| %1 (%2) | %3 | %4 |")
                  .arg(markdownText(step.title), Escape::markdownCode(id), markdownText(step.role),
                       RunbookSchedule::durationText(step.plannedMinutes));
        for (const ReportedRun &r : runs) {
            md += u' ' + actual(step, r.progress.step(id)) + QStringLiteral(" |");
            for (const QString &note : r.progress.step(id).notes)
                notes.append(
                    QStringLiteral("- %1, %2: %3")
                        .arg(markdownText(r.name), Escape::markdownCode(id), markdownText(note)));
        }
        md += u'\n';
    }
    if (!notes.isEmpty())
        md += QStringLiteral("\n## Notes\n\n") + notes.join(u'\n') + u'\n';
    return md;
}

} // namespace Ferry::RunReport
