#pragma once
// The executor interface: runs one op against a kernel. The real one (NetlinkExecutor) speaks
// libnl-3 to the running kernel; RecordingExecutor (recordingexecutor.h) records the calls and
// runs them through the emulator, for GUI tests and machines without root. The applier, the
// journal and the tests only see this interface.
#include "netns.h"
#include "ops/ops.h"

#include <optional>
#include <string>
#include <vector>

namespace nslab::nl {

struct ExecResult {
    bool ok = true;
    std::string error;                  // iproute2-style text: "Error: Nexthop has invalid gateway."
    std::optional<NsIdentity> created;  // for NetnsAdd: the namespace made
    static ExecResult failure(std::string text) { return {false, std::move(text), std::nullopt}; }
};

class Executor {
public:
    virtual ~Executor() = default;
    // Runs one op. Queries are accepted and do nothing; a Rejected op fails.
    virtual ExecResult execute(const model::ops::Op &op) = 0;
    // The identity of a named namespace, nullopt when there is none.
    virtual std::optional<NsIdentity> namespaceIdentity(const std::string &name) = 0;
    // Removes a named namespace and everything in it (a missing one is not an error).
    virtual bool removeNamespace(const std::string &name, std::string *error) = 0;
    // True when device `dev` exists in namespace `ns`.
    virtual bool linkExists(const std::string &ns, const std::string &dev) = 0;
    // Runs a run of NetnsAdd ops (the planner puts them first). Returns one result per op
    // attempted, in order: this default makes them one by one and stops at the first failure; an
    // executor that makes them at once attempts (and answers for) all of them.
    virtual std::vector<ExecResult> createNamespaces(const std::vector<model::ops::NetnsAdd> &ops)
    {
        std::vector<ExecResult> results;
        for (const auto &op : ops) {
            results.push_back(execute(op));
            if (!results.back().ok)
                break;
        }
        return results;
    }
};

} // namespace nslab::nl
