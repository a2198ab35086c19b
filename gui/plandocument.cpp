// SPDX-License-Identifier: MIT
#include "plandocument.h"

#include "planfile.h"
#include "sqlstore.h"

#include <QFileInfo>
#include <QSettings>

namespace Ferry {

PlanDocument::PlanDocument(QObject *parent)
    : QObject(parent)
{}

void PlanDocument::reset(Plan plan, const QString &fileName)
{
    m_undoStack.clear();
    m_plan = std::move(plan);
    m_fileName = fileName;
    emit fileNameChanged(m_fileName);
    emit changed(AllChanged);
}

bool PlanDocument::load(const QString &fileName, FileError *error)
{
    Plan plan;
    if (!PlanFile::load(fileName, &plan, error))
        return false;
    reset(std::move(plan), fileName);
    return true;
}

bool PlanDocument::save(const QString &fileName, FileError *error)
{
    if (!PlanFile::save(m_plan, fileName, error))
        return false;
    m_fileName = fileName;
    m_undoStack.setClean();
    emit fileNameChanged(m_fileName);
    return true;
}

void PlanDocument::applyMappings(const QList<QPair<QString, std::optional<Mapping>>> &changes)
{
    for (const auto &[id, mapping] : changes) {
        if (mapping)
            m_plan.setMapping(*mapping);
        else
            m_plan.unmap(id);
    }
    emit changed(MappingsChanged);
}

void PlanDocument::applyOrganization(const Organization &org)
{
    m_plan.organization = org;
    emit changed(OrganizationChanged | MappingsChanged);
}

void PlanDocument::applyName(const QString &name)
{
    m_plan.name = name;
    emit changed(NameChanged);
}

void PlanDocument::applyInventory(const Inventory &inventory)
{
    m_plan.inventory = inventory;
    // Mappings of resources that no longer exist stay in the undo command, not in the plan.
    emit changed(InventoryChanged | MappingsChanged);
}

void PlanDocument::applyChecks(const std::map<QString, Check> &checks)
{
    m_plan.checks = checks;
    emit changed(ChecksChanged);
}

QString PlanDocument::historyStore() const
{
    const QString set = QSettings().value(QStringLiteral("checks/runLog")).toString();
    if (!set.isEmpty())
        return set;
    return m_fileName.isEmpty()
               ? QString()
               : SqlStore::defaultLocation(QFileInfo(m_fileName).absoluteFilePath());
}

void PlanDocument::applyRunbook(const std::optional<Runbook> &runbook)
{
    m_plan.runbook = runbook;
    emit changed(RunbookChanged);
}

} // namespace Ferry
