#include "recording.h"

#include "kernel/kernel.h"
#include "ops/parser.h"

#include <algorithm>
#include <regex>

namespace nslab::kerneltest {

namespace {

std::string escape(std::string s)
{
    // krecord.sh: one final newline dropped, inner newlines as "\n", tabs as spaces
    if (!s.empty() && s.back() == '\n')
        s.pop_back();
    std::string out;
    for (char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string maskMacs(const std::string &text)
{
    static const std::regex mac("link/ether [0-9a-f:]{17}");
    return std::regex_replace(text, mac, "link/ether MAC");
}

} // namespace

std::string emulatorRecording(std::string_view script)
{
    kernel::Kernel k;
    std::string rec = "[commands]\n";
    int index = 0;
    std::vector<std::string> created;
    for (const auto &cmd : model::ops::parseScript(script)) {
        ++index;
        if (cmd.unsupported) {
            rec += std::to_string(index) + "\t?\t" + escape(cmd.message) + "\t\n";
            continue;
        }
        model::ops::Result last;
        std::string err;
        std::string out;
        for (const auto &op : cmd.ops) {
            if (auto *a = std::get_if<model::ops::NetnsAdd>(&op))
                created.push_back(a->name);
            last = k.apply(op);
            err += last.err;
            out += last.out;
        }
        rec += std::to_string(index) + '\t' + std::to_string(last.exitCode) + '\t' + escape(err) + '\t'
            + escape(out) + '\n';
    }
    std::sort(created.begin(), created.end());
    created.erase(std::unique(created.begin(), created.end()), created.end());
    for (const auto &ns : created) {
        const kernel::Namespace *n = k.ns(ns);
        if (!n)
            continue;
        rec += "[routes " + ns + " main]\n" + k.routeShow(ns);
        rec += "[routes " + ns + " local]\n" + k.routeShow(ns, model::ops::kTableLocal);
        rec += "[addr " + ns + "]\n" + k.addrShow(ns);
        rec += "[link " + ns + "]\n" + maskMacs(k.linkShow(ns));
        rec += "[sysctl " + ns + "]\n";
        auto dump = [&rec](const std::string &name, const kernel::DevConf &c) {
            for (std::size_t i = 0; i < kernel::kDevOptCount; ++i)
                rec += name + '.' + std::string(kernel::devOptName(kernel::DevOpt(i))) + " = "
                    + std::to_string(c.value[i]) + '\n';
        };
        dump("all", n->all);
        dump("default", n->dflt);
        std::vector<const kernel::Device *> devs;
        for (const auto &d : n->devices)
            devs.push_back(&d);
        std::sort(devs.begin(), devs.end(), [](auto *a, auto *b) { return a->ifindex < b->ifindex; });
        for (const auto *d : devs) {
            dump(d->name, d->conf);
            rec += d->name + ".proxy_delay = " + std::to_string(d->proxyDelay) + '\n';
        }
    }
    return rec;
}

} // namespace nslab::kerneltest
