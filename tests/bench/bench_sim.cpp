// Simulator benchmark (issue 3 "Scale"): the full reachability matrix of generated Calico labs,
// one traced ping, and a router chain to show how cost grows with hops. Single-threaded.
// Run: build/bin/bench_sim [--hosts H --pods P] [--repeat N]   (results in docs/benchmarks.md)
#include "plan/plan.h"
#include "routing/calico.h"
#include "sim/sim.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <string>

using namespace nslab;

namespace {

long maxRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double ms(qint64 ns) { return double(ns) / 1e6; }

// CPU time of this thread: on a shared machine wall clock also counts other people's builds.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Row {
    int hosts, pods;
    const char *neigh;
};

void benchCalico(int hosts, int pods, model::routing::CalicoOptions::Neighbours neigh, const char *neighName, int repeat)
{
    model::routing::CalicoOptions o;
    o.hosts = hosts;
    o.podsPerHost = pods;
    o.neighbours = neigh;
    QElapsedTimer t;
    t.start();
    const auto topo = model::routing::generateCalico(o);
    std::vector<std::string> failures;
    const kernel::Kernel k = model::plan::emulate(*topo, &failures);
    const double emulateMs = ms(t.nsecsElapsed());
    if (!failures.empty())
        std::fprintf(stderr, "warning: %zu planned ops failed, first: %s\n", failures.size(), failures.front().c_str());

    t.restart();
    sim::Simulator s(k);
    const double snapMs = ms(t.nsecsElapsed());

    double best = 1e30, bestCpu = 1e30;
    std::size_t pairs = 0, replies = 0;
    for (int i = 0; i < repeat; ++i) {
        t.restart();
        const double cpu0 = threadCpuMs();
        const sim::Matrix m = s.matrix();
        best = std::min(best, ms(t.nsecsElapsed()));
        bestCpu = std::min(bestCpu, threadCpuMs() - cpu0);
        pairs = m.exitCodes.size();
        replies = 0;
        for (auto c : m.exitCodes)
            replies += c == 0;
    }
    // One trace: pod of the first host to the last pod of the last host (2 routers each way).
    const std::string from = topo->nodes[3].name; // lan, gw, host01, first pod
    const auto &last = topo->nodes.back();
    const net::Ipv4 to = last.interfaces.front().addresses.front().local.addr;
    const int traces = 200;
    t.restart();
    std::size_t steps = 0;
    for (int i = 0; i < traces; ++i)
        steps += s.ping(from, to, true).trace.size();
    const double traceMs = ms(t.nsecsElapsed()) / traces;
    std::printf("calico %4d hosts × %4d pods (%-9s) ns=%5zu  pairs=%8zu  reply=%8zu  emulate=%8.1f ms  snapshot=%6.1f ms  "
                "matrix=%8.1f ms (cpu %.1f ms, %.0f ns/pair)  trace=%.3f ms (%zu steps)  maxrss=%ld MB\n",
                hosts, pods, neighName, topo->nodes.size(), pairs, replies, emulateMs, snapMs, best, bestCpu, bestCpu * 1e6 / double(pairs),
                traceMs, steps / traces, maxRssKb() / 1024);
    std::fflush(stdout);
}

// A chain ns0 — r1 — r2 — … — rN — ns1: every ping crosses N routers (cost per hop).
void benchChain(int routers, int repeat)
{
    using namespace model::ops;
    kernel::Kernel k;
    auto apply = [&](Op op) {
        const auto r = k.apply(op);
        if (!r.ok())
            std::fprintf(stderr, "chain op failed: %s", r.err.c_str());
    };
    auto name = [](int i) { return "c" + std::to_string(1000 + i); };
    const int n = routers + 2;
    for (int i = 0; i < n; ++i)
        apply(NetnsAdd{name(i)});
    for (int i = 0; i + 1 < n; ++i) {
        LinkAddVeth v;
        v.ns = name(i);
        v.name = "r";
        v.peer = "l";
        v.peerNetns = name(i + 1);
        apply(v);
    }
    auto net = [](int i, int host) { return net::Ipv4{0x0a000000u + std::uint32_t(i) * 256 + std::uint32_t(host)}; };
    for (int i = 0; i < n; ++i) {
        LinkSet lo;
        lo.ns = name(i);
        lo.dev = "lo";
        lo.up = true;
        apply(lo);
        apply(SysctlSet{name(i), "net.ipv4.ip_forward", "1"});
        for (const char *dev : {"l", "r"}) {
            if ((i == 0 && dev[0] == 'l') || (i == n - 1 && dev[0] == 'r'))
                continue;
            const int link = dev[0] == 'r' ? i : i - 1;
            AddrAdd a;
            a.ns = name(i);
            a.dev = dev;
            a.local = net::Prefix{net(link, dev[0] == 'r' ? 1 : 2), 24};
            apply(a);
            LinkSet up;
            up.ns = name(i);
            up.dev = dev;
            up.up = true;
            apply(up);
        }
    }
    for (int i = 0; i < n; ++i) {
        if (i + 1 < n && i + 1 < n - 1) {
            RouteOp r;
            r.ns = name(i);
            r.dst = net::Prefix{net::Ipv4{0x0a000000u + std::uint32_t(n - 2) * 256}, 24};
            r.via = net(i, 2);
            apply(r);
        }
        if (i > 1) {
            RouteOp r;
            r.ns = name(i);
            r.dst = net::Prefix{net::Ipv4{0x0a000000u}, 24};
            r.via = net(i - 1, 1);
            apply(r);
        }
    }
    sim::Simulator s(k);
    QElapsedTimer t;
    const net::Ipv4 dst = net(n - 2, 2);
    double best = 1e30;
    const int pings = 20000;
    int exit = -1;
    for (int r = 0; r < repeat; ++r) {
        t.start();
        for (int i = 0; i < pings; ++i)
            exit = s.ping(name(0), dst, false).exitCode;
        best = std::min(best, ms(t.nsecsElapsed()) / pings);
    }
    t.restart();
    const auto traced = s.ping(name(0), dst, true);
    const double traceMs = ms(t.nsecsElapsed());
    std::printf("chain %3d routers: exit %d, untraced ping %.2f µs, traced ping %.3f ms (%zu steps)\n", routers, exit,
                best * 1000, traceMs, traced.trace.size());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int repeat = 3;
    int hosts = 0, pods = 0;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--repeat"))
            repeat = args[i + 1].toInt();
        if (args[i] == QLatin1String("--hosts"))
            hosts = args[i + 1].toInt();
        if (args[i] == QLatin1String("--pods"))
            pods = args[i + 1].toInt();
    }
    using N = model::routing::CalicoOptions::Neighbours;
    if (hosts > 0) {
        benchCalico(hosts, pods, N::Auto, "auto", repeat);
        return 0;
    }
    for (const auto &[h, p] : {std::pair{2, 2}, {5, 20}, {10, 50}, {20, 25}})
        benchCalico(h, p, N::Arp, "arp", repeat);
    benchCalico(20, 50, N::Arp, "arp", repeat);
    benchCalico(20, 50, N::Permanent, "permanent", repeat);
    for (int r : {1, 4, 16, 60})
        benchChain(r, repeat);
    std::printf("peak maxrss: %ld MB\n", maxRssKb() / 1024);
    return 0;
}
