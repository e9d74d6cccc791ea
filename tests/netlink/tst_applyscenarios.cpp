// Issue 6: every scenario of the differential suite (tests/diff/scenarios) applied for real the
// way `nslab-cli apply SCRIPT` does it (import → planBuild with a prefix → applyOps on the libnl
// executor), then checked against the emulator and the simulator fed the very same op list:
// `ip -n NS route show [table local]` byte for byte for every namespace, and every cell of the
// real probe against the predicted ping exit code. Then destroy must leave nothing behind.
//
// The real side of several scenarios runs at once (NSLAB_APPLY_JOBS, default 12): each has its
// own prefix and its own NetlinkExecutor in its own thread, and most of a scenario's time is the
// probe waiting for echoes that never come. The model side (import, plan, emulator, simulator)
// stays on the main thread. NSLAB_APPLY_FILTER (regular expression on file names) runs a subset.
#include "applier.h"
#include "journal.h"
#include "kernel/kernel.h"
#include "labrequests.h"
#include "netlinkexecutor.h"
#include "opdescribe.h"
#include "plan/import.h"
#include "plan/plan.h"
#include "probe.h"
#include "sandbox.h"
#include "sim/sim.h"
#include "validate.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace nslab;
using nslab::test::inSandbox;

namespace {

constexpr int kDefaultJobs = 12;
constexpr int kMaxJobs = 16;

QString runIp(const std::string &ns, bool local)
{
    QStringList args{QStringLiteral("-n"), QString::fromStdString(ns), QStringLiteral("route"), QStringLiteral("show")};
    if (local)
        args << QStringLiteral("table") << QStringLiteral("local");
    return test::run(QStringLiteral("ip"), args);
}

// Everything one scenario needs and finds. The model fields are filled on the main thread before
// the worker starts; the real fields by the worker; `done` under Runner::m_mutex.
struct Scenario {
    QString file;
    std::string prefix;
    // Model side.
    std::string notApplied;                  // why the real side was not tried (set before the worker)
    std::vector<model::ops::Op> ops;
    std::vector<std::string> emulatorRefusals; // planned ops the emulator refuses (the plan is wrong)
    std::vector<std::string> importWarnings;
    std::string planDiffers;
    std::unique_ptr<kernel::Kernel> emulator; // the planned ops, prefixed (what applyOps was given)
    std::unique_ptr<kernel::Kernel> script;   // the script itself, unprefixed (what `nslab-cli probe` predicts from)
    std::vector<std::string> nodes;          // without prefix, C-locale order
    std::vector<net::Ipv4> addresses;
    // Real side.
    nl::ApplyReport apply;
    nl::ProbeReport probe;
    QStringList realNamespaces;              // under /run/netns with the prefix, after apply
    std::map<std::string, std::pair<QString, QString>> realRoutes; // ns → (main, local)
    nl::DestroyReport destroy;
    QStringList leftovers;
    double seconds = 0;
    bool done = false;
};

// Namespaces, nsfs mounts, journal and lock file left with `prefix`.
QStringList leftoversOf(const std::string &prefix)
{
    const QString p = QString::fromStdString(prefix);
    QStringList left = test::namespacesWithPrefix(p);
    left += test::netnsMountsWithPrefix(p);
    left += test::stateFilesWithPrefix(prefix);
    return left;
}

// The real side of one scenario, on a worker thread with its own executor.
void runReal(Scenario &s)
{
    QElapsedTimer clock;
    clock.start();
    nl::NetlinkExecutor executor;
    nl::ApplyOptions options;
    options.prefix = s.prefix;
    options.lab = s.file.toStdString();
    s.apply = nl::applyOps(executor, s.ops, options);
    if (s.apply.ok) {
        s.realNamespaces = test::namespacesWithPrefix(QString::fromStdString(s.prefix));
        // The probe first: it waits until carrier and bridge-port changes have settled
        // (linkwatch), which the `linkdown` flags of the route tables depend on as well.
        s.probe = nl::probe(executor, s.nodes, s.addresses, {s.prefix, 1000, 0});
        for (const auto &node : s.nodes) {
            const std::string ns = s.prefix + node;
            s.realRoutes[ns] = {runIp(ns, false), runIp(ns, true)};
        }
    }
    s.destroy = nl::destroyLab(executor, s.prefix);
    s.leftovers = leftoversOf(s.prefix);
    s.seconds = clock.elapsed() / 1000.0;
}

QString tableName(std::uint32_t table)
{
    return table == model::ops::kTableLocal ? QStringLiteral("local") : QStringLiteral("main");
}

// `text` with every line quoted, so trailing spaces and empty tables show.
QString quoted(const QString &text)
{
    if (text.isEmpty())
        return QStringLiteral("        (empty)\n");
    QString out;
    QString t = text;
    if (t.endsWith(QLatin1Char('\n')))
        t.chop(1);
    for (const QString &l : t.split(QLatin1Char('\n')))
        out += QStringLiteral("        |%1|\n").arg(l);
    return out;
}

} // namespace

