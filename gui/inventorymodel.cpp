// SPDX-License-Identifier: MIT
#include "inventorymodel.h"

#include "escaping.h"
#include "commands.h"
#include "plandocument.h"
#include "resourcekind.h"
#include "resourcemimedata.h"

#include <QIcon>

namespace Ferry {

InventoryModel::InventoryModel(PlanDocument *doc, QObject *parent)
    : QAbstractItemModel(parent)
    , m_doc(doc)
{
    rebuild();
    connect(doc, &PlanDocument::changed, this, [this](PlanDocument::Changes what) {
        if (what & PlanDocument::InventoryChanged) {
            beginResetModel();
            rebuild();
            endResetModel();
        } else if (what & PlanDocument::MappingsChanged) {
            refreshAccounts();
        }
    });
}

void InventoryModel::rebuild()
{
    m_nodes.clear();
    m_top.clear();
    m_byId.clear();
    QMap<QString, QMap<QString, QStringList>> groups; // provider → type → ids (sorted)
    for (const auto &[id, r] : m_doc->plan().inventory.resources)
        groups[r.provider][r.type].append(id);
    for (auto p = groups.cbegin(); p != groups.cend(); ++p) {
        const int pi = int(m_nodes.size());
        m_nodes.append({p.key(), QString(), -1, int(m_top.size()), {}});
        m_top.append(pi);
        for (auto t = p->cbegin(); t != p->cend(); ++t) {
            const int ti = int(m_nodes.size());
            m_nodes.append({t.key(), QString(), pi, int(m_nodes[pi].children.size()), {}});
            m_nodes[pi].children.append(ti);
            for (const QString &id : t.value()) {
                const int ri = int(m_nodes.size());
                m_nodes.append({QString(), id, ti, int(m_nodes[ti].children.size()), {}});
                m_nodes[ti].children.append(ri);
                m_byId.insert(id, ri);
            }
        }
    }
}

void InventoryModel::refreshAccounts()
{
    if (m_nodes.isEmpty())
        return;
    // Account column and group counts may change for any row; a dataChanged per top-level
    // subtree keeps views and proxies in sync without a reset.
    for (int top : m_top) {
        const QModelIndex topIndex = createIndex(m_nodes[top].row, 0, quintptr(top));
        emit dataChanged(topIndex, topIndex.siblingAtColumn(AccountColumn));
        for (int t : m_nodes[top].children) {
            const Node &tn = m_nodes[t];
            emit dataChanged(createIndex(tn.row, 0, quintptr(t)),
                             createIndex(tn.row, AccountColumn, quintptr(t)));
            if (!tn.children.isEmpty())
                emit dataChanged(createIndex(0, 0, quintptr(tn.children.front())),
                                 createIndex(int(tn.children.size()) - 1, AccountColumn,
                                             quintptr(tn.children.back())));
        }
    }
}

QModelIndex InventoryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const QList<int> &list = parent.isValid() ? m_nodes[int(parent.internalId())].children : m_top;
    if (parent.isValid() && parent.column() != 0)
        return {};
    if (row >= list.size())
        return {};
    return createIndex(row, column, quintptr(list[row]));
}

QModelIndex InventoryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int p = m_nodes[int(child.internalId())].parent;
    if (p < 0)
        return {};
    return createIndex(m_nodes[p].row, 0, quintptr(p));
}

int InventoryModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != 0)
        return 0;
    return int(m_nodes[int(parent.internalId())].children.size());
}

int InventoryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant InventoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &n = m_nodes[int(index.internalId())];
    const Plan &plan = m_doc->plan();
    if (n.resourceId.isEmpty()) {
        if (role == Qt::DisplayRole && index.column() == NameColumn) {
            int total = 0, mapped = 0;
            auto count = [&](const Node &typeNode) {
                for (int c : typeNode.children) {
                    ++total;
                    mapped += plan.mapping(m_nodes[c].resourceId) ? 1 : 0;
                }
            };
            if (n.parent < 0)
                for (int t : n.children)
                    count(m_nodes[t]);
            else
                count(n);
            const QString label = n.parent < 0 ? n.label : typeLabel(n.label);
            return QStringLiteral("%1 (%2/%3 mapped)").arg(label).arg(mapped).arg(total);
        }
        if (role == Qt::ToolTipRole)
            return Escape::qtRichText(n.label);
        return {};
    }
    const Resource *r = plan.resource(n.resourceId);
    if (!r)
        return {};
    if (role == ResourceIdRole)
        return r->id;
    if (role == Qt::ToolTipRole)
        return Escape::qtRichText(
            QStringLiteral("%1\n%2\nfrom %3").arg(r->id, r->sourceAddress, r->sourceFile));
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case NameColumn:
            return r->name;
        case TypeColumn:
            return typeLabel(r->type);
        case RegionColumn:
            return r->region;
        case AccountColumn: {
            const Mapping *m = plan.mapping(r->id);
            if (!m)
                return QStringLiteral("—");
            const Account *a = plan.organization.account(m->accountId);
            return a ? a->name : m->accountId;
        }
        }
    }
    return {};
}

QVariant InventoryModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Resource");
    case TypeColumn:
        return tr("Type");
    case RegionColumn:
        return tr("Region");
    case AccountColumn:
        return tr("Account");
    }
    return {};
}

Qt::ItemFlags InventoryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!m_nodes[int(index.internalId())].resourceId.isEmpty())
        f |= Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    return f;
}

QStringList InventoryModel::mimeTypes() const
{
    return {QLatin1String(kResourceIdsMimeType)};
}

QMimeData *InventoryModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList ids;
    for (const QModelIndex &i : indexes) {
        if (!i.isValid())
            continue;
        QList<int> pending = {int(i.internalId())};
        // A group row drags every resource under it.
        while (!pending.isEmpty()) {
            const Node &x = m_nodes[pending.takeFirst()];
            if (!x.resourceId.isEmpty()) {
                if (!ids.contains(x.resourceId))
                    ids.append(x.resourceId);
            } else {
                pending.append(x.children);
            }
        }
    }
    if (ids.isEmpty())
        return nullptr;
    return new ResourceMimeData(ids);
}

Qt::DropActions InventoryModel::supportedDragActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

Qt::DropActions InventoryModel::supportedDropActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

bool InventoryModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                                     const QModelIndex &) const
{
    return ResourceMimeData::ids(data).has_value();
}

bool InventoryModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                  const QModelIndex &)
{
    const auto ids = ResourceMimeData::ids(data);
    if (!ids || action == Qt::IgnoreAction)
        return false;
    if (QUndoCommand *cmd = ChangeMappings::unmap(m_doc, *ids)) {
        m_doc->undoStack()->push(cmd);
        return true;
    }
    return false;
}

QModelIndex InventoryModel::indexOf(const QString &resourceId) const
{
    auto it = m_byId.constFind(resourceId);
    if (it == m_byId.cend())
        return {};
    return createIndex(m_nodes[*it].row, 0, quintptr(*it));
}

} // namespace Ferry
