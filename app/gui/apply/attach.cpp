#include "attach.h"

#ifdef NSLAB_HAVE_NETLINK
#include "applycontroller.h"
#endif

namespace nslab::gui::apply {

void attach(MainWindow *window)
{
#ifdef NSLAB_HAVE_NETLINK
    new ApplyController(window); // a child of the window
#else
    (void)window; // without the executor there is nothing to apply with
#endif
}

} // namespace nslab::gui::apply
