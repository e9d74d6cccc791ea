#pragma once
// The canvas view: zoom under the mouse (clamped), fit, pan (middle button or Space+drag),
// rubber-band selection, drops from the palette and the file manager, and the mouse side of
// the select and connect tools (the gestures themselves become edits in CanvasController).
#include "topology/topology.h"

#include <QGraphicsView>
#include <QPointer>

class QGraphicsPathItem;
class QLineEdit;

namespace nslab::gui {

class CanvasController;
class NodeItem;
class PortItem;
class TopologyScene;

class TopologyView : public QGraphicsView
{
    Q_OBJECT
public:
    enum class Mode { Select, Connect };
    static constexpr qreal kMinZoom = 0.15;
    static constexpr qreal kMaxZoom = 4.0;
    static inline const QString kKindMime = QStringLiteral("application/x-nslab-node-kind");

    TopologyView(TopologyScene *scene, CanvasController *controller, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    qreal zoom() const { return transform().m11(); }
    void setZoom(qreal zoom, QPointF anchorViewPos = QPointF(-1, -1));

    // Starts renaming the selected node or port in place (F2).
    void renameSelected();
    QPointF lastMouseScenePos() const { return m_lastScenePos; }
    bool mouseInside() const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToContents();

Q_SIGNALS:
    void filesDropped(const QStringList &paths);
    void zoomChanged(qreal zoom);
    void modeChanged(nslab::gui::TopologyView::Mode mode);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    NodeItem *nodeAt(QPoint viewPos) const;
    PortItem *portAt(QPoint viewPos) const;
    void startRename(NodeItem *node, PortItem *port);
    void finishConnect(QPoint viewPos);

    TopologyScene *m_scene;
    CanvasController *m_controller;
    Mode m_mode = Mode::Select;
    // connect gesture
    NodeItem *m_connectFrom = nullptr;
    PortItem *m_connectPort = nullptr;
    QPoint m_connectPressPos;
    QGraphicsPathItem *m_rubberLink = nullptr;
    // pan
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_panLast;
    bool m_moving = false;
    QPointF m_lastScenePos;
    QPointer<QLineEdit> m_renameEditor;
};

} // namespace nslab::gui
