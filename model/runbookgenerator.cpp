// SPDX-License-Identifier: MIT
#include "runbookgenerator.h"

#include "escaping.h"
#include "parallel.h"
#include "runbookbuilder.h"
#include "terraformexport.h"

#include <memory>
#include <set>

namespace Ferry::RunbookGenerator {

namespace {

/// The steps of each wave, one runbook per wave in wave order. The waves are independent of each
/// other, and a wave's resources are too until the wave's own steps join them: on a machine with
/// several cores, a large wave's resources are built in as many parts at once, then each wave's
/// parts are joined and finished (a 50,000-resource plan has 300,000 steps).
std::vector<Runbook> buildWaves(const Plan &plan, const std::map<int, QList<Subject>> &byWave,
                                const std::map<int, WaveSchedule> &schedules,
                                const QStringList &prepared,
                                const QHash<QString, QList<std::pair<CheckKind, QString>>> &checks)
{
    const int threads = parallelThreads();
    struct Part
    {
        size_t wave;
        const QList<Subject> *subjects;
        qsizetype begin, end;
    };
    std::vector<int> numbers;
    std::vector<std::vector<Part>> partsOf;
    for (const auto &[wave, subjects] : byWave) {
        const qsizetype pieces = threads > 1 && subjects.size() >= 4096 ? threads : 1;
        std::vector<Part> parts;
        for (qsizetype p = 0; p < pieces; ++p)
            parts.push_back({numbers.size(), &subjects, subjects.size() * p / pieces,
                             subjects.size() * (p + 1) / pieces});
        numbers.push_back(wave);
        partsOf.push_back(std::move(parts));
    }
    std::vector<Part> parts;
    for (const std::vector<Part> &p : partsOf)
        parts.insert(parts.end(), p.begin(), p.end());
    std::vector<Runbook> runbooks(parts.size());
    std::vector<std::unique_ptr<Builder>> builders(parts.size());
    runInParallel(parts.size(), [&](size_t i) {
        const Part &part = parts[i];
        runbooks[i].waves = schedules;
        builders[i] = std::make_unique<Builder>(plan, &runbooks[i], numbers[part.wave]);
        Builder &b = *builders[i];
        b.setCheckIndex(&checks);
        if (part.begin == 0) {
            // Several sources onto one shared target (droplets onto one EKS cluster): the target
            // is built once, by the wave's first part.
            std::map<std::pair<QString, QString>, QList<const Subject *>> shared;
            for (const Subject &s : *part.subjects)
                if (isSharedTarget(s.mapping->targetService))
                    shared[{s.mapping->accountId, s.mapping->targetService}].append(&s);
            for (const auto &[key, sources] : shared)
                addSharedTarget(b, key.first, key.second, sources);
        }
        for (qsizetype k = part.begin; k < part.end; ++k)
            addResourceSteps(b, (*part.subjects)[k]);
    });
    // Each wave's first part takes over the others, then adds the wave's own steps.
    std::vector<size_t> firstPartOf;
    for (size_t i = 0; i < parts.size(); ++i)
        if (parts[i].begin == 0)
            firstPartOf.push_back(i);
    runInParallel(firstPartOf.size(), [&](size_t w) {
        const size_t first = firstPartOf[w];
        for (size_t i = first + 1; i < parts.size() && parts[i].wave == parts[first].wave; ++i)
            builders[first]->absorb(*builders[i]);
        builders[first]->finish(prepared);
        builders[first].reset();
    });
    std::vector<Runbook> out;
    for (size_t i : firstPartOf)
        out.push_back(std::move(runbooks[i]));
    return out;
}

} // namespace

Runbook generate(const Plan &plan)
{
    Runbook rb;
    if (plan.runbook)
        rb.waves = plan.runbook->waves;
    // The checks a gate may name: the plan's, and those --generate would add (target side).
    QHash<QString, QList<std::pair<CheckKind, QString>>> checkIndex;
    for (const auto &[id, c] : plan.checks)
        if (c.side != QLatin1String("source"))
            checkIndex[c.resource].append({c.kind, id});
    for (const Check &c : generateChecks(plan))
        if (c.side != QLatin1String("source"))
            checkIndex[c.resource].append({c.kind, c.id});
    // Preparation, for the whole plan: accounts, Terraform, the window, the checks.
    std::set<QString> accountsUsed;
    std::map<int, QList<Subject>> byWave;
    QList<Subject> retired;
    for (const auto &[id, m] : plan.mappings) {
        const Resource *r = plan.resource(id);
        if (!r || m.strategy == Strategy::Retain)
            continue;
        Subject s;
        s.resource = r;
        s.mapping = &m;
        s.category = categoryOf(*r);
        s.data = dataMoveOf(*r, m, &s.selfManaged);
        const Account *a = plan.organization.account(m.accountId);
        s.accountName = a ? a->name : m.accountId;
        if (m.strategy == Strategy::Retire) {
            retired.append(s);
            continue;
        }
        accountsUsed.insert(m.accountId);
        byWave[m.wave].append(s);
    }
    auto prep = [&](const QString &id, const QString &role, int minutes, const QString &title,
                    const QString &instructions, const QStringList &after,
                    StepKind kind = StepKind::Manual) {
        RunbookStep s;
        s.id = id;
        s.phase = RunbookPhase::Preparation;
        s.wave = 0;
        s.role = role;
        s.plannedMinutes = minutes;
        s.title = title;
        s.instructions = instructions;
        s.after = after;
        s.kind = kind;
        rb.steps.emplace(id, s);
        return id;
    };
    const QHash<QString, QString> folders = TerraformExport::accountFolders(plan.organization);
    QStringList prepared;
    const QString window = prep(
        QStringLiteral("preparation/agree-window/plan"), QStringLiteral("cutover lead"), 60,
        QStringLiteral("Agree the waves' dates, the go/no-go owner and the rollback criteria"),
        QStringLiteral("Each wave's cutover date and maintenance window, who decides go/no-go "
                       "and roll back, and the error rates that trigger a rollback. Share this "
                       "runbook with everyone who has a role in it."),
        {}, StepKind::Communication);
    prepared.append(window);
    for (const QString &accountId : accountsUsed) {
        const Account *a = plan.organization.account(accountId);
        const QString subject = QStringLiteral("account:") + accountId;
        const QString name = a ? a->name : accountId;
        const QString folder = Escape::shellWord(folders.value(accountId, accountId));
        const bool team = a && a->cloud == TargetCloud::DigitalOcean;
        const QString access = prep(
            QStringLiteral("preparation/confirm-access/") + subject, QStringLiteral("platform"), 30,
            QStringLiteral("Confirm access to account %1").arg(name),
            team ? QStringLiteral("The DigitalOcean team of %1 (%2, region %3) exists and a token "
                                  "of it with write scope is in `DIGITALOCEAN_TOKEN` (Terraform "
                                  "and doctl read it there; never in a file):\n\n")
                           .arg(Escape::markdownCode(name), environmentLabel(a->environment),
                                Escape::markdownCode(a->region)) +
                       Escape::markdownCodeBlock(
                           QStringLiteral(
                               "doctl account get --access-token \"$DIGITALOCEAN_TOKEN\""),
                           QStringLiteral("sh"))
                 : QStringLiteral("The account %1 (%2, region %3) exists in the organization and "
                                  "the migration role can be assumed:\n\n")
                           .arg(Escape::markdownCode(name),
                                a ? environmentLabel(a->environment) : QString(),
                                Escape::markdownCode(a ? a->region : QString())) +
                       Escape::markdownCodeBlock(
                           QStringLiteral("aws sts get-caller-identity --profile %1").arg(folder),
                           QStringLiteral("sh")),
            {window});
        // A team's Heroku apps take their config vars from Heroku straight into Terraform's
        // environment; applied without a saved plan, which would hold their values in a file.
        QStringList configVars;
        if (team) {
            const QStringList ids = plan.resourcesInAccount(accountId);
            const QHash<QString, QString> labels = TerraformExport::digitalOceanLabels(plan, ids);
            for (const QString &id : ids)
                if (const Resource *r = plan.resource(id);
                    r && r->type == QLatin1String("heroku_app") && labels.contains(id))
                    configVars.append(QStringLiteral("export TF_VAR_%1_config_vars=\"$(heroku "
                                                     "config --app %2 --json)\"")
                                          .arg(labels.value(id), Escape::shellWord(r->name)));
        }
        prepared.append(prep(
            QStringLiteral("preparation/apply-terraform/") + subject, QStringLiteral("platform"),
            60, QStringLiteral("Apply the Terraform of account %1").arg(name),
            configVars.isEmpty()
                ? QStringLiteral(
                      "Resolve every variable without a default and every `# TODO` (a block "
                      "restored from a "
                      "snapshot at the cutover is left out until its restore step sets its "
                      "`_snapshot` variable), then:\n\n") +
                      Escape::markdownCodeBlock(
                          QStringLiteral("cd %1\nterraform init\nterraform plan -out=tfplan\n"
                                         "terraform apply tfplan")
                              .arg(folder),
                          QStringLiteral("sh"))
                : QStringLiteral(
                      "Resolve every variable without a default and every `# TODO` (a block "
                      "restored from a "
                      "snapshot at the cutover is left out until its restore step sets its "
                      "`_snapshot` variable), then apply "
                      "with each Heroku app's config vars passed from Heroku into Terraform's "
                      "environment (their values never in a file, this runbook or the plan; "
                      "`terraform apply` without a saved plan file, which would hold them). "
                      "`DATABASE_URL` and `REDIS_URL` are left out: App Platform binds them to "
                      "the new databases. Config vars naming other Heroku add-ons "
                      "(`HEROKU_POSTGRESQL_*_URL`, an add-on's API token) still point at "
                      "Heroku: replace or drop them before the cutover.\n\n") +
                      Escape::markdownCodeBlock(
                          QStringLiteral("cd %1\n%2\nterraform init\nterraform apply\nunset %3")
                              .arg(folder, configVars.join(u'\n'),
                                   [&] {
                                       QStringList names;
                                       for (const QString &line : std::as_const(configVars))
                                           names.append(line.section(u'=', 0, 0).mid(7));
                                       return names.join(u' ');
                                   }()),
                          QStringLiteral("sh")),
            {access}));
        rb.steps[access].account = accountId;
        rb.steps[prepared.last()].account = accountId;
    }
    if (!plan.mappings.empty())
        prepared.append(
            prep(QStringLiteral("preparation/generate-checks/plan"), QStringLiteral("platform"), 30,
                 QStringLiteral("Generate the checks the gates need and trust them"),
                 QStringLiteral("Once each target's endpoint is in its mapping:\n\n") +
                     Escape::markdownCodeBlock(
                         QStringLiteral("ferry check PLAN.ferry.yaml --generate\nferry check "
                                        "PLAN.ferry.yaml --trust"),
                         QStringLiteral("sh")),
                 prepared));
    std::sort(prepared.begin(), prepared.end());

    std::vector<Runbook> waves = buildWaves(plan, byWave, rb.waves, prepared, checkIndex);
    std::vector<std::map<QString, RunbookStep> *> sorted{&rb.steps};
    for (Runbook &w : waves)
        sorted.push_back(&w.steps);
    rb.steps = mergeInIdOrder(sorted);

    if (!retired.isEmpty()) {
        // Retired resources: cleanup only, after the last wave's deadline (or preparation).
        const int last = byWave.empty() ? 0 : byWave.rbegin()->first;
        Builder b(plan, &rb, last);
        for (const Subject &s : retired) {
            RunbookStep &step =
                b.add(Stage::Cleanup, QStringLiteral("retire"), s.resource->id, s.resource->id,
                      QStringLiteral("Retire %1").arg(plainLabel(*s.resource)));
            step.instructions =
                QStringLiteral("Strategy retire: %1 is not migrated. Confirm nothing uses it any "
                               "more, keep a final backup where it holds data, then delete it.")
                    .arg(markdownLabel(*s.resource));
            if (byWave.empty())
                step.after = prepared;
        }
    }
    return rb;
}

Runbook merge(const Runbook &current, Runbook generated)
{
    Runbook out;
    out.waves = current.waves;
    // Both are in id order: one walk over the two, each step going in at the end.
    auto keepCurrent = [&out](const QString &id, const RunbookStep &c) {
        RunbookStep kept = c;
        kept.obsolete = c.origin != StepOrigin::User;
        out.steps.emplace_hint(out.steps.end(), id, std::move(kept));
    };
    auto cur = current.steps.cbegin();
    while (!generated.steps.empty()) {
        auto node = generated.steps.extract(generated.steps.begin());
        for (; cur != current.steps.cend() && cur->first < node.key(); ++cur)
            keepCurrent(cur->first, cur->second);
        if (cur != current.steps.cend() && cur->first == node.key()) {
            const RunbookStep &c = cur->second;
            if (c.origin != StepOrigin::Generated) {
                node.mapped() = c;
                node.mapped().obsolete = c.origin == StepOrigin::Deleted;
            }
            ++cur;
        }
        out.steps.insert(out.steps.end(), std::move(node));
    }
    for (; cur != current.steps.cend(); ++cur)
        keepCurrent(cur->first, cur->second);
    return out;
}

Runbook forPlan(const Plan &plan)
{
    Runbook generated = generate(plan);
    if (plan.runbook)
        return merge(*plan.runbook, std::move(generated));
    return generated; // moved, not copied (a conditional expression would copy it)
}

} // namespace Ferry::RunbookGenerator
