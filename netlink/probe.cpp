#include "probe.h"

#include "journal.h"
#include "logging.h"
#include "netlinkexecutor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
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
constexpr std::size_t kWave = 128;
constexpr int kSettleMs = 1500;

struct Pending {
    UniqueFd fd;
    std::size_t cell = 0;
    bool done = false;
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
    // Ping sockets need the caller's group in net.ipv4.ping_group_range, per namespace.
    for (const auto &node : nodes) {
        const ExecResult r = executor.writeSysctl(options.prefix + node, "net.ipv4.ping_group_range", "0 2147483647");
        if (!r.ok) {
            report.error = "namespace " + options.prefix + node + ": " + r.error;
            return report;
        }
    }
    report.cells.reserve(nodes.size() * addresses.size());
    for (const auto &node : nodes)
        for (const auto &a : addresses)
            report.cells.push_back({node, a, 1, "timeout"});

    std::vector<Pending> pending;
    Clock::duration flushTime {};
    std::vector<pollfd> pfds;
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
        std::string error;
        // In waves: a next hop being resolved queues at most unres_qlen_bytes (~200 small
        // packets); more echoes at once would be dropped by the sender itself.
        for (std::size_t first = 0; first < addresses.size(); first += kWave) {
        const std::size_t last = std::min(addresses.size(), first + kWave);
        pending.clear();
        pending.resize(last - first);
        // Sockets are made, connected and sent from inside the source namespace.
        const bool entered = executor.runIn(options.prefix + nodes[n], [&] {
            for (std::size_t t = first; t < last; ++t) {
                Pending &p = pending[t - first];
                p.cell = n * addresses.size() + t;
                ProbeCell &cell = report.cells[p.cell];
                p.fd = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
                if (!p.fd.valid()) {
                    cell.exitCode = 2;
                    cell.detail = std::string("socket: ") + std::strerror(errno);
                    p.done = true;
                    continue;
                }
                sockaddr_in to {};
                to.sin_family = AF_INET;
                to.sin_addr.s_addr = htonl(addresses[t].v);
                if (::connect(p.fd.get(), reinterpret_cast<sockaddr *>(&to), sizeof to) != 0) {
                    cell.exitCode = 2;
                    cell.detail = std::string("connect: ") + std::strerror(errno);
                    p.done = true;
                    continue;
                }
                unsigned char packet[64] = {};
                auto *icmp = reinterpret_cast<icmphdr *>(packet);
                icmp->type = ICMP_ECHO;
                icmp->un.echo.sequence = htons(1);
                if (::send(p.fd.get(), packet, sizeof packet, 0) < 0) {
                    cell.exitCode = 2;
                    cell.detail = std::string("send: ") + std::strerror(errno);
                    p.done = true;
                }
            }
        }, &error);
        if (!entered) {
            report.error = error;
            return report;
        }
        const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeoutMs);
        for (;;) {
            pfds.clear();
            std::vector<std::size_t> index;
            for (std::size_t t = 0; t < pending.size(); ++t)
                if (!pending[t].done) {
                    pfds.push_back({pending[t].fd.get(), POLLIN, 0});
                    index.push_back(t);
                }
            if (pfds.empty())
                break;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0)
                break;
            const int r = ::poll(pfds.data(), pfds.size(), int(left));
            if (r < 0 && errno != EINTR)
                break;
            for (std::size_t i = 0; r > 0 && i < pfds.size(); ++i) {
                if (!pfds[i].revents)
                    continue;
                Pending &p = pending[index[i]];
                ProbeCell &cell = report.cells[p.cell];
                unsigned char buf[1500];
                const ssize_t got = ::recv(p.fd.get(), buf, sizeof buf, 0);
                if (got < 0) {
                    if (errno == EAGAIN || errno == EINTR)
                        continue;
                    // An ICMP error came back (host/net unreachable, ...): no reply.
                    cell.exitCode = 1;
                    cell.detail = std::string("icmp error: ") + std::strerror(errno);
                    p.done = true;
                } else if (got >= int(sizeof(icmphdr)) && reinterpret_cast<icmphdr *>(buf)->type == ICMP_ECHOREPLY) {
                    cell.exitCode = 0;
                    cell.detail = "reply";
                    p.done = true;
                }
            }
        }
        for (auto &p : pending)
            p.fd = UniqueFd();
        }
    }
    report.ok = true;
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    log->info("probe: {} nodes x {} addresses in {:.3f} s ({:.3f} s flushing neighbour caches)", nodes.size(),
              addresses.size(), report.seconds, std::chrono::duration<double>(flushTime).count());
    return report;
}

} // namespace nslab::nl
