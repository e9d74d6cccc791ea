#include "probe.h"

#include "journal.h"
#include "logging.h"
#include "neighbours.h"
#include "netlinkexecutor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <thread>

namespace nslab::nl {

namespace {

using Clock = std::chrono::steady_clock;
// A next hop being resolved queues at most unres_qlen_bytes (~200 small packets): more echoes
// of one source in flight at once would be dropped by the sender itself.
constexpr std::size_t kWave = 128;
constexpr int kSettleMs = 1500;
constexpr unsigned kMaxLanes = 4;

// Which echo a reply or an ICMP error answers: the sequence number carries the wave (so a late
// answer to an earlier wave is never taken for this one) and the target's place in the wave.
std::uint16_t echoSequence(std::uint32_t wave, std::size_t slot)
{
    return std::uint16_t((wave * kWave + slot) & 0xffff);
}

// sendto() does the route lookup `ping` does at connect(): those failures read as ping prints them.
bool isRouteError(int e)
{
    return e == ENETUNREACH || e == EHOSTUNREACH || e == EINVAL || e == EACCES || e == EPERM || e == EADDRNOTAVAIL;
}

// Every namespace keeps a route socket and one ping socket per lane open for the whole probe:
// a big lab needs more descriptors than the usual soft limit of 1,024; the hard limit is ours.
void raiseFileLimit(std::size_t wanted)
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted)
        return;
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, wanted);
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

// What the probe holds in one namespace, opened from inside it.
struct Sockets {
    UniqueFd route;                 // neighbour flushes
    std::vector<UniqueFd> pingers;  // one per lane
};

// One lane's share of one wave of one source's round: send its echoes, then collect their
// answers on its own socket until all are in or the timeout passes.
class WaveRun {
public:
    WaveRun(std::vector<ProbeCell> &cells, std::size_t rowStart, std::uint32_t wave)
        : m_cells(cells), m_rowStart(rowStart), m_wave(wave) {}

    void run(int fd, const std::vector<net::Ipv4> &addresses, std::size_t first, std::size_t count,
             unsigned lane, unsigned lanes, int timeoutMs)
    {
        m_first = first;
        m_done.assign(count, 1);
        for (std::size_t k = lane; k < count; k += lanes) {
            m_done[k] = 0;
            ++m_open;
        }
        // Each echo is its own ICMP packet, as each `ping -c1` would send.
        for (std::size_t k = lane; k < count; k += lanes) {
            unsigned char packet[64] = {};
            auto *icmp = reinterpret_cast<icmphdr *>(packet);
            icmp->type = ICMP_ECHO;
            icmp->un.echo.sequence = htons(echoSequence(m_wave, k));
            sockaddr_in to {};
            to.sin_family = AF_INET;
            to.sin_addr.s_addr = htonl(addresses[first + k].v);
            // An ICMP error for an earlier echo leaves a pending error on the socket (sk_err, set
            // with IP_RECVERR) that the next sendto() returns instead of sending: take the queued
            // answers (which settles those echoes and clears it) and try again; a real route
            // failure fails again the same way with nothing queued.
            ssize_t sent = -1;
            for (int attempt = 0; attempt < 8; ++attempt) {
                sent = ::sendto(fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr *>(&to), sizeof to);
                const int e = errno;
                if (sent >= 0 || readAnswers(fd) == 0) {
                    errno = e;
                    break;
                }
            }
            if (sent < 0) {
                const int e = errno;
                settle(k, 2, std::string(isRouteError(e) ? "connect: " : "send: ") + std::strerror(e));
            }
        }
        // Stop as soon as every echo is answered; only unanswered echoes wait for the timeout.
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
        while (m_open > 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0)
                break;
            pollfd pfd {fd, POLLIN, 0};
            const int r = ::poll(&pfd, 1, int(left));
            if (r < 0 && errno != EINTR)
                break;
            if (r > 0)
                readAnswers(fd);
        }
    }

