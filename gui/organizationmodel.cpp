// SPDX-License-Identifier: MIT
#include "organizationmodel.h"

#include "commands.h"
#include "escaping.h"
#include "plandocument.h"
#include "resourcekind.h"
#include "resourcemimedata.h"

#include <QApplication>
#include <QIcon>
#include <QStyle>

namespace Ferry {

OrganizationModel::OrganizationModel(PlanDocument *doc, QObject *parent)
    : QAbstractItemModel(parent)
    , m_doc(doc)
{
    rebuild();
    connect(doc, &PlanDocument::changed, this, [this](PlanDocument::Changes what) {
        if (!(what & (PlanDocument::OrganizationChanged | PlanDocument::MappingsChanged |
                      PlanDocument::InventoryChanged)))
            return;
        beginResetModel();
        rebuild();
        endResetModel();
    });
}

void OrganizationModel::rebuild()
{
    m_nodes.clear();
    m_top.clear();
    const Plan &plan = m_doc->plan();
    const Organization &org = plan.organization;
    QHash<QString, int> unitNode;
    auto addChild = [this](int parent, Node n) {
        const int i = int(m_nodes.size());
        n.parent = parent;
        QList<int> &siblings = parent < 0 ? m_top : m_nodes[parent].children;
        n.row = int(siblings.size());
        m_nodes.append(n);
        (parent < 0 ? m_top : m_nodes[parent].children).append(i);
        return i;
    };
    // Units: parents first (several passes handle any order in the file).
    QList<OrganizationalUnit> pending = org.units;
    for (int pass = 0; !pending.isEmpty() && pass <= org.units.size(); ++pass) {
        for (qsizetype i = 0; i < pending.size();) {
            const OrganizationalUnit &u = pending[i];
            const bool rootLevel =
                u.parentId.isEmpty() || !org.unit(u.parentId) || pass == org.units.size();
            if (rootLevel || unitNode.contains(u.parentId)) {
                unitNode.insert(
                    u.id, addChild(rootLevel ? -1 : unitNode.value(u.parentId), {UnitNode, u.id}));
                pending.removeAt(i);
            } else {
                ++i;
            }
        }
    }
    QHash<QString, QStringList> byAccount;
    for (const auto &[id, m] : plan.mappings)
        byAccount[m.accountId].append(id);
    for (const Account &a : org.accounts) {
        const int ai = addChild(unitNode.value(a.unitId, -1), {AccountNode, a.id});
        for (const QString &rid : byAccount.value(a.id))
            addChild(ai, {ResourceNode, rid});
    }
}

QModelIndex OrganizationModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column != 0 || (parent.isValid() && parent.column() != 0))
        return {};
    const QList<int> &list = parent.isValid() ? m_nodes[int(parent.internalId())].children : m_top;
    if (row >= list.size())
        return {};
    return createIndex(row, column, quintptr(list[row]));
}

QModelIndex OrganizationModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int p = m_nodes[int(child.internalId())].parent;
    return p < 0 ? QModelIndex() : createIndex(m_nodes[p].row, 0, quintptr(p));
}

int OrganizationModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != 0)
        return 0;
    return int(m_nodes[int(parent.internalId())].children.size());
}

int OrganizationModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant OrganizationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &n = m_nodes[int(index.internalId())];
    const Plan &plan = m_doc->plan();
    if (role == KindRole)
        return int(n.kind);
    if (role == IdRole)
        return n.id;
    switch (n.kind) {
    case UnitNode: {
        const OrganizationalUnit *u = plan.organization.unit(n.id);
        if (role == Qt::DisplayRole)
            return tr("%1 (OU)").arg(u ? u->name : n.id);
        if (role == Qt::EditRole)
            return u ? u->name : n.id;
        if (role == Qt::DecorationRole)
            return QApplication::style()->standardIcon(QStyle::SP_DirIcon);
        break;
    }
    case AccountNode: {
        const Account *a = plan.organization.account(n.id);
        if (!a)
            return {};
        if (role == Qt::DisplayRole)
            return tr("%1 — %2, %3%4 (%5)")
                .arg(a->name, environmentLabel(a->environment), a->region,
                     a->cloud == TargetCloud::DigitalOcean ? tr(", DigitalOcean") : QString())
                .arg(n.children.size());
        if (role == Qt::EditRole)
            return a->name;
        if (role == Qt::ToolTipRole)
            return Escape::qtRichText(
                a->cloud == TargetCloud::DigitalOcean
                    ? tr("DigitalOcean team %1 (one project): drop resources here to map them")
                          .arg(a->name)
                    : tr("Account %1: drop resources here to map them").arg(a->name));
        if (role == Qt::DecorationRole)
            return QApplication::style()->standardIcon(QStyle::SP_DriveNetIcon);
        break;
    }
    case ResourceNode: {
        const Resource *r = plan.resource(n.id);
        const Mapping *m = plan.mapping(n.id);
        if (!r || !m)
            return {};
        if (role == Qt::DisplayRole)
            return tr("%1 → %2 (%3, wave %4)")
                .arg(
                    r->name,
                    (m->targetService.isEmpty() ? tr("no service") : m->targetService) +
                        (m->alsoServices.isEmpty()
                             ? QString()
                             : QStringLiteral(" + ") + m->alsoServices.join(QStringLiteral(" + "))),
                    strategyName(m->strategy))
                .arg(m->wave);
        if (role == Qt::ToolTipRole)
            return Escape::qtRichText(r->id);
        if (role == Qt::DecorationRole)
            return QApplication::style()->standardIcon(QStyle::SP_FileIcon);
        break;
    }
    }
    return {};
}

