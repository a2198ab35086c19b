// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsView>

namespace Ferry {

class PlanDocument;

/// The dependency diagram: one box per account (in organization order) plus one for unmapped
/// resources, each holding its resources in a simple layered layout (a resource sits one
/// column right of everything it depends on within its box), with an arrow per dependency
/// coloured by kind. Resources can be selected, dragged onto another account's box (or onto
/// the organization tree) to remap them; every remap goes through the undo stack.
/// A later issue replaces the layout with Graphviz.
class DependencyView : public QGraphicsView
{
    Q_OBJECT
public:
    /// Shows `doc` and follows its changes.
    explicit DependencyView(PlanDocument *doc, QWidget *parent = nullptr);
    ~DependencyView() override;

    /// Ids of the selected resources, sorted.
    QStringList selectedResources() const;
    /// Selects exactly these resources (and scrolls to the first).
    void selectResources(const QStringList &ids);
    /// Number of resource items and edge items currently drawn (for tests).
    QPair<int, int> itemCounts() const;

signals:
    /// The user changed the selection in the diagram (sorted resource ids).
    void selectionChanged(const QStringList &ids);

protected:
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void dragEnterEvent(QDragEnterEvent *e) override;
    void dragMoveEvent(QDragMoveEvent *e) override;
    void dropEvent(QDropEvent *e) override;
    void wheelEvent(QWheelEvent *e) override;

private:
    void rebuild();
    QString accountAt(const QPoint &viewPos) const;

    PlanDocument *m_doc;
    QGraphicsScene m_scene;
    QPoint m_pressPos;
    bool m_syncing = false;
};

} // namespace Ferry
