#pragma once
// One route rendered exactly as `ip route show` prints its line (linux-semantics.md §4.1), so a
// trace can quote the route that matched the way the student sees it in the route table.
#include "kernel/state.h"

#include <string>

namespace nslab::sim {

// The line without its final newline; like iproute2 every field, the last included, is followed
// by a space.
std::string formatRoute(const kernel::Namespace &ns, const kernel::Route &route);

} // namespace nslab::sim
