// The kernel emulator: every op of ops.h applied to simulated namespaces the way Linux 6.18 and
// iproute2 6.1 do it (linux-semantics.md §0–6, 10, 11, 14). The kernel function each piece
// mirrors is named in its comment; the real kernel is the oracle (tests/kernel, tests/diff).
#include "kernel/kernel.h"
#include "kernel/internal.h"

#include <algorithm>
#include <charconv>

namespace nslab::kernel {

using namespace model::ops;

namespace {

constexpr int kEINVAL = 22;

Result okResult(std::string out = {})
{
    Result r;
    r.out = std::move(out);
    return r;
}

Result failure(int code, std::string err)
{
    Result r;
    r.exitCode = code;
    r.err = std::move(err);
    return r;
}

// "RTNETLINK answers: <strerror>" (no extack message)
Result rtnl(std::string_view what)
{
    return failure(2, "RTNETLINK answers: " + std::string(what) + '\n');
}

// "Error: <extack>." (the kernel supplied a message)
Result extack(std::string_view msg)
{
    return failure(2, "Error: " + std::string(msg) + ".\n");
}

Result noDevice(std::string_view name)
{
    return failure(1, "Cannot find device \"" + std::string(name) + "\"\n");
}

Result noNetns(std::string_view name)
{
    return failure(255, "Cannot open network namespace \"" + std::string(name)
                            + "\": No such file or directory\n");
}

Result invarg(std::string_view arg, std::string_view msg)
{
    // iproute2 invarg(): the message itself ends with "\n", so an empty line follows.
    return failure(255, "Error: argument \"" + std::string(arg) + "\" is wrong: " + std::string(msg) + "\n\n");
}

std::uint32_t maskOf(int len)
{
    return net::prefixMask(len);
}

// ifa_address: the peer when configured, else the local address.
Ipv4 ifaAddress(const Address &a)
{
    return a.peer ? a.peer->addr : a.local.addr;
}

// inet_ifa_match(addr, ifa)
bool ifaMatch(Ipv4 addr, const Address &a)
{
    return ((addr.v ^ ifaAddress(a).v) & maskOf(a.local.len)) == 0;
}

bool sameIfa(const Address &a, const Address &b)
{
    return a.local.addr == b.local.addr && a.local.len == b.local.len && ifaAddress(a) == ifaAddress(b);
}

std::uint8_t propsScope(RouteType t)
{
    // fib_props[].scope
    switch (t) {
    case RouteType::Local: return std::uint8_t(Scope::Host);
    case RouteType::Broadcast:
    case RouteType::Anycast: return std::uint8_t(Scope::Link);
    case RouteType::Nat: return std::uint8_t(Scope::Nowhere);
    default: return std::uint8_t(Scope::Universe);
    }
}

// Trie walk order of two route keys: network asc, length desc, table desc, tos desc, metric asc.
int compareKey(const Route &a, const Route &b)
{
    if (a.dst.addr.v != b.dst.addr.v)
        return a.dst.addr.v < b.dst.addr.v ? -1 : 1;
    if (a.dst.len != b.dst.len)
        return a.dst.len > b.dst.len ? -1 : 1;
    if (a.table != b.table)
        return a.table > b.table ? -1 : 1;
    if (a.tos != b.tos)
        return a.tos > b.tos ? -1 : 1;
    if (a.metric != b.metric)
        return a.metric < b.metric ? -1 : 1;
    return 0;
}

// Same fib_info and type (fib_table_insert's fa_match): nothing that matters differs.
bool identical(const Route &a, const Route &b)
{
    return a.type == b.type && a.proto == b.proto && a.scope == b.scope && a.prefsrc == b.prefsrc
        && a.gateway == b.gateway && a.dev == b.dev && a.onlink == b.onlink;
}

// fib_new_table(): without policy rules local and main share one trie, so local brings main.
void newTable(Namespace &ns, std::uint32_t id)
{
    if (!ns.hasTable(id))
        ns.tables.push_back(id);
    if (id == kTableLocal && !ns.hasTable(kTableMain))
        ns.tables.push_back(kTableMain);
}

enum class InsertStatus { Ok, Exists, NoEntry };

struct NlFlags {
    bool create = false;
    bool excl = false;
    bool replace = false;
    bool append = false;
};

// fib_table_insert() after fib_create_info(): the position and File exists rules (§2.1).
InsertStatus fibInsert(Namespace &ns, const Route &r, NlFlags f)
{
    auto &v = ns.routes;
    std::size_t pos = 0;
    while (pos < v.size() && compareKey(v[pos], r) < 0)
        ++pos;
    std::size_t end = pos;
    while (end < v.size() && compareKey(v[end], r) == 0)
        ++end;
    if (pos != end) {
        if (f.excl)
            return InsertStatus::Exists;
        std::size_t match = end;
        for (std::size_t i = pos; i < end; ++i) {
            if (identical(v[i], r)) {
                match = i;
                break;
            }
        }
        if (f.replace) {
            if (match != end)
                return match == pos ? InsertStatus::Ok : InsertStatus::Exists;
            v[pos] = r;
            return InsertStatus::Ok;
        }
        if (match != end)
            return InsertStatus::Exists;
        if (!f.create)
            return InsertStatus::NoEntry;
        v.insert(v.begin() + std::ptrdiff_t(f.append ? end : pos), r);
        return InsertStatus::Ok;
    }
    if (!f.create)
        return InsertStatus::NoEntry;
    v.insert(v.begin() + std::ptrdiff_t(pos), r);
    return InsertStatus::Ok;
}

// What fib_table_delete() compares (unset fields match anything).
struct DelSpec {
    std::uint32_t table = kTableMain;
    Prefix dst;
    std::uint8_t tos = 0;
    std::optional<RouteType> type;
    Scope scope = Scope::Nowhere;
    std::optional<Ipv4> prefsrc;
    std::uint8_t proto = 0;
    std::uint32_t metric = 0;
    int oif = 0;
    std::optional<Ipv4> gateway;
};

bool fibDelete(Namespace &ns, const DelSpec &s)
{
    for (std::size_t i = 0; i < ns.routes.size(); ++i) {
        const Route &r = ns.routes[i];
        if (r.table != s.table || r.dst != s.dst || r.tos != s.tos)
            continue;
        if (s.type && r.type != *s.type)
            continue;
        if (s.scope != Scope::Nowhere && r.scope != s.scope)
            continue;
        if (s.prefsrc && r.prefsrc != s.prefsrc)
            continue;
        if (s.proto && r.proto != s.proto)
            continue;
        // fib_nh_match()
        if (s.metric && r.metric != s.metric)
            continue;
        if (s.oif && r.dev != s.oif)
            continue;
        if (s.gateway && r.gateway != s.gateway)
            continue;
        ns.routes.erase(ns.routes.begin() + std::ptrdiff_t(i));
        return true;
    }
    return false;
}

Namespace makeNamespace(std::string name, const Profile &p, int proxyDelay)
{
    Namespace n;
    n.name = std::move(name);
    n.all = p.all;
    n.dflt = p.dflt;
    Device lo;
    lo.ifindex = 1;
    lo.name = "lo";
    lo.kind = DevKind::Loopback;
    lo.mtu = 65536;
    lo.carrier = true;
    lo.conf = n.dflt;
    lo.proxyDelay = proxyDelay;
    n.devices.push_back(std::move(lo));
    return n;
}

bool parseInt(std::string_view text, int &value)
{
    // proc_dointvec: leading white space, optional sign, digits, trailing white space.
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
        ++i;
    std::size_t j = text.size();
    while (j > i && (text[j - 1] == ' ' || text[j - 1] == '\t' || text[j - 1] == '\n'))
        --j;
    text = text.substr(i, j - i);
    if (text.empty())
        return false;
    std::size_t k = 0;
    bool neg = false;
    if (text[0] == '-' || text[0] == '+') {
        neg = text[0] == '-';
        k = 1;
    }
    long long v = 0;
    const auto [p, ec] = std::from_chars(text.data() + k, text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || k == text.size())
        return false;
    value = int(neg ? -v : v);
    return true;
}

// Files under /proc/sys/net/ipv4/conf/DEV/ and /proc/sys/net/ipv4/neigh/DEV/ on Linux 6.18, and
// the top level of /proc/sys/net/ipv4 in a non-initial namespace: writes to names the emulator
// does not model succeed and change nothing; other names do not exist.
constexpr std::string_view kConfFiles[] = {
    "accept_local", "accept_redirects", "accept_source_route", "arp_accept", "arp_announce",
    "arp_evict_nocarrier", "arp_filter", "arp_ignore", "arp_notify", "bc_forwarding", "bootp_relay",
    "disable_policy", "disable_xfrm", "drop_gratuitous_arp", "drop_unicast_in_l2_multicast",
    "force_igmp_version", "forwarding", "igmpv2_unsolicited_report_interval",
    "igmpv3_unsolicited_report_interval", "ignore_routes_with_linkdown", "log_martians",
    "mc_forwarding", "medium_id", "promote_secondaries", "proxy_arp", "proxy_arp_pvlan",
    "route_localnet", "rp_filter", "secure_redirects", "send_redirects", "shared_media",
    "src_valid_mark", "tag",
};
constexpr std::string_view kNeighFiles[] = {
    "anycast_delay", "app_solicit", "base_reachable_time", "base_reachable_time_ms",
    "delay_first_probe_time", "gc_stale_time", "interval_probe_time_ms", "locktime",
    "mcast_resolicit", "mcast_solicit", "proxy_delay", "proxy_qlen", "retrans_time",
    "retrans_time_ms", "ucast_solicit", "unres_qlen", "unres_qlen_bytes",
};
constexpr std::string_view kIpv4Files[] = {
    "fib_multipath_hash_fields", "fib_multipath_hash_policy", "fib_multipath_hash_seed",
    "fib_multipath_use_neigh", "fib_notify_on_flag_change", "fwmark_reflect",
    "icmp_echo_enable_probe", "icmp_echo_ignore_all", "icmp_echo_ignore_broadcasts",
    "icmp_errors_use_inbound_ifaddr", "icmp_ignore_bogus_error_responses", "icmp_msgs_burst",
    "icmp_msgs_per_sec", "icmp_ratelimit", "icmp_ratemask", "igmp_link_local_mcast_reports",
    "igmp_max_memberships", "igmp_max_msf", "igmp_qrv", "ip_autobind_reuse", "ip_default_ttl",
    "ip_dynaddr", "ip_early_demux", "ip_forward", "ip_forward_update_priority",
    "ip_forward_use_pmtu", "ip_local_port_range", "ip_local_reserved_ports", "ip_no_pmtu_disc",
    "ip_nonlocal_bind", "ip_unprivileged_port_start", "ipfrag_high_thresh", "ipfrag_low_thresh",
    "ipfrag_max_dist", "ipfrag_time", "nexthop_compat_mode", "ping_group_range",
    "raw_l3mdev_accept", "tcp_abort_on_overflow", "tcp_adv_win_scale",
    "tcp_allowed_congestion_control", "tcp_app_win", "tcp_autocorking",
    "tcp_available_congestion_control", "tcp_backlog_ack_defer", "tcp_base_mss",
    "tcp_challenge_ack_limit", "tcp_child_ehash_entries", "tcp_comp_sack_delay_ns",
    "tcp_comp_sack_nr", "tcp_comp_sack_slack_ns", "tcp_congestion_control", "tcp_dsack",
    "tcp_early_demux", "tcp_early_retrans", "tcp_ecn", "tcp_ecn_fallback", "tcp_ecn_option",
    "tcp_ecn_option_beacon", "tcp_ehash_entries", "tcp_fack", "tcp_fastopen",
    "tcp_fastopen_blackhole_timeout_sec", "tcp_fastopen_key", "tcp_fin_timeout", "tcp_frto",
    "tcp_fwmark_accept", "tcp_invalid_ratelimit", "tcp_keepalive_intvl", "tcp_keepalive_probes",
    "tcp_keepalive_time", "tcp_l3mdev_accept", "tcp_limit_output_bytes", "tcp_max_reordering",
    "tcp_max_syn_backlog", "tcp_max_tw_buckets", "tcp_migrate_req", "tcp_min_rtt_wlen",
    "tcp_min_snd_mss", "tcp_min_tso_segs", "tcp_moderate_rcvbuf", "tcp_mtu_probe_floor",
    "tcp_mtu_probing", "tcp_no_metrics_save", "tcp_no_ssthresh_metrics_save", "tcp_notsent_lowat",
    "tcp_orphan_retries", "tcp_pacing_ca_ratio", "tcp_pacing_ss_ratio", "tcp_pingpong_thresh",
    "tcp_plb_cong_thresh", "tcp_plb_enabled", "tcp_plb_idle_rehash_rounds", "tcp_plb_rehash_rounds",
    "tcp_plb_suspend_rto_sec", "tcp_probe_interval", "tcp_probe_threshold", "tcp_recovery",
    "tcp_reflect_tos", "tcp_reordering", "tcp_retrans_collapse", "tcp_retries1", "tcp_retries2",
    "tcp_rfc1337", "tcp_rmem", "tcp_rto_max_ms", "tcp_rto_min_us", "tcp_sack", "tcp_shrink_window",
    "tcp_slow_start_after_idle", "tcp_stdurg", "tcp_syn_linear_timeouts", "tcp_syn_retries",
    "tcp_synack_retries", "tcp_syncookies", "tcp_thin_linear_timeouts", "tcp_timestamps",
    "tcp_tso_rtt_log", "tcp_tso_win_divisor", "tcp_tw_reuse", "tcp_tw_reuse_delay",
    "tcp_window_scaling", "tcp_wmem", "tcp_workaround_signed_windows", "udp_child_hash_entries",
    "udp_early_demux", "udp_hash_entries", "udp_l3mdev_accept", "udp_rmem_min", "udp_wmem_min",
    "xfrm4_gc_thresh",
};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s)
{
    return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

} // namespace

// All state changes go through here; Kernel keeps only the data (kernel.h befriends this class).
class KernelMutator {
public:
    explicit KernelMutator(Kernel &k) : m_k(k) {}

