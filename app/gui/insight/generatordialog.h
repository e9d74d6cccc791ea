#pragma once
// Lab ▸ Generate Routes: Calico, host gateway or bridge wiring computed for the drawing as it
// is, previewed as before/after route tables (and how many pings then answer), applied as one
// undo step.
#include "topology/topology.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QTextBrowser;
class QDialogButtonBox;

namespace nslab::gui {
class MainWindow;
}

namespace nslab::gui::insight {

class GeneratorDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Calico, HostGateway, Bridge };

    explicit GeneratorDialog(MainWindow *window);

    void setKind(Kind kind);
    // The lab the generator makes from the current drawing (nullopt with `error` set if it
    // cannot), and its preview as plain text: each namespace whose table changes, before/after.
    static std::optional<model::Topology> generate(const model::Topology &t, Kind kind, std::string *error,
                                                   std::vector<std::string> *notes);
    static QString previewText(const model::Topology &before, const model::Topology &after);
    QString preview() const;
    // Pushes the generated lab as one undoable edit.
    bool applyGenerated();

private:
    void refresh();

    MainWindow *m_window;
    QComboBox *m_kind;
    QTextBrowser *m_preview;
    QDialogButtonBox *m_buttons;
    std::optional<model::Topology> m_generated;
};

} // namespace nslab::gui::insight
