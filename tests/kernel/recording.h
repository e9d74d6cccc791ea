#pragma once
// The emulator's answer for an ip/sysctl script in the format tests/kernel/krecord.sh prints for
// the real kernel (per command exit/stderr/stdout, then per namespace route tables, addresses,
// links with masked MACs and the IPv4 sysctls), so the two can be compared byte for byte.
#include <string>
#include <string_view>

namespace nslab::kerneltest {

std::string emulatorRecording(std::string_view script);

} // namespace nslab::kerneltest
