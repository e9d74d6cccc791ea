#pragma once
// The rollback journal: one JSON file per applied lab under /run/nslab, named after its prefix,
// rewritten atomically (temporary file + rename) before every namespace is created and after it
// exists. It is what destroy and status trust: a namespace is nslab's only if the journal names
// it, and destroy removes it only while its nsfs identity still matches the recorded one.
#include "netns.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace nslab::nl {

struct JournalNamespace {
    std::string name;
    bool created = false;        // false: about to be created (journal written first)
    NsIdentity identity;         // valid when created
};

struct JournalLink {
    std::string ns;
    std::string name;
};

struct Journal {
    enum class State : std::uint8_t { Applying, Applied, RollingBack };
    std::string prefix;
    std::string lab;             // what was applied (path or title), for status
    std::string started;         // ISO 8601 UTC
    State state = State::Applying;
    std::size_t total = 0;       // ops in the plan
    std::size_t done = 0;        // ops executed successfully
    std::vector<JournalNamespace> namespaces;
    std::vector<JournalLink> links;

    QByteArray toJson() const;
    // nullopt with `error` naming the JSON path on a malformed file.
    static std::optional<Journal> fromJson(const QByteArray &json, std::string *error);
};

std::string_view journalStateName(Journal::State s);

// Where journals live; NSLAB_STATE_DIR overrides it (tests), default /run/nslab.
std::string journalDir();
std::string journalPath(const std::string &prefix);
// Atomic write (0600, in a 0700 directory created when missing).
bool saveJournal(const Journal &journal, std::string *error);
std::optional<Journal> loadJournal(const std::string &prefix, std::string *error);
bool removeJournal(const std::string &prefix, std::string *error);
// An exclusive lock on one prefix (flock on /run/nslab/PREFIX.lock), held by apply and destroy so
// two of them never work on the same lab at once; the kernel drops it if the holder dies.
class PrefixLock {
public:
    explicit PrefixLock(const std::string &prefix);
    ~PrefixLock();
    PrefixLock(const PrefixLock &) = delete;
    PrefixLock &operator=(const PrefixLock &) = delete;
    bool locked() const { return m_fd >= 0; }
    const std::string &error() const { return m_error; }
    // The lab is gone: remove the lock file too (while still holding it).
    void removeFile();

private:
    std::string m_path;
    std::string m_error;
    int m_fd = -1;
};

// Prefixes of every journal present, sorted.
std::vector<std::string> listJournals();

} // namespace nslab::nl
