#pragma once
// What the emulator says about the drawing: runs the planned ops through the kernel emulator
// and pins each refusal on the node (and interface) it belongs to, plus the checks the kernel
// would make at apply time (duplicate addresses, interface names longer than 15 characters).
#include "topology/topology.h"
#include "topologyscene.h"

#include <QString>

#include <optional>

namespace nslab::gui {

Problems analyzeTopology(const model::Topology &topology);

// The verdict on one route the user is about to add or change, from the kernel emulator.
struct RouteCheck {
    bool ok = true;
    QString message; // the kernel's exact words ("RTNETLINK answers: File exists")
    QString hint;    // one plain sentence on what to do about it
};

// Builds the namespace as designed (without route `replacing`, when editing one), then runs
// `ip route add` with the candidate in it.
RouteCheck checkRoute(const model::Topology &topology, model::NodeId node, const model::RouteSpec &route,
                      std::optional<std::size_t> replacing = std::nullopt);

// "172.16.91.0/24 via 172.16.91.201 dev veth1a" — the route as `ip route` would take it.
QString routeText(const model::RouteSpec &route);

} // namespace nslab::gui
