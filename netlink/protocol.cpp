#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>
#include <variant>

namespace nslab::nl::protocol {

using namespace model::ops;

QByteArray encodeFrame(const QJsonObject &message)
{
    const QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    QByteArray out;
    out.reserve(body.size() + 4);
    const auto n = std::uint32_t(body.size());
    out.append(char((n >> 24) & 0xff));
    out.append(char((n >> 16) & 0xff));
    out.append(char((n >> 8) & 0xff));
    out.append(char(n & 0xff));
    out.append(body);
    return out;
}

FrameReader::Status FrameReader::next(QByteArray *payload)
{
    if (m_buffer.size() < 4)
        return Status::NeedMore;
    const auto *p = reinterpret_cast<const unsigned char *>(m_buffer.constData());
    const std::uint32_t n = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
    if (n > kMaxFrame)
        return Status::TooLarge;
    if (std::uint64_t(m_buffer.size()) < 4ull + n)
        return Status::NeedMore;
    *payload = m_buffer.mid(4, n);
    m_buffer.remove(0, 4 + qsizetype(n));
    return Status::Frame;
}

std::optional<QJsonObject> parseMessage(const QByteArray &payload, std::string *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = "$: not valid JSON (" + pe.errorString().toStdString() + " at byte " + std::to_string(pe.offset) + ")";
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = "$: expected a JSON object";
        return std::nullopt;
    }
    QJsonObject o = doc.object();
    if (!o.value(QStringLiteral("type")).isString()) {
        *error = "$.type: expected a string";
        return std::nullopt;
    }
    return o;
}

bool onlyFields(const QJsonObject &o, std::initializer_list<const char *> allowed, const std::string &path,
                std::string *error)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool known = false;
        for (const char *a : allowed)
            if (it.key() == QLatin1String(a)) {
                known = true;
                break;
            }
        if (!known) {
            *error = path + "." + it.key().left(40).toStdString() + ": unknown field";
            return false;
        }
    }
    return true;
}

QJsonObject errorObject(std::string_view code, const std::string &message)
{
    return QJsonObject{{QStringLiteral("code"), QString::fromUtf8(code.data(), qsizetype(code.size()))},
                       {QStringLiteral("message"), QString::fromStdString(message)}};
}

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const char *routeCmdName(RouteCmd c)
{
    switch (c) {
    case RouteCmd::Add: return "add";
    case RouteCmd::Replace: return "replace";
    case RouteCmd::Append: return "append";
    case RouteCmd::Prepend: return "prepend";
    case RouteCmd::Change: return "change";
    case RouteCmd::Del: return "del";
    }
    return "add";
}

// Reads typed fields of one object, remembering the first problem (with its JSON path).
class Fields {
public:
    Fields(const QJsonObject &o, std::string path, std::string *error) : m_o(o), m_path(std::move(path)), m_error(error) {}
    bool ok() const { return m_ok; }

    std::string str(const char *k)
    {
        const QJsonValue v = m_o.value(QLatin1String(k));
        if (!v.isString())
            return fail(k, "expected a string"), std::string();
        return v.toString().toStdString();
    }
    std::optional<std::string> optStr(const char *k)
    {
        if (!has(k))
            return std::nullopt;
        return str(k);
    }
    bool boolean(const char *k)
    {
        if (!has(k))
            return false;
        const QJsonValue v = m_o.value(QLatin1String(k));
        if (!v.isBool())
            return fail(k, "expected true or false"), false;
        return v.toBool();
    }
    std::optional<std::int64_t> integer(const char *k, std::int64_t min, std::int64_t max)
    {
        if (!has(k))
            return std::nullopt;
        const QJsonValue v = m_o.value(QLatin1String(k));
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != double(std::int64_t(d)) || d < double(min) || d > double(max)) {
            fail(k, "expected an integer in " + std::to_string(min) + ".." + std::to_string(max));
            return std::nullopt;
        }
        return std::int64_t(d);
    }
    std::optional<net::Prefix> prefix(const char *k, bool required)
    {
        if (!has(k)) {
            if (required)
                fail(k, "missing");
            return std::nullopt;
        }
        auto p = net::Prefix::parse(str(k));
        if (!p && m_ok)
            fail(k, "expected an IPv4 prefix A.B.C.D/N");
        return p;
    }
    std::optional<net::Ipv4> ip(const char *k, bool required)
    {
        if (!has(k)) {
            if (required)
                fail(k, "missing");
            return std::nullopt;
        }
        auto a = net::Ipv4::parse(str(k));
        if (!a && m_ok)
            fail(k, "expected an IPv4 address A.B.C.D");
        return a;
    }
    std::optional<net::Mac> mac(const char *k)
    {
        if (!has(k))
            return std::nullopt;
        auto m = net::Mac::parse(str(k));
        if (!m && m_ok)
            fail(k, "expected a MAC address");
        return m;
    }
    std::optional<Scope> scope(const char *k)
    {
        auto v = integer(k, 0, 255);
        if (!v)
            return std::nullopt;
        return Scope(std::uint8_t(*v));
    }
    bool has(const char *k) const { return m_o.contains(QLatin1String(k)); }
    void fail(const char *k, const std::string &what)
    {
        if (m_ok && m_error)
            *m_error = m_path + "." + k + ": " + what;
        m_ok = false;
    }