class TstApplyScenarios : public QObject {
    Q_OBJECT

    QString m_dir;
    std::vector<std::unique_ptr<Scenario>> m_scenarios;
    std::map<QString, Scenario *> m_byFile;
    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::size_t m_next = 0; // the next scenario a worker takes (under m_mutex)
    QElapsedTimer m_clock;

    void prepare(Scenario &s)
    {
        QFile f(m_dir + QLatin1Char('/') + s.file);
        if (!f.open(QIODevice::ReadOnly)) {
            s.notApplied = "cannot read " + f.fileName().toStdString() + ": " + f.errorString().toStdString();
            return;
        }
        const QByteArray text = f.readAll();
        // As `nslab-cli apply SCRIPT` does (labinput.cpp, cmd_apply.cpp).
        model::plan::ImportResult imported = model::plan::importScript(std::string_view(text.constData(), std::size_t(text.size())));
        s.importWarnings = imported.warnings;
        s.script = std::make_unique<kernel::Kernel>(std::move(imported.kernel));
        s.ops = model::plan::planBuild(imported.topology, {s.prefix});
        for (const auto &problem : nl::validateOps(s.ops, s.prefix))
            s.notApplied += "plan refused by the validator: " + problem + "\n";
        s.emulator = std::make_unique<kernel::Kernel>();
        for (std::size_t i = 0; i < s.ops.size(); ++i) {
            const model::ops::Result r = s.emulator->apply(s.ops[i]);
            if (!r.ok())
                s.emulatorRefusals.push_back("op " + std::to_string(i) + " `" + nl::describeOp(s.ops[i]) + "`: " + r.err);
        }
        std::vector<std::string> namespaces;
        nl::probeTargets(*s.emulator, &namespaces, &s.addresses);
        for (const auto &ns : namespaces) {
            if (ns.rfind(s.prefix, 0) != 0) {
                s.notApplied += "the emulator has namespace " + ns + " without the prefix " + s.prefix + "\n";
                continue;
            }
            s.nodes.push_back(ns.substr(s.prefix.size()));
        }
        if (s.nodes.empty())
            s.notApplied += "the planned lab has no namespace\n";
        // The plan must rebuild the script's final state: same namespaces, same addresses.
        std::vector<std::string> scriptNodes;
        std::vector<net::Ipv4> scriptAddresses;
        nl::probeTargets(*s.script, &scriptNodes, &scriptAddresses);
        if (scriptNodes != s.nodes || scriptAddresses != s.addresses)
            s.planDiffers = "the planned lab has other namespaces or addresses than the script leaves behind";
    }

