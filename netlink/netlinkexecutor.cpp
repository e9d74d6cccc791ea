#include "netlinkexecutor.h"

#include "opdescribe.h"

#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <utility>
#include <cstring>

namespace nslab::nl {

using namespace model::ops;

struct NetlinkExecutor::Context {
    UniqueFd fd;
    NlSocket sock;
    std::unordered_map<std::string, int> ifindex;
};

namespace {

struct LinkDeleter { void operator()(rtnl_link *l) const { rtnl_link_put(l); } };
struct AddrDeleter { void operator()(nl_addr *a) const { nl_addr_put(a); } };
using LinkPtr = std::unique_ptr<rtnl_link, LinkDeleter>;
using AddrPtr = std::unique_ptr<nl_addr, AddrDeleter>;

NlMsgPtr newMsg(int type, int flags)
{
    return NlMsgPtr(nlmsg_alloc_simple(type, flags));
}

template <typename Header>
bool appendHeader(nl_msg *msg, const Header &h)
{
    return nlmsg_append(msg, const_cast<Header *>(&h), sizeof h, NLMSG_ALIGNTO) == 0;
}

bool putIpv4(nl_msg *msg, int attr, net::Ipv4 a)
{
    const std::uint32_t be = htonl(a.v);
    return nla_put(msg, attr, sizeof be, &be) == 0;
}

ExecResult answerResult(const NlAnswer &a)
{
    if (a.ok())
        return {};
    return ExecResult::failure(a.text());
}

ExecResult noMemory()
{
    return ExecResult::failure("out of memory building a netlink message");
}

struct RtAttrs {
    const nlattr *tb[RTA_MAX + 1] = {};
};

void parseAttrs(const nlattr **tb, int max, const void *start, int len)
{
    const auto *a = static_cast<const nlattr *>(start);
    int rem = len;
    while (rem >= int(sizeof(nlattr)) && a->nla_len >= sizeof(nlattr) && a->nla_len <= rem) {
        const int type = a->nla_type & NLA_TYPE_MASK;
        if (type <= max)
            tb[type] = a;
        const int step = NLA_ALIGN(a->nla_len);
        rem -= step;
        a = reinterpret_cast<const nlattr *>(reinterpret_cast<const char *>(a) + step);
    }
}

std::uint32_t attrU32(const nlattr *a)
{
    std::uint32_t v = 0;
    std::memcpy(&v, reinterpret_cast<const char *>(a) + NLA_HDRLEN, sizeof v);
    return v;
}

// /proc/sys path for a dotted key, with sysctl(8)'s rule: '/' inside a component is a '.'.
std::string sysctlPath(const std::string &key)
{
    std::string path = "/proc/sys/";
    for (char c : key)
        path += c == '.' ? '/' : (c == '/' ? '.' : c);
    return path;
}

} // namespace

NetlinkExecutor::NetlinkExecutor()
{
    // Every namespace in use holds two descriptors (its file and its route socket): a lab of a
    // thousand pods needs more than the usual soft limit of 1024.
    rlimit lim {};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
}
NetlinkExecutor::~NetlinkExecutor() = default;

NetlinkExecutor::Context *NetlinkExecutor::context(const std::string &ns, std::string *error)
{
    if (auto it = m_contexts.find(ns); it != m_contexts.end())
        return it->second.get();
    auto ctx = std::make_unique<Context>();
    ctx->fd = openNamespace(ns, error);
    if (!ctx->fd.valid())
        return nullptr;
    std::string socketError;
    if (!m_thread.runIn(ctx->fd.get(), [&] { ctx->sock = NlSocket::open(&socketError); }, error))
        return nullptr;
    m_threadIn = ns;
    if (!ctx->sock.valid()) {
        if (error)
            *error = socketError;
        return nullptr;
    }
    return m_contexts.emplace(ns, std::move(ctx)).first->second.get();
}

const NlSocket *NetlinkExecutor::socketFor(const std::string &ns, std::string *error)
{
    Context *ctx = context(ns, error);
    return ctx ? &ctx->sock : nullptr;
}

int NetlinkExecutor::namespaceFd(const std::string &ns, std::string *error)
{
    Context *ctx = context(ns, error);
    return ctx ? ctx->fd.get() : -1;
}

bool NetlinkExecutor::runIn(const std::string &ns, const std::function<void()> &fn, std::string *error)
{
    const int fd = namespaceFd(ns, error);
    if (fd < 0)
        return false;
    // setns only when the thread is elsewhere: consecutive tasks in one namespace (the
    // sysctls of one host, the probe's sockets) skip it.
    if (m_threadIn == ns) {
        m_thread.run(fn);
        return true;
    }
    m_threadIn.clear();
    if (!m_thread.runIn(fd, fn, error))
        return false;
    m_threadIn = ns;
    return true;
}

void NetlinkExecutor::forget(const std::string &ns)
{
    if (m_threadIn == ns)
        m_threadIn.clear(); // the name may come back as another namespace
    m_contexts.erase(ns);
}

NetlinkExecutor::DeviceRef NetlinkExecutor::device(const std::string &ns, const std::string &dev, std::string *error)
{
    Context *ctx = context(ns, error);
    if (!ctx)
        return {};
    return {ctx, ifindex(*ctx, dev, error)};
}

int NetlinkExecutor::ifindex(Context &ctx, const std::string &dev, std::string *error)
{
    if (auto it = ctx.ifindex.find(dev); it != ctx.ifindex.end())
        return it->second;
    NlMsgPtr msg = newMsg(RTM_GETLINK, 0);
    ifinfomsg ifi {};
    ifi.ifi_family = AF_UNSPEC;
    if (!msg || !appendHeader(msg.get(), ifi) || nla_put_string(msg.get(), IFLA_IFNAME, dev.c_str()) < 0
        || nla_put_u32(msg.get(), IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0) {
        *error = "out of memory building a netlink message";
        return 0;
    }
    int index = 0;
    const NlAnswer a = ctx.sock.transact(msg.get(), [&](const nlmsghdr *h) {
        if (h->nlmsg_type == RTM_NEWLINK && h->nlmsg_len >= NLMSG_LENGTH(sizeof(ifinfomsg)))
            index = static_cast<const ifinfomsg *>(NLMSG_DATA(h))->ifi_index;
    });
    if (!a.ok() || index <= 0) {
        *error = "Cannot find device \"" + dev + "\"";
        return 0;
    }
    ctx.ifindex.emplace(dev, index);
    return index;
}

std::optional<NsIdentity> NetlinkExecutor::namespaceIdentity(const std::string &name)
{
    return nl::namespaceIdentity(name);
}

bool NetlinkExecutor::removeNamespace(const std::string &name, std::string *error)
{
    forget(name);
    return nl::removeNamespace(name, error);
}

bool NetlinkExecutor::linkExists(const std::string &ns, const std::string &dev)
{
    std::string error;
    Context *ctx = context(ns, &error);
    if (!ctx)
        return false;
    ctx->ifindex.erase(dev); // ask the kernel, not the cache
    return ifindex(*ctx, dev, &error) > 0;
}

ExecResult NetlinkExecutor::execute(const Op &op)
{
    return std::visit(
        [this](const auto &o) -> ExecResult {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, RouteShow> || std::is_same_v<T, RouteGet> || std::is_same_v<T, AddrShow>
                          || std::is_same_v<T, LinkShow>)
                return {};
            else if constexpr (std::is_same_v<T, Rejected>)
                return ExecResult::failure(o.stderrText.empty() ? std::string("rejected command") : o.stderrText);
            else
                return run(o);
        },
        op);
}

ExecResult NetlinkExecutor::run(const NetnsAdd &o)
{
    ExecResult r;
    std::string error;
    auto ctx = std::make_unique<Context>();
    std::string socketError;
    // The route socket is opened while the creating thread is still inside the new namespace.
    m_threadIn.clear();
    auto made = createNamespace(m_thread, o.name, [&] { ctx->sock = NlSocket::open(&socketError); }, &error);
    if (!made)
        return ExecResult::failure(error);
    m_threadIn = o.name; // unshare left the thread inside
    r.created = made->identity;
    if (ctx->sock.valid()) {
        ctx->fd = std::move(made->fd);
        m_contexts[o.name] = std::move(ctx);
    }
    return r;
}

std::vector<ExecResult> NetlinkExecutor::createNamespaces(const std::vector<NetnsAdd> &ops)
{
    // Worth threads only for a real run of them; never on the caller's thread (unshare would
    // move it).
    constexpr std::size_t kPerThread = 16;
    const std::size_t threads = std::min<std::size_t>({std::max(1u, std::thread::hardware_concurrency()), 4,
                                                        ops.size() / kPerThread});
    if (threads < 2)
        return Executor::createNamespaces(ops);
    std::vector<ExecResult> results(ops.size());
    std::vector<std::unique_ptr<Context>> contexts(ops.size());
    std::atomic<std::size_t> next {0};
    const auto work = [&] {
        for (std::size_t k; (k = next.fetch_add(1, std::memory_order_relaxed)) < ops.size();) {
            auto ctx = std::make_unique<Context>();
            std::string socketError;
            std::string error;
            // The route socket is opened while this thread is still inside the new namespace.
            auto made = createNamespaceOnThisThread(ops[k].name, [&] { ctx->sock = NlSocket::open(&socketError); }, &error);
            if (!made) {
                results[k] = ExecResult::failure(error);
                continue;
            }
            results[k].created = made->identity;
            if (ctx->sock.valid()) {
                ctx->fd = std::move(made->fd);
                contexts[k] = std::move(ctx);
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back(work);
    }
    for (std::size_t k = 0; k < ops.size(); ++k)
        if (contexts[k])
            m_contexts[ops[k].name] = std::move(contexts[k]);
    return results;
}

ExecResult NetlinkExecutor::run(const NetnsDel &o)
{
    if (!nl::namespaceIdentity(o.name))
        return ExecResult::failure("Cannot remove namespace file \"" + netnsPath(o.name) + "\": No such file or directory");
    std::string error;
    if (!removeNamespace(o.name, &error))
        return ExecResult::failure(error);
    return {};
}

ExecResult NetlinkExecutor::run(const LinkAddVeth &o)
{
    std::string error;
    Context *ctx = context(o.ns, &error);
    if (!ctx)
        return ExecResult::failure(error);
    const std::string &endNs = o.netns.empty() ? o.ns : o.netns;
    const std::string &peerNs = o.peerNetns.empty() ? o.ns : o.peerNetns;
    const int endFd = namespaceFd(endNs, &error);
    if (endFd < 0)
        return ExecResult::failure("Error: argument \"" + endNs + "\" is wrong: Invalid \"netns\" value\n");
    const int peerFd = namespaceFd(peerNs, &error);
    if (peerFd < 0)
        return ExecResult::failure("Error: argument \"" + peerNs + "\" is wrong: Invalid \"netns\" value\n");

    LinkPtr link(rtnl_link_veth_alloc());
    if (!link)
        return noMemory();
    LinkPtr peer(rtnl_link_veth_get_peer(link.get()));
    // Both ends go straight into their namespaces: nothing appears, even briefly, elsewhere.
    rtnl_link_set_name(link.get(), o.name.c_str());
    rtnl_link_set_ns_fd(link.get(), endFd);
    rtnl_link_set_name(peer.get(), o.peer.c_str());
    rtnl_link_set_ns_fd(peer.get(), peerFd);
    if (o.address) {
        AddrPtr mac(nl_addr_build(AF_LLC, o.address->b, 6));
        rtnl_link_set_addr(link.get(), mac.get());
    }
    if (o.peerAddress) {
        AddrPtr mac(nl_addr_build(AF_LLC, o.peerAddress->b, 6));
        rtnl_link_set_addr(peer.get(), mac.get());
    }
    // One tx and one rx queue per end, said explicitly. Without it the kernel gives a veth one
    // queue per CPU and then cuts the real number back to one after registering it, and that
    // cut waits for an RCU grace period per device (synchronize_net under RTNL): a third of the
    // pair's creation time. Either way each end uses one queue; only `ip -d link`'s
    // numtxqueues/numrxqueues show the difference.
    for (rtnl_link *l : {link.get(), peer.get()}) {
        rtnl_link_set_num_tx_queues(l, 1);
        rtnl_link_set_num_rx_queues(l, 1);
    }
    nl_msg *raw = nullptr;
    if (int r = rtnl_link_build_add_request(link.get(), NLM_F_CREATE | NLM_F_EXCL, &raw); r < 0)
        return ExecResult::failure(std::string("cannot build the veth request: ") + nl_geterror(r));
    NlMsgPtr msg(raw);
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::addLink(const std::string &ns, const std::string &name, const char *kind)
{
    std::string error;
    Context *ctx = context(ns, &error);
    if (!ctx)
        return ExecResult::failure(error);
    LinkPtr link(rtnl_link_alloc());
    if (!link)
        return noMemory();
    if (int r = rtnl_link_set_type(link.get(), kind); r < 0)
        return ExecResult::failure(std::string("libnl does not know link type ") + kind + ": " + nl_geterror(r));
    rtnl_link_set_name(link.get(), name.c_str());
    nl_msg *raw = nullptr;
    if (int r = rtnl_link_build_add_request(link.get(), NLM_F_CREATE | NLM_F_EXCL, &raw); r < 0)
        return ExecResult::failure(std::string("cannot build the link request: ") + nl_geterror(r));
    NlMsgPtr msg(raw);
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::run(const LinkAddBridge &o)
{
    return addLink(o.ns, o.name, "bridge");
}

ExecResult NetlinkExecutor::run(const LinkAddDummy &o)
{
    return addLink(o.ns, o.name, "dummy");
}

ExecResult NetlinkExecutor::run(const LinkDel &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.name, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    NlMsgPtr msg = newMsg(RTM_DELLINK, 0);
    ifinfomsg ifi {};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = index;
    if (!msg || !appendHeader(msg.get(), ifi))
        return noMemory();
    const NlAnswer a = ctx->sock.transact(msg.get());
    // A veth end takes its peer with it, wherever that is: drop every cached index.
    for (auto &[name, c] : m_contexts)
        c->ifindex.clear();
    return answerResult(a);
}

ExecResult NetlinkExecutor::run(const LinkSet &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.dev, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    NlMsgPtr msg = newMsg(RTM_NEWLINK, 0);
    ifinfomsg ifi {};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = index;
    if (o.up) {
        ifi.ifi_change = IFF_UP;
        ifi.ifi_flags = *o.up ? IFF_UP : 0;
    }
    if (!msg || !appendHeader(msg.get(), ifi))
        return noMemory();
    if (o.master) {
        int masterIndex = 0;
        if (!o.master->empty()) {
            masterIndex = ifindex(*ctx, *o.master, &error);
            if (!masterIndex)
                return ExecResult::failure("Error: argument \"" + *o.master + "\" is wrong: Device does not exist\n");
        }
        if (nla_put_u32(msg.get(), IFLA_MASTER, std::uint32_t(masterIndex)) < 0)
            return noMemory();
    }
    if (o.netns) {
        const int fd = namespaceFd(*o.netns, &error);
        if (fd < 0)
            return ExecResult::failure("Error: argument \"" + *o.netns + "\" is wrong: Invalid \"netns\" value\n");
        if (nla_put_u32(msg.get(), IFLA_NET_NS_FD, std::uint32_t(fd)) < 0)
            return noMemory();
    }
    if (o.mtu && nla_put_u32(msg.get(), IFLA_MTU, std::uint32_t(*o.mtu)) < 0)
        return noMemory();
    if (o.address && nla_put(msg.get(), IFLA_ADDRESS, 6, o.address->b) < 0)
        return noMemory();
    if (o.newName && nla_put_string(msg.get(), IFLA_IFNAME, o.newName->c_str()) < 0)
        return noMemory();
    const NlAnswer a = ctx->sock.transact(msg.get());
    if (o.netns || o.newName) {
        ctx->ifindex.erase(o.dev);
        if (o.netns)
            if (auto it = m_contexts.find(*o.netns); it != m_contexts.end())
                it->second->ifindex.clear();
    }
    return answerResult(a);
}

namespace {

NlMsgPtr addrMessage(int type, int flags, int index, const Prefix &local, const std::optional<Prefix> &peer,
                     std::optional<Scope> scope, bool forAdd)
{
    NlMsgPtr msg = newMsg(type, flags);
    if (!msg)
        return msg;
    ifaddrmsg ifa {};
    ifa.ifa_family = AF_INET;
    ifa.ifa_index = std::uint32_t(index);
    // iproute2: a peer's length is the prefix length; otherwise the local address's.
    ifa.ifa_prefixlen = peer ? peer->len : local.len;
    if (scope)
        ifa.ifa_scope = std::uint8_t(*scope);
    else if (forAdd && local.addr.isLoopback())
        ifa.ifa_scope = RT_SCOPE_HOST;
    if (!appendHeader(msg.get(), ifa) || !putIpv4(msg.get(), IFA_LOCAL, local.addr)
        || !putIpv4(msg.get(), IFA_ADDRESS, peer ? peer->addr : local.addr))
        return {};
    return msg;
}

} // namespace

ExecResult NetlinkExecutor::run(const AddrAdd &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.dev, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    NlMsgPtr msg = addrMessage(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, index, o.local, o.peer, o.scope, true);
    if (!msg)
        return noMemory();
    if (o.broadcast && !putIpv4(msg.get(), IFA_BROADCAST, *o.broadcast))
        return noMemory();
    if (o.noprefixroute && nla_put_u32(msg.get(), IFA_FLAGS, IFA_F_NOPREFIXROUTE) < 0)
        return noMemory();
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::run(const AddrDel &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.dev, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    NlMsgPtr msg = addrMessage(RTM_DELADDR, 0, index, o.local, o.peer, std::nullopt, false);
    if (!msg)
        return noMemory();
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::run(const AddrFlush &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.dev, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    struct Found { Prefix local; Prefix address; };
    std::vector<Found> found;
    NlMsgPtr dump = newMsg(RTM_GETADDR, NLM_F_DUMP);
    ifaddrmsg req {};
    req.ifa_family = AF_INET;
    if (!dump || !appendHeader(dump.get(), req))
        return noMemory();
    NlAnswer a = ctx->sock.transact(dump.get(), [&](const nlmsghdr *h) {
        if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg)))
            return;
        const auto *ifa = static_cast<const ifaddrmsg *>(NLMSG_DATA(h));
        if (int(ifa->ifa_index) != index || ifa->ifa_family != AF_INET)
            return;
        const nlattr *tb[IFA_MAX + 1] = {};
        parseAttrs(tb, IFA_MAX, reinterpret_cast<const char *>(ifa) + NLMSG_ALIGN(sizeof *ifa),
                   int(h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof *ifa))));
        if (!tb[IFA_LOCAL])
            return;
        Found f;
        f.local = {{ntohl(attrU32(tb[IFA_LOCAL]))}, ifa->ifa_prefixlen};
        f.address = tb[IFA_ADDRESS] ? Prefix{{ntohl(attrU32(tb[IFA_ADDRESS]))}, ifa->ifa_prefixlen} : f.local;
        found.push_back(f);
    });
    if (!a.ok())
        return answerResult(a);
    // Secondaries (listed after their primary) first, so none is promoted or dropped under us.
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
        ifaddrmsg ifa {};
        ifa.ifa_family = AF_INET;
        ifa.ifa_index = std::uint32_t(index);
        ifa.ifa_prefixlen = it->local.len;
        NlMsgPtr del = newMsg(RTM_DELADDR, 0);
        if (!del || !appendHeader(del.get(), ifa) || !putIpv4(del.get(), IFA_LOCAL, it->local.addr)
            || !putIpv4(del.get(), IFA_ADDRESS, it->address.addr))
            return noMemory();
        const NlAnswer d = ctx->sock.transact(del.get());
        if (!d.ok() && d.error != EADDRNOTAVAIL && d.error != ENOENT)
            return answerResult(d);
    }
    return {};
}

ExecResult NetlinkExecutor::run(const RouteOp &o)
{
    std::string error;
    Context *ctx = context(o.ns, &error);
    if (!ctx)
        return ExecResult::failure(error);
    int oif = 0;
    if (o.dev) {
        oif = ifindex(*ctx, *o.dev, &error);
        if (!oif)
            return ExecResult::failure(error);
    }
    const bool del = o.cmd == RouteCmd::Del;
    int flags = 0;
    switch (o.cmd) {
    case RouteCmd::Add: flags = NLM_F_CREATE | NLM_F_EXCL; break;
    case RouteCmd::Replace: flags = NLM_F_CREATE | NLM_F_REPLACE; break;
    case RouteCmd::Append: flags = NLM_F_CREATE | NLM_F_APPEND; break;
    case RouteCmd::Prepend: flags = NLM_F_CREATE; break;
    case RouteCmd::Change: flags = NLM_F_REPLACE; break;
    case RouteCmd::Del: flags = 0; break;
    }
    NlMsgPtr msg = newMsg(del ? RTM_DELROUTE : RTM_NEWROUTE, flags);
    if (!msg)
        return noMemory();

    // iproute2's defaults (iproute_modify; linux-semantics.md 2.2), so that a `del` matches
    // whatever the user left out and an `add` gets what `ip route add` would send.
    rtmsg rtm {};
    rtm.rtm_family = AF_INET;
    rtm.rtm_dst_len = o.dst.len;
    rtm.rtm_tos = o.tos;
    rtm.rtm_scope = RT_SCOPE_NOWHERE;
    if (!del) {
        rtm.rtm_protocol = RTPROT_BOOT;
        rtm.rtm_scope = RT_SCOPE_UNIVERSE;
        rtm.rtm_type = RTN_UNICAST;
    }
    if (o.type)
        rtm.rtm_type = std::uint8_t(*o.type);
    if (o.proto)
        rtm.rtm_protocol = *o.proto;
    const std::uint8_t type = rtm.rtm_type;
    std::uint32_t table = kTableMain;
    if (o.table)
        table = *o.table;
    else if (type == RTN_LOCAL || type == RTN_BROADCAST || type == RTN_NAT || type == RTN_ANYCAST)
        table = kTableLocal;
    rtm.rtm_table = table < 256 ? std::uint8_t(table) : std::uint8_t(RT_TABLE_UNSPEC);
    if (o.scope) {
        rtm.rtm_scope = std::uint8_t(*o.scope);
    } else if (type == RTN_LOCAL || type == RTN_NAT) {
        rtm.rtm_scope = RT_SCOPE_HOST;
    } else if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST) {
        rtm.rtm_scope = RT_SCOPE_LINK;
    } else if (type == RTN_UNICAST || type == RTN_UNSPEC) {
        if (del)
            rtm.rtm_scope = RT_SCOPE_NOWHERE;
        else if (!o.via)
            rtm.rtm_scope = RT_SCOPE_LINK;
    }
    if (o.onlink)
        rtm.rtm_flags |= RTNH_F_ONLINK;
    if (!appendHeader(msg.get(), rtm))
        return noMemory();
    if (table >= 256 && nla_put_u32(msg.get(), RTA_TABLE, table) < 0)
        return noMemory();
    if (o.dst.len > 0 && !putIpv4(msg.get(), RTA_DST, o.dst.addr))
        return noMemory();
    if (o.via && !putIpv4(msg.get(), RTA_GATEWAY, *o.via))
        return noMemory();
    if (oif && nla_put_u32(msg.get(), RTA_OIF, std::uint32_t(oif)) < 0)
        return noMemory();
    if (o.src && !putIpv4(msg.get(), RTA_PREFSRC, *o.src))
        return noMemory();
    if (o.metric && nla_put_u32(msg.get(), RTA_PRIORITY, *o.metric) < 0)
        return noMemory();
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::run(const RouteFlush &o)
{
    std::string error;
    Context *ctx = context(o.ns, &error);
    if (!ctx)
        return ExecResult::failure(error);
    int oif = 0;
    if (o.dev) {
        oif = ifindex(*ctx, *o.dev, &error);
        if (!oif)
            return ExecResult::failure(error);
    }
    const std::uint32_t table = o.table.value_or(kTableMain);
    // Collect the matching routes as raw requests, then delete them one by one.
    std::vector<std::vector<char>> doomed;
    NlMsgPtr dump = newMsg(RTM_GETROUTE, NLM_F_DUMP);
    rtmsg req {};
    req.rtm_family = AF_INET;
    if (!dump || !appendHeader(dump.get(), req))
        return noMemory();
    NlAnswer a = ctx->sock.transact(dump.get(), [&](const nlmsghdr *h) {
        if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg)))
            return;
        const auto *rtm = static_cast<const rtmsg *>(NLMSG_DATA(h));
        const nlattr *tb[RTA_MAX + 1] = {};
        parseAttrs(tb, RTA_MAX, reinterpret_cast<const char *>(rtm) + NLMSG_ALIGN(sizeof *rtm),
                   int(h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof *rtm))));
        const std::uint32_t t = tb[RTA_TABLE] ? attrU32(tb[RTA_TABLE]) : rtm->rtm_table;
        if (t != table)
            return;
        if (oif && (!tb[RTA_OIF] || int(attrU32(tb[RTA_OIF])) != oif))
            return;
        if (o.dst) {
            const Prefix d{{tb[RTA_DST] ? ntohl(attrU32(tb[RTA_DST])) : 0u}, rtm->rtm_dst_len};
            if (d.len < o.dst->len || !o.dst->contains(d.addr))
                return;
        }
        doomed.emplace_back(reinterpret_cast<const char *>(h), reinterpret_cast<const char *>(h) + h->nlmsg_len);
    });
    if (!a.ok())
        return answerResult(a);
    for (const auto &raw : doomed) {
        const auto *h = reinterpret_cast<const nlmsghdr *>(raw.data());
        NlMsgPtr del = newMsg(RTM_DELROUTE, 0);
        if (!del || nlmsg_append(del.get(), const_cast<void *>(NLMSG_DATA(h)), h->nlmsg_len - NLMSG_HDRLEN,
                                 NLMSG_ALIGNTO) < 0)
            return noMemory();
        const NlAnswer d = ctx->sock.transact(del.get());
        if (!d.ok() && d.error != ESRCH)
            return answerResult(d);
    }
    return {};
}

