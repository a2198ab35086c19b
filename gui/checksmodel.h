// SPDX-License-Identifier: MIT
#pragma once

#include "checkrunner.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Ferry {

class PlanDocument;

/// The plan's connection checks as a table, one row per check in id order, with the latest
/// result of each (from this session's runs): status, check id, kind, target, result message,
/// latency in milliseconds. Follows the document's ChecksChanged; results survive edits of the
/// checks they belong to and go with a new or opened plan.
class ChecksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StatusColumn,
        IdColumn,
        KindColumn,
        TargetColumn,
        ResultColumn,
        LatencyColumn,
        ColumnCount
    };
    /// Qt::UserRole on any column: the check's id.
    static constexpr int IdRole = Qt::UserRole;

    explicit ChecksModel(PlanDocument *doc, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    /// The check's id of `row`.
    QString checkId(int row) const { return m_ids.value(row); }
    /// The latest result of check `id`: status NotRun when none.
    CheckResult result(const QString &id) const;
    /// Records a result (running, or finished) and updates its row.
    void setResult(const CheckResult &result);
    /// Forgets every result (a new or opened plan).
    void clearResults();

private:
    void rebuild();

    PlanDocument *m_doc;
    QStringList m_ids;
    QHash<QString, CheckResult> m_results;
};

} // namespace Ferry