    Result apply(const Op &op)
    {
        Result r = std::visit([this](const auto &o) { return run(o); }, op);
        settle();
        return r;
    }

private:
    Kernel &m_k;
    std::vector<std::string> m_touched; // namespaces whose carriers must be re-evaluated

    // ---- namespaces -------------------------------------------------------------------------

    Namespace *find(std::string_view name)
    {
        auto it = m_k.m_namespaces.find(name);
        if (it != m_k.m_namespaces.end())
            return &it->second;
        if (name == m_k.m_rootName) {
            Namespace n = makeNamespace(std::string(name), m_k.m_profile, m_k.m_neighDefaultProxyDelay);
            n.named = false;
            return &m_k.m_namespaces.emplace(std::string(name), std::move(n)).first->second;
        }
        return nullptr;
    }

    Namespace *existing(std::string_view name)
    {
        auto it = m_k.m_namespaces.find(name);
        return it == m_k.m_namespaces.end() ? nullptr : &it->second;
    }

    void touch(const std::string &name)
    {
        if (std::find(m_touched.begin(), m_touched.end(), name) == m_touched.end())
            m_touched.push_back(name);
    }

    Result run(const NetnsAdd &o)
    {
        auto it = m_k.m_namespaces.find(o.name);
        if (it != m_k.m_namespaces.end()) {
            if (!it->second.named) { // the lazily created root gets its name file
                it->second.named = true;
                return okResult();
            }
            return failure(1, "Cannot create namespace file \"/run/netns/" + o.name + "\": File exists\n");
        }
        m_k.m_namespaces.emplace(o.name, makeNamespace(o.name, m_k.m_profile, m_k.m_neighDefaultProxyDelay));
        return okResult();
    }

    Result run(const NetnsDel &o)
    {
        auto it = m_k.m_namespaces.find(o.name);
        if (it == m_k.m_namespaces.end())
            return failure(1, "Cannot remove namespace file \"/run/netns/" + o.name
                                  + "\": No such file or directory\n");
        // Devices die with the namespace; veth peers elsewhere die with them.
        std::vector<std::pair<std::string, int>> peers;
        for (const Device &d : it->second.devices) {
            if (d.kind == DevKind::Veth && d.peerNs != o.name)
                peers.emplace_back(d.peerNs, d.peerIfindex);
        }
        m_k.m_namespaces.erase(it);
        for (const auto &[nsName, idx] : peers) {
            if (Namespace *pn = existing(nsName)) {
                if (Device *pd = pn->deviceByIndex(idx)) {
                    pd->peerNs.clear(); // the other end is gone already
                    unregisterDevice(*pn, pd->ifindex);
                }
            }
        }
        return okResult();
    }

    // ---- devices ----------------------------------------------------------------------------