private:
    void settle(std::size_t k, int exitCode, std::string detail)
    {
        if (k >= m_done.size() || m_done[k])
            return; // a late answer to an earlier wave, another lane's echo, or a duplicate
        ProbeCell &cell = m_cells[m_rowStart + m_first + k];
        cell.exitCode = exitCode;
        cell.detail = std::move(detail);
        m_done[k] = 1;
        --m_open;
    }
    std::size_t slotOf(std::uint16_t seq) const { return std::uint16_t(seq - echoSequence(m_wave, 0)); }

    // Settles what arrived; returns how many ICMP errors were taken off the error queue.
    int readAnswers(int fd)
    {
        int errors = 0;
        unsigned char buf[1500];
        for (;;) { // replies
            const ssize_t got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (got < 0)
                break;
            const auto *icmp = reinterpret_cast<const icmphdr *>(buf);
            if (got >= ssize_t(sizeof(icmphdr)) && icmp->type == ICMP_ECHOREPLY)
                settle(slotOf(ntohs(icmp->un.echo.sequence)), 0, "reply");
        }
        for (;;) { // ICMP errors: the queued data is our own echo header
            char control[512];
            iovec iov {buf, sizeof buf};
            msghdr msg {};
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            const ssize_t got = ::recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
            if (got < 0)
                break;
            ++errors;
            int e = EHOSTUNREACH;
            bool advisory = false;
            for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
                if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) {
                    const auto *ee = reinterpret_cast<const sock_extended_err *>(CMSG_DATA(c));
                    e = int(ee->ee_errno);
                    // A redirect (or source quench) does not end `ping`: the echo went on.
                    advisory = ee->ee_origin == SO_EE_ORIGIN_ICMP && (ee->ee_type == ICMP_REDIRECT || ee->ee_type == ICMP_SOURCE_QUENCH);
                }
            if (got >= ssize_t(sizeof(icmphdr)) && !advisory)
                settle(slotOf(ntohs(reinterpret_cast<const icmphdr *>(buf)->un.echo.sequence)), 1,
                       std::string("icmp error: ") + std::strerror(e));
        }
        return errors;
    }

    std::vector<ProbeCell> &m_cells;
    std::size_t m_rowStart;
    std::uint32_t m_wave;
    std::size_t m_first = 0;
    std::vector<char> m_done;
    std::size_t m_open = 0;
};

} // namespace

