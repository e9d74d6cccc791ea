// nslab-cli apply / destroy / status / probe: the lab on the real machine (DESIGN.md "Applying
// to a real machine"). As root the work happens in-process; otherwise through nslab-helper,
// started with pkexec. Namespaces are PREFIX + node name; the default prefix is "nslab-" so an
// applied lab never collides with namespaces the user made by hand.
#include "commands.h"
#include "labinput.h"

#include "plan/plan.h"
#include "sim/sim.h"

#ifdef NSLAB_HAVE_NETLINK
#include "applier.h"
#include "helperclient.h"
#include "labrequests.h"
#include "logging.h"
#include "netlinkexecutor.h"
#include "probe.h"
#include "validate.h"
#endif

#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include <sys/ioctl.h>
#include <unistd.h>

namespace nslab::cli {

namespace {

constexpr const char *kDefaultPrefix = "nslab-";

void err(const std::string &line)
{
    std::fprintf(stderr, "nslab-cli: %s\n", line.c_str());
}

struct Args {
    QString lab;
    std::string prefix = kDefaultPrefix;
    bool prefixGiven = false;
    std::string logLevel;
    bool help = false;
};

// LAB? [--prefix P] [--log-level L]; false after printing the problem.
bool parseArgs(const char *command, const QStringList &args, bool labAllowed, Args *out)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](const char *name) -> std::optional<std::string> {
            if (a.startsWith(QLatin1String(name) + QLatin1Char('=')))
                return a.mid(qsizetype(qstrlen(name)) + 1).toStdString();
            if (i + 1 >= args.size()) {
                err(std::string(command) + ": " + name + " needs a value");
                return std::nullopt;
            }
            return args[++i].toStdString();
        };
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out->help = true;
        } else if (a == QLatin1String("--prefix") || a.startsWith(QLatin1String("--prefix="))) {
            auto v = value("--prefix");
            if (!v)
                return false;
            out->prefix = *v;
            out->prefixGiven = true;
        } else if (a == QLatin1String("--log-level") || a.startsWith(QLatin1String("--log-level="))) {
            auto v = value("--log-level");
            if (!v)
                return false;
            out->logLevel = *v;
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            err(std::string(command) + ": unknown option " + a.toStdString());
            return false;
        } else if (labAllowed && out->lab.isEmpty()) {
            out->lab = a;
        } else {
            err(std::string(command) + ": unexpected argument " + a.toStdString());
            return false;
        }
    }
#ifdef NSLAB_HAVE_NETLINK
    std::string why;
    if (!nl::validPrefix(out->prefix, &why)) {
        err(std::string(command) + ": " + why);
        return false;
    }
    nl::initLogging(out->logLevel, spdlog::level::warn);
#endif
    return true;
}

#ifdef NSLAB_HAVE_NETLINK

// Root works in-process; NSLAB_USE_HELPER=1 forces the helper path (tests, debugging it).
bool asRoot()
{
    return ::geteuid() == 0 && qEnvironmentVariable("NSLAB_USE_HELPER") != QLatin1String("1");
}

// "[ 12/340] ip -n nslab-a route add ..." rewritten in place on a terminal; nothing otherwise.
class ProgressLine {
public:
    ProgressLine() : m_tty(::isatty(STDERR_FILENO)) {}
    ~ProgressLine() { finish(); }
    void update(std::size_t step, std::size_t total, const std::string &op)
    {
        if (!m_tty)
            return;
        winsize ws {};
        std::size_t width = 80;
        if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
            width = ws.ws_col;
        std::string line = "[" + std::to_string(step) + "/" + std::to_string(total) + "] " + op;
        if (line.size() > width - 1)
            line.resize(width - 1);
        std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
        std::fflush(stderr);
        m_shown = true;
    }
    void finish()
    {
        if (m_shown)
            std::fprintf(stderr, "\r\x1b[K");
        m_shown = false;
    }

private:
    bool m_tty;
    bool m_shown = false;
};

std::optional<QJsonObject> viaHelper(QJsonObject request, ProgressLine *progress)
{
    nl::HelperClient client;
    std::string error;
    if (!client.start(nl::HelperClient::defaultOptions(), &error)) {
        err("cannot start the privileged helper: " + error);
        return std::nullopt;
    }
    auto result = client.call(std::move(request), [&](const QJsonObject &p) {
        if (progress)
            progress->update(std::size_t(p.value(QStringLiteral("step")).toInteger()),
                             std::size_t(p.value(QStringLiteral("total")).toInteger()),
                             p.value(QStringLiteral("op")).toString().toStdString());
    }, &error);
    if (progress)
        progress->finish();
    if (!result)
        err("helper: " + error);
    return result;
}

