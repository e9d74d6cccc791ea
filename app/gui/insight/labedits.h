#pragma once
// Turning a changed lab back into ONE undoable document edit: the console runs `ip`/`sysctl`
// commands on the emulated kernel and captures the result; generators and lessons compute a new
// topology. Both become the smallest Compound of document edits that takes the old drawing to the
// new one, keeping what the kernel cannot know (node kinds, hosts, positions, notes).
#include "ops/ops.h"
#include "topology/edits.h"
#include "topology/topology.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nslab::gui::insight {

// One Compound edit from `from` to `to` (nodes and links matched by id); nullopt when they are
// the same. `error` is set (and nullopt returned) if the edits do not apply, which is a bug.
std::optional<model::Edit> editBetween(const model::Topology &from, const model::Topology &to, const std::string &text,
                                       std::string *error = nullptr);

// What one console line did.
struct CommandRun {
    std::string ns;                  // the namespace it ran in (for the prompt)
    model::ops::Result result;       // exactly what the real command prints and returns
    bool parsed = true;              // false: outside nslab's vocabulary (result.err says why)
    bool mutation = false;           // it changes the lab (and succeeded)
    std::optional<model::Topology> after; // the lab after a successful mutation
    std::vector<std::string> warnings;    // what the lab file could not keep
};

// Runs `line` against the emulated lab `t`. A command without `ip -n NS` / `ip netns exec NS`
// runs in `defaultNs` (the console's namespace selector). Mutations are captured back into a
// topology that keeps `t`'s node ids, kinds, hosts and positions.
CommandRun runCommand(const model::Topology &t, const std::string &line, const std::string &defaultNs);

// The same for several lines in order on one evolving lab (a lesson step); stops at nothing:
// a failing line is reported and the next one runs on the unchanged state, like a shell script.
struct ScriptRun {
    std::vector<std::pair<std::string, CommandRun>> lines; // line text, outcome
    model::Topology after;
};
ScriptRun runScript(const model::Topology &t, const std::vector<std::string> &lines, const std::string &defaultNs);

// Merges the captured state of the namespaces in `touched` into `base` (kept: ids, kinds,
// hosts, positions, notes; new namespaces are placed next to the drawing; deleted ones go with
// their links).
model::Topology mergeCaptured(const model::Topology &base, const model::Topology &captured,
                              const std::set<std::string> &touched);

} // namespace nslab::gui::insight
