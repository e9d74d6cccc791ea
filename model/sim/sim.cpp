#include "sim/sim.h"

#include "sim/snapshot.h"
#include "sim/walker.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace nslab::sim {

std::string_view dispositionName(Disposition d)
{
    switch (d) {
    case Disposition::Reply: return "reply";
    case Disposition::NoRoute: return "no-route";
    case Disposition::Blackhole: return "blackhole";
    case Disposition::Unreachable: return "unreachable";
    case Disposition::Prohibited: return "prohibited";
    case Disposition::Broadcast: return "broadcast";
    case Disposition::LoopbackDown: return "loopback-down";
    case Disposition::NoSourceAddress: return "no-source-address";
    case Disposition::ArpUnanswered: return "arp-unanswered";
    case Disposition::LinkDown: return "link-down";
    case Disposition::ForwardingOff: return "forwarding-off";
    case Disposition::RpFilterDrop: return "rp-filter-drop";
    case Disposition::Martian: return "martian";
    case Disposition::TtlExceeded: return "ttl-exceeded";
    case Disposition::NoReturnRoute: return "no-return-route";
    case Disposition::DeliveredElsewhere: return "delivered-elsewhere";
    case Disposition::Count: break;
    }
    return "unknown";
}

std::string_view legName(Leg leg)
{
    switch (leg) {
    case Leg::Request: return "request";
    case Leg::Reply: return "reply";
    case Leg::IcmpError: return "icmp-error";
    }
    return "request";
}

std::string_view stepKindName(StepKind kind)
{
    switch (kind) {
    case StepKind::Send: return "send";
    case StepKind::RouteLookup: return "route-lookup";
    case StepKind::NeighbourHit: return "neighbour";
    case StepKind::ArpRequest: return "arp-request";
    case StepKind::ArpReply: return "arp-reply";
    case StepKind::ArpUnanswered: return "arp-unanswered";
    case StepKind::Transmit: return "transmit";
    case StepKind::Receive: return "receive";
    case StepKind::Forward: return "forward";
    case StepKind::Redirect: return "redirect";
    case StepKind::Deliver: return "deliver";
    case StepKind::Drop: return "drop";
    case StepKind::IcmpError: return "icmp-error";
    case StepKind::Note: return "note";
    }
    return "note";
}

Simulator::Simulator(const kernel::Kernel &kernel)
    : m_snapshot(std::make_unique<detail::Snapshot>(kernel)),
      m_walker(std::make_unique<detail::Walker>(*m_snapshot))
{
}

Simulator::~Simulator() = default;

bool Simulator::hasNode(std::string_view node) const { return m_snapshot->nsIndex(node) >= 0; }

PingResult Simulator::ping(std::string_view node, net::Ipv4 dst, bool withTrace)
{
    const int ns = m_snapshot->nsIndex(node);
    if (ns < 0) {
        // What `ip netns exec NODE ping` answers for a namespace that does not exist.
        PingResult r;
        r.exitCode = 255;
        r.disposition = Disposition::NoRoute;
        r.message = "Cannot open network namespace \"" + std::string(node) + "\": No such file or directory";
        r.explanation = "There is no namespace called " + std::string(node) + " in this lab.";
        return r;
    }
    if (withTrace)
        return m_walker->runTraced(ns, dst.v);
    PingResult r;
    r.exitCode = m_walker->run(ns, dst.v, &r.disposition);
    return r;
}

Matrix Simulator::matrix()
{
    Matrix m;
    const detail::Snapshot &s = *m_snapshot;
    m.nodes.reserve(s.nss.size());
    for (const auto &n : s.nss)
        m.nodes.push_back(n.name);
    std::vector<std::uint32_t> addrs;
    addrs.reserve(s.addrs.size());
    for (const auto &a : s.addrs)
        if ((a.local >> 24) != 127)
            addrs.push_back(a.local);
    std::sort(addrs.begin(), addrs.end());
    addrs.erase(std::unique(addrs.begin(), addrs.end()), addrs.end());
    m.addresses.reserve(addrs.size());
    for (std::uint32_t a : addrs)
        m.addresses.push_back(net::Ipv4{a});
    m.exitCodes.resize(m.nodes.size() * addrs.size());
    m.dispositions.resize(m.exitCodes.size());
    std::size_t cell = 0;
    for (int n = 0; n < int(s.nss.size()); ++n) {
        for (std::uint32_t a : addrs) {
            Disposition d;
            m.exitCodes[cell] = std::uint8_t(m_walker->run(n, a, &d));
            m.dispositions[cell] = d;
            ++cell;
        }
    }
    return m;
}

