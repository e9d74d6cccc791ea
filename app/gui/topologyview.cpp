#include "topologyview.h"

#include "canvascontroller.h"
#include "nodeitem.h"
#include "portitem.h"
#include "theme.h"
#include "topologyscene.h"

#include <QGraphicsPathItem>
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QScrollBar>
#include <QWheelEvent>

namespace nslab::gui {

using model::NodeKind;

TopologyView::TopologyView(TopologyScene *scene, CanvasController *controller, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
    , m_controller(controller)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate); // ports and labels move with layout
    // Every item sets the pen, brush, font and hints it draws with and undoes any clip or
    // transform it changes, so the view need not save and restore the painter around each of
    // the 4,000 items of a big lab (about 1 ms of a whole-lab repaint).
    setOptimizationFlag(QGraphicsView::DontSavePainterState);
    setAcceptDrops(true);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
}

void TopologyView::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    setDragMode(mode == Mode::Select ? QGraphicsView::RubberBandDrag : QGraphicsView::NoDrag);
    viewport()->setCursor(mode == Mode::Connect ? Qt::CrossCursor : Qt::ArrowCursor);
    Q_EMIT modeChanged(mode);
}

void TopologyView::setZoom(qreal zoom, QPointF anchorViewPos)
{
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const qreal factor = zoom / this->zoom();
    if (qFuzzyCompare(factor, 1.0))
        return;
    if (anchorViewPos.x() >= 0) {
        // Keep the scene point under the mouse where it is.
        const QPointF before = mapToScene(anchorViewPos.toPoint());
        const auto anchor = transformationAnchor();
        setTransformationAnchor(QGraphicsView::NoAnchor);
        scale(factor, factor);
        const QPointF after = mapToScene(anchorViewPos.toPoint());
        translate(after.x() - before.x(), after.y() - before.y());
        setTransformationAnchor(anchor);
    } else {
        const auto anchor = transformationAnchor();
        setTransformationAnchor(QGraphicsView::AnchorViewCenter);
        scale(factor, factor);
        setTransformationAnchor(anchor);
    }
    Q_EMIT zoomChanged(this->zoom());
}

void TopologyView::zoomIn() { setZoom(zoom() * 1.25); }
void TopologyView::zoomOut() { setZoom(zoom() / 1.25); }

void TopologyView::fitToContents()
{
    const QRectF r = m_scene->contentRect();
    // Let the scene extend beyond the content so that panning and placing have room.
    setSceneRect(r.adjusted(-2000, -2000, 2000, 2000));
    fitInView(r, Qt::KeepAspectRatio);
    if (zoom() > 1.25)
        setZoom(1.25);
    if (zoom() < kMinZoom)
        setZoom(kMinZoom);
    centerOn(r.center());
    Q_EMIT zoomChanged(zoom());
}

bool TopologyView::mouseInside() const { return viewport()->rect().contains(viewport()->mapFromGlobal(QCursor::pos())); }

void TopologyView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        if (steps != 0)
            setZoom(zoom() * std::pow(1.2, steps), event->position());
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

NodeItem *TopologyView::nodeAt(QPoint viewPos) const
{
    for (QGraphicsItem *item : items(viewPos)) {
        if (item == m_rubberLink)
            continue;
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item);
        if (item->type() == PortItem::Type)
            return static_cast<PortItem *>(item)->node();
    }
    return nullptr;
}

PortItem *TopologyView::portAt(QPoint viewPos) const
{
    for (QGraphicsItem *item : items(viewPos))
        if (item->type() == PortItem::Type)
            return static_cast<PortItem *>(item);
    return nullptr;
}

void TopologyView::mousePressEvent(QMouseEvent *event)
{
    m_lastScenePos = mapToScene(event->position().toPoint());
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton) {
        const QPoint at = event->position().toPoint();
        PortItem *port = portAt(at);
        NodeItem *node = nodeAt(at);
        // Dragging from a port, or from a node with the connect tool, draws a link.
        if (port || (m_mode == Mode::Connect && node)) {
            m_connectFrom = port ? port->node() : node;
            m_connectPort = port;
            m_connectPressPos = at;
            m_rubberLink = new QGraphicsPathItem;
            QPen pen(Theme::current().accent, 2, Qt::DashLine, Qt::RoundCap);
            pen.setCosmetic(true);
            m_rubberLink->setPen(pen);
            m_rubberLink->setZValue(100);
            m_scene->addItem(m_rubberLink);
            event->accept();
            return;
        }
        m_moving = true;
        m_controller->beginMove();
    }
    QGraphicsView::mousePressEvent(event);
}

