// The lab file (format "nslab", version 1). Layout, in the order it is written:
//
// {
//   "format": "nslab", "version": 1, "title": "...", "description": "...",
//   "nodes": [
//     { "name": "a", "kind": "host|netns|lan|router", "host": "NAME", "x": 0, "y": 0, "note": "...",
//       "lo": {"up": false, "addresses": ["10.7.0.1/24"]},                  (omitted: up, no extra address)
//       "sysctls": [{"net.ipv4.ip_forward": 1}, {"net.ipv4.conf.all.rp_filter": 2}],   (in write order)
//       "interfaces": [{"name": "veth1a", "kind": "veth|bridge|dummy", "up": false, "mtu": 1400,
//                       "mac": "02:00:00:00:00:01", "master": "br0",
//                       "addresses": ["10.0.0.1/24", {"local": "10.0.3.1/32", "peer": "10.0.3.2/32",
//                                      "scope": "link", "noprefixroute": true, "broadcast": "10.0.3.255"}],
//                       "sysctls": {"proxy_arp": 1, "proxy_delay": 0}}],
//       "routes": [{"type": "blackhole", "dst": "default", "tos": 16, "via": "10.0.0.2", "dev": "eth0",
//                   "src": "10.0.0.1", "metric": 100, "scope": "link", "proto": "static",
//                   "table": "main", "onlink": true}],                       (only the fields set)
//       "deletedKernelRoutes": ["10.10.0.2/24"],
//       "deletedRoutes": [{"type": "broadcast", "dst": "10.1.0.255", "dev": "v1", "table": "local", ...}],
//       "neighbours": [{"addr": "169.254.1.1", "dev": "cali1", "proxy": true},
//                      {"addr": "10.0.0.9", "dev": "eth0", "lladdr": "02:00:00:00:00:09"}] }
//   ],
//   "links": [{"a": {"node": "a", "interface": "vetha1"}, "b": {"node": "netns01", "interface": "veth1a"}}]
// }
#include "io/labfile.h"

#include "io/jsonwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>

namespace nslab::model::io {

namespace {

constexpr std::size_t kMaxErrors = 100;
constexpr std::size_t kMaxNodeName = 64;
constexpr std::size_t kMaxIfName = 15; // IFNAMSIZ - 1

// Per-device IPv4 options (net.ipv4.conf.DEV.X) plus the neighbour option nslab sets per device.
const std::set<std::string, std::less<>> &deviceOptionNames()
{
    static const std::set<std::string, std::less<>> names{
        "forwarding", "rp_filter", "proxy_arp", "proxy_arp_pvlan", "arp_ignore", "arp_announce",
        "arp_filter", "arp_accept", "accept_local", "accept_redirects", "send_redirects",
        "secure_redirects", "shared_media", "promote_secondaries", "ignore_routes_with_linkdown",
        "route_localnet", "proxy_delay"};
    return names;
}

std::string dq(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string str(const QString &s) { return s.toStdString(); }

class Validator
{
public:
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;

    void error(const std::string &where, std::string message)
    {
        if (errors.size() < kMaxErrors)
            errors.push_back({where, std::move(message)});
    }
    void warning(const std::string &where, std::string message) { warnings.push_back({where, std::move(message)}); }

    // Unknown keys are errors: a typo ("adresses") would otherwise silently lose data.
    void checkKeys(const QJsonObject &obj, const std::string &path, std::initializer_list<const char *> allowed)
    {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool known = false;
            for (const char *k : allowed)
                if (it.key() == QLatin1String(k))
                    known = true;
            if (!known) {
                std::string list;
                for (const char *k : allowed)
                    list += (list.empty() ? "" : ", ") + std::string(k);
                error(path + "." + str(it.key()), "unknown key " + dq(str(it.key())) + " (expected one of: " + list + ")");
            }
        }
    }

    std::optional<std::string> string(const QJsonObject &obj, const char *key, const std::string &path, bool required)
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (required)
                error(path, std::string("missing ") + dq(key));
            return std::nullopt;
        }
        if (!v.isString()) {
            error(path + "." + key, "expected a string");
            return std::nullopt;
        }
        return str(v.toString());
    }

