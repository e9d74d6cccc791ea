#pragma once
// The kernel emulator: runs ops against simulated namespaces and answers exactly what the real
// command would (exit code, stdout, stderr byte for byte — linux-semantics.md §14).
#include "kernel/state.h"
#include "ops/ops.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nslab::kernel {

// What a FIB lookup found (linux-semantics.md §6).
struct FibResult {
    enum class Kind : std::uint8_t { Found, NoRoute } kind = Kind::NoRoute;
    const Route *route = nullptr; // the matching route (local, broadcast, unicast, or an error type)
};

struct LookupOptions {
    Scope minScope = Scope::Universe; // skip candidates whose scope is numerically smaller
    int outDev = 0;                   // only routes through this ifindex (0 = any)
    std::uint8_t tos = 0;
    bool ignoreLinkState = false;     // FIB_LOOKUP_IGNORE_LINKSTATE (gateway validation)
    std::uint32_t table = 0;          // 0: local+main merged (no rules); else only that table
};

// One longest-prefix match over the union of the local and main tables.
FibResult fibLookup(const Namespace &ns, Ipv4 dst, const LookupOptions &opts = {});

// Source address selection for a locally generated packet that takes `route` (§6.4); for a local
// destination pass the local route. `compare` is the gateway (or 0 for direct routes).
std::optional<Ipv4> selectSource(const Namespace &ns, const Route &route, Ipv4 dst);
// inet_select_addr(dev, compare, scope) as the kernel does it, including the fallback over all
// devices (lo first, then device order).
std::optional<Ipv4> inetSelectAddr(const Namespace &ns, const Device *dev, Ipv4 compare, Scope scope);

// True when `addr` is one of the namespace's local addresses (a `local` route matches it).
bool isLocalAddress(const Namespace &ns, Ipv4 addr);

// One line of `ip route show` for `route` in `ns`, byte for byte, without the final newline (like
// iproute2, every field, the last included, is followed by a space). The simulator's traces quote
// routes with it so they read exactly as the route table does.
std::string formatRouteLine(const Namespace &ns, const Route &route);

class Kernel {
public:
    // `rootName` is the namespace the parser attributes root-namespace commands to; it is created
    // (fresh, like a new network namespace) the first time an op uses it.
    explicit Kernel(Profile profile = Profile::kernelDefaults(), std::string rootName = "host");

    model::ops::Result apply(const model::ops::Op &op);

    const Namespace *ns(std::string_view name) const;
    const std::map<std::string, Namespace, std::less<>> &namespaces() const { return m_namespaces; }
    const std::string &rootName() const { return m_rootName; }
    const Profile &profile() const { return m_profile; }

    // Exactly what `ip -n NS route show [table local]` prints ("" for an empty table).
    std::string routeShow(std::string_view nsName, std::uint32_t table = model::ops::kTableMain) const;
    // Exactly what `ip -n NS -4 addr show [dev D]` prints.
    std::string addrShow(std::string_view nsName, std::optional<std::string_view> dev = {}) const;
    // Exactly what `ip -n NS link show [dev D]` prints.
    std::string linkShow(std::string_view nsName, std::optional<std::string_view> dev = {}) const;

    // Exactly what `ip -n NS route get ...` prints, or the error (exit code and stderr).
    model::ops::Result routeGet(const model::ops::RouteGet &q) const;

private:
    Profile m_profile;
    std::uint32_t m_macSeq = 0;       // deterministic MACs: one per device ever created
    int m_neighDefaultProxyDelay = 80;
    std::string m_rootName;
    std::map<std::string, Namespace, std::less<>> m_namespaces;
    friend class KernelMutator;
};

} // namespace nslab::kernel
