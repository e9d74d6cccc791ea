#include "nodeitem.h"

#include "icons.h"
#include "theme.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QHash>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace nslab::gui {

using model::NodeKind;

namespace {

struct SpriteKey {
    NodeItem::SpriteStyle style;
    qreal width = 0;  // the drawn bounds, item units
    qreal height = 0;
    qreal scale = 0;  // device pixels per item unit
    quint8 subX = 0;  // sub-pixel offset of the bounds' corner, in 1/kSubPixel pixels
    quint8 subY = 0;
    bool operator==(const SpriteKey &) const = default;
};

size_t qHash(const SpriteKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.style.variant, k.style.colors[0], k.style.colors[1], k.style.colors[2],
                      k.style.colors[3], k.width, k.height, k.scale, k.subX, k.subY);
}

constexpr int kSubPixel = 8;
constexpr int kMaxRowsPerBlit = 95; // see LinkItem: Qt threads blends of 96 rows or more
constexpr int kSpriteMargin = 1;               // device pixels around the bounds for antialiasing
constexpr qint64 kMaxSpritePixels = 400'000;   // larger (a host container at 100 %): paint directly
constexpr qint64 kMaxCacheBytes = 48ll << 20;  // zooming through many scales: start over

struct SpriteCache {
    QHash<SpriteKey, QImage> images;
    qint64 bytes = 0;
};

SpriteCache &spriteCache()
{
    static SpriteCache cache; // GUI thread only, like all painting of the scene
    return cache;
}

} // namespace

bool NodeItem::isDetailed(QPainter *p)
{
    return QStyleOptionGraphicsItem::levelOfDetailFromTransform(p->worldTransform()) >= kDetailLod - 1e-6;
}

bool NodeItem::paintCachedImpl(QPainter *p, const QRectF &bounds, const SpriteStyle &style,
                               void (*paint)(const void *, QPainter *), const void *context)
{
    const QPaintEngine *engine = p->paintEngine();
    if (!engine || engine->type() != QPaintEngine::Raster || p->compositionMode() != QPainter::CompositionMode_SourceOver
        || p->window() != p->viewport()) // device pixels are then not world pixels
        return false;
    const QTransform world = p->worldTransform();
    if (world.type() > QTransform::TxScale || world.m11() <= 0 || world.m22() != world.m11())
        return false;
    const qreal dpr = p->device() ? p->device()->devicePixelRatioF() : 1.0;
    const qreal scale = world.m11() * dpr;
    const QPointF origin = world.map(bounds.topLeft()) * dpr; // device pixels
    int x = int(std::floor(origin.x())), y = int(std::floor(origin.y()));
    int subX = qRound((origin.x() - x) * kSubPixel), subY = qRound((origin.y() - y) * kSubPixel);
    if (subX == kSubPixel)
        ++x, subX = 0;
    if (subY == kSubPixel)
        ++y, subY = 0;
    const int w = int(std::ceil(bounds.width() * scale + qreal(subX) / kSubPixel)) + 2 * kSpriteMargin;
    const int h = int(std::ceil(bounds.height() * scale + qreal(subY) / kSubPixel)) + 2 * kSpriteMargin;
    if (qint64(w) * h > kMaxSpritePixels)
        return false;

    SpriteCache &cache = spriteCache();
    const SpriteKey key{style, bounds.width(), bounds.height(), scale, quint8(subX), quint8(subY)};
    auto it = cache.images.constFind(key);
    if (it == cache.images.constEnd()) {
        QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter ip(&image);
        ip.setRenderHints(p->renderHints());
        ip.translate(kSpriteMargin + qreal(subX) / kSubPixel, kSpriteMargin + qreal(subY) / kSubPixel);
        ip.scale(scale, scale);
        ip.translate(-bounds.topLeft());
        paint(context, &ip);
        ip.end();
        if (cache.bytes + image.sizeInBytes() > kMaxCacheBytes) {
            cache.images.clear();
            cache.bytes = 0;
        }
        cache.bytes += image.sizeInBytes();
        it = cache.images.insert(key, image);
    }
    // Whole device pixels, no transform: a plain blend of the image.
    p->setWorldTransform(QTransform::fromScale(1 / dpr, 1 / dpr));
    // In bands: Qt 6 splits blends of more than ~95 rows over its thread pool, which costs more
    // than it saves for images this small (and stalls while other threads keep the CPUs busy).
    const QImage &image = *it;
    for (int row = 0; row < image.height(); row += kMaxRowsPerBlit)
        p->drawImage(QPoint(x - kSpriteMargin, y - kSpriteMargin + row), image,
                     QRect(0, row, image.width(), std::min(kMaxRowsPerBlit, image.height() - row)));
    p->setWorldTransform(world);
    return true;
}

