#pragma once
// One node on the canvas: a host (a container its namespaces sit in), a namespace card, a router
// card or a LAN (a bus). It mirrors a model::Node and never changes the model: a drag moves the
// item only, and the select tool turns the finished gesture into one edit.
#include "topology/topology.h"

#include <QGraphicsItem>
#include <QRgb>
#include <QStaticText>
#include <QStringList>

#include <memory>
#include <type_traits>

namespace nslab::gui {

class TopologyScene;
class PortItem;
struct Theme;

class NodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };
    int type() const override { return Type; }

    NodeItem(model::NodeId id, TopologyScene *scene);

    model::NodeId nodeId() const { return m_id; }
    model::NodeKind kind() const { return m_kind; }
    model::NodeId host() const { return m_host; }
    const QString &name() const { return m_name; }

    // Copies what is drawn from the model node.
    void syncFromModel(const model::Node &node);
    // Sets the position from the model (no snapping, no gesture).
    void setModelPos(QPointF pos);

    QRectF rect() const { return m_rect; }
    void setRect(const QRectF &rect); // called by the scene's layout
    QRectF sceneRectOfNode() const { return mapRectToScene(m_rect); }
    // Width the card needs for its texts (the layout widens it for ports too).
    qreal preferredWidth() const;

    // A host with namespaces is drawn as a container around them; without, as a card.
    void setHasGuests(bool on);
    bool hasGuests() const { return m_hasGuests; }

    void setProblems(const QStringList &problems);
    const QStringList &problems() const { return m_problems; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static constexpr qreal kCardHeight = 64;
    static constexpr qreal kHostHeader = 38;
    // Below this scale (about 40%) items draw only their shapes: text would be unreadably small.
    static constexpr qreal kDetailLod = 0.4;
    // levelOfDetailFromTransform() rounds differently for items far from the origin: at exactly
    // 40 % some cards came out at 0.39999 and lost their texts while their neighbours kept them.
    static bool isDetailed(QPainter *p);
    static constexpr qreal kLanHalfHeight = 16;

    // What a sprite shows, apart from its size and the zoom: a drawing variant and its colours.
    struct SpriteStyle {
        int variant = 0;
        QRgb colors[4] = {};
        bool operator==(const SpriteStyle &) const = default;
    };
    // Paints `paint` (drawing in item coordinates, inside `bounds`) through a pre-rendered image
    // shared by every item with the same style, size, zoom and sub-pixel offset: a 1,000-pod lab
    // shows hundreds of identical cards and ports, and blitting one image is far cheaper than
    // stroking rounded shapes and shadows for each. The pixels are the same as painting
    // directly (within 1/8 pixel of position). Returns false, having drawn nothing, where that
    // does not apply (SVG/PDF export, rotated views, very large items): paint directly then.
    template <typename Paint>
    static bool paintCached(QPainter *p, const QRectF &bounds, const SpriteStyle &style, Paint &&paint)
    {
        // No std::function: called some 3,000 times per paint, it would allocate for most lambdas.
        using F = std::remove_reference_t<Paint>;
        return paintCachedImpl(p, bounds, style, [](const void *f, QPainter *q) { (*static_cast<F *>(const_cast<void *>(f)))(q); },
                               std::addressof(paint));
    }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    static bool paintCachedImpl(QPainter *p, const QRectF &bounds, const SpriteStyle &style,
                                void (*paint)(const void *, QPainter *), const void *context);

    QString subtitle() const;
    // Lays the card texts out once; paint() only draws them (a 1,000-pod lab repaints ~340 cards).
    void updateTextCache();
    void paintOutline(QPainter *p);
    void paintCard(QPainter *p, const QColor &fill, const QColor &border, const QColor &stripe, const QString &icon);
    // The card without its texts: shadow, body, stripe and icon (cached per style).
    void paintCardBody(QPainter *p, const QColor &fill, const QColor &edge, const QColor &stripe, const QString &icon) const;
    void paintOutlineShape(QPainter *p, bool bad) const;
    void outlineColors(const Theme &t, QColor &fill, QColor &border, QColor &stripe) const;
    void paintHost(QPainter *p);
    void paintLan(QPainter *p);

    model::NodeId m_id;
    TopologyScene *m_scene;
    model::NodeKind m_kind = model::NodeKind::Netns;
    model::NodeId m_host;
    QString m_name;
    QString m_hostName;
    QString m_bridge;
    QString m_bridgeAddresses;
    bool m_forwarding = false;
    QRectF m_rect;
    QStringList m_problems;
    bool m_syncing = false;
    QPointF m_lastPos;
    bool m_hover = false;
    bool m_hasGuests = false;
    QStaticText m_nameText;     // the name, elided to the card width
    QStaticText m_subtitleText;
    bool m_subtitleFits = true; // else clipped to the card, as drawText(rect) would
};

} // namespace nslab::gui