    void worker()
    {
        for (;;) {
            Scenario *s = nullptr;
            {
                std::lock_guard lock(m_mutex);
                while (m_next < m_scenarios.size() && !m_scenarios[m_next]->notApplied.empty()) {
                    m_scenarios[m_next]->done = true;
                    ++m_next;
                }
                if (m_next == m_scenarios.size())
                    break;
                s = m_scenarios[m_next++].get();
            }
            runReal(*s);
            {
                std::lock_guard lock(m_mutex);
                s->done = true;
            }
            m_changed.notify_all();
        }
        m_changed.notify_all();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = QStringLiteral(NSLAB_SOURCE_DIR "/tests/diff/scenarios");
        QStringList files = QDir(m_dir).entryList({QStringLiteral("*.sh")}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 80, qPrintable(QStringLiteral("expected the differential corpus in %1").arg(m_dir)));
        const QString filter = qEnvironmentVariable("NSLAB_APPLY_FILTER");
        if (!filter.isEmpty()) {
            const QRegularExpression re(filter);
            QVERIFY2(re.isValid(), qPrintable(QStringLiteral("NSLAB_APPLY_FILTER: ") + re.errorString()));
            files = files.filter(re);
            QVERIFY2(!files.isEmpty(), qPrintable(QStringLiteral("NSLAB_APPLY_FILTER=%1 matches no scenario").arg(filter)));
        }
        static const QRegularExpression number(QStringLiteral("^(\\d+)-"));
        for (int i = 0; i < files.size(); ++i) {
            auto s = std::make_unique<Scenario>();
            s->file = files[i];
            // Short and unique: "as" + the scenario's number ("as07-"), well inside the
            // validator's 32-byte prefix and NAME_MAX namespace names.
            const auto m = number.match(files[i]);
            s->prefix = "as" + (m.hasMatch() ? m.captured(1) : QString::number(i)).toStdString() + "-";
            std::string why;
            QVERIFY2(nl::validPrefix(s->prefix, &why), why.c_str());
            m_byFile[s->file] = s.get();
            m_scenarios.push_back(std::move(s));
        }
        if (!inSandbox())
            return;
        m_clock.start();
        for (auto &s : m_scenarios)
            prepare(*s);
        bool ok = false;
        int jobs = qEnvironmentVariableIntValue("NSLAB_APPLY_JOBS", &ok);
        if (!ok || jobs < 1)
            jobs = kDefaultJobs;
        jobs = std::min({jobs, kMaxJobs, int(m_scenarios.size())});
        qInfo("applying %zu scenarios, %d at a time", m_scenarios.size(), jobs);
        for (int j = 0; j < jobs; ++j)
            m_workers.emplace_back([this] { worker(); });
    }

    void cleanupTestCase()
    {
        for (auto &w : m_workers)
            w.join();
        m_workers.clear();
        if (m_clock.isValid())
            qInfo("%zu scenarios applied, checked and destroyed in %.1f s", m_scenarios.size(), m_clock.elapsed() / 1000.0);
    }

    void scenario_data()
    {
        QTest::addColumn<QString>("file");
        for (const auto &s : m_scenarios)
            QTest::newRow(qPrintable(s->file)) << s->file;
    }