NodeItem::NodeItem(model::NodeId id, TopologyScene *scene)
    : m_id(id)
    , m_scene(scene)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges | ItemIsFocusable);
    setAcceptHoverEvents(true);
}

void NodeItem::syncFromModel(const model::Node &node)
{
    const QString name = QString::fromStdString(node.name);
    if (name != m_name || node.kind != m_kind)
        prepareGeometryChange(); // the text width can change the card's width
    m_name = name;
    m_kind = node.kind;
    m_host = node.host;
    m_hostName.clear();
    m_bridge.clear();
    m_bridgeAddresses.clear();
    for (const auto &i : node.interfaces)
        if (i.kind == model::InterfaceKind::Bridge) {
            // The bridge is the LAN itself, not a port: its addresses go in the subtitle.
            m_bridge = QString::fromStdString(i.name);
            QStringList addrs;
            for (const auto &a : i.addresses)
                addrs << QString::fromStdString(a.local.toString());
            m_bridgeAddresses = addrs.join(QStringLiteral(", "));
            break;
        }
    m_forwarding = false;
    for (const auto &[key, value] : node.sysctls)
        if (key == "net.ipv4.ip_forward" || key == "net.ipv4.conf.all.forwarding")
            m_forwarding = value != 0;
    if (m_scene)
        if (const auto *h = m_scene->document()->topology().node(node.host))
            m_hostName = QString::fromStdString(h->name);
    setToolTip(QString());
    switch (m_kind) {
    case NodeKind::Host: setZValue(0); break;
    case NodeKind::Lan: setZValue(1); break;
    default: setZValue(3); break;
    }
    updateTextCache();
    update();
}

void NodeItem::setModelPos(QPointF pos)
{
    m_syncing = true;
    setPos(pos);
    m_syncing = false;
}

void NodeItem::setRect(const QRectF &rect)
{
    if (rect == m_rect)
        return;
    prepareGeometryChange();
    m_rect = rect;
    updateTextCache();
}

void NodeItem::updateTextCache()
{
    const Theme &t = Theme::current();
    const QFontMetricsF nameFm(t.nameFont);
    m_nameText.setTextFormat(Qt::PlainText);
    m_nameText.setText(nameFm.elidedText(m_name, Qt::ElideRight, m_rect.width() - 52));
    m_nameText.prepare(QTransform(), t.nameFont);
    const QString sub = subtitle();
    m_subtitleText.setTextFormat(Qt::PlainText);
    m_subtitleText.setText(sub);
    m_subtitleText.prepare(QTransform(), t.smallFont);
    m_subtitleFits = QFontMetricsF(t.smallFont).horizontalAdvance(sub) <= m_rect.width() - 24;
}

qreal NodeItem::preferredWidth() const
{
    const Theme &t = Theme::current();
    const qreal title = QFontMetricsF(m_kind == NodeKind::Host ? t.titleFont : t.nameFont).horizontalAdvance(m_name);
    const qreal sub = QFontMetricsF(t.smallFont).horizontalAdvance(subtitle());
    return std::max(title, sub) + 64; // stripe, padding and the icon
}

void NodeItem::setHasGuests(bool on)
{
    if (on != m_hasGuests) {
        m_hasGuests = on;
        update();
    }
}

void NodeItem::setProblems(const QStringList &problems)
{
    if (problems == m_problems)
        return;
    prepareGeometryChange();
    m_problems = problems;
    setToolTip(problems.isEmpty() ? QString() : problems.join(QLatin1Char('\n')));
    update();
}

QRectF NodeItem::boundingRect() const
{
    // Room for the selection outline and the problem badge at the top-right corner.
    return m_rect.adjusted(-6, -12, 12, 6);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath p;
    if (m_kind == NodeKind::Lan) {
        p.addRect(m_rect.adjusted(0, -4, 0, 4));
        return p;
    }
    p.addRoundedRect(m_rect, 10, 10);
    return p;
}

