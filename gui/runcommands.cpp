// SPDX-License-Identifier: MIT
// `ferry run`: runs of a plan's runbook — rehearsals and the live run — in the run journal
// (docs/runbook.md, "Operating a run").
#include "clisupport.h"

#include "atomicfile.h"
#include "checkrun.h"
#include "checkrunner.h"
#include "htmlpage.h"
#include "plan.h"
#include "runbookgenerator.h"
#include "runbookschedule.h"
#include "runjournal.h"
#include "runreport.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ferry::CommandLine {

namespace {

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

/// Minutes between two times, or -1 when either is missing.
qint64 minutesBetween(const QDateTime &from, const QDateTime &to)
{
    return from.isValid() && to.isValid() ? (from.msecsTo(to) + 30'000) / 60'000 : -1;
}

QJsonObject statusJson(const RunInfo &info, const Runbook &runbook, const RunProgress &progress)
{
    QJsonArray steps;
    for (const QString &id : RunbookSchedule::of(runbook).order()) {
        const RunbookStep &s = *runbook.step(id);
        const RunProgress::Step &st = progress.step(id);
        QJsonObject o{{QStringLiteral("id"), id},
                      {QStringLiteral("title"), s.title},
                      {QStringLiteral("phase"), runbookPhaseName(s.phase)},
                      {QStringLiteral("wave"), s.wave},
                      {QStringLiteral("kind"), stepKindName(s.kind)},
                      {QStringLiteral("role"), s.role},
                      {QStringLiteral("state"), stepStateName(st.state)},
                      {QStringLiteral("planned_minutes"), s.plannedMinutes},
                      {QStringLiteral("started"),
                       st.started.isValid() ? QJsonValue(iso(st.started)) : QJsonValue()},
                      {QStringLiteral("finished"),
                       st.finished.isValid() ? QJsonValue(iso(st.finished)) : QJsonValue()},
                      {QStringLiteral("actor"), st.actor},
                      {QStringLiteral("notes"), QJsonArray::fromStringList(st.notes)}};
        if (const qint64 m = minutesBetween(st.started, st.finished); m >= 0)
            o.insert(QStringLiteral("actual_minutes"), m);
        steps.append(o);
    }
    QJsonArray waves;
    for (int w : progress.rollingBack())
        waves.append(w);
    return {{QStringLiteral("run"), info.name},
            {QStringLiteral("plan"), info.plan},
            {QStringLiteral("rehearsal"), info.rehearsal},
            {QStringLiteral("created"), iso(info.created)},
            {QStringLiteral("events"), info.events},
            {QStringLiteral("rolling_back"), waves},
            {QStringLiteral("ready"), QJsonArray::fromStringList(progress.ready())},
            {QStringLiteral("problems"), QJsonArray::fromStringList(progress.problems())},
            {QStringLiteral("steps"), steps}};
}

QString statusText(const RunInfo &info, const Runbook &runbook, const RunProgress &progress)
{
    QString text =
        QStringLiteral("Run %1 (%2) of plan %3: %4 events\n")
            .arg(info.name, info.rehearsal ? QStringLiteral("rehearsal") : QStringLiteral("live"),
                 info.plan)
            .arg(info.events);
    const RunbookSchedule schedule = RunbookSchedule::of(runbook);
    for (const RunbookSchedule::Window &w : schedule.windows()) {
        if (w.phase == RunbookPhase::Rollback && !progress.rollingBack().contains(w.wave))
            continue;
        int done = 0;
        for (const QString &id : w.steps)
            done +=
                progress.state(id) == StepState::Done || progress.state(id) == StepState::Skipped
                    ? 1
                    : 0;
        text += QStringLiteral("\n%1, %2: %3 of %4 done\n")
                    .arg(runbookPhaseTitle(w.phase), w.wave == 0
                                                         ? QStringLiteral("whole plan")
                                                         : QStringLiteral("wave %1").arg(w.wave))
                    .arg(done)
                    .arg(w.steps.size());
        for (const QString &id : w.steps) {
            const RunProgress::Step &st = progress.step(id);
            if (st.state == StepState::Pending)
                continue;
            const RunbookStep &s = *runbook.step(id);
            const qint64 actual = minutesBetween(st.started, st.finished);
            text += QStringLiteral("  %1  %2  (%3; planned %4%5)\n")
                        .arg(stepStateName(st.state).leftJustified(11), s.title, id,
                             RunbookSchedule::durationText(s.plannedMinutes),
                             actual >= 0 ? QStringLiteral(", took %1")
                                               .arg(RunbookSchedule::durationText(int(actual)))
                                         : QString());
        }
    }
    for (const QString &problem : progress.problems())
        text += QStringLiteral("problem: ") + problem + u'\n';
    return text;
}

} // namespace

int runRun(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("ACTION"),
                            QStringLiteral("start, list, status, next, step, gate or verify."));
    p.addPositionalArgument(QStringLiteral("PLAN"), QStringLiteral("Plan file."));
    p.addPositionalArgument(QStringLiteral("STEP"), QStringLiteral("Step id (step, gate)."));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Run journal: a SQLite file or a postgresql:// URI (default: PLAN's "
                       "-runs.sqlite file beside it)."),
        QStringLiteral("LOCATION"));
    const QCommandLineOption runName(QStringLiteral("run"),
                                     QStringLiteral("The run (default: the plan's newest)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("start: the new run's name."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption rehearsal(QStringLiteral("rehearsal"),
                                       QStringLiteral("start: a rehearsal, not the live run."));
    const QCommandLineOption actor(QStringLiteral("actor"),
                                   QStringLiteral("Who acts (default: user@host)."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("status: text (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption startOpt(QStringLiteral("start"), QStringLiteral("step: begin it."));
    const QCommandLineOption doneOpt(QStringLiteral("done"), QStringLiteral("step: it is done."));
    const QCommandLineOption skipOpt(QStringLiteral("skip"),
                                     QStringLiteral("step: pass over it (--note says why)."));
    const QCommandLineOption failOpt(QStringLiteral("fail"), QStringLiteral("step: it failed."));
    const QCommandLineOption retryOpt(QStringLiteral("retry"),
                                      QStringLiteral("step: begin a failed step again."));
    const QCommandLineOption rollbackOpt(
        QStringLiteral("rollback"),
        QStringLiteral("step: roll back the wave of STEP (its rollback steps become due)."));
    const QCommandLineOption noteOpt(QStringLiteral("note"),
                                     QStringLiteral("A note on the step (or the run)."),
                                     QStringLiteral("TEXT"));
    const QCommandLineOption confirm(
        QStringLiteral("confirm-point-of-no-return"),
        QStringLiteral("step: confirm a point of no return (after it, rolling back loses the "
                       "writes made on the targets)."));
    const QCommandLineOption trust(QStringLiteral("trust"),
                                   QStringLiteral("gate: trust the plan's checks (as ferry "
                                                  "check --trust)."));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("report: FILE.md or FILE.html."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption date(QStringLiteral("date"),
                                  QStringLiteral("report: the date printed (default: today)."),
                                  QStringLiteral("YYYY-MM-DD"));
    p.addOptions({store, runName, name, rehearsal, actor, format, startOpt, doneOpt, skipOpt,
                  failOpt, retryOpt, rollbackOpt, noteOpt, confirm, trust, output, date});
    if (int rc = parse(p, args,
                       QStringLiteral("Runs of the plan's runbook, rehearsals and the live run, "
                                      "kept in the run journal: every action an event, durable "
                                      "before it is reported, chained by SHA-256.\n"
                                      "  ferry run start PLAN --name NAME [--rehearsal]\n"
                                      "  ferry run list PLAN\n"
                                      "  ferry run status PLAN [--run NAME] [--format json]\n"
                                      "  ferry run next PLAN [--run NAME]\n"
                                      "  ferry run step PLAN STEP --start|--done|--skip|--fail|"
                                      "--retry|--rollback [--note TEXT]\n"
                                      "  ferry run gate PLAN STEP   (exit 0 passed, 1 failed)\n"
                                      "  ferry run verify PLAN [--run NAME]   (exit 0 intact, 1 "
                                      "tampered)\n"
                                      "  ferry run report PLAN [--run NAME]… -o FILE.md|FILE.html "
                                      "  (planned against each run, step by step)\n"
                                      "Exit code: 0 done, 1 refused, failed gate or broken "
                                      "journal, 2 bad usage or input."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    static const QStringList actions = {QStringLiteral("start"),  QStringLiteral("list"),
                                        QStringLiteral("status"), QStringLiteral("next"),
                                        QStringLiteral("step"),   QStringLiteral("gate"),
                                        QStringLiteral("verify"), QStringLiteral("report")};
    if (!actions.contains(action) || pos.size() < 2)
        return usageError(p, QStringLiteral("usage: ferry run start|list|status|next|step|gate|"
                                            "verify|report PLAN …"));
    const bool needsStep = action == QLatin1String("step") || action == QLatin1String("gate");
    if (pos.size() != (needsStep ? 3 : 2))
        return usageError(p, needsStep
                                 ? QStringLiteral("ferry run %1 needs PLAN and STEP").arg(action)
                                 : QStringLiteral("ferry run %1 takes only PLAN").arg(action));
    const QString fmt = p.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json"))
        return usageError(p, QStringLiteral("--format must be text or json"));
    Plan plan;
    if (!loadPlan(pos[1], &plan))
        return BadInput;
    const Runbook runbook = RunbookGenerator::forPlan(plan);
    const QString who = p.isSet(actor) ? p.value(actor) : RunJournal::defaultActor();

    RunJournal journal;
    QString error;
    const QString where = p.isSet(store)
                              ? p.value(store)
                              : RunJournal::defaultLocation(QFileInfo(pos[1]).absoluteFilePath());
    if (!journal.open(where, &error)) {
        err() << "ferry run: " << error << '\n';
        return BadInput;
    }

    if (action == QLatin1String("start")) {
        if (!p.isSet(name) || p.value(name).trimmed().isEmpty())
            return usageError(p, QStringLiteral("ferry run start needs --name NAME"));
        if (!journal.startRun(plan.name, p.value(name).trimmed(), p.isSet(rehearsal), who,
                              &error)) {
            err() << "ferry run: " << error << '\n';
            return Failed;
        }
        out() << (p.isSet(rehearsal) ? "Rehearsal " : "Live run ") << p.value(name).trimmed()
              << " started in " << where << '\n';
        return Success;
    }
    if (action == QLatin1String("list")) {
        const QList<RunInfo> runs = journal.runs(plan.name, &error);
        if (!error.isEmpty()) {
            err() << "ferry run: " << error << '\n';
            return BadInput;
        }
        for (const RunInfo &r : runs)
            out() << r.name << '\t' << (r.rehearsal ? "rehearsal" : "live") << '\t'
                  << iso(r.created) << '\t' << r.events << " events\n";
        if (runs.isEmpty())
            out() << "No runs of " << plan.name << " yet (ferry run start).\n";
        return Success;
    }

    if (action == QLatin1String("report")) {
        // Every run of the plan, oldest first, or those --run names, in that order.
        if (!p.isSet(output))
            return usageError(p, QStringLiteral("ferry run report needs -o FILE.md|FILE.html"));
        QDate on = QDate::currentDate();
        if (p.isSet(date) && !(on = QDate::fromString(p.value(date), Qt::ISODate)).isValid())
            return usageError(p, QStringLiteral("--date needs YYYY-MM-DD"));
        const QList<ReportedRun> reported =
            journal.reportedRuns(plan.name, p.values(runName), runbook, &error);
        if (!error.isEmpty()) {
            err() << "ferry run: " << error << '\n';
            return BadInput;
        }
        const QString file = p.value(output);
        const QString text = HtmlPage::forFile(file, QStringLiteral("Run report: ") + plan.name,
                                               RunReport::markdown(plan, runbook, reported, on));
        QString reason;
        if (!writeFileAtomically(file, text.toUtf8(), &reason)) {
            err() << file << ": " << reason << '\n';
            return BadInput;
        }
        out() << "Run report of " << reported.size() << " run(s) written: " << file << '\n';
        return Success;
    }

    // The other actions work on one run: --run, or the plan's newest.
    RunInfo info;
    if (p.isSet(runName)) {
        if (!journal.run(p.value(runName), &info, &error) || info.plan != plan.name) {
            err() << "ferry run: "
                  << (error.isEmpty() ? QStringLiteral("run %1 is not a run of plan %2")
                                            .arg(p.value(runName), plan.name)
                                      : error)
                  << '\n';
            return BadInput;
        }
    } else {
        const QList<RunInfo> runs = journal.runs(plan.name, &error);
        if (runs.isEmpty()) {
            err() << "ferry run: "
                  << (error.isEmpty()
                          ? QStringLiteral("no run of %1 yet (ferry run start)").arg(plan.name)
                          : error)
                  << '\n';
            return BadInput;
        }
        info = runs.first();
    }
    if (action == QLatin1String("verify")) {
        QString problem;
        if (journal.verify(info.name, &problem, &error)) {
            out() << "Run " << info.name << ": " << info.events << " events, chain intact\n";
            return Success;
        }
        if (!error.isEmpty()) {
            err() << "ferry run: " << error << '\n';
            return BadInput;
        }
        out() << "Run " << info.name << ": the journal was tampered with: " << problem << '\n';
        return Failed;
    }
    const QList<RunEvent> events = journal.events(info.name, &error);
    if (!error.isEmpty()) {
        err() << "ferry run: " << error << '\n';
        return BadInput;
    }
    const RunProgress progress = RunProgress::replay(runbook, events);
    if (action == QLatin1String("status")) {
        if (fmt == QLatin1String("json"))
            out() << QJsonDocument(statusJson(info, runbook, progress))
                         .toJson(QJsonDocument::Indented);
        else
            out() << statusText(info, runbook, progress);
        return Success;
    }
    if (action == QLatin1String("next")) {
        for (const QString &id : progress.ready()) {
            const RunbookStep &s = *runbook.step(id);
            out() << id << '\t' << s.role << '\t' << RunbookSchedule::durationText(s.plannedMinutes)
                  << '\t' << s.title << '\n';
        }
        return Success;
    }

    const QString stepId = pos[2];
    const RunbookStep *s = runbook.step(stepId);
    if (!s || s->obsolete) {
        err() << "ferry run: the runbook has no step " << stepId << '\n';
        return BadInput;
    }
    RunEvent e;
    e.run = info.name;
    e.actor = who;
    e.step = stepId;
    e.note = p.value(noteOpt);
    if (action == QLatin1String("step")) {
        const QList<std::pair<const QCommandLineOption *, RunAction>> choices = {
            {&startOpt, RunAction::Start}, {&doneOpt, RunAction::Done},
            {&skipOpt, RunAction::Skip},   {&failOpt, RunAction::Fail},
            {&retryOpt, RunAction::Retry}, {&rollbackOpt, RunAction::RollbackStarted}};
        int chosen = 0;
        e.action = RunAction::Note;
        for (const auto &[option, a] : choices)
            if (p.isSet(*option)) {
                e.action = a;
                ++chosen;
            }
        if (chosen > 1 || (chosen == 0 && e.note.isEmpty()))
            return usageError(p, QStringLiteral("ferry run step needs one of --start, --done, "
                                                "--skip, --fail, --retry, --rollback (or only "
                                                "--note)"));
        if (s->pointOfNoReturn && (e.action == RunAction::Start || e.action == RunAction::Done) &&
            !p.isSet(confirm)) {
            err() << "ferry run: " << stepId
                  << " is the point of no return: after it, rolling back loses the writes made "
                     "on the targets. Confirm with --confirm-point-of-no-return.\n";
            return Failed;
        }
    } else { // gate
        if (s->kind != StepKind::Gate || s->checks.isEmpty()) {
            err() << "ferry run: " << stepId
                  << (s->kind != StepKind::Gate
                          ? QStringLiteral(" is not a gate")
                          : QStringLiteral(" is a gate no check covers yet: confirm it by hand "
                                           "with ferry run step --done --note EVIDENCE"))
                  << '\n';
            return BadInput;
        }
        // Refuse before contacting anything when the step cannot pass now.
        e.action = RunAction::GatePassed;
        if (const QString why = progress.check(e); !why.isEmpty()) {
            err() << "ferry run: " << why << '\n';
            return Failed;
        }
        CheckRun run;
        run.plan = plan.name;
        run.planFile = QFileInfo(pos[1]).absoluteFilePath();
        for (const QString &id : s->checks) {
            const auto it = plan.checks.find(id);
            if (it == plan.checks.end()) {
                err() << "ferry run: the plan has no check " << id
                      << " yet (ferry check PLAN --generate once the target's endpoint is in "
                         "its mapping)\n";
                return BadInput;
            }
            run.checks.append(it->second);
        }
        if (!requireTrust(QStringLiteral("run gate"), pos[1], plan, p.isSet(trust)))
            return BadInput;
        run.started = QDateTime::currentDateTimeUtc();
        QElapsedTimer timer;
        timer.start();
        run.results = CheckRunner::runAll(run.checks);
        run.seconds = double(timer.nsecsElapsed()) / 1e9;
        out() << checkRunToText(run);
        e.action = run.exitCode() == 0 ? RunAction::GatePassed : RunAction::GateFailed;
        e.evidence =
            QString::fromUtf8(QJsonDocument(checkRunToJson(run)).toJson(QJsonDocument::Compact));
    }
    switch (journal.append(runbook, &e, &error)) {
    case RunJournal::Append::Appended:
        out() << "Recorded: " << runActionName(e.action) << ' ' << stepId << " (event "
              << e.sequence << " of run " << info.name << ")\n";
        return e.action == RunAction::GateFailed ? Failed : Success;
    case RunJournal::Append::Refused:
        err() << "ferry run: refused: " << error << '\n';
        return Failed;
    case RunJournal::Append::Failed:
        break;
    }
    err() << "ferry run: " << error << '\n';
    return BadInput;
}

} // namespace Ferry::CommandLine
