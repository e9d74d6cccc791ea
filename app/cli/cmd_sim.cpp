// nslab-cli ping, matrix, generate (DESIGN.md "CLI contract"): the simulator's face.
#include "commands.h"
#include "labinput.h"

#include "io/labfile.h"
#include "routing/calico.h"
#include "sim/sim.h"

#include <QJsonDocument>

#include <cstdio>
#include <map>
#include <set>
#include <string>

namespace nslab::cli {

namespace {

void err(const std::string &line) { std::fprintf(stderr, "nslab-cli: %s\n", line.c_str()); }
void out(const std::string &text) { std::fwrite(text.data(), 1, text.size(), stdout); }
void out(const QByteArray &text) { std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout); }

// Positionals, `--flag`s and `--option VALUE` / `--option=VALUE` / `-o VALUE`, each checked.
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
            if (!a.startsWith(QLatin1Char('-')) || a == QLatin1String("-") || a.size() < 2) {
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
            bool known = false;
            for (const char *v : valueOptions) {
                if (name == QLatin1String(v)) {
                    known = true;
                    if (!inlineValue) {
                        if (i + 1 >= args.size()) {
                            err(std::string(command) + ": option " + name.toStdString() + " needs a value");
                            return false;
                        }
                        value = args[++i];
                    }
                    values[name] = value;
                }
            }
            for (const char *f : flagOptions) {
                if (name == QLatin1String(f) && !inlineValue) {
                    known = true;
                    flags.insert(name);
                }
            }
            if (!known) {
                err(std::string(command) + ": unknown option " + a.toStdString() + " (see nslab-cli " + command + " --help)");
                return false;
            }
        }
        return true;
    }
};

constexpr int kUsage = 2;
constexpr int kBadInput = 1;
// `ip netns exec NOSUCH ping …` exits 255; so do we for a LAB or NODE that cannot be used.
constexpr int kNoNamespace = 255;

int cmdPing(const QStringList &argv)
{
    Args a;
    if (!a.parse("ping", argv, {}, {"--json"}))
        return kUsage;
    if (a.help) {
        out(std::string("Usage: nslab-cli ping LAB NODE ADDR [--json]\n\n"
                        "Simulates `ping -n -c1 -W1 ADDR` in namespace NODE with cold neighbour caches.\n"
                        "Exit code: 0 reply, 1 no reply, 2 local error (what ping returns).\n"
                        "stdout: the hop-by-hop trace and why; stderr: the message ping prints on a local error.\n"));
        return 0;
    }
    if (a.positional.size() != 3) {
        err("ping: expected LAB NODE ADDR (see nslab-cli ping --help)");
        return kUsage;
    }
    const std::string addrText = a.positional[2].toStdString();
    const auto dst = net::Ipv4::parse(addrText);
    if (!dst) {
        // iputils ping's answer for something that is not an address.
        std::fprintf(stderr, "ping: %s: Name or service not known\n", addrText.c_str());
        return kUsage;
    }
    auto lab = loadLabInput(a.positional[0]);
    if (!lab)
        return kNoNamespace;
    const std::string node = a.positional[1].toStdString();
    sim::Simulator simulator(lab->kernel);
    if (!simulator.hasNode(node)) {
        std::fprintf(stderr, "Cannot open network namespace \"%s\": No such file or directory\n", node.c_str());
        return kNoNamespace;
    }
    const sim::PingResult r = simulator.ping(node, *dst, true);
    if (a.flags.count(QStringLiteral("--json")))
        out(sim::toJson(r, node, *dst).toJson(QJsonDocument::Indented));
    else
        out(sim::formatTrace(r, node, *dst));
    if (r.exitCode == 2 && !r.message.empty())
        std::fprintf(stderr, "%s\n", r.message.c_str());
    std::fflush(stdout);
    return r.exitCode;
}

std::string jsonString(std::string_view v)
{
    std::string s = "\"";
    for (const char c : v) {
        if (c == '"' || c == '\\') {
            s += '\\';
            s += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            s += buf;
        } else {
            s += c;
        }
    }
    return s + "\"";
}

// The same document as sim::toJson(Matrix), streamed: a million cells as a QJsonDocument would
// need about 1 GB; written directly they need nothing beyond the matrix itself.
void writeMatrixJson(const sim::Matrix &m)
{
    std::vector<std::string> addrs;
    addrs.reserve(m.addresses.size());
    for (const auto &ad : m.addresses)
        addrs.push_back(jsonString(ad.toString()));
    std::string text = "{\n    \"addresses\": [";
    for (std::size_t i = 0; i < addrs.size(); ++i)
        text += (i ? ", " : "") + addrs[i];
    text += "],\n    \"cells\": [\n";
    bool first = true;
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        const std::string node = jsonString(m.nodes[n]);
        for (std::size_t i = 0; i < addrs.size(); ++i) {
            if (!first)
                text += ",\n";
            first = false;
            text += "        {\"address\": " + addrs[i] + ", \"disposition\": \"";
            text += sim::dispositionName(m.disposition(n, i));
            text += "\", \"exitCode\": ";
            text += char('0' + m.exitCode(n, i));
            text += ", \"node\": " + node + "}";
        }
        if (text.size() > (1u << 20)) {
            out(text);
            text.clear();
        }
    }
    text += "\n    ],\n    \"nodes\": [";
    for (std::size_t n = 0; n < m.nodes.size(); ++n)
        text += (n ? ", " : "") + jsonString(m.nodes[n]);
    text += "]\n}\n";
    out(text);
}

