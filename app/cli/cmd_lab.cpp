// nslab-cli import, routes, addrs, export, nodes (DESIGN.md "CLI contract").
#include "commands.h"
#include "labinput.h"

#include "io/labfile.h"
#include "ops/printer.h"
#include "plan/import.h"
#include "plan/plan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace nslab::cli {

namespace {

using namespace nslab::model;

// Exit codes: 0 success, 1 bad input (LAB, node), 2 bad usage.
constexpr int kBadInput = 1;
constexpr int kUsage = 2;

void err(const std::string &line) { std::fprintf(stderr, "nslab-cli: %s\n", line.c_str()); }
void out(const std::string &text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// A command's arguments: positionals, flags and options with a value, each checked.
struct Args {
    QStringList positional;
    std::map<QString, QString> values;
    std::set<QString> flags;
    bool help = false;

    bool parse(const char *command, const QStringList &args, std::initializer_list<const char *> valueOptions,
               std::initializer_list<const char *> flagOptions)
    {
        for (int i = 0; i < args.size(); ++i) {
            const QString &a = args[i];
            if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
                help = true;
                continue;
            }
            if (a == QLatin1String("--")) {
                positional += args.mid(i + 1);
                break;
            }
            if (!a.startsWith(QLatin1Char('-')) || a == QLatin1String("-")) {
                positional << a;
                continue;
            }
            QString name = a, value;
            bool inlineValue = false;
            if (const auto eq = a.indexOf(QLatin1Char('=')); eq > 0 && a.startsWith(QLatin1String("--"))) {
                name = a.left(eq);
                value = a.mid(eq + 1);
                inlineValue = true;
            }
            const bool isValue = std::any_of(valueOptions.begin(), valueOptions.end(),
                                             [&](const char *o) { return name == QLatin1String(o); });
            const bool isFlag = std::any_of(flagOptions.begin(), flagOptions.end(),
                                            [&](const char *o) { return name == QLatin1String(o); });
            if (isValue) {
                if (!inlineValue) {
                    if (i + 1 >= args.size()) {
                        err(std::string(command) + ": " + name.toStdString() + " needs a value");
                        return false;
                    }
                    value = args[++i];
                }
                values[name] = value;
            } else if (isFlag && !inlineValue) {
                flags.insert(name);
            } else {
                err(std::string(command) + ": unknown option '" + a.toStdString() + "' (see nslab-cli " + command
                    + " --help)");
                return false;
            }
        }
        return true;
    }
    bool has(const char *flag) const { return flags.count(QLatin1String(flag)) > 0; }
    std::optional<QString> value(const char *name) const
    {
        const auto it = values.find(QLatin1String(name));
        return it == values.end() ? std::nullopt : std::optional<QString>(it->second);
    }
};

bool wantPositionals(const char *command, const Args &a, int n, const char *usage)
{
    if (a.positional.size() == n)
        return true;
    err(std::string(command) + ": expected " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + " ("
        + usage + "), got " + std::to_string(a.positional.size()));
    return false;
}

// Names, sorted in the C locale (byte order).
std::vector<std::string> nodeNames(const LabInput &in)
{
    std::vector<std::string> names;
    for (const auto &[name, ns] : in.kernel.namespaces())
        names.push_back(name);
    for (const auto &n : in.topology.nodes)
        if (std::find(names.begin(), names.end(), n.name) == names.end())
            names.push_back(n.name);
    std::sort(names.begin(), names.end());
    return names;
}

bool knownNode(const LabInput &in, const QString &lab, const std::string &node)
{
    if (in.kernel.ns(node))
        return true;
    std::string list;
    for (const auto &n : nodeNames(in))
        list += (list.empty() ? "" : ", ") + n;
    err("no node \"" + node + "\" in " + lab.toStdString() + " (nodes: " + (list.empty() ? "none" : list) + ")");
    return false;
}

bool writeFile(const QString &path, const std::string &text, bool executable)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) || !f.commit()) {
        err("cannot write " + path.toStdString() + ": " + f.errorString().toStdString());
        return false;
    }
    if (executable)
        QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
    return true;
}

