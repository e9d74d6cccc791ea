#pragma once
// Apply with all-or-nothing semantics, destroy and status, over any Executor. The journal
// (journal.h) is written before every namespace is created, so destroy can clean up after a
// crash; a failure rolls back in reverse order and reports the op and the kernel's message.
#include "executor.h"
#include "journal.h"
#include "ops/ops.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nslab::nl {

struct ApplyOptions {
    std::string prefix;                 // every namespace starts with it; names the journal
    std::string lab;                    // shown by status (lab path or title)
    std::optional<std::size_t> failAt;  // tests: op index (0-based) that fails as if the kernel refused it
    // Called before each op: step counts from 1.
    std::function<void(std::size_t step, std::size_t total, const std::string &op)> progress;
};

struct ApplyReport {
    bool ok = false;
    std::optional<std::size_t> failedIndex; // 0-based index of the op that failed
    std::string failedOp;                   // the op as a command line
    std::string error;                      // the kernel's message, or why nothing was tried
    std::vector<std::string> rollbackProblems;
    std::size_t namespaces = 0;             // created (and kept, when ok)
    std::string toString() const;           // one paragraph for the user
};

ApplyReport applyOps(Executor &executor, const std::vector<model::ops::Op> &ops, const ApplyOptions &options);

struct DestroyReport {
    bool ok = true;
    bool hadJournal = false;
    std::vector<std::string> removed;   // namespaces removed
    std::vector<std::string> leftAlone; // named in the journal but not the namespace nslab made
    std::vector<std::string> problems;
};

// Removes exactly what the journal of `prefix` records, then the journal. Idempotent.
DestroyReport destroyLab(Executor &executor, const std::string &prefix);

struct LabStatus {
    std::string prefix;
    std::string lab;
    std::string state;                  // journal state: applied, applying, rolling-back
    std::size_t namespaces = 0;
    bool matches = false;               // every recorded namespace and link is there as made
    std::vector<std::string> problems;  // what differs
};

std::vector<LabStatus> labStatus(Executor &executor);

} // namespace nslab::nl
