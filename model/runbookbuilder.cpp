// SPDX-License-Identifier: MIT
// The Builder of the runbook generator: a wave's chains of steps, its own steps (openings,
// milestones, go/no-go, monitoring) and the order of its rollback (runbookbuilder.h).
#include "runbookbuilder.h"

#include "terraformexport.h"

#include <algorithm>

namespace Ferry::RunbookGenerator {

namespace {

RunbookPhase phaseOf(Stage stage)
{
    switch (stage) {
    case Stage::WeekBefore:
        return RunbookPhase::WeekBefore;
    case Stage::DayBefore:
        return RunbookPhase::DayBefore;
    case Stage::Stop:
    case Stage::Data:
    case Stage::Start:
    case Stage::Switch:
        return RunbookPhase::Cutover;
    case Stage::Verification:
        return RunbookPhase::Verification;
    case Stage::Cleanup:
        return RunbookPhase::Cleanup;
    }
    return RunbookPhase::Cutover;
}

/// The subject part of a step id (`<phase>/<action>/<subject>`).
QString subjectOf(const QString &id)
{
    const qsizetype first = id.indexOf(u'/');
    const qsizetype second = first < 0 ? -1 : id.indexOf(u'/', first + 1);
    return second < 0 ? id : id.mid(second + 1);
}

QString hoursText(int hours)
{
    return hours == 1 ? QStringLiteral("1 hour") : QStringLiteral("%1 hours").arg(hours);
}

} // namespace

std::map<QString, RunbookStep>
mergeInIdOrder(const std::vector<std::map<QString, RunbookStep> *> &parts)
{
    std::map<QString, RunbookStep> out;
    for (;;) {
        std::map<QString, RunbookStep> *first = nullptr;
        for (std::map<QString, RunbookStep> *p : parts)
            if (!p->empty() && (!first || p->begin()->first < first->begin()->first))
                first = p;
        if (!first)
            return out;
        // At the end, found with one comparison; a step of an id already there stays in the
        // node handle and is freed with it.
        out.insert(out.end(), first->extract(first->begin()));
    }
}

const Builder::TerraformNames &Builder::terraformNames(const QString &account) const
{
    if (auto it = m_terraformNames.constFind(account); it != m_terraformNames.cend())
        return it.value();
    if (m_folders.isEmpty())
        m_folders = TerraformExport::accountFolders(m_plan.organization);
    TerraformNames names;
    names.folder = m_folders.value(account, account);
    const Account *a = m_plan.organization.account(account);
    const QStringList ids = m_plan.resourcesInAccount(account);
    names.labels = a && a->cloud == TargetCloud::DigitalOcean
                       ? TerraformExport::digitalOceanLabels(m_plan, ids)
                       : TerraformExport::awsLabels(m_plan, names.folder, ids);
    if (!a || a->cloud == TargetCloud::Aws)
        for (const QString &id : ids) {
            const Resource *r = m_plan.resource(id);
            const Mapping *m = m_plan.mapping(id);
            const QString ip = r ? r->attributes.value(QStringLiteral("ipv4")) : QString();
            if (!ip.isEmpty() && m && names.labels.contains(id) &&
                (m->targetService == QLatin1String("aws_lb") ||
                 m->targetService == QLatin1String("aws_alb") ||
                 m->targetService == QLatin1String("aws_eip")))
                names.addressOwners.insert(ip, m->targetService);
        }
    return m_terraformNames.insert(account, std::move(names)).value();
}

Builder::Builder(const Plan &plan, Runbook *out, int wave)
    : m_plan(plan)
    , m_out(out)
    , m_wave(wave)
    , m_waveSubject(QStringLiteral("wave-%1").arg(wave))
{
    const QString &w = m_waveSubject;
    m_openings[size_t(Stage::WeekBefore)] = QStringLiteral("week-before/announce-date/") + w;
    m_openings[size_t(Stage::DayBefore)] = QStringLiteral("day-before/freeze-changes/") + w;
    m_openings[size_t(Stage::Stop)] = QStringLiteral("cutover/announce-start/") + w;
    m_openings[size_t(Stage::Data)] = QStringLiteral("cutover/writes-stopped/") + w;
    m_openings[size_t(Stage::Start)] = QStringLiteral("cutover/data-moved/") + w;
    m_openings[size_t(Stage::Switch)] = QStringLiteral("cutover/point-of-no-return/") + w;
    m_openings[size_t(Stage::Verification)] = QStringLiteral("cutover/announce-live/") + w;
    m_openings[size_t(Stage::Cleanup)] = QStringLiteral("cleanup/rollback-deadline/") + w;
}

QStringList Builder::checks(const QString &id, CheckKind kind) const
{
    QStringList out;
    if (m_checkIndex)
        for (const auto &[k, checkId] : m_checkIndex->value(id))
            if (k == kind)
                out.append(checkId);
    std::sort(out.begin(), out.end());
    out.removeDuplicates();
    return out;
}

RunbookStep &Builder::insert(RunbookStep step, const QString &action)
{
    step.wave = m_wave;
    std::sort(step.after.begin(), step.after.end());
    const QString id = step.id;
    std::map<QString, RunbookStep>::iterator it;
    if (action.isEmpty()) {
        it = m_out->steps.insert_or_assign(id, std::move(step)).first;
    } else {
        const std::pair<int, QString> key{int(step.phase), action};
        auto last = m_lastOfAction.find(key);
        const auto hint = last == m_lastOfAction.end() ? m_out->steps.end() : std::next(*last);
        it = m_out->steps.insert_or_assign(hint, id, std::move(step));
        if (last == m_lastOfAction.end())
            m_lastOfAction.insert(key, it);
        else
            *last = it;
    }
    m_last = &it->second;
    return it->second;
}

RunbookStep &Builder::stepById(const QString &id)
{
    if (m_last && m_last->id == id)
        return *m_last;
    return m_out->steps.at(id);
}

RunbookStep &Builder::add(Stage stage, const QString &action, const QString &subject,
                          const QString &chain, const QString &title)
{
    RunbookStep s;
    s.phase = phaseOf(stage);
    s.id = runbookPhaseName(s.phase) + u'/' + action + u'/' + subject;
    s.title = title;
    std::vector<Chain> &chains = m_chains[size_t(stage)];
    Chain *chainOfStep = nullptr;
    if (chain.isEmpty()) {
        chainOfStep = &chains.emplace_back(); // a chain of its own
    } else {
        if (chain != m_lastChain) {
            m_lastChain = chain;
            m_lastMapping = m_plan.mapping(chain);
            auto slot = m_chainSlotOf.find(chain);
            if (slot == m_chainSlotOf.end()) {
                slot = m_chainSlotOf.insert(chain, int(m_chainSlots.size()));
                m_chainSlots.emplace_back().fill(-1);
            }
            m_lastChainSlot = slot.value();
        }
        if (m_lastMapping) {
            s.resource = chain;
            s.account = m_lastMapping->accountId;
        }
        int &index = m_chainSlots[size_t(m_lastChainSlot)][size_t(stage)];
        if (index < 0) {
            index = int(chains.size());
            chains.emplace_back();
        }
        chainOfStep = &chains[size_t(index)];
    }
    Chain &c = *chainOfStep;
    s.after = {c.empty() ? opening(stage) : c.back()->id};
    RunbookStep &added = insert(std::move(s), action);
    c.push_back(&added);
    return added;
}

RunbookStep &Builder::addRollback(const QString &forwardId, const QString &action,
                                  const QString &title)
{
    RunbookStep &forward = stepById(forwardId);
    RunbookStep s;
    s.phase = RunbookPhase::Rollback;
    s.id = QStringLiteral("rollback/") + action + u'/' + subjectOf(forwardId);
    s.title = title;
    s.resource = forward.resource;
    s.account = forward.account;
    forward.rollback = s.id;
    RunbookStep &added = insert(std::move(s), action);
    m_rollbackOf.insert(&forward, &added);
    return added;
}

void Builder::absorb(Builder &other)
{
    // Each part has resources of its own, so no id is in both.
    m_out->steps = mergeInIdOrder({&m_out->steps, &other.m_out->steps});
    std::array<int, StageCount> offsets{};
    for (size_t stage = 0; stage < StageCount; ++stage) {
        offsets[stage] = int(m_chains[stage].size());
        for (Chain &c : other.m_chains[stage])
            m_chains[stage].push_back(std::move(c));
        other.m_chains[stage].clear();
    }
    for (auto it = other.m_chainSlotOf.cbegin(); it != other.m_chainSlotOf.cend(); ++it) {
        std::array<int, StageCount> indices = other.m_chainSlots[size_t(it.value())];
        for (size_t stage = 0; stage < StageCount; ++stage)
            if (indices[stage] >= 0)
                indices[stage] += offsets[stage];
        m_chainSlotOf.insert(it.key(), int(m_chainSlots.size()));
        m_chainSlots.push_back(indices);
    }
    m_rollbackOf.insert(other.m_rollbackOf);
    other.m_chainSlots.clear();
    other.m_chainSlotOf.clear();
    other.m_rollbackOf.clear();
    other.m_lastOfAction.clear();
    other.m_last = nullptr;
    other.m_lastChain.clear();
    other.m_lastChainSlot = -1;
    m_lastOfAction.clear(); // hints into the map before the merge
    m_last = nullptr;
    m_lastChain.clear();
    m_lastChainSlot = -1;
    m_lastMapping = nullptr;
}

void Builder::finish(const QStringList &after)
{
    const QString w = waveSubject();
    const int n = m_wave;
    // The ends of a stage's chains, or its opening when it has none.
    auto ends = [&](Stage stage) {
        QStringList out;
        out.reserve(qsizetype(m_chains[size_t(stage)].size()));
        for (const Chain &c : m_chains[size_t(stage)])
            out.append(c.back()->id);
        return out.isEmpty() ? QStringList{opening(stage)} : out;
    };
    auto own = [&](RunbookPhase phase, const QString &id, StepKind kind, const QString &role,
                   int minutes, const QString &title, const QString &instructions,
                   const QStringList &before) -> RunbookStep & {
        RunbookStep s;
        s.id = id;
        s.phase = phase;
        s.kind = kind;
        s.role = role;
        s.plannedMinutes = minutes;
        s.title = title;
        s.instructions = instructions;
        s.after = before;
        return insert(std::move(s));
    };
    const QString lead = QStringLiteral("cutover lead");
    const QString comms = QStringLiteral("communications");
    const WaveSchedule schedule = m_out->wave(n);

    own(RunbookPhase::WeekBefore, opening(Stage::WeekBefore), StepKind::Communication, comms, 15,
        QStringLiteral("Announce the wave %1 cutover date to stakeholders and users").arg(n),
        QStringLiteral("Say when the maintenance window starts, how long it is planned to last "
                       "and who to call; post it on the status page."),
        after);
    own(RunbookPhase::DayBefore, opening(Stage::DayBefore), StepKind::Communication, lead, 10,
        QStringLiteral("Freeze deploys and schema changes for wave %1").arg(n),
        QStringLiteral("Tell every team that merges to the services of this wave: no deploy and "
                       "no migration until the wave is signed off."),
        ends(Stage::WeekBefore));
    const QString goNoGo = QStringLiteral("day-before/go-no-go/") + w;
    own(RunbookPhase::DayBefore, goNoGo, StepKind::Communication, lead, 30,
        QStringLiteral("Go/no-go call for wave %1").arg(n),
        QStringLiteral("Every day-before step is done and every gate passed; the owners of each "
                       "stream and the rollback owner are on the call. Record the decision."),
        ends(Stage::DayBefore));
    own(RunbookPhase::Cutover, opening(Stage::Stop), StepKind::Communication, comms, 5,
        QStringLiteral("Announce the start of the wave %1 maintenance window").arg(n),
        QStringLiteral("Status page and the migration channel: maintenance has begun."), {goNoGo});
    own(RunbookPhase::Cutover, opening(Stage::Data), StepKind::Milestone, lead, 0,
        QStringLiteral("Wave %1: every writer is stopped").arg(n),
        QStringLiteral("Nothing writes to the source data stores of this wave any more; the data "
                       "streams may begin."),
        ends(Stage::Stop));
    own(RunbookPhase::Cutover, opening(Stage::Start), StepKind::Milestone, lead, 0,
        QStringLiteral("Wave %1: the data is on the targets").arg(n),
        QStringLiteral("Every data stream of this wave has passed its gate."), ends(Stage::Data));
    RunbookStep &pnr = own(
        RunbookPhase::Cutover, opening(Stage::Switch), StepKind::Milestone, lead, 5,
        QStringLiteral("Wave %1: point of no return").arg(n),
        QStringLiteral("From the next step on, clients write to the targets. Rolling back after "
                       "it loses those writes unless they are copied back to the sources."),
        ends(Stage::Start));
    pnr.pointOfNoReturn = true;
    own(RunbookPhase::Cutover, opening(Stage::Verification), StepKind::Communication, comms, 5,
        QStringLiteral("Announce that wave %1 is live on the targets").arg(n),
        QStringLiteral("Status page and the migration channel: the maintenance window is over; "
                       "watch for reports."),
        ends(Stage::Switch));
    const QString monitor = QStringLiteral("verification/monitor/") + w;
    own(RunbookPhase::Verification, monitor, StepKind::Manual, QStringLiteral("on-call"),
        schedule.monitoringHours * 60,
        QStringLiteral("Watch wave %1 for %2").arg(n).arg(hoursText(schedule.monitoringHours)),
        QStringLiteral("Error rates, latency, queue depths and the logs of every migrated service; "
                       "compare with the source's usual figures. Roll back on the criteria "
                       "agreed at the go/no-go call."),
        ends(Stage::Verification));
    const QString signOff = QStringLiteral("verification/sign-off/") + w;
    own(RunbookPhase::Verification, signOff, StepKind::Communication, lead, 15,
        QStringLiteral("Sign off wave %1").arg(n),
        QStringLiteral("The go/no-go owner confirms the wave is done; deploys may resume."),
        {monitor});
    RunbookStep &deadline =
        own(RunbookPhase::Cleanup, opening(Stage::Cleanup), StepKind::Milestone, lead, 0,
            QStringLiteral("Wave %1: rollback deadline passed").arg(n),
            QStringLiteral("%1 after the point of no return the sources are no longer a way back; "
                           "cleanup may begin.")
                .arg(hoursText(schedule.rollbackHours)),
            {signOff});
    deadline.notBefore = {{opening(Stage::Switch), schedule.rollbackHours * 60}};

    // Rollback: the inverses of the cutover steps, latest first. Each stage is undone after
    // the one that followed it (a milestone closes each): a resource's inverses run as its
    // chain reversed, the resources of a stage in parallel.
    const QString decide = QStringLiteral("rollback/decide/") + w;
    struct Undo
    {
        Stage stage;
        const char *action;
        QString title;
    };
    const Undo undos[] = {
        {Stage::Switch, "switched-back", QStringLiteral("Wave %1: traffic is back on the sources")},
        {Stage::Start, "targets-stopped", QStringLiteral("Wave %1: the targets are stopped")},
        {Stage::Data, "sources-kept", QStringLiteral("Wave %1: the sources hold the data")},
        {Stage::Stop, "sources-running", QStringLiteral("Wave %1: the sources run again")},
    };
    QString previous = decide;
    for (const Undo &u : undos) {
        QStringList ends;
        for (const Chain &c : m_chains[size_t(u.stage)]) {
            QString before = previous;
            for (auto it = c.crbegin(); it != c.crend(); ++it) {
                RunbookStep *rollback = m_rollbackOf.value(*it);
                if (!rollback || rollback->id != (*it)->rollback)
                    continue;
                rollback->after = {before};
                before = rollback->id;
            }
            if (before != previous)
                ends.append(before);
        }
        if (ends.isEmpty())
            continue;
        const QString milestone = QStringLiteral("rollback/%1/").arg(QLatin1String(u.action)) + w;
        own(RunbookPhase::Rollback, milestone, StepKind::Milestone, lead, 0, u.title.arg(n),
            QString(), ends);
        previous = milestone;
    }
    if (previous != decide) {
        own(RunbookPhase::Rollback, decide, StepKind::Communication, lead, 10,
            QStringLiteral("Decide to roll back wave %1").arg(n),
            QStringLiteral("The go/no-go owner calls the rollback and says why; announce it on the "
                           "status page. Then undo what was done, latest first: only the steps "
                           "below whose cutover step was done."),
            {});
        own(RunbookPhase::Rollback, QStringLiteral("rollback/announce-done/") + w,
            StepKind::Communication, comms, 5,
            QStringLiteral("Announce that wave %1 is back on the sources").arg(n),
            QStringLiteral("Status page and the migration channel: the rollback is complete; "
                           "say when the next attempt is planned."),
            {previous});
    }
}

} // namespace Ferry::RunbookGenerator