// ---- import --------------------------------------------------------------------------------

const char kImportHelp[] =
    "Usage: nslab-cli import SCRIPT [-o LAB.json] [--report] [--host NAME]\n\n"
    "Run SCRIPT's ip/sysctl commands through the kernel emulator in order and capture the\n"
    "result as a lab. Without -o and --report the lab is written to stdout.\n\n"
    "  -o, --output LAB.json  save the captured lab there\n"
    "  --report               one line per command: INDEX<TAB>EXIT<TAB>STDERR (INDEX counts\n"
    "                         command lines from 1; STDERR without its final newline, inner\n"
    "                         newlines as \\n, tabs as spaces; EXIT '-' for a skipped command)\n"
    "  --host NAME            the namespace that root-namespace commands act on (default host)\n";

// The first comment lines of a script say what it is.
void describeFromComments(Topology &t, const QByteArray &script, const QString &path)
{
    std::string text;
    for (const QByteArray &raw : script.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.startsWith("#!"))
            continue;
        if (!line.startsWith('#'))
            break;
        const std::string words = line.mid(1).trimmed().toStdString();
        if (!words.empty())
            text += (text.empty() ? "" : " ") + words;
    }
    t.title = QFileInfo(path).completeBaseName().toStdString();
    t.description = text;
}

int cmdImport(const QStringList &argv)
{
    Args a;
    if (!a.parse("import", argv, {"-o", "--output", "--host"}, {"--report"}))
        return kUsage;
    if (a.help) {
        out(kImportHelp);
        return 0;
    }
    if (!wantPositionals("import", a, 1, "SCRIPT"))
        return kUsage;
    const QString path = a.positional[0];
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        err(path.toStdString() + ": cannot read the script: "
            + (QFileInfo::exists(path) ? file.errorString().toStdString() : std::string("no such file")));
        return kBadInput;
    }
    const QByteArray data = file.readAll();
    if (data.trimmed().startsWith('{')) {
        err(path.toStdString() + ": this is a lab file, not a script (import reads ip/sysctl commands)");
        return kBadInput;
    }
    const std::string host = a.value("--host").value_or(QStringLiteral("host")).toStdString();
    if (host.empty() || host.find('/') != std::string::npos) {
        err("import: --host needs a namespace name");
        return kUsage;
    }
    plan::ImportResult r = plan::importScript(std::string_view(data.constData(), std::size_t(data.size())), host);
    describeFromComments(r.topology, data, path);

    for (const auto &c : r.commands)
        if (c.unsupported) {
            std::string msg = c.result.err;
            while (!msg.empty() && msg.back() == '\n')
                msg.pop_back();
            err(path.toStdString() + ":" + std::to_string(c.line) + ": skipped: " + msg + " (" + c.text + ")");
        }
    for (const auto &w : r.warnings)
        err(path.toStdString() + ": warning: " + w);

    if (a.has("--report")) {
        std::string report;
        for (const auto &c : r.commands) {
            std::string e = c.result.err;
            if (!e.empty() && e.back() == '\n')
                e.pop_back();
            std::string field;
            for (const char ch : e) {
                if (ch == '\n')
                    field += "\\n";
                else if (ch == '\t')
                    field += ' ';
                else
                    field += ch;
            }
            report += std::to_string(c.index) + '\t' + (c.unsupported ? std::string("-") : std::to_string(c.result.exitCode))
                      + '\t' + field + '\n';
        }
        out(report);
    }
    const auto output = a.value("-o") ? a.value("-o") : a.value("--output");
    if (output || !a.has("--report")) {
        // Some namespace names `ip` accepts cannot be kept in a lab file (whitespace): say so
        // rather than write a file that will not load.
        const auto check = io::parseLabJson(io::serializeLab(r.topology));
        if (!check.ok()) {
            for (const auto &e : check.errors)
                err(path.toStdString() + ": cannot be saved as a lab: " + e.toString());
            return kBadInput;
        }
    }
    if (output) {
        QString error;
        if (!io::saveLabAtomic(r.topology, *output, &error)) {
            err(error.toStdString());
            return kBadInput;
        }
    } else if (!a.has("--report")) {
        out(io::serializeLab(r.topology).toStdString());
    }
    return 0;
}

