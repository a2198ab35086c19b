// SPDX-License-Identifier: MIT
#include "checksmodel.h"

#include "escaping.h"
#include "plandocument.h"

#include <QColor>

namespace Ferry {

ChecksModel::ChecksModel(PlanDocument *doc, QObject *parent)
    : QAbstractTableModel(parent)
    , m_doc(doc)
{
    rebuild();
    connect(doc, &PlanDocument::changed, this, [this](PlanDocument::Changes what) {
        if (what == PlanDocument::AllChanged)
            m_results.clear();
        if (!(what & PlanDocument::ChecksChanged))
            return;
        beginResetModel();
        rebuild();
        endResetModel();
    });
}

void ChecksModel::rebuild()
{
    m_ids.clear();
    for (const auto &[id, c] : m_doc->plan().checks)
        m_ids.append(id);
}

int ChecksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ChecksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

CheckResult ChecksModel::result(const QString &id) const
{
    CheckResult r = m_results.value(id);
    r.checkId = id;
    return r;
}

void ChecksModel::setResult(const CheckResult &result)
{
    m_results.insert(result.checkId, result);
    const int row = int(m_ids.indexOf(result.checkId));
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ChecksModel::clearResults()
{
    m_results.clear();
    if (!m_ids.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_ids.size()) - 1, ColumnCount - 1));
}

QVariant ChecksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &id = m_ids[index.row()];
    if (role == IdRole)
        return id;
    const auto it = m_doc->plan().checks.find(id);
    if (it == m_doc->plan().checks.end())
        return {};
    const Check &c = it->second;
    // data() runs for every painted cell: look the result up, do not copy it.
    static const CheckResult notRun;
    const auto found = m_results.constFind(id);
    const CheckResult &r = found == m_results.cend() ? notRun : *found;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            return checkStatusName(r.status);
        case IdColumn:
            return id;
        case KindColumn:
            return checkKindName(c.kind);
        case TargetColumn:
            return c.target;
        case ResultColumn:
            return r.message;
        case LatencyColumn:
            return r.latencyMs >= 0 ? QVariant(QString::number(r.latencyMs, 'f', 1)) : QVariant();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ResultColumn || index.column() == StatusColumn)
            return r.message.isEmpty() ? QVariant() : QVariant(Escape::qtRichText(r.message));
        if (index.column() == TargetColumn)
            return Escape::qtRichText(c.target);
        break;
    case Qt::ForegroundRole:
        if (index.column() != StatusColumn)
            break;
        switch (r.status) {
        case CheckResult::Status::Passed:
            return QColor(0x1b, 0x7f, 0x3b);
        case CheckResult::Status::Failed:
            return QColor(0xc0, 0x1c, 0x28);
        case CheckResult::Status::Error:
            return QColor(0xb3, 0x5c, 0x00);
        case CheckResult::Status::Running:
            return QColor(0x1a, 0x5f, 0xb4);
        default:
            return QColor(0x77, 0x77, 0x77);
        }
    case Qt::TextAlignmentRole:
        if (index.column() == LatencyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant ChecksModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case IdColumn:
        return tr("Check");
    case KindColumn:
        return tr("Kind");
    case TargetColumn:
        return tr("Target");
    case ResultColumn:
        return tr("Result");
    case LatencyColumn:
        return tr("ms");
    }
    return {};
}

} // namespace Ferry
