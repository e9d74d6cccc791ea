#pragma once
// The canvas scene: mirrors the document through id → item maps and holds no truth of its own.
// It lays out what the model does not store (container sizes, where ports sit on edges, link
// paths) and shows problem decorations.
#include "topology/document.h"

#include <QGraphicsScene>
#include <QHash>
#include <QMap>

#include <map>

namespace nslab::gui {

class NodeItem;
class PortItem;
class LinkItem;

// Problems found by running the drawing through the emulator, by where to show them.
struct Problems {
    std::map<model::NodeId, QStringList> nodes;
    std::map<std::pair<model::NodeId, std::string>, QStringList> ports;
    int count() const;
};

class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
public:
    static constexpr qreal kGrid = 20;

    explicit TopologyScene(model::Document *document, QObject *parent = nullptr);
    ~TopologyScene() override;

    model::Document *document() const { return m_document; }

    NodeItem *nodeItem(model::NodeId id) const { return m_nodes.value(id.v); }
    LinkItem *linkItem(model::LinkId id) const { return m_links.value(id.v); }
    PortItem *portItem(model::NodeId id, const std::string &iface) const;
    QList<NodeItem *> nodeItems() const { return m_nodes.values(); }
    QList<LinkItem *> linkItems() const { return m_links.values(); }

    QList<model::NodeId> selectedNodes() const;
    QList<model::LinkId> selectedLinks() const;
    void selectNodes(const QList<model::NodeId> &ids);

    bool snapToGrid() const { return m_snap; }
    void setSnapToGrid(bool on) { m_snap = on; }

    void setProblems(const Problems &problems);
    const Problems &problems() const { return m_problems; }

    // The host whose container contains `scenePos` (ignoring `exclude`), or an invalid id.
    model::NodeId hostAt(QPointF scenePos, model::NodeId exclude = {}) const;
    // Everything drawn, with a margin (for fit and export).
    QRectF contentRect() const;
    // True when two nodes that should stand apart are drawn on top of each other (two
    // containers, two cards, a card and a foreign container, a bus through a node).
    bool hasOverlaps() const;

    // From NodeItem::itemChange: a node moved by `delta` (its guests follow unless the move
    // came from the model, which places every item itself).
    void nodeItemMoved(NodeItem *item, QPointF delta, bool fromModel);
    // Places ports, sizes containers and bus segments, routes links. Cheap for lab sizes.
    void relayout();
    // Re-reads the theme (dark mode switch).
    void refreshTheme();

Q_SIGNALS:
    void layoutChanged();

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void rebuild();
    void onChanged(const model::Changes &changes);
    void syncNode(const model::Node &node);
    void removeNode(model::NodeId id);
    void syncLink(const model::Link &link);
    void removeLink(model::LinkId id);
    void applyProblems();

    model::Document *m_document;
    QHash<quint32, NodeItem *> m_nodes;
    QHash<quint32, LinkItem *> m_links;
    QHash<quint32, QMap<QString, PortItem *>> m_ports; // node id → iface → port
    Problems m_problems;
    bool m_snap = true;
    bool m_inLayout = false;
};

} // namespace nslab::gui