QString NodeItem::subtitle() const
{
    switch (m_kind) {
    case NodeKind::Host: return m_forwarding ? QStringLiteral("host · forwarding") : QStringLiteral("host");
    case NodeKind::Router: return m_forwarding ? QStringLiteral("router · forwarding") : QStringLiteral("router · not forwarding");
    case NodeKind::Lan:
        if (m_bridge.isEmpty())
            return QStringLiteral("LAN");
        return QStringLiteral("LAN · bridge ") + m_bridge
            + (m_bridgeAddresses.isEmpty() ? QString() : QStringLiteral(" ") + m_bridgeAddresses);
    case NodeKind::Netns:
        if (!m_hostName.isEmpty())
            return QStringLiteral("netns on ") + m_hostName + (m_forwarding ? QStringLiteral(" · fwd") : QString());
        return m_forwarding ? QStringLiteral("netns · forwarding") : QStringLiteral("netns");
    }
    return {};
}

void NodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Theme &t = Theme::current();
    p->setRenderHint(QPainter::Antialiasing);
    // Zoomed far out (a 1,000-pod lab) text is unreadable and shadows/icons invisible: draw only
    // the shapes, which keeps a full repaint inside a frame.
    if (!isDetailed(p)) {
        paintOutline(p);
        return;
    }
    switch (m_kind) {
    case NodeKind::Host: paintHost(p); break;
    case NodeKind::Lan: paintLan(p); break;
    case NodeKind::Router: paintCard(p, t.routerFill, t.routerBorder, t.routerStripe, QStringLiteral("router")); break;
    case NodeKind::Netns: paintCard(p, t.netnsFill, t.netnsBorder, t.netnsStripe, QStringLiteral("netns")); break;
    }

    if (isSelected()) {
        p->setBrush(Qt::NoBrush);
        p->setPen(QPen(t.selection, 2.5));
        if (m_kind == NodeKind::Lan)
            p->drawRoundedRect(m_rect.adjusted(-3, -3, 3, 3), 8, 8);
        else
            p->drawRoundedRect(m_rect.adjusted(-3, -3, 3, 3), m_hasGuests ? 16 : 12, m_hasGuests ? 16 : 12);
    }
    if (!m_problems.isEmpty()) {
        const QRectF badge(m_rect.right() - 10, m_rect.top() - 10, 20, 20);
        p->setPen(QPen(t.background, 2));
        p->setBrush(t.problem);
        p->drawEllipse(badge);
        QFont f = t.nameFont;
        f.setBold(true);
        p->setFont(f);
        p->setPen(Qt::white);
        p->drawText(badge, Qt::AlignCenter, QStringLiteral("!"));
    }
}

void NodeItem::paintOutline(QPainter *p)
{
    const Theme &t = Theme::current();
    const QRectF r = m_rect;
    const bool bad = !m_problems.isEmpty();
    if (m_kind == NodeKind::Lan) {
        p->setPen(Qt::NoPen);
        p->setBrush(bad ? t.problem : t.lanBus);
        p->drawRoundedRect(QRectF(r.left(), -5, r.width(), 10), 5, 5);
    } else {
        SpriteStyle style;
        if (m_kind == NodeKind::Host && m_hasGuests) {
            style = {1, {(bad ? t.problem : t.hostBorder).rgba(), t.hostFill.rgba(), t.hostHeader.rgba(), 0}};
        } else {
            QColor fill, border, stripe;
            outlineColors(t, fill, border, stripe);
            style = {2, {(bad ? t.problem : border).rgba(), (bad ? t.problemFill : fill).rgba(), stripe.rgba(), 0}};
        }
        if (!paintCached(p, r.adjusted(-1, -1, 1, 1), style, [&](QPainter *q) { paintOutlineShape(q, bad); }))
            paintOutlineShape(p, bad);
    }
    if (isSelected()) {
        p->setBrush(Qt::NoBrush);
        p->setPen(QPen(t.selection, 2.5));
        p->drawRoundedRect(m_rect.adjusted(-3, -3, 3, 3), 12, 12);
    }
    if (bad) {
        p->setPen(Qt::NoPen);
        p->setBrush(t.problem);
        p->drawEllipse(QRectF(m_rect.right() - 10, m_rect.top() - 10, 20, 20));
    }
}

