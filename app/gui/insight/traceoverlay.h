#pragma once
// The selected trace drawn on the canvas: the path the packet takes through ports and links, a
// packet that moves along it (the player sets the progress), ARP questions and answers as
// bubbles, and the point of failure marked with its reason. Lives in the scene above every
// item; it reads positions from the scene's items and never touches the document.
#include "sim/sim.h"
#include "topology/topology.h"

#include <QGraphicsObject>
#include <QPolygonF>

namespace nslab::gui {
class TopologyScene;
}

namespace nslab::gui::insight {

class TraceOverlay : public QGraphicsObject
{
    Q_OBJECT
public:
    explicit TraceOverlay(TopologyScene *scene);

    void setTrace(const model::Topology &topology, const sim::PingResult &result, const std::string &node, net::Ipv4 dst);
    void clearTrace();
    bool hasTrace() const { return !m_steps.empty(); }
    int stepCount() const { return int(m_steps.size()); }
    // 0 … stepCount()-1; fractions move the packet between two steps.
    void setProgress(qreal progress);
    qreal progress() const { return m_progress; }
    // Re-reads item positions (after a layout change).
    void relayout();
    // Where step `i` happens on the canvas (tests, auto-scroll).
    QPointF stepPoint(int i) const;
    QPointF packetPos() const;
    int failureStep() const { return m_failStep; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    struct StepGeo {
        QPolygonF path;     // from the previous step's point to this one (through LAN ports)
        QPointF point;
        QString badge;      // "?" ARP question, "!" ARP answer, "✗" drop …
        QString label;      // short text next to the packet
        QColor color;
    };
    QPointF nodePoint(const std::string &ns) const;
    QPointF portPoint(const std::string &ns, const std::string &dev) const;
    QPolygonF pathBetween(const sim::Step &from, QPointF a, const sim::Step &to, QPointF b) const;

    TopologyScene *m_scene;
    model::Topology m_topology;
    std::vector<sim::Step> m_steps;
    std::vector<StepGeo> m_geo;
    sim::PingResult m_result;
    qreal m_progress = 0;
    int m_failStep = -1;
    QRectF m_bounds;
};

} // namespace nslab::gui::insight
