// SPDX-License-Identifier: MIT
#include "dependencyview.h"

#include "escaping.h"
#include "commands.h"
#include "plandocument.h"
#include "resourcekind.h"
#include "resourcemimedata.h"

#include <QApplication>
#include <QDrag>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QTimer>
#include <QWheelEvent>

#include <cmath>

namespace Ferry {

namespace {

constexpr qreal kNodeW = 170, kNodeH = 44, kGapX = 40, kGapY = 14, kPad = 16, kHeader = 30;

enum ItemType { ResourceItemType = QGraphicsItem::UserType + 1, GroupItemType, EdgeItemType };

/// A resource box; `data(0)` holds the resource id.
class ResourceItem : public QGraphicsRectItem
{
public:
    enum { Type = ResourceItemType };
    int type() const override { return Type; }
    ResourceItem(const Resource &r, QGraphicsItem *parent)
        : QGraphicsRectItem(0, 0, kNodeW, kNodeH, parent)
    {
        setData(0, r.id);
        setFlag(ItemIsSelectable);
        setToolTip(Escape::qtRichText(r.id));
        setBrush(QColor(0xf7, 0xf9, 0xfc));
        setPen(QPen(QColor(0x5b, 0x6b, 0x84), 1.2));
        auto *name = new QGraphicsSimpleTextItem(r.name, this);
        QFont f = name->font();
        f.setBold(true);
        name->setFont(f);
        name->setPos(8, 5);
        auto *type = new QGraphicsSimpleTextItem(
            typeLabel(r.type) + (r.region.isEmpty() ? QString() : QStringLiteral(" · ") + r.region),
            this);
        type->setBrush(QColor(0x55, 0x55, 0x55));
        type->setPos(8, 23);
        for (auto *t : {name, type}) // elide long names by clipping
            t->setFlag(ItemStacksBehindParent, false);
        setFlag(ItemClipsChildrenToShape);
    }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *o, QWidget *w) override
    {
        // Selection is drawn as a thick blue border and tint, not Qt's dashed outline.
        QStyleOptionGraphicsItem plain(*o);
        plain.state &= ~QStyle::State_Selected;
        setPen(QPen(isSelected() ? QColor(0x1f, 0x6f, 0xeb) : QColor(0x5b, 0x6b, 0x84),
                    isSelected() ? 2.5 : 1.2));
        setBrush(isSelected() ? QColor(0xe3, 0xee, 0xff) : QColor(0xf7, 0xf9, 0xfc));
        QGraphicsRectItem::paint(p, &plain, w);
    }
};

QColor kindColor(DependencyKind k)
{
    switch (k) {
    case DependencyKind::Network:
        return QColor(0x1f, 0x6f, 0xeb);
    case DependencyKind::Data:
        return QColor(0xd0, 0x3a, 0x1b);
    case DependencyKind::Dns:
        return QColor(0x2d, 0x9d, 0x4a);
    case DependencyKind::Attachment:
        return QColor(0x8a, 0x4f, 0xc9);
    case DependencyKind::Membership:
        return QColor(0x99, 0x99, 0x99);
    }
    return Qt::black;
}

} // namespace

DependencyView::DependencyView(PlanDocument *doc, QWidget *parent)
    : QGraphicsView(parent)
    , m_doc(doc)
{
    setScene(&m_scene);
    setRenderHint(QPainter::Antialiasing);
    setAcceptDrops(true);
    setDragMode(RubberBandDrag);
    setBackgroundBrush(QColor(0xee, 0xf0, 0xf3));
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    connect(doc, &PlanDocument::changed, this, [this](PlanDocument::Changes what) {
        if (!(what & (PlanDocument::InventoryChanged | PlanDocument::OrganizationChanged |
                      PlanDocument::MappingsChanged)))
            return; // the name or the checks: nothing the diagram shows
        rebuild();
        if (what == PlanDocument::AllChanged) // a new or opened plan: show as much as is legible
            QTimer::singleShot(0, this, [this] {
                resetTransform();
                const qreal f =
                    viewport()->width() / std::max<qreal>(1, m_scene.sceneRect().width());
                if (f < 1)
                    scale(std::max<qreal>(f, 0.6), std::max<qreal>(f, 0.6));
            });
    });
    connect(&m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        if (!m_syncing)
            emit selectionChanged(selectedResources());
    });
    rebuild();
}

