#include "ops/ops.h"

namespace nslab::model::ops {

const std::string &opNamespace(const Op &op)
{
    static const std::string none;
    return std::visit(
        [](const auto &o) -> const std::string & {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, NetnsAdd> || std::is_same_v<T, NetnsDel>)
                return none;
            else
                return o.ns;
        },
        op);
}

bool isMutation(const Op &op)
{
    return !(std::holds_alternative<RouteShow>(op) || std::holds_alternative<RouteGet>(op)
             || std::holds_alternative<AddrShow>(op) || std::holds_alternative<LinkShow>(op)
             || std::holds_alternative<Rejected>(op));
}

} // namespace nslab::model::ops