// ---- routes / addrs ------------------------------------------------------------------------

const char kRoutesHelp[] =
    "Usage: nslab-cli routes LAB NODE [--table main|local]\n\n"
    "Print exactly what `ip -n NODE route show [table local]` prints in the lab.\n"
    "LAB is a lab file (.json: planned, then emulated) or an ip script (run as-is).\n\n"
    "  --table main|local   the table to show (default main)\n"
    "  --host NAME          for a script: the namespace root-namespace commands act on\n";

int cmdRoutes(const QStringList &argv)
{
    Args a;
    if (!a.parse("routes", argv, {"--table", "--host"}, {}))
        return kUsage;
    if (a.help) {
        out(kRoutesHelp);
        return 0;
    }
    if (!wantPositionals("routes", a, 2, "LAB NODE"))
        return kUsage;
    std::uint32_t table = ops::kTableMain;
    if (const auto t = a.value("--table")) {
        bool numeric = false;
        const uint n = t->toUInt(&numeric);
        if (*t == QLatin1String("main"))
            table = ops::kTableMain;
        else if (*t == QLatin1String("local"))
            table = ops::kTableLocal;
        else if (numeric && n > 0)
            table = n;
        else {
            err("routes: unknown table '" + t->toStdString() + "' (main or local)");
            return kUsage;
        }
    }
    const auto in = loadLabInput(a.positional[0], a.value("--host").value_or(QStringLiteral("host")).toStdString());
    if (!in)
        return kBadInput;
    const std::string node = a.positional[1].toStdString();
    if (!knownNode(*in, a.positional[0], node))
        return kBadInput;
    out(in->kernel.routeShow(node, table));
    return 0;
}

const char kAddrsHelp[] =
    "Usage: nslab-cli addrs LAB NODE\n\n"
    "Print exactly what `ip -n NODE -4 addr show` prints in the lab.\n\n"
    "  --host NAME   for a script: the namespace root-namespace commands act on\n";

int cmdAddrs(const QStringList &argv)
{
    Args a;
    if (!a.parse("addrs", argv, {"--host"}, {}))
        return kUsage;
    if (a.help) {
        out(kAddrsHelp);
        return 0;
    }
    if (!wantPositionals("addrs", a, 2, "LAB NODE"))
        return kUsage;
    const auto in = loadLabInput(a.positional[0], a.value("--host").value_or(QStringLiteral("host")).toStdString());
    if (!in)
        return kBadInput;
    const std::string node = a.positional[1].toStdString();
    if (!knownNode(*in, a.positional[0], node))
        return kBadInput;
    out(in->kernel.addrShow(node));
    return 0;
}

// ---- nodes ---------------------------------------------------------------------------------

int cmdNodes(const QStringList &argv)
{
    Args a;
    if (!a.parse("nodes", argv, {"--host"}, {}))
        return kUsage;
    if (a.help) {
        out("Usage: nslab-cli nodes LAB\n\nPrint the lab's node (namespace) names, one per line, sorted.\n");
        return 0;
    }
    if (!wantPositionals("nodes", a, 1, "LAB"))
        return kUsage;
    const auto in = loadLabInput(a.positional[0], a.value("--host").value_or(QStringLiteral("host")).toStdString());
    if (!in)
        return kBadInput;
    std::string text;
    for (const auto &n : nodeNames(*in))
        text += n + '\n';
    out(text);
    return 0;
}

// ---- export --------------------------------------------------------------------------------