private:
    const QJsonObject &m_o;
    std::string m_path;
    std::string *m_error;
    bool m_ok = true;
};

} // namespace

QJsonObject opToJson(const Op &op)
{
    return std::visit(
        [](const auto &o) -> QJsonObject {
            using T = std::decay_t<decltype(o)>;
            QJsonObject j;
            if constexpr (std::is_same_v<T, NetnsAdd>) {
                j[QStringLiteral("op")] = QStringLiteral("netns-add");
                j[QStringLiteral("name")] = qs(o.name);
            } else if constexpr (std::is_same_v<T, NetnsDel>) {
                j[QStringLiteral("op")] = QStringLiteral("netns-del");
                j[QStringLiteral("name")] = qs(o.name);
            } else if constexpr (std::is_same_v<T, LinkAddVeth>) {
                j[QStringLiteral("op")] = QStringLiteral("veth-add");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("name")] = qs(o.name);
                if (!o.netns.empty())
                    j[QStringLiteral("netns")] = qs(o.netns);
                j[QStringLiteral("peer")] = qs(o.peer);
                if (!o.peerNetns.empty())
                    j[QStringLiteral("peerNetns")] = qs(o.peerNetns);
                if (o.address)
                    j[QStringLiteral("address")] = qs(o.address->toString());
                if (o.peerAddress)
                    j[QStringLiteral("peerAddress")] = qs(o.peerAddress->toString());
            } else if constexpr (std::is_same_v<T, LinkAddBridge> || std::is_same_v<T, LinkAddDummy>
                                 || std::is_same_v<T, LinkDel>) {
                j[QStringLiteral("op")] = std::is_same_v<T, LinkAddBridge> ? QStringLiteral("bridge-add")
                    : std::is_same_v<T, LinkAddDummy>                      ? QStringLiteral("dummy-add")
                                                                           : QStringLiteral("link-del");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("name")] = qs(o.name);
            } else if constexpr (std::is_same_v<T, LinkSet>) {
                j[QStringLiteral("op")] = QStringLiteral("link-set");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("dev")] = qs(o.dev);
                if (o.up)
                    j[QStringLiteral("up")] = *o.up;
                if (o.master)
                    j[QStringLiteral("master")] = qs(*o.master);
                if (o.netns)
                    j[QStringLiteral("netns")] = qs(*o.netns);
                if (o.mtu)
                    j[QStringLiteral("mtu")] = *o.mtu;
                if (o.address)
                    j[QStringLiteral("address")] = qs(o.address->toString());
                if (o.newName)
                    j[QStringLiteral("newName")] = qs(*o.newName);
            } else if constexpr (std::is_same_v<T, AddrAdd>) {
                j[QStringLiteral("op")] = QStringLiteral("addr-add");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("dev")] = qs(o.dev);
                j[QStringLiteral("local")] = qs(o.local.toString());
                if (o.peer)
                    j[QStringLiteral("peer")] = qs(o.peer->toString());
                if (o.broadcast)
                    j[QStringLiteral("broadcast")] = qs(o.broadcast->toString());
                if (o.scope)
                    j[QStringLiteral("scope")] = int(*o.scope);
                if (o.noprefixroute)
                    j[QStringLiteral("noprefixroute")] = true;
            } else if constexpr (std::is_same_v<T, AddrDel>) {
                j[QStringLiteral("op")] = QStringLiteral("addr-del");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("dev")] = qs(o.dev);
                j[QStringLiteral("local")] = qs(o.local.toString());
                if (o.peer)
                    j[QStringLiteral("peer")] = qs(o.peer->toString());
            } else if constexpr (std::is_same_v<T, AddrFlush>) {
                j[QStringLiteral("op")] = QStringLiteral("addr-flush");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("dev")] = qs(o.dev);
            } else if constexpr (std::is_same_v<T, RouteOp>) {
                j[QStringLiteral("op")] = QStringLiteral("route");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("cmd")] = QString::fromLatin1(routeCmdName(o.cmd));
                if (o.type)
                    j[QStringLiteral("type")] = int(*o.type);
                j[QStringLiteral("dst")] = qs(o.dst.toString());
                if (o.tos)
                    j[QStringLiteral("tos")] = int(o.tos);
                if (o.via)
                    j[QStringLiteral("via")] = qs(o.via->toString());
                if (o.dev)
                    j[QStringLiteral("dev")] = qs(*o.dev);
                if (o.src)
                    j[QStringLiteral("src")] = qs(o.src->toString());
                if (o.metric)
                    j[QStringLiteral("metric")] = qint64(*o.metric);
                if (o.scope)
                    j[QStringLiteral("scope")] = int(*o.scope);
                if (o.proto)
                    j[QStringLiteral("proto")] = int(*o.proto);
                if (o.table)
                    j[QStringLiteral("table")] = qint64(*o.table);
                if (o.onlink)
                    j[QStringLiteral("onlink")] = true;
            } else if constexpr (std::is_same_v<T, RouteFlush>) {
                j[QStringLiteral("op")] = QStringLiteral("route-flush");
                j[QStringLiteral("ns")] = qs(o.ns);
                if (o.table)
                    j[QStringLiteral("table")] = qint64(*o.table);
                if (o.dev)
                    j[QStringLiteral("dev")] = qs(*o.dev);
                if (o.dst)
                    j[QStringLiteral("dst")] = qs(o.dst->toString());
            } else if constexpr (std::is_same_v<T, NeighProxy>) {
                j[QStringLiteral("op")] = QStringLiteral("neigh-proxy");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("addr")] = qs(o.addr.toString());
                j[QStringLiteral("dev")] = qs(o.dev);
                j[QStringLiteral("add")] = o.add;
            } else if constexpr (std::is_same_v<T, NeighAdd>) {
                j[QStringLiteral("op")] = QStringLiteral("neigh-add");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("addr")] = qs(o.addr.toString());
                j[QStringLiteral("lladdr")] = qs(o.lladdr.toString());
                j[QStringLiteral("dev")] = qs(o.dev);
            } else if constexpr (std::is_same_v<T, SysctlSet>) {
                j[QStringLiteral("op")] = QStringLiteral("sysctl");
                j[QStringLiteral("ns")] = qs(o.ns);
                j[QStringLiteral("key")] = qs(o.key);
                j[QStringLiteral("value")] = qs(o.value);
            }
            return j;
        },
        op);
}

