// SPDX-License-Identifier: MIT
#include "datacomparisonmodels.h"

#include "escaping.h"
#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Ferry {

namespace {

QString count(qint64 n)
{
    return n < 0 ? QStringLiteral("—") : QLocale().toString(n);
}

/// A JSON value as a person reads it: strings without quotes, null as NULL, the rest compact.
QString display(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Null:
        return QStringLiteral("NULL");
    case QJsonValue::Undefined:
        return QStringLiteral("—");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QString::fromUtf8(
            QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
    }
}

} // namespace

void DataTablesModel::setComparison(std::shared_ptr<const DataComparison> comparison)
{
    if (comparison == m_comparison && m_progress.isEmpty())
        return; // shown already: keep the view's selection and scroll position
    beginResetModel();
    m_comparison = std::move(comparison);
    m_progress.clear();
    endResetModel();
}

void DataTablesModel::setProgress(const QList<DataTableProgress> &tables)
{
    if (!m_comparison && tables.size() == m_progress.size()) {
        bool same = true;
        for (qsizetype i = 0; i < tables.size() && same; ++i)
            same = tables[i].table == m_progress[i].table;
        if (same) { // the same tables, further on: update in place (keeps the selection)
            m_progress = tables;
            if (!tables.isEmpty())
                emit dataChanged(index(0, 0), index(int(tables.size()) - 1, ColumnCount - 1));
            return;
        }
    }
    beginResetModel();
    m_comparison.reset();
    m_progress = tables;
    endResetModel();
}

int DataTablesModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_comparison ? m_comparison->tables.size() : m_progress.size());
}

int DataTablesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DataTablesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    if (role == Qt::TextAlignmentRole && column >= SourceRowsColumn && column <= DifferentColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (m_comparison) {
        const TableComparison &t = m_comparison->tables[index.row()];
        if (role == Qt::ForegroundRole && column == StatusColumn &&
            t.status != TableComparison::Status::Identical)
            return QBrush(QColor(0xb0, 0x20, 0x20));
        if (role == Qt::ToolTipRole)
            return Escape::qtRichText(
                (QStringList{t.method.isEmpty() ? QString() : tr("compared by %1").arg(t.method)} +
                 t.notes + QStringList{t.error})
                    .join(u'\n')
                    .trimmed());
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case TableColumn:
            return t.qualifiedName();
        case StatusColumn:
            return tableStatusName(t.status);
        case SourceRowsColumn:
            return count(t.sourceRows);
        case TargetRowsColumn:
            return count(t.targetRows);
        case MissingColumn:
            return count(t.missingInTarget);
        case ExtraColumn:
            return count(t.extraInTarget);
        case DifferentColumn:
            return count(t.different);
        case ProgressColumn:
            return t.error.isEmpty()
                       ? tr("%1 queries, %2 s").arg(t.queries).arg(t.seconds, 0, 'f', 2)
                       : t.error;
        }
        return {};
    }
    const DataTableProgress &p = m_progress[index.row()];
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case TableColumn:
        return p.table;
    case StatusColumn:
        return p.phase;
    case SourceRowsColumn:
    case TargetRowsColumn:
    case MissingColumn:
    case ExtraColumn:
    case DifferentColumn:
        return QString();
    case ProgressColumn:
        if (p.phase == QLatin1String("waiting") || p.phase == QLatin1String("hashing"))
            return p.estimatedRows >= 0 ? tr("about %1 rows").arg(count(p.estimatedRows))
                                        : QString();
        return tr("%1 rows hashed, %2 segments left").arg(count(p.rowsHashed)).arg(p.segmentsLeft);
    }
    return {};
}

QVariant DataTablesModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TableColumn:
        return tr("Table");
    case StatusColumn:
        return tr("Status");
    case SourceRowsColumn:
        return tr("Source rows");
    case TargetRowsColumn:
        return tr("Target rows");
    case MissingColumn:
        return tr("Missing");
    case ExtraColumn:
        return tr("Extra");
    case DifferentColumn:
        return tr("Different");
    case ProgressColumn:
        return tr("Progress");
    }
    return {};
}

QList<DataDifferencesModel::Line> DataDifferencesModel::linesOf(const QString &table,
                                                                const QStringList &order,
                                                                const RowDifference &d)
{
    const QString key = d.key.join(QStringLiteral(", "));
    const QString kind = rowDifferenceKindName(d.kind);
    const QString absent = QStringLiteral("—");
    const QString row = QStringLiteral("(row)");
    if (d.kind == RowDifference::Kind::MissingInTarget)
        return {{table, key, kind, row, d.sourceRow.isEmpty() ? absent : d.sourceRow, absent}};
    if (d.kind == RowDifference::Kind::ExtraInTarget)
        return {{table, key, kind, row, absent, d.targetRow.isEmpty() ? absent : d.targetRow}};
    const QJsonObject a = QJsonDocument::fromJson(d.sourceRow.toUtf8()).object();
    const QJsonObject b = QJsonDocument::fromJson(d.targetRow.toUtf8()).object();
    QList<Line> out;
    QStringList columns = order;
    for (const QJsonObject *o : {&a, &b})
        for (const QString &k : o->keys())
            if (!columns.contains(k))
                columns.append(k);
    for (const QString &c : columns)
        if (a.value(c) != b.value(c))
            out.append({table, key, kind, c, display(a.value(c)), display(b.value(c)), d.sourceRow,
                        d.targetRow});
    // Rows that differ only in ways their JSON texts do not show (or that were not fetched):
    // the two texts as they are.
    if (out.isEmpty())
        out.append({table, key, kind, row, d.sourceRow.isEmpty() ? absent : d.sourceRow,
                    d.targetRow.isEmpty() ? absent : d.targetRow});
    return out;
}

void DataDifferencesModel::setComparison(const std::shared_ptr<const DataComparison> &comparison)
{
    if (comparison == m_comparison)
        return; // shown already: keep the view's selection and scroll position
    beginResetModel();
    m_comparison = comparison;
    m_lines.clear();
    if (comparison)
        for (const TableComparison &t : comparison->tables)
            for (const RowDifference &d : t.differences)
                m_lines += linesOf(t.qualifiedName(), t.columnsCompared, d);
    endResetModel();
}

int DataDifferencesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int DataDifferencesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DataDifferencesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &l = m_lines[index.row()];
    if (role == Qt::ToolTipRole &&
        (index.column() == SourceColumn || index.column() == TargetColumn)) {
        const QString &row = index.column() == SourceColumn ? l.sourceRow : l.targetRow;
        return Escape::qtRichText(
            row.isEmpty() ? (index.column() == SourceColumn ? l.source : l.target) : row);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TableColumn:
        return l.table;
    case KeyColumn:
        return l.key;
    case KindColumn:
        return l.kind;
    case FieldColumn:
        return l.column;
    case SourceColumn:
        return l.source;
    case TargetColumn:
        return l.target;
    }
    return {};
}

QVariant DataDifferencesModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TableColumn:
        return tr("Table");
    case KeyColumn:
        return tr("Key");
    case KindColumn:
        return tr("Kind");
    case FieldColumn:
        return tr("Column");
    case SourceColumn:
        return tr("Source");
    case TargetColumn:
        return tr("Target");
    }
    return {};
}

} // namespace Ferry
