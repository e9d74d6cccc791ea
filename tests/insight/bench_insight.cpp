// What the insight panels pay after each edit on a ~100-namespace lab: plan + emulate, every
// route table as `ip route show` text, and the full reachability matrix (labanalysis.cpp, the
// function the GUI runs off its thread). Issue 5 asks for < 50 ms.
// Run: build/bin/bench_insight [--hosts H --pods P] [--repeat N]
#include "labanalysis.h"
#include "routing/calico.h"
#include "topology/edits.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cstdio>

using namespace nslab;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto arg = [&](const char *name, int def) {
        const int i = int(args.indexOf(QString::fromLatin1(name)));
        return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : def;
    };
    model::routing::CalicoOptions o;
    o.hosts = arg("--hosts", 9);
    o.podsPerHost = arg("--pods", 10);
    const int repeat = arg("--repeat", 30);
    auto topo = model::routing::generateCalico(o);
    if (!topo) {
        std::fprintf(stderr, "cannot generate the lab\n");
        return 1;
    }
    // The edit: toggle proxy_arp on one host-side veth back and forth (a "what if").
    const model::Node *host = nullptr;
    for (const auto &n : topo->nodes)
        if (n.kind == model::NodeKind::Host) {
            host = &n;
            break;
        }
    std::string cali;
    for (const auto &i : host->interfaces)
        if (i.name.rfind("cali", 0) == 0) {
            cali = i.name;
            break;
        }
    std::vector<double> times;
    std::size_t pairs = 0, namespaces = 0;
    for (int i = 0; i < repeat; ++i) {
        model::Edit e(model::edit::SetInterfaceSysctl{host->id, cali, "proxy_arp", i % 2 ? 1 : 0});
        model::applyEdit(*topo, e);
        QElapsedTimer t;
        t.start();
        const auto a = gui::insight::analyzeLab(*topo, quint64(i));
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        pairs = a->matrix.exitCodes.size();
        namespaces = a->matrix.nodes.size();
    }
    std::sort(times.begin(), times.end());
    std::printf("insight re-analysis after an edit: %zu namespaces, %zu pairs, %d runs: median %.1f ms, min %.1f ms, max %.1f ms\n",
                namespaces, pairs, repeat, times[times.size() / 2], times.front(), times.back());
    return 0;
}
