#pragma once
// Route generators that fill a Topology. Calico's proxy-ARP wiring (linux-semantics.md §12,
// seed-scenario.md "The Calico answer") at any size: hosts on one LAN (a bridge in its own
// namespace), pods with a /32 on eth0 and `default via 169.254.1.1`, host side caliN with
// proxy_arp, a /32 host route per pod, every other host's pod block via that host's LAN address.
#include "topology/topology.h"

#include <optional>
#include <string>

namespace nslab::model::routing {

struct CalicoOptions {
    int hosts = 2;
    int podsPerHost = 2;
    // A gateway namespace on the LAN: every host's default route points at it (that is what
    // covers 169.254.1.1 for proxy ARP) and it knows every pod block.
    bool gateway = true;
    // Permanent neighbour entries instead of ARP. The kernel's ARP table is one table shared by
    // all namespaces (gc_thresh3 = 1024 entries in total), so a big lab applied for real would
    // overflow it; permanent entries do not count. Auto: on beyond kAutoPermanentPods pods.
    enum class Neighbours { Auto, Arp, Permanent } neighbours = Neighbours::Auto;
    static constexpr int kAutoPermanentPods = 500;
};

// Limits keep names and addresses valid: at most 4000 hosts, 4000 pods per host, 100000 pods in
// total, and the blocks within 10.0.0.0/8 (blocks are a power of two ≥ 64, like Calico's /26).
// nullopt with `error` set when the options are out of range.
std::optional<Topology> generateCalico(const CalicoOptions &options, std::string *error = nullptr);

} // namespace nslab::model::routing
