// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractItemModel>

namespace Ferry {

class PlanDocument;

/// The target organization as a tree: organizational units → accounts → mapped resources.
/// Dropping ResourceMimeData on an account (or on a resource under it) maps the resources to
/// that account; dropping elsewhere is refused. Account and OU names are editable in place.
/// Every change goes through the document's undo stack.
class OrganizationModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1, ///< NodeKind
        IdRole,                      ///< unit, account or resource id
    };
    enum NodeKind { UnitNode, AccountNode, ResourceNode };

    /// A model of `doc`'s organization and mappings that follows its changes.
    explicit OrganizationModel(PlanDocument *doc, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    /// Index of the account row, invalid when unknown.
    QModelIndex accountIndex(const QString &accountId) const;
    /// The account an index is or lies under; empty for units.
    QString accountAt(const QModelIndex &index) const;

private:
    void rebuild();

    struct Node
    {
        NodeKind kind;
        QString id;
        int parent = -1;
        int row = 0;
        QList<int> children;
    };
    PlanDocument *m_doc;
    QList<Node> m_nodes;
    QList<int> m_top;
};

} // namespace Ferry
