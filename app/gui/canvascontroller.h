#pragma once
// Turns canvas gestures into edits: the tools (select, place, connect) and the edit actions
// (delete, copy, paste, duplicate, rename) all end here, as exactly one undo step each.
#include "topology/document.h"
#include "topology/edits.h"

#include <QObject>
#include <QHash>
#include <QPointF>
#include <QRectF>

class QUndoStack;

namespace nslab::gui {

class TopologyScene;

class CanvasController : public QObject
{
    Q_OBJECT
public:
    CanvasController(model::Document *document, QUndoStack *stack, TopologyScene *scene, QObject *parent = nullptr);

    model::Document *document() const { return m_document; }
    TopologyScene *scene() const { return m_scene; }
    QUndoStack *undoStack() const { return m_stack; }

    // Applies and pushes one edit; on refusal emits error() and returns false.
    bool push(const model::Edit &edit);

    // Place tool: a new node of `kind` at `scenePos` (a namespace dropped on a host lives there).
    model::NodeId placeNode(model::NodeKind kind, QPointF scenePos);
    // A free spot near `scenePos`, so that palette clicks do not stack nodes on each other.
    QPointF freeSpotNear(QPointF scenePos, model::NodeKind kind) const;

    // Connect tool.
    bool connectNodes(model::NodeId a, model::NodeId b);
    model::ConnectOptions &connectOptions() { return m_connectOptions; }

    // Select tool: a drag started / ended. Ending pushes one move (plus the namespaces that
    // changed host) if anything moved.
    void beginMove();
    bool finishMove();

    void deleteSelection();
    void copySelection();
    void paste(QPointF at, bool atPoint);
    void duplicateSelection();
    bool renameNode(model::NodeId id, const QString &name);
    bool renameInterface(model::NodeId id, const std::string &from, const QString &to);
    // Selected namespaces become guests of `host` (or of nobody).
    bool setHost(model::NodeId id, model::NodeId host);
    // Places every node of a lab without positions (all at 0,0) in a readable arrangement.
    void autoLayout();

Q_SIGNALS:
    void error(const QString &message);
    void message(const QString &message);

private:
    model::Document *m_document;
    QUndoStack *m_stack;
    TopologyScene *m_scene;
    model::ConnectOptions m_connectOptions;
    QHash<quint32, QPointF> m_pressPositions;
    QHash<quint32, QRectF> m_pressHostRects;
    int m_pasteCount = 0;
};

} // namespace nslab::gui
