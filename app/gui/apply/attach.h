#pragma once
// The one call MainWindow makes for issue 6: Lab ▸ Apply/Destroy/Probe, the apply badge and the
// "Predicted vs observed" dock. Does nothing in a build without netlink (NSLAB_BUILD_NETLINK=OFF).
namespace nslab::gui {
class MainWindow;
}

namespace nslab::gui::apply {

void attach(MainWindow *window);

} // namespace nslab::gui::apply
