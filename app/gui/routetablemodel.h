#pragma once
// The routes a user put in one namespace, as an editable table. Every change is first run
// through the kernel emulator; a route the kernel would refuse is refused here with the
// kernel's own message (routeRefused) and the model is left as it was.
#include "topology/topology.h"

#include <QAbstractTableModel>

#include <optional>

namespace nslab::gui {

class CanvasController;

class RouteTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Dst, Via, Dev, Src, Metric, Scope, Type, Onlink, ColumnCount };

    explicit RouteTableModel(CanvasController *controller, QObject *parent = nullptr);

    void setNode(model::NodeId node);
    model::NodeId node() const { return m_node; }
    void reload(); // after the document changed

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    // Parses one field as `ip route` would take it into `route` (an error names the field).
    static bool parseField(model::RouteSpec &route, int column, const QString &text, QString *error);
    static QString fieldText(const model::RouteSpec &route, int column);

    // Runs the candidate through the emulator and, if the kernel takes it, pushes the edit.
    bool addRoute(const model::RouteSpec &route);
    bool replaceRoute(int row, const model::RouteSpec &route);
    bool removeRoute(int row);

Q_SIGNALS:
    void routeRefused(const QString &message, const QString &hint);
    void routeAccepted();

private:
    const model::Node *nodePtr() const;
    CanvasController *m_controller;
    model::NodeId m_node;
    std::vector<model::RouteSpec> m_routes;
};

} // namespace nslab::gui
