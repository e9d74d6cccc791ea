#pragma once
// Positions for a lab that has none (an imported script, a hand-written file): hosts in a row
// with their namespaces inside, LANs under the hosts that share them, the rest to the side.
#include "topology/edits.h"

namespace nslab::gui {

// True when every node sits at (0, 0): the file carries no layout.
bool needsLayout(const model::Topology &topology);
// The positions, as one move edit.
model::Edit autoLayoutEdit(const model::Topology &topology);
void autoLayout(model::Topology &topology);

} // namespace nslab::gui
