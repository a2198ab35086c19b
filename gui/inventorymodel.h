// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractItemModel>

namespace Ferry {

class PlanDocument;

/// The inventory as a tree: provider → resource type → resource, with counts in the group rows.
/// Columns: name, type, region, account (of its mapping, or "—"). Resource rows drag as
/// ResourceMimeData; dropping resources here unmaps them (through the undo stack).
class InventoryModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, RegionColumn, AccountColumn, ColumnCount };
    enum Role { ResourceIdRole = Qt::UserRole + 1 };

    /// A model of `doc`'s inventory that follows its changes.
    explicit InventoryModel(PlanDocument *doc, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
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

    /// Index of a resource row (column 0), invalid when unknown.
    QModelIndex indexOf(const QString &resourceId) const;

private:
    void rebuild();
    void refreshAccounts();

    struct Node
    {
        QString label;      ///< provider or type for groups
        QString resourceId; ///< set on resource rows
        int parent = -1;    ///< index into m_nodes, -1 for top level
        int row = 0;
        QList<int> children;
    };
    PlanDocument *m_doc;
    QList<Node> m_nodes;
    QList<int> m_top;
    QHash<QString, int> m_byId;
};

} // namespace Ferry