namespace {

NlMsgPtr neighMessage(int type, int flags, int index, net::Ipv4 addr, std::uint8_t ntf, std::uint16_t state)
{
    NlMsgPtr msg = newMsg(type, flags);
    if (!msg)
        return msg;
    ndmsg nd {};
    nd.ndm_family = AF_INET;
    nd.ndm_ifindex = index;
    nd.ndm_flags = ntf;
    nd.ndm_state = state;
    if (!appendHeader(msg.get(), nd) || !putIpv4(msg.get(), NDA_DST, addr))
        return {};
    return msg;
}

} // namespace

ExecResult NetlinkExecutor::run(const NeighProxy &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.dev, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    NlMsgPtr msg = o.add ? neighMessage(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, index, o.addr, NTF_PROXY, NUD_PERMANENT)
                         : neighMessage(RTM_DELNEIGH, 0, index, o.addr, NTF_PROXY, 0);
    if (!msg)
        return noMemory();
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::run(const NeighAdd &o)
{
    std::string error;
    const DeviceRef target = device(o.ns, o.dev, &error);
    if (!target.index)
        return ExecResult::failure(error);
    Context *ctx = target.ctx;
    const int index = target.index;
    NlMsgPtr msg = neighMessage(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, index, o.addr, 0, NUD_PERMANENT);
    if (!msg || nla_put(msg.get(), NDA_LLADDR, 6, o.lladdr.b) < 0)
        return noMemory();
    return answerResult(ctx->sock.transact(msg.get()));
}

ExecResult NetlinkExecutor::writeSysctl(const std::string &ns, const std::string &key, const std::string &value)
{
    std::string error;
    const int fd = namespaceFd(ns, &error);
    if (fd < 0)
        return ExecResult::failure(error);
    const std::string path = sysctlPath(key);
    std::string failure;
    // /proc/sys/net resolves against the opening thread's namespace: open and write in there.
    const bool entered = runIn(ns, [&] {
        const int f = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (f < 0) {
            failure = "sysctl: cannot stat " + path + ": " + std::strerror(errno);
            return;
        }
        const std::string text = value + '\n';
        if (::write(f, text.data(), text.size()) != ssize_t(text.size()))
            failure = "sysctl: setting key \"" + key + "\": " + std::strerror(errno);
        ::close(f);
    }, &error);
    if (!entered)
        return ExecResult::failure(error);
    if (!failure.empty())
        return ExecResult::failure(failure);
    return {};
}

namespace {

// net.ipv4.conf.DEV.KEY values the kernel also takes over netlink (IFLA_AF_SPEC → AF_INET →
// IFLA_INET_CONF, what `ip link` could send): only keys whose sysctl handler does nothing but
// store the value and mark it set (devinet_conf_proc; its netconf notification aside). Keys with
// side effects — forwarding, accept_local, route_localnet, bc_forwarding, disable_policy,
// disable_xfrm, promote_secondaries — and all/default always go through /proc/sys.
int plainDevconfIndex(std::string_view name)
{
    static constexpr std::pair<std::string_view, int> kKeys[] = {
        {"proxy_arp", IPV4_DEVCONF_PROXY_ARP},
        {"accept_redirects", IPV4_DEVCONF_ACCEPT_REDIRECTS},
        {"secure_redirects", IPV4_DEVCONF_SECURE_REDIRECTS},
        {"send_redirects", IPV4_DEVCONF_SEND_REDIRECTS},
        {"shared_media", IPV4_DEVCONF_SHARED_MEDIA},
        {"rp_filter", IPV4_DEVCONF_RP_FILTER},
        {"accept_source_route", IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE},
        {"log_martians", IPV4_DEVCONF_LOG_MARTIANS},
        {"arp_filter", IPV4_DEVCONF_ARPFILTER},
        {"arp_announce", IPV4_DEVCONF_ARP_ANNOUNCE},
        {"arp_ignore", IPV4_DEVCONF_ARP_IGNORE},
        {"arp_accept", IPV4_DEVCONF_ARP_ACCEPT},
        {"arp_notify", IPV4_DEVCONF_ARP_NOTIFY},
        {"proxy_arp_pvlan", IPV4_DEVCONF_PROXY_ARP_PVLAN},
    };
    for (const auto &[key, index] : kKeys)
        if (key == name)
            return index;
    return 0;
}

// "DEV" and "KEY" of PREFIX + "DEV.KEY" when DEV is a device (not all/default).
std::optional<std::pair<std::string_view, std::string_view>> deviceKey(std::string_view key, std::string_view prefix)
{
    if (!key.starts_with(prefix))
        return std::nullopt;
    const std::string_view rest = key.substr(prefix.size());
    const auto dot = rest.rfind('.');
    if (dot == std::string_view::npos || dot == 0)
        return std::nullopt;
    const std::string_view dev = rest.substr(0, dot);
    if (dev == "all" || dev == "default")
        return std::nullopt;
    return std::pair{dev, rest.substr(dot + 1)};
}

// The value as the int a sysctl takes, or nullopt.
std::optional<std::int32_t> sysctlInt(const std::string &value)
{
    char *end = nullptr;
    errno = 0;
    const long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || errno != 0 || v < INT32_MIN || v > INT32_MAX)
        return std::nullopt;
    return std::int32_t(v);
}

} // namespace

