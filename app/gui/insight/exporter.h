#pragma once
// File ▸ Export: the lab as a shell script and its teardown, one script per machine, the canvas
// image, or all of it into one folder. The scripts come from the planner and the printer (the
// same ops apply and nslab-cli export use), so what is exported is what the simulator showed.
#include "topology/topology.h"

#include <QString>
#include <QStringList>

class QMenu;

namespace nslab::gui {
class MainWindow;
}

namespace nslab::gui::insight {

class Exporter
{
public:
    // The script that builds the lab on one machine (every node a named namespace).
    static std::string labScript(const model::Topology &t, const std::string &prefix = {});
    // The script that removes it.
    static std::string teardownScript(const model::Topology &t, const std::string &prefix = {});
    // One script per real machine (host, router, LAN, free namespace): file name → text.
    static std::vector<std::pair<std::string, std::string>> perHostScripts(const model::Topology &t);

    static bool writeText(const QString &path, const std::string &text, bool executable, QString *error);
    // lab.sh, lab-teardown.sh, hosts/NAME.sh and canvas.png into `dir`; the files written.
    static QStringList exportAll(MainWindow *window, const QString &dir, QString *error);

    static void fillMenu(QMenu *menu, MainWindow *window);
};

} // namespace nslab::gui::insight
