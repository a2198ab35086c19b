// SPDX-License-Identifier: MIT
#include "runbookmarkdown.h"

#include "escaping.h"
#include "resourcekind.h"
#include "runbookgenerator.h"
#include "runbookschedule.h"

#include <set>

namespace Ferry::RunbookMarkdown {

namespace {

QString code(const QString &s)
{
    return Escape::markdownCode(s);
}

QString label(const Plan &plan, const QString &id)
{
    const Resource *r = plan.resource(id);
    if (!r)
        return code(id);
    return QStringLiteral("%1 %2 (%3)").arg(typeLabel(r->type), code(r->name), code(r->id));
}

/// Every line of `text` indented by `indent` spaces (empty lines stay empty).
QString indented(const QString &text, int indent)
{
    QString out;
    const QString pad(indent, u' ');
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines)
        out += (line.isEmpty() ? QString() : pad + line) + u'\n';
    return out;
}

QString summary(const Plan &plan)
{
    QString md;
    std::set<int> waves;
    for (const auto &[id, m] : plan.mappings)
        waves.insert(m.wave);
    md += QStringLiteral("## Summary\n\n| Account | Environment |");
    for (int w : waves)
        md += QStringLiteral(" Wave %1 |").arg(w);
    md += QStringLiteral(" Total |\n|---|---|");
    for (size_t i = 0; i < waves.size(); ++i)
        md += QStringLiteral("---:|");
    md += QStringLiteral("---:|\n");
    for (const Account &a : plan.organization.accounts) {
        const QStringList ids = plan.resourcesInAccount(a.id);
        md += QStringLiteral("| %1 | %2 |")
                  .arg(Escape::markdownText(a.name), environmentLabel(a.environment));
        for (int w : waves) {
            int n = 0;
            for (const QString &id : ids)
                n += plan.mapping(id)->wave == w ? 1 : 0;
            md += QStringLiteral(" %1 |").arg(n);
        }
        md += QStringLiteral(" %1 |\n").arg(ids.size());
    }
    const QStringList unmapped = plan.unmappedResources();
    md += QStringLiteral("\nMapped resources: %1. Unmapped resources: %2.\n\n")
              .arg(plan.mappings.size())
              .arg(unmapped.size());
    if (!unmapped.isEmpty()) {
        md += QStringLiteral("Unmapped resources are not part of this runbook:\n\n");
        for (const QString &id : unmapped)
            md += QStringLiteral("- ") + label(plan, id) + u'\n';
        md += u'\n';
    }
    QStringList retained;
    for (const auto &[id, m] : plan.mappings)
        if (m.strategy == Strategy::Retain)
            retained.append(id);
    if (!retained.isEmpty()) {
        md += QStringLiteral("Retained (they stay where they are and get no steps):\n\n");
        for (const QString &id : retained)
            md += QStringLiteral("- ") + label(plan, id) + u'\n';
        md += u'\n';
    }
    return md;
}

QString waveTitle(const Runbook &runbook, int wave)
{
    if (wave == 0)
        return QStringLiteral("Whole plan");
    const WaveSchedule w = runbook.wave(wave);
    QString title = w.name.isEmpty()
                        ? QStringLiteral("Wave %1").arg(wave)
                        : QStringLiteral("Wave %1: %2").arg(wave).arg(Escape::markdownText(w.name));
    if (w.cutover.isValid())
        title += QStringLiteral(" (cutover %1 UTC)")
                     .arg(w.cutover.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return title;
}

} // namespace

QString generate(const Plan &plan, const Runbook &runbook, const QDate &generatedOn)
{
    const RunbookSchedule schedule = RunbookSchedule::of(runbook);
    // Numbers: N.M by phase, in the schedule's order.
    QHash<QString, QString> number;
    QHash<int, int> perPhase;
    for (const RunbookSchedule::Window &w : schedule.windows())
        for (const QString &id : w.steps)
            number.insert(
                id, QStringLiteral("%1.%2").arg(int(w.phase) + 1).arg(++perPhase[int(w.phase)]));
    auto ref = [&](const QString &id) {
        return number.contains(id) ? number.value(id) : code(id);
    };

    QString md;
    md += QStringLiteral("# Cutover runbook: ") + Escape::markdownText(plan.name) +
          QStringLiteral("\n\n");
    md += QStringLiteral("Plan started %1; runbook generated %2 by Ferry. Tick each step as it "
                         "is done; a gate passes only when its checks pass; do not skip a "
                         "verification step.\n\n")
              .arg(plan.created.toString(Qt::ISODate), generatedOn.toString(Qt::ISODate));
    md += summary(plan);

    md += QStringLiteral("## Schedule\n\nPlanned from each step's duration and the steps it "
                         "waits for; steps of different resources run in parallel.\n\n"
                         "| Phase | Wave | Planned | Critical path |\n|---|---|---:|---|\n");
    for (const RunbookSchedule::Window &w : schedule.windows()) {
        if (w.phase == RunbookPhase::Rollback)
            continue;
        QStringList path;
        for (const QString &id : w.criticalPath)
            path.append(ref(id));
        md += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                  .arg(runbookPhaseTitle(w.phase),
                       w.wave == 0 ? QStringLiteral("all") : QString::number(w.wave),
                       RunbookSchedule::durationText(w.minutes), path.join(QStringLiteral(" → ")));
    }
    md += u'\n';
    if (!schedule.problems().isEmpty()) {
        md += QStringLiteral("**The schedule has problems:**\n\n");
        for (const QString &p : schedule.problems())
            md += QStringLiteral("- ") + Escape::markdownText(p) + u'\n';
        md += u'\n';
    }

    for (RunbookPhase phase : allRunbookPhases()) {
        md += QStringLiteral("## %1. %2\n\n").arg(int(phase) + 1).arg(runbookPhaseTitle(phase));
        bool any = false;
        for (const RunbookSchedule::Window &w : schedule.windows()) {
            if (w.phase != phase)
                continue;
            any = true;
            md += QStringLiteral("### ") + waveTitle(runbook, w.wave) + QStringLiteral("\n\n");
            if (phase == RunbookPhase::Rollback)
                md += QStringLiteral("Only on a rollback: undo the cutover steps that were done, "
                                     "latest first.\n\n");
            for (const QString &id : w.steps) {
                const RunbookStep &s = *runbook.step(id);
                md += QStringLiteral("- [ ] **%1** %2\n")
                          .arg(number.value(id), Escape::markdownText(s.title));
                QStringList facts;
                facts << Escape::markdownText(s.role)
                      << RunbookSchedule::durationText(s.plannedMinutes);
                if (s.kind != StepKind::Manual)
                    facts << stepKindName(s.kind);
                QStringList after;
                for (const QString &a : s.after)
                    after << ref(a);
                if (!after.isEmpty())
                    facts << QStringLiteral("after ") + after.join(QStringLiteral(", "));
                for (const NotBefore &nb : s.notBefore)
                    facts << QStringLiteral("not before %1 after %2 ends")
                                 .arg(RunbookSchedule::durationText(nb.minutes), ref(nb.step));
                if (!s.rollback.isEmpty())
                    facts << QStringLiteral("undone by ") + ref(s.rollback);
                md += QStringLiteral("\n  _") + facts.join(QStringLiteral(" · ")) +
                      QStringLiteral("_\n");
                if (s.pointOfNoReturn)
                    md += QStringLiteral("\n  **Point of no return:** the cutover lead confirms "
                                         "before anyone goes on.\n");
                if (s.kind == StepKind::Gate) {
                    QString only;
                    for (const QString &c : s.checks)
                        only += QStringLiteral(" --only ") + Escape::shellWord(c);
                    md +=
                        s.checks.isEmpty()
                            ? QStringLiteral("\n  **Gate:** no check covers it yet; once the "
                                             "target's endpoint is in its mapping, `ferry "
                                             "check PLAN.ferry.yaml --generate` makes one. "
                                             "Until then confirm by hand and note the "
                                             "evidence.\n")
                            : QStringLiteral("\n  **Gate:** passes when %1 exits 0.\n")
                                  .arg(code(QStringLiteral("ferry check PLAN.ferry.yaml") + only));
                }
                const QString instructions = s.instructions.trimmed();
                if (!instructions.isEmpty())
                    md += u'\n' + indented(Escape::markdownWithoutHtml(instructions), 2);
                md += u'\n';
            }
        }
        if (!any)
            md += QStringLiteral("_No steps: nothing mapped needs this phase._\n\n");
    }
    md.chop(1);
    return md;
}

QString generate(const Plan &plan, const QDate &generatedOn)
{
    return generate(plan, RunbookGenerator::forPlan(plan), generatedOn);
}

} // namespace Ferry::RunbookMarkdown
