#pragma once
// The real executor: ops → the running kernel through libnl-3 / libnl-route-3. No `ip`
// processes, no shell. Namespaces are made like iproute2 makes them (netns.h); every request is
// sent from a route socket opened inside the namespace the op names; sysctls are written through
// /proc/sys from a thread that joined that namespace.
#include "executor.h"
#include "nlsocket.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace nslab::nl {

class NetlinkExecutor final : public Executor {
public:
    NetlinkExecutor();
    ~NetlinkExecutor() override;

    ExecResult execute(const model::ops::Op &op) override;
    std::optional<NsIdentity> namespaceIdentity(const std::string &name) override;
    bool removeNamespace(const std::string &name, std::string *error) override;
    bool linkExists(const std::string &ns, const std::string &dev) override;
    // Several at once, each on a short-lived thread of its own (namespace setup runs largely in
    // parallel in the kernel: two threads make them ~1.7x as fast on an idle 2-CPU machine).
    std::vector<ExecResult> createNamespaces(const std::vector<model::ops::NetnsAdd> &ops) override;

    // The route socket of a namespace (opened on first use), or nullptr with `error` set.
    const NlSocket *socketFor(const std::string &ns, std::string *error);
    // Writes /proc/sys/KEY inside the namespace (KEY dotted, as sysctl(8) takes it).
    ExecResult writeSysctl(const std::string &ns, const std::string &key, const std::string &value);
    // Runs `fn` on the executor's namespace thread after joining namespace `ns`.
    bool runIn(const std::string &ns, const std::function<void()> &fn, std::string *error);
    // The namespace's file descriptor (opened on first use), -1 with `error` set.
    int namespaceFd(const std::string &ns, std::string *error);

private:
    struct Context;
    Context *context(const std::string &ns, std::string *error);
    // ifindex of `dev` in `ns`; 0 with iproute2's `Cannot find device "X"` in `error`.
    int ifindex(Context &ctx, const std::string &dev, std::string *error);
    // Both at once, as every op on an existing device needs them: index 0 with `error` set
    // when the namespace or the device is missing.
    struct DeviceRef {
        Context *ctx = nullptr;
        int index = 0;
    };
    DeviceRef device(const std::string &ns, const std::string &dev, std::string *error);
    void forget(const std::string &ns);

    ExecResult run(const model::ops::NetnsAdd &o);
    ExecResult run(const model::ops::NetnsDel &o);
    ExecResult run(const model::ops::LinkAddVeth &o);
    ExecResult run(const model::ops::LinkAddBridge &o);
    ExecResult run(const model::ops::LinkAddDummy &o);
    ExecResult run(const model::ops::LinkDel &o);
    ExecResult run(const model::ops::LinkSet &o);
    ExecResult run(const model::ops::AddrAdd &o);
    ExecResult run(const model::ops::AddrDel &o);
    ExecResult run(const model::ops::AddrFlush &o);
    ExecResult run(const model::ops::RouteOp &o);
    ExecResult run(const model::ops::RouteFlush &o);
    ExecResult run(const model::ops::NeighProxy &o);
    ExecResult run(const model::ops::NeighAdd &o);
    ExecResult run(const model::ops::SysctlSet &o);
    ExecResult addLink(const std::string &ns, const std::string &name, const char *kind);
    // Sysctl values over netlink (false: not done, the caller falls back to /proc/sys).
    bool setDevconf(const std::string &ns, const std::string &dev, int index, std::int32_t value);
    bool setArpParm(const std::string &ns, const std::string &dev, int parm, std::uint64_t ms);

    std::map<std::string, std::unique_ptr<Context>, std::less<>> m_contexts;
    NsThread m_thread; // unshare and setns happen here, never on the caller's thread
    std::string m_threadIn; // the namespace m_thread is in, empty when not known
};

} // namespace nslab::nl
