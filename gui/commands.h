// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QUndoCommand>

#include <optional>

namespace Ferry {

class PlanDocument;

/// Undo command ids used for merging consecutive edits.
enum CommandId { ChangeMappingsId = 1 };

/// Sets, changes or removes the mappings of any number of resources in one step (drop onto an
/// account, Delete, a property edit on a multi-selection, `ferry map`). Stores ids and values,
/// never pointers, so it survives re-imports.
class ChangeMappings : public QUndoCommand
{
public:
    /// `after[i]` is the new mapping of `ids[i]`; nullopt unmaps.
    ChangeMappings(PlanDocument *doc, const QStringList &ids,
                   const QList<std::optional<Mapping>> &after, const QString &text);
    void undo() override;
    void redo() override;

    /// "Map 3 resources to production", using the account's display name.
    static ChangeMappings *mapTo(PlanDocument *doc, const QStringList &ids,
                                 const QString &accountId);
    /// "Unmap 2 resources"; nullptr when none of `ids` is mapped.
    static ChangeMappings *unmap(PlanDocument *doc, const QStringList &ids);

private:
    PlanDocument *m_doc;
    QList<QPair<QString, std::optional<Mapping>>> m_before;
    QList<QPair<QString, std::optional<Mapping>>> m_after;
};

/// Replaces the organization (add, rename, remove an account or OU). Removing an account also
/// unmaps its resources; undo restores both.
class ChangeOrganization : public QUndoCommand
{
public:
    /// `after` is the whole organization as it should be; `text` the undo text.
    ChangeOrganization(PlanDocument *doc, const Organization &after, const QString &text);
    void undo() override;
    void redo() override;

private:
    PlanDocument *m_doc;
    Organization m_before;
    Organization m_after;
    QList<QPair<QString, std::optional<Mapping>>> m_removedMappings;
};

/// Renames the plan (its `name`, shown in the title bar and the runbook).
class RenamePlan : public QUndoCommand
{
public:
    RenamePlan(PlanDocument *doc, const QString &name);
    void undo() override;
    void redo() override;

private:
    PlanDocument *m_doc;
    QString m_before;
    QString m_after;
};

/// Merges an import into the plan as one step; undo restores the inventory as it was.
class ImportInventory : public QUndoCommand
{
public:
    /// Computes the merged inventory now (filling `report`); redo() installs it.
    ImportInventory(PlanDocument *doc, Inventory imported, ImportReport *report);
    void undo() override;
    void redo() override;

private:
    PlanDocument *m_doc;
    Inventory m_before;
    Inventory m_after;
};

/// Replaces the plan's connection checks in one step: Generate Checks, Remove Check.
class ChangeChecks : public QUndoCommand
{
public:
    /// `after` is the whole set of checks as it should be; `text` the undo text.
    ChangeChecks(PlanDocument *doc, std::map<QString, Check> after, const QString &text);
    void undo() override;
    void redo() override;

    /// "Add 5 generated checks"; nullptr when generateChecks() finds none that are new.
    static ChangeChecks *addGenerated(PlanDocument *doc);
    /// "Remove 2 checks"; nullptr when none of `ids` is a check of the plan.
    static ChangeChecks *remove(PlanDocument *doc, const QStringList &ids);

private:
    PlanDocument *m_doc;
    std::map<QString, Check> m_before;
    std::map<QString, Check> m_after;
};

/// Replaces the plan's runbook in one step: add, edit, delete a step, change its predecessors.
/// The first edit writes the runbook the plan used (generated, when it had none) into the plan.
class ChangeRunbook : public QUndoCommand
{
public:
    /// `after` is the whole runbook as it should be; `text` the undo text.
    ChangeRunbook(PlanDocument *doc, Runbook after, const QString &text);
    void undo() override;
    void redo() override;

private:
    PlanDocument *m_doc;
    std::optional<Runbook> m_before;
    Runbook m_after;
};

} // namespace Ferry