    int allocIfindex(Namespace &n, int wanted = 0)
    {
        // dev_index_reserve(): a wanted index if free, else cyclic allocation from net->ifindex.
        if (wanted > 0 && !n.deviceByIndex(wanted))
            return wanted;
        int idx = std::max(n.nextIfindex, 1);
        while (n.deviceByIndex(idx))
            ++idx;
        n.nextIfindex = idx + 1;
        return idx;
    }

    Mac newMac()
    {
        const std::uint32_t seq = ++m_k.m_macSeq;
        Mac m;
        m.b[0] = 0x02; // locally administered unicast
        m.b[1] = 0x6e;
        m.b[2] = 0x73;
        m.b[3] = std::uint8_t(seq >> 16);
        m.b[4] = std::uint8_t(seq >> 8);
        m.b[5] = std::uint8_t(seq);
        return m;
    }

    Device &addDevice(Namespace &n, Device d)
    {
        d.conf = n.dflt; // inetdev_init() copies default, state bits included
        d.proxyDelay = m_k.m_neighDefaultProxyDelay;
        n.devices.push_back(std::move(d));
        touch(n.name);
        return n.devices.back();
    }

    Result run(const LinkAddVeth &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        Namespace *devNs = n;
        Namespace *peerNs = n;
        if (!o.netns.empty() && !(devNs = find(o.netns)))
            return invarg(o.netns, "Invalid \"netns\" value");
        if (!o.peerNetns.empty() && !(peerNs = find(o.peerNetns)))
            return invarg(o.peerNetns, "Invalid \"netns\" value");
        // rtnl_newlink looks the name up where the command runs (NLM_F_EXCL).
        if (n->device(o.name))
            return rtnl("File exists");
        if (peerNs->device(o.peer))
            return rtnl("File exists");
        // The peer is registered first; a clash of the first end's name unregisters it again,
        // the peer's ifindex stays consumed.
        const int peerIdx = allocIfindex(*peerNs);
        if (devNs->device(o.name) || (devNs == peerNs && o.name == o.peer))
            return rtnl("File exists");
        Device peer;
        peer.ifindex = peerIdx;
        peer.name = o.peer;
        peer.kind = DevKind::Veth;
        peer.mac = o.peerAddress ? *o.peerAddress : newMac();
        peer.macSet = o.peerAddress.has_value();
        Device &pd = addDevice(*peerNs, std::move(peer));
        const int peerIndex = pd.ifindex;
        Device dev;
        dev.ifindex = allocIfindex(*devNs);
        dev.name = o.name;
        dev.kind = DevKind::Veth;
        dev.mac = o.address ? *o.address : newMac();
        dev.macSet = o.address.has_value();
        dev.peerNs = peerNs->name;
        dev.peerIfindex = peerIndex;
        Device &dd = addDevice(*devNs, std::move(dev));
        const int devIndex = dd.ifindex;
        Device *p = peerNs->deviceByIndex(peerIndex);
        p->peerNs = devNs->name;
        p->peerIfindex = devIndex;
        // netif_carrier_off() on both right after registration: linkwatch computes operstate.
        Device *d = devNs->deviceByIndex(devIndex);
        d->carrier = false;
        p->carrier = false;
        m_operPending.emplace_back(devNs->name, devIndex);
        m_operPending.emplace_back(peerNs->name, peerIndex);
        return okResult();
    }

    Result run(const LinkAddBridge &o) { return addSimple(o.ns, o.name, DevKind::Bridge); }
    Result run(const LinkAddDummy &o) { return addSimple(o.ns, o.name, DevKind::Dummy); }

    Result addSimple(const std::string &nsName, const std::string &name, DevKind kind)
    {
        Namespace *n = find(nsName);
        if (!n)
            return noNetns(nsName);
        if (n->device(name))
            return rtnl("File exists");
        Device d;
        d.ifindex = allocIfindex(*n);
        d.name = name;
        d.kind = kind;
        d.mac = newMac();
        d.carrier = true; // bridge and dummy register with carrier on; operstate stays UNKNOWN
        addDevice(*n, std::move(d));
        return okResult();
    }

    Result run(const LinkDel &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        Device *d = n->device(o.name);
        if (!d)
            return noDevice(o.name);
        if (d->kind == DevKind::Loopback)
            return rtnl("Operation not supported");
        unregisterDevice(*n, d->ifindex);
        return okResult();
    }

    // unregister_netdevice(): close, release from a bridge, drop IPv4 state, and for a veth the
    // other end too.
    void unregisterDevice(Namespace &n, int ifindex)
    {
        Device *d = n.deviceByIndex(ifindex);
        if (!d)
            return;
        std::string peerNsName = d->peerNs;
        const int peerIdx = d->peerIfindex;
        const bool veth = d->kind == DevKind::Veth;
        if (d->adminUp)
            setAdmin(n, *d, false);
        teardownIp(n, ifindex);
        d = n.deviceByIndex(ifindex);
        if (d->kind == DevKind::Bridge) {
            for (Device &p : n.devices) {
                if (p.master == ifindex)
                    p.master = 0;
            }
        }
        n.devices.erase(n.devices.begin() + (d - n.devices.data()));
        touch(n.name);
        if (veth && !peerNsName.empty()) {
            if (Namespace *pn = existing(peerNsName)) {
                if (Device *pd = pn->deviceByIndex(peerIdx); pd && pd->kind == DevKind::Veth) {
                    pd->peerNs.clear();
                    unregisterDevice(*pn, peerIdx);
                }
            }
        }
    }

    // NETDEV_UNREGISTER for IPv4: inetdev_destroy() (addresses go without promotion) and
    // fib_disable_ip(force): every route through the device, neighbours and proxies.
    void teardownIp(Namespace &n, int ifindex)
    {
        Device *d = n.deviceByIndex(ifindex);
        while (d && !d->addresses.empty()) {
            const Address a = d->addresses.front();
            d->addresses.erase(d->addresses.begin());
            fibDelIfaddr(n, *d, a, nullptr, true);
            d = n.deviceByIndex(ifindex);
        }
        disableIp(n, ifindex, true);
    }

    // fib_disable_ip(): routes through the device (host-scope ones only when forced), then
    // arp_ifdown().
    void disableIp(Namespace &n, int ifindex, bool force)
    {
        std::erase_if(n.routes, [&](const Route &r) {
            return r.dev == ifindex && (force || r.scope != Scope::Host);
        });
        std::erase_if(n.neighbours, [&](const NeighEntry &e) { return e.dev == ifindex; });
        std::erase_if(n.proxies, [&](const ProxyEntry &e) { return e.dev == ifindex; });
    }

    void setAdmin(Namespace &n, Device &d, bool up)
    {
        if (d.adminUp == up)
            return;
        const int idx = d.ifindex;
        d.adminUp = up;
        if (up)
            d.everUp = true;
        touch(n.name);
        if (d.kind == DevKind::Veth && !d.peerNs.empty())
            touch(d.peerNs);
        if (up)
            netdevUp(n, idx);
        else
            disableIp(n, idx, false);
    }

    // NETDEV_UP: loopback gets 127.0.0.1/8 (inetdev_event), then fib_add_ifaddr() for every
    // address in list order (fib_netdev_event).
    void netdevUp(Namespace &n, int ifindex)
    {
        Device *d = n.deviceByIndex(ifindex);
        if (d->kind == DevKind::Loopback) {
            Address lo;
            lo.local = Prefix{Ipv4{0x7f000001}, 8};
            lo.scope = Scope::Host;
            lo.label = d->name;
            d->conf.explicitlySet.set(); // ipv4_devconf_setall()
            insertIfa(n, *d, lo);         // EEXIST when already there: silently nothing
            d = n.deviceByIndex(ifindex);
        }
        const std::vector<Address> addrs = d->addresses;
        for (const Address &a : addrs)
            fibAddIfaddr(n, *n.deviceByIndex(ifindex), a);
    }