void NodeItem::outlineColors(const Theme &t, QColor &fill, QColor &border, QColor &stripe) const
{
    switch (m_kind) {
    case NodeKind::Router: fill = t.routerFill, border = t.routerBorder, stripe = t.routerStripe; break;
    case NodeKind::Netns: fill = t.netnsFill, border = t.netnsBorder, stripe = t.netnsStripe; break;
    default: fill = t.hostHeader, border = t.hostBorder, stripe = t.hostBorder; break;
    }
}

void NodeItem::paintOutlineShape(QPainter *p, bool bad) const
{
    const Theme &t = Theme::current();
    const QRectF r = m_rect;
    if (m_kind == NodeKind::Host && m_hasGuests) {
        p->setPen(QPen(bad ? t.problem : t.hostBorder, 1.5));
        p->setBrush(t.hostFill);
        p->drawRoundedRect(r, 14, 14);
        p->setPen(Qt::NoPen);
        p->setBrush(t.hostHeader);
        p->drawRoundedRect(QRectF(r.left() + 1, r.top() + 1, r.width() - 2, kHostHeader - 1), 13, 13);
    } else {
        QColor fill, border, stripe;
        outlineColors(t, fill, border, stripe);
        p->setPen(QPen(bad ? t.problem : border, 1.4));
        p->setBrush(bad ? t.problemFill : fill);
        p->drawRoundedRect(r, 10, 10);
        p->fillRect(QRectF(r.left() + 1, r.top() + 6, 5, r.height() - 12), stripe);
    }
}

void NodeItem::paintCard(QPainter *p, const QColor &fill, const QColor &border, const QColor &stripe, const QString &icon)
{
    const Theme &t = Theme::current();
    const QRectF r = m_rect;
    const QColor body = m_problems.isEmpty() ? fill : t.problemFill;
    QColor edge = m_problems.isEmpty() ? border : t.problem;
    edge.setAlphaF(m_hover ? 1.0 : 0.75);
    // The icon follows from the kind, so the kind tells the sprites apart.
    const SpriteStyle style{10 + int(m_kind), {body.rgba(), edge.rgba(), stripe.rgba(), t.dark ? 1u : 0u}};
    if (!paintCached(p, r.adjusted(-1, -1, 1, 3.5), style, [&](QPainter *q) { paintCardBody(q, body, edge, stripe, icon); }))
        paintCardBody(p, body, edge, stripe, icon);

    // Cached texts (updateTextCache), vertically centred in the same boxes drawText(rect,
    // AlignVCenter) used: 24 px high at +9 for the name, 20 px at +33 for the subtitle.
    p->setPen(t.text);
    p->setFont(t.nameFont);
    p->drawStaticText(QPointF(r.left() + 16, r.top() + 9 + (24 - QFontMetricsF(t.nameFont).height()) / 2), m_nameText);
    p->setPen(t.textMuted);
    p->setFont(t.smallFont);
    const QRectF subRect(r.left() + 16, r.top() + 33, r.width() - 24, 20);
    const QPointF subPos(subRect.left(), subRect.top() + (20 - QFontMetricsF(t.smallFont).height()) / 2);
    if (m_subtitleFits) {
        p->drawStaticText(subPos, m_subtitleText);
    } else {
        p->save();
        p->setClipRect(subRect, Qt::IntersectClip);
        p->drawStaticText(subPos, m_subtitleText);
        p->restore();
    }
}

void NodeItem::paintCardBody(QPainter *p, const QColor &fill, const QColor &edge, const QColor &stripe,
                             const QString &icon) const
{
    const Theme &t = Theme::current();
    const QRectF r = m_rect;
    // A soft shadow lifts the card off the host container.
    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0, 0, 0, t.dark ? 90 : 28));
    p->drawRoundedRect(r.translated(0, 2.5), 10, 10);
    p->setBrush(fill);
    p->setPen(QPen(edge, 1.4));
    p->drawRoundedRect(r, 10, 10);
    // Coloured stripe on the left: the node's kind at a glance.
    QPainterPath clip;
    clip.addRoundedRect(r, 10, 10);
    p->save();
    p->setClipPath(clip, Qt::IntersectClip);
    p->fillRect(QRectF(r.left(), r.top(), 6, r.height()), stripe);
    p->restore();
    Icons::paint(p, icon, QRectF(r.right() - 30, r.top() + 10, 20, 20), stripe);
}

