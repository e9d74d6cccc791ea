#pragma once
// One short line naming an op, for progress events, logs and error reports
// ("ip -n nslab-a route add 10.0.0.0/24 via 10.0.0.1").
#include "ops/ops.h"

#include <string>

namespace nslab::nl {
std::string describeOp(const model::ops::Op &op);
} // namespace nslab::nl