    Result run(const LinkSet &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        // iproute2 resolves `master` and `netns` while parsing, before the device itself.
        Namespace *target = nullptr;
        if (o.netns && !(target = find(*o.netns)))
            return invarg(*o.netns, "Invalid \"netns\" value");
        if (o.master && !o.master->empty() && !n->device(*o.master))
            return invarg(*o.master, "Device does not exist");
        Device *d = n->device(o.dev);
        if (!d)
            return noDevice(o.dev);
        int idx = d->ifindex;
        Namespace *cur = n;
        // do_setlink(): netns, address, mtu, name, flags, master — in that order.
        if (target && target != n) {
            if (d->kind == DevKind::Loopback || d->kind == DevKind::Bridge)
                return extack("The interface netns is immutable");
            if (target->device(d->name))
                return extack("An interface with the same name exists in the target netns");
            idx = moveDevice(*n, idx, *target);
            cur = target;
            d = cur->deviceByIndex(idx);
        }
        if (o.address) {
            if (o.address->b[0] & 1)
                return rtnl("Cannot assign requested address");
            d->mac = *o.address;
            d->macSet = true;
        }
        if (o.mtu) {
            const int mtu = *o.mtu;
            if (d->kind != DevKind::Loopback) {
                if (mtu < 68)
                    return extack("mtu less than device minimum");
                if (mtu > 65535)
                    return extack("mtu greater than device maximum");
            } else if (mtu < 0) {
                return extack("mtu less than device minimum");
            }
            d->mtu = mtu;
            if (d->kind == DevKind::Bridge)
                d->mtuSet = true;
            touch(cur->name);
        }
        if (o.newName && *o.newName != d->name) {
            if (cur->device(*o.newName))
                return rtnl("File exists");
            d->name = *o.newName;
            // inetdev_changename(): the first address takes the name, the others NAME:N
            int named = 0;
            for (Address &a : d->addresses) {
                const std::string old = a.label;
                a.label = d->name;
                if (named++ == 0)
                    continue;
                const auto colon = old.find(':');
                const std::string dot = colon == std::string::npos ? ":" + std::to_string(named) : old.substr(colon);
                if (dot.size() + a.label.size() < 16)
                    a.label += dot;
                else
                    a.label = a.label.substr(0, 16 - dot.size() - 1) + dot;
            }
        }
        if (o.up)
            setAdmin(*cur, *d, *o.up);
        d = cur->deviceByIndex(idx);
        if (o.master) {
            if (o.master->empty()) {
                if (d->master) {
                    d->master = 0;
                    touch(cur->name);
                }
            } else {
                Device *br = cur->device(*o.master);
                if (!br) // the master named in the command was in the namespace the command ran in
                    return rtnl("No such device");
                if (br->kind != DevKind::Bridge)
                    return rtnl("Operation not supported");
                if (d->kind == DevKind::Bridge)
                    return extack("Can not enslave a bridge to a bridge");
                if (br->ifindex == d->ifindex)
                    return rtnl("Device or resource busy");
                if (d->kind == DevKind::Loopback)
                    return rtnl("Invalid argument");
                if (d->master != br->ifindex) {
                    d->master = br->ifindex;
                    br->bridgeHadPorts = true;
                    touch(cur->name);
                }
            }
        }
        return okResult();
    }

    // dev_change_net_namespace(): close, drop IPv4 state and bridge membership, take the
    // target's defaults, keep the ifindex when free there, join the end of its device list.
    int moveDevice(Namespace &from, int ifindex, Namespace &to)
    {
        Device *d = from.deviceByIndex(ifindex);
        if (d->adminUp)
            setAdmin(from, *d, false);
        teardownIp(from, ifindex);
        d = from.deviceByIndex(ifindex);
        d->master = 0;
        Device moved = std::move(*d);
        from.devices.erase(from.devices.begin() + (d - from.devices.data()));
        touch(from.name);
        moved.ifindex = allocIfindex(to, moved.ifindex);
        moved.conf = to.dflt;
        moved.everUp = false; // dev_shutdown() dropped its qdisc
        moved.proxyDelay = m_k.m_neighDefaultProxyDelay;
        const int newIdx = moved.ifindex;
        const std::string peerNsName = moved.peerNs;
        const int peerIdx = moved.peerIfindex;
        to.devices.push_back(std::move(moved));
        touch(to.name);
        if (!peerNsName.empty()) {
            if (Namespace *pn = existing(peerNsName)) {
                if (Device *p = pn->deviceByIndex(peerIdx)) {
                    p->peerNs = to.name;
                    p->peerIfindex = newIdx;
                }
                touch(pn->name);
            }
        }
        return newIdx;
    }

    // ---- carrier and operstate ---------------------------------------------------------------

    std::vector<std::pair<std::string, int>> m_operPending;

    OperState defaultOperstate(const Namespace &n, const Device &d) const
    {
        // default_operstate(): the "lower" device is looked up by iflink in the device's own
        // namespace, even for a veth whose peer lives elsewhere (what the kernel really does).
        if (d.carrier)
            return OperState::Up;
        const int iflink = d.kind == DevKind::Veth ? d.peerIfindex : d.ifindex;
        if (iflink == d.ifindex)
            return OperState::Down;
        const Device *lower = n.deviceByIndex(iflink);
        if (!lower)
            return OperState::Down;
        return lower->carrier ? OperState::Down : OperState::LowerLayerDown;
    }

    void settle()
    {
        // veth ends first (their carrier feeds bridge ports), then bridges.
        std::vector<std::pair<std::string, int>> changed;
        for (std::size_t i = 0; i < m_touched.size(); ++i) {
            Namespace *n = existing(m_touched[i]);
            if (!n)
                continue;
            for (Device &d : n->devices) {
                if (d.kind != DevKind::Veth)
                    continue;
                bool peerUp = false;
                if (!d.peerNs.empty()) {
                    if (Namespace *pn = existing(d.peerNs)) {
                        if (const Device *p = pn->deviceByIndex(d.peerIfindex))
                            peerUp = p->adminUp;
                    }
                }
                const bool c = d.adminUp && peerUp;
                if (c != d.carrier) {
                    d.carrier = c;
                    changed.emplace_back(n->name, d.ifindex);
                }
            }
        }
        for (const std::string &name : m_touched) {
            Namespace *n = existing(name);
            if (!n)
                continue;
            for (Device &br : n->devices) {
                if (br.kind != DevKind::Bridge)
                    continue;
                bool anyForwarding = false;
                bool anyPort = false;
                int minMtu = 0;
                const Mac *minMac = nullptr;
                for (const Device &p : n->devices) {
                    if (p.master != br.ifindex)
                        continue;
                    anyPort = true;
                    if (p.adminUp && p.carrier && br.adminUp)
                        anyForwarding = true;
                    if (!minMtu || p.mtu < minMtu)
                        minMtu = p.mtu;
                    if (!minMac || p.mac < *minMac)
                        minMac = &p.mac;
                }
                // br_port_state_selection(): carrier follows the ports once it ever had one.
                const bool c = br.bridgeHadPorts ? anyForwarding : true;
                // Port changes run the selection, which bounces carrier through linkwatch even
                // when it ends where it started: operstate leaves UNKNOWN once a port came.
                if (c != br.carrier || (br.bridgeHadPorts && br.oper == OperState::Unknown)) {
                    br.carrier = c;
                    changed.emplace_back(n->name, br.ifindex);
                }
                if (!br.mtuSet && br.bridgeHadPorts)
                    br.mtu = anyPort ? minMtu : 1500; // br_mtu_auto_adjust()
                if (!br.macSet && br.bridgeHadPorts)
                    br.mac = minMac ? *minMac : Mac{}; // br_stp_recalculate_bridge_id()
            }
        }
        for (auto &c : changed)
            m_operPending.push_back(c);
        // linkwatch runs after the command: operstate from the settled carriers.
        for (const auto &[name, idx] : m_operPending) {
            Namespace *n = existing(name);
            if (!n)
                continue;
            if (Device *d = n->deviceByIndex(idx))
                d->oper = defaultOperstate(*n, *d);
        }
        m_operPending.clear();
        m_touched.clear();
    }

    // ---- addresses -------------------------------------------------------------------------

    // __inet_insert_ifa(): primary/secondary, list position, EEXIST. Runs NETDEV_UP for it.
    Result insertIfa(Namespace &n, Device &d, Address ifa)
    {
        if (ifa.local.addr.isZero())
            return okResult();
        ifa.secondary = false;
        const auto mask = maskOf(ifa.local.len);
        std::size_t lastPrimary = 0; // insert position for a primary
        for (std::size_t i = 0; i < d.addresses.size(); ++i) {
            const Address &a = d.addresses[i];
            if (!a.secondary && std::uint8_t(ifa.scope) <= std::uint8_t(a.scope))
                lastPrimary = i + 1;
            if (maskOf(a.local.len) == mask && ifaMatch(ifaAddress(a), ifa)) {
                if (a.local.addr == ifa.local.addr)
                    return extack("ipv4: Address already assigned");
                if (a.scope != ifa.scope)
                    return extack("ipv4: Invalid scope value");
                ifa.secondary = true;
            }
        }
        const int idx = d.ifindex;
        if (ifa.secondary)
            d.addresses.push_back(ifa);
        else
            d.addresses.insert(d.addresses.begin() + std::ptrdiff_t(lastPrimary), ifa);
        fibAddIfaddr(n, *n.deviceByIndex(idx), ifa);
        return okResult();
    }

