// SPDX-License-Identifier: MIT
#pragma once

#include "runbookschedule.h"
#include "runprogress.h"

#include <QAbstractItemModel>
#include <QDateTime>

namespace Ferry {

/// The runbook as operators see it in the Runbook view: one top-level row per window of the
/// schedule (a phase of a wave: "Cutover — wave 2, Staging"), the window's steps under it in
/// reading order (RunbookSchedule::order()).
///
/// Columns: step title, kind, state in the current run, role, planned duration, actual
/// duration (a live clock, h:mm:ss, on a running step), and who acted last. Steps on their
/// window's critical path are bold; a point of no return is dark red. Without a run every step
/// reads "not started"; a rollback window not rolling back reads "not due".
class RunbookModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        StepColumn,
        KindColumn,
        StateColumn,
        RoleColumn,
        PlannedColumn,
        ActualColumn,
        ActorColumn,
        ColumnCount
    };
    enum DataRole {
        StepIdRole = Qt::UserRole + 1, ///< the step's id (empty on a window row)
        RunbookRoleRole,               ///< the step's role ("dba"); on a window row, empty
        StepStateRole,                 ///< int(StepState), -1 on a window row or without a run
    };

    explicit RunbookModel(QObject *parent = nullptr);

    /// Shows `runbook` (resets the model; the schedule is computed here). The runbook shown
    /// before is freed on a pool thread: 300,000 steps take a third of a second to free.
    void setRunbook(Runbook runbook);
    const Runbook &runbook() const { return m_runbook; }
    const RunbookSchedule &schedule() const { return m_schedule; }

    /// The current run's state, or none (nullptr); not owned, it must outlive its use here
    /// (call again after it changed: the state columns are refreshed).
    void setProgress(const RunProgress *progress);
    bool hasProgress() const { return m_progress != nullptr; }
    /// The run's state (an empty one without a run).
    const RunProgress &progress() const;

    /// Advances the live clock to `now` (UTC): the Actual column of running steps changes.
    void tick(const QDateTime &now);

    /// The step a row shows; empty for a window row or an invalid index.
    QString stepId(const QModelIndex &index) const;
    /// The row (column 0) of step `id`; invalid when it is not scheduled.
    QModelIndex indexOf(const QString &id) const;
    /// Every role a step has, sorted.
    QStringList roles() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant windowData(int row, int column, int role) const;
    QVariant stepData(const RunbookStep &step, int column, int role) const;
    bool due(const RunbookStep &step) const;
    void emitStateChanged();

    Runbook m_runbook;
    RunbookSchedule m_schedule;
    QList<RunbookSchedule::Window> m_windows;
    QHash<QString, QPair<int, int>> m_rows; ///< step id → (window row, row in window)
    const RunProgress *m_progress = nullptr;
    QDateTime m_now;
};

} // namespace Ferry
