#pragma once
// Named network namespaces made the way iproute2 makes them (ip/ipnetns.c netns_add): a file
// under /run/netns with a bind mount of a fresh namespace on it, /run/netns itself a shared mount
// point so the mounts propagate. Deleting one is umount2(MNT_DETACH) + unlink, which takes every
// interface, address and route inside with it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nslab::nl {

// An owned file descriptor.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    UniqueFd(UniqueFd &&o) noexcept : m_fd(o.release()) {}
    UniqueFd &operator=(UniqueFd &&o) noexcept;
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    ~UniqueFd();
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    int release() { int f = m_fd; m_fd = -1; return f; }
private:
    int m_fd = -1;
};

// Which namespace a /run/netns entry is: the nsfs device and inode of the mounted namespace.
// Recorded at creation so that destroy never removes a namespace that is not the one it made.
struct NsIdentity {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    bool operator==(const NsIdentity &) const = default;
};

// The directory holding named namespaces (iproute2's NETNS_RUN_DIR).
std::string netnsRunDir();
std::string netnsPath(std::string_view name);

// Creates the named namespace like `ip netns add NAME`. Fails, touching nothing, if the name
// exists. Error texts follow iproute2 ("Cannot create namespace file \"/run/netns/x\": File exists").
std::optional<NsIdentity> createNamespace(const std::string &name, std::string *error);
// The identity of /run/netns/NAME when it is a mounted network namespace, else nullopt.
std::optional<NsIdentity> namespaceIdentity(const std::string &name);
// umount2(MNT_DETACH) + unlink. A name that is already gone is not an error.
bool removeNamespace(const std::string &name, std::string *error);
// Every name under /run/netns (sorted).
std::vector<std::string> listNamespaces();
// O_RDONLY|O_CLOEXEC descriptor of the named namespace.
UniqueFd openNamespace(const std::string &name, std::string *error);

// Runs `fn` in a new thread that has joined the network namespace `nsFd` (setns only affects the
// calling thread, and the thread ends with it, so the caller's namespace never changes).
bool runInNamespace(int nsFd, const std::function<void()> &fn, std::string *error);

// One long-lived thread that moves between namespaces (unshare / setns affect only it), so that
// making a namespace or writing a sysctl does not pay for a thread each time. run() blocks until
// the task is done; tasks run one at a time.
class NsThread {
public:
    NsThread();
    ~NsThread();
    NsThread(const NsThread &) = delete;
    NsThread &operator=(const NsThread &) = delete;
    void run(const std::function<void()> &task);
    // setns into `nsFd`, then `fn`, on this thread.
    bool runIn(int nsFd, const std::function<void()> &fn, std::string *error);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// What createNamespace made, with the namespace's descriptor and anything `inside` produced
// while the creating thread was still in it (the executor opens its route socket there).
struct CreatedNamespace {
    NsIdentity identity;
    UniqueFd fd;
};
std::optional<CreatedNamespace> createNamespace(NsThread &thread, const std::string &name,
                                                const std::function<void()> &inside, std::string *error);
// The same with `unshare` on the calling thread, which stays inside the new namespace: only for
// a thread that exists to make namespaces and ends afterwards.
std::optional<CreatedNamespace> createNamespaceOnThisThread(const std::string &name, const std::function<void()> &inside,
                                                            std::string *error);

} // namespace nslab::nl