ProbeReport probe(NetlinkExecutor &executor, const std::vector<std::string> &nodes,
                  const std::vector<net::Ipv4> &addresses, const ProbeOptions &options)
{
    ProbeReport report;
    auto log = logger("nslab.probe");
    // Carrier and bridge-port changes reach the stack through linkwatch, up to a second late
    // (linux-semantics.md §15): a probe right after apply waits until the lab has settled.
    struct stat st {};
    if (::stat(journalPath(options.prefix).c_str(), &st) == 0) {
        const auto applied = std::chrono::system_clock::time_point(std::chrono::seconds(st.st_mtim.tv_sec)
                                                                   + std::chrono::nanoseconds(st.st_mtim.tv_nsec));
        const auto settled = applied + std::chrono::milliseconds(kSettleMs);
        const auto now = std::chrono::system_clock::now();
        if (now < settled)
            std::this_thread::sleep_for(settled - now);
    }
    const auto started = Clock::now();
    report.cells.reserve(nodes.size() * addresses.size());
    for (const auto &node : nodes)
        for (const auto &a : addresses)
            report.cells.push_back({node, a, 1, "timeout"});

    // Lanes share each round: each flushes its part of the namespaces and sends its part of the
    // echoes from its own ping socket, so the kernel's work for them runs on as many CPUs. A
    // round still starts only when every lane's flushing is done and ends when every lane's
    // echoes are answered: the cold-cache premise holds per round as with one lane.
    const unsigned lanes = std::clamp(options.lanes ? options.lanes : std::thread::hardware_concurrency(), 1u, kMaxLanes);
    report.lanes = int(lanes);
    raiseFileLimit((lanes + 1) * nodes.size() + 1024);
    std::vector<Sockets> sockets(nodes.size());
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const std::string ns = options.prefix + nodes[n];
        std::string failure;
        std::string error;
        // Ping sockets need the caller's group in net.ipv4.ping_group_range there. IP_RECVERR:
        // ICMP errors (unreachable, time exceeded) end an echo at once, as they end `ping -c1`,
        // instead of after the timeout.
        const bool entered = executor.runIn(ns, [&] {
            const int f = ::open("/proc/sys/net/ipv4/ping_group_range", O_WRONLY | O_CLOEXEC);
            static const char range[] = "0 2147483647\n";
            if (f < 0 || ::write(f, range, sizeof range - 1) != ssize_t(sizeof range - 1)) {
                failure = std::string("sysctl: setting key \"net.ipv4.ping_group_range\": ") + std::strerror(errno);
                if (f >= 0)
                    ::close(f);
                return;
            }
            ::close(f);
            Sockets &s = sockets[n];
            s.route = UniqueFd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
            if (!s.route.valid()) {
                failure = std::string("cannot open a route socket: ") + std::strerror(errno);
                return;
            }
            const int one = 1;
            for (unsigned l = 0; l < lanes; ++l) {
                UniqueFd p(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
                if (!p.valid() || ::setsockopt(p.get(), SOL_IP, IP_RECVERR, &one, sizeof one) != 0) {
                    failure = std::string("cannot open a ping socket: ") + std::strerror(errno);
                    return;
                }
                s.pingers.push_back(std::move(p));
            }
        }, &error);
        if (!entered || !failure.empty()) {
            report.error = "namespace " + ns + ": " + (entered ? failure : error);
            return report;
        }
    }

    std::barrier<> step {std::ptrdiff_t(lanes)};
    std::atomic<bool> failed {false};
    std::vector<std::string> laneErrors(lanes);
    std::atomic<std::size_t> flushed {0};
    Clock::duration flushTime {};
    const std::size_t waves = (addresses.size() + kWave - 1) / kWave;
    auto lane = [&](unsigned me) {
        std::uint32_t wave = 0;
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            // Every round starts from empty neighbour caches, as the prediction assumes.
            const auto flushStart = Clock::now();
            for (std::size_t o = me; o < nodes.size() && !failed.load(std::memory_order_relaxed); o += lanes) {
                std::size_t count = 0;
                std::string error;
                if (!flushNeighbours(sockets[o].route.get(), std::uint32_t(n) << 16, &error, &count)) {
                    laneErrors[me] = "flushing neighbours in " + options.prefix + nodes[o] + ": " + error;
                    failed = true;
                }
                flushed.fetch_add(count, std::memory_order_relaxed);
            }
            step.arrive_and_wait();
            if (me == 0)
                flushTime += Clock::now() - flushStart;
            if (failed)
                return;
            for (std::size_t w = 0; w < waves; ++w, ++wave) {
                const std::size_t first = w * kWave;
                WaveRun(report.cells, n * addresses.size(), wave)
                    .run(sockets[n].pingers[me].get(), addresses, first, std::min(addresses.size(), first + kWave) - first,
                         me, lanes, options.timeoutMs);
                step.arrive_and_wait(); // the next wave or round starts when every lane's echoes are done
            }
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (unsigned l = 1; l < lanes; ++l)
            helpers.emplace_back(lane, l);
        lane(0);
    }
    for (const auto &e : laneErrors)
        if (!e.empty()) {
            report.error = e;
            return report;
        }
    report.ok = true;
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    report.flushSeconds = std::chrono::duration<double>(flushTime).count();
    report.flushedEntries = flushed;
    log->info("probe: {} nodes x {} addresses in {:.3f} s on {} lanes ({:.3f} s emptying neighbour caches, "
              "{} entries)",
              nodes.size(), addresses.size(), report.seconds, lanes, report.flushSeconds, report.flushedEntries);
    return report;
}

} // namespace nslab::nl