    std::optional<bool> boolean(const QJsonObject &obj, const char *key, const std::string &path)
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            error(path + "." + key, "expected true or false");
            return std::nullopt;
        }
        return v.toBool();
    }

    std::optional<long long> integer(const QJsonValue &v, const std::string &where, long long lo, long long hi)
    {
        if (!v.isDouble()) {
            error(where, "expected an integer");
            return std::nullopt;
        }
        const double d = v.toDouble();
        if (d != std::floor(d)) {
            error(where, "expected an integer, not " + QByteArray::number(d).toStdString());
            return std::nullopt;
        }
        if (d < double(lo) || d > double(hi)) {
            error(where, "out of range: " + QByteArray::number(d, 'f', 0).toStdString() + " (allowed " + std::to_string(lo)
                             + ".." + std::to_string(hi) + ")");
            return std::nullopt;
        }
        return static_cast<long long>(d);
    }

    std::optional<long long> integer(const QJsonObject &obj, const char *key, const std::string &path, long long lo,
                                     long long hi)
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined())
            return std::nullopt;
        return integer(v, path + "." + key, lo, hi);
    }

    std::optional<double> number(const QJsonObject &obj, const char *key, const std::string &path)
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isDouble()) {
            error(path + "." + key, "expected a number");
            return std::nullopt;
        }
        return v.toDouble();
    }

    std::optional<QJsonArray> array(const QJsonObject &obj, const char *key, const std::string &path, bool required = false)
    {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (required)
                error(path, std::string("missing ") + dq(key));
            return std::nullopt;
        }
        if (!v.isArray()) {
            error(path + "." + key, "expected an array");
            return std::nullopt;
        }
        return v.toArray();
    }

    std::optional<QJsonObject> object(const QJsonValue &v, const std::string &where)
    {
        if (!v.isObject()) {
            error(where, "expected an object");
            return std::nullopt;
        }
        return v.toObject();
    }

    std::optional<net::Ipv4> ipv4(const QJsonObject &obj, const char *key, const std::string &path, bool required)
    {
        const auto text = string(obj, key, path, required);
        if (!text)
            return std::nullopt;
        const auto a = net::Ipv4::parse(*text);
        if (!a)
            error(path + "." + key, dq(*text) + " is not an IPv4 address (expected A.B.C.D)");
        return a;
    }

    std::optional<net::Prefix> prefix(const std::string &text, const std::string &where)
    {
        const auto p = net::Prefix::parse(text);
        if (!p)
            error(where, dq(text) + " is not an IPv4 address with prefix length (expected A.B.C.D/N, N 0..32)");
        return p;
    }

    std::optional<net::Mac> mac(const QJsonObject &obj, const char *key, const std::string &path)
    {
        const auto text = string(obj, key, path, false);
        if (!text)
            return std::nullopt;
        const auto m = net::Mac::parse(*text);
        if (!m)
            error(path + "." + key, dq(*text) + " is not a MAC address (expected xx:xx:xx:xx:xx:xx)");
        return m;
    }
};

std::optional<ops::Scope> scopeFromName(std::string_view s)
{
    if (s == "global" || s == "universe")
        return ops::Scope::Universe;
    if (s == "site")
        return ops::Scope::Site;
    if (s == "link")
        return ops::Scope::Link;
    if (s == "host")
        return ops::Scope::Host;
    if (s == "nowhere")
        return ops::Scope::Nowhere;
    return std::nullopt;
}

std::string scopeName(ops::Scope s)
{
    switch (s) {
    case ops::Scope::Universe: return "global";
    case ops::Scope::Site: return "site";
    case ops::Scope::Link: return "link";
    case ops::Scope::Host: return "host";
    case ops::Scope::Nowhere: return "nowhere";
    }
    return std::to_string(int(s));
}

constexpr std::pair<ops::RouteType, const char *> kRouteTypes[] = {
    {ops::RouteType::Unicast, "unicast"},     {ops::RouteType::Local, "local"},
    {ops::RouteType::Broadcast, "broadcast"}, {ops::RouteType::Anycast, "anycast"},
    {ops::RouteType::Multicast, "multicast"}, {ops::RouteType::Blackhole, "blackhole"},
    {ops::RouteType::Unreachable, "unreachable"}, {ops::RouteType::Prohibit, "prohibit"},
    {ops::RouteType::Throw, "throw"},         {ops::RouteType::Nat, "nat"},
};

std::string routeTypeName(ops::RouteType t)
{
    for (const auto &[type, name] : kRouteTypes)
        if (type == t)
            return name;
    return "unicast";
}

constexpr std::pair<std::uint8_t, const char *> kProtos[] = {
    {1, "redirect"}, {2, "kernel"}, {3, "boot"}, {4, "static"}, {9, "ra"}, {16, "dhcp"},
};

std::string ifaceKindName(InterfaceKind k)
{
    switch (k) {
    case InterfaceKind::Veth: return "veth";
    case InterfaceKind::Bridge: return "bridge";
    case InterfaceKind::Dummy: return "dummy";
    }
    return "veth";
}

// Namespace names become file names under /run/netns and words in exported scripts.
std::optional<std::string> nodeNameProblem(const std::string &name)
{
    if (name.empty())
        return "a node name cannot be empty";
    if (name.size() > kMaxNodeName)
        return "node name " + dq(name) + " is longer than " + std::to_string(kMaxNodeName) + " characters";
    if (name == "." || name == "..")
        return "node name cannot be " + dq(name);
    if (name.front() == '-')
        return "node name " + dq(name) + " cannot start with '-'";
    // What `ip netns add` accepts, minus what would make a namespace name hard to type: exported
    // scripts quote anything unusual, but whitespace would split `nslab-cli nodes` output.
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '/')
            return "node name " + dq(name) + " cannot contain '/'";
        if (u <= 0x20 || u == 0x7f)
            return "node name " + dq(name) + " cannot contain whitespace or control characters";
    }
    return std::nullopt;
}

// The kernel's dev_valid_name() plus what a shell script can carry unquoted.
std::optional<std::string> ifaceNameProblem(const std::string &name)
{
    if (name.empty())
        return "an interface name cannot be empty";
    if (name.size() > kMaxIfName)
        return "interface name " + dq(name) + " is longer than 15 characters (the kernel's limit)";
    if (name == "." || name == "..")
        return "interface name cannot be " + dq(name);
    for (const char c : name) {
        if (c == '/' || c == ':')
            return "interface name " + dq(name) + " cannot contain '" + std::string(1, c) + "'";
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
            return "interface name " + dq(name) + " cannot contain whitespace";
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '_' || c == '.' || c == '@' || c == '+' || c == '=' || c == ',' || c == '%';
        if (!ok)
            return "interface name " + dq(name) + " contains '" + std::string(1, c)
                   + "' (use letters, digits and - _ . @ + = , %)";
    }
    return std::nullopt;
}

