#include "traceoverlay.h"

#include "nodeitem.h"
#include "portitem.h"
#include "theme.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QGraphicsView>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace nslab::gui::insight {

using sim::StepKind;

TraceOverlay::TraceOverlay(TopologyScene *scene)
    : m_scene(scene)
{
    setZValue(1000); // above every card, port and label
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    scene->addItem(this);
    connect(scene, &TopologyScene::layoutChanged, this, &TraceOverlay::relayout);
}

void TraceOverlay::setTrace(const model::Topology &topology, const sim::PingResult &result, const std::string &, net::Ipv4)
{
    m_topology = topology;
    m_result = result;
    m_steps.clear();
    // Notes (warnings) have no place on the canvas; everything else is a stop of the packet.
    for (const sim::Step &s : result.trace)
        if (s.kind != StepKind::Note || !s.inDev.empty())
            m_steps.push_back(s);
    m_failStep = -1;
    if (result.exitCode != 0)
        for (int i = int(m_steps.size()) - 1; i >= 0; --i) {
            const auto k = m_steps[std::size_t(i)].kind;
            if (k == StepKind::Drop || k == StepKind::ArpUnanswered || k == StepKind::IcmpError) {
                m_failStep = i;
                break;
            }
        }
    if (m_failStep < 0 && result.exitCode != 0 && !m_steps.empty())
        m_failStep = int(m_steps.size()) - 1;
    m_progress = 0;
    relayout();
}

void TraceOverlay::clearTrace()
{
    prepareGeometryChange();
    m_steps.clear();
    m_geo.clear();
    m_failStep = -1;
    m_bounds = {};
    update();
}

QPointF TraceOverlay::nodePoint(const std::string &ns) const
{
    const model::Node *n = m_topology.nodeByName(ns);
    NodeItem *item = n ? m_scene->nodeItem(n->id) : nullptr;
    if (!item)
        return {};
    const QRectF r = item->sceneRectOfNode();
    if (n->kind == model::NodeKind::Host)
        return {r.center().x(), r.top() + NodeItem::kHostHeader / 2};
    return r.center();
}

QPointF TraceOverlay::portPoint(const std::string &ns, const std::string &dev) const
{
    const model::Node *n = m_topology.nodeByName(ns);
    if (!n)
        return {};
    if (PortItem *p = m_scene->portItem(n->id, dev))
        return p->scenePos();
    return nodePoint(ns);
}

// From a frame leaving (nsA, devA) to it arriving at (nsB, devB): straight along the veth, or
// through the LAN it crosses (the bridge's two ports).
QPolygonF TraceOverlay::pathBetween(const sim::Step &from, QPointF a, const sim::Step &to, QPointF b) const
{
    QPolygonF poly{a};
    const std::string &devA = from.outDev;
    const std::string &devB = to.inDev;
    if (!devA.empty() && !devB.empty() && from.ns != to.ns) {
        const model::Node *na = m_topology.nodeByName(from.ns);
        const model::Node *nb = m_topology.nodeByName(to.ns);
        const auto peerOf = [&](const model::Node *n, const std::string &dev) -> std::optional<model::LinkEnd> {
            for (const model::Link &l : m_topology.links) {
                if (l.a.node == n->id && l.a.iface == dev)
                    return l.b;
                if (l.b.node == n->id && l.b.iface == dev)
                    return l.a;
            }
            return std::nullopt;
        };
        if (na && nb) {
            const auto pa = peerOf(na, devA);
            const auto pb = peerOf(nb, devB);
            if (pa && pb && pa->node == pb->node && pa->node != na->id) {
                const model::Node *lan = m_topology.node(pa->node);
                if (PortItem *p1 = m_scene->portItem(lan->id, pa->iface))
                    poly << p1->scenePos();
                if (PortItem *p2 = m_scene->portItem(lan->id, pb->iface))
                    poly << p2->scenePos();
            }
        }
    }
    poly << b;
    return poly;
}

