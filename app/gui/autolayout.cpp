#include "autolayout.h"

#include <algorithm>
#include <map>
#include <set>

namespace nslab::gui {

using model::NodeId;
using model::NodeKind;

bool needsLayout(const model::Topology &t)
{
    return !t.nodes.empty()
        && std::all_of(t.nodes.begin(), t.nodes.end(), [](const model::Node &n) { return n.x == 0 && n.y == 0; });
}

model::Edit autoLayoutEdit(const model::Topology &t)
{
    // Sizes follow the canvas items (cards ~180 wide plus port labels; containers pad them).
    constexpr double kGuestStep = 220, kHostGap = 70, kRowLan = 290, kStandaloneStep = 240;
    std::map<NodeId, std::vector<const model::Node *>> guests;
    for (const auto &n : t.nodes)
        if (n.host.valid() && n.kind != NodeKind::Host && t.node(n.host))
            guests[n.host].push_back(&n);
    const auto portCount = [&](const model::Node &n) { return double(n.interfaces.size()); };

    model::edit::MoveNodes move;
    std::map<NodeId, double> xOf;
    double cursor = 0;
    for (const auto &n : t.nodes) {
        if (n.kind == NodeKind::Lan || (n.host.valid() && t.node(n.host) && n.kind != NodeKind::Host))
            continue;
        if (n.kind == NodeKind::Host) {
            const auto &gs = guests[n.id];
            double width = 0;
            std::vector<double> steps;
            for (const auto *g : gs) {
                steps.push_back(std::max(kGuestStep, portCount(*g) * 130 + 40));
                width += steps.back();
            }
            width = std::max(width, 300.0);
            double x = cursor + 30;
            for (std::size_t i = 0; i < gs.size(); ++i) {
                move.positions.push_back({gs[i]->id, x + steps[i] / 2, 40});
                xOf[gs[i]->id] = x + steps[i] / 2;
                x += steps[i];
            }
            move.positions.push_back({n.id, cursor + width / 2 + 30, -60});
            xOf[n.id] = cursor + width / 2 + 30;
            cursor += width + 60 + kHostGap;
        } else {
            move.positions.push_back({n.id, cursor + kStandaloneStep / 2, 40});
            xOf[n.id] = cursor + kStandaloneStep / 2;
            cursor += kStandaloneStep;
        }
    }
    // LANs under what they connect, one below the other if several.
    double lanY = kRowLan;
    double lanCursor = 0;
    for (const auto &n : t.nodes) {
        if (n.kind != NodeKind::Lan)
            continue;
        std::set<NodeId> peers;
        for (const auto &l : t.links) {
            if (l.a.node == n.id)
                peers.insert(l.b.node);
            if (l.b.node == n.id)
                peers.insert(l.a.node);
        }
        double sum = 0;
        int count = 0;
        for (NodeId p : peers)
            if (const auto it = xOf.find(p); it != xOf.end()) {
                sum += it->second;
                ++count;
            }
        const double x = count ? sum / count : lanCursor + 200;
        lanCursor = x + 400;
        move.positions.push_back({n.id, x, lanY});
        lanY += 110;
    }
    return model::Edit(std::move(move), "Arrange nodes");
}

void autoLayout(model::Topology &t) { model::applyEdit(t, autoLayoutEdit(t)); }

} // namespace nslab::gui