void NodeItem::paintHost(QPainter *p)
{
    const Theme &t = Theme::current();
    if (!m_hasGuests) {
        paintCard(p, t.hostHeader, t.hostBorder, t.hostBorder, QStringLiteral("host"));
        return;
    }
    const QRectF r = m_rect;
    p->setPen(QPen(m_problems.isEmpty() ? t.hostBorder : t.problem, m_hover ? 2.0 : 1.5));
    p->setBrush(t.hostFill);
    p->drawRoundedRect(r, 14, 14);
    // Header band with the host's name: the container's top with its round corners, built from
    // a rounded rect and a plain one (no clip path, which costs more than the whole band).
    p->setPen(Qt::NoPen);
    p->setBrush(t.hostHeader);
    p->drawRoundedRect(QRectF(r.left(), r.top(), r.width(), 28), 14, 14);
    p->fillRect(QRectF(r.left(), r.top() + 14, r.width(), kHostHeader - 14), t.hostHeader);
    p->setPen(QPen(t.hostBorder, 1, Qt::SolidLine, Qt::FlatCap));
    p->drawLine(QPointF(r.left(), r.top() + kHostHeader), QPointF(r.right(), r.top() + kHostHeader));

    Icons::paint(p, QStringLiteral("host"), QRectF(r.left() + 12, r.top() + 9, 20, 20), t.textMuted);
    p->setPen(t.text);
    p->setFont(t.titleFont);
    const qreal nameWidth = QFontMetricsF(t.titleFont).horizontalAdvance(m_name);
    p->drawText(QRectF(r.left() + 40, r.top(), nameWidth + 4, kHostHeader), Qt::AlignLeft | Qt::AlignVCenter, m_name);
    p->setPen(t.textMuted);
    p->setFont(t.smallFont);
    p->drawText(QRectF(r.left() + 48 + nameWidth, r.top(), r.width() - nameWidth - 60, kHostHeader),
                Qt::AlignLeft | Qt::AlignVCenter, subtitle());
}

void NodeItem::paintLan(QPainter *p)
{
    const Theme &t = Theme::current();
    const QRectF r = m_rect;
    // The segment: a thick rounded bar along y = 0 with end caps.
    const QRectF bar(r.left(), -5, r.width(), 10);
    p->setPen(Qt::NoPen);
    p->setBrush(m_problems.isEmpty() ? t.lanBus : t.problem);
    p->drawRoundedRect(bar, 5, 5);
    p->setBrush(t.background);
    p->drawEllipse(QPointF(bar.left() + 5, 0), 2.2, 2.2);
    p->drawEllipse(QPointF(bar.right() - 5, 0), 2.2, 2.2);

    Icons::paint(p, QStringLiteral("lan"), QRectF(r.left() + 2, r.top() - 10, 20, 20), t.lanText);
    p->setPen(t.lanText);
    p->setFont(t.nameFont);
    const qreal nameWidth = QFontMetricsF(t.nameFont).horizontalAdvance(m_name);
    p->drawText(QRectF(r.left() + 28, r.top() - 12, nameWidth + 4, 22), Qt::AlignLeft | Qt::AlignVCenter, m_name);
    p->setPen(t.textMuted);
    p->setFont(t.smallFont);
    p->drawText(QRectF(r.left() + 36 + nameWidth, r.top() - 12, std::max<qreal>(260, r.width() - nameWidth - 40), 22),
                Qt::AlignLeft | Qt::AlignVCenter, subtitle());
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange && !m_syncing && m_scene && m_scene->snapToGrid()) {
        // Snapping lives here so that every way of moving (mouse, keys) snaps the same.
        const qreal g = TopologyScene::kGrid;
        const QPointF p = value.toPointF();
        return QPointF(std::round(p.x() / g) * g, std::round(p.y() / g) * g);
    }
    if (change == ItemPositionHasChanged) {
        const QPointF delta = pos() - m_lastPos;
        m_lastPos = pos();
        if (m_scene)
            m_scene->nodeItemMoved(this, delta, m_syncing);
    }
    if (change == ItemSelectedHasChanged)
        update();
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace nslab::gui
