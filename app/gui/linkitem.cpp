#include "linkitem.h"

#include "portitem.h"
#include "theme.h"

#include <QPainter>
#include <QPainterPathStroker>

namespace nslab::gui {

LinkItem::LinkItem(model::LinkId id)
    : m_id(id)
{
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(2); // above host containers, below the cards inside them
}

void LinkItem::setEnds(PortItem *a, PortItem *b)
{
    m_a = a;
    m_b = b;
    updatePath();
}

void LinkItem::updatePath()
{
    QPainterPath path;
    if (m_a && m_b) {
        const QPointF a = m_a->scenePos();
        const QPointF b = m_b->scenePos();
        const QPointF da = m_a->outward(), db = m_b->outward();
        path.moveTo(a);
        const bool verticalA = da.x() == 0, verticalB = db.x() == 0;
        if (verticalA && verticalB && std::abs(a.x() - b.x()) > 1) {
            // An elbow: leave vertically, cross over at the middle, arrive vertically — tidy
            // against the rectangular containers. Corners are slightly rounded.
            const qreal midY = (a.y() + b.y()) / 2;
            const qreal r = std::min({8.0, std::abs(b.x() - a.x()) / 2, std::abs(midY - a.y())});
            const qreal sx = b.x() > a.x() ? 1 : -1;
            const qreal sy1 = midY > a.y() ? 1 : -1;
            const qreal sy2 = b.y() > midY ? 1 : -1;
            path.lineTo(a.x(), midY - sy1 * r);
            path.quadTo(a.x(), midY, a.x() + sx * r, midY);
            path.lineTo(b.x() - sx * r, midY);
            path.quadTo(b.x(), midY, b.x(), midY + sy2 * r);
            path.lineTo(b);
        } else {
            path.lineTo(b);
        }
        m_down = !m_a->isUp() || !m_b->isUp();
    }
    prepareGeometryChange();
    m_path = path;
}

QRectF LinkItem::boundingRect() const { return m_path.boundingRect().adjusted(-6, -6, 6, 6); }

QPainterPath LinkItem::shape() const
{
    QPainterPathStroker s;
    s.setWidth(10);
    return s.createStroke(m_path);
}

void LinkItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Theme &t = Theme::current();
    p->setRenderHint(QPainter::Antialiasing);
    p->setBrush(Qt::NoBrush);
    if (isSelected()) {
        QColor halo = t.selection;
        halo.setAlpha(110);
        p->setPen(QPen(halo, 7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p->drawPath(m_path);
    }
    QPen pen(m_hover ? t.linkHover : t.link, m_hover ? 2.6 : 2.0, m_down ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap,
             Qt::RoundJoin);
    p->setPen(pen);
    p->drawPath(m_path);
}

void LinkItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void LinkItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace nslab::gui
