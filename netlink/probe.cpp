#include "probe.h"

#include "journal.h"
#include "logging.h"
#include "netlinkexecutor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <thread>

namespace nslab::nl {

namespace {

using Clock = std::chrono::steady_clock;
// A next hop being resolved queues at most unres_qlen_bytes (~200 small packets): more echoes
// at once would be dropped by the sender itself.
constexpr std::size_t kWave = 128;
constexpr int kSettleMs = 1500;

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

    Clock::duration flushTime {};
    std::uint32_t wave = 0;
    std::vector<char> done;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        // Every round starts from empty neighbour caches, as the prediction assumes.
        const auto flushStart = Clock::now();
        for (const auto &other : nodes) {
            std::string error;
            if (!executor.flushNeighbours(options.prefix + other, &error)) {
                report.error = "flushing neighbours in " + options.prefix + other + ": " + error;
                return report;
            }
        }
        flushTime += Clock::now() - flushStart;
        // One unconnected ping socket per source, made inside its namespace when its round
        // comes (a big lab holds one at a time); it needs the caller's group in
        // net.ipv4.ping_group_range there. IP_RECVERR: ICMP errors (unreachable, time exceeded)
        // end an echo at once, as they end `ping -c1`, instead of after the timeout.
        UniqueFd pinger;
        std::string failure;
        std::string error;
        const bool entered = executor.runIn(options.prefix + nodes[n], [&] {
            const int f = ::open("/proc/sys/net/ipv4/ping_group_range", O_WRONLY | O_CLOEXEC);
            static const char range[] = "0 2147483647\n";
            if (f < 0 || ::write(f, range, sizeof range - 1) != ssize_t(sizeof range - 1)) {
                failure = std::string("sysctl: setting key \"net.ipv4.ping_group_range\": ") + std::strerror(errno);
                if (f >= 0)
                    ::close(f);
                return;
            }
            ::close(f);
            pinger = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
            const int one = 1;
            if (!pinger.valid() || ::setsockopt(pinger.get(), SOL_IP, IP_RECVERR, &one, sizeof one) != 0)
                failure = std::string("cannot open a ping socket: ") + std::strerror(errno);
        }, &error);
        if (!entered || !failure.empty()) {
            report.error = "namespace " + options.prefix + nodes[n] + ": " + (entered ? failure : error);
            return report;
        }
        const int fd = pinger.get();
        for (std::size_t first = 0; first < addresses.size(); first += kWave, ++wave) {
            const std::size_t count = std::min(addresses.size(), first + kWave) - first;
            done.assign(count, 0);
            std::size_t open = count;
            // Each echo is its own ICMP packet, as each `ping -c1` would send.
            for (std::size_t k = 0; k < count; ++k) {
                ProbeCell &cell = report.cells[n * addresses.size() + first + k];
                unsigned char packet[64] = {};
                auto *icmp = reinterpret_cast<icmphdr *>(packet);
                icmp->type = ICMP_ECHO;
                icmp->un.echo.sequence = htons(echoSequence(wave, k));
                sockaddr_in to {};
                to.sin_family = AF_INET;
                to.sin_addr.s_addr = htonl(addresses[first + k].v);
                if (::sendto(fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) < 0) {
                    const int e = errno;
                    cell.exitCode = 2;
                    cell.detail = std::string(isRouteError(e) ? "connect: " : "send: ") + std::strerror(e);
                    done[k] = 1;
                    --open;
                }
            }
            // One socket, one poll: stop as soon as every echo is answered; only echoes still
            // unanswered make the round wait for the full timeout.
            const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeoutMs);
            auto settle = [&](std::uint16_t seq, int exitCode, std::string detail) {
                const std::size_t k = std::uint16_t(seq - echoSequence(wave, 0));
                if (k >= count || done[k])
                    return; // a late answer to an earlier wave, or a duplicate
                ProbeCell &cell = report.cells[n * addresses.size() + first + k];
                cell.exitCode = exitCode;
                cell.detail = std::move(detail);
                done[k] = 1;
                --open;
            };
            while (open > 0) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
                if (left <= 0)
                    break;
                pollfd pfd {fd, POLLIN, 0};
                const int r = ::poll(&pfd, 1, int(left));
                if (r < 0 && errno != EINTR)
                    break;
                if (r <= 0)
                    continue;
                unsigned char buf[1500];
                for (;;) { // replies
                    const ssize_t got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
                    if (got < 0)
                        break;
                    const auto *icmp = reinterpret_cast<const icmphdr *>(buf);
                    if (got >= ssize_t(sizeof(icmphdr)) && icmp->type == ICMP_ECHOREPLY)
                        settle(ntohs(icmp->un.echo.sequence), 0, "reply");
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
                    int e = EHOSTUNREACH;
                    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
                        if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
                            e = int(reinterpret_cast<const sock_extended_err *>(CMSG_DATA(c))->ee_errno);
                    if (got >= ssize_t(sizeof(icmphdr)))
                        settle(ntohs(reinterpret_cast<const icmphdr *>(buf)->un.echo.sequence), 1,
                               std::string("icmp error: ") + std::strerror(e));
                }
            }
        }
    }
    report.ok = true;
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    report.flushSeconds = std::chrono::duration<double>(flushTime).count();
    log->info("probe: {} nodes x {} addresses in {:.3f} s ({:.3f} s flushing neighbour caches)", nodes.size(),
              addresses.size(), report.seconds, std::chrono::duration<double>(flushTime).count());
    return report;
}

} // namespace nslab::nl
