#include "topologyscene.h"

#include "linkitem.h"
#include "nodeitem.h"
#include "portitem.h"
#include "theme.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPixmap>
#include <QSet>

#include <algorithm>
#include <array>

namespace nslab::gui {

using model::NodeId;
using model::NodeKind;

int Problems::count() const
{
    int n = 0;
    for (const auto &[id, list] : nodes)
        n += int(list.size());
    for (const auto &[key, list] : ports)
        n += int(list.size());
    return n;
}

TopologyScene::TopologyScene(model::Document *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
{
    setItemIndexMethod(QGraphicsScene::NoIndex); // items move constantly while laying out
    connect(document, &model::Document::topologyReset, this, &TopologyScene::rebuild);
    connect(document, &model::Document::changed, this, &TopologyScene::onChanged);
    rebuild();
}

TopologyScene::~TopologyScene()
{
    // Items call back into the scene while being destroyed (itemChange); drop them first.
    m_links.clear();
    m_ports.clear();
    m_nodes.clear();
    clear();
}

PortItem *TopologyScene::portItem(NodeId id, const std::string &iface) const
{
    const auto it = m_ports.constFind(id.v);
    return it == m_ports.constEnd() ? nullptr : it->value(QString::fromStdString(iface));
}

QList<NodeId> TopologyScene::selectedNodes() const
{
    QList<NodeId> ids;
    for (QGraphicsItem *item : selectedItems())
        if (item->type() == NodeItem::Type)
            ids << static_cast<NodeItem *>(item)->nodeId();
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<model::LinkId> TopologyScene::selectedLinks() const
{
    QList<model::LinkId> ids;
    for (QGraphicsItem *item : selectedItems())
        if (item->type() == LinkItem::Type)
            ids << static_cast<LinkItem *>(item)->linkId();
    std::sort(ids.begin(), ids.end());
    return ids;
}

void TopologyScene::selectNodes(const QList<NodeId> &ids)
{
    clearSelection();
    for (NodeId id : ids)
        if (NodeItem *item = nodeItem(id))
            item->setSelected(true);
}

void TopologyScene::rebuild()
{
    m_inLayout = true; // no per-item layout while everything is recreated
    clearSelection();
    m_links.clear();
    m_ports.clear();
    m_nodes.clear();
    clear();
    m_problems = {};
    const auto &t = m_document->topology();
    for (const auto &n : t.nodes)
        syncNode(n);
    // Guests name their host in their subtitle: sync once more now that every node exists.
    for (const auto &n : t.nodes)
        m_nodes.value(n.id.v)->syncFromModel(n);
    for (const auto &l : t.links)
        syncLink(l);
    m_inLayout = false;
    // Twice: the first pass sizes the LAN buses that the second pass aims the hosts' ports at.
    relayout();
    relayout();
}

void TopologyScene::onChanged(const model::Changes &changes)
{
    const auto &t = m_document->topology();
    m_inLayout = true;
    for (auto id : changes.linksRemoved)
        removeLink(id);
    for (auto id : changes.nodesRemoved)
        removeNode(id);
    std::set<NodeId> touched = changes.nodesAdded;
    touched.insert(changes.nodesChanged.begin(), changes.nodesChanged.end());
    for (NodeId id : touched)
        if (const auto *n = t.node(id))
            syncNode(*n);
    // A renamed host shows in its guests' subtitles.
    for (NodeId id : touched)
        if (const auto *n = t.node(id); n && n->kind == NodeKind::Host)
            for (const auto &g : t.nodes)
                if (g.host == id)
                    m_nodes.value(g.id.v)->syncFromModel(g);
    std::set<model::LinkId> links = changes.linksAdded;
    links.insert(changes.linksChanged.begin(), changes.linksChanged.end());
    // Any link whose node changed may have lost or renamed its port.
    for (const auto &l : t.links)
        if (links.count(l.id) || touched.count(l.a.node) || touched.count(l.b.node))
            syncLink(l);
    m_inLayout = false;
    relayout();
}

void TopologyScene::syncNode(const model::Node &n)
{
    NodeItem *item = m_nodes.value(n.id.v);
    if (!item) {
        item = new NodeItem(n.id, this);
        m_nodes.insert(n.id.v, item);
        addItem(item);
    }
    item->syncFromModel(n);
    item->setModelPos(QPointF(n.x, n.y));

    // Ports: one per interface except bridges (a bridge is the LAN itself, or shown in the
    // node's subtitle).
    const auto &t = m_document->topology();
    auto &ports = m_ports[n.id.v];
    QMap<QString, PortItem *> keep;
    for (const auto &i : n.interfaces) {
        if (i.kind == model::InterfaceKind::Bridge)
            continue;
        const QString key = QString::fromStdString(i.name);
        PortItem *port = ports.take(key);
        if (!port)
            port = new PortItem(i.name, item);
        const bool linked = std::any_of(t.links.begin(), t.links.end(), [&](const model::Link &l) {
            return (l.a.node == n.id && l.a.iface == i.name) || (l.b.node == n.id && l.b.iface == i.name);
        });
        port->syncFromModel(i, linked);
        keep.insert(key, port);
    }
    for (PortItem *stale : std::as_const(ports))
        delete stale;
    ports = keep;
}

void TopologyScene::removeNode(NodeId id)
{
    m_ports.remove(id.v);
    delete m_nodes.take(id.v); // its ports are its children
}

void TopologyScene::syncLink(const model::Link &l)
{
    LinkItem *item = m_links.value(l.id.v);
    if (!item) {
        item = new LinkItem(l.id);
        m_links.insert(l.id.v, item);
        addItem(item);
    }
    item->setEnds(portItem(l.a.node, l.a.iface), portItem(l.b.node, l.b.iface));
}

void TopologyScene::removeLink(model::LinkId id) { delete m_links.take(id.v); }

void TopologyScene::setProblems(const Problems &problems)
{
    m_problems = problems;
    applyProblems();
}

void TopologyScene::applyProblems()
{
    for (NodeItem *n : std::as_const(m_nodes)) {
        const auto it = m_problems.nodes.find(n->nodeId());
        n->setProblems(it == m_problems.nodes.end() ? QStringList() : it->second);
    }
    for (auto nit = m_ports.cbegin(); nit != m_ports.cend(); ++nit)
        for (PortItem *p : nit.value()) {
            const auto it = m_problems.ports.find({p->nodeId(), p->iface()});
            p->setProblems(it == m_problems.ports.end() ? QStringList() : it->second);
        }
}

NodeId TopologyScene::hostAt(QPointF scenePos, NodeId exclude) const
{
    for (NodeItem *n : std::as_const(m_nodes))
        if (n->kind() == NodeKind::Host && n->nodeId() != exclude && n->sceneRectOfNode().contains(scenePos))
            return n->nodeId();
    return {};
}

QRectF TopologyScene::contentRect() const
{
    QRectF r;
    for (NodeItem *n : std::as_const(m_nodes))
        r |= n->sceneBoundingRect() | n->childrenBoundingRect().translated(n->pos());
    for (LinkItem *l : std::as_const(m_links))
        r |= l->sceneBoundingRect();
    if (r.isNull())
        r = QRectF(-300, -200, 600, 400);
    return r.adjusted(-40, -40, 40, 40);
}

bool TopologyScene::hasOverlaps() const
{
    const auto nodes = m_nodes.values();
    QSet<QPair<NodeItem *, NodeItem *>> linked;
    for (LinkItem *l : std::as_const(m_links))
        if (l->endA() && l->endB()) {
            linked.insert(qMakePair(l->endA()->node(), l->endB()->node()));
            linked.insert(qMakePair(l->endB()->node(), l->endA()->node()));
        }
    for (int i = 0; i < nodes.size(); ++i)
        for (int j = i + 1; j < nodes.size(); ++j) {
            NodeItem *a = nodes[i], *b = nodes[j];
            if (a->host() == b->nodeId() || b->host() == a->nodeId())
                continue; // a guest inside its host
            // A little air between nodes; side by side and linked, room for both port labels.
            const QRectF ra = a->sceneRectOfNode(), rb = b->sceneRectOfNode();
            if (ra.adjusted(-10, -10, 10, 10).intersects(rb))
                return true;
            const bool sideBySide = ra.top() < rb.bottom() && rb.top() < ra.bottom();
            if (sideBySide && linked.contains(qMakePair(a, b)) && ra.adjusted(-130, 0, 130, 0).intersects(rb))
                return true;
        }
    return false;
}

void TopologyScene::nodeItemMoved(NodeItem *item, QPointF delta, bool fromModel)
{
    if (!fromModel && item->kind() == NodeKind::Host && !delta.isNull()) {
        // Moving a host carries the namespaces that live on it (those not moving by themselves).
        for (NodeItem *g : std::as_const(m_nodes))
            if (g->host() == item->nodeId() && !g->isSelected())
                g->setModelPos(g->pos() + delta);
    }
    if (!m_inLayout)
        relayout();
}

void TopologyScene::refreshTheme()
{
    for (NodeItem *n : std::as_const(m_nodes))
        n->update();
    const auto &t = m_document->topology();
    for (const auto &n : t.nodes)
        syncNode(n); // label sizes depend on fonts
    relayout();
    update();
}

// ---- layout --------------------------------------------------------------------------------

namespace {

using Side = PortItem::Side;

struct PortPlan {
    PortItem *port = nullptr;
    Side side = Side::Bottom;
    qreal target = 0; // along the side, in node coordinates
};

Side facing(const QRectF &rect, QPointF from, QPointF to)
{
    const QPointF d = to - from;
    if (std::abs(d.y()) * rect.width() >= std::abs(d.x()) * rect.height() * 0.6)
        return d.y() < 0 ? Side::Top : Side::Bottom;
    return d.x() < 0 ? Side::Left : Side::Right;
}

// Spreads targets along [lo, hi] keeping `gap` between neighbours (squeezing if they cannot fit).
std::vector<qreal> spread(std::vector<qreal> targets, qreal lo, qreal hi, qreal gap)
{
    const std::size_t n = targets.size();
    if (n == 0)
        return targets;
    if (n > 1)
        gap = std::min(gap, (hi - lo) / qreal(n - 1));
    for (auto &t : targets)
        t = std::clamp(t, lo, hi);
    for (std::size_t i = 1; i < n; ++i)
        targets[i] = std::max(targets[i], targets[i - 1] + gap);
    if (targets[n - 1] > hi) {
        targets[n - 1] = hi;
        for (std::size_t i = n - 1; i-- > 0;)
            targets[i] = std::min(targets[i], targets[i + 1] - gap);
    }
    return targets;
}

constexpr qreal kHorizontalGap = 128; // room for "veth1a + 10.10.0.2/24" labels side by side
constexpr qreal kVerticalGap = 34;
constexpr qreal kInnerGap = 96;       // from a host's inner port row to its guests' tops
constexpr qreal kHostPad = 26;

} // namespace

void TopologyScene::relayout()
{
    if (m_inLayout)
        return;
    m_inLayout = true;
    const auto &t = m_document->topology();

    // Peer of each port, from the model links.
    QHash<PortItem *, PortItem *> peer;
    for (LinkItem *l : std::as_const(m_links))
        if (l->endA() && l->endB()) {
            peer.insert(l->endA(), l->endB());
            peer.insert(l->endB(), l->endA());
        }

    const auto place = [&](NodeItem *node, std::vector<PortPlan> &plans) {
        const QRectF r = node->rect();
        for (Side side : {Side::Top, Side::Bottom, Side::Left, Side::Right, Side::InnerTop}) {
            std::vector<PortPlan *> onSide;
            for (auto &p : plans)
                if (p.side == side)
                    onSide.push_back(&p);
            std::stable_sort(onSide.begin(), onSide.end(), [](auto *a, auto *b) { return a->target < b->target; });
            std::vector<qreal> targets;
            for (auto *p : onSide)
                targets.push_back(p->target);
            const bool horizontal = side == Side::Top || side == Side::Bottom || side == Side::InnerTop;
            const qreal lo = horizontal ? r.left() + 18 : r.top() + 14;
            const qreal hi = horizontal ? r.right() - 18 : r.bottom() - 14;
            const auto pos = spread(targets, lo, std::max(lo, hi), horizontal ? kHorizontalGap : kVerticalGap);
            for (std::size_t i = 0; i < onSide.size(); ++i) {
                QPointF at;
                switch (side) {
                case Side::Top: at = {pos[i], r.top()}; break;
                case Side::Bottom: at = {pos[i], r.bottom()}; break;
                case Side::Left: at = {r.left(), pos[i]}; break;
                case Side::Right: at = {r.right(), pos[i]}; break;
                case Side::InnerTop: at = {pos[i], r.top() + NodeItem::kHostHeader + 14}; break;
                case Side::Bus: break;
                }
                onSide[i]->port->place(at, side);
            }
        }
    };

    // Where a port wants to go, judged from the peer's node.
    const auto planPorts = [&](NodeItem *node, const QRectF &rect) {
        std::vector<PortPlan> plans;
        for (PortItem *port : m_ports.value(node->nodeId().v)) {
            PortPlan plan{port, Side::Bottom, 0};
            PortItem *other = peer.value(port);
            NodeItem *otherNode = other ? other->node() : nullptr;
            const QPointF me = node->pos();
            if (!otherNode) {
                plan.side = Side::Bottom;
                plan.target = 0;
            } else if (node->kind() == NodeKind::Host && otherNode->host() == node->nodeId()) {
                plan.side = Side::InnerTop;
                plan.target = other->scenePos().x() - me.x();
            } else if (otherNode->nodeId() == node->host()) {
                plan.side = Side::Top;
                plan.target = 0;
            } else if (otherNode->kind() == NodeKind::Lan) {
                // Straight down (or up) to the bus: the bus stretches to meet the node.
                const QPointF centre = rect.translated(me).center();
                const QPointF on(centre.x(), otherNode->pos().y());
                plan.side = facing(rect.translated(me), centre, on);
                plan.target = (plan.side == Side::Left || plan.side == Side::Right) ? rect.center().y() : rect.center().x();
            } else {
                const QPointF there = otherNode->pos();
                plan.side = facing(rect.translated(me), me, there);
                plan.target = (plan.side == Side::Left || plan.side == Side::Right) ? there.y() - me.y() : there.x() - me.x();
            }
            plans.push_back(plan);
        }
        return plans;
    };

    // 1. Cards (namespaces, routers): width from their texts and the ports on top/bottom.
    for (NodeItem *n : std::as_const(m_nodes)) {
        if (n->kind() == NodeKind::Host || n->kind() == NodeKind::Lan)
            continue;
        qreal w = std::max<qreal>(176, n->preferredWidth());
        QRectF rect(-w / 2, -NodeItem::kCardHeight / 2, w, NodeItem::kCardHeight);
        auto plans = planPorts(n, rect);
        int top = 0, bottom = 0;
        for (const auto &p : plans) {
            top += p.side == Side::Top;
            bottom += p.side == Side::Bottom;
        }
        w = std::max(w, std::max(top, bottom) * kHorizontalGap + 24);
        rect = QRectF(-w / 2, -NodeItem::kCardHeight / 2, w, NodeItem::kCardHeight);
        n->setRect(rect);
        place(n, plans);
    }

    // 2. Hosts: a container around their guests (and the guests' outward labels).
    QHash<quint32, QRectF> guestBounds;
    for (NodeItem *n : std::as_const(m_nodes)) {
        if (!n->host().valid() || n->kind() == NodeKind::Host)
            continue;
        QRectF b = n->sceneRectOfNode();
        for (PortItem *p : m_ports.value(n->nodeId().v))
            if (p->side() != Side::Top)
                b |= p->sceneBoundingRect();
        guestBounds[n->host().v] |= b;
    }
    for (NodeItem *n : std::as_const(m_nodes)) {
        if (n->kind() != NodeKind::Host)
            continue;
        QRectF rect;
        const qreal minW = std::max<qreal>(176, n->preferredWidth() + 20);
        if (const auto it = guestBounds.constFind(n->nodeId().v); it != guestBounds.constEnd()) {
            rect = it->adjusted(-kHostPad, -(kInnerGap + 14 + NodeItem::kHostHeader), kHostPad, kHostPad)
                       .translated(-n->pos());
            if (rect.width() < minW)
                rect.adjust(-(minW - rect.width()) / 2, 0, (minW - rect.width()) / 2, 0);
        } else {
            rect = QRectF(-minW / 2, -NodeItem::kCardHeight / 2, minW, NodeItem::kCardHeight);
        }
        n->setHasGuests(guestBounds.contains(n->nodeId().v));
        auto plans = planPorts(n, rect);
        int bottom = 0, top = 0;
        for (const auto &p : plans) {
            bottom += p.side == Side::Bottom;
            top += p.side == Side::Top;
        }
        const qreal need = std::max(bottom, top) * kHorizontalGap + 40;
        if (rect.width() < need)
            rect.adjust(-(need - rect.width()) / 2, 0, (need - rect.width()) / 2, 0);
        n->setRect(rect);
        place(n, plans);
    }

    // 3. LANs: a bus wide enough to reach every attached node; ports sit on it under their peers.
    for (NodeItem *n : std::as_const(m_nodes)) {
        if (n->kind() != NodeKind::Lan)
            continue;
        qreal lo = -240, hi = 240;
        const auto ports = m_ports.value(n->nodeId().v);
        std::vector<std::pair<qreal, PortItem *>> onBus;
        for (PortItem *p : ports) {
            PortItem *other = peer.value(p);
            const qreal x = other ? other->scenePos().x() - n->pos().x() : 0;
            lo = std::min(lo, x - 70);
            hi = std::max(hi, x + 90);
            onBus.emplace_back(x, p);
        }
        n->setRect(QRectF(lo, -NodeItem::kLanHalfHeight, hi - lo, 2 * NodeItem::kLanHalfHeight));
        std::stable_sort(onBus.begin(), onBus.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        std::vector<qreal> xs;
        for (const auto &[x, p] : onBus)
            xs.push_back(x);
        xs = spread(xs, lo + 20, hi - 20, 24);
        for (std::size_t i = 0; i < onBus.size(); ++i)
            onBus[i].second->place(QPointF(xs[i], 0), Side::Bus);
    }

    for (LinkItem *l : std::as_const(m_links))
        l->updatePath();
    Q_UNUSED(t);
    m_inLayout = false;
    Q_EMIT layoutChanged();
}

namespace {

// The grid is periodic, so one tile (5 x 5 steps, a major dot at its corner) is rendered once
// and repeated as a texture: drawing ~4,000 antialiased dots per paint cost ~12 ms at 100% zoom.
struct GridTileCache {
    QPixmap tile;
    qreal step = 0, scale = 0, dpr = 0;
    QRgb grid = 0, gridMajor = 0;
};

// At zooms where the tile is not whole device pixels, a texture fill has to resample the whole
// viewport (5 ms with the 1,000-pod lab fitted). The grid's rows are all alike, so instead one
// strip of dots per kind of row (with or without major dots) and sub-pixel row offset is drawn
// at the exact device positions, once, and each row of the grid is a blit of it.
struct GridStripCache {
    qreal step = 0, deviceScale = 0, scale = 0, originX = 0;
    int width = 0;
    QRgb grid = 0, gridMajor = 0, background = 0;
    QImage strips[2][8]; // [major row][sub-pixel row offset in eighths]
};

constexpr int kStripSubPixel = 8;

void drawGridDots(QPainter *painter, const QRectF &rect, qreal step, qreal scale, const QColor &grid, const QColor &gridMajor);

// Returns false where it does not apply (only raster painting, unrotated views).
bool drawGridStrips(QPainter *painter, const QRectF &rect, qreal step, qreal scale, const Theme &t)
{
    const QTransform wt = painter->worldTransform();
    if (!painter->paintEngine() || painter->paintEngine()->type() != QPaintEngine::Raster || t.background.alpha() != 255
        || painter->window() != painter->viewport() || wt.type() > QTransform::TxScale || wt.m11() <= 0
        || wt.m11() != wt.m22())
        return false;
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QTransform dev = wt * QTransform::fromScale(dpr, dpr); // scene -> device pixels
    const qreal period = step * dev.m11();
    if (period < 8)
        return false;
    const QRectF devRect = dev.mapRect(rect);
    const int x0 = int(std::floor(devRect.left())) - 4;
    const int width = int(std::ceil(devRect.right())) + 4 - x0;
    const int half = int(std::ceil(2.4 * dpr)) + 2; // rows above and below a dot's centre
    const int height = 2 * half + 1;
    // A few views' worth (the canvas, an export or render() at a slightly different offset), so
    // that alternating between them does not redraw the strips each time.
    static std::array<GridStripCache, 4> caches;
    static std::size_t nextCache = 0;
    const qreal originX = dev.dx() - x0; // where scene x = 0 falls in a strip
    auto matches = [&](const GridStripCache &c) {
        return c.step == step && c.deviceScale == dev.m11() && c.scale == scale && c.originX == originX
            && c.width == width && c.grid == t.grid.rgba() && c.gridMajor == t.gridMajor.rgba()
            && c.background == t.background.rgba();
    };
    auto found = std::find_if(caches.begin(), caches.end(), matches);
    if (found == caches.end()) {
        found = caches.begin() + nextCache;
        nextCache = (nextCache + 1) % caches.size();
        *found = {step, dev.m11(), scale, originX, width, t.grid.rgba(), t.gridMajor.rgba(), t.background.rgba(), {}};
    }
    GridStripCache &cache = *found;

    const qreal sceneLeft = (x0 - dev.dx()) / dev.m11(), sceneRight = (x0 + width - dev.dx()) / dev.m11();
    painter->save();
    painter->setWorldTransform(QTransform::fromScale(1 / dpr, 1 / dpr));
    const qint64 kFirst = qint64(std::floor(rect.top() / step)) - 1, kLast = qint64(std::ceil(rect.bottom() / step)) + 1;
    for (qint64 k = kFirst; k <= kLast; ++k) {
        const qreal y = k * step * dev.m22() + dev.dy();
        int iy = int(std::floor(y));
        int sub = qRound((y - iy) * kStripSubPixel);
        if (sub == kStripSubPixel)
            ++iy, sub = 0;
        const bool majorRow = k % 5 == 0;
        QImage &strip = cache.strips[majorRow][sub];
        if (strip.isNull()) {
            strip = QImage(width, height, QImage::Format_RGB32);
            strip.fill(t.background);
            QPainter sp(&strip);
            sp.setRenderHint(QPainter::Antialiasing);
            // One row of the grid: at scene y = 0 (major dots where major columns cross it) or at
            // y = step (minor dots only), its centre on the strip's middle row.
            const qreal rowY = majorRow ? 0 : step;
            sp.setTransform(QTransform(dev.m11(), 0, 0, dev.m22(), originX,
                                       half + qreal(sub) / kStripSubPixel - rowY * dev.m22()));
            drawGridDots(&sp, QRectF(sceneLeft - step, rowY, sceneRight - sceneLeft + 2 * step, step / 2), step, scale,
                         t.grid, t.gridMajor);
        }
        painter->drawImage(QPoint(x0, iy - half), strip);
    }
    painter->restore();
    return true;
}

void drawGridDots(QPainter *painter, const QRectF &rect, qreal step, qreal scale, const QColor &grid, const QColor &gridMajor)
{
    const qreal left = std::floor(rect.left() / step) * step;
    const qreal top = std::floor(rect.top() / step) * step;
    QVector<QPointF> minor, major;
    for (qreal x = left; x < rect.right(); x += step)
        for (qreal y = top; y < rect.bottom(); y += step) {
            const bool isMajor = std::fmod(std::abs(x), step * 5) < 0.5 && std::fmod(std::abs(y), step * 5) < 0.5;
            (isMajor ? major : minor).append(QPointF(x, y));
        }
    painter->setPen(QPen(grid, 1.6 / std::max(scale, 0.2), Qt::SolidLine, Qt::RoundCap));
    painter->drawPoints(minor.constData(), int(minor.size()));
    painter->setPen(QPen(gridMajor, 2.4 / std::max(scale, 0.2), Qt::SolidLine, Qt::RoundCap));
    painter->drawPoints(major.constData(), int(major.size()));
}

} // namespace

void TopologyScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    const Theme &t = Theme::current();
    painter->fillRect(rect, t.background);
    const QTransform wt = painter->worldTransform();
    const qreal scale = wt.m11();
    qreal step = kGrid;
    while (step * scale < 9) // keep the dots from turning into a grey wash when zoomed out
        step *= 5;

    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const qreal tileScene = step * 5;
    const int tilePx = qRound(tileScene * scale * dpr);
    // Rotated/sheared views or absurd zooms keep the direct drawing.
    if (wt.type() > QTransform::TxScale || scale <= 0 || wt.m22() != scale || tilePx < 8 || tilePx > 2048) {
        drawGridDots(painter, rect, step, scale, t.grid, t.gridMajor);
        return;
    }

    const bool wholePixelTile = dpr == 1.0 && std::abs(tileScene * scale - tilePx) < 1e-9;
    if (!wholePixelTile && drawGridStrips(painter, rect, step, scale, t))
        return;

    static GridTileCache cache;
    if (cache.tile.isNull() || cache.step != step || cache.scale != scale || cache.dpr != dpr
        || cache.grid != t.grid.rgba() || cache.gridMajor != t.gridMajor.rgba()) {
        QPixmap tile(tilePx, tilePx);
        tile.fill(Qt::transparent);
        QPainter tp(&tile);
        tp.setRenderHint(QPainter::Antialiasing);
        tp.scale(tilePx / tileScene, tilePx / tileScene);
        // Dots on all four edges so that each corner dot is whole once the tiles meet.
        drawGridDots(&tp, QRectF(0, 0, tileScene + step / 2, tileScene + step / 2), step, scale, t.grid, t.gridMajor);
        tp.end();
        cache = {tile, step, scale, dpr, t.grid.rgba(), t.gridMajor.rgba()};
    }

    // The texture lives in scene units (tile pixel -> scene), anchored at scene (0, 0) like the
    // grid itself, so nodes snapped to the grid still sit on the dots.
    painter->save();
    if (wholePixelTile) {
        // The tile is whole device pixels (100 %, 50 %, ...): an untransformed texture fill is a
        // plain blit, several ms cheaper than a resampled one over the whole viewport.
        const QRectF device = wt.mapRect(rect);
        painter->resetTransform();
        painter->setBrushOrigin(wt.map(QPointF(0, 0)));
        painter->fillRect(device, QBrush(cache.tile));
    } else {
        QBrush brush(cache.tile);
        brush.setTransform(QTransform::fromScale(tileScene / tilePx, tileScene / tilePx));
        painter->setBrushOrigin(0, 0);
        painter->fillRect(rect, brush);
    }
    painter->restore();
}

} // namespace nslab::gui
