#pragma once
// A veth pair: a line between its two ports. Mirrors a model::Link.
#include "topology/topology.h"

#include <QGraphicsPathItem>

namespace nslab::gui {

class PortItem;

class LinkItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };
    int type() const override { return Type; }

    explicit LinkItem(model::LinkId id);

    model::LinkId linkId() const { return m_id; }
    void setEnds(PortItem *a, PortItem *b);
    PortItem *endA() const { return m_a; }
    PortItem *endB() const { return m_b; }
    // Re-reads the ports' scene positions (after the layout moved them).
    void updatePath();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    model::LinkId m_id;
    PortItem *m_a = nullptr;
    PortItem *m_b = nullptr;
    QPainterPath m_path;
    bool m_down = false;
    bool m_hover = false;
};

} // namespace nslab::gui
