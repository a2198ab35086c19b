// SPDX-License-Identifier: MIT
// `ferry runbook`: the plan's runbook edited from the command line — steps added from the
// template library, steps edited, waves scheduled (docs/runbook.md, "Editing and
// regenerating"). Each writes the runbook the plan uses (RunbookGenerator::forPlan) into it.
#include "clisupport.h"

#include "runbookedit.h"
#include "runbookgenerator.h"
#include "runbookschedule.h"
#include "runbooktemplates.h"

#include <QCommandLineParser>

namespace Ferry::CommandLine {

int runRunbook(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("ACTION"),
                            QStringLiteral("templates, add, edit or wave."));
    p.addPositionalArgument(QStringLiteral("PLAN"), QStringLiteral("Plan file."));
    p.addPositionalArgument(QStringLiteral("STEP|WAVE"),
                            QStringLiteral("edit: the step id; wave: the wave's number."));
    const QCommandLineOption templ(QStringLiteral("template"),
                                   QStringLiteral("add: the template (ferry runbook templates)."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption wave(QStringLiteral("wave"),
                                  QStringLiteral("add: the wave of the new step (0: whole plan)."),
                                  QStringLiteral("N"));
    const QCommandLineOption after(QStringLiteral("after"),
                                   QStringLiteral("add, edit: a step it comes after (repeat; "
                                                  "edit: replaces its predecessors)."),
                                   QStringLiteral("STEP"));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("add, edit: title."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption minutes(QStringLiteral("minutes"),
                                     QStringLiteral("add, edit: planned minutes."),
                                     QStringLiteral("N"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("add, edit: role."),
                                  QStringLiteral("ROLE"));
    const QCommandLineOption note(QStringLiteral("append-instructions"),
                                  QStringLiteral("edit: a paragraph added to the instructions."),
                                  QStringLiteral("TEXT"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("wave: its name."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption cutover(
        QStringLiteral("cutover"),
        QStringLiteral("wave: cutover start, UTC (2027-01-16T22:00:00Z)."), QStringLiteral("TIME"));
    const QCommandLineOption monitoring(QStringLiteral("monitoring-hours"),
                                        QStringLiteral("wave: hours watched after the cutover."),
                                        QStringLiteral("H"));
    const QCommandLineOption rollback(QStringLiteral("rollback-hours"),
                                      QStringLiteral("wave: hours the rollback stays possible."),
                                      QStringLiteral("H"));
    p.addOptions(
        {templ, wave, after, title, minutes, role, note, name, cutover, monitoring, rollback});
    if (int rc = parse(p, args,
                       QStringLiteral("The plan's runbook edited from the command line.\n"
                                      "  ferry runbook templates\n"
                                      "  ferry runbook add PLAN --template NAME --wave N "
                                      "[--after STEP]… [--title T] [--minutes N] [--role R]\n"
                                      "  ferry runbook edit PLAN STEP [--title T] [--minutes N] "
                                      "[--role R] [--after STEP]… [--append-instructions TEXT]\n"
                                      "  ferry runbook wave PLAN N [--name NAME] [--cutover "
                                      "TIME] [--monitoring-hours H] [--rollback-hours H]"));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    if (action == QLatin1String("templates")) {
        for (const StepTemplate &t : RunbookTemplates::builtIn())
            out() << t.name << '\t' << runbookPhaseName(t.phase) << '\t' << t.role << '\t'
                  << RunbookSchedule::durationText(t.minutes) << '\t' << t.title << '\n';
        return Success;
    }
    const int wanted = action == QLatin1String("add") ? 2 : 3;
    if ((action != QLatin1String("add") && action != QLatin1String("edit") &&
         action != QLatin1String("wave")) ||
        pos.size() != wanted)
        return usageError(p, QStringLiteral("usage: ferry runbook templates | add PLAN | edit "
                                            "PLAN STEP | wave PLAN N"));
    Plan plan;
    if (!loadPlan(pos[1], &plan))
        return BadInput;
    Runbook runbook = RunbookGenerator::forPlan(plan);
    auto number = [&](const QCommandLineOption &o, int lo, int hi, int *value) {
        bool ok = false;
        *value = p.value(o).toInt(&ok);
        return ok && *value >= lo && *value <= hi;
    };
    const QStringList predecessors = p.values(after);
    for (const QString &id : predecessors)
        if (const RunbookStep *s = runbook.step(id); !s || s->obsolete) {
            err() << "ferry runbook: the runbook has no step " << id << '\n';
            return BadInput;
        }
    QString changed;
    if (action == QLatin1String("add")) {
        const StepTemplate *t = RunbookTemplates::find(p.value(templ));
        int w = 0;
        if (!t)
            return usageError(p, QStringLiteral("--template must be one of ferry runbook "
                                                "templates"));
        if (!number(wave, 0, 999, &w))
            return usageError(p, QStringLiteral("--wave needs a wave number (0: whole plan)"));
        RunbookStep s = t->stepFor(runbook, w, predecessors);
        if (p.isSet(title))
            s.title = p.value(title).trimmed();
        if (p.isSet(role))
            s.role = p.value(role).trimmed();
        if (p.isSet(minutes) && !number(minutes, 0, 527'040, &s.plannedMinutes))
            return usageError(p, QStringLiteral("--minutes needs a number of minutes"));
        changed = QStringLiteral("Added step ") + s.id;
        runbook = RunbookEdit::addStep(runbook, s);
    } else if (action == QLatin1String("edit")) {
        const RunbookStep *current = runbook.step(pos[2]);
        if (!current || current->obsolete) {
            err() << "ferry runbook: the runbook has no step " << pos[2] << '\n';
            return BadInput;
        }
        RunbookStep s = *current;
        if (p.isSet(title))
            s.title = p.value(title).trimmed();
        if (p.isSet(role))
            s.role = p.value(role).trimmed();
        if (p.isSet(minutes) && !number(minutes, 0, 527'040, &s.plannedMinutes))
            return usageError(p, QStringLiteral("--minutes needs a number of minutes"));
        if (p.isSet(after)) {
            s.after = predecessors;
            s.after.sort();
            if (s.after.contains(s.id))
                return usageError(p, QStringLiteral("a step cannot come after itself"));
        }
        if (p.isSet(note))
            s.instructions +=
                (s.instructions.isEmpty() ? QString() : QStringLiteral("\n\n")) + p.value(note);
        if (s.title.isEmpty())
            return usageError(p, QStringLiteral("a step needs a title"));
        changed = QStringLiteral("Edited step ") + s.id;
        runbook = RunbookEdit::changeStep(runbook, s);
    } else {
        int w = 0;
        const int n = pos[2].toInt();
        if (n < 1)
            return usageError(p, QStringLiteral("ferry runbook wave needs a wave number ≥ 1"));
        WaveSchedule ws = runbook.wave(n);
        if (p.isSet(name))
            ws.name = p.value(name).trimmed();
        if (p.isSet(cutover)) {
            const QString text = p.value(cutover);
            ws.cutover = QDateTime::fromString(text, Qt::ISODate);
            if (!text.endsWith(u'Z') || !ws.cutover.isValid())
                return usageError(p, QStringLiteral("--cutover needs a UTC time such as "
                                                    "2027-01-16T22:00:00Z"));
        }
        if (p.isSet(monitoring)) {
            if (!number(monitoring, 0, 8784, &w))
                return usageError(p, QStringLiteral("--monitoring-hours needs 0 to 8784"));
            ws.monitoringHours = w;
        }
        if (p.isSet(rollback)) {
            if (!number(rollback, 0, 8784, &w))
                return usageError(p, QStringLiteral("--rollback-hours needs 0 to 8784"));
            ws.rollbackHours = w;
        }
        runbook.waves[n] = ws;
        changed = QStringLiteral("Scheduled wave %1").arg(n);
    }
    // A cycle through the new predecessors is refused before anything is written.
    const RunbookSchedule schedule = RunbookSchedule::of(runbook);
    for (const QString &problem : schedule.problems())
        if (problem.contains(QLatin1String("cycle"))) {
            err() << "ferry runbook: " << problem << '\n';
            return Failed;
        }
    plan.runbook = runbook;
    if (!savePlan(plan, pos[1]))
        return BadInput;
    out() << changed << " in " << pos[1] << '\n';
    return Success;
}

} // namespace Ferry::CommandLine