const char kExportHelp[] =
    "Usage: nslab-cli export LAB [-o FILE] [--per-host DIR] [--teardown] [--prefix P]\n\n"
    "Write a shell script that builds the lab on one machine, every node a named network\n"
    "namespace (PREFIX + node name). Run it as root.\n\n"
    "  -o, --output FILE  write the script there (default stdout)\n"
    "  --per-host DIR     one script per machine (host, router, LAN, free namespace) as you would\n"
    "                     run it on real machines: the machine's own commands plain, its\n"
    "                     namespaces through `ip -n`; links to other machines are its NICs\n"
    "  --teardown         the script that removes the lab instead\n"
    "  --prefix P         prepend P to every namespace name\n";

std::string kindList(const std::vector<const Node *> &nodes)
{
    std::string s;
    for (const Node *n : nodes)
        s += (s.empty() ? "" : ", ") + n->name + " (" + std::string(nodeKindName(n->kind)) + ")";
    return s;
}

// Comment lines, each starting "# ", wrapped at about 96 columns.
std::string commentBlock(const std::string &text)
{
    std::string outText, line;
    std::string word;
    const auto flushWord = [&]() {
        if (word.empty())
            return;
        if (!line.empty() && line.size() + 1 + word.size() > 94) {
            outText += "# " + line + '\n';
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        word.clear();
    };
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\t')
            flushWord();
        else
            word += c;
    }
    flushWord();
    if (!line.empty())
        outText += "# " + line + '\n';
    return outText;
}

std::string scriptHeader(const Topology &t, const QString &lab, const std::string &what)
{
    std::string h = "#!/bin/sh\n";
    h += "# nslab lab \"" + (t.title.empty() ? QFileInfo(lab).completeBaseName().toStdString() : t.title) + "\"\n";
    if (!t.description.empty())
        h += commentBlock(t.description);
    h += commentBlock(what);
    h += "# Generated by nslab-cli " NSLAB_VERSION " from " + QFileInfo(lab).fileName().toStdString() + ". Run as root.\n";
    return h;
}

std::string linkList(const Topology &t, const std::function<bool(const Link &)> &want)
{
    std::string s;
    for (const Link &l : t.links) {
        if (!want(l))
            continue;
        const Node *a = t.node(l.a.node);
        const Node *b = t.node(l.b.node);
        if (a && b)
            s += (s.empty() ? "" : ", ") + a->name + "/" + l.a.iface + " <-> " + b->name + "/" + l.b.iface;
    }
    return s;
}

int exportPerHost(const Topology &t, const QString &lab, const QString &dir, bool teardown, const std::string &prefix)
{
    if (!QDir().mkpath(dir)) {
        err("cannot create " + dir.toStdString());
        return kBadInput;
    }
    plan::PlanOptions options;
    options.prefix = prefix;
    for (const NodeId id : plan::machines(t)) {
        const Node *m = t.node(id);
        std::vector<const Node *> hosted;
        for (const Node &n : t.nodes)
            if (n.host == id)
                hosted.push_back(&n);
        std::string script;
        if (teardown) {
            std::string what = "Removes the namespaces that the build script made on machine " + m->name + ": ";
            what += hosted.empty() ? std::string("none.") : kindList(hosted) + ".";
            script = scriptHeader(t, lab, what);
            for (const Node *n : hosted)
                script += ops::printOp(ops::NetnsDel{prefix + n->name}) + '\n';
        } else {
            std::string what = "Machine " + m->name + " (" + std::string(nodeKindName(m->kind)) + ")";
            what += hosted.empty() ? std::string(".") : "; its namespaces: " + kindList(hosted) + ".";
            std::string nics;
            for (const Link &l : t.links) {
                const bool aIn = l.a.node == id || std::any_of(hosted.begin(), hosted.end(), [&](const Node *n) { return n->id == l.a.node; });
                const bool bIn = l.b.node == id || std::any_of(hosted.begin(), hosted.end(), [&](const Node *n) { return n->id == l.b.node; });
                if (aIn == bIn)
                    continue;
                const LinkEnd &mine = aIn ? l.a : l.b;
                const LinkEnd &theirs = aIn ? l.b : l.a;
                const Node *mn = t.node(mine.node);
                const Node *tn = t.node(theirs.node);
                if (mn && tn)
                    nics += (nics.empty() ? "" : ", ") + (mn->id == id ? std::string() : mn->name + "/") + mine.iface
                            + " (to " + tn->name + ")";
            }
            if (!nics.empty())
                what += " Its network interfaces must already exist: " + nics + ".";
            script = scriptHeader(t, lab, what) + "set -e\n";
            script += ops::printScript(plan::planHost(t, id, options), prefix + m->name);
        }
        if (!script.empty() && script.back() != '\n')
            script += '\n';
        const QString path = QDir(dir).filePath(QString::fromStdString(m->name) + QStringLiteral(".sh"));
        if (!writeFile(path, script, true))
            return kBadInput;
        std::fprintf(stderr, "%s\n", path.toUtf8().constData());
    }
    return 0;
}