int cmdMatrix(const QStringList &argv)
{
    Args a;
    if (!a.parse("matrix", argv, {}, {"--json"}))
        return kUsage;
    if (a.help) {
        out(std::string("Usage: nslab-cli matrix LAB [--json]\n\n"
                        "Every node × every IPv4 address on any interface (127.0.0.0/8 excluded):\n"
                        "NODE<TAB>ADDR<TAB>EXIT, sorted by node (C locale) then address (numeric).\n"
                        "--json adds each cell's disposition (reply, arp-unanswered, ...).\n"));
        return 0;
    }
    if (a.positional.size() != 1) {
        err("matrix: expected LAB (see nslab-cli matrix --help)");
        return kUsage;
    }
    auto lab = loadLabInput(a.positional[0]);
    if (!lab)
        return kBadInput;
    sim::Simulator simulator(lab->kernel);
    const sim::Matrix m = simulator.matrix();
    if (a.flags.count(QStringLiteral("--json"))) {
        writeMatrixJson(m);
        return 0;
    }
    std::vector<std::string> addrs;
    addrs.reserve(m.addresses.size());
    for (const auto &ad : m.addresses)
        addrs.push_back(ad.toString());
    std::string text;
    text.reserve(m.nodes.size() * m.addresses.size() * 24);
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        for (std::size_t i = 0; i < addrs.size(); ++i) {
            text += m.nodes[n];
            text += '\t';
            text += addrs[i];
            text += '\t';
            text += char('0' + m.exitCode(n, i));
            text += '\n';
        }
        if (text.size() > (1u << 20)) {
            out(text);
            text.clear();
        }
    }
    out(text);
    return 0;
}

int cmdGenerate(const QStringList &argv)
{
    Args a;
    if (!a.parse("generate", argv, {"--hosts", "--pods-per-host", "-o", "--output", "--neighbours"}, {"--no-gateway"}))
        return kUsage;
    if (a.help) {
        out(std::string("Usage: nslab-cli generate calico --hosts H --pods-per-host P [-o LAB.json]\n"
                        "                              [--neighbours auto|arp|permanent] [--no-gateway]\n\n"
                        "Writes Calico's proxy-ARP wiring at any size: hosts on one LAN bridge, pods with a /32 on eth0,\n"
                        "`169.254.1.1 dev eth0 scope link` and `default via 169.254.1.1 dev eth0`; host side caliN with\n"
                        "proxy_arp=1, proxy_delay=0, a /32 route per pod and every other host's pod block via its LAN address.\n"
                        "Beyond 500 pods neighbours are permanent entries (auto). Without -o the lab goes to stdout.\n"));
        return 0;
    }
    if (a.positional.size() != 1 || a.positional[0] != QLatin1String("calico")) {
        err("generate: expected the generator name `calico` (see nslab-cli generate --help)");
        return kUsage;
    }
    model::routing::CalicoOptions o;
    auto number = [&](const char *name, int *target) {
        const auto it = a.values.find(QLatin1String(name));
        if (it == a.values.end()) {
            err(std::string("generate: ") + name + " is required");
            return false;
        }
        bool ok = false;
        const int v = it->second.toInt(&ok);
        if (!ok) {
            err(std::string("generate: ") + name + " expects a number, not \"" + it->second.toStdString() + "\"");
            return false;
        }
        *target = v;
        return true;
    };
    if (!number("--hosts", &o.hosts) || !number("--pods-per-host", &o.podsPerHost))
        return kUsage;
    o.gateway = !a.flags.count(QStringLiteral("--no-gateway"));
    if (const auto it = a.values.find(QStringLiteral("--neighbours")); it != a.values.end()) {
        if (it->second == QLatin1String("auto"))
            o.neighbours = model::routing::CalicoOptions::Neighbours::Auto;
        else if (it->second == QLatin1String("arp"))
            o.neighbours = model::routing::CalicoOptions::Neighbours::Arp;
        else if (it->second == QLatin1String("permanent"))
            o.neighbours = model::routing::CalicoOptions::Neighbours::Permanent;
        else {
            err("generate: --neighbours expects auto, arp or permanent, not \"" + it->second.toStdString() + "\"");
            return kUsage;
        }
    }
    std::string error;
    const auto topo = model::routing::generateCalico(o, &error);
    if (!topo) {
        err("generate: " + error);
        return kUsage;
    }
    QString path = a.values.count(QStringLiteral("-o")) ? a.values[QStringLiteral("-o")] : QString();
    if (a.values.count(QStringLiteral("--output")))
        path = a.values[QStringLiteral("--output")];
    if (path.isEmpty() || path == QLatin1String("-")) {
        out(model::io::serializeLab(*topo));
        return 0;
    }
    QString saveError;
    if (!model::io::saveLabAtomic(*topo, path, &saveError)) {
        err("generate: cannot write " + path.toStdString() + ": " + saveError.toStdString());
        return kBadInput;
    }
    return 0;
}

const Registration regPing{{"ping", "ping LAB NODE ADDR [--json]", cmdPing, 30}};
const Registration regMatrix{{"matrix", "matrix LAB [--json]", cmdMatrix, 31}};
const Registration regGenerate{{"generate", "generate calico --hosts H --pods-per-host P [-o LAB.json]", cmdGenerate, 50}};

} // namespace

} // namespace nslab::cli