PingResult ping(const kernel::Kernel &kernel, std::string_view node, net::Ipv4 dst)
{
    Simulator sim(kernel);
    return sim.ping(node, dst);
}

Matrix matrix(const kernel::Kernel &kernel)
{
    Simulator sim(kernel);
    return sim.matrix();
}

namespace {
QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }
} // namespace

QJsonDocument toJson(const PingResult &r, std::string_view node, net::Ipv4 dst)
{
    QJsonObject o;
    o[QStringLiteral("node")] = q(node);
    o[QStringLiteral("destination")] = q(dst.toString());
    o[QStringLiteral("exitCode")] = r.exitCode;
    o[QStringLiteral("disposition")] = q(dispositionName(r.disposition));
    o[QStringLiteral("leg")] = q(legName(r.leg));
    o[QStringLiteral("at")] = q(r.at);
    o[QStringLiteral("source")] = q(r.source);
    o[QStringLiteral("message")] = q(r.message);
    o[QStringLiteral("explanation")] = q(r.explanation);
    o[QStringLiteral("hops")] = r.hops;
    if (r.exitCode == 0)
        o[QStringLiteral("replyTtl")] = r.replyTtl;
    QJsonArray warnings;
    for (const auto &w : r.warnings)
        warnings.append(q(w));
    o[QStringLiteral("warnings")] = warnings;
    QJsonArray steps;
    for (const Step &s : r.trace) {
        QJsonObject j;
        j[QStringLiteral("ns")] = q(s.ns);
        j[QStringLiteral("kind")] = q(stepKindName(s.kind));
        j[QStringLiteral("leg")] = q(legName(s.leg));
        if (!s.inDev.empty())
            j[QStringLiteral("in")] = q(s.inDev);
        if (!s.outDev.empty())
            j[QStringLiteral("out")] = q(s.outDev);
        if (!s.route.empty())
            j[QStringLiteral("route")] = q(s.route);
        j[QStringLiteral("text")] = q(s.text);
        steps.append(j);
    }
    o[QStringLiteral("trace")] = steps;
    return QJsonDocument(o);
}

QJsonDocument toJson(const Matrix &m)
{
    QJsonObject o;
    QJsonArray nodes;
    for (const auto &n : m.nodes)
        nodes.append(q(n));
    QJsonArray addrs;
    for (const auto &a : m.addresses)
        addrs.append(q(a.toString()));
    QJsonArray cells;
    std::vector<QString> addrText;
    addrText.reserve(m.addresses.size());
    for (const auto &a : m.addresses)
        addrText.push_back(q(a.toString()));
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        const QString node = q(m.nodes[n]);
        for (std::size_t a = 0; a < m.addresses.size(); ++a) {
            QJsonObject c;
            c[QStringLiteral("node")] = node;
            c[QStringLiteral("address")] = addrText[a];
            c[QStringLiteral("exitCode")] = m.exitCode(n, a);
            c[QStringLiteral("disposition")] = q(dispositionName(m.disposition(n, a)));
            cells.append(c);
        }
    }
    o[QStringLiteral("nodes")] = nodes;
    o[QStringLiteral("addresses")] = addrs;
    o[QStringLiteral("cells")] = cells;
    return QJsonDocument(o);
}

std::string formatTrace(const PingResult &r, std::string_view node, net::Ipv4 dst)
{
    std::string out = "ping " + dst.toString() + " from " + std::string(node) + "\n";
    int i = 0;
    for (const Step &s : r.trace) {
        out += std::to_string(++i);
        out += ". [";
        out += s.ns;
        out += "] ";
        out += stepKindName(s.kind);
        if (s.leg != Leg::Request) {
            out += " (";
            out += legName(s.leg);
            out += ')';
        }
        if (!s.inDev.empty())
            out += " in=" + s.inDev;
        if (!s.outDev.empty())
            out += " out=" + s.outDev;
        out += ": " + s.text + "\n";
        if (!s.route.empty()) {
            std::string route = s.route;
            while (!route.empty() && route.back() == ' ')
                route.pop_back();
            out += "     route: " + route + "\n";
        }
    }
    if (!r.message.empty() && r.exitCode != 2)
        out += "ping prints: " + r.message + "\n";
    out += "result: exit " + std::to_string(r.exitCode) + " (" + std::string(dispositionName(r.disposition)) + ")\n";
    out += r.explanation + "\n";
    return out;
}

} // namespace nslab::sim
