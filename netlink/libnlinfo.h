#pragma once
#include <string>

namespace nslab::nl {
// The libnl version this build talks to the kernel with (shown by --version).
std::string libnlVersion();
} // namespace nslab::nl