    Result run(const AddrAdd &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        Device *d = n->device(o.dev);
        if (!d)
            return noDevice(o.dev);
        // inet_rtm_to_ifa(): ipv4_devconf_setall() — once an address was added through
        // netlink, conf.default.X writes no longer reach this device.
        d->conf.explicitlySet.set();
        Address a;
        // iproute2: with a peer the prefix length is the peer's.
        std::uint8_t len = o.local.len;
        if (o.peer) {
            len = o.peer->len ? o.peer->len : o.local.len;
            a.peer = Prefix{o.peer->addr, len};
        }
        a.local = Prefix{o.local.addr, len};
        a.broadcast = o.broadcast;
        if (a.broadcast && a.broadcast->isZero())
            a.broadcast.reset();
        // iproute2 default_scope(): host for 127/8 on any device.
        a.scope = o.scope ? *o.scope : (o.local.addr.isLoopback() ? Scope::Host : Scope::Universe);
        a.noprefixroute = o.noprefixroute;
        a.label = d->name;
        // find_matching_ifa() + NLM_F_EXCL
        for (const Address &x : d->addresses) {
            if (x.local.len == a.local.len && ifaMatch(ifaAddress(x), a) && x.local.addr == a.local.addr)
                return extack("ipv4: Address already assigned");
        }
        return insertIfa(*n, *d, a);
    }

    Result run(const AddrDel &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        Device *d = n->device(o.dev);
        if (!d)
            return noDevice(o.dev);
        std::uint8_t len = o.local.len;
        Ipv4 address = o.local.addr;
        if (o.peer) {
            len = o.peer->len ? o.peer->len : o.local.len;
            address = o.peer->addr;
        }
        std::string warning;
        if (o.wildcard && !o.peer)
            warning = "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
                      "         Explicitly specify the prefix length (" + o.local.addr.toString() + "/32) to avoid this warning.\n"
                      "         This special behaviour is likely to disappear in further releases,\n"
                      "         fix your scripts!\n";
        // inet_rtm_deladdr(): IFA_LOCAL, then prefix length and IFA_ADDRESS's subnet (not sent
        // by iproute2 for a wildcard deletion).
        for (std::size_t i = 0; i < d->addresses.size(); ++i) {
            const Address &a = d->addresses[i];
            if (a.local.addr != o.local.addr)
                continue;
            if (warning.empty() && (a.local.len != len || !ifaMatch(address, a)))
                continue;
            delIfa(*n, d->ifindex, i);
            Result r;
            r.err = warning;
            return r;
        }
        Result r = extack("ipv4: Address not found");
        r.err = warning + r.err;
        return r;
    }

    Result run(const AddrFlush &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        Device *d = n->device(o.dev);
        if (!d)
            return failure(1, "Device \"" + o.dev + "\" does not exist.\n");
        const int idx = d->ifindex;
        // iproute2 deletes what it dumped, in list order, until nothing is left.
        for (int guard = 0; guard < 100000; ++guard) {
            d = n->deviceByIndex(idx);
            if (!d || d->addresses.empty())
                break;
            delIfa(*n, idx, 0);
        }
        return okResult();
    }

    // __inet_del_ifa()
    void delIfa(Namespace &n, int ifindex, std::size_t index)
    {
        Device *d = n.deviceByIndex(ifindex);
        const Address ifa1 = d->addresses[index];
        const bool doPromote = n.effective(*d, DevOpt::PromoteSecondaries) != 0;
        const auto mask1 = maskOf(ifa1.local.len);
        auto sameSubnet = [&](const Address &a) {
            return maskOf(a.local.len) == mask1 && ifaMatch(ifaAddress(ifa1), a);
        };
        std::optional<Address> promote;
        bool hadPrevProm = false;
        std::size_t lastPrimPos = index; // position (in the list without ifa1) for the promoted one
        if (!ifa1.secondary) {
            // 1. a deleted primary takes its secondaries along, unless promotion is on
            std::size_t i = index + 1;
            while (i < d->addresses.size()) {
                const Address a = d->addresses[i];
                if (!a.secondary && std::uint8_t(ifa1.scope) <= std::uint8_t(a.scope))
                    lastPrimPos = i; // after this one, once ifa1 is unlinked
                if (!a.secondary || !sameSubnet(a)) {
                    hadPrevProm = true;
                    ++i;
                    continue;
                }
                if (!doPromote) {
                    d->addresses.erase(d->addresses.begin() + std::ptrdiff_t(i));
                    fibDelIfaddr(n, *d, a, nullptr, false);
                    inetaddrDownTail(n, ifindex);
                    d = n.deviceByIndex(ifindex);
                } else {
                    promote = a;
                    break;
                }
            }
        }
        if (promote) {
            // the secondaries of this subnet lose their routes; re-added with the new primary
            bool from = false;
            const std::vector<Address> list = d->addresses;
            for (const Address &a : list) {
                if (sameIfa(a, *promote))
                    from = true;
                if (from && sameSubnet(a))
                    fibDelIfaddr(n, *d, a, &ifa1, false);
            }
        }
        // 2. unlink, 3. NETDEV_DOWN
        d = n.deviceByIndex(ifindex);
        for (std::size_t i = 0; i < d->addresses.size(); ++i) {
            if (sameIfa(d->addresses[i], ifa1)) {
                d->addresses.erase(d->addresses.begin() + std::ptrdiff_t(i));
                break;
            }
        }
        fibDelIfaddr(n, *d, ifa1, nullptr, false);
        inetaddrDownTail(n, ifindex);
        if (!promote)
            return;
        d = n.deviceByIndex(ifindex);
        std::size_t pos = 0;
        for (; pos < d->addresses.size(); ++pos) {
            if (sameIfa(d->addresses[pos], *promote))
                break;
        }
        if (pos == d->addresses.size())
            return;
        Address p = d->addresses[pos];
        p.secondary = false;
        std::vector<Address> after(d->addresses.begin() + std::ptrdiff_t(pos) + 1, d->addresses.end());
        if (hadPrevProm) {
            d->addresses.erase(d->addresses.begin() + std::ptrdiff_t(pos));
            // lastPrimPos indexed the list with ifa1 still in it
            std::size_t at = lastPrimPos > index ? lastPrimPos : index;
            at = std::min(at, d->addresses.size());
            d->addresses.insert(d->addresses.begin() + std::ptrdiff_t(at), p);
        } else {
            d->addresses[pos] = p;
        }
        fibAddIfaddr(n, *d, p);
        for (const Address &a : after) {
            if (sameSubnet(a))
                fibAddIfaddr(n, *n.deviceByIndex(ifindex), a);
        }
    }

    // fib_inetaddr_event(NETDEV_DOWN) after fib_del_ifaddr(): the last address gone disables IP.
    void inetaddrDownTail(Namespace &n, int ifindex)
    {
        Device *d = n.deviceByIndex(ifindex);
        if (d && d->addresses.empty())
            disableIp(n, ifindex, true);
    }

    static Route kernelRoute(std::uint32_t table, RouteType type, Prefix dst, const Address &prim, int dev)
    {
        Route r;
        r.table = table;
        r.dst = dst;
        r.type = type;
        r.proto = kProtoKernel;
        r.scope = type == RouteType::Local ? Scope::Host : Scope::Link;
        r.prefsrc = prim.local.addr;
        r.dev = dev;
        r.nhScope = Scope::Host;
        return r;
    }

    // fib_magic(RTM_NEWROUTE): create + append, an identical route is silently kept.
    void magicAdd(Namespace &n, RouteType type, Ipv4 dst, int len, const Address &prim, const Device &d)
    {
        const std::uint32_t table = type == RouteType::Unicast ? kTableMain : kTableLocal;
        const Route r = kernelRoute(table, type, Prefix{Ipv4{dst.v & maskOf(len)}, std::uint8_t(len)}, prim,
                                    d.ifindex);
        newTable(n, table);
        // fib_magic() goes through fib_create_info(): a prefsrc that does not look local right
        // now (e.g. shadowed by a broadcast route for the same address) drops the route.
        if (!validPrefsrc(n, r))
            return;
        NlFlags f;
        f.create = true;
        f.append = true;
        fibInsert(n, r, f);
    }

