#include "recordingexecutor.h"

#include "opdescribe.h"

#include <variant>

namespace nslab::nl {

using namespace model::ops;

ExecResult RecordingExecutor::execute(const Op &op)
{
    m_calls.push_back("execute: " + describeOp(op));
    const std::size_t n = m_executed++;
    if (auto it = m_failures.find(n); it != m_failures.end())
        return ExecResult::failure(it->second);
    auto nsOf = [this](const std::string &name) -> Ns * {
        auto it = m_ns.find(name);
        return it == m_ns.end() ? nullptr : &it->second;
    };
    auto noNs = [](const std::string &name) {
        return ExecResult::failure("Cannot open network namespace \"" + name + "\": No such file or directory");
    };
    auto noDev = [](const std::string &dev) { return ExecResult::failure("Cannot find device \"" + dev + "\""); };
    const std::string &where = opNamespace(op);
    Ns *ns = where.empty() ? nullptr : nsOf(where);
    if (!where.empty() && !ns && isMutation(op))
        return noNs(where);
    return std::visit(
        [&](const auto &o) -> ExecResult {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, NetnsAdd>) {
                if (m_ns.count(o.name))
                    return ExecResult::failure("Cannot create namespace file \"/run/netns/" + o.name + "\": File exists");
                Ns created;
                created.id = {4, m_nextIno++};
                created.links.insert("lo");
                m_ns[o.name] = created;
                ExecResult r;
                r.created = created.id;
                return r;
            } else if constexpr (std::is_same_v<T, NetnsDel>) {
                if (!m_ns.erase(o.name))
                    return ExecResult::failure("Cannot remove namespace file \"/run/netns/" + o.name
                                               + "\": No such file or directory");
                return {};
            } else if constexpr (std::is_same_v<T, LinkAddVeth>) {
                Ns *a = nsOf(o.netns.empty() ? o.ns : o.netns);
                Ns *b = nsOf(o.peerNetns.empty() ? o.ns : o.peerNetns);
                if (!a || !b)
                    return ExecResult::failure("Error: argument is wrong: Invalid \"netns\" value");
                if (a->links.count(o.name) || b->links.count(o.peer) || (a == b && o.name == o.peer))
                    return ExecResult::failure("RTNETLINK answers: File exists");
                a->links.insert(o.name);
                b->links.insert(o.peer);
                return {};
            } else if constexpr (std::is_same_v<T, LinkAddBridge> || std::is_same_v<T, LinkAddDummy>) {
                if (!ns->links.insert(o.name).second)
                    return ExecResult::failure("RTNETLINK answers: File exists");
                return {};
            } else if constexpr (std::is_same_v<T, LinkDel>) {
                if (!ns->links.erase(o.name))
                    return noDev(o.name);
                return {};
            } else if constexpr (std::is_same_v<T, LinkSet>) {
                if (!ns->links.count(o.dev))
                    return noDev(o.dev);
                if (o.master && !o.master->empty() && !ns->links.count(*o.master))
                    return ExecResult::failure("Error: argument \"" + *o.master + "\" is wrong: Device does not exist");
                std::string name = o.dev;
                if (o.newName) {
                    if (ns->links.count(*o.newName))
                        return ExecResult::failure("RTNETLINK answers: File exists");
                    ns->links.erase(name);
                    name = *o.newName;
                    ns->links.insert(name);
                }
                if (o.netns) {
                    Ns *to = nsOf(*o.netns);
                    if (!to)
                        return ExecResult::failure("Error: argument \"" + *o.netns + "\" is wrong: Invalid \"netns\" value");
                    ns->links.erase(name);
                    to->links.insert(name);
                }
                return {};
            } else if constexpr (std::is_same_v<T, AddrAdd> || std::is_same_v<T, AddrDel> || std::is_same_v<T, AddrFlush>
                                 || std::is_same_v<T, NeighProxy> || std::is_same_v<T, NeighAdd>) {
                if (!ns->links.count(o.dev))
                    return noDev(o.dev);
                return {};
            } else if constexpr (std::is_same_v<T, RouteOp>) {
                if (o.dev && !ns->links.count(*o.dev))
                    return noDev(*o.dev);
                return {};
            } else if constexpr (std::is_same_v<T, Rejected>) {
                return ExecResult::failure(o.stderrText);
            } else {
                return {};
            }
        },
        op);
}

std::optional<NsIdentity> RecordingExecutor::namespaceIdentity(const std::string &name)
{
    auto it = m_ns.find(name);
    if (it == m_ns.end())
        return std::nullopt;
    return it->second.id;
}

bool RecordingExecutor::removeNamespace(const std::string &name, std::string *)
{
    m_calls.push_back("remove: " + name);
    m_ns.erase(name);
    return true;
}

bool RecordingExecutor::linkExists(const std::string &ns, const std::string &dev)
{
    auto it = m_ns.find(ns);
    return it != m_ns.end() && it->second.links.count(dev);
}

std::vector<std::string> RecordingExecutor::namespaces() const
{
    std::vector<std::string> names;
    for (const auto &[name, ns] : m_ns)
        names.push_back(name);
    return names;
}

void RecordingExecutor::addForeignNamespace(const std::string &name)
{
    Ns foreign;
    foreign.id = {4, m_nextIno++};
    foreign.links.insert("lo");
    m_ns[name] = foreign;
}

} // namespace nslab::nl
