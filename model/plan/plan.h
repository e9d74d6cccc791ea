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
// Removes it: one `ip netns del` per node.
std::vector<ops::Op> planTeardown(const Topology &topology, const PlanOptions &options = {});

// Runs the plan through a fresh emulator. Returns the kernel; `failures` gets one line per op
// that the emulator refused (which means the topology holds something the kernel would refuse).
kernel::Kernel emulate(const Topology &topology, std::vector<std::string> *failures = nullptr);

// Emulator state → Topology (names, devices, links, addresses, routes, sysctls); kinds and host
// membership inferred (a namespace whose veth peers sit in another namespace with a bridge is on
// a LAN, etc.); positions left at 0 for auto-layout.
Topology capture(const kernel::Kernel &kernel);

} // namespace nslab::model::plan
