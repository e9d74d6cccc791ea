#pragma once
// spdlog loggers of the netlink layer: one named logger per component ("nslab.apply",
// "nslab.helper", "nslab.probe"), created on first use on stderr. Each executable calls
// initLogging() once; the level comes from --log-level or SPDLOG_LEVEL.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace nslab::nl {

// `level`: "trace".."off" or empty for SPDLOG_LEVEL / the default (`fallback`).
void initLogging(const std::string &level, spdlog::level::level_enum fallback = spdlog::level::warn);
std::shared_ptr<spdlog::logger> logger(const std::string &name);

} // namespace nslab::nl
