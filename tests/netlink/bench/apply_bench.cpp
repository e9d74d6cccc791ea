// apply_bench: apply / destroy / probe timings on Calico labs from `nslab-cli generate`, against
// running the exported per-command script and `ip -batch`. Run as root (it sandboxes itself in a
// private mount+network namespace like the tests); not part of ctest.
//   build/tests/apply_bench [--hosts 10 --pods 50] [--no-script]
#include "applier.h"
#include "io/labfile.h"
#include "netlinkexecutor.h"
#include "ops/printer.h"
#include "plan/plan.h"
#include "probe.h"
#include "sandbox.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <set>

using namespace nslab;

namespace {

QString bin(const char *name)
{
    QString dir = qEnvironmentVariable("NSLAB_BIN_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(NSLAB_BINARY_DIR "/bin");
    return dir + QLatin1Char('/') + QLatin1String(name);
}

struct Lab {
    model::Topology topology;
    int pods = 0;
};

Lab generate(int hosts, int pods, const QString &dir)
{
    const QString path = dir + QStringLiteral("/calico-%1x%2.json").arg(hosts).arg(pods);
    QProcess p;
    p.start(bin("nslab-cli"), {QStringLiteral("generate"), QStringLiteral("calico"), QStringLiteral("--hosts"), QString::number(hosts),
                               QStringLiteral("--pods-per-host"), QString::number(pods), QStringLiteral("-o"), path});
    p.waitForFinished(120000);
    QFile f(path);
    if (p.exitCode() != 0 || !f.open(QIODevice::ReadOnly))
        qFatal("nslab-cli generate failed: %s", p.readAllStandardError().constData());
    auto r = model::io::parseLabJson(f.readAll());
    if (!r.ok())
        qFatal("generated lab does not load");
    return {std::move(*r.topology), hosts * pods};
}

// CPU time of this process (user + system, which includes the softirq work of the packets it
// sends): steadier than wall time on a shared machine.
double cpuSeconds()
{
    rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

double runShell(const QString &script)
{
    QElapsedTimer t;
    t.start();
    QProcess p;
    p.start(QStringLiteral("bash"), {QStringLiteral("-e"), script});
    p.waitForFinished(-1);
    if (p.exitCode() != 0)
        qFatal("%s failed: %s", qPrintable(script), p.readAllStandardError().right(500).constData());
    return seconds(t);
}

// Delegates to the real executor and adds up the time spent per kind of op.
class TimingExecutor final : public nl::Executor {
public:
    explicit TimingExecutor(nl::Executor &inner) : m_inner(inner) {}
    nl::ExecResult execute(const model::ops::Op &op) override
    {
        QElapsedTimer t;
        t.start();
        auto r = m_inner.execute(op);
        m_ns[op.index()] += t.nsecsElapsed();
        ++m_count[op.index()];
        return r;
    }
    std::optional<nl::NsIdentity> namespaceIdentity(const std::string &n) override { return m_inner.namespaceIdentity(n); }
    bool removeNamespace(const std::string &n, std::string *e) override { return m_inner.removeNamespace(n, e); }
    bool linkExists(const std::string &ns, const std::string &d) override { return m_inner.linkExists(ns, d); }
    // A run of namespaces is made in one go: its time counts as that many netns adds.
    std::vector<nl::ExecResult> createNamespaces(const std::vector<model::ops::NetnsAdd> &ops) override
    {
        QElapsedTimer t;
        t.start();
        auto r = m_inner.createNamespaces(ops);
        const auto kind = model::ops::Op(model::ops::NetnsAdd{}).index();
        m_ns[kind] += t.nsecsElapsed();
        m_count[kind] += static_cast<long long>(r.size());
        return r;
    }
    void print() const
    {
        long long total = 0;
        for (long long ns : m_ns)
            total += ns;
        std::printf("    in the executor: %.1f ms\n", double(total) / 1e6);
        static const char *names[] = {"netns add", "netns del", "veth add", "bridge add", "dummy add", "link del", "link set",
                                      "addr add", "addr del", "addr flush", "route", "route flush", "neigh proxy",
                                      "neigh add", "sysctl"};
        for (std::size_t i = 0; i < 15; ++i)
            if (m_count[i])
                std::printf("    %-12s %6lld x %7.1f us = %7.1f ms\n", names[i], m_count[i], double(m_ns[i]) / 1e3 / double(m_count[i]),
                            double(m_ns[i]) / 1e6);
    }

private:
    nl::Executor &m_inner;
    long long m_ns[32] = {};
    long long m_count[32] = {};
};

} // namespace

class ApplyBench : public QObject {
    Q_OBJECT

    void applyDestroy(int hosts, int pods, bool withScript)
    {
        QTemporaryDir dir;
        const Lab lab = generate(hosts, pods, dir.path());
        const std::string prefix = "b-";
        const auto ops = model::plan::planBuild(lab.topology, {prefix});
        std::set<std::string> namespaces;
        for (const auto &op : ops)
            if (const auto *a = std::get_if<model::ops::NetnsAdd>(&op))
                namespaces.insert(a->name);

        // Namespaces removed by an earlier run (or case) are freed by the kernel's cleanup
        // workqueue for seconds afterwards; an apply timed meanwhile competes with it (measured:
        // netns add 370-470 us rested, 520-940 us right after a destroy).
        QTest::qWait(6000);
        QElapsedTimer t;
        double apply = 0;
        {
            // Each phase gets its own executor, as each nslab-cli run does: nothing of an
            // earlier phase holds a namespace open.
            nl::NetlinkExecutor ex;
            // NSLAB_BENCH_PROFILE: the time per kind of op (the rest of `apply` is the journal
            // and the applier's own bookkeeping).
            const bool profile = qEnvironmentVariableIsSet("NSLAB_BENCH_PROFILE");
            TimingExecutor timing(ex);
            t.start();
            const auto report = nl::applyOps(profile ? static_cast<nl::Executor &>(timing) : ex, ops, {prefix, "bench", {}, {}});
            apply = seconds(t);
            QVERIFY2(report.ok, report.toString().c_str());
            if (profile) {
                std::printf("  profiled apply %.3f s:\n", apply);
                timing.print();
            }
        }
        // Both removals start from a settled lab (IPv6 DAD, linkwatch and friends run after apply).
        QTest::qWait(3000);
        double destroy = 0;
        {
            nl::NetlinkExecutor ex;
            t.restart();
            const auto d = nl::destroyLab(ex, prefix);
            destroy = seconds(t);
            QVERIFY(d.ok);
        }
        std::printf("calico %dx%d: %zu ops, %zu namespaces: apply %.3f s = %.3f ms/pod; destroy %.3f s\n", hosts, pods,
                    ops.size(), namespaces.size(), apply, apply * 1000 / lab.pods, destroy);

        // The same namespaces removed by one `ip -batch` process.
        QTest::qWait(3000); // let the removed namespaces' cleanup finish first
        {
            nl::NetlinkExecutor ex;
            QVERIFY(nl::applyOps(ex, ops, {prefix, "bench", {}, {}}).ok);
        }
        QTest::qWait(3000);
        const QString batch = dir.path() + QStringLiteral("/del.batch");
        {
            QFile f(batch);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (const auto &n : namespaces)
                f.write(("netns del " + n + "\n").c_str());
        }
        t.restart();
        QProcess p;
        p.start(QStringLiteral("ip"), {QStringLiteral("-batch"), batch});
        p.waitForFinished(-1);
        const double ipBatch = seconds(t);
        QCOMPARE(p.exitCode(), 0);
        nl::removeJournal(prefix, nullptr);
        std::printf("  destroy vs ip -batch netns del: %.3f s vs %.3f s (ratio %.2f)\n", destroy, ipBatch, destroy / ipBatch);

        if (withScript) {
            const QString script = dir.path() + QStringLiteral("/apply.sh");
            {
                QFile f(script);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(model::ops::printScript(ops).c_str());
            }
            const double shell = runShell(script);
            std::printf("  exported per-command script: %.3f s = %.3f ms/pod; nslab apply is %.1fx faster\n", shell,
                        shell * 1000 / lab.pods, shell / apply);
            for (const auto &n : namespaces)
                nl::removeNamespace(n, nullptr);
            nl::removeJournal(prefix, nullptr);
        }
        std::fflush(stdout);
    }

private Q_SLOTS:
    void calico10x50() { applyDestroy(10, 50, !qEnvironmentVariableIsSet("NSLAB_BENCH_NO_SCRIPT")); }
    void calico20x50() { applyDestroy(20, 50, false); }

    void probe100Pods()
    {
        QTemporaryDir dir;
        const Lab lab = generate(2, 50, dir.path());
        const std::string prefix = "p-";
        const auto ops = model::plan::planBuild(lab.topology, {prefix});
        nl::NetlinkExecutor ex;
        QVERIFY(nl::applyOps(ex, ops, {prefix, "probe bench", {}, {}}).ok);
        std::vector<std::string> nodes;
        std::set<std::uint32_t> addrs;
        for (const auto &n : lab.topology.nodes) {
            nodes.push_back(n.name);
            for (const auto &i : n.interfaces)
                for (const auto &a : i.addresses)
                    addrs.insert(a.local.addr.v);
        }
        std::sort(nodes.begin(), nodes.end());
        std::vector<net::Ipv4> addresses;
        for (auto v : addrs)
            addresses.push_back({v});
        QElapsedTimer t;
        t.start();
        const double cpuBefore = cpuSeconds();
        nl::ProbeOptions options {prefix, 1000};
        options.lanes = unsigned(qEnvironmentVariableIntValue("NSLAB_BENCH_LANES")); // 0: one per CPU
        const auto report = nl::probe(ex, nodes, addresses, options);
        const double s = seconds(t);
        const double cpu = cpuSeconds() - cpuBefore;
        QVERIFY2(report.ok, report.error.c_str());
        int replies = 0;
        for (const auto &c : report.cells)
            replies += c.exitCode == 0;
        std::printf("probe calico 2x50: %zu nodes x %zu addresses = %zu pings (%d replies) in %.3f s"
                    " (%.3f s without the post-apply settle wait, of which %.3f s emptying neighbour caches:"
                    " %zu entries; %d lanes; %.3f s of CPU)\n",
                    nodes.size(), addresses.size(), report.cells.size(), replies, s, report.seconds, report.flushSeconds,
                    report.flushedEntries, report.lanes, cpu);
        std::fflush(stdout);
        QVERIFY(nl::destroyLab(ex, prefix).ok);
    }
};

NSLAB_SANDBOXED_TEST_MAIN(ApplyBench)
#include "apply_bench.moc"