std::string lineColumn(const QByteArray &json, int offset)
{
    int line = 1, col = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        const auto c = static_cast<unsigned char>(json[i]);
        if (c == '\n') {
            ++line;
            col = 1;
        } else if ((c & 0xc0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

std::optional<AddressSpec> parseAddress(Validator &v, const QJsonValue &val, const std::string &where)
{
    if (val.isString())
        return [&]() -> std::optional<AddressSpec> {
            const auto p = v.prefix(str(val.toString()), where);
            if (!p)
                return std::nullopt;
            return AddressSpec{*p, std::nullopt, std::nullopt, false, std::nullopt};
        }();
    if (!val.isObject()) {
        v.error(where, "expected an address: \"A.B.C.D/N\" or {\"local\": ..., \"peer\": ..., \"scope\": ..., "
                       "\"noprefixroute\": ..., \"broadcast\": ...}");
        return std::nullopt;
    }
    const auto obj = std::optional<QJsonObject>(val.toObject());
    v.checkKeys(*obj, where, {"local", "peer", "scope", "noprefixroute", "broadcast"});
    AddressSpec spec;
    bool ok = true;
    if (const auto local = v.string(*obj, "local", where, true)) {
        if (const auto p = v.prefix(*local, where + ".local"))
            spec.local = *p;
        else
            ok = false;
    } else {
        ok = false;
    }
    if (const auto peer = v.string(*obj, "peer", where, false)) {
        if (const auto p = v.prefix(*peer, where + ".peer"))
            spec.peer = *p;
        else
            ok = false;
    }
    if (const auto scope = v.string(*obj, "scope", where, false)) {
        if (const auto s = scopeFromName(*scope))
            spec.scope = *s;
        else {
            v.error(where + ".scope", "unknown scope " + dq(*scope) + " (global, site, link, host)");
            ok = false;
        }
    }
    if (const auto b = v.boolean(*obj, "noprefixroute", where))
        spec.noprefixroute = *b;
    if (obj->contains(QLatin1String("broadcast"))) {
        if (const auto b = v.ipv4(*obj, "broadcast", where, false))
            spec.broadcast = *b;
        else
            ok = false;
    }
    if (!ok)
        return std::nullopt;
    return spec;
}

bool sameAddress(const AddressSpec &a, const AddressSpec &b) { return a.local == b.local && a.peer == b.peer; }

struct NodeRefs {
    std::string host;              // as written, resolved after all nodes are known
    std::string hostWhere;
};

std::optional<Node> parseNode(Validator &v, const QJsonValue &val, const std::string &path, NodeRefs &refs)
{
    const auto obj = v.object(val, path);
    if (!obj)
        return std::nullopt;
    const std::size_t errorsBefore = v.errors.size();
    v.checkKeys(*obj, path, {"name", "kind", "host", "x", "y", "note", "lo", "sysctls", "interfaces", "routes",
                              "deletedKernelRoutes", "deletedRoutes", "neighbours"});
    Node node;
    if (const auto name = v.string(*obj, "name", path, true)) {
        node.name = *name;
        if (const auto problem = nodeNameProblem(*name))
            v.error(path + ".name", *problem);
    }
    if (const auto kind = v.string(*obj, "kind", path, false)) {
        if (const auto k = nodeKindFromName(*kind))
            node.kind = *k;
        else
            v.error(path + ".kind", "unknown node kind " + dq(*kind) + " (host, netns, lan, router)");
    }
    if (const auto host = v.string(*obj, "host", path, false)) {
        refs.host = *host;
        refs.hostWhere = path + ".host";
    }
    if (const auto x = v.number(*obj, "x", path))
        node.x = *x;
    if (const auto y = v.number(*obj, "y", path))
        node.y = *y;
    if (const auto note = v.string(*obj, "note", path, false))
        node.note = *note;

    // lo
    if (obj->contains(QLatin1String("lo"))) {
        const std::string where = path + ".lo";
        if (const auto lo = v.object(obj->value(QLatin1String("lo")), where)) {
            v.checkKeys(*lo, where, {"up", "addresses"});
            if (const auto up = v.boolean(*lo, "up", where))
                node.loUp = *up;
            if (const auto addrs = v.array(*lo, "addresses", where)) {
                for (qsizetype i = 0; i < addrs->size(); ++i) {
                    const std::string aw = where + ".addresses[" + std::to_string(i) + "]";
                    if (auto a = parseAddress(v, addrs->at(i), aw)) {
                        for (const auto &prev : node.loAddresses)
                            if (sameAddress(prev, *a))
                                v.error(aw, "duplicate address " + a->local.toString() + " on lo");
                        node.loAddresses.push_back(*a);
                    }
                }
            }
        }
    }

    // Namespace-wide sysctls, an ordered list of one-member objects.
    if (const auto sysctls = v.array(*obj, "sysctls", path)) {
        for (qsizetype i = 0; i < sysctls->size(); ++i) {
            const std::string where = path + ".sysctls[" + std::to_string(i) + "]";
            const auto entry = v.object(sysctls->at(i), where);
            if (!entry)
                continue;
            if (entry->size() != 1) {
                v.error(where, "expected one {\"KEY\": VALUE} pair, e.g. {\"net.ipv4.ip_forward\": 1}");
                continue;
            }
            const std::string key = str(entry->begin().key());
            const std::string kw = where + "." + key;
            const auto value = v.integer(entry->begin().value(), kw, std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max());
            bool keyOk = key == "net.ipv4.ip_forward";
            for (const char *scopePrefix : {"net.ipv4.conf.all.", "net.ipv4.conf.default.", "net.ipv4.conf.lo."}) {
                const std::string sp = scopePrefix;
                if (key.rfind(sp, 0) == 0) {
                    const std::string opt = key.substr(sp.size());
                    keyOk = opt != "proxy_delay" && deviceOptionNames().count(opt) > 0;
                }
            }
            if (key == "net.ipv4.neigh.lo.proxy_delay")
                keyOk = true;
            if (!keyOk) {
                v.error(kw, "unsupported namespace sysctl " + dq(key)
                                + " (net.ipv4.ip_forward, net.ipv4.conf.{all,default,lo}.OPTION; per-interface "
                                  "values go in the interface's \"sysctls\")");
                continue;
            }
            if (value)
                node.sysctls.emplace_back(key, int(*value));
        }
    }

    // Interfaces
    std::set<std::string, std::less<>> ifNames;
    std::vector<std::pair<std::string, std::string>> masters; // (master, where)
    if (const auto ifaces = v.array(*obj, "interfaces", path)) {
        for (qsizetype i = 0; i < ifaces->size(); ++i) {
            const std::string where = path + ".interfaces[" + std::to_string(i) + "]";
            const auto io = v.object(ifaces->at(i), where);
            if (!io)
                continue;
            v.checkKeys(*io, where, {"name", "kind", "up", "mtu", "mac", "master", "addresses", "sysctls"});
            InterfaceSpec spec;
            if (const auto name = v.string(*io, "name", where, true)) {
                spec.name = *name;
                if (const auto problem = ifaceNameProblem(*name))
                    v.error(where + ".name", *problem);
                else if (*name == "lo")
                    v.error(where + ".name", "\"lo\" is the node's loopback: configure it with the node's \"lo\" key");
                else if (!ifNames.insert(*name).second)
                    v.error(where + ".name", "duplicate interface name " + dq(*name) + " in node " + dq(node.name));
            }
            if (const auto kind = v.string(*io, "kind", where, false)) {
                if (*kind == "veth")
                    spec.kind = InterfaceKind::Veth;
                else if (*kind == "bridge")
                    spec.kind = InterfaceKind::Bridge;
                else if (*kind == "dummy")
                    spec.kind = InterfaceKind::Dummy;
                else
                    v.error(where + ".kind", "unknown interface kind " + dq(*kind) + " (veth, bridge, dummy)");
            }
            if (const auto up = v.boolean(*io, "up", where))
                spec.up = *up;
            if (const auto mtu = v.integer(*io, "mtu", where, 0, 65535)) {
                if (*mtu != 0 && *mtu < 68)
                    v.error(where + ".mtu", "an IPv4 interface needs an MTU of at least 68");
                spec.mtu = int(*mtu);
            }
            if (const auto mac = v.mac(*io, "mac", where))
                spec.mac = *mac;
            if (const auto master = v.string(*io, "master", where, false)) {
                spec.master = *master;
                masters.emplace_back(*master, where + ".master");
            }
            if (const auto addrs = v.array(*io, "addresses", where)) {
                for (qsizetype j = 0; j < addrs->size(); ++j) {
                    const std::string aw = where + ".addresses[" + std::to_string(j) + "]";
                    if (auto a = parseAddress(v, addrs->at(j), aw)) {
                        for (const auto &prev : spec.addresses)
                            if (sameAddress(prev, *a))
                                v.error(aw, "duplicate address " + a->local.toString() + " on " + dq(spec.name)
                                                + " (the kernel refuses it: Address already assigned)");
                        spec.addresses.push_back(*a);
                    }
                }
            }
            if (io->contains(QLatin1String("sysctls"))) {
                const std::string sw = where + ".sysctls";
                if (const auto sys = v.object(io->value(QLatin1String("sysctls")), sw)) {
                    for (auto it = sys->begin(); it != sys->end(); ++it) {
                        const std::string opt = str(it.key());
                        if (!deviceOptionNames().count(opt)) {
                            v.error(sw + "." + opt, "unknown interface sysctl " + dq(opt)
                                                        + " (e.g. proxy_arp, rp_filter, forwarding, proxy_delay)");
                            continue;
                        }
                        if (const auto value = v.integer(it.value(), sw + "." + opt, std::numeric_limits<int>::min(),
                                                         std::numeric_limits<int>::max()))
                            spec.sysctls[opt] = int(*value);
                    }
                }
            }
            node.interfaces.push_back(std::move(spec));
        }
    }
    for (const auto &[master, where] : masters) {
        const auto it = std::find_if(node.interfaces.begin(), node.interfaces.end(),
                                     [&](const InterfaceSpec &s) { return s.name == master; });
        if (it == node.interfaces.end())
            v.error(where, "no interface " + dq(master) + " in node " + dq(node.name) + " to enslave to");
        else if (it->kind != InterfaceKind::Bridge)
            v.error(where, dq(master) + " is not a bridge");
    }
    for (const auto &spec : node.interfaces)
        if (!spec.master.empty() && spec.master == spec.name)
            v.error(path, "interface " + dq(spec.name) + " cannot be its own master");

    const auto hasDev = [&](const std::string &dev) { return dev == "lo" || ifNames.count(dev) > 0; };

    // Routes (the user's, and kernel-made ones the user deleted)
    for (const char *listKey : {"routes", "deletedRoutes"}) {
        auto &target = std::string_view(listKey) == "routes" ? node.routes : node.deletedRoutes;
        if (const auto routes = v.array(*obj, listKey, path)) {
            for (qsizetype i = 0; i < routes->size(); ++i) {
                const std::string where = path + "." + listKey + "[" + std::to_string(i) + "]";
                const auto ro = v.object(routes->at(i), where);
                if (!ro)
                    continue;
                v.checkKeys(*ro, where, {"type", "dst", "tos", "via", "dev", "src", "metric", "scope", "proto", "table", "onlink"});
                RouteSpec r;
                if (const auto type = v.string(*ro, "type", where, false)) {
                    bool found = false;
                    for (const auto &[t, name] : kRouteTypes)
                        if (*type == name) {
                            r.type = t;
                            found = true;
                        }
                    if (!found)
                        v.error(where + ".type", "unknown route type " + dq(*type)
                                                     + " (unicast, local, broadcast, blackhole, unreachable, prohibit, throw)");
                }
                if (const auto dst = v.string(*ro, "dst", where, true)) {
                    if (*dst == "default") {
                        r.dst = net::Prefix{net::Ipv4{0}, 0};
                    } else if (const auto p = v.prefix(*dst, where + ".dst")) {
                        if (p->hasHostBits())
                            v.error(where + ".dst", dq(*dst) + " has host bits set (did you mean "
                                                        + net::Prefix{p->network(), p->len}.toRouteString() + "?)");
                        r.dst = *p;
                    }
                }
                if (const auto tos = v.integer(*ro, "tos", where, 0, 255))
                    r.tos = std::uint8_t(*tos);
                r.via = v.ipv4(*ro, "via", where, false);
                if (const auto dev = v.string(*ro, "dev", where, false)) {
                    if (!hasDev(*dev))
                        v.error(where + ".dev", "no interface " + dq(*dev) + " in node " + dq(node.name));
                    r.dev = *dev;
                }
                r.src = v.ipv4(*ro, "src", where, false);
                if (const auto metric = v.integer(*ro, "metric", where, 0, 0xffffffffLL))
                    r.metric = std::uint32_t(*metric);
                if (const auto scope = v.string(*ro, "scope", where, false)) {
                    if (const auto s = scopeFromName(*scope))
                        r.scope = *s;
                    else
                        v.error(where + ".scope", "unknown scope " + dq(*scope) + " (global, site, link, host, nowhere)");
                }
                const QJsonValue proto = ro->value(QLatin1String("proto"));
                if (proto.isString()) {
                    const std::string p = str(proto.toString());
                    bool found = false;
                    for (const auto &[num, name] : kProtos)
                        if (p == name) {
                            r.proto = num;
                            found = true;
                        }
                    if (!found)
                        v.error(where + ".proto", "unknown protocol " + dq(p) + " (kernel, boot, static, or a number 0..255)");
                } else if (!proto.isUndefined()) {
                    if (const auto n = v.integer(proto, where + ".proto", 0, 255))
                        r.proto = std::uint8_t(*n);
                }
                const QJsonValue table = ro->value(QLatin1String("table"));
                if (table.isString()) {
                    const std::string t = str(table.toString());
                    if (t == "main")
                        r.table = ops::kTableMain;
                    else if (t == "local")
                        r.table = ops::kTableLocal;
                    else
                        v.error(where + ".table", "unknown table " + dq(t) + " (main, local, or a number)");
                } else if (!table.isUndefined()) {
                    if (const auto n = v.integer(table, where + ".table", 1, 0xffffffffLL))
                        r.table = std::uint32_t(*n);
                }
                if (const auto onlink = v.boolean(*ro, "onlink", where))
                    r.onlink = *onlink;
                target.push_back(r);
            }
        }
    }

    if (const auto deleted = v.array(*obj, "deletedKernelRoutes", path)) {
        for (qsizetype i = 0; i < deleted->size(); ++i) {
            const std::string where = path + ".deletedKernelRoutes[" + std::to_string(i) + "]";
            if (!deleted->at(i).isString()) {
                v.error(where, "expected an address with prefix length, e.g. \"10.10.0.2/24\"");
                continue;
            }
            const auto p = v.prefix(str(deleted->at(i).toString()), where);
            if (!p)
                continue;
            bool found = false;
            for (const auto &a : node.loAddresses)
                found = found || a.local == *p;
            for (const auto &spec : node.interfaces)
                for (const auto &a : spec.addresses)
                    found = found || a.local == *p;
            if (!found)
                v.error(where, "no address " + p->toString() + " in node " + dq(node.name)
                                   + " (a deleted kernel route is named by the address that made it)");
            node.deletedKernelRoutes.push_back(*p);
        }
    }

    if (const auto neighs = v.array(*obj, "neighbours", path)) {
        for (qsizetype i = 0; i < neighs->size(); ++i) {
            const std::string where = path + ".neighbours[" + std::to_string(i) + "]";
            const auto no = v.object(neighs->at(i), where);
            if (!no)
                continue;
            v.checkKeys(*no, where, {"addr", "dev", "proxy", "lladdr"});
            NeighSpec n;
            if (const auto a = v.ipv4(*no, "addr", where, true))
                n.addr = *a;
            if (const auto dev = v.string(*no, "dev", where, true)) {
                if (!hasDev(*dev))
                    v.error(where + ".dev", "no interface " + dq(*dev) + " in node " + dq(node.name));
                n.dev = *dev;
            }
            n.lladdr = v.mac(*no, "lladdr", where);
            const auto proxy = v.boolean(*no, "proxy", where);
            n.proxy = proxy.value_or(!n.lladdr.has_value());
            if (n.proxy && n.lladdr)
                v.error(where, "a proxy entry has no \"lladdr\"");
            if (!n.proxy && !n.lladdr && !no->value(QLatin1String("lladdr")).isString())
                v.error(where, "a permanent neighbour needs \"lladdr\"");
            node.neighbours.push_back(n);
        }
    }
    if (v.errors.size() != errorsBefore)
        return std::nullopt;
    return node;
}

void parseLinkEnd(Validator &v, const QJsonObject &link, const char *key, const std::string &path,
                  const Topology &topo, LinkEnd &end)
{
    const std::string where = path + "." + key;
    const QJsonValue val = link.value(QLatin1String(key));
    if (val.isUndefined()) {
        v.error(path, std::string("missing ") + dq(key));
        return;
    }
    const auto obj = v.object(val, where);
    if (!obj)
        return;
    v.checkKeys(*obj, where, {"node", "interface"});
    const auto nodeName = v.string(*obj, "node", where, true);
    const auto iface = v.string(*obj, "interface", where, true);
    if (!nodeName || !iface)
        return;
    const Node *node = topo.nodeByName(*nodeName);
    if (!node) {
        v.error(where + ".node", "no node named " + dq(*nodeName));
        return;
    }
    end.node = node->id;
    end.iface = *iface;
    const auto it = std::find_if(node->interfaces.begin(), node->interfaces.end(),
                                 [&](const InterfaceSpec &s) { return s.name == *iface; });
    if (it == node->interfaces.end())
        v.error(where + ".interface", "node " + dq(*nodeName) + " has no interface " + dq(*iface));
    else if (it->kind != InterfaceKind::Veth)
        v.error(where + ".interface", dq(*nodeName + "/" + *iface) + " is a " + ifaceKindName(it->kind)
                                          + ", only veth interfaces are linked");
}

JsonValue addressJson(const AddressSpec &a)
{
    if (!a.peer && !a.scope && !a.noprefixroute && !a.broadcast)
        return JsonValue::string(a.local.toString());
    JsonValue o = JsonValue::object();
    o.add("local", JsonValue::string(a.local.toString()));
    if (a.peer)
        o.add("peer", JsonValue::string(a.peer->toString()));
    if (a.scope)
        o.add("scope", JsonValue::string(scopeName(*a.scope)));
    if (a.noprefixroute)
        o.add("noprefixroute", JsonValue::boolean(true));
    if (a.broadcast)
        o.add("broadcast", JsonValue::string(a.broadcast->toString()));
    return o;
}

JsonValue routeJson(const RouteSpec &r)
{
    JsonValue o = JsonValue::object();
    if (r.type)
        o.add("type", JsonValue::string(routeTypeName(*r.type)));
    o.add("dst", JsonValue::string(r.dst.len == 0 && r.dst.addr.isZero() ? std::string("default") : r.dst.toRouteString()));
    if (r.tos)
        o.add("tos", JsonValue::integer(r.tos));
    if (r.via)
        o.add("via", JsonValue::string(r.via->toString()));
    if (r.dev)
        o.add("dev", JsonValue::string(*r.dev));
    if (r.src)
        o.add("src", JsonValue::string(r.src->toString()));
    if (r.metric)
        o.add("metric", JsonValue::integer(*r.metric));
    if (r.scope)
        o.add("scope", JsonValue::string(scopeName(*r.scope)));
    if (r.proto) {
        std::string name;
        for (const auto &[num, n] : kProtos)
            if (num == *r.proto)
                name = n;
        o.add("proto", name.empty() ? JsonValue::integer(*r.proto) : JsonValue::string(name));
    }
    if (r.table) {
        if (*r.table == ops::kTableMain)
            o.add("table", JsonValue::string("main"));
        else if (*r.table == ops::kTableLocal)
            o.add("table", JsonValue::string("local"));
        else
            o.add("table", JsonValue::integer(*r.table));
    }
    if (r.onlink)
        o.add("onlink", JsonValue::boolean(true));
    return o;
}

} // namespace

LoadResult parseLabJson(const QByteArray &json)
{
    LoadResult result;
    Validator v;
    if (json.trimmed().isEmpty()) {
        result.errors.push_back({"", "the lab file is empty"});
        return result;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        result.errors.push_back({lineColumn(json, pe.offset), "not valid JSON: " + str(pe.errorString())});
        return result;
    }
    if (!doc.isObject()) {
        result.errors.push_back({"$", "expected a JSON object {\"format\": \"nslab\", ...}"});
        return result;
    }
    const QJsonObject root = doc.object();

    // Format and version first: a newer file gets one clear message, not a list of unknown keys.
    const QJsonValue format = root.value(QLatin1String("format"));
    if (format.isUndefined()) {
        result.errors.push_back({"$", "missing \"format\": this is not an nslab lab file"});
        return result;
    }
    if (format.toString() != QLatin1String("nslab")) {
        result.errors.push_back({"$.format", "expected \"nslab\": this is not an nslab lab file"});
        return result;
    }
    const QJsonValue version = root.value(QLatin1String("version"));
    if (version.isUndefined()) {
        result.errors.push_back({"$", "missing \"version\""});
        return result;
    }
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) || version.toDouble() < 1) {
        result.errors.push_back({"$.version", "expected a positive integer"});
        return result;
    }
    if (version.toDouble() > kLabFormatVersion) {
        result.errors.push_back({"$.version", "made by a newer nslab: version " + QByteArray::number(version.toDouble(), 'f', 0).toStdString()
                                                  + ", this nslab reads up to " + std::to_string(kLabFormatVersion)});
        return result;
    }

    v.checkKeys(root, "$", {"format", "version", "title", "description", "nodes", "links"});
    Topology topo;
    if (const auto title = v.string(root, "title", "$", false))
        topo.title = *title;
    if (const auto desc = v.string(root, "description", "$", false))
        topo.description = *desc;

    std::vector<NodeRefs> refs;
    if (const auto nodes = v.array(root, "nodes", "$", true)) {
        std::set<std::string, std::less<>> names;
        for (qsizetype i = 0; i < nodes->size(); ++i) {
            const std::string path = "$.nodes[" + std::to_string(i) + "]";
            NodeRefs ref;
            auto node = parseNode(v, nodes->at(i), path, ref);
            if (!node)
                continue;
            if (!names.insert(node->name).second) {
                v.error(path + ".name", "duplicate node name " + dq(node->name));
                continue;
            }
            node->id = NodeId{std::uint32_t(topo.nodes.size() + 1)};
            topo.nodes.push_back(std::move(*node));
            refs.push_back(std::move(ref));
        }
    }
    for (std::size_t i = 0; i < topo.nodes.size(); ++i) {
        if (refs[i].host.empty())
            continue;
        const Node *host = topo.nodeByName(refs[i].host);
        if (!host)
            v.error(refs[i].hostWhere, "no node named " + dq(refs[i].host));
        else if (host->id == topo.nodes[i].id)
            v.error(refs[i].hostWhere, "a node cannot live on itself");
        else if (host->kind != NodeKind::Host)
            v.error(refs[i].hostWhere, dq(refs[i].host) + " is a " + std::string(nodeKindName(host->kind))
                                           + ", not a host");
        else if (topo.nodes[i].kind == NodeKind::Host)
            v.error(refs[i].hostWhere, "a host cannot live on another host");
        else
            topo.nodes[i].host = host->id;
    }

    std::map<std::pair<std::uint32_t, std::string>, std::string> used; // veth end → where it was linked
    if (const auto links = v.array(root, "links", "$")) {
        for (qsizetype i = 0; i < links->size(); ++i) {
            const std::string path = "$.links[" + std::to_string(i) + "]";
            const auto lo = v.object(links->at(i), path);
            if (!lo)
                continue;
            v.checkKeys(*lo, path, {"a", "b"});
            Link link;
            const std::size_t before = v.errors.size();
            parseLinkEnd(v, *lo, "a", path, topo, link.a);
            parseLinkEnd(v, *lo, "b", path, topo, link.b);
            if (v.errors.size() != before)
                continue;
            if (link.a == link.b) {
                v.error(path, "a link cannot join an interface to itself");
                continue;
            }
            bool dup = false;
            for (const auto *end : {&link.a, &link.b}) {
                const auto key = std::make_pair(end->node.v, end->iface);
                const auto [it, inserted] = used.emplace(key, path);
                if (!inserted) {
                    v.error(path, dq(topo.node(end->node)->name + "/" + end->iface) + " is already linked in "
                                      + it->second + " (a veth has exactly one peer)");
                    dup = true;
                }
            }
            if (dup)
                continue;
            link.id = LinkId{std::uint32_t(topo.links.size() + 1)};
            topo.links.push_back(std::move(link));
        }
    }
    for (std::size_t i = 0; i < topo.nodes.size(); ++i)
        for (std::size_t j = 0; j < topo.nodes[i].interfaces.size(); ++j) {
            const auto &spec = topo.nodes[i].interfaces[j];
            if (spec.kind == InterfaceKind::Veth && !used.count({topo.nodes[i].id.v, spec.name}))
                v.warning("$.nodes[" + std::to_string(i) + "].interfaces[" + std::to_string(j) + "]",
                          "veth " + dq(spec.name) + " is not linked to anything: it is not created");
        }

    result.errors = std::move(v.errors);
    result.warnings = std::move(v.warnings);
    if (result.errors.empty())
        result.topology = std::move(topo);
    return result;
}

