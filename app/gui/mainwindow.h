#pragma once
// The designer window: canvas in the middle, palette and properties docks, menus, toolbar,
// status bar, the welcome screen when no lab is open. Owns the document, the undo stack and
// the file (open/save/recent/autosave/recovery/export).
#include "topology/document.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;
class QUndoStack;

namespace nslab::gui {

class CanvasController;
class PaletteWidget;
class PropertiesDock;
class TopologyScene;
class TopologyView;
class WelcomeWidget;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Options {
        bool restoreState = true;   // window geometry, docks and recent labs in QSettings
        bool offerRecovery = true;  // look for autosaves of crashed sessions
        bool autosave = true;
    };
    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    MainWindow() : MainWindow(Options{}) {}
    ~MainWindow() override;

    // Opens a lab file or imports an ip script. On failure shows (or, when `error` is given,
    // returns) a message naming where the input is broken; the open lab stays as it was.
    bool openPath(const QString &path, QString *error = nullptr);
    bool saveTo(const QString &path, QString *error = nullptr);
    void newLab();
    bool hasLab() const { return m_hasLab; }
    QString filePath() const { return m_path; }

    // Runs the emulator now (normally debounced after each change).
    void analyzeNow();
    void fitView();
    bool exportImage(const QString &path, QString *error = nullptr);

    model::Document *document() const { return m_document; }
    QUndoStack *undoStack() const { return m_undo; }
    TopologyScene *scene() const { return m_scene; }
    TopologyView *view() const { return m_view; }
    CanvasController *controller() const { return m_controller; }
    PropertiesDock *properties() const { return m_properties; }
    QAction *action(const QString &name) const;

    static QString recoveryDir();
    // Writes the recovery file now (normally every 20 s while there are unsaved changes).
    void autosave();
    QString recoveryFile() const;
    // Offers to recover autosaves left by sessions that ended without saving.
    void offerRecovery();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void updateTitle();
    void updateActions();
    bool maybeSave();
    bool save();
    bool saveAs();
    void open();
    void importScript();
    void exportCanvas(const QString &format);
    void addRecent(const QString &path);
    QStringList recentFiles() const;
    void rebuildRecentMenu();
    void showCanvas(bool on);
    void setLab(model::Topology topology, const QString &path, bool dirty);
    void removeRecoveryFile();
    void placeFromPalette(model::NodeKind kind);

    Options m_options;
    model::Document *m_document;
    QUndoStack *m_undo;
    TopologyScene *m_scene;
    CanvasController *m_controller;
    TopologyView *m_view;
    PropertiesDock *m_properties;
    WelcomeWidget *m_welcome;
    QStackedWidget *m_central;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_zoomLabel;
    QLabel *m_problemLabel;
    QTimer *m_analyzeTimer;
    QTimer *m_autosaveTimer;
    QString m_path;
    bool m_hasLab = false;
    bool m_dirtyWithoutUndo = false; // recovered or imported: unsaved though the stack is clean
    QHash<QString, QAction *> m_actions;
    // The dock layout (visibility, sizes, tabs) from before the welcome screen hid the docks;
    // restored when a lab opens, so the user's own choices survive the welcome screen.
    QByteArray m_stateBeforeWelcome;
};

} // namespace nslab::gui