    void magicDel(Namespace &n, RouteType type, Ipv4 dst, int len, const Address &prim, const Device &d)
    {
        DelSpec s;
        s.table = type == RouteType::Unicast ? kTableMain : kTableLocal;
        s.dst = Prefix{Ipv4{dst.v & maskOf(len)}, std::uint8_t(len)};
        s.type = type;
        s.scope = type == RouteType::Local ? Scope::Host : Scope::Link;
        s.prefsrc = prim.local.addr;
        s.proto = kProtoKernel;
        s.oif = d.ifindex;
        fibDelete(n, s);
    }

    const Address *byPrefix(const Device &d, Ipv4 prefix, std::uint32_t mask) const
    {
        // inet_ifa_byprefix()
        for (const Address &a : d.addresses) {
            if (maskOf(a.local.len) == mask && ifaMatch(prefix, a))
                return &a;
        }
        return nullptr;
    }

    // fib_add_ifaddr()
    void fibAddIfaddr(Namespace &n, const Device &d, const Address &ifa)
    {
        const std::uint32_t mask = maskOf(ifa.local.len);
        const Ipv4 addr = ifa.local.addr;
        const Ipv4 prefix{ifaAddress(ifa).v & mask};
        Address prim = ifa;
        if (ifa.secondary) {
            const Address *p = byPrefix(d, prefix, mask);
            if (!p)
                return;
            prim = *p;
        }
        magicAdd(n, RouteType::Local, addr, 32, prim, d);
        if (!d.adminUp)
            return;
        if (ifa.broadcast && !ifa.broadcast->isLimitedBroadcast())
            magicAdd(n, RouteType::Broadcast, *ifa.broadcast, 32, prim, d);
        if (!prefix.isZero() && !ifa.secondary && (prefix != addr || ifa.local.len < 32)) {
            if (!ifa.noprefixroute)
                magicAdd(n, d.kind == DevKind::Loopback ? RouteType::Local : RouteType::Unicast, prefix,
                         ifa.local.len, prim, d);
            if (ifa.local.len < 31)
                magicAdd(n, RouteType::Broadcast, Ipv4{prefix.v | ~mask}, 32, prim, d);
        }
    }

    // fib_del_ifaddr(): `ifa` is no longer (or, during promotion, still) in the list.
    void fibDelIfaddr(Namespace &n, const Device &d, const Address &ifa, const Address *iprim, bool dead)
    {
        const std::uint32_t mask = maskOf(ifa.local.len);
        const Ipv4 brd{ifaAddress(ifa).v | ~mask};
        const Ipv4 any{ifaAddress(ifa).v & mask};
        const Ipv4 ifaBrd = ifa.broadcast.value_or(Ipv4{});
        enum { LocalOk = 1, BrdOk = 2, Brd0Ok = 4, Brd1Ok = 8 };
        unsigned ok = 0;
        bool subnet = false;
        bool gone = true;
        bool samePrefsrc = false;
        Address prim = ifa;
        if (ifa.secondary) {
            const Address *p = byPrefix(d, any, mask);
            if (!p)
                return;
            if (iprim && !sameIfa(*p, *iprim))
                return;
            prim = *p;
        } else if (!any.isZero() && (prim.local.len < 32 || ifaAddress(prim) != prim.local.addr)) {
            if (!ifa.noprefixroute)
                magicDel(n, d.kind == DevKind::Loopback ? RouteType::Local : RouteType::Unicast, any,
                         ifa.local.len, prim, d);
            subnet = true;
        }
        if (!dead) {
            const Address *prim1 = nullptr;
            for (const Address &ifa1 : d.addresses) {
                if (sameIfa(ifa1, ifa)) {
                    gone = false; // promotion keeps the address
                    continue;
                }
                if (iprim && maskOf(ifa1.local.len) == maskOf(iprim->local.len)
                    && ifaMatch(ifaAddress(ifa1), *iprim))
                    continue;
                if (ifa1.secondary) {
                    if (maskOf(ifa1.local.len) == maskOf(prim.local.len) && ifaMatch(ifaAddress(ifa1), prim)) {
                        prim1 = &prim;
                    } else {
                        if (!samePrefsrc)
                            continue;
                        if (!prim1 || maskOf(ifa1.local.len) != maskOf(prim1->local.len)
                            || !ifaMatch(ifaAddress(ifa1), *prim1))
                            prim1 = byPrefix(d, ifaAddress(ifa1), maskOf(ifa1.local.len));
                        if (!prim1)
                            continue;
                        if (prim1->local.addr != prim.local.addr)
                            continue;
                    }
                } else {
                    if (prim.local.addr != ifa1.local.addr)
                        continue;
                    prim1 = &ifa1;
                    if (!sameIfa(prim, ifa1))
                        samePrefsrc = true;
                }
                const Ipv4 b1 = ifa1.broadcast.value_or(Ipv4{});
                if (ifa.local.addr == ifa1.local.addr)
                    ok |= LocalOk;
                if (ifaBrd == b1)
                    ok |= BrdOk;
                if (brd == b1)
                    ok |= Brd1Ok;
                if (any == b1)
                    ok |= Brd0Ok;
                if (prim1 == &ifa1 && ifa1.local.len < 31) {
                    const auto m1 = maskOf(ifa1.local.len);
                    const Ipv4 brd1{ifaAddress(ifa1).v | ~m1};
                    const Ipv4 any1{ifaAddress(ifa1).v & m1};
                    if (!any1.isZero()) {
                        if (ifaBrd == brd1 || ifaBrd == any1)
                            ok |= BrdOk;
                        if (brd == brd1 || brd == any1)
                            ok |= Brd1Ok;
                        if (any == brd1 || any == any1)
                            ok |= Brd0Ok;
                    }
                }
            }
        }
        if (!(ok & BrdOk))
            magicDel(n, RouteType::Broadcast, ifaBrd, 32, prim, d);
        if (subnet && ifa.local.len < 31) {
            if (!(ok & Brd1Ok))
                magicDel(n, RouteType::Broadcast, brd, 32, prim, d);
            if (!(ok & Brd0Ok))
                magicDel(n, RouteType::Broadcast, any, 32, prim, d);
        }
        if (!(ok & LocalOk)) {
            magicDel(n, RouteType::Local, ifa.local.addr, 32, prim, d);
            // The address finally disappeared: main-table routes preferring it go too
            // (fib_sync_down_addr() only looks at the main table).
            if (gone && detail::addrType(n, ifa.local.addr) != RouteType::Local) {
                const Ipv4 gone4 = ifa.local.addr;
                std::erase_if(n.routes, [&](const Route &r) {
                    return r.table == kTableMain && r.prefsrc && *r.prefsrc == gone4;
                });
            }
        }
    }

    // ---- routes ----------------------------------------------------------------------------