DependencyView::~DependencyView()
{
    // The scene clears its items when destroyed; nobody may hear about that selection change.
    m_scene.disconnect(this);
}

void DependencyView::rebuild()
{
    const QStringList selected = selectedResources();
    m_syncing = true;
    m_scene.clear();
    const Plan &plan = m_doc->plan();
    QList<QPair<QString, QString>> groups; // account id ("" = unmapped) → title
    for (const Account &a : plan.organization.accounts)
        groups.append(
            {a.id, QStringLiteral("%1 — %2").arg(a.name, environmentLabel(a.environment))});
    groups.append({QString(), tr("Unmapped")});

    QHash<QString, QStringList> members;
    for (const auto &[id, r] : plan.inventory.resources) {
        const Mapping *m = plan.mapping(id);
        members[m ? m->accountId : QString()].append(id);
    }
    QHash<QString, QStringList> dependsOn;
    for (const Dependency &d : plan.inventory.dependencies)
        dependsOn[d.from].append(d.to);

    QHash<QString, QGraphicsRectItem *> nodes;
    // Group boxes flow left to right and wrap into rows, like words in a paragraph.
    constexpr qreal kRowWidth = 1500, kGroupGap = 40;
    qreal x = 0, y = 0, rowHeight = 0;
    for (const auto &[accountId, title] : groups) {
        const QStringList all = members.value(accountId);
        if (all.isEmpty() && accountId.isEmpty())
            continue;
        // A box draws at most kMaxShown resources (the first by id); the inventory's filter finds
        // the rest. Keeps the diagram responsive on plans of tens of thousands of resources.
        constexpr int kMaxShown = 240;
        const QStringList ids = all.mid(0, kMaxShown);
        // Layer = longest chain of dependencies inside the group (bounded against cycles).
        QHash<QString, int> layer;
        const QSet<QString> inGroup(ids.begin(), ids.end());
        for (int iter = 0; iter < 12; ++iter) {
            bool moved = false;
            for (const QString &id : ids) {
                int l = 0;
                for (const QString &to : dependsOn.value(id))
                    if (inGroup.contains(to) && to != id)
                        l = std::max(l, layer.value(to) + 1);
                if (l != layer.value(id)) {
                    layer[id] = std::min(l, 8);
                    moved = true;
                }
            }
            if (!moved)
                break;
        }
        QMap<int, QStringList> columns;
        for (const QString &id : ids)
            columns[layer.value(id)].append(id);
        // Tall columns are split so a box stays readable without scrolling.
        constexpr int kMaxRows = 8;
        QList<QStringList> laidOut;
        for (const QStringList &c : std::as_const(columns))
            for (qsizetype i = 0; i < c.size(); i += kMaxRows)
                laidOut.append(c.mid(i, kMaxRows));
        const int cols = std::max<int>(1, int(laidOut.size()));
        int rows = 1;
        for (const auto &c : std::as_const(laidOut))
            rows = std::max(rows, int(c.size()));
        auto *label =
            new QGraphicsSimpleTextItem(QStringLiteral("%1 (%2)").arg(title).arg(all.size()));
        QFont f = label->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.1);
        label->setFont(f);
        const qreal w = std::max({kPad * 2 + cols * kNodeW + (cols - 1) * kGapX,
                                  label->boundingRect().width() + 2 * kPad, qreal(220)});
        const bool truncated = all.size() > ids.size();
        const qreal h =
            std::max<qreal>(kHeader + kPad + rows * (kNodeH + kGapY) + (truncated ? 24 : 0), 110);
        if (x > 0 && x + w > kRowWidth) {
            x = 0;
            y += rowHeight + kGroupGap;
            rowHeight = 0;
        }
        auto *box = m_scene.addRect(
            0, 0, w, h,
            QPen(accountId.isEmpty() ? QColor(0xaa, 0x88, 0x33) : QColor(0x44, 0x55, 0x70), 1.5,
                 accountId.isEmpty() ? Qt::DashLine : Qt::SolidLine),
            QColor(255, 255, 255, 200));
        box->setPos(x, y);
        box->setData(1, accountId.isEmpty() ? QStringLiteral("\n") : accountId);
        box->setZValue(-1);
        label->setParentItem(box);
        label->setPos(kPad, 7);
        if (ids.isEmpty() || truncated) {
            auto *hint = new QGraphicsSimpleTextItem(
                ids.isEmpty() ? tr("Drop resources here")
                              : tr("… and %1 more: filter the inventory to find them")
                                    .arg(all.size() - ids.size()),
                box);
            hint->setBrush(QColor(0x88, 0x88, 0x88));
            hint->setPos(kPad, ids.isEmpty() ? kHeader + 20 : h - 28);
        }
        for (int c = 0; c < laidOut.size(); ++c) {
            int r = 0;
            for (const QString &id : laidOut[c]) {
                auto *item = new ResourceItem(*plan.resource(id), box);
                item->setPos(kPad + c * (kNodeW + kGapX), kHeader + r++ * (kNodeH + kGapY));
                nodes.insert(id, item);
            }
        }
        x += w + kGroupGap;
        rowHeight = std::max(rowHeight, h);
    }
    for (const Dependency &d : plan.inventory.dependencies) {
        auto *a = nodes.value(d.from);
        auto *b = nodes.value(d.to);
        if (!a || !b)
            continue;
        const QPointF p1 = a->sceneBoundingRect().center();
        const QPointF p2 = b->sceneBoundingRect().center();
        QLineF line(p1, p2);
        // Clip the line to the target box's border so the arrow head is visible.
        const QRectF tb = b->sceneBoundingRect();
        const qreal tx = std::abs(line.dx()) > 0.01 ? (tb.width() / 2) / std::abs(line.dx()) : 1e9;
        const qreal ty = std::abs(line.dy()) > 0.01 ? (tb.height() / 2) / std::abs(line.dy()) : 1e9;
        const qreal t = std::min({tx, ty, 1.0});
        const QPointF end = p2 - QPointF(line.dx(), line.dy()) * t;
        QPen pen(kindColor(d.kind), 1.4,
                 d.kind == DependencyKind::Membership ? Qt::DotLine : Qt::SolidLine);
        QPainterPath path(p1);
        path.lineTo(end);
        const QLineF back(end, p1);
        const qreal angle = std::atan2(-back.dy(), back.dx());
        const QPointF a1 = end + QPointF(std::cos(angle + 0.45) * 9, -std::sin(angle + 0.45) * 9);
        const QPointF a2 = end + QPointF(std::cos(angle - 0.45) * 9, -std::sin(angle - 0.45) * 9);
        path.moveTo(a1);
        path.lineTo(end);
        path.lineTo(a2);
        auto *edge = m_scene.addPath(path, pen);
        edge->setData(2, QStringLiteral("edge"));
        edge->setToolTip(Escape::qtRichText(QStringLiteral("%1 → %2\n%3: %4")
                                                .arg(d.from, d.to, dependencyKindName(d.kind),
                                                     d.reason)));
        edge->setZValue(1);
    }
    m_scene.setSceneRect(m_scene.itemsBoundingRect().adjusted(-20, -20, 20, 20));
    for (const QString &id : selected)
        if (auto *n = nodes.value(id))
            n->setSelected(true);
    m_syncing = false;
}

