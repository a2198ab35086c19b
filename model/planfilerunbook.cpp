// SPDX-License-Identifier: MIT
// The `waves` and `runbook` sections of a plan file (docs/plan-format.md, issue #13).
#include "planyaml.h"
#include "runbook.h"

#include <map>

namespace Ferry::PlanYaml {

namespace {

/// Whole minutes or hours: at least 0 and at most a year, so that sums stay far inside an int.
int duration(const YAML::Node &n, const char *what, int max)
{
    const int v = integer(n, what);
    if (v < 0 || v > max)
        throw ReadError{
            n.Mark(),
            QStringLiteral("%1 must be between 0 and %2").arg(QLatin1String(what)).arg(max)};
    return v;
}

constexpr int kMaxMinutes = 366 * 24 * 60;
constexpr int kMaxHours = 366 * 24;

WaveSchedule readWave(const YAML::Node &n)
{
    expectMap(n, "wave");
    WaveSchedule w;
    bool numbered = false;
    for (const auto &kv : n) {
        const std::string &k = kv.first.Scalar();
        const YAML::Node &v = kv.second;
        if (k == "wave") {
            w.wave = integer(v, "wave");
            numbered = true;
        } else if (k == "name") {
            w.name = str(v, "wave name");
        } else if (k == "cutover") {
            w.cutover = QDateTime::fromString(str(v, "cutover"), Qt::ISODateWithMs);
            if (!w.cutover.isValid() || w.cutover.timeSpec() != Qt::UTC)
                throw ReadError{v.Mark(), QStringLiteral("cutover must be a UTC time "
                                                         "(YYYY-MM-DDTHH:MM:SSZ)")};
        } else if (k == "monitoring_hours") {
            w.monitoringHours = duration(v, "monitoring_hours", kMaxHours);
        } else if (k == "rollback_hours") {
            w.rollbackHours = duration(v, "rollback_hours", kMaxHours);
        }
    }
    if (!numbered || w.wave < 1)
        throw ReadError{n.Mark(), QStringLiteral("a wave needs its number (wave: 1 or more)")};
    return w;
}

RunbookStep readStep(const YAML::Node &n, const std::function<bool(const QString &)> &accountExists)
{
    expectMap(n, "step");
    RunbookStep s;
    bool phased = false;
    for (const auto &kv : n) {
        const std::string &k = kv.first.Scalar();
        const YAML::Node &v = kv.second;
        if (k == "id") {
            s.id = str(v, "id");
        } else if (k == "phase") {
            if (!parseRunbookPhase(str(v, "phase"), &s.phase))
                throw ReadError{v.Mark(), QStringLiteral("unknown phase '%1' (expected "
                                                         "preparation, week-before, day-before, "
                                                         "cutover, verification, rollback or "
                                                         "cleanup)")
                                              .arg(str(v, "phase"))};
            phased = true;
        } else if (k == "wave") {
            s.wave = integer(v, "wave");
            if (s.wave < 0)
                throw ReadError{v.Mark(), QStringLiteral("wave must be 0 or more")};
        } else if (k == "account") {
            s.account = str(v, "account");
            if (!accountExists(s.account))
                throw ReadError{v.Mark(),
                                QStringLiteral("step in unknown account '%1'").arg(s.account)};
        } else if (k == "resource") {
            // A step may outlive its resource (an obsolete step keeps a run's history), so an
            // unknown resource is not an error.
            s.resource = str(v, "resource");
        } else if (k == "title") {
            s.title = str(v, "title");
        } else if (k == "instructions") {
            s.instructions = str(v, "instructions");
        } else if (k == "role") {
            s.role = str(v, "role");
        } else if (k == "minutes") {
            s.plannedMinutes = duration(v, "minutes", kMaxMinutes);
        } else if (k == "after") {
            s.after = stringList(v, "after");
        } else if (k == "kind") {
            if (!parseStepKind(str(v, "kind"), &s.kind))
                throw ReadError{v.Mark(), QStringLiteral("unknown step kind '%1' (expected "
                                                         "manual, gate, communication or "
                                                         "milestone)")
                                              .arg(str(v, "kind"))};
        } else if (k == "checks") {
            s.checks = stringList(v, "checks");
        } else if (k == "not_before") {
            expectSeq(v, "not_before");
            for (const YAML::Node &c : v) {
                expectMap(c, "not_before");
                NotBefore nb;
                for (const auto &f : c) {
                    const std::string &fk = f.first.Scalar();
                    if (fk == "step")
                        nb.step = str(f.second, "step");
                    else if (fk == "minutes")
                        nb.minutes = duration(f.second, "minutes", kMaxMinutes);
                }
                if (nb.step.isEmpty())
                    throw ReadError{c.Mark(), QStringLiteral("not_before needs a step")};
                s.notBefore.append(nb);
            }
        } else if (k == "rollback") {
            s.rollback = str(v, "rollback");
        } else if (k == "point_of_no_return") {
            s.pointOfNoReturn = boolean(v, "point_of_no_return");
        } else if (k == "origin") {
            if (!parseStepOrigin(str(v, "origin"), &s.origin))
                throw ReadError{v.Mark(), QStringLiteral("unknown origin '%1' (expected "
                                                         "generated, edited or user)")
                                              .arg(str(v, "origin"))};
        } else if (k == "obsolete") {
            s.obsolete = boolean(v, "obsolete");
        }
    }
    if (s.id.isEmpty() || s.title.isEmpty() || !phased)
        throw ReadError{n.Mark(), QStringLiteral("a step needs an id, a phase and a title")};
    std::sort(s.after.begin(), s.after.end());
    std::sort(s.checks.begin(), s.checks.end());
    return s;
}

} // namespace

Runbook readRunbook(const YAML::Node &waves, const YAML::Node &steps,
                    const std::function<bool(const QString &)> &accountExists)
{
    Runbook rb;
    if (waves)
        for (const YAML::Node &n : waves) {
            const WaveSchedule w = readWave(n);
            if (!rb.waves.emplace(w.wave, w).second)
                throw ReadError{n.Mark(), QStringLiteral("wave %1 is scheduled twice").arg(w.wave)};
        }
    std::map<QString, YAML::Mark> marks;
    if (steps)
        for (const YAML::Node &n : steps) {
            RunbookStep s = readStep(n, accountExists);
            const QString id = s.id;
            if (!rb.steps.emplace(id, std::move(s)).second)
                throw ReadError{n.Mark(), QStringLiteral("duplicate step id '%1'").arg(id)};
            marks.emplace(id, n.Mark());
        }
    // What a step refers to must be a step of this runbook.
    for (const auto &[id, s] : rb.steps) {
        QStringList refs = s.after;
        for (const NotBefore &nb : s.notBefore)
            refs.append(nb.step);
        if (!s.rollback.isEmpty())
            refs.append(s.rollback);
        for (const QString &r : std::as_const(refs))
            if (!rb.step(r))
                throw ReadError{marks.at(id),
                                QStringLiteral("step '%1' refers to unknown step '%2'").arg(id, r)};
    }
    return rb;
}

void writeRunbook(Writer &w, const Runbook &runbook)
{
    w.out += runbook.waves.empty() ? "waves: []\n" : "waves:\n";
    const WaveSchedule defaults;
    for (const auto &[n, wave] : runbook.waves) {
        w.number("  - ", "wave", n);
        w.optionalField("    ", "name", wave.name);
        if (wave.cutover.isValid())
            w.field("    ", "cutover", wave.cutover.toUTC().toString(Qt::ISODate));
        if (wave.monitoringHours != defaults.monitoringHours)
            w.number("    ", "monitoring_hours", wave.monitoringHours);
        if (wave.rollbackHours != defaults.rollbackHours)
            w.number("    ", "rollback_hours", wave.rollbackHours);
    }
    w.out += runbook.steps.empty() ? "runbook: []\n" : "runbook:\n";
    const RunbookStep blank;
    for (const auto &[id, s] : runbook.steps) {
        w.field("  - ", "id", s.id);
        w.field("    ", "phase", runbookPhaseName(s.phase));
        w.number("    ", "wave", s.wave);
        w.optionalField("    ", "account", s.account);
        w.optionalField("    ", "resource", s.resource);
        w.field("    ", "title", s.title);
        w.field("    ", "role", s.role);
        w.number("    ", "minutes", s.plannedMinutes);
        if (s.kind != blank.kind)
            w.field("    ", "kind", stepKindName(s.kind));
        w.list("    ", "after", "      ", s.after);
        w.list("    ", "checks", "      ", s.checks);
        if (!s.notBefore.isEmpty())
            w.out += "    not_before:\n";
        for (const NotBefore &nb : s.notBefore) {
            w.field("      - ", "step", nb.step);
            w.number("        ", "minutes", nb.minutes);
        }
        w.optionalField("    ", "rollback", s.rollback);
        if (s.pointOfNoReturn)
            w.out += "    point_of_no_return: true\n";
        if (s.origin != blank.origin)
            w.field("    ", "origin", stepOriginName(s.origin));
        if (s.obsolete)
            w.out += "    obsolete: true\n";
        w.text("    ", "instructions", "      ", s.instructions);
    }
}

} // namespace Ferry::PlanYaml
