#pragma once
// The bridge generator: on every host, the namespaces' host-side veths become ports of one bridge
// that carries the gateway address of the namespaces' subnet (the first free address, e.g.
// 10.10.0.1/24); namespaces route `default via` it; hosts forward and route the other hosts'
// subnets via their LAN address. The classic docker0 / "bridge LAN" wiring.
#include "topology/topology.h"

#include <optional>
#include <string>
#include <vector>

namespace nslab::model::routing {

std::optional<Topology> generateBridge(const Topology &t, std::string *error = nullptr,
                                       std::vector<std::string> *notes = nullptr);

} // namespace nslab::model::routing