QStringList DependencyView::selectedResources() const
{
    QStringList ids;
    for (QGraphicsItem *i : m_scene.selectedItems())
        if (i->type() == ResourceItemType)
            ids.append(i->data(0).toString());
    ids.sort();
    return ids;
}

void DependencyView::selectResources(const QStringList &ids)
{
    m_syncing = true;
    m_scene.clearSelection();
    QGraphicsItem *first = nullptr;
    for (QGraphicsItem *i : m_scene.items()) {
        if (i->type() == ResourceItemType && ids.contains(i->data(0).toString())) {
            i->setSelected(true);
            if (!first)
                first = i;
        }
    }
    if (first)
        ensureVisible(first);
    m_syncing = false;
}

QPair<int, int> DependencyView::itemCounts() const
{
    int resources = 0, edges = 0;
    for (QGraphicsItem *i : m_scene.items()) {
        if (i->type() == ResourceItemType)
            ++resources;
        else if (i->data(2).toString() == QLatin1String("edge"))
            ++edges;
    }
    return {resources, edges};
}

void DependencyView::mousePressEvent(QMouseEvent *e)
{
    m_pressPos = e->pos();
    QGraphicsItem *item = itemAt(e->pos());
    while (item && item->type() != ResourceItemType)
        item = item->parentItem();
    if (item && item->isSelected() && e->button() == Qt::LeftButton &&
        !(e->modifiers() & Qt::ControlModifier)) {
        e->accept(); // keep a multi-selection for dragging
        return;
    }
    QGraphicsView::mousePressEvent(e);
}

