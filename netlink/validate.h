#pragma once
// Names and numbers re-checked before anything reaches the kernel: the helper trusts nothing a
// client sends, and the in-process path uses the same checks so both refuse the same input.
#include "ops/ops.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nslab::nl {

// Hard limits on what one lab may create (a runaway or hostile request is refused up front).
constexpr std::size_t kMaxOps = 200000;
constexpr std::size_t kMaxNamespaces = 5000;
constexpr std::size_t kMaxPrefixLength = 32;
constexpr std::size_t kMaxSysctlValueLength = 64;

// The prefix every namespace of a lab starts with: 1..32 of [A-Za-z0-9_.-], not starting with '.'
// (it also names the journal file).
bool validPrefix(std::string_view prefix, std::string *why);
// A device name the kernel accepts (dev_valid_name): 1..15 bytes of [A-Za-z0-9_.-] (stricter
// than the kernel, which also allows other printable bytes), not "." or "..".
bool validInterfaceName(std::string_view name, std::string *why);
// A namespace name iproute2 accepts (no '/', not "." or "..", < NAME_MAX), printable ASCII without
// spaces, and starting with `prefix`.
bool validNamespaceName(std::string_view name, std::string_view prefix, std::string *why);
// A sysctl key under net.* whose path components are plain names (no "..", no empty parts).
bool validSysctlKey(std::string_view key, std::string *why);
bool validSysctlValue(std::string_view value, std::string *why);

// Every name, number and count in `ops` against the rules above and the lab's prefix. Returns one
// line per problem ("op 12: interface name \"abcdefghijklmnop\" is longer than 15 bytes").
std::vector<std::string> validateOps(const std::vector<model::ops::Op> &ops, std::string_view prefix);

} // namespace nslab::nl