int cmdExport(const QStringList &argv)
{
    Args a;
    if (!a.parse("export", argv, {"-o", "--output", "--per-host", "--prefix", "--host"}, {"--teardown"}))
        return kUsage;
    if (a.help) {
        out(kExportHelp);
        return 0;
    }
    if (!wantPositionals("export", a, 1, "LAB"))
        return kUsage;
    const std::string prefix = a.value("--prefix").value_or(QString()).toStdString();
    for (const char c : prefix)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
            err("export: --prefix may only contain letters, digits, '-', '_' and '.'");
            return kUsage;
        }
    const QString lab = a.positional[0];
    const auto in = loadLabInput(lab, a.value("--host").value_or(QStringLiteral("host")).toStdString());
    if (!in)
        return kBadInput;
    const Topology &t = in->topology;
    const bool teardown = a.has("--teardown");
    if (const auto dir = a.value("--per-host"))
        return exportPerHost(t, lab, *dir, teardown, prefix);

    plan::PlanOptions options;
    options.prefix = prefix;
    std::vector<const Node *> all;
    for (const Node &n : t.nodes)
        all.push_back(&n);
    std::string script;
    if (teardown) {
        script = scriptHeader(t, lab, "Removes the lab: deletes its " + std::to_string(all.size())
                                          + " network namespaces and with them every device, address and route in them: "
                                          + kindList(all) + ".");
        script += ops::printScript(plan::planTeardown(t, options));
    } else {
        std::string what = "Builds the lab on this machine, every node a named network namespace"
                           + (prefix.empty() ? std::string() : " prefixed \"" + prefix + "\"") + ": " + kindList(all) + ".";
        const std::string links = linkList(t, [](const Link &) { return true; });
        if (!links.empty())
            what += " Veth links: " + links + ".";
        what += " Remove it with the --teardown script.";
        script = scriptHeader(t, lab, what) + "set -e\n";
        script += ops::printScript(plan::planBuild(t, options));
    }
    if (!script.empty() && script.back() != '\n')
        script += '\n';
    const auto output = a.value("-o") ? a.value("-o") : a.value("--output");
    if (output)
        return writeFile(*output, script, true) ? 0 : kBadInput;
    out(script);
    return 0;
}

const Registration regImport{{"import", "import SCRIPT [-o LAB.json] [--report] [--host NAME]", cmdImport, 10}};
const Registration regRoutes{{"routes", "routes LAB NODE [--table main|local]", cmdRoutes, 20}};
const Registration regAddrs{{"addrs", "addrs LAB NODE", cmdAddrs, 21}};
const Registration regNodes{{"nodes", "nodes LAB", cmdNodes, 22}};
const Registration regExport{{"export", "export LAB [-o FILE] [--per-host DIR] [--teardown] [--prefix P]", cmdExport, 40}};

} // namespace

} // namespace nslab::cli
