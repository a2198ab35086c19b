// SPDX-License-Identifier: MIT
#include "commands.h"

#include "mappingrules.h"
#include "plandocument.h"

#include <QCoreApplication>

namespace Ferry {

ChangeMappings::ChangeMappings(PlanDocument *doc, const QStringList &ids,
                               const QList<std::optional<Mapping>> &after, const QString &text)
    : QUndoCommand(text)
    , m_doc(doc)
{
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const Mapping *old = doc->plan().mapping(ids[i]);
        m_before.append({ids[i], old ? std::optional<Mapping>(*old) : std::nullopt});
        m_after.append({ids[i], after.value(i)});
    }
}

void ChangeMappings::undo()
{
    m_doc->applyMappings(m_before);
}

void ChangeMappings::redo()
{
    m_doc->applyMappings(m_after);
}

ChangeMappings *ChangeMappings::mapTo(PlanDocument *doc, const QStringList &ids,
                                      const QString &accountId)
{
    const Plan &plan = doc->plan();
    QStringList valid;
    QList<std::optional<Mapping>> after;
    for (const QString &id : ids) {
        const Resource *r = plan.resource(id);
        if (!r || valid.contains(id))
            continue;
        const Mapping *old = plan.mapping(id);
        Mapping m = old ? *old : Mapping();
        if (const Account *a = plan.organization.account(accountId)) {
            // Into an account of another cloud, the service is suggested again.
            const auto s = MappingRules::builtIn().suggestFor(*r, *a, old);
            m.targetService = s.service;
            m.strategy = s.strategy;
        }
        m.resourceId = id;
        m.accountId = accountId;
        valid.append(id);
        after.append(m);
    }
    const Account *a = plan.organization.account(accountId);
    const QString text = valid.size() == 1
                             ? QCoreApplication::translate("Ferry", "Map %1 to %2")
                                   .arg(plan.resource(valid[0])->name, a ? a->name : accountId)
                             : QCoreApplication::translate("Ferry", "Map %1 resources to %2")
                                   .arg(valid.size())
                                   .arg(a ? a->name : accountId);
    return new ChangeMappings(doc, valid, after, text);
}

ChangeMappings *ChangeMappings::unmap(PlanDocument *doc, const QStringList &ids)
{
    QStringList mapped;
    for (const QString &id : ids)
        if (doc->plan().mapping(id) && !mapped.contains(id))
            mapped.append(id);
    if (mapped.isEmpty())
        return nullptr;
    return new ChangeMappings(
        doc, mapped, QList<std::optional<Mapping>>(mapped.size()),
        mapped.size() == 1
            ? QCoreApplication::translate("Ferry", "Unmap %1")
                  .arg(doc->plan().resource(mapped[0])->name)
            : QCoreApplication::translate("Ferry", "Unmap %1 resources").arg(mapped.size()));
}

ChangeOrganization::ChangeOrganization(PlanDocument *doc, const Organization &after,
                                       const QString &text)
    : QUndoCommand(text)
    , m_doc(doc)
    , m_before(doc->plan().organization)
    , m_after(after)
{
    for (const auto &[id, m] : doc->plan().mappings)
        if (!after.account(m.accountId))
            m_removedMappings.append({id, m});
}

void ChangeOrganization::undo()
{
    m_doc->applyOrganization(m_before);
    if (!m_removedMappings.isEmpty())
        m_doc->applyMappings(m_removedMappings);
}

void ChangeOrganization::redo()
{
    if (!m_removedMappings.isEmpty()) {
        QList<QPair<QString, std::optional<Mapping>>> none;
        for (const auto &p : m_removedMappings)
            none.append({p.first, std::nullopt});
        m_doc->applyMappings(none);
    }
    m_doc->applyOrganization(m_after);
}

RenamePlan::RenamePlan(PlanDocument *doc, const QString &name)
    : QUndoCommand(QCoreApplication::translate("Ferry", "Rename plan to %1").arg(name))
    , m_doc(doc)
    , m_before(doc->plan().name)
    , m_after(name)
{}

void RenamePlan::undo()
{
    m_doc->applyName(m_before);
}

void RenamePlan::redo()
{
    m_doc->applyName(m_after);
}

ImportInventory::ImportInventory(PlanDocument *doc, Inventory imported, ImportReport *report)
    : m_doc(doc)
    , m_before(doc->plan().inventory)
{
    Plan scratch;
    scratch.inventory = m_before;
    scratch.applyImport(std::move(imported), report);
    m_after = std::move(scratch.inventory);
    const qsizetype n = report->added.size() + report->updated.size();
    setText(n == 1 ? QCoreApplication::translate("Ferry", "Import 1 resource")
                   : QCoreApplication::translate("Ferry", "Import %1 resources").arg(n));
}

void ImportInventory::undo()
{
    m_doc->applyInventory(m_before);
}

void ImportInventory::redo()
{
    m_doc->applyInventory(m_after);
}

ChangeChecks::ChangeChecks(PlanDocument *doc, std::map<QString, Check> after, const QString &text)
    : m_doc(doc)
    , m_before(doc->plan().checks)
    , m_after(std::move(after))
{
    setText(text);
}

void ChangeChecks::undo()
{
    m_doc->applyChecks(m_before);
}

void ChangeChecks::redo()
{
    m_doc->applyChecks(m_after);
}

ChangeChecks *ChangeChecks::addGenerated(PlanDocument *doc)
{
    std::map<QString, Check> after = doc->plan().checks;
    int added = 0;
    for (const Check &c : generateChecks(doc->plan()))
        added += after.emplace(c.id, c).second;
    if (added == 0)
        return nullptr;
    return new ChangeChecks(
        doc, std::move(after),
        added == 1 ? QCoreApplication::translate("Ferry", "Add 1 generated check")
                   : QCoreApplication::translate("Ferry", "Add %1 generated checks").arg(added));
}

ChangeChecks *ChangeChecks::remove(PlanDocument *doc, const QStringList &ids)
{
    std::map<QString, Check> after = doc->plan().checks;
    int removed = 0;
    for (const QString &id : ids)
        removed += int(after.erase(id));
    if (removed == 0)
        return nullptr;
    return new ChangeChecks(
        doc, std::move(after),
        removed == 1 ? QCoreApplication::translate("Ferry", "Remove 1 check")
                     : QCoreApplication::translate("Ferry", "Remove %1 checks").arg(removed));
}

ChangeRunbook::ChangeRunbook(PlanDocument *doc, Runbook after, const QString &text)
    : m_doc(doc)
    , m_before(doc->plan().runbook)
    , m_after(std::move(after))
{
    setText(text);
}

void ChangeRunbook::undo()
{
    m_doc->applyRunbook(m_before);
}

void ChangeRunbook::redo()
{
    m_doc->applyRunbook(m_after);
}

} // namespace Ferry
