#include "netns.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nslab::nl {

UniqueFd &UniqueFd::operator=(UniqueFd &&o) noexcept
{
    if (this != &o) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = o.release();
    }
    return *this;
}

UniqueFd::~UniqueFd()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::string netnsRunDir()
{
    return "/run/netns";
}

std::string netnsPath(std::string_view name)
{
    std::string p = netnsRunDir();
    p += '/';
    p += name;
    return p;
}

namespace {

std::string errnoText(int e)
{
    return std::strerror(e);
}

// The nsfs device: a mount of a network namespace has it, an ordinary file does not.
std::optional<std::uint64_t> nsfsDevice()
{
    struct stat st {};
    if (::stat("/proc/self/ns/net", &st) != 0)
        return std::nullopt;
    return std::uint64_t(st.st_dev);
}

// /run/netns as a shared mount point, as netns_add prepares it (once per process).
bool prepareRunDir(std::string *error)
{
    static std::mutex mutex;
    static bool prepared = false;
    std::lock_guard lock(mutex);
    if (prepared)
        return true;
    const std::string dir = netnsRunDir();
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
        *error = "mkdir " + dir + " failed: " + errnoText(errno);
        return false;
    }
    bool madeMount = false;
    while (::mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr) != 0) {
        // Not a mount point yet: make it one by bind-mounting it onto itself, then retry.
        if (errno != EINVAL || madeMount) {
            *error = "\"mount --make-shared " + dir + "\" failed: " + errnoText(errno);
            return false;
        }
        if (::mount(dir.c_str(), dir.c_str(), "none", MS_BIND | MS_REC, nullptr) != 0) {
            *error = "\"mount --bind " + dir + " " + dir + "\" failed: " + errnoText(errno);
            return false;
        }
        madeMount = true;
    }
    prepared = true;
    return true;
}

} // namespace

struct NsThread::Impl {
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable done;
    const std::function<void()> *task = nullptr;
    bool finished = false;
    bool quit = false;
    std::thread thread;
};

NsThread::NsThread() : d(std::make_unique<Impl>())
{
    d->thread = std::thread([impl = d.get()] {
        std::unique_lock lock(impl->mutex);
        for (;;) {
            impl->wake.wait(lock, [impl] { return impl->quit || impl->task; });
            if (impl->quit)
                return;
            (*impl->task)();
            impl->task = nullptr;
            impl->finished = true;
            impl->done.notify_all();
        }
    });
}

NsThread::~NsThread()
{
    {
        std::lock_guard lock(d->mutex);
        d->quit = true;
    }
    d->wake.notify_all();
    d->thread.join();
}

void NsThread::run(const std::function<void()> &task)
{
    std::unique_lock lock(d->mutex);
    d->task = &task;
    d->finished = false;
    d->wake.notify_all();
    d->done.wait(lock, [this] { return d->finished; });
}

bool NsThread::runIn(int nsFd, const std::function<void()> &fn, std::string *error)
{
    int failure = 0;
    run([&] {
        if (::setns(nsFd, CLONE_NEWNET) != 0) {
            failure = errno;
            return;
        }
        fn();
    });
    if (failure && error)
        *error = "setting the network namespace failed: " + errnoText(failure);
    return failure == 0;
}

namespace {

// `runUnshare` runs its argument on the thread that is to enter the new namespace.
template <typename RunUnshare>
std::optional<CreatedNamespace> makeNamespace(RunUnshare &&runUnshare, const std::string &name,
                                              const std::function<void()> &inside, std::string *error)
{
    std::string localError;
    if (!error)
        error = &localError;
    if (!prepareRunDir(error))
        return std::nullopt;
    const std::string path = netnsPath(name);
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
        if (fd < 0) {
            *error = "Cannot create namespace file \"" + path + "\": " + errnoText(errno);
            return std::nullopt;
        }
        ::close(fd);
    }
    // unshare on the namespace thread: the new namespace becomes that thread's (never this
    // one's) and is pinned by the bind mount and by the descriptor kept here.
    int failure = 0;
    const char *step = "";
    CreatedNamespace made;
    runUnshare([&] {
        if (::unshare(CLONE_NEWNET) != 0) {
            failure = errno;
            step = "Failed to create a new network namespace";
            return;
        }
        if (::mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0) {
            failure = errno;
            step = "Bind /proc/self/ns/net failed";
            return;
        }
        made.fd = UniqueFd(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
        if (inside)
            inside();
    });
    if (failure) {
        *error = std::string(step) + " \"" + path + "\": " + errnoText(failure);
        ::unlink(path.c_str());
        return std::nullopt;
    }
    auto id = namespaceIdentity(name);
    if (!id || !made.fd.valid()) {
        *error = "namespace \"" + name + "\" vanished right after it was created";
        ::umount2(path.c_str(), MNT_DETACH);
        ::unlink(path.c_str());
        return std::nullopt;
    }
    made.identity = *id;
    return made;
}

} // namespace

std::optional<CreatedNamespace> createNamespace(NsThread &thread, const std::string &name,
                                                const std::function<void()> &inside, std::string *error)
{
    return makeNamespace([&](const std::function<void()> &task) { thread.run(task); }, name, inside, error);
}

std::optional<CreatedNamespace> createNamespaceOnThisThread(const std::string &name, const std::function<void()> &inside,
                                                            std::string *error)
{
    return makeNamespace([](const std::function<void()> &task) { task(); }, name, inside, error);
}

std::optional<NsIdentity> createNamespace(const std::string &name, std::string *error)
{
    NsThread thread;
    auto made = createNamespace(thread, name, {}, error);
    if (!made)
        return std::nullopt;
    return made->identity;
}

std::optional<NsIdentity> namespaceIdentity(const std::string &name)
{
    static const std::optional<std::uint64_t> nsfs = nsfsDevice();
    struct stat st {};
    if (::stat(netnsPath(name).c_str(), &st) != 0)
        return std::nullopt;
    if (!nsfs || std::uint64_t(st.st_dev) != *nsfs)
        return std::nullopt; // a plain file: not (or no longer) a mounted namespace
    return NsIdentity{std::uint64_t(st.st_dev), std::uint64_t(st.st_ino)};
}

bool removeNamespace(const std::string &name, std::string *error)
{
    const std::string path = netnsPath(name);
    // EINVAL: not a mount point (a half-made entry); ENOENT: already gone.
    if (::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT) {
        if (error)
            *error = "Cannot umount namespace file \"" + path + "\": " + errnoText(errno);
        return false;
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        if (error)
            *error = "Cannot remove namespace file \"" + path + "\": " + errnoText(errno);
        return false;
    }
    return true;
}

std::vector<std::string> listNamespaces()
{
    std::vector<std::string> names;
    DIR *d = ::opendir(netnsRunDir().c_str());
    if (!d)
        return names;
    while (const dirent *e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
            names.emplace_back(e->d_name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

UniqueFd openNamespace(const std::string &name, std::string *error)
{
    const std::string path = netnsPath(name);
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid() && error)
        *error = "Cannot open network namespace \"" + name + "\": " + errnoText(errno);
    return fd;
}

bool runInNamespace(int nsFd, const std::function<void()> &fn, std::string *error)
{
    int failure = 0;
    std::thread worker([&] {
        if (::setns(nsFd, CLONE_NEWNET) != 0) {
            failure = errno;
            return;
        }
        fn();
    });
    worker.join();
    if (failure && error)
        *error = "setting the network namespace failed: " + errnoText(failure);
    return failure == 0;
}

} // namespace nslab::nl
