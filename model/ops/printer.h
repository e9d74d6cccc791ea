#pragma once
// Printer: ops → canonical `ip` / `sysctl` command text that the parser reads back to the same ops.
#include "ops/ops.h"

#include <string>
#include <vector>

namespace nslab::model::ops {

// One command line for `op`, e.g. "ip -n netns01 route add 172.16.91.201 dev veth1a".
// `rootName`: ops in this namespace print as root-namespace commands (no -n).
std::string printOp(const Op &op, const std::string &rootName = {});
std::string printScript(const std::vector<Op> &ops, const std::string &rootName = {});

} // namespace nslab::model::ops
