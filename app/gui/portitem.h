#pragma once
// One interface: a port on its node's edge with its name and addresses beside it. A child of
// its NodeItem, so it moves with the node; the scene's layout decides where on the edge it sits.
#include "topology/topology.h"

#include <QGraphicsItem>
#include <QList>
#include <QStaticText>
#include <QStringList>

namespace nslab::gui {

class NodeItem;

class PortItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };
    int type() const override { return Type; }

    enum class Side : quint8 { Top, Bottom, Left, Right, InnerTop, Bus };

    PortItem(const std::string &iface, NodeItem *node);

    model::NodeId nodeId() const;
    const std::string &iface() const { return m_iface; }
    NodeItem *node() const { return m_node; }

    void syncFromModel(const model::InterfaceSpec &spec, bool linked);
    void setProblems(const QStringList &problems);
    const QStringList &problems() const { return m_problems; }
    bool isUp() const { return m_up; }

    // Where the port sits (in its node's coordinates) and on which side of it: the label goes
    // outside the node on that side.
    void place(QPointF posInNode, Side side);
    Side side() const { return m_side; }
    // The direction a link leaves the port in (unit vector, scene orientation).
    QPointF outward() const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static constexpr qreal kRadius = 5.5;

private:
    void updateLabelRect();

    std::string m_iface;
    NodeItem *m_node;
    QString m_name;
    QStringList m_addresses;
    bool m_up = true;
    bool m_linked = false;
    QStringList m_problems;
    Side m_side = Side::Bottom;
    QRectF m_labelRect; // in item coordinates
    // The label laid out once in updateLabelRect(); paint() only draws it.
    QStaticText m_titleText;
    QList<QStaticText> m_addressTexts;
};

} // namespace nslab::gui
