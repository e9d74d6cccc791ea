#include "linkitem.h"

#include "portitem.h"
#include "theme.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPainterPathStroker>

#include <algorithm>
#include <cmath>

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
    m_runs.clear();
    m_corners = QPainterPath();
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
            if (r >= 0.5) { // else the corners are joins of the path, not curves of their own
                m_runs = {QLineF(a, QPointF(a.x(), midY - sy1 * r)),
                          QLineF(QPointF(a.x() + sx * r, midY), QPointF(b.x() - sx * r, midY)),
                          QLineF(QPointF(b.x(), midY + sy2 * r), b)};
                m_corners.moveTo(a.x(), midY - sy1 * r);
                m_corners.quadTo(a.x(), midY, a.x() + sx * r, midY);
                m_corners.moveTo(b.x() - sx * r, midY);
                m_corners.quadTo(b.x(), midY, b.x(), midY + sy2 * r);
            }
        } else {
            path.lineTo(b);
            m_runs = {QLineF(a, b)};
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

namespace {

// Qt 6 (qdrawhelper.cpp) hands a blend of 96 or more spans (rows) to its thread pool.
constexpr int kMaxRowsPerFill = 95;

// Fills a straight horizontal or vertical run of a line `width` wide, given in device pixels,
// the way antialiasing would: the rows (or columns) across the run get the share of each
// pixel the line covers, along the run whole pixels. These are untransformed, aliased rect
// fills, which the raster engine does several times faster than stroking a line, while the
// pixels come out the same as a stroked line's (a zoomed-out lab has ~1,000 of them).
void fillDeviceRun(QPainter *p, QPointF a, QPointF b, qreal width, const QColor &color)
{
    const bool vertical = a.x() == b.x();
    // across: [c0, c1) in device pixels; along: [l0, l1)
    const qreal centre = vertical ? a.x() : a.y();
    // Lines under a pixel wide are drawn by Qt as a one-pixel line at `width` opacity (the
    // cosmetic stroker): do the same so that zoomed-out bundles of links look as before.
    const qreal span = std::max<qreal>(width, 1.0), opacity = std::min<qreal>(width, 1.0);
    const qreal c0 = centre - span / 2, c1 = centre + span / 2;
    const int l0 = qRound(std::min(vertical ? a.y() : a.x(), vertical ? b.y() : b.x()));
    const int l1 = qRound(std::max(vertical ? a.y() : a.x(), vertical ? b.y() : b.x()));
    if (l1 <= l0)
        return;
    auto fill = [&](int from, int to, qreal coverage) { // pixels [from, to) across the run
        if (to <= from || coverage <= 1.0 / 512)
            return;
        QColor c = color;
        c.setAlphaF(color.alphaF() * opacity * std::min<qreal>(coverage, 1.0));
        if (!vertical) {
            p->fillRect(QRect(l0, from, l1 - l0, to - from), c);
            return;
        }
        // Qt 6 hands fills of 96 rows or more to its thread pool in pieces, which for a
        // narrow column costs far more than the fill (and stalls on a busy machine): keep each
        // fill under that.
        for (int y = l0; y < l1; y += kMaxRowsPerFill)
            p->fillRect(QRect(from, y, to - from, std::min(kMaxRowsPerFill, l1 - y)), c);
    };
    const int i0 = int(std::floor(c0)), i1 = int(std::floor(c1));
    if (i0 == i1) {
        fill(i0, i0 + 1, c1 - c0);
        return;
    }
    fill(i0, i0 + 1, i0 + 1 - c0);
    fill(i0 + 1, i1, 1.0);
    fill(i1, i1 + 1, c1 - i1);
}

} // namespace

void LinkItem::paintRuns(QPainter *p, const QVarLengthArray<QLineF, 3> &runs, const QColor &color, qreal width)
{
    const QTransform world = p->worldTransform();
    const bool axisAligned = std::all_of(runs.begin(), runs.end(), [](const QLineF &l) {
        return l.x1() == l.x2() || l.y1() == l.y2();
    });
    if (!axisAligned || world.type() > QTransform::TxScale || world.m11() <= 0 || world.m22() != world.m11()
        || !p->paintEngine() || p->paintEngine()->type() != QPaintEngine::Raster || p->window() != p->viewport()) {
        // Diagonal lines, rotated views, SVG or PDF export: a plain line.
        p->setPen(QPen(color, width, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
        p->drawLines(runs.constData(), int(runs.size()));
        return;
    }
    const qreal dpr = p->device() ? p->device()->devicePixelRatioF() : 1.0;
    const QTransform device = world * QTransform::fromScale(dpr, dpr);
    p->setWorldTransform(QTransform::fromScale(1 / dpr, 1 / dpr));
    p->setRenderHint(QPainter::Antialiasing, false);
    for (const QLineF &l : runs)
        fillDeviceRun(p, device.map(l.p1()), device.map(l.p2()), width * world.m11() * dpr, color);
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setWorldTransform(world);
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
    const QColor color = m_hover ? t.linkHover : t.link;
    const qreal width = m_hover ? 2.6 : 2.0;
    if (m_down || m_runs.isEmpty()) {
        // Dashes must run on along the whole path; rare enough to keep the general stroke.
        p->setPen(QPen(color, width, m_down ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p->drawPath(m_path);
        return;
    }
    // A 1,000-pod lab paints ~750 links at 100 % zoom, most of them long runs down a host column
    // that are largely off screen. A round-capped path goes through the general stroker and the
    // rasterizer for its whole length; flat-capped lines take the raster engine's line fast
    // path, and runs are first cut to what the device shows. The round ends under the port dots
    // are not visible, and the corners keep their round caps (which also close each seam).
    QRectF visible;
    if (p->paintEngine() && p->paintEngine()->type() == QPaintEngine::Raster && p->worldTransform().isInvertible()
        && p->window() == p->viewport())
        visible = p->worldTransform().inverted().mapRect(QRectF(p->viewport())).adjusted(-width, -width, width, width);
    QVarLengthArray<QLineF, 3> runs;
    for (const QLineF &l : std::as_const(m_runs)) {
        if (visible.isNull()) {
            runs.append(l);
            continue;
        }
        if (l.x1() == l.x2()) { // vertical: cut to the visible rows
            if (l.x1() < visible.left() || l.x1() > visible.right())
                continue;
            const qreal y1 = std::clamp(l.y1(), visible.top(), visible.bottom());
            const qreal y2 = std::clamp(l.y2(), visible.top(), visible.bottom());
            if (y1 != y2)
                runs.append(QLineF(l.x1(), y1, l.x2(), y2));
        } else if (l.y1() == l.y2()) { // horizontal
            if (l.y1() < visible.top() || l.y1() > visible.bottom())
                continue;
            const qreal x1 = std::clamp(l.x1(), visible.left(), visible.right());
            const qreal x2 = std::clamp(l.x2(), visible.left(), visible.right());
            if (x1 != x2)
                runs.append(QLineF(x1, l.y1(), x2, l.y2()));
        } else if (QRectF(l.p1(), l.p2()).normalized().intersects(visible)) {
            runs.append(l);
        }
    }
    if (!runs.isEmpty())
        paintRuns(p, runs, color, width);
    if (!m_corners.isEmpty() && (visible.isNull() || m_corners.controlPointRect().intersects(visible))) {
        p->setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p->drawPath(m_corners);
    }
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
