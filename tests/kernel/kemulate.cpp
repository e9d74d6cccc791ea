// kernel_emulate SCRIPT — the emulator's answer for an ip/sysctl script in the format of
// krecord.sh (the real kernel): per command exit code and stderr, then for every namespace the
// script creates `ip route show`, `... table local`, `ip -4 addr show` and `ip link show`
// (MAC addresses masked). `diff <(krecord.sh S) <(kernel_emulate S)` is the developer's oracle.
#include "kernel/kernel.h"
#include "ops/parser.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

using namespace nslab;

static std::string escape(std::string s)
{
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

static std::string maskMacs(const std::string &text)
{
    static const std::regex mac("link/ether [0-9a-f:]{17}");
    return std::regex_replace(text, mac, "link/ether MAC");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: kernel_emulate SCRIPT\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    kernel::Kernel k;
    std::cout << "[commands]\n";
    int index = 0;
    std::vector<std::string> created;
    for (const auto &cmd : model::ops::parseScript(text)) {
        ++index;
        if (cmd.unsupported) {
            std::cout << index << "\t?\t" << escape(cmd.message) << "\n";
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
        std::cout << index << '\t' << last.exitCode << '\t' << escape(err) << '\t' << escape(out) << "\n";
    }
    std::sort(created.begin(), created.end());
    created.erase(std::unique(created.begin(), created.end()), created.end());
    for (const auto &ns : created) {
        if (!k.ns(ns))
            continue;
        std::cout << "[routes " << ns << " main]\n" << k.routeShow(ns);
        std::cout << "[routes " << ns << " local]\n" << k.routeShow(ns, model::ops::kTableLocal);
        std::cout << "[addr " << ns << "]\n" << k.addrShow(ns);
        std::cout << "[link " << ns << "]\n" << maskMacs(k.linkShow(ns));
        std::cout << "[sysctl " << ns << "]\n";
        const kernel::Namespace &n = *k.ns(ns);
        auto dump = [](const std::string &name, const kernel::DevConf &c) {
            for (std::size_t i = 0; i < kernel::kDevOptCount; ++i)
                std::cout << name << '.' << kernel::devOptName(kernel::DevOpt(i)) << " = " << c.value[i] << "\n";
        };
        dump("all", n.all);
        dump("default", n.dflt);
        std::vector<const kernel::Device *> devs;
        for (const auto &d : n.devices)
            devs.push_back(&d);
        std::sort(devs.begin(), devs.end(), [](auto *a, auto *b) { return a->ifindex < b->ifindex; });
        for (const auto *d : devs) {
            dump(d->name, d->conf);
            std::cout << d->name << ".proxy_delay = " << d->proxyDelay << "\n";
        }
    }
    return 0;
}
