#pragma once
// Emptying a namespace's IPv4 neighbour cache (`ip -4 neigh flush all`, minus the permanent,
// NOARP and proxy entries the lab itself configured) with raw exchanges on a route socket opened
// inside it: one dump read straight off the socket, then every delete in one buffer. The probe
// does this for every namespace before every source's round, so it bypasses libnl.
#include <cstdint>
#include <string>

namespace nslab::nl {

// `fd`: a NETLINK_ROUTE socket of the namespace, used for nothing else meanwhile. `seq` numbers
// the requests. `entries` (optional) counts what was deleted.
bool flushNeighbours(int fd, std::uint32_t seq, std::string *error, std::size_t *entries = nullptr);

} // namespace nslab::nl