int cmdApply(const QStringList &argv)
{
    Args a;
    if (!parseArgs("apply", argv, true, &a))
        return 2;
    if (a.help || a.lab.isEmpty()) {
        std::fputs("Usage: nslab-cli apply LAB [--prefix P] [--log-level L]\n\n"
                   "Creates the lab on this machine: one network namespace PREFIX+NODE per node\n"
                   "(default prefix \"nslab-\"), all or nothing. As root it runs in-process,\n"
                   "otherwise through nslab-helper (pkexec). Undo with: nslab-cli destroy --prefix P\n",
                   a.help ? stdout : stderr);
        return a.help ? 0 : 2;
    }
    auto input = loadLabInput(a.lab);
    if (!input)
        return 2;
    const std::vector<model::ops::Op> ops = model::plan::planBuild(input->topology, {a.prefix});
    ProgressLine progress;
    const std::string labName = a.lab.toStdString();
    std::size_t namespaces = 0;
    if (asRoot()) {
        nl::NetlinkExecutor executor;
        nl::ApplyOptions options;
        options.prefix = a.prefix;
        options.lab = labName;
        options.progress = [&](std::size_t s, std::size_t t, const std::string &op) { progress.update(s, t, op); };
        const nl::ApplyReport report = nl::applyOps(executor, ops, options);
        progress.finish();
        if (!report.ok) {
            err("apply " + labName + ": " + report.toString());
            return 1;
        }
        namespaces = report.namespaces;
    } else {
        auto result = viaHelper(nl::applyRequest(a.prefix, labName, ops), &progress);
        if (!result)
            return 1;
        if (!result->value(QStringLiteral("ok")).toBool()) {
            err("apply " + labName + ": " + nl::resultError(*result));
            return 1;
        }
        namespaces = std::size_t(result->value(QStringLiteral("namespaces")).toInteger());
    }
    std::printf("applied %s: %zu namespaces with prefix %s (remove with: nslab-cli destroy --prefix %s)\n",
                labName.c_str(), namespaces, a.prefix.c_str(), a.prefix.c_str());
    return 0;
}

int cmdDestroy(const QStringList &argv)
{
    Args a;
    if (!parseArgs("destroy", argv, true, &a))
        return 2;
    if (a.help || (a.lab.isEmpty() && !a.prefixGiven)) {
        std::fputs("Usage: nslab-cli destroy LAB|--prefix P\n\n"
                   "Removes exactly the namespaces apply recorded for prefix P (default \"nslab-\")\n"
                   "in /run/nslab/P.json, then the record. Safe to repeat; never touches a namespace\n"
                   "nslab did not create.\n",
                   a.help ? stdout : stderr);
        return a.help ? 0 : 2;
    }
    std::vector<std::string> removed, leftAlone;
    bool hadJournal = false;
    if (asRoot()) {
        nl::NetlinkExecutor executor;
        const nl::DestroyReport report = nl::destroyLab(executor, a.prefix);
        for (const auto &p : report.problems)
            err("destroy: " + p);
        if (!report.ok)
            return 1;
        removed = report.removed;
        leftAlone = report.leftAlone;
        hadJournal = report.hadJournal;
    } else {
        auto result = viaHelper(nl::destroyRequest(a.prefix), nullptr);
        if (!result)
            return 1;
        if (!result->value(QStringLiteral("ok")).toBool()) {
            err("destroy: " + nl::resultError(*result));
            return 1;
        }
        nl::DestroyReport report = nl::destroyReportFromResult(*result);
        removed = std::move(report.removed);
        leftAlone = std::move(report.leftAlone);
        hadJournal = report.hadJournal;
    }
    for (const auto &n : leftAlone)
        err("destroy: left " + n + " alone: it is not the namespace nslab created");
    if (!hadJournal)
        std::printf("nothing applied with prefix %s\n", a.prefix.c_str());
    else
        std::printf("destroyed prefix %s: removed %zu namespaces\n", a.prefix.c_str(), removed.size());
    return 0;
}

int cmdStatus(const QStringList &argv)
{
    Args a;
    if (!parseArgs("status", argv, false, &a))
        return 2;
    if (a.help) {
        std::fputs("Usage: nslab-cli status\n\nOne line per applied lab: PREFIX<TAB>STATE<TAB>NAMESPACES<TAB>"
                   "matches|differs<TAB>LAB,\nfollowed by what differs from the record, indented.\n",
                   stdout);
        return 0;
    }
    std::vector<nl::LabStatus> labs;
    if (asRoot()) {
        nl::NetlinkExecutor executor;
        labs = nl::labStatus(executor);
    } else {
        auto result = viaHelper(nl::statusRequest(), nullptr);
        if (!result)
            return 1;
        if (!result->value(QStringLiteral("ok")).toBool()) {
            err("status: " + nl::resultError(*result));
            return 1;
        }
        labs = nl::labStatusFromResult(*result);
    }
    if (labs.empty())
        std::fputs("nslab-cli: no lab is applied\n", stderr);
    for (const auto &s : labs) {
        std::printf("%s\t%s\t%zu\t%s\t%s\n", s.prefix.c_str(), s.state.c_str(), s.namespaces,
                    s.matches ? "matches" : "differs", s.lab.c_str());
        for (const auto &p : s.problems)
            std::printf("  %s\n", p.c_str());
    }
    return 0;
}

