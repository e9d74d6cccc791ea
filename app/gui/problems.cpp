#include "problems.h"

#include "kernel/kernel.h"
#include "ops/printer.h"
#include "plan/plan.h"

#include <QObject>

#include <map>

namespace nslab::gui {

using model::NodeId;

namespace {

std::string rootNameFor(const model::Topology &t)
{
    std::string name = "nslab-root"; // no node is called that, so no plan op runs in it
    while (t.nodeByName(name))
        name += '_';
    return name;
}

QString trimmed(const std::string &err)
{
    QString s = QString::fromStdString(err);
    while (s.endsWith(QLatin1Char('\n')))
        s.chop(1);
    return s;
}

// The device an op is about, when it names one in its own namespace.
std::optional<std::string> opDevice(const model::ops::Op &op)
{
    using namespace model::ops;
    if (const auto *o = std::get_if<AddrAdd>(&op))
        return o->dev;
    if (const auto *o = std::get_if<LinkSet>(&op))
        return o->dev;
    if (const auto *o = std::get_if<RouteOp>(&op))
        return o->dev;
    if (const auto *o = std::get_if<LinkAddVeth>(&op))
        return o->name;
    if (const auto *o = std::get_if<NeighProxy>(&op))
        return o->dev;
    return std::nullopt;
}

} // namespace

Problems analyzeTopology(const model::Topology &t)
{
    Problems out;
    // Duplicate addresses: the same IPv4 address on two interfaces anywhere in the lab.
    std::map<std::uint32_t, std::vector<std::pair<const model::Node *, const model::InterfaceSpec *>>> owners;
    for (const auto &n : t.nodes)
        for (const auto &i : n.interfaces) {
            if (i.name.size() > model::kMaxIfName)
                out.ports[{n.id, i.name}] << QObject::tr("The name %1 is longer than the kernel's 15 characters.")
                                                 .arg(QString::fromStdString(i.name));
            for (const auto &a : i.addresses)
                owners[a.local.addr.v].push_back({&n, &i});
        }
    for (const auto &[addr, list] : owners) {
        if (list.size() < 2)
            continue;
        for (const auto &[n, i] : list) {
            QStringList others;
            for (const auto &[n2, i2] : list)
                if (i2 != i)
                    others << QString::fromStdString(n2->name + '/' + i2->name);
            out.ports[{n->id, i->name}] << QObject::tr("Duplicate address %1: also on %2.")
                                               .arg(QString::fromStdString(net::Ipv4{addr}.toString()),
                                                    others.join(QStringLiteral(", ")));
        }
    }

    // What the kernel refuses when the lab is built, op by op.
    kernel::Kernel k(kernel::Profile::kernelDefaults(), rootNameFor(t));
    for (const auto &op : model::plan::planBuild(t)) {
        const auto r = k.apply(op);
        if (r.ok())
            continue;
        const std::string &ns = model::ops::opNamespace(op);
        const model::Node *n = t.nodeByName(ns);
        if (!n)
            continue;
        const QString text = QString::fromStdString(model::ops::printOp(op)) + QStringLiteral("\n→ ") + trimmed(r.err);
        out.nodes[n->id] << text;
        if (const auto dev = opDevice(op); dev && !std::holds_alternative<model::ops::LinkAddVeth>(op))
            out.ports[{n->id, *dev}] << text;
    }
    return out;
}

QString routeText(const model::RouteSpec &r)
{
    model::ops::RouteOp op;
    op.type = r.type;
    op.dst = r.dst;
    op.tos = r.tos;
    op.via = r.via;
    op.dev = r.dev;
    op.src = r.src;
    op.metric = r.metric;
    op.scope = r.scope;
    op.proto = r.proto;
    op.table = r.table;
    op.onlink = r.onlink;
    std::string s = model::ops::printOp(op);
    // "ip route add X ..." → "X ..."
    const std::string prefix = "ip route add ";
    if (s.rfind(prefix, 0) == 0)
        s = s.substr(prefix.size());
    return QString::fromStdString(s);
}

RouteCheck checkRoute(const model::Topology &topology, NodeId nodeId, const model::RouteSpec &route,
                      std::optional<std::size_t> replacing)
{
    RouteCheck out;
    model::Topology t = topology;
    model::Node *n = t.node(nodeId);
    if (!n) {
        out.ok = false;
        out.message = QObject::tr("No such namespace.");
        return out;
    }
    if (replacing && *replacing < n->routes.size())
        n->routes.erase(n->routes.begin() + std::ptrdiff_t(*replacing));
    kernel::Kernel k(kernel::Profile::kernelDefaults(), rootNameFor(t));
    for (const auto &op : model::plan::planBuild(t))
        k.apply(op);
    model::ops::RouteOp op;
    op.ns = n->name;
    op.cmd = model::ops::RouteCmd::Add;
    op.type = route.type;
    op.dst = route.dst;
    op.tos = route.tos;
    op.via = route.via;
    op.dev = route.dev;
    op.src = route.src;
    op.metric = route.metric;
    op.scope = route.scope;
    op.proto = route.proto;
    op.table = route.table;
    op.onlink = route.onlink;
    const auto r = k.apply(op);
    if (r.ok())
        return out;
    out.ok = false;
    out.message = trimmed(r.err);
    const QString m = out.message;
    const QString dst = QString::fromStdString(route.dst.toRouteString());
    if (m.contains(QStringLiteral("File exists")))
        out.hint = QObject::tr("%1 already has a route to %2 with the same key (destination, tos, metric): "
                               "delete or edit that route, or give this one another metric.")
                       .arg(QString::fromStdString(n->name), dst);
    else if (m.contains(QStringLiteral("invalid gateway")))
        out.hint = QObject::tr("The gateway must be reachable on the link: add a route to the gateway itself first "
                               "(e.g. %1 dev %2), or mark this route onlink.")
                       .arg(route.via ? QString::fromStdString(route.via->toString()) : QStringLiteral("GW"),
                            route.dev ? QString::fromStdString(*route.dev) : QStringLiteral("DEV"));
    else if (m.contains(QStringLiteral("Cannot find device")) || m.contains(QStringLiteral("No such device")))
        out.hint = QObject::tr("%1 has no interface by that name.").arg(QString::fromStdString(n->name));
    else if (m.contains(QStringLiteral("Network is unreachable")) || m.contains(QStringLiteral("Nexthop device is not up")))
        out.hint = QObject::tr("The route's device must be up and the gateway covered by one of its routes.");
    else if (m.contains(QStringLiteral("Invalid prefsrc")))
        out.hint = QObject::tr("The source address must be one of %1's own addresses.").arg(QString::fromStdString(n->name));
    else
        out.hint = QObject::tr("The kernel refuses this route as it stands.");
    return out;
}

} // namespace nslab::gui