bool OrganizationModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    const Node &n = m_nodes[int(index.internalId())];
    const QString name = value.toString().trimmed();
    if (name.isEmpty())
        return false;
    Organization org = m_doc->plan().organization;
    if (n.kind == AccountNode) {
        Account *a = org.account(n.id);
        if (!a || a->name == name)
            return false;
        const QString old = a->name;
        a->name = name;
        m_doc->undoStack()->push(
            new ChangeOrganization(m_doc, org, tr("Rename account %1 to %2").arg(old, name)));
        return true;
    }
    if (n.kind == UnitNode) {
        for (OrganizationalUnit &u : org.units) {
            if (u.id == n.id && u.name != name) {
                const QString old = u.name;
                u.name = name;
                m_doc->undoStack()->push(
                    new ChangeOrganization(m_doc, org, tr("Rename OU %1 to %2").arg(old, name)));
                return true;
            }
        }
    }
    return false;
}

QVariant OrganizationModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (section == 0 && o == Qt::Horizontal && role == Qt::DisplayRole)
        return tr("Target organization");
    return {};
}

Qt::ItemFlags OrganizationModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const Node &n = m_nodes[int(index.internalId())];
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    switch (n.kind) {
    case UnitNode:
        f |= Qt::ItemIsEditable;
        break;
    case AccountNode:
        f |= Qt::ItemIsEditable | Qt::ItemIsDropEnabled;
        break;
    case ResourceNode:
        f |= Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled | Qt::ItemNeverHasChildren;
        break;
    }
    return f;
}

QStringList OrganizationModel::mimeTypes() const
{
    return {QLatin1String(kResourceIdsMimeType)};
}

QMimeData *OrganizationModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList ids;
    for (const QModelIndex &i : indexes) {
        const Node &n = m_nodes[int(i.internalId())];
        if (n.kind == ResourceNode && !ids.contains(n.id))
            ids.append(n.id);
    }
    return ids.isEmpty() ? nullptr : new ResourceMimeData(ids);
}

Qt::DropActions OrganizationModel::supportedDragActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

Qt::DropActions OrganizationModel::supportedDropActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

QString OrganizationModel::accountAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    int i = int(index.internalId());
    while (i >= 0 && m_nodes[i].kind == ResourceNode)
        i = m_nodes[i].parent;
    return i >= 0 && m_nodes[i].kind == AccountNode ? m_nodes[i].id : QString();
}

bool OrganizationModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                                        const QModelIndex &parent) const
{
    return ResourceMimeData::ids(data).has_value() && !accountAt(parent).isEmpty();
}

bool OrganizationModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row,
                                     int column, const QModelIndex &parent)
{
    if (action == Qt::IgnoreAction || !canDropMimeData(data, action, row, column, parent))
        return false;
    const QString account = accountAt(parent);
    QStringList ids;
    const QStringList dropped = ResourceMimeData::ids(data).value_or(QStringList());
    for (const QString &id : dropped) {
        const Mapping *m = m_doc->plan().mapping(id);
        if (m_doc->plan().resource(id) && (!m || m->accountId != account))
            ids.append(id);
    }
    if (ids.isEmpty())
        return false;
    m_doc->undoStack()->push(ChangeMappings::mapTo(m_doc, ids, account));
    // Never a move: the drag source must not remove anything from its model.
    return true;
}

QModelIndex OrganizationModel::accountIndex(const QString &accountId) const
{
    for (qsizetype i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].kind == AccountNode && m_nodes[i].id == accountId)
            return createIndex(m_nodes[i].row, 0, quintptr(i));
    return {};
}

} // namespace Ferry
