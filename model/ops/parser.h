#pragma once
// Parser: `ip …` / `sysctl …` text (scripts, pasted console transcripts) → ops.
#include "ops/ops.h"

#include <string>
#include <string_view>
#include <vector>

namespace nslab::model::ops {

struct ParsedCommand {
    int line = 0;              // 1-based line in the input
    std::string text;          // the command as written (prompt stripped)
    std::vector<Op> ops;       // usually one; empty when unsupported
    bool unsupported = false;  // outside the vocabulary: `message` says why; import skips it
    std::string message;
};

struct ParseOptions {
    std::string hostName = "host"; // the namespace root-namespace commands are attributed to
};

// Every command line of `text`, in order. Comments, blank lines and transcript output lines are
// not commands. Never throws, whatever the input.
std::vector<ParsedCommand> parseScript(std::string_view text, const ParseOptions &options = {});
// One command line (the console).
ParsedCommand parseCommand(std::string_view line, const ParseOptions &options = {});

} // namespace nslab::model::ops