    Result run(const RouteOp &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        int oif = 0;
        if (o.dev) {
            const Device *d = n->device(*o.dev);
            if (!d)
                return noDevice(*o.dev);
            oif = d->ifindex;
        }
        if (o.cmd == RouteCmd::Del)
            return routeDel(*n, o, oif);

        // iproute2 iproute_modify() defaults (§2.2)
        const RouteType type = o.type.value_or(RouteType::Unicast);
        const bool localTable = type == RouteType::Local || type == RouteType::Broadcast
            || type == RouteType::Nat || type == RouteType::Anycast;
        const std::uint32_t table = o.table ? *o.table : (localTable ? kTableLocal : kTableMain);
        Scope scope = Scope::Universe;
        if (o.scope)
            scope = *o.scope;
        else if (type == RouteType::Local || type == RouteType::Nat)
            scope = Scope::Host;
        else if (type == RouteType::Broadcast || type == RouteType::Multicast || type == RouteType::Anycast)
            scope = Scope::Link;
        else if (type == RouteType::Unicast && !o.via)
            scope = Scope::Link;

        // rtm_to_fib_config()
        if (o.tos & 3)
            return extack("Invalid dsfield (tos): ECN bits must be 0");
        newTable(*n, table == 0 ? kTableMain : table);
        // fib_table_insert(): fib_valid_key_len()
        if (o.dst.hasHostBits())
            return extack("Invalid prefix for given prefix length");

        Route r;
        r.table = table == 0 ? kTableMain : table;
        r.dst = o.dst;
        r.tos = o.tos;
        r.metric = o.metric.value_or(0);
        r.type = type;
        r.proto = o.proto.value_or(kProtoBoot);
        r.scope = scope;
        r.prefsrc = o.src;
        r.gateway = o.via;
        r.dev = oif;
        r.onlink = o.onlink;

        // fib_create_info()
        if (propsScope(type) > std::uint8_t(scope))
            return extack("Invalid scope");
        if (detail::isErrorType(type)) {
            if (o.via || oif)
                return extack("Gateway, device and multipath can not be specified for this route type");
            r.nhScope = Scope::Link;
        } else {
            if (type != RouteType::Unicast && type != RouteType::Local && type != RouteType::Broadcast
                && type != RouteType::Anycast && type != RouteType::Multicast)
                return extack("Invalid route type");
            if (std::uint8_t(scope) > std::uint8_t(Scope::Host))
                return extack("Invalid scope");
            if (scope == Scope::Host) {
                if (o.via)
                    return extack("Route with host scope can not have a gateway");
                if (!oif)
                    return rtnl("No such device");
                r.nhScope = Scope::Host;
            } else if (o.via) {
                if (Result e = checkGateway(*n, r, scope, oif); !e.ok())
                    return e;
            } else {
                // fib_check_nh_nongw()
                if (o.onlink)
                    return extack("Invalid flags for nexthop - PERVASIVE and ONLINK can not be set");
                if (!oif)
                    return rtnl("No such device");
                if (!n->deviceByIndex(oif)->adminUp)
                    return extack("Device for nexthop is not up");
                r.nhScope = Scope::Host;
            }
            if (o.src && !validPrefsrc(*n, r))
                return extack("Invalid prefsrc address");
        }

        NlFlags f;
        switch (o.cmd) {
        case RouteCmd::Add: f = {true, true, false, false}; break;
        case RouteCmd::Replace: f = {true, false, true, false}; break;
        case RouteCmd::Append: f = {true, false, false, true}; break;
        case RouteCmd::Prepend: f = {true, false, false, false}; break;
        case RouteCmd::Change: f = {false, false, true, false}; break;
        case RouteCmd::Del: break;
        }
        switch (fibInsert(*n, r, f)) {
        case InsertStatus::Exists: return rtnl("File exists");
        case InsertStatus::NoEntry: return rtnl("No such file or directory");
        case InsertStatus::Ok: break;
        }
        if (type == RouteType::Local && r.proto != kProtoKernel)
            n->customLocalRoutes = true;
        return okResult();
    }

    // fib_check_nh_v4_gw()
    Result checkGateway(const Namespace &n, Route &r, Scope scope, int oif)
    {
        const Ipv4 gw = *r.gateway;
        if (r.onlink) {
            if (std::uint8_t(scope) >= std::uint8_t(Scope::Link))
                return extack("Nexthop has invalid scope");
            if (!oif)
                return extack("Nexthop device required for onlink");
            if (!n.deviceByIndex(oif)->adminUp)
                return extack("Nexthop device is not up");
            if (detail::addrType(n, gw) != RouteType::Unicast)
                return extack("Nexthop has invalid gateway");
            r.nhScope = Scope::Link;
            return okResult();
        }
        LookupOptions opts;
        opts.minScope = Scope(std::max<int>(int(std::uint8_t(scope)) + 1, int(std::uint8_t(Scope::Link))));
        opts.outDev = oif;
        opts.ignoreLinkState = true;
        FibResult res;
        if (r.table != kTableMain && r.table != kTableLocal) {
            opts.table = r.table;
            res = fibLookup(n, gw, opts);
            opts.table = 0;
        }
        if (res.kind != FibResult::Kind::Found || detail::isErrorType(res.route->type))
            res = fibLookup(n, gw, opts);
        if (res.kind != FibResult::Kind::Found || detail::isErrorType(res.route->type))
            return extack("Nexthop has invalid gateway");
        const Route &via = *res.route;
        if (via.type != RouteType::Unicast && via.type != RouteType::Local)
            return extack("Nexthop has invalid gateway");
        r.nhScope = via.scope;
        r.dev = via.dev;
        const Device *d = n.deviceByIndex(via.dev);
        if (!d)
            return extack("No egress device for nexthop gateway");
        if (!d->adminUp)
            return rtnl("Network is down");
        return okResult();
    }

    // fib_valid_prefsrc()
    bool validPrefsrc(const Namespace &n, const Route &r) const
    {
        const Ipv4 src = *r.prefsrc;
        if (r.type == RouteType::Local && !r.dst.addr.isZero() && src == r.dst.addr)
            return true;
        std::uint32_t tb = r.table == kTableMain ? kTableLocal : r.table;
        RouteType t = detail::addrType(n, src, tb == kTableLocal ? 0 : tb);
        if (t != RouteType::Local && tb != kTableLocal)
            t = detail::addrType(n, src);
        return t == RouteType::Local;
    }

    Result routeDel(Namespace &n, const RouteOp &o, int oif)
    {
        if (o.tos & 3)
            return extack("Invalid dsfield (tos): ECN bits must be 0");
        DelSpec s;
        const RouteType type = o.type.value_or(RouteType::Unicast);
        const bool localTable = o.type
            && (type == RouteType::Local || type == RouteType::Broadcast || type == RouteType::Nat
                || type == RouteType::Anycast);
        s.table = o.table ? *o.table : (localTable ? kTableLocal : kTableMain);
        if (s.table == 0)
            s.table = kTableMain;
        s.dst = o.dst;
        s.tos = o.tos;
        s.type = o.type;
        if (o.scope)
            s.scope = *o.scope;
        else if (o.type && (type == RouteType::Local || type == RouteType::Nat))
            s.scope = Scope::Host;
        else if (o.type && (type == RouteType::Broadcast || type == RouteType::Multicast || type == RouteType::Anycast))
            s.scope = Scope::Link;
        else
            s.scope = Scope::Nowhere;
        s.prefsrc = o.src;
        s.proto = o.proto.value_or(0);
        s.metric = o.metric.value_or(0);
        s.oif = oif;
        s.gateway = o.via;
        if (!n.hasTable(s.table))
            return extack("FIB table does not exist");
        if (o.dst.hasHostBits())
            return extack("Invalid prefix for given prefix length");
        if (!fibDelete(n, s))
            return rtnl("No such process");
        return okResult();
    }

    Result run(const RouteFlush &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        int oif = 0;
        if (o.dev) {
            const Device *d = n->device(*o.dev);
            if (!d)
                return noDevice(*o.dev);
            oif = d->ifindex;
        }
        const std::uint32_t table = o.table.value_or(kTableMain);
        if (table != 0 && !n->hasTable(table))
            return failure(2, "Error: ipv4: FIB table does not exist.\nFlush terminated\n");
        std::erase_if(n->routes, [&](const Route &r) {
            if (table != 0 && r.table != table)
                return false;
            if (oif && r.dev != oif)
                return false;
            if (o.dst && (r.dst.len != o.dst->len || ((r.dst.addr.v ^ o.dst->addr.v) & maskOf(r.dst.len))))
                return false;
            return true;
        });
        return okResult();
    }

    // ---- neighbours ------------------------------------------------------------------------

    Result run(const NeighProxy &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        const Device *d = n->device(o.dev);
        if (!d)
            return noDevice(o.dev);
        auto it = std::find_if(n->proxies.begin(), n->proxies.end(), [&](const ProxyEntry &e) {
            return e.addr == o.addr && e.dev == d->ifindex;
        });
        if (o.add) {
            if (it == n->proxies.end()) // pneigh_lookup(creat): adding twice is fine
                n->proxies.push_back(ProxyEntry{o.addr, d->ifindex});
            return okResult();
        }
        if (it == n->proxies.end())
            return rtnl("No such file or directory");
        n->proxies.erase(it);
        return okResult();
    }

    Result run(const NeighAdd &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        const Device *d = n->device(o.dev);
        if (!d)
            return noDevice(o.dev);
        // The op stands for add and replace alike: the entry ends up as given.
        for (NeighEntry &e : n->neighbours) {
            if (e.addr == o.addr && e.dev == d->ifindex) {
                e.lladdr = o.lladdr;
                return okResult();
            }
        }
        n->neighbours.push_back(NeighEntry{o.addr, o.lladdr, d->ifindex});
        return okResult();
    }

    // ---- sysctls ---------------------------------------------------------------------------

