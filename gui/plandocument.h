// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "plan.h"

#include <QObject>
#include <QUndoStack>

namespace Ferry {

/// The open plan in the GUI: owns the Plan, its undo stack and its file name, and is the one
/// place views hear about changes from (`changed`). Views never edit the plan directly: they
/// push undo commands (commands.h), which call the `apply…` functions below.
class PlanDocument : public QObject
{
    Q_OBJECT
public:
    /// What a change touched, so views can refresh only what they show.
    enum ChangeFlag {
        InventoryChanged = 1,
        OrganizationChanged = 2,
        MappingsChanged = 4,
        NameChanged = 8,
        ChecksChanged = 16,
        RunbookChanged = 32,
        AllChanged = 63
    };
    Q_DECLARE_FLAGS(Changes, ChangeFlag)

    /// An empty plan with the default organization and no file name.
    explicit PlanDocument(QObject *parent = nullptr);

    /// The plan as it is now (read-only: change it through undoStack()).
    const Plan &plan() const { return m_plan; }
    /// Every edit is a command pushed here.
    QUndoStack *undoStack() { return &m_undoStack; }
    /// Path of the plan file; empty for a new, unsaved plan.
    QString fileName() const { return m_fileName; }
    /// Where the plan's history is kept — the run log of checks and the run journal of
    /// runbook runs: the setting `checks/runLog` (a SQLite file or a team's `postgresql://`
    /// URI), else the SQLite file beside the plan (SqlStore::defaultLocation); empty for a plan
    /// never saved.
    QString historyStore() const;
    /// True when there are changes since the last load or save.
    bool isModified() const { return !m_undoStack.isClean(); }

    /// Replaces the whole plan (New, Open); clears the undo stack.
    void reset(Plan plan, const QString &fileName);
    /// Loads a plan file. On error returns false, sets `error` and keeps the current plan.
    bool load(const QString &fileName, FileError *error);
    /// Saves atomically to `fileName` and marks the stack clean.
    bool save(const QString &fileName, FileError *error);

    // Called by undo commands only.
    void applyMappings(const QList<QPair<QString, std::optional<Mapping>>> &changes);
    /// Replaces the organization (ChangeOrganization only).
    void applyOrganization(const Organization &org);
    /// Sets the plan's name (RenamePlan only).
    void applyName(const QString &name);
    /// Replaces the inventory (ImportInventory only).
    void applyInventory(const Inventory &inventory);
    /// Replaces the connection checks (ChangeChecks only).
    void applyChecks(const std::map<QString, Check> &checks);
    /// Replaces the plan's own runbook; nullopt: the plan has none and uses the generated one
    /// (ChangeRunbook only).
    void applyRunbook(const std::optional<Runbook> &runbook);

signals:
    /// The plan changed; `what` says which parts.
    void changed(Ferry::PlanDocument::Changes what);
    /// The plan was opened from or saved to another file.
    void fileNameChanged(const QString &fileName);

private:
    Plan m_plan;
    QUndoStack m_undoStack;
    QString m_fileName;
};

} // namespace Ferry

Q_DECLARE_OPERATORS_FOR_FLAGS(Ferry::PlanDocument::Changes)