void TopologyView::mouseMoveEvent(QMouseEvent *event)
{
    m_lastScenePos = mapToScene(event->position().toPoint());
    if (m_panning) {
        const QPoint d = event->position().toPoint() - m_panLast;
        m_panLast = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        event->accept();
        return;
    }
    if (m_rubberLink && m_connectFrom) {
        const QPointF from = m_connectPort ? m_connectPort->scenePos() : m_connectFrom->pos();
        QPainterPath path(from);
        path.lineTo(m_lastScenePos);
        m_rubberLink->setPath(path);
        NodeItem *target = nodeAt(event->position().toPoint());
        viewport()->setCursor(target && target != m_connectFrom ? Qt::DragLinkCursor : Qt::CrossCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void TopologyView::finishConnect(QPoint viewPos)
{
    NodeItem *from = m_connectFrom;
    PortItem *port = m_connectPort;
    delete m_rubberLink;
    m_rubberLink = nullptr;
    m_connectFrom = nullptr;
    m_connectPort = nullptr;
    viewport()->setCursor(m_mode == Mode::Connect ? Qt::CrossCursor : Qt::ArrowCursor);
    if ((viewPos - m_connectPressPos).manhattanLength() < QApplication::startDragDistance()) {
        // A click, not a drag: select what was clicked.
        m_scene->clearSelection();
        if (port)
            port->setSelected(true);
        else if (from)
            from->setSelected(true);
        return;
    }
    NodeItem *to = nodeAt(viewPos);
    if (from && to && to != from)
        m_controller->connectNodes(from->nodeId(), to->nodeId());
}

void TopologyView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        viewport()->setCursor(m_mode == Mode::Connect ? Qt::CrossCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    if (m_rubberLink && event->button() == Qt::LeftButton) {
        finishConnect(event->position().toPoint());
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
    if (m_moving && event->button() == Qt::LeftButton) {
        m_moving = false;
        m_controller->finishMove(); // one undo step for the whole drag
    }
}

void TopologyView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QPoint at = event->position().toPoint();
    if (PortItem *port = portAt(at)) {
        startRename(port->node(), port);
        return;
    }
    if (NodeItem *node = nodeAt(at)) {
        startRename(node, nullptr);
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void TopologyView::renameSelected()
{
    const auto items = m_scene->selectedItems();
    if (items.size() != 1)
        return;
    if (items.front()->type() == NodeItem::Type)
        startRename(static_cast<NodeItem *>(items.front()), nullptr);
    else if (items.front()->type() == PortItem::Type)
        startRename(static_cast<PortItem *>(items.front())->node(), static_cast<PortItem *>(items.front()));
}

void TopologyView::startRename(NodeItem *node, PortItem *port)
{
    if (m_renameEditor)
        m_renameEditor->deleteLater();
    auto *editor = new QLineEdit(viewport());
    m_renameEditor = editor;
    const model::NodeId id = node->nodeId();
    const std::string iface = port ? port->iface() : std::string();
    editor->setText(port ? QString::fromStdString(iface) : node->name());
    if (port)
        editor->setMaxLength(15); // IFNAMSIZ - 1
    editor->selectAll();
    QPointF anchor;
    if (port) {
        anchor = port->scenePos() + QPointF(8, -10);
    } else {
        const QRectF r = node->sceneRectOfNode();
        anchor = node->kind() == NodeKind::Lan ? QPointF(r.left() + 24, r.top() - 14)
               : node->kind() == NodeKind::Host ? QPointF(r.left() + 36, r.top() + 6)
                                                : QPointF(r.left() + 12, r.top() + 8);
    }
    const QPoint p = mapFromScene(anchor);
    editor->setGeometry(p.x(), p.y(), 180, editor->sizeHint().height());
    editor->show();
    editor->setFocus();
    auto done = std::make_shared<bool>(false);
    connect(editor, &QLineEdit::editingFinished, this, [this, editor, id, iface, port = port != nullptr, done] {
        if (*done)
            return;
        *done = true;
        const QString text = editor->text().trimmed();
        editor->deleteLater();
        if (text.isEmpty())
            return;
        if (port)
            m_controller->renameInterface(id, iface, text);
        else
            m_controller->renameNode(id, text);
        setFocus();
    });
}

void TopologyView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        if (m_rubberLink) {
            delete m_rubberLink;
            m_rubberLink = nullptr;
            m_connectFrom = nullptr;
            m_connectPort = nullptr;
        } else if (m_mode == Mode::Connect) {
            setMode(Mode::Select);
        } else {
            m_scene->clearSelection();
        }
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void TopologyView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->setCursor(m_mode == Mode::Connect ? Qt::CrossCursor : Qt::ArrowCursor);
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void TopologyView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(kKindMime) || event->mimeData()->hasUrls())
        event->acceptProposedAction();
    else
        QGraphicsView::dragEnterEvent(event);
}

void TopologyView::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasFormat(kKindMime) || event->mimeData()->hasUrls())
        event->acceptProposedAction();
    else
        QGraphicsView::dragMoveEvent(event);
}

void TopologyView::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasFormat(kKindMime)) {
        const auto kind = model::nodeKindFromName(mime->data(kKindMime).toStdString());
        if (kind)
            m_controller->placeNode(*kind, mapToScene(event->position().toPoint()));
        event->acceptProposedAction();
        return;
    }
    if (mime->hasUrls()) {
        QStringList paths;
        for (const QUrl &u : mime->urls())
            if (u.isLocalFile())
                paths << u.toLocalFile();
        if (!paths.isEmpty())
            Q_EMIT filesDropped(paths);
        event->acceptProposedAction();
        return;
    }
    QGraphicsView::dropEvent(event);
}

} // namespace nslab::gui
