#pragma once
// A fake executor with the real one's interface: it records every call (as command lines) and
// keeps just enough state — namespaces and the links in each — to answer identity, removal and
// link checks, and to refuse what the kernel would refuse for those objects (File exists, Cannot
// find device). For GUI tests and for running the executor test suite without root.
#include "executor.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nslab::nl {

class RecordingExecutor final : public Executor {
public:
    ExecResult execute(const model::ops::Op &op) override;
    std::optional<NsIdentity> namespaceIdentity(const std::string &name) override;
    bool removeNamespace(const std::string &name, std::string *error) override;
    bool linkExists(const std::string &ns, const std::string &dev) override;

    // Every call, in order: "execute: ip -n x link add ...", "remove: x".
    const std::vector<std::string> &calls() const { return m_calls; }
    // The next execute() call number `n` (0-based, counting execute calls) fails with `message`.
    void failCall(std::size_t n, std::string message) { m_failures[n] = std::move(message); }
    // Namespaces that exist now, sorted.
    std::vector<std::string> namespaces() const;
    // Pretend a namespace exists that this executor did not create (ownership tests).
    void addForeignNamespace(const std::string &name);

private:
    struct Ns {
        NsIdentity id;
        std::set<std::string> links;
    };
    std::map<std::string, Ns> m_ns;
    std::vector<std::string> m_calls;
    std::map<std::size_t, std::string> m_failures;
    std::size_t m_executed = 0;
    std::uint64_t m_nextIno = 4026531000;
};

} // namespace nslab::nl
