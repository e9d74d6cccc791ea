#include "sim/routeformat.h"

#include "kernel/kernel.h"

namespace nslab::sim {

std::string formatRoute(const kernel::Namespace &ns, const kernel::Route &r)
{
    // The kernel emulator's own `ip route show` line, so a trace never drifts from the table.
    return kernel::formatRouteLine(ns, r);
}

} // namespace nslab::sim