    void scenario()
    {
        QFETCH(QString, file);
        if (!inSandbox())
            QSKIP("needs root (runs in a private mount+network namespace)");
        Scenario &s = *m_byFile.at(file);
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return s.done; });
        }
        QVERIFY2(s.notApplied.empty(), (s.file.toStdString() + ": " + s.notApplied).c_str());
        for (const auto &w : s.importWarnings)
            qInfo("%s: import warning: %s", qPrintable(s.file), w.c_str());

        QStringList problems;
        qsizetype routeLines = 0;
        for (const auto &r : s.emulatorRefusals)
            problems << QStringLiteral("  the emulator refuses planned %1").arg(QString::fromStdString(r));
        if (!s.apply.ok) {
            problems << QStringLiteral("  apply failed: %1").arg(QString::fromStdString(s.apply.toString()));
        } else {
            // 1. The namespaces themselves.
            QStringList expected;
            for (const auto &n : s.nodes)
                expected << QString::fromStdString(s.prefix + n);
            QStringList real = s.realNamespaces;
            real.sort();
            expected.sort();
            if (real != expected)
                problems << QStringLiteral("  namespaces: kernel %1, emulator %2").arg(real.join(QLatin1Char(' ')), expected.join(QLatin1Char(' ')));

            if (!s.planDiffers.empty())
                problems << QStringLiteral("  %1").arg(QString::fromStdString(s.planDiffers));

            // 2. Route tables, main and local, per namespace: the kernel against the emulator fed
            // the same ops, and against the emulator of the script itself (the plan's fidelity).
            for (const auto &node : s.nodes) {
                const std::string ns = s.prefix + node;
                const auto &[realMain, realLocal] = s.realRoutes[ns];
                for (const std::uint32_t table : {model::ops::kTableMain, model::ops::kTableLocal}) {
                    const QString &k = table == model::ops::kTableMain ? realMain : realLocal;
                    const QString planned = QString::fromStdString(s.emulator->routeShow(ns, table));
                    const QString script = QString::fromStdString(s.script->routeShow(node, table));
                    if (k != planned)
                        problems << QStringLiteral("  `ip -n %1 route show table %2`:\n      kernel:\n%3      emulator (planned ops):\n%4")
                                        .arg(QString::fromStdString(ns), tableName(table), quoted(k), quoted(planned))
                                        .chopped(1);
                    else if (k != script)
                        problems << QStringLiteral("  `ip -n %1 route show table %2`:\n      kernel and emulator of the planned ops:\n%3"
                                                   "      emulator of the script:\n%4")
                                        .arg(QString::fromStdString(ns), tableName(table), quoted(k), quoted(script))
                                        .chopped(1);
                    routeLines += k.count(QLatin1Char('\n'));
                }
            }

            // 3. The probe, cell by cell.
            if (!s.probe.ok) {
                problems << QStringLiteral("  probe failed: %1").arg(QString::fromStdString(s.probe.error));
            } else if (s.probe.cells.size() != s.nodes.size() * s.addresses.size()) {
                problems << QStringLiteral("  probe returned %1 cells for %2 x %3").arg(s.probe.cells.size()).arg(s.nodes.size()).arg(s.addresses.size());
            } else {
                sim::Simulator simulator(*s.emulator);
                sim::Simulator scriptSimulator(*s.script); // what `nslab-cli probe` predicts from
                int bad = 0;
                for (const auto &c : s.probe.cells) {
                    const std::string ns = s.prefix + c.node;
                    const auto predicted = simulator.ping(ns, c.addr, false);
                    const int fromScript = scriptSimulator.ping(c.node, c.addr, false).exitCode;
                    if (predicted.exitCode == c.exitCode && fromScript == c.exitCode)
                        continue;
                    ++bad;
                    const auto explained = simulator.ping(ns, c.addr, true);
                    problems << QStringLiteral("  ping %1 -> %2: kernel exit %3 (%4); simulator exit %5 (\"%6\": %7)%8")
                                    .arg(QString::fromStdString(ns), QString::fromStdString(c.addr.toString()))
                                    .arg(c.exitCode)
                                    .arg(QString::fromStdString(c.detail))
                                    .arg(predicted.exitCode)
                                    .arg(QString::fromStdString(explained.message), QString::fromStdString(explained.explanation),
                                         fromScript == predicted.exitCode ? QString()
                                                                          : QStringLiteral("; simulator of the script: exit %1").arg(fromScript));
                }
                if (bad)
                    problems << QStringLiteral("  %1 of %2 probe cells differ from the prediction").arg(bad).arg(s.probe.cells.size());
            }
        }

        // 4. Destroy leaves nothing.
        if (!s.destroy.ok)
            problems << QStringLiteral("  destroy failed: %1").arg(QString::fromStdString(
                                                                    [&] { std::string t; for (const auto &p : s.destroy.problems) t += p + "; "; return t; }()));
        if (!s.destroy.leftAlone.empty())
            problems << QStringLiteral("  destroy left namespaces alone: %1").arg(s.destroy.leftAlone.size());
        if (!s.leftovers.isEmpty())
            problems << QStringLiteral("  left after destroy: %1").arg(s.leftovers.join(QStringLiteral("; ")));

        qInfo("%s: %zu ops, %zu namespaces, %lld route lines, %zu probe cells, %.1f s (probe %.1f s)", qPrintable(s.file),
              s.ops.size(), s.nodes.size(), qlonglong(routeLines), s.probe.cells.size(), s.seconds, s.probe.seconds);
        if (!problems.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 (prefix %2) applied for real differs from the emulator/simulator:\n%3")
                                 .arg(s.file, QString::fromStdString(s.prefix), problems.join(QLatin1Char('\n')))));
    }
};

NSLAB_SANDBOXED_TEST_MAIN(TstApplyScenarios)
#include "tst_applyscenarios.moc"
