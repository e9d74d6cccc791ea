#include "libnlinfo.h"

#include <netlink/version.h>

namespace nslab::nl {
std::string libnlVersion()
{
    return LIBNL_STRING;
}
} // namespace nslab::nl
