#include "labrequests.h"

#include "protocol.h"

#include <QJsonArray>

#include <algorithm>
#include <set>

namespace nslab::nl {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::vector<std::string> stringList(const QJsonValue &v)
{
    std::vector<std::string> out;
    for (const auto &e : v.toArray())
        out.push_back(e.toString().toStdString());
    return out;
}

std::string errorText(const QJsonObject &result)
{
    const QJsonObject e = result.value(QStringLiteral("error")).toObject();
    const std::string code = e.value(QStringLiteral("code")).toString().toStdString();
    const std::string message = e.value(QStringLiteral("message")).toString().toStdString();
    return code.empty() ? message : code + ": " + message;
}

} // namespace

QJsonObject applyRequest(const std::string &prefix, const std::string &lab, const std::vector<model::ops::Op> &ops)
{
    // The helper bounds the lab's name; sending more would only be refused.
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("apply")},
                       {QStringLiteral("prefix"), qs(prefix)},
                       {QStringLiteral("lab"), qs(lab).left(256)},
                       {QStringLiteral("ops"), protocol::opsToJson(ops)}};
}

QJsonObject destroyRequest(const std::string &prefix)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("destroy")}, {QStringLiteral("prefix"), qs(prefix)}};
}

QJsonObject statusRequest()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("status")}};
}

QJsonObject probeRequest(const std::string &prefix, const std::vector<std::string> &nodes,
                         const std::vector<net::Ipv4> &addresses)
{
    QJsonArray jn, ja;
    for (const auto &n : nodes)
        jn.append(qs(n));
    for (const auto &a : addresses)
        ja.append(qs(a.toString()));
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("probe")},
                       {QStringLiteral("prefix"), qs(prefix)},
                       {QStringLiteral("nodes"), jn},
                       {QStringLiteral("addresses"), ja}};
}

ApplyReport applyReportFromResult(const QJsonObject &result)
{
    ApplyReport r;
    r.ok = result.value(QStringLiteral("ok")).toBool();
    if (r.ok) {
        r.namespaces = std::size_t(result.value(QStringLiteral("namespaces")).toInteger());
        return r;
    }
    const QJsonObject e = result.value(QStringLiteral("error")).toObject();
    if (e.contains(QStringLiteral("opIndex"))) {
        // The kernel refused an op: the same fields the in-process report has.
        r.failedIndex = std::size_t(e.value(QStringLiteral("opIndex")).toInteger());
        r.failedOp = e.value(QStringLiteral("op")).toString().toStdString();
        r.error = e.value(QStringLiteral("message")).toString().toStdString();
    } else {
        r.error = errorText(result);
    }
    r.rollbackProblems = stringList(e.value(QStringLiteral("rollbackProblems")));
    return r;
}

DestroyReport destroyReportFromResult(const QJsonObject &result)
{
    DestroyReport r;
    r.ok = result.value(QStringLiteral("ok")).toBool();
    if (!r.ok) {
        r.problems.push_back(errorText(result));
        return r;
    }
    r.hadJournal = result.value(QStringLiteral("hadJournal")).toBool();
    r.removed = stringList(result.value(QStringLiteral("removed")));
    r.leftAlone = stringList(result.value(QStringLiteral("leftAlone")));
    return r;
}

std::vector<LabStatus> labStatusFromResult(const QJsonObject &result)
{
    std::vector<LabStatus> labs;
    for (const auto &v : result.value(QStringLiteral("labs")).toArray()) {
        const QJsonObject o = v.toObject();
        LabStatus s;
        s.prefix = o.value(QStringLiteral("prefix")).toString().toStdString();
        s.lab = o.value(QStringLiteral("lab")).toString().toStdString();
        s.state = o.value(QStringLiteral("state")).toString().toStdString();
        s.namespaces = std::size_t(o.value(QStringLiteral("namespaces")).toInteger());
        s.matches = o.value(QStringLiteral("matches")).toBool();
        s.problems = stringList(o.value(QStringLiteral("problems")));
        labs.push_back(std::move(s));
    }
    return labs;
}

ProbeReport probeReportFromResult(const QJsonObject &result)
{
    ProbeReport r;
    r.ok = result.value(QStringLiteral("ok")).toBool();
    if (!r.ok) {
        r.error = errorText(result);
        return r;
    }
    r.seconds = result.value(QStringLiteral("seconds")).toDouble();
    for (const auto &v : result.value(QStringLiteral("cells")).toArray()) {
        const QJsonArray c = v.toArray();
        r.cells.push_back({c.at(0).toString().toStdString(),
                           net::Ipv4::parse(c.at(1).toString().toStdString()).value_or(net::Ipv4{}),
                           c.at(2).toInt(), c.at(3).toString().toStdString()});
    }
    return r;
}

void probeTargets(const kernel::Kernel &kernel, std::vector<std::string> *nodes, std::vector<net::Ipv4> *addresses)
{
    nodes->clear();
    addresses->clear();
    std::set<std::uint32_t> addressSet;
    for (const auto &[name, ns] : kernel.namespaces()) {
        nodes->push_back(name);
        for (const auto &dev : ns.devices)
            for (const auto &addr : dev.addresses)
                if (!addr.local.addr.isLoopback())
                    addressSet.insert(addr.local.addr.v);
    }
    std::sort(nodes->begin(), nodes->end());
    addresses->reserve(addressSet.size());
    for (auto v : addressSet)
        addresses->push_back(net::Ipv4{v});
}

std::vector<std::string> proxyDelayWarnings(const kernel::Kernel &kernel)
{
    std::vector<std::string> out;
    for (const auto &[name, ns] : kernel.namespaces())
        for (const auto &dev : ns.devices)
            if (ns.effective(dev, kernel::DevOpt::ProxyArp) && dev.proxyDelay != 0)
                out.push_back(name + " " + dev.name + " answers proxy ARP after a random delay (proxy_delay="
                              + std::to_string(dev.proxyDelay) + "); set it to 0 for repeatable results");
    return out;
}

} // namespace nslab::nl