void TraceOverlay::relayout()
{
    prepareGeometryChange();
    m_geo.clear();
    const Theme &theme = Theme::current();
    QRectF bounds;
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        const sim::Step &s = m_steps[i];
        StepGeo g;
        if (s.kind == StepKind::Transmit || s.kind == StepKind::ArpRequest || s.kind == StepKind::ArpUnanswered)
            g.point = portPoint(s.ns, s.outDev);
        else if (s.kind == StepKind::Receive || s.kind == StepKind::ArpReply)
            g.point = portPoint(s.ns, s.inDev);
        else
            g.point = nodePoint(s.ns);
        g.color = s.leg == sim::Leg::Request ? theme.accent : s.leg == sim::Leg::Reply ? QColor(0x3c, 0xb3, 0x71) : theme.problem;
        switch (s.kind) {
        case StepKind::ArpRequest: g.badge = QStringLiteral("?"); g.label = tr("ARP: who has …?"); break;
        case StepKind::ArpReply: g.badge = QStringLiteral("!"); g.label = tr("ARP answer"); break;
        case StepKind::ArpUnanswered: g.badge = QStringLiteral("✗"); g.label = tr("no ARP answer"); g.color = theme.problem; break;
        case StepKind::Drop: g.badge = QStringLiteral("✗"); g.label = tr("dropped"); g.color = theme.problem; break;
        case StepKind::IcmpError: g.badge = QStringLiteral("⚠"); g.label = tr("ICMP error"); g.color = theme.problem; break;
        case StepKind::Deliver: g.badge = QStringLiteral("✓"); g.label = tr("delivered"); break;
        case StepKind::Forward: g.label = tr("forwarded"); break;
        case StepKind::RouteLookup: g.label = tr("route lookup"); break;
        case StepKind::Send: g.label = s.leg == sim::Leg::Reply ? tr("echo reply") : tr("echo request"); break;
        default: g.label = QString::fromStdString(std::string(sim::stepKindName(s.kind))); break;
        }
        if (i == 0)
            g.path = QPolygonF{g.point};
        else
            g.path = pathBetween(m_steps[i - 1], m_geo.back().point, s, g.point);
        bounds |= g.path.boundingRect();
        m_geo.push_back(g);
    }
    m_bounds = bounds.adjusted(-400, -140, 400, 260); // labels and the failure reason (either side)
    update();
}

QPointF TraceOverlay::stepPoint(int i) const
{
    return i >= 0 && i < int(m_geo.size()) ? m_geo[std::size_t(i)].point : QPointF();
}

void TraceOverlay::setProgress(qreal progress)
{
    progress = std::clamp(progress, 0.0, qreal(std::max(0, int(m_geo.size()) - 1)));
    if (qFuzzyCompare(progress + 1, m_progress + 1))
        return;
    m_progress = progress;
    update();
}

static QPointF along(const QPolygonF &poly, qreal f)
{
    if (poly.size() < 2)
        return poly.isEmpty() ? QPointF() : poly.front();
    qreal total = 0;
    for (int i = 1; i < poly.size(); ++i)
        total += QLineF(poly[i - 1], poly[i]).length();
    qreal want = total * f;
    for (int i = 1; i < poly.size(); ++i) {
        const qreal len = QLineF(poly[i - 1], poly[i]).length();
        if (want <= len || i == poly.size() - 1)
            return len > 0 ? QLineF(poly[i - 1], poly[i]).pointAt(std::min(1.0, want / len)) : poly[i];
        want -= len;
    }
    return poly.back();
}

QPointF TraceOverlay::packetPos() const
{
    if (m_geo.empty())
        return {};
    const int i = int(std::floor(m_progress));
    const qreal f = m_progress - i;
    if (i + 1 >= int(m_geo.size()) || f <= 0)
        return m_geo[std::size_t(std::min(i, int(m_geo.size()) - 1))].point;
    return along(m_geo[std::size_t(i + 1)].path, f);
}

QRectF TraceOverlay::boundingRect() const { return m_bounds; }