ExecResult NetlinkExecutor::run(const SysctlSet &o)
{
    // Plain per-device values over the namespace's route socket: no hand-over to the namespace
    // thread (two thread wake-ups, most of a /proc write's cost). Anything unusual, and any
    // failure, takes the /proc/sys path, whose messages are sysctl(8)'s.
    const auto value = sysctlInt(o.value);
    if (const auto conf = deviceKey(o.key, "net.ipv4.conf."); conf && value) {
        if (const int index = plainDevconfIndex(conf->second); index && setDevconf(o.ns, std::string(conf->first), index, *value))
            return {};
    }
    // proxy_delay 0 (what Calico sets): the sysctl is in USER_HZ and netlink in milliseconds, and
    // the kernel rounds the two differently to jiffies; only 0 is 0 either way.
    if (const auto neigh = deviceKey(o.key, "net.ipv4.neigh."); neigh && neigh->second == "proxy_delay" && value == 0) {
        if (setArpParm(o.ns, std::string(neigh->first), NDTPA_PROXY_DELAY, 0))
            return {};
    }
    return writeSysctl(o.ns, o.key, o.value);
}

bool NetlinkExecutor::setDevconf(const std::string &ns, const std::string &dev, int index, std::int32_t value)
{
    std::string error;
    const DeviceRef d = device(ns, dev, &error);
    NlMsgPtr msg = newMsg(RTM_SETLINK, 0);
    ifinfomsg ifi {};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = d.index;
    if (!d.index || !msg || !appendHeader(msg.get(), ifi))
        return false;
    nlattr *spec = nla_nest_start(msg.get(), IFLA_AF_SPEC);
    nlattr *inet = spec ? nla_nest_start(msg.get(), AF_INET) : nullptr;
    nlattr *conf = inet ? nla_nest_start(msg.get(), IFLA_INET_CONF) : nullptr;
    if (!conf || nla_put_u32(msg.get(), index, std::uint32_t(value)) != 0)
        return false;
    nla_nest_end(msg.get(), conf);
    nla_nest_end(msg.get(), inet);
    nla_nest_end(msg.get(), spec);
    return d.ctx->sock.transact(msg.get()).ok();
}

// `ip ntable change name arp_cache dev DEV PARM VALUE`: one per-device ARP parameter (u64 ms).
bool NetlinkExecutor::setArpParm(const std::string &ns, const std::string &dev, int parm, std::uint64_t ms)
{
    std::string error;
    const DeviceRef d = device(ns, dev, &error);
    NlMsgPtr msg = newMsg(RTM_SETNEIGHTBL, 0);
    ndtmsg ndt {};
    ndt.ndtm_family = AF_INET;
    if (!d.index || !msg || !appendHeader(msg.get(), ndt) || nla_put_string(msg.get(), NDTA_NAME, "arp_cache") < 0)
        return false;
    nlattr *parms = nla_nest_start(msg.get(), NDTA_PARMS);
    if (!parms || nla_put_u32(msg.get(), NDTPA_IFINDEX, std::uint32_t(d.index)) < 0 || nla_put_u64(msg.get(), parm, ms) < 0)
        return false;
    nla_nest_end(msg.get(), parms);
    return d.ctx->sock.transact(msg.get()).ok();
}

} // namespace nslab::nl
