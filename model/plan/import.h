#pragma once
// Import: an ip script or a pasted console transcript → ops → emulator → Topology.
#include "kernel/kernel.h"
#include "ops/parser.h"
#include "topology/topology.h"

#include <string>
#include <string_view>
#include <vector>

namespace nslab::model::plan {

struct CommandOutcome {
    int index = 0;            // counts command lines from 1 (comments and blanks not counted)
    int line = 0;             // 1-based line in the input
    std::string text;         // the command as written
    ops::Result result;       // what the real command returns
    bool unsupported = false; // outside nslab's vocabulary: reported and skipped (result.err says why)
};

struct ImportResult {
    std::vector<CommandOutcome> commands;
    kernel::Kernel kernel;
    Topology topology;
    // Where the captured topology, planned again, would not give the same route tables
    // (something the lab file cannot express); empty when the round trip is exact.
    std::vector<std::string> warnings;
};

ImportResult importScript(std::string_view text, const std::string &hostName = "host");

} // namespace nslab::model::plan