void TraceOverlay::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *widget)
{
    if (m_geo.empty())
        return;
    const Theme &theme = Theme::current();
    p->setRenderHint(QPainter::Antialiasing);
    const int current = int(std::floor(m_progress + 1e-6));

    // The whole path faint, the part travelled so far strong.
    for (std::size_t i = 1; i < m_geo.size(); ++i) {
        const StepGeo &g = m_geo[i];
        QColor c = g.color;
        const bool done = int(i) <= current;
        c.setAlpha(done ? 230 : 70);
        QPen pen(c, done ? 5 : 3, done ? Qt::SolidLine : Qt::DashLine, Qt::RoundCap, Qt::RoundJoin);
        p->setPen(pen);
        p->drawPolyline(g.path);
    }

    // Badges for ARP and the end of the story.
    QFont badgeFont = theme.nameFont;
    badgeFont.setBold(true);
    for (std::size_t i = 0; i < m_geo.size(); ++i) {
        const StepGeo &g = m_geo[i];
        if (g.badge.isEmpty() || int(i) > current)
            continue;
        const QPointF at = g.point + QPointF(14, -18);
        p->setPen(QPen(theme.background, 2));
        p->setBrush(g.color);
        p->drawEllipse(at, 11, 11);
        p->setPen(Qt::white);
        p->setFont(badgeFont);
        p->drawText(QRectF(at - QPointF(11, 11), QSizeF(22, 22)), Qt::AlignCenter, g.badge);
    }

    // The point of failure with its reason, once the packet got there.
    if (m_failStep >= 0 && m_failStep <= current) {
        const StepGeo &g = m_geo[std::size_t(m_failStep)];
        const QPointF c = g.point;
        p->setPen(QPen(theme.problem, 4));
        p->setBrush(Qt::NoBrush);
        p->drawEllipse(c, 20, 20);
        p->drawLine(c + QPointF(-11, -11), c + QPointF(11, 11));
        p->drawLine(c + QPointF(-11, 11), c + QPointF(11, -11));
        // The cause in one sentence (the explanation without its fix), else the step's words.
        QString cause = QString::fromStdString(m_result.explanation);
        if (const int fix = int(cause.indexOf(QLatin1String(" Fix:"))); fix > 0)
            cause.truncate(fix);
        if (cause.isEmpty())
            cause = QString::fromStdString(m_steps[std::size_t(m_failStep)].text);
        const QString reason = QString::fromStdString(std::string(sim::dispositionName(m_result.disposition)))
                               + QStringLiteral(": ") + cause;
        QFont f = theme.nameFont;
        const QFontMetricsF fm(f);
        QRectF box = fm.boundingRect(QRectF(0, 0, 340, 400), Qt::TextWordWrap, reason).adjusted(-8, -6, 8, 6);
        box.moveTopLeft(c + QPointF(26, 6));
        // Keep the sentence on screen: to the left of the mark when it would run off the
        // view's right edge, and up when it would run off the bottom.
        if (const auto *view = widget ? qobject_cast<const QGraphicsView *>(widget->parentWidget()) : nullptr) {
            const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
            if (box.right() > visible.right() && c.x() - 26 - box.width() >= visible.left())
                box.moveRight(c.x() - 26);
            if (box.bottom() > visible.bottom())
                box.moveBottom(std::max(visible.bottom(), c.y() + 6 + 24));
        }
        QColor fill = theme.problemFill;
        fill.setAlpha(235);
        p->setPen(QPen(theme.problem, 1.5));
        p->setBrush(fill);
        p->drawRoundedRect(box, 6, 6);
        p->setPen(theme.text);
        p->setFont(f);
        p->drawText(box.adjusted(8, 6, -8, -6), Qt::TextWordWrap, reason);
    }

    // The packet.
    const QPointF pos = packetPos();
    const StepGeo &g = m_geo[std::size_t(std::min(current, int(m_geo.size()) - 1))];
    QColor glow = g.color;
    glow.setAlpha(80);
    p->setPen(Qt::NoPen);
    p->setBrush(glow);
    p->drawEllipse(pos, 16, 16);
    p->setBrush(g.color);
    p->setPen(QPen(Qt::white, 2.5));
    p->drawEllipse(pos, 8.5, 8.5);
    // Its label: the step kind, readable from the back of the room.
    QFont lf = theme.nameFont;
    lf.setBold(true);
    const QFontMetricsF lfm(lf);
    const QString label = QStringLiteral("%1/%2  %3").arg(current + 1).arg(m_geo.size()).arg(g.label);
    QRectF lb(pos + QPointF(-lfm.horizontalAdvance(label) / 2 - 8, -46), QSizeF(lfm.horizontalAdvance(label) + 16, lfm.height() + 8));
    QColor lfill = theme.labelFill.isValid() ? theme.labelFill : theme.background;
    lfill.setAlpha(235);
    p->setPen(QPen(g.color, 1.5));
    p->setBrush(lfill);
    p->drawRoundedRect(lb, 5, 5);
    p->setPen(theme.text);
    p->setFont(lf);
    p->drawText(lb, Qt::AlignCenter, label);
}

} // namespace nslab::gui::insight