int cmdProbe(const QStringList &argv)
{
    Args a;
    if (!parseArgs("probe", argv, true, &a))
        return 2;
    if (a.help || a.lab.isEmpty()) {
        std::fputs("Usage: nslab-cli probe LAB [--prefix P]\n\n"
                   "Real pings inside the applied lab, every node to every address, printed like\n"
                   "`nslab-cli matrix`: NODE<TAB>ADDR<TAB>EXIT (0 reply, 1 no reply, 2 local error).\n"
                   "Pairs where the kernel disagrees with the prediction are reported on stderr.\n"
                   "Exit 0: all agree, 1: disagreements, 2: could not probe.\n",
                   a.help ? stdout : stderr);
        return a.help ? 0 : 2;
    }
    auto input = loadLabInput(a.lab);
    if (!input)
        return 2;
    // Nodes and addresses exactly as the matrix lists them.
    std::vector<std::string> nodes;
    std::vector<net::Ipv4> addresses;
    nl::probeTargets(input->kernel, &nodes, &addresses);

    std::vector<nl::ProbeCell> cells;
    if (asRoot()) {
        std::string error;
        if (!nl::loadJournal(a.prefix, &error)) {
            err("probe: " + error + "; apply the lab first");
            return 2;
        }
        nl::NetlinkExecutor executor;
        nl::ProbeReport report = nl::probe(executor, nodes, addresses, {a.prefix, 1000});
        if (!report.ok) {
            err("probe: " + report.error);
            return 2;
        }
        cells = std::move(report.cells);
    } else {
        auto result = viaHelper(nl::probeRequest(a.prefix, nodes, addresses), nullptr);
        if (!result)
            return 2;
        if (!result->value(QStringLiteral("ok")).toBool()) {
            err("probe: " + nl::resultError(*result));
            return 2;
        }
        cells = nl::probeReportFromResult(*result).cells;
    }
    for (const auto &c : cells)
        std::printf("%s\t%s\t%d\n", c.node.c_str(), c.addr.toString().c_str(), c.exitCode);
    std::fflush(stdout);

    // Where the kernel decides by a random delay, the prediction cannot be exact.
    for (const auto &w : nl::proxyDelayWarnings(input->kernel))
        err("probe: warning: " + w);

    sim::Simulator simulator(input->kernel);
    const sim::Matrix predicted = simulator.matrix();
    std::map<std::pair<std::string, std::uint32_t>, int> expect;
    for (std::size_t n = 0; n < predicted.nodes.size(); ++n)
        for (std::size_t i = 0; i < predicted.addresses.size(); ++i)
            expect[{predicted.nodes[n], predicted.addresses[i].v}] = predicted.exitCode(n, i);
    int disagreements = 0;
    for (const auto &c : cells) {
        auto it = expect.find({c.node, c.addr.v});
        if (it == expect.end() || it->second == c.exitCode)
            continue;
        ++disagreements;
        err("probe: " + c.node + " -> " + c.addr.toString() + ": predicted " + std::to_string(it->second) + ", kernel "
            + std::to_string(c.exitCode) + " (" + c.detail + ")");
    }
    if (disagreements)
        err("probe: " + std::to_string(disagreements) + " of " + std::to_string(cells.size())
            + " pairs disagree with the prediction");
    return disagreements ? 1 : 0;
}

#else

int unavailable(const QStringList &)
{
    err("this nslab-cli was built without netlink support (NSLAB_BUILD_NETLINK=OFF)");
    return 2;
}
#define cmdApply unavailable
#define cmdDestroy unavailable
#define cmdStatus unavailable
#define cmdProbe unavailable

#endif

const Registration regApply{{"apply", "apply LAB [--prefix P]", cmdApply, 50}};
const Registration regDestroy{{"destroy", "destroy LAB|--prefix P", cmdDestroy, 51}};
const Registration regStatus{{"status", "status", cmdStatus, 52}};
const Registration regProbe{{"probe", "probe LAB [--prefix P]", cmdProbe, 53}};

} // namespace

} // namespace nslab::cli
