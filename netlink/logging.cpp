#include "logging.h"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>

namespace nslab::nl {

void initLogging(const std::string &level, spdlog::level::level_enum fallback)
{
    spdlog::set_level(fallback);
    spdlog::cfg::load_env_levels();
    if (!level.empty())
        spdlog::set_level(spdlog::level::from_str(level));
}

std::shared_ptr<spdlog::logger> logger(const std::string &name)
{
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (auto l = spdlog::get(name))
        return l;
    auto l = spdlog::stderr_color_mt(name);
    l->set_level(spdlog::get_level());
    return l;
}

} // namespace nslab::nl