std::optional<Op> opFromJson(const QJsonValue &value, const std::string &path, std::string *error)
{
    if (!value.isObject()) {
        *error = path + ": expected an object";
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    const QString kind = o.value(QStringLiteral("op")).toString();
    Fields f(o, path, error);
    auto done = [&](Op op, std::initializer_list<const char *> allowed) -> std::optional<Op> {
        if (!f.ok() || !onlyFields(o, allowed, path, error))
            return std::nullopt;
        return op;
    };
    if (kind == QLatin1String("netns-add"))
        return done(NetnsAdd{f.str("name")}, {"op", "name"});
    if (kind == QLatin1String("netns-del"))
        return done(NetnsDel{f.str("name")}, {"op", "name"});
    if (kind == QLatin1String("veth-add")) {
        LinkAddVeth v;
        v.ns = f.str("ns");
        v.name = f.str("name");
        v.netns = f.optStr("netns").value_or("");
        v.peer = f.str("peer");
        v.peerNetns = f.optStr("peerNetns").value_or("");
        v.address = f.mac("address");
        v.peerAddress = f.mac("peerAddress");
        return done(v, {"op", "ns", "name", "netns", "peer", "peerNetns", "address", "peerAddress"});
    }
    if (kind == QLatin1String("bridge-add"))
        return done(LinkAddBridge{f.str("ns"), f.str("name")}, {"op", "ns", "name"});
    if (kind == QLatin1String("dummy-add"))
        return done(LinkAddDummy{f.str("ns"), f.str("name")}, {"op", "ns", "name"});
    if (kind == QLatin1String("link-del"))
        return done(LinkDel{f.str("ns"), f.str("name")}, {"op", "ns", "name"});
    if (kind == QLatin1String("link-set")) {
        LinkSet s;
        s.ns = f.str("ns");
        s.dev = f.str("dev");
        if (f.has("up"))
            s.up = f.boolean("up");
        s.master = f.optStr("master");
        s.netns = f.optStr("netns");
        if (auto m = f.integer("mtu", 68, 65535))
            s.mtu = int(*m);
        s.address = f.mac("address");
        s.newName = f.optStr("newName");
        return done(s, {"op", "ns", "dev", "up", "master", "netns", "mtu", "address", "newName"});
    }
    if (kind == QLatin1String("addr-add")) {
        AddrAdd a;
        a.ns = f.str("ns");
        a.dev = f.str("dev");
        a.local = f.prefix("local", true).value_or(net::Prefix{});
        a.peer = f.prefix("peer", false);
        a.broadcast = f.ip("broadcast", false);
        a.scope = f.scope("scope");
        a.noprefixroute = f.boolean("noprefixroute");
        return done(a, {"op", "ns", "dev", "local", "peer", "broadcast", "scope", "noprefixroute"});
    }
    if (kind == QLatin1String("addr-del")) {
        AddrDel a;
        a.ns = f.str("ns");
        a.dev = f.str("dev");
        a.local = f.prefix("local", true).value_or(net::Prefix{});
        a.peer = f.prefix("peer", false);
        return done(a, {"op", "ns", "dev", "local", "peer"});
    }
    if (kind == QLatin1String("addr-flush"))
        return done(AddrFlush{f.str("ns"), f.str("dev")}, {"op", "ns", "dev"});
    if (kind == QLatin1String("route")) {
        RouteOp r;
        r.ns = f.str("ns");
        const std::string cmd = f.str("cmd");
        static const std::pair<const char *, RouteCmd> cmds[] = {{"add", RouteCmd::Add},         {"replace", RouteCmd::Replace},
                                                                 {"append", RouteCmd::Append},   {"prepend", RouteCmd::Prepend},
                                                                 {"change", RouteCmd::Change},   {"del", RouteCmd::Del}};
        bool known = false;
        for (const auto &[name, c] : cmds)
            if (cmd == name) {
                r.cmd = c;
                known = true;
            }
        if (!known && f.ok())
            f.fail("cmd", "expected add, replace, append, prepend, change or del");
        if (auto t = f.integer("type", 1, 10))
            r.type = RouteType(std::uint8_t(*t));
        r.dst = f.prefix("dst", true).value_or(net::Prefix{});
        r.tos = std::uint8_t(f.integer("tos", 0, 255).value_or(0));
        r.via = f.ip("via", false);
        r.dev = f.optStr("dev");
        r.src = f.ip("src", false);
        if (auto m = f.integer("metric", 0, 0xffffffffll))
            r.metric = std::uint32_t(*m);
        r.scope = f.scope("scope");
        if (auto p = f.integer("proto", 0, 255))
            r.proto = std::uint8_t(*p);
        if (auto t = f.integer("table", 1, 0xffffffffll))
            r.table = std::uint32_t(*t);
        r.onlink = f.boolean("onlink");
        return done(r, {"op", "ns", "cmd", "type", "dst", "tos", "via", "dev", "src", "metric", "scope", "proto", "table",
                        "onlink"});
    }
    if (kind == QLatin1String("route-flush")) {
        RouteFlush r;
        r.ns = f.str("ns");
        if (auto t = f.integer("table", 1, 0xffffffffll))
            r.table = std::uint32_t(*t);
        r.dev = f.optStr("dev");
        r.dst = f.prefix("dst", false);
        return done(r, {"op", "ns", "table", "dev", "dst"});
    }
    if (kind == QLatin1String("neigh-proxy")) {
        NeighProxy n;
        n.ns = f.str("ns");
        n.addr = f.ip("addr", true).value_or(net::Ipv4{});
        n.dev = f.str("dev");
        n.add = f.has("add") ? f.boolean("add") : true;
        return done(n, {"op", "ns", "addr", "dev", "add"});
    }
    if (kind == QLatin1String("neigh-add")) {
        NeighAdd n;
        n.ns = f.str("ns");
        n.addr = f.ip("addr", true).value_or(net::Ipv4{});
        if (auto m = f.mac("lladdr"))
            n.lladdr = *m;
        else
            f.fail("lladdr", "missing");
        n.dev = f.str("dev");
        return done(n, {"op", "ns", "addr", "lladdr", "dev"});
    }
    if (kind == QLatin1String("sysctl"))
        return done(SysctlSet{f.str("ns"), f.str("key"), f.str("value")}, {"op", "ns", "key", "value"});
    *error = path + ".op: unknown op \"" + kind.left(40).toStdString() + "\"";
    return std::nullopt;
}

QJsonArray opsToJson(const std::vector<Op> &ops)
{
    QJsonArray a;
    for (const auto &op : ops)
        if (isMutation(op))
            a.append(opToJson(op));
    return a;
}

std::optional<std::vector<Op>> opsFromJson(const QJsonValue &value, const std::string &path, std::string *error)
{
    if (!value.isArray()) {
        *error = path + ": expected an array of ops";
        return std::nullopt;
    }
    const QJsonArray a = value.toArray();
    std::vector<Op> ops;
    ops.reserve(std::size_t(a.size()));
    for (qsizetype i = 0; i < a.size(); ++i) {
        auto op = opFromJson(a[i], path + "[" + std::to_string(i) + "]", error);
        if (!op)
            return std::nullopt;
        ops.push_back(std::move(*op));
    }
    return ops;
}

} // namespace nslab::nl::protocol