void DependencyView::mouseMoveEvent(QMouseEvent *e)
{
    if ((e->buttons() & Qt::LeftButton) &&
        (e->pos() - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        QGraphicsItem *item = itemAt(m_pressPos);
        while (item && item->type() != ResourceItemType)
            item = item->parentItem();
        if (item) {
            if (!item->isSelected()) {
                m_scene.clearSelection();
                item->setSelected(true);
            }
            auto *drag = new QDrag(this);
            drag->setMimeData(new ResourceMimeData(selectedResources()));
            drag->exec(Qt::MoveAction | Qt::CopyAction, Qt::MoveAction);
            return;
        }
    }
    QGraphicsView::mouseMoveEvent(e);
}

QString DependencyView::accountAt(const QPoint &viewPos) const
{
    for (QGraphicsItem *i : items(viewPos)) {
        for (QGraphicsItem *p = i; p; p = p->parentItem()) {
            const QString acct = p->data(1).toString();
            if (!acct.isEmpty())
                return acct;
        }
    }
    return QString();
}

void DependencyView::dragEnterEvent(QDragEnterEvent *e)
{
    if (ResourceMimeData::ids(e->mimeData()))
        e->acceptProposedAction();
}

void DependencyView::dragMoveEvent(QDragMoveEvent *e)
{
    if (ResourceMimeData::ids(e->mimeData()) && !accountAt(e->position().toPoint()).isEmpty())
        e->acceptProposedAction();
    else
        e->ignore();
}

void DependencyView::dropEvent(QDropEvent *e)
{
    const auto ids = ResourceMimeData::ids(e->mimeData());
    const QString acct = accountAt(e->position().toPoint());
    if (!ids || acct.isEmpty())
        return;
    if (acct == QLatin1String("\n")) {
        if (QUndoCommand *cmd = ChangeMappings::unmap(m_doc, *ids))
            m_doc->undoStack()->push(cmd);
    } else {
        QStringList moving;
        for (const QString &id : *ids) {
            const Mapping *m = m_doc->plan().mapping(id);
            if (!m || m->accountId != acct)
                moving.append(id);
        }
        if (!moving.isEmpty())
            m_doc->undoStack()->push(ChangeMappings::mapTo(m_doc, moving, acct));
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
}

void DependencyView::wheelEvent(QWheelEvent *e)
{
    if (e->modifiers() & Qt::ControlModifier) {
        const qreal f = e->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(f, f);
        return;
    }
    QGraphicsView::wheelEvent(e);
}

} // namespace Ferry
