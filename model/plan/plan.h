#pragma once
// Planner (Topology → ops in an order the kernel accepts) and capture (emulator state → Topology).
// Import is parse → emulate → capture; export is plan → print; apply is plan → execute.
#include "kernel/kernel.h"
#include "ops/ops.h"
#include "topology/topology.h"

#include <string>
#include <vector>

namespace nslab::model::plan {

struct PlanOptions {
    std::string prefix;   // prepended to every namespace name (apply/export use PREFIX + node name)
};

// Builds the lab from nothing: netns add, sysctls that seed devices, links, masters, addresses,
// link up, routes, neighbours, per-device sysctls.
std::vector<ops::Op> planBuild(const Topology &topology, const PlanOptions &options = {});
// One real machine's part of the lab (`export --per-host`): the ops of `machine` itself (in its own
// namespace name PREFIX+name, which the printer prints as root-namespace commands when given that
// name as rootName; it gets no `ip netns add`) and of the namespaces living on it. A link to a node
// elsewhere is the machine's physical NIC: it is configured but not created.
std::vector<ops::Op> planHost(const Topology &topology, NodeId machine, const PlanOptions &options = {});
// The nodes that are machines of their own (no host): hosts, routers, LANs, free namespaces.
std::vector<NodeId> machines(const Topology &topology);
// Removes it: one `ip netns del` per node.
std::vector<ops::Op> planTeardown(const Topology &topology, const PlanOptions &options = {});

// Runs the plan through a fresh emulator. Returns the kernel; `failures` gets one line per op
// that the emulator refused (which means the topology holds something the kernel would refuse).
kernel::Kernel emulate(const Topology &topology, std::vector<std::string> *failures = nullptr);
// The same on a machine whose initial namespace holds `profile` (e.g. all.rp_filter=2).
kernel::Kernel emulate(const Topology &topology, const kernel::Profile &profile,
                       std::vector<std::string> *failures = nullptr);

// Emulator state → Topology (names, devices, links, addresses, routes, sysctls); kinds and host
// membership inferred (a namespace whose veth peers sit in another namespace with a bridge is on
// a LAN, etc.); positions left at 0 for auto-layout.
Topology capture(const kernel::Kernel &kernel);
// The same, plus one line per namespace whose route tables the captured topology would not
// reproduce exactly when planned again (something a lab file cannot express).
Topology capture(const kernel::Kernel &kernel, std::vector<std::string> *warnings);

// Canvas positions for a topology without them: hosts and routers in a row, their namespaces
// below them, LANs above the nodes they join.
void autoLayout(Topology &topology);

} // namespace nslab::model::plan
