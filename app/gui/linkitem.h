#pragma once
// A veth pair: a line between its two ports. Mirrors a model::Link.
#include "topology/topology.h"

#include <QGraphicsPathItem>
#include <QLineF>
#include <QVarLengthArray>

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
    void paintRuns(QPainter *p, const QVarLengthArray<QLineF, 3> &runs, const QColor &color, qreal width);

    model::LinkId m_id;
    PortItem *m_a = nullptr;
    PortItem *m_b = nullptr;
    QPainterPath m_path;
    // The same line split for fast painting: straight runs (drawn as plain lines, which the
    // raster engine fills directly) and the small rounded corners (stroked as a path). Empty
    // m_runs means "paint m_path" (shapes other than a line or an elbow).
    QVarLengthArray<QLineF, 3> m_runs;
    QPainterPath m_corners;
    bool m_down = false;
    bool m_hover = false;
};

} // namespace nslab::gui
