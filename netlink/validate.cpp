#include "validate.h"

#include <variant>

namespace nslab::nl {

namespace {

bool plainChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-';
}

bool fail(std::string *why, std::string text)
{
    if (why)
        *why = std::move(text);
    return false;
}

std::string quoted(std::string_view s)
{
    // Shown in error messages: keep them on one line whatever the input holds.
    std::string out = "\"";
    for (char c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
            out += hex[static_cast<unsigned char>(c) & 0xf];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

} // namespace

bool validPrefix(std::string_view prefix, std::string *why)
{
    if (prefix.empty())
        return fail(why, "the namespace prefix is empty");
    if (prefix.size() > kMaxPrefixLength)
        return fail(why, "the namespace prefix " + quoted(prefix) + " is longer than 32 characters");
    if (prefix.front() == '.')
        return fail(why, "the namespace prefix " + quoted(prefix) + " starts with '.'");
    for (char c : prefix)
        if (!plainChar(c))
            return fail(why, "the namespace prefix " + quoted(prefix) + " may only hold letters, digits, '_', '.' and '-'");
    return true;
}

bool validInterfaceName(std::string_view name, std::string *why)
{
    if (name.empty())
        return fail(why, "empty interface name");
    if (name.size() > 15)
        return fail(why, "interface name " + quoted(name) + " is longer than 15 bytes");
    if (name == "." || name == "..")
        return fail(why, "interface name " + quoted(name) + " is not allowed");
    for (char c : name)
        if (!plainChar(c))
            return fail(why, "interface name " + quoted(name) + " may only hold letters, digits, '_', '.' and '-'");
    return true;
}

bool validNamespaceName(std::string_view name, std::string_view prefix, std::string *why)
{
    if (name.empty())
        return fail(why, "empty namespace name");
    if (name.size() >= 255)
        return fail(why, "namespace name " + quoted(name.substr(0, 40)) + "... is too long");
    if (name == "." || name == "..")
        return fail(why, "namespace name " + quoted(name) + " is not allowed");
    for (char c : name)
        if (c == '/' || c <= ' ' || c == 0x7f || static_cast<unsigned char>(c) >= 0x80)
            return fail(why, "namespace name " + quoted(name) + " holds '/', a space or a control character");
    if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size())
        return fail(why, "namespace name " + quoted(name) + " does not start with the lab's prefix " + quoted(prefix));
    return true;
}

bool validSysctlKey(std::string_view key, std::string *why)
{
    if (key.size() > 200 || key.substr(0, 4) != "net.")
        return fail(why, "sysctl key " + quoted(key.substr(0, 60)) + " is not under net.");
    // Components are separated by '.', a '/' stands for a '.' inside a device name (sysctl(8)).
    std::size_t start = 0;
    while (start <= key.size()) {
        std::size_t end = key.find('.', start);
        if (end == std::string_view::npos)
            end = key.size();
        const std::string_view part = key.substr(start, end - start);
        if (part.empty())
            return fail(why, "sysctl key " + quoted(key) + " has an empty component");
        for (char c : part)
            if (!plainChar(c) && c != '/')
                return fail(why, "sysctl key " + quoted(key) + " holds a character that is not allowed");
        if (part == "/" || part.find("//") != std::string_view::npos || part.front() == '/' || part.back() == '/')
            return fail(why, "sysctl key " + quoted(key) + " has an empty device-name part");
        start = end + 1;
    }
    return true;
}

bool validSysctlValue(std::string_view value, std::string *why)
{
    if (value.empty() || value.size() > kMaxSysctlValueLength)
        return fail(why, "sysctl value " + quoted(value.substr(0, 70)) + " is empty or too long");
    for (char c : value)
        if (!((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '\t'))
            return fail(why, "sysctl value " + quoted(value) + " is not a number or a list of numbers");
    return true;
}

std::vector<std::string> validateOps(const std::vector<model::ops::Op> &ops, std::string_view prefix)
{
    using namespace model::ops;
    std::vector<std::string> problems;
    std::string why;
    if (!validPrefix(prefix, &why)) {
        problems.push_back(why);
        return problems;
    }
    if (ops.size() > kMaxOps) {
        problems.push_back("the lab has " + std::to_string(ops.size()) + " operations, more than the limit of "
                           + std::to_string(kMaxOps));
        return problems;
    }
    std::size_t namespaces = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const std::string where = "op " + std::to_string(i + 1) + ": ";
        auto ns = [&](const std::string &n) {
            if (!validNamespaceName(n, prefix, &why))
                problems.push_back(where + why);
        };
        auto dev = [&](const std::string &n) {
            if (!validInterfaceName(n, &why))
                problems.push_back(where + why);
        };
        std::visit(
            [&](const auto &o) {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, NetnsAdd>) {
                    ns(o.name);
                    ++namespaces;
                } else if constexpr (std::is_same_v<T, NetnsDel>) {
                    ns(o.name);
                } else if constexpr (std::is_same_v<T, Rejected>) {
                    problems.push_back(where + "a command the parser rejected cannot be applied");
                } else {
                    ns(o.ns);
                    if constexpr (std::is_same_v<T, LinkAddVeth>) {
                        dev(o.name);
                        dev(o.peer);
                        if (!o.netns.empty())
                            ns(o.netns);
                        if (!o.peerNetns.empty())
                            ns(o.peerNetns);
                    } else if constexpr (std::is_same_v<T, LinkAddBridge> || std::is_same_v<T, LinkAddDummy>
                                         || std::is_same_v<T, LinkDel>) {
                        dev(o.name);
                    } else if constexpr (std::is_same_v<T, LinkSet>) {
                        dev(o.dev);
                        if (o.master && !o.master->empty())
                            dev(*o.master);
                        if (o.netns)
                            ns(*o.netns);
                        if (o.newName)
                            dev(*o.newName);
                        if (o.mtu && (*o.mtu < 68 || *o.mtu > 65535))
                            problems.push_back(where + "mtu " + std::to_string(*o.mtu) + " is outside 68..65535");
                    } else if constexpr (std::is_same_v<T, AddrAdd> || std::is_same_v<T, AddrDel>
                                         || std::is_same_v<T, AddrFlush> || std::is_same_v<T, NeighProxy>
                                         || std::is_same_v<T, NeighAdd>) {
                        dev(o.dev);
                        if constexpr (std::is_same_v<T, AddrAdd> || std::is_same_v<T, AddrDel>) {
                            if (o.local.len > 32 || (o.peer && o.peer->len > 32))
                                problems.push_back(where + "prefix length above 32");
                        }
                    } else if constexpr (std::is_same_v<T, RouteOp>) {
                        if (o.dev)
                            dev(*o.dev);
                        if (o.dst.len > 32)
                            problems.push_back(where + "prefix length above 32");
                    } else if constexpr (std::is_same_v<T, RouteFlush>) {
                        if (o.dev)
                            dev(*o.dev);
                    } else if constexpr (std::is_same_v<T, SysctlSet>) {
                        if (!validSysctlKey(o.key, &why))
                            problems.push_back(where + why);
                        if (!validSysctlValue(o.value, &why))
                            problems.push_back(where + why);
                    }
                }
            },
            ops[i]);
        if (problems.size() > 50)
            break; // enough to tell the user what is wrong
    }
    if (namespaces > kMaxNamespaces)
        problems.push_back("the lab creates " + std::to_string(namespaces) + " namespaces, more than the limit of "
                           + std::to_string(kMaxNamespaces));
    return problems;
}

} // namespace nslab::nl
