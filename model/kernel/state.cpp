#include "kernel/state.h"

#include <algorithm>
#include <utility>

namespace nslab::kernel {

namespace {
constexpr std::string_view kDevOptNames[kDevOptCount] = {
    "forwarding",     "rp_filter",        "proxy_arp",       "proxy_arp_pvlan",
    "arp_ignore",     "arp_announce",     "arp_filter",      "arp_accept",
    "accept_local",   "accept_redirects", "send_redirects",  "secure_redirects",
    "shared_media",   "promote_secondaries", "ignore_routes_with_linkdown", "route_localnet",
};
}

std::optional<DevOpt> devOptFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kDevOptCount; ++i) {
        if (kDevOptNames[i] == name)
            return DevOpt(i);
    }
    return std::nullopt;
}

std::string_view devOptName(DevOpt opt)
{
    const auto i = std::size_t(opt);
    return i < kDevOptCount ? kDevOptNames[i] : std::string_view();
}

Profile Profile::kernelDefaults()
{
    // devinet.c ipv4_devconf / ipv4_devconf_dflt: the compiled-in values of the initial namespace.
    DevConf c;
    c.value[std::size_t(DevOpt::AcceptRedirects)] = 1;
    c.value[std::size_t(DevOpt::SendRedirects)] = 1;
    c.value[std::size_t(DevOpt::SecureRedirects)] = 1;
    c.value[std::size_t(DevOpt::SharedMedia)] = 1;
    Profile p;
    p.all = c;
    p.dflt = c;
    return p;
}

const Device *Namespace::device(std::string_view devName) const
{
    for (const auto &d : devices) {
        if (d.name == devName)
            return &d;
    }
    return nullptr;
}

const Device *Namespace::deviceByIndex(int ifindex) const
{
    if (ifindex <= 0)
        return nullptr;
    for (const auto &d : devices) {
        if (d.ifindex == ifindex)
            return &d;
    }
    return nullptr;
}

Device *Namespace::device(std::string_view devName)
{
    return const_cast<Device *>(std::as_const(*this).device(devName));
}

Device *Namespace::deviceByIndex(int ifindex)
{
    return const_cast<Device *>(std::as_const(*this).deviceByIndex(ifindex));
}

int Namespace::effective(const Device &dev, DevOpt opt) const
{
    // include/linux/inetdevice.h: IN_DEV_{MAX,OR,AND}CONF per option.
    const int d = dev.conf.get(opt);
    const int a = all.get(opt);
    switch (opt) {
    case DevOpt::RpFilter:
    case DevOpt::ArpIgnore:
    case DevOpt::ArpAnnounce:
    case DevOpt::ArpAccept:
        return std::max(a, d);
    case DevOpt::ArpFilter:
    case DevOpt::ProxyArp:
    case DevOpt::AcceptLocal:
    case DevOpt::SendRedirects:
    case DevOpt::SecureRedirects:
    case DevOpt::SharedMedia:
    case DevOpt::RouteLocalnet:
    case DevOpt::PromoteSecondaries:
    case DevOpt::ProxyArpPvlan:            // ORCONF since Linux 5.11 (not device-only)
    case DevOpt::IgnoreRoutesWithLinkdown: // ORCONF since Linux 5.10 (checked: all=1 → dead)
        return (a || d) ? 1 : 0;
    case DevOpt::AcceptRedirects:
        // IN_DEV_RX_REDIRECTS: a forwarding device needs both, a host either.
        if (dev.conf.get(DevOpt::Forwarding))
            return (a && d) ? 1 : 0;
        return (a || d) ? 1 : 0;
    case DevOpt::Forwarding:
    case DevOpt::Count:
        break;
    }
    return d;
}

bool Namespace::hasTable(std::uint32_t id) const
{
    return std::find(tables.begin(), tables.end(), id) != tables.end();
}

bool Namespace::linkdown(const Route &r) const
{
    // Host-scope routes never go through fib_check_nh and fib_sync_down_dev skips them, so they
    // never carry RTNH_F_LINKDOWN; every other nexthop does while its device lacks carrier.
    if (r.dev == 0 || r.scope == Scope::Host)
        return false;
    const Device *d = deviceByIndex(r.dev);
    return d && d->adminUp && !d->carrier;
}

bool Namespace::dead(const Route &r) const
{
    if (!linkdown(r))
        return false;
    const Device *d = deviceByIndex(r.dev);
    return d && effective(*d, DevOpt::IgnoreRoutesWithLinkdown) != 0;
}

} // namespace nslab::kernel
