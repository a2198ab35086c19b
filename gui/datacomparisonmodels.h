// SPDX-License-Identifier: MIT
#pragma once

#include "datacompare.h"

#include <QAbstractTableModel>

#include <memory>

namespace Ferry {

/// The tables of a data check, one row each: while it runs their progress (phase, rows hashed,
/// segments left; DataTableProgress), once done their outcome (TableComparison: status, exact
/// row counts of both sides, rows missing / extra / different).
class DataTablesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TableColumn,
        StatusColumn,
        SourceRowsColumn,
        TargetRowsColumn,
        MissingColumn,
        ExtraColumn,
        DifferentColumn,
        ProgressColumn,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    /// Shows a finished comparison (null: empty).
    void setComparison(std::shared_ptr<const DataComparison> comparison);
    /// Shows a running comparison's tables.
    void setProgress(const QList<DataTableProgress> &tables);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    std::shared_ptr<const DataComparison> m_comparison;
    QList<DataTableProgress> m_progress;
};

/// The differing rows of a data check with both sides' values side by side: for a row in both
/// sides with other values, one line per column whose values differ (the columns of the rows'
/// `row_to_json` texts); for a row on one side only, one line with the whole row on that side
/// and "—" on the other.
class DataDifferencesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TableColumn,
        KeyColumn,
        KindColumn,
        FieldColumn,
        SourceColumn,
        TargetColumn,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    /// One line of the table.
    struct Line
    {
        QString table, key, kind, column, source, target;
        /// The whole rows as fetched (`row_to_json` text, exact: numbers as PostgreSQL printed
        /// them, where `source` and `target` show JSON's reading of the value), for tooltips.
        QString sourceRow, targetRow;
    };

    /// Shows the differences of `comparison` (null: none).
    void setComparison(const std::shared_ptr<const DataComparison> &comparison);
    const QList<Line> &lines() const { return m_lines; }

    /// The lines one differing row gives (see the class comment), the columns in the order of
    /// `columns` (the table's, TableComparison::columnsCompared) and any others after them;
    /// `column` "(row)" stands for the whole row.
    static QList<Line> linesOf(const QString &table, const QStringList &columns,
                               const RowDifference &difference);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    std::shared_ptr<const DataComparison> m_comparison;
    QList<Line> m_lines;
};

} // namespace Ferry