    Result run(const SysctlSet &o)
    {
        Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        // Split "net.ipv4.conf.DEV.OPT" (or the slash form); in the dotted form a '/' inside a
        // component stands for a '.' in the name (procps sysctl).
        std::vector<std::string> parts;
        const bool slashForm = o.key.find('/') != std::string::npos && o.key.find('.') == std::string::npos;
        {
            std::string cur;
            for (char c : o.key) {
                if (c == (slashForm ? '/' : '.')) {
                    parts.push_back(cur);
                    cur.clear();
                } else {
                    cur += (!slashForm && c == '/') ? '.' : c;
                }
            }
            parts.push_back(cur);
        }
        std::string dotted;
        std::string path = "/proc/sys";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            std::string p = parts[i];
            path += '/' + p;
            std::replace(p.begin(), p.end(), '.', '/');
            dotted += (i ? "." : "") + p;
        }
        auto cannotStat = [&]() {
            return failure(1, "sysctl: cannot stat " + path + ": No such file or directory\n");
        };
        if (o.key.empty())
            return failure(1, "sysctl: Path is not under /proc/sys/: /proc/sys/\n");
        // procps writes directories and read-only files, reports EINVAL and still exits 0.
        auto notWritable = [&]() {
            Result r;
            r.err = "sysctl: setting key \"" + dotted + "\": Invalid argument\n";
            return r;
        };
        if (parts.size() == 1 && parts[0] == "net")
            return notWritable();
        if (parts.size() >= 2 && parts[0] == "net" && parts[1] == "ipv4") {
            const bool dirLevel = parts.size() == 2
                || (parts.size() == 3 && (parts[2] == "conf" || parts[2] == "neigh" || parts[2] == "route"));
            if (dirLevel)
                return notWritable();
            if (parts.size() == 4 && (parts[2] == "conf" || parts[2] == "neigh")) {
                const bool special = parts[3] == "all" || parts[3] == "default";
                if ((parts[2] == "conf" && special) || n->device(parts[3]))
                    return notWritable();
                return cannotStat();
            }
            if (parts.size() == 5 && parts[2] == "conf" && parts[4] == "mc_forwarding"
                && (parts[3] == "all" || parts[3] == "default" || n->device(parts[3])))
                return notWritable();
        }
        if (parts.size() < 2 || parts[0] != "net" || parts[1] != "ipv4") {
            // outside what the emulator models: accepted unchanged
            return okResult(dotted + " = " + trimmed(o.value) + '\n');
        }
        int value = 0;
        const bool isInt = parseInt(o.value, value);
        auto invalid = [&]() {
            return failure(1, "sysctl: setting key \"" + dotted + "\": Invalid argument\n");
        };
        const std::string out = dotted + " = " + trimmed(o.value) + '\n';
        if (parts.size() == 3) {
            if (!contains(kIpv4Files, parts[2]))
                return cannotStat();
            if (parts[2] == "ip_forward") {
                if (!isInt)
                    return invalid();
                setForwardingAll(*n, value);
            }
            return okResult(out);
        }
        if (parts.size() == 5 && parts[2] == "conf") {
            const std::string &devName = parts[3];
            const std::string &opt = parts[4];
            Device *d = nullptr;
            if (devName != "all" && devName != "default" && !(d = n->device(devName)))
                return cannotStat();
            if (!contains(kConfFiles, opt))
                return cannotStat();
            if (!isInt)
                return invalid();
            const auto known = devOptFromName(opt);
            if (!known)
                return okResult(out);
            const auto i = std::size_t(*known);
            if (*known == DevOpt::Forwarding) {
                // devinet_sysctl_forward(): only a change does something
                if (devName == "all")
                    setForwardingAll(*n, value);
                else if (devName == "default")
                    n->dflt.value[i] = value;
                else
                    d->conf.value[i] = value;
                return okResult(out);
            }
            if (*known == DevOpt::PromoteSecondaries || *known == DevOpt::RouteLocalnet) {
                // DEVINET_SYSCTL_FLUSHING_ENTRY (ipv4_doint_and_flush): the value only — no
                // "explicitly set" mark and no copy of default.X to existing devices.
                if (devName == "all")
                    n->all.value[i] = value;
                else if (devName == "default")
                    n->dflt.value[i] = value;
                else
                    d->conf.value[i] = value;
                return okResult(out);
            }
            // devinet_conf_proc()
            if (devName == "all") {
                n->all.value[i] = value;
                n->all.explicitlySet.set(i);
            } else if (devName == "default") {
                n->dflt.value[i] = value;
                n->dflt.explicitlySet.set(i);
                for (Device &x : n->devices) { // devinet_copy_dflt_conf()
                    if (!x.conf.explicitlySet.test(i))
                        x.conf.value[i] = value;
                }
            } else {
                d->conf.value[i] = value;
                d->conf.explicitlySet.set(i);
            }
            return okResult(out);
        }
        if (parts.size() == 4 && parts[2] == "route") {
            // /proc/sys/net/ipv4/route of a non-initial namespace
            static constexpr std::string_view kRoute[] = {"flush", "min_adv_mss", "min_pmtu", "mtu_expires"};
            if (!contains(kRoute, parts[3]))
                return cannotStat();
            if (!isInt)
                return invalid();
            return okResult(out);
        }
        if (parts.size() == 5 && parts[2] == "neigh") {
            const std::string &devName = parts[3];
            Device *d = nullptr;
            if (devName == "default") {
                if (n->named) // no neigh/default outside the initial namespace
                    return cannotStat();
            } else if (!(d = n->device(devName))) {
                return cannotStat();
            }
            if (!contains(kNeighFiles, parts[4]))
                return cannotStat();
            if (!isInt)
                return invalid();
            if (parts[4] == "proxy_delay") {
                // proc_dointvec_userhz_jiffies with HZ=250: stored in jiffies, read back in
                // USER_HZ (5 → 12 jiffies → 4). The field keeps what a read returns.
                const long long jiffies = (long long)value * 250 / 100;
                const int cs = int(jiffies * 100 / 250);
                if (d)
                    d->proxyDelay = cs;
                else
                    m_k.m_neighDefaultProxyDelay = cs;
            }
            return okResult(out);
        }
        return cannotStat();
    }

    static std::string trimmed(std::string_view v)
    {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n'))
            v.remove_suffix(1);
        return std::string(v);
    }

    // net.ipv4.ip_forward / conf.all.forwarding: inet_forward_change() when the value changes.
    void setForwardingAll(Namespace &n, int value)
    {
        const auto i = std::size_t(DevOpt::Forwarding);
        if (n.all.value[i] == value)
            return;
        n.all.value[i] = value;
        n.all.value[std::size_t(DevOpt::AcceptRedirects)] = value ? 0 : 1;
        n.dflt.value[i] = value;
        for (Device &d : n.devices) {
            d.conf.value[i] = value;
            d.conf.explicitlySet.set(i);
        }
    }

    // ---- queries ---------------------------------------------------------------------------

    Result run(const RouteShow &o)
    {
        const Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        // `ip route show` filters main in user space; other tables are asked from the kernel.
        if (o.table != kTableMain && o.table != 0 && !n->hasTable(o.table))
            return failure(2, "Error: ipv4: FIB table does not exist.\nDump terminated\n");
        return okResult(m_k.routeShow(o.ns, o.table));
    }

    Result run(const RouteGet &o)
    {
        if (!find(o.ns))
            return noNetns(o.ns);
        return m_k.routeGet(o);
    }

    Result run(const AddrShow &o)
    {
        const Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        if (o.dev && !n->device(*o.dev))
            return failure(1, "Device \"" + *o.dev + "\" does not exist.\n");
        return okResult(m_k.addrShow(o.ns, o.dev ? std::optional<std::string_view>(*o.dev) : std::nullopt));
    }

    Result run(const LinkShow &o)
    {
        const Namespace *n = find(o.ns);
        if (!n)
            return noNetns(o.ns);
        if (o.dev && !n->device(*o.dev))
            return failure(1, "Device \"" + *o.dev + "\" does not exist.\n");
        return okResult(m_k.linkShow(o.ns, o.dev ? std::optional<std::string_view>(*o.dev) : std::nullopt));
    }

    Result run(const Rejected &o)
    {
        if (!o.ns.empty() && !find(o.ns))
            return noNetns(o.ns);
        return failure(o.exitCode, o.stderrText);
    }
};

Kernel::Kernel(Profile profile, std::string rootName)
    : m_profile(std::move(profile)), m_rootName(std::move(rootName))
{
}

Result Kernel::apply(const Op &op)
{
    return KernelMutator(*this).apply(op);
}

const Namespace *Kernel::ns(std::string_view name) const
{
    auto it = m_namespaces.find(name);
    return it == m_namespaces.end() ? nullptr : &it->second;
}

} // namespace nslab::kernel
