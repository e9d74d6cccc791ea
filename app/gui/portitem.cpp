#include "portitem.h"

#include "nodeitem.h"
#include "theme.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace nslab::gui {

PortItem::PortItem(const std::string &iface, NodeItem *node)
    : QGraphicsItem(node)
    , m_iface(iface)
    , m_node(node)
{
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCursor(Qt::CrossCursor); // dragging from a port draws a new link
}

model::NodeId PortItem::nodeId() const { return m_node->nodeId(); }

void PortItem::syncFromModel(const model::InterfaceSpec &spec, bool linked)
{
    m_name = QString::fromStdString(spec.name);
    m_addresses.clear();
    for (const auto &a : spec.addresses)
        m_addresses << QString::fromStdString(a.local.toString());
    m_up = spec.up;
    m_linked = linked;
    updateLabelRect();
    setToolTip(m_name + (m_up ? QString() : QStringLiteral(" (down)"))
               + (m_addresses.isEmpty() ? QStringLiteral("\nno address") : QLatin1Char('\n') + m_addresses.join(QLatin1Char('\n'))));
    update();
}

void PortItem::setProblems(const QStringList &problems)
{
    if (problems == m_problems)
        return;
    m_problems = problems;
    setToolTip(m_name + QLatin1Char('\n') + problems.join(QLatin1Char('\n')));
    update();
}

void PortItem::place(QPointF posInNode, Side side)
{
    if (side != m_side) {
        m_side = side;
        updateLabelRect();
    }
    setPos(posInNode);
}

QPointF PortItem::outward() const
{
    switch (m_side) {
    case Side::Top: return {0, -1};
    case Side::Bottom: return {0, 1};
    case Side::Left: return {-1, 0};
    case Side::Right: return {1, 0};
    case Side::InnerTop: return {0, 1};
    case Side::Bus: return {0, -1};
    }
    return {0, 1};
}

void PortItem::updateLabelRect()
{
    const Theme &t = Theme::current();
    const QFontMetricsF nameFm(t.monoFont), addrFm(t.monoSmallFont);
    const QString title = m_up ? m_name : m_name + QStringLiteral(" ↓");
    qreal w = nameFm.horizontalAdvance(title);
    for (const QString &a : m_addresses)
        w = std::max(w, addrFm.horizontalAdvance(a));
    const qreal h = nameFm.height() + m_addresses.size() * addrFm.height();
    const QSizeF size(w + 8, h + 3);
    m_titleText.setTextFormat(Qt::PlainText);
    m_titleText.setText(title);
    m_titleText.prepare(QTransform(), t.monoFont);
    m_addressTexts.clear();
    m_addressTexts.reserve(m_addresses.size());
    for (const QString &a : m_addresses) {
        QStaticText &st = m_addressTexts.emplace_back(a);
        st.setTextFormat(Qt::PlainText);
        st.prepare(QTransform(), t.monoSmallFont);
    }
    prepareGeometryChange();
    // The label sits beside the dot, outside the node, clear of the link leaving the port.
    switch (m_side) {
    case Side::Top: m_labelRect = QRectF(QPointF(7, -size.height() - 3), size); break;
    case Side::Bottom: m_labelRect = QRectF(QPointF(7, 3), size); break;
    case Side::InnerTop: m_labelRect = QRectF(QPointF(7, 3), size); break;
    // Facing ports of two neighbours: one label above the link, the other below, never on top
    // of each other.
    case Side::Left: m_labelRect = QRectF(QPointF(-size.width() - 6, 4), size); break;
    case Side::Right: m_labelRect = QRectF(QPointF(6, -size.height() - 3), size); break;
    case Side::Bus: m_labelRect = QRectF(QPointF(7, 6), size); break;
    }
}

QRectF PortItem::boundingRect() const
{
    const qreal r = kRadius + 2;
    return QRectF(-r, -r, 2 * r, 2 * r).united(m_labelRect);
}

QPainterPath PortItem::shape() const
{
    // Only the dot and the name grab the mouse; the rest of the node stays draggable.
    QPainterPath p;
    const qreal r = kRadius + 3;
    p.addEllipse(QPointF(0, 0), r, r);
    p.addRect(m_labelRect);
    return p;
}

void PortItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Theme &t = Theme::current();
    p->setRenderHint(QPainter::Antialiasing);
    const bool bad = !m_problems.isEmpty();
    const bool bus = m_side == Side::Bus;
    // Dots and label pills repeat by the hundred in a big lab: drawn from shared sprites
    // (NodeItem::paintCached), the same pixels as painting them.
    const qreal dotR = kRadius + 3; // the selection ring is the outermost part
    const QRectF dotBounds(-dotR - 1, -dotR - 1, 2 * dotR + 2, 2 * dotR + 2);
    if (!NodeItem::isDetailed(p)) {
        // Too small to read: no label, just the dot in its state colour.
        const QColor fill = bad ? t.problem : (!(m_linked && m_up) ? t.portUnlinked : (bus ? t.lanBus : t.portFill));
        auto dot = [&](QPainter *q) {
            q->setPen(Qt::NoPen);
            q->setBrush(fill);
            q->drawEllipse(QPointF(0, 0), kRadius, kRadius);
        };
        if (!NodeItem::paintCached(p, dotBounds, {30, {fill.rgba(), 0, 0, 0}}, dot))
            dot(p);
        return;
    }

    // Label on a translucent pill so that lines and grid never cut through the text.
    const QColor pillFill = bad ? t.problemFill : t.labelFill;
    const bool selected = isSelected();
    auto pill = [&](QPainter *q) {
        q->setPen(selected ? QPen(t.selection, 1.5) : QPen(Qt::NoPen));
        q->setBrush(pillFill);
        q->drawRoundedRect(m_labelRect, 4, 4);
    };
    if (!NodeItem::paintCached(p, m_labelRect.adjusted(-1, -1, 1, 1),
                               {31, {pillFill.rgba(), selected ? t.selection.rgba() : 0u, 0, 0}}, pill))
        pill(p);
    const QFontMetricsF nameFm(t.monoFont), addrFm(t.monoSmallFont);
    qreal y = m_labelRect.top() + 1.5;
    p->setFont(t.monoFont);
    p->setPen(bad ? t.problem : (m_up ? (bus ? t.textMuted : t.text) : t.textMuted));
    // Each line's box is exactly one line high, so the cached text's top-left is the box's.
    p->drawStaticText(QPointF(m_labelRect.left() + 4, y), m_titleText);
    y += nameFm.height();
    p->setFont(t.monoSmallFont);
    p->setPen(bad ? t.problem : t.accent);
    for (const QStaticText &a : m_addressTexts) {
        p->drawStaticText(QPointF(m_labelRect.left() + 4, y), a);
        y += addrFm.height();
    }

    // The dot: filled when the veth has a peer, hollow when it does not or is down.
    const QColor fill = bad ? t.problem : (bus ? t.lanBus : t.portFill);
    const bool solid = m_linked && m_up;
    auto dot = [&](QPainter *q) {
        q->setPen(QPen(t.background, 2));
        q->setBrush(t.background);
        q->drawEllipse(QPointF(0, 0), kRadius + 1, kRadius + 1);
        if (solid) {
            q->setPen(Qt::NoPen);
            q->setBrush(fill);
        } else {
            q->setPen(QPen(m_up ? fill : t.portUnlinked, 2));
            q->setBrush(t.background);
        }
        q->drawEllipse(QPointF(0, 0), kRadius - (solid ? 0 : 1), kRadius - (solid ? 0 : 1));
        if (selected) {
            q->setPen(QPen(t.selection, 2));
            q->setBrush(Qt::NoBrush);
            q->drawEllipse(QPointF(0, 0), kRadius + 3, kRadius + 3);
        }
    };
    const QColor ring = m_up ? fill : t.portUnlinked;
    const NodeItem::SpriteStyle style{32 + (solid ? 1 : 0) + (selected ? 2 : 0),
                            {t.background.rgba(), fill.rgba(), ring.rgba(), selected ? t.selection.rgba() : 0u}};
    if (!NodeItem::paintCached(p, dotBounds, style, dot))
        dot(p);
}

} // namespace nslab::gui