QByteArray serializeLab(const Topology &topology)
{
    JsonValue root = JsonValue::object();
    root.setBlock();
    root.add("format", JsonValue::string("nslab"));
    root.add("version", JsonValue::integer(kLabFormatVersion));
    root.add("title", JsonValue::string(topology.title));
    if (!topology.description.empty())
        root.add("description", JsonValue::string(topology.description));

    JsonValue nodes = JsonValue::array();
    nodes.setBlock();
    for (const Node &n : topology.nodes) {
        JsonValue o = JsonValue::object();
        o.setBlock();
        o.add("name", JsonValue::string(n.name));
        o.add("kind", JsonValue::string(nodeKindName(n.kind)));
        if (const Node *host = n.host.valid() ? topology.node(n.host) : nullptr)
            o.add("host", JsonValue::string(host->name));
        o.add("x", JsonValue::number(n.x));
        o.add("y", JsonValue::number(n.y));
        if (!n.note.empty())
            o.add("note", JsonValue::string(n.note));
        if (!n.loUp || !n.loAddresses.empty()) {
            JsonValue lo = JsonValue::object();
            if (!n.loUp)
                lo.add("up", JsonValue::boolean(false));
            if (!n.loAddresses.empty()) {
                JsonValue addrs = JsonValue::array();
                for (const auto &a : n.loAddresses)
                    addrs.append(addressJson(a));
                lo.add("addresses", std::move(addrs));
            }
            o.add("lo", std::move(lo));
        }
        if (!n.sysctls.empty()) {
            JsonValue sys = JsonValue::array();
            for (const auto &[key, value] : n.sysctls)
                sys.append(JsonValue::object().add(key, JsonValue::integer(value)));
            o.add("sysctls", std::move(sys));
        }
        if (!n.interfaces.empty()) {
            JsonValue ifaces = JsonValue::array();
            ifaces.setBlock();
            for (const auto &i : n.interfaces) {
                JsonValue io = JsonValue::object();
                io.add("name", JsonValue::string(i.name));
                io.add("kind", JsonValue::string(ifaceKindName(i.kind)));
                if (!i.up)
                    io.add("up", JsonValue::boolean(false));
                if (i.mtu)
                    io.add("mtu", JsonValue::integer(i.mtu));
                if (i.mac)
                    io.add("mac", JsonValue::string(i.mac->toString()));
                if (!i.master.empty())
                    io.add("master", JsonValue::string(i.master));
                if (!i.addresses.empty()) {
                    JsonValue addrs = JsonValue::array();
                    for (const auto &a : i.addresses)
                        addrs.append(addressJson(a));
                    io.add("addresses", std::move(addrs));
                }
                if (!i.sysctls.empty()) {
                    JsonValue sys = JsonValue::object();
                    for (const auto &[key, value] : i.sysctls)
                        sys.add(key, JsonValue::integer(value));
                    io.add("sysctls", std::move(sys));
                }
                ifaces.append(std::move(io));
            }
            o.add("interfaces", std::move(ifaces));
        }
        if (!n.routes.empty()) {
            JsonValue routes = JsonValue::array();
            routes.setBlock();
            for (const auto &r : n.routes)
                routes.append(routeJson(r));
            o.add("routes", std::move(routes));
        }
        if (!n.deletedKernelRoutes.empty()) {
            JsonValue del = JsonValue::array();
            for (const auto &p : n.deletedKernelRoutes)
                del.append(JsonValue::string(p.toString()));
            o.add("deletedKernelRoutes", std::move(del));
        }
        if (!n.deletedRoutes.empty()) {
            JsonValue del = JsonValue::array();
            del.setBlock();
            for (const auto &r : n.deletedRoutes)
                del.append(routeJson(r));
            o.add("deletedRoutes", std::move(del));
        }
        if (!n.neighbours.empty()) {
            JsonValue neighs = JsonValue::array();
            neighs.setBlock();
            for (const auto &nb : n.neighbours) {
                JsonValue no = JsonValue::object();
                no.add("addr", JsonValue::string(nb.addr.toString()));
                no.add("dev", JsonValue::string(nb.dev));
                if (nb.proxy)
                    no.add("proxy", JsonValue::boolean(true));
                else if (nb.lladdr)
                    no.add("lladdr", JsonValue::string(nb.lladdr->toString()));
                neighs.append(std::move(no));
            }
            o.add("neighbours", std::move(neighs));
        }
        nodes.append(std::move(o));
    }
    root.add("nodes", std::move(nodes));

    JsonValue links = JsonValue::array();
    links.setBlock();
    for (const Link &l : topology.links) {
        const Node *a = topology.node(l.a.node);
        const Node *b = topology.node(l.b.node);
        if (!a || !b)
            continue; // a dangling link cannot be written meaningfully
        JsonValue o = JsonValue::object();
        o.add("a", JsonValue::object().add("node", JsonValue::string(a->name)).add("interface", JsonValue::string(l.a.iface)));
        o.add("b", JsonValue::object().add("node", JsonValue::string(b->name)).add("interface", JsonValue::string(l.b.iface)));
        links.append(std::move(o));
    }
    root.add("links", std::move(links));
    return QByteArray::fromStdString(root.toJson());
}

bool saveLabAtomic(const Topology &topology, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray data = serializeLab(topology);
    if (file.write(data) != data.size()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot save %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace nslab::model::io
