#pragma once
// Real ICMP echoes from inside the applied namespaces, all pairs, in one process: for each
// source namespace in turn, every neighbour cache of the lab is flushed, then unconnected ping
// sockets (SOCK_DGRAM/IPPROTO_ICMP, made inside the source namespace, one per lane: the lanes
// split the flushing and the echoes of a round between CPUs) send one echo to every target at once; the round ends as soon as every echo is answered (reply or ICMP error), else
// after `timeoutMs`. Exit codes follow `ping -c1 -W1`: 0 reply, 1 no reply (timeout or ICMP
// error), 2 local error at send (ENETUNREACH, EINVAL, ... reported as `ping` does: "connect: ...").
#include "net/ipv4.h"

#include <string>
#include <vector>

namespace nslab::nl {

class NetlinkExecutor;

struct ProbeOptions {
    std::string prefix;   // namespace = prefix + node
    int timeoutMs = 1000;
    unsigned lanes = 0;   // threads sharing each round; 0: one per CPU (at most 4)
};

struct ProbeCell {
    std::string node;
    net::Ipv4 addr;
    int exitCode = 1;
    std::string detail;   // "reply", "timeout", "connect: Network is unreachable", ...
};

struct ProbeReport {
    bool ok = false;                  // false: could not run at all (`error` says why)
    std::string error;
    std::vector<ProbeCell> cells;     // nodes (in the given order) × addresses (in the given order)
    double seconds = 0;
    double flushSeconds = 0;          // of `seconds`, spent emptying neighbour caches
    std::size_t flushedEntries = 0;   // neighbour entries deleted between rounds
    int lanes = 0;                    // threads that shared the rounds
};

// `nodes` and `addresses` in the order the matrix prints them (C-locale / numeric).
ProbeReport probe(NetlinkExecutor &executor, const std::vector<std::string> &nodes,
                  const std::vector<net::Ipv4> &addresses, const ProbeOptions &options);

} // namespace nslab::nl
