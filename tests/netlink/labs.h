#pragma once
// Calico-style labs as op lists (what the planner would produce for `generate calico`): a LAN
// bridge namespace, N host namespaces with ens33 on it, forwarding on, and P pods per host behind
// proxy-ARP veths (proxy_delay 0) whose gateway is 169.254.1.1. Built here so the netlink tests
// and the benchmark do not depend on the parser or planner.
#include "ops/ops.h"

#include <string>
#include <vector>

namespace nslab::test {

struct CalicoLab {
    std::vector<model::ops::Op> ops;
    std::vector<std::string> nodes;       // without prefix, sorted
    std::vector<net::Ipv4> addresses;     // sorted
    std::vector<std::string> pods;        // without prefix
};

CalicoLab calicoLab(const std::string &prefix, int hosts, int podsPerHost);

} // namespace nslab::test
