#include "mainwindow.h"

#include "autolayout.h"
#include "canvascontroller.h"
#include "icons.h"
#include "io/labfile.h"
#include "nodeitem.h"
#include "palettewidget.h"
#include "plan/import.h"
#include "problems.h"
#include "propertiesdock.h"
#include "theme.h"
#include "topologyscene.h"
#include "topologyview.h"
#include "welcomewidget.h"
#include "insight/insightpanels.h"
#include "apply/attach.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

#include <optional>

namespace nslab::gui {

using model::NodeKind;

namespace {
constexpr int kMaxRecent = 10;

QString joinDiagnostics(const std::vector<model::io::Diagnostic> &list, int max = 8)
{
    QStringList lines;
    for (const auto &d : list) {
        if (lines.size() == max) {
            lines << QObject::tr("… and %1 more").arg(list.size() - std::size_t(max));
            break;
        }
        lines << QString::fromStdString(d.toString());
    }
    return lines.join(QLatin1Char('\n'));
}
} // namespace

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
{
    setObjectName(QStringLiteral("nslabMainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/nslab.svg")));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_document = new model::Document(this);
    m_undo = new QUndoStack(this);
    m_scene = new TopologyScene(m_document, this);
    m_controller = new CanvasController(m_document, m_undo, m_scene, this);
    m_view = new TopologyView(m_scene, m_controller);
    m_welcome = new WelcomeWidget;
    m_central = new QStackedWidget;
    m_central->addWidget(m_welcome);
    m_central->addWidget(m_view);
    setCentralWidget(m_central);

    createActions();
    createMenus();
    createDocks();

    m_zoomLabel = new QLabel;
    m_problemLabel = new QLabel;
    statusBar()->addPermanentWidget(m_problemLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);

    m_analyzeTimer = new QTimer(this);
    m_analyzeTimer->setSingleShot(true);
    m_analyzeTimer->setInterval(150); // after a burst of changes, not per change
    connect(m_analyzeTimer, &QTimer::timeout, this, &MainWindow::analyzeNow);
    connect(m_document, &model::Document::changed, m_analyzeTimer, qOverload<>(&QTimer::start));
    connect(m_document, &model::Document::topologyReset, m_analyzeTimer, qOverload<>(&QTimer::start));

    m_autosaveTimer = new QTimer(this);
    m_autosaveTimer->setInterval(20000);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    if (m_options.autosave)
        m_autosaveTimer->start();

    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_undo, &QUndoStack::indexChanged, this, &MainWindow::updateTitle);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::updateActions);
    connect(m_controller, &CanvasController::error, this, [this](const QString &m) {
        statusBar()->showMessage(m, 8000);
        if (isVisible() && !m.isEmpty())
            QApplication::beep();
    });
    connect(m_controller, &CanvasController::message, this, [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    connect(m_view, &TopologyView::zoomChanged, this,
            [this](qreal z) { m_zoomLabel->setText(QStringLiteral("%1%").arg(qRound(z * 100))); });
    connect(m_view, &TopologyView::filesDropped, this, [this](const QStringList &paths) { openPath(paths.front()); });
    connect(m_view, &TopologyView::modeChanged, this, [this](TopologyView::Mode m) {
        action(QStringLiteral("toolConnect"))->setChecked(m == TopologyView::Mode::Connect);
        action(QStringLiteral("toolSelect"))->setChecked(m == TopologyView::Mode::Select);
    });
    connect(m_welcome, &WelcomeWidget::newRequested, this, &MainWindow::newLab);
    connect(m_welcome, &WelcomeWidget::openRequested, this, &MainWindow::open);
    connect(m_welcome, &WelcomeWidget::openPath, this, [this](const QString &p) { openPath(p); });

    m_welcome->setRecent(recentFiles());
    resize(1360, 860);
    if (m_options.restoreState) {
        QSettings s;
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
        action(QStringLiteral("snap"))->setChecked(s.value(QStringLiteral("canvas/snap"), true).toBool());
    }
    showCanvas(false);
    updateTitle();
    updateActions();
    if (m_options.offerRecovery)
        QTimer::singleShot(0, this, &MainWindow::offerRecovery);
}

MainWindow::~MainWindow()
{
    // The scene refers to the document: take it down first.
    delete m_view;
    delete m_scene;
    m_scene = nullptr;
}

QAction *MainWindow::action(const QString &name) const { return m_actions.value(name); }

// ---- actions and menus ---------------------------------------------------------------------

void MainWindow::createActions()
{
    const auto make = [this](const QString &name, const QString &text, const QKeySequence &key = {},
                             const QString &icon = {}) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        if (!icon.isEmpty())
            a->setIcon(QIcon::fromTheme(icon, Icons::icon(icon))); // bundled fallback when no theme
        m_actions.insert(name, a);
        addAction(a); // shortcuts work even when menus are hidden (offscreen tests)
        return a;
    };
    connect(make(QStringLiteral("new"), tr("&New Lab"), QKeySequence::New, QStringLiteral("document-new")),
            &QAction::triggered, this, &MainWindow::newLab);
    connect(make(QStringLiteral("open"), tr("&Open…"), QKeySequence::Open, QStringLiteral("document-open")),
            &QAction::triggered, this, &MainWindow::open);
    connect(make(QStringLiteral("save"), tr("&Save"), QKeySequence::Save, QStringLiteral("document-save")),
            &QAction::triggered, this, &MainWindow::save);
    connect(make(QStringLiteral("saveAs"), tr("Save &As…"), QKeySequence::SaveAs),
            &QAction::triggered, this, &MainWindow::saveAs);
    connect(make(QStringLiteral("import"), tr("&Import ip Script…"), QKeySequence(tr("Ctrl+I"))), &QAction::triggered,
            this, &MainWindow::importScript);
    connect(make(QStringLiteral("exportPng"), tr("Export Canvas as &PNG…")), &QAction::triggered, this,
            [this] { exportCanvas(QStringLiteral("png")); });
    connect(make(QStringLiteral("exportSvg"), tr("Export Canvas as S&VG…")), &QAction::triggered, this,
            [this] { exportCanvas(QStringLiteral("svg")); });
    connect(make(QStringLiteral("close"), tr("&Close Lab"), QKeySequence::Close), &QAction::triggered, this, [this] {
        if (!maybeSave())
            return;
        removeRecoveryFile();
        setLab({}, {}, false);
        showCanvas(false);
    });
    connect(make(QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit),
            &QAction::triggered, this, &QWidget::close);

    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undo"));
    undo->setIcon(QIcon::fromTheme(QStringLiteral("edit-undo"), Icons::icon(QStringLiteral("edit-undo"))));
    m_actions.insert(QStringLiteral("undo"), undo);
    addAction(undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    redo->setObjectName(QStringLiteral("redo"));
    redo->setIcon(QIcon::fromTheme(QStringLiteral("edit-redo"), Icons::icon(QStringLiteral("edit-redo"))));
    m_actions.insert(QStringLiteral("redo"), redo);
    addAction(redo);

    connect(make(QStringLiteral("cut"), tr("Cu&t"), QKeySequence::Cut), &QAction::triggered, this, [this] {
        m_controller->copySelection();
        m_controller->deleteSelection();
    });
    connect(make(QStringLiteral("copy"), tr("&Copy"), QKeySequence::Copy), &QAction::triggered,
            m_controller, &CanvasController::copySelection);
    connect(make(QStringLiteral("paste"), tr("&Paste"), QKeySequence::Paste),
            &QAction::triggered, this, [this] {
                if (!m_hasLab)
                    newLab();
                m_controller->paste(m_view->lastMouseScenePos(), m_view->mouseInside());
            });
    connect(make(QStringLiteral("duplicate"), tr("&Duplicate"), QKeySequence(tr("Ctrl+D"))), &QAction::triggered,
            m_controller, &CanvasController::duplicateSelection);
    connect(make(QStringLiteral("delete"), tr("De&lete"), QKeySequence::Delete),
            &QAction::triggered, m_controller, &CanvasController::deleteSelection);
    action(QStringLiteral("delete"))->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    connect(make(QStringLiteral("rename"), tr("&Rename"), QKeySequence(Qt::Key_F2)), &QAction::triggered, m_view,
            &TopologyView::renameSelected);
    connect(make(QStringLiteral("selectAll"), tr("Select &All"), QKeySequence::SelectAll), &QAction::triggered, this, [this] {
        for (QGraphicsItem *i : m_scene->items())
            if (i->type() == NodeItem::Type)
                i->setSelected(true);
    });

    connect(make(QStringLiteral("zoomIn"), tr("Zoom &In"), QKeySequence::ZoomIn),
            &QAction::triggered, m_view, &TopologyView::zoomIn);
    connect(make(QStringLiteral("zoomOut"), tr("Zoom &Out"), QKeySequence::ZoomOut),
            &QAction::triggered, m_view, &TopologyView::zoomOut);
    connect(make(QStringLiteral("fit"), tr("&Fit Lab in Window"), QKeySequence(tr("Ctrl+0"))),
            &QAction::triggered, m_view, &TopologyView::fitToContents);
    action(QStringLiteral("fit"))->setIcon(Icons::icon(QStringLiteral("fit")));
    auto *snap = make(QStringLiteral("snap"), tr("&Snap to Grid"), QKeySequence(tr("Ctrl+G")));
    snap->setIcon(Icons::icon(QStringLiteral("grid")));
    snap->setCheckable(true);
    snap->setChecked(true);
    connect(snap, &QAction::toggled, this, [this](bool on) {
        m_scene->setSnapToGrid(on);
        QSettings().setValue(QStringLiteral("canvas/snap"), on);
    });
    auto *arrange = make(QStringLiteral("arrange"), tr("&Arrange Automatically"), QKeySequence(tr("Ctrl+Shift+L")));
    arrange->setIcon(Icons::icon(QStringLiteral("layout")));
    connect(arrange, &QAction::triggered, this, [this] {
        m_controller->autoLayout();
        QTimer::singleShot(0, m_view, &TopologyView::fitToContents);
    });

    // Lab: the palette's actions (click = place in the middle of the view) and the tools.
    const struct {
        const char *name;
        QString text;
        NodeKind kind;
        const char *icon;
    } places[] = {
        {"placeHost", tr("Host"), NodeKind::Host, "host"},
        {"placeNetns", tr("Namespace"), NodeKind::Netns, "netns"},
        {"placeLan", tr("LAN / Bridge"), NodeKind::Lan, "lan"},
        {"placeRouter", tr("Router"), NodeKind::Router, "router"},
    };
    for (const auto &p : places) {
        auto *a = make(QString::fromLatin1(p.name), p.text);
        a->setIcon(Icons::icon(QString::fromLatin1(p.icon)));
        a->setStatusTip(tr("Add a %1 to the lab").arg(p.text.toLower()));
        const NodeKind kind = p.kind;
        connect(a, &QAction::triggered, this, [this, kind] { placeFromPalette(kind); });
    }
    auto *tools = new QActionGroup(this);
    auto *sel = make(QStringLiteral("toolSelect"), tr("&Select"), QKeySequence(tr("V")));
    sel->setIcon(Icons::icon(QStringLiteral("select")));
    auto *con = make(QStringLiteral("toolConnect"), tr("&Connect"), QKeySequence(tr("L")));
    con->setIcon(Icons::icon(QStringLiteral("connect")));
    con->setStatusTip(tr("Drag from one node to another to join them with a veth pair"));
    for (QAction *a : {sel, con}) {
        a->setCheckable(true);
        tools->addAction(a);
    }
    sel->setChecked(true);
    connect(sel, &QAction::triggered, this, [this] { m_view->setMode(TopologyView::Mode::Select); });
    connect(con, &QAction::triggered, this, [this] { m_view->setMode(TopologyView::Mode::Connect); });

    auto *naming = new QActionGroup(this);
    const struct {
        const char *name;
        QString text;
        model::LinkNaming naming;
    } namings[] = {
        {"namingAuto", tr("Automatic (eth0/caliN for pod*, else veth1a/vetha1)"), model::LinkNaming::Auto},
        {"namingVeth", tr("veth1a / vetha1"), model::LinkNaming::Veth},
        {"namingPod", tr("eth0 / caliN (Calico)"), model::LinkNaming::Pod},
    };
    for (const auto &n : namings) {
        auto *a = make(QString::fromLatin1(n.name), n.text);
        a->setCheckable(true);
        naming->addAction(a);
        const auto value = n.naming;
        connect(a, &QAction::triggered, this, [this, value] { m_controller->connectOptions().naming = value; });
    }
    action(QStringLiteral("namingAuto"))->setChecked(true);
    auto *pool = make(QStringLiteral("addressPool"), tr("Give New Links Addresses from 10.0.0.0/24"));
    pool->setCheckable(true);
    connect(pool, &QAction::toggled, this, [this](bool on) {
        m_controller->connectOptions().pool = on ? net::Prefix::parse("10.0.0.0/24") : std::nullopt;
    });
    connect(make(QStringLiteral("check"), tr("Check with the &Emulator"), QKeySequence(tr("F5"))), &QAction::triggered,
            this, [this] {
                analyzeNow();
                const int n = m_scene->problems().count();
                statusBar()->showMessage(n ? tr("The kernel would report %n problem(s): see the Properties dock.", nullptr, n)
                                           : tr("The kernel would build this lab exactly as drawn."),
                                         8000);
            });

    connect(make(QStringLiteral("about"), tr("&About nslab")), &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About nslab"),
                           tr("<h3>nslab %1</h3><p>Design Linux network-namespace labs, predict every route table "
                              "and ping with a kernel-exact simulator, and apply them for real.</p>")
                               .arg(QStringLiteral(NSLAB_VERSION)));
    });
    connect(make(QStringLiteral("shortcuts"), tr("&Keyboard and Mouse")), &QAction::triggered, this, [this] {
        QMessageBox::information(this, tr("Keyboard and mouse"),
                                 tr("Drag from the palette to place a node; drop a namespace on a host to put it there.\n"
                                    "Drag from a port (or with the Connect tool, L) to another node: a veth pair.\n"
                                    "Ctrl+wheel: zoom under the mouse. Middle button or Space+drag: pan. Ctrl+0: fit.\n"
                                    "F2 or double-click: rename. Del: delete (links go with their nodes).\n"
                                    "Ctrl+C / Ctrl+V / Ctrl+D: copy, paste (a lab or an ip transcript), duplicate."));
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("new")));
    file->addAction(action(QStringLiteral("open")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("import")));
    file->addAction(action(QStringLiteral("exportPng")));
    file->addAction(action(QStringLiteral("exportSvg")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("close")));
    file->addAction(action(QStringLiteral("quit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    for (const char *n : {"undo", "redo", "", "cut", "copy", "paste", "duplicate", "delete", "", "rename", "selectAll"}) {
        if (!*n)
            edit->addSeparator();
        else
            edit->addAction(action(QString::fromLatin1(n)));
    }

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (const char *n : {"zoomIn", "zoomOut", "fit", "", "snap", "arrange"}) {
        if (!*n)
            view->addSeparator();
        else
            view->addAction(action(QString::fromLatin1(n)));
    }
    view->addSeparator();
    m_actions.insert(QStringLiteral("viewMenu"), view->menuAction());

    QMenu *lab = menuBar()->addMenu(tr("&Lab"));
    QMenu *add = lab->addMenu(tr("&Add"));
    for (const char *n : {"placeHost", "placeNetns", "placeLan", "placeRouter"})
        add->addAction(action(QString::fromLatin1(n)));
    lab->addAction(action(QStringLiteral("toolSelect")));
    lab->addAction(action(QStringLiteral("toolConnect")));
    QMenu *naming = lab->addMenu(tr("New Link &Names"));
    for (const char *n : {"namingAuto", "namingVeth", "namingPod"})
        naming->addAction(action(QString::fromLatin1(n)));
    lab->addAction(action(QStringLiteral("addressPool")));
    lab->addSeparator();
    lab->addAction(action(QStringLiteral("check")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("shortcuts")));
    help->addAction(action(QStringLiteral("about")));

    QToolBar *tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolbar"));
    tb->setIconSize(QSize(20, 20));
    tb->setToolButtonStyle(Qt::ToolButtonIconOnly);
    for (const char *n : {"new", "open", "save", "", "undo", "redo", "", "toolSelect", "toolConnect", "", "placeHost",
                          "placeNetns", "placeLan", "placeRouter", "", "fit", "snap", "arrange"}) {
        if (!*n)
            tb->addSeparator();
        else
            tb->addAction(action(QString::fromLatin1(n)));
    }
}

void MainWindow::createDocks()
{
    auto *paletteDock = new QDockWidget(tr("Palette"), this);
    paletteDock->setObjectName(QStringLiteral("palette"));
    paletteDock->setWidget(new PaletteWidget({action(QStringLiteral("placeHost")), action(QStringLiteral("placeNetns")),
                                              action(QStringLiteral("placeLan")), action(QStringLiteral("placeRouter"))}));
    paletteDock->setMinimumWidth(190);
    addDockWidget(Qt::LeftDockWidgetArea, paletteDock);
    m_properties = new PropertiesDock(m_controller, this);
    addDockWidget(Qt::RightDockWidgetArea, m_properties);
    resizeDocks({paletteDock, m_properties}, {180, 330}, Qt::Horizontal);
    if (auto *view = m_actions.value(QStringLiteral("viewMenu")); view && view->menu()) {
        view->menu()->addAction(paletteDock->toggleViewAction());
        view->menu()->addAction(m_properties->toggleViewAction());
    }
    new insight::InsightPanels(this); // issue 5: routes, reachability, trace, console, lessons, exports
    apply::attach(this); // issue 6: Lab ▸ Apply/Destroy/Probe, apply badge, predicted vs observed
}

void MainWindow::updateTitle()
{
    const bool dirty = m_hasLab && (!m_undo->isClean() || m_dirtyWithoutUndo);
    QString name;
    if (!m_hasLab)
        name = QString();
    else if (!m_path.isEmpty())
        name = QFileInfo(m_path).fileName();
    else if (!m_document->topology().title.empty())
        name = QString::fromStdString(m_document->topology().title);
    else
        name = tr("Untitled");
    setWindowTitle(name.isEmpty() ? QStringLiteral("nslab") : name + QStringLiteral("[*] — nslab"));
    setWindowModified(dirty); // after the title, which must hold the [*] placeholder
}

void MainWindow::updateActions()
{
    const bool lab = m_hasLab;
    const bool sel = lab && !m_scene->selectedItems().isEmpty();
    const bool nodes = lab && !m_scene->selectedNodes().isEmpty();
    for (const char *n : {"save", "saveAs", "exportPng", "exportSvg", "close", "zoomIn", "zoomOut", "fit", "arrange",
                          "placeHost", "placeNetns", "placeLan", "placeRouter", "toolSelect", "toolConnect", "check",
                          "selectAll"})
        action(QString::fromLatin1(n))->setEnabled(lab);
    action(QStringLiteral("delete"))->setEnabled(sel);
    action(QStringLiteral("cut"))->setEnabled(nodes);
    action(QStringLiteral("copy"))->setEnabled(nodes);
    action(QStringLiteral("duplicate"))->setEnabled(nodes);
    action(QStringLiteral("rename"))->setEnabled(lab && m_scene->selectedItems().size() == 1);
}

// ---- labs and files ------------------------------------------------------------------------

void MainWindow::showCanvas(bool on)
{
    m_central->setCurrentIndex(on ? 1 : 0);
    if (!on)
        m_welcome->setRecent(recentFiles());
    // Empty analysis and properties docks around the welcome screen only add clutter.
    if (on) {
        if (!m_stateBeforeWelcome.isEmpty())
            restoreState(m_stateBeforeWelcome);
        m_stateBeforeWelcome.clear();
    } else if (m_stateBeforeWelcome.isEmpty()) {
        m_stateBeforeWelcome = saveState();
        for (QDockWidget *dock : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly))
            dock->hide();
    }
}

void MainWindow::setLab(model::Topology topology, const QString &path, bool dirty)
{
    if (needsLayout(topology))
        autoLayout(topology);
    m_undo->clear();
    m_path = path;
    m_hasLab = true;
    m_dirtyWithoutUndo = dirty;
    m_document->setTopology(std::move(topology));
    showCanvas(true);
    analyzeNow();
    updateTitle();
    updateActions();
    // A file drawn for other sizes (or by hand) can have nodes on top of each other on this
    // canvas: arrange it, as an undoable step, rather than show a heap.
    if (m_scene->hasOverlaps()) {
        // First keep the author's arrangement and only spread it out; arrange from scratch
        // when no spread clears the overlaps.
        const model::Topology &t = m_document->topology();
        double cx = 0, cy = 0;
        for (const auto &n : t.nodes) {
            cx += n.x / double(t.nodes.size());
            cy += n.y / double(t.nodes.size());
        }
        std::optional<model::Edit> fit;
        for (double f : {1.25, 1.5, 1.75, 2.0, 2.5}) {
            model::edit::MoveNodes move;
            for (const auto &n : t.nodes)
                move.positions.push_back({n.id, std::round((cx + (n.x - cx) * f) / 20) * 20,
                                          std::round((cy + (n.y - cy) * f) / 20) * 20});
            const model::Edit trial(std::move(move), "Spread out the layout");
            auto undo = m_document->apply(trial);
            const bool clear = !m_scene->hasOverlaps();
            if (undo)
                m_document->apply(*undo);
            if (clear) {
                fit = trial;
                break;
            }
        }
        if (fit)
            m_controller->push(*fit);
        else
            m_controller->autoLayout();
        statusBar()->showMessage(tr("Nodes overlapped on this canvas, so the lab was spread out (Undo restores the file's layout)."), 10000);
    }
    QTimer::singleShot(0, m_view, &TopologyView::fitToContents);
    m_view->fitToContents();
}

void MainWindow::newLab()
{
    if (!maybeSave())
        return;
    removeRecoveryFile();
    setLab({}, {}, false);
    statusBar()->showMessage(tr("Drag a Host, a Namespace, a LAN or a Router from the palette."), 8000);
}

bool MainWindow::openPath(const QString &path, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot open"), message);
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
        return false;
    };
    if (!QFileInfo::exists(path))
        return fail(tr("%1 does not exist.").arg(path));
    if (!error && !maybeSave())
        return false;
    const auto result = model::io::loadLab(path);
    if (!result.ok())
        return fail(tr("%1 is not a lab nslab can open:\n%2").arg(QDir::toNativeSeparators(path), joinDiagnostics(result.errors)));
    // A lab file is edited in place; an imported script or a bundled example becomes a new,
    // unsaved lab (Save asks where).
    const bool isLabFile = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) && !path.startsWith(QLatin1Char(':'));
    removeRecoveryFile();
    setLab(*result.topology, isLabFile ? QFileInfo(path).absoluteFilePath() : QString(), !isLabFile && !path.startsWith(QLatin1Char(':')));
    if (isLabFile)
        addRecent(QFileInfo(path).absoluteFilePath());
    if (!result.warnings.empty()) {
        const QString text = tr("Opened %1 with warnings:\n%2").arg(QFileInfo(path).fileName(), joinDiagnostics(result.warnings));
        if (error)
            *error = text;
        else
            QMessageBox::information(this, tr("Opened with warnings"), text);
    }
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

void MainWindow::open()
{
    const QString dir = m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Lab"), dir,
                                                      tr("nslab labs (*.json);;ip scripts (*.sh *.txt);;All files (*)"));
    if (!path.isEmpty())
        openPath(path);
}

void MainWindow::importScript()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import ip Script"), QDir::homePath(),
                                                      tr("Scripts and transcripts (*.sh *.txt *.log);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Cannot import"), tr("%1: %2").arg(path, f.errorString()));
        return;
    }
    if (!maybeSave())
        return;
    const auto imported = model::plan::importScript(f.readAll().toStdString());
    QStringList report;
    for (const auto &c : imported.commands) {
        if (c.unsupported)
            report << tr("line %1: skipped (not something nslab models): %2").arg(c.line).arg(QString::fromStdString(c.text));
        else if (!c.result.ok())
            report << tr("line %1: %2\n    → %3")
                          .arg(c.line)
                          .arg(QString::fromStdString(c.text), QString::fromStdString(c.result.err).trimmed());
    }
    if (imported.topology.nodes.empty()) {
        QMessageBox::warning(this, tr("Nothing to import"),
                             tr("%1 holds no ip commands nslab understands.\n%2").arg(path, report.mid(0, 10).join(QLatin1Char('\n'))));
        return;
    }
    model::Topology t = imported.topology;
    if (t.title.empty())
        t.title = QFileInfo(path).completeBaseName().toStdString();
    removeRecoveryFile();
    setLab(std::move(t), {}, true);
    if (!report.isEmpty())
        QMessageBox::information(this, tr("Imported with remarks"),
                                 tr("Imported %1 commands. These lines need a look:\n\n%2")
                                     .arg(imported.commands.size())
                                     .arg(report.mid(0, 20).join(QLatin1Char('\n'))));
}

bool MainWindow::saveTo(const QString &path, QString *error)
{
    QString why;
    if (!model::io::saveLabAtomic(m_document->topology(), path, &why)) {
        if (error)
            *error = why;
        else
            QMessageBox::warning(this, tr("Cannot save"), tr("%1 could not be written:\n%2").arg(path, why));
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_dirtyWithoutUndo = false;
    m_undo->setClean();
    removeRecoveryFile();
    addRecent(m_path);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

bool MainWindow::save()
{
    if (!m_hasLab)
        return false;
    if (m_path.isEmpty())
        return saveAs();
    return saveTo(m_path);
}

bool MainWindow::saveAs()
{
    if (!m_hasLab)
        return false;
    QString suggestion = m_path;
    if (suggestion.isEmpty()) {
        const std::string &title = m_document->topology().title;
        suggestion = QDir::home().filePath((title.empty() ? QStringLiteral("lab") : QString::fromStdString(title))
                                           + QStringLiteral(".json"));
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save Lab"), suggestion, tr("nslab labs (*.json)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".json")))
        path += QStringLiteral(".json");
    return saveTo(path);
}

bool MainWindow::maybeSave()
{
    if (!isWindowModified())
        return true;
    const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                             tr("%1 has changes that are not saved. Save them first?")
                                                 .arg(m_path.isEmpty() ? tr("This lab") : QFileInfo(m_path).fileName()),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

QStringList MainWindow::recentFiles() const
{
    QStringList list = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    list.erase(std::remove_if(list.begin(), list.end(), [](const QString &p) { return !QFileInfo::exists(p); }), list.end());
    return list;
}

void MainWindow::addRecent(const QString &path)
{
    if (!m_options.restoreState)
        return; // screenshots and tests leave the user's list alone
    QStringList list = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), list);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList list = recentFiles();
    for (const QString &p : list)
        m_recentMenu->addAction(QFileInfo(p).fileName() + QStringLiteral("  —  ") + QFileInfo(p).absolutePath(), this,
                                [this, p] { openPath(p); });
    if (list.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            QSettings().remove(QStringLiteral("recentFiles"));
            rebuildRecentMenu();
        });
    }
}

// ---- autosave and recovery -----------------------------------------------------------------

QString MainWindow::recoveryDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

QString MainWindow::recoveryFile() const
{
    return recoveryDir() + QStringLiteral("/session-") + QString::number(QCoreApplication::applicationPid())
        + QStringLiteral(".json");
}

void MainWindow::autosave()
{
    if (!m_hasLab || !isWindowModified())
        return;
    QDir().mkpath(recoveryDir());
    QSaveFile f(recoveryFile());
    if (!f.open(QIODevice::WriteOnly))
        return;
    // The lab itself plus where it came from, so recovery can offer the right file name.
    QJsonObject meta{{QStringLiteral("path"), m_path},
                     {QStringLiteral("pid"), qint64(QCoreApplication::applicationPid())},
                     {QStringLiteral("saved"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                     {QStringLiteral("lab"), QJsonDocument::fromJson(model::io::serializeLab(m_document->topology())).object()}};
    f.write(QJsonDocument(meta).toJson(QJsonDocument::Compact));
    f.commit();
}

void MainWindow::removeRecoveryFile() { QFile::remove(recoveryFile()); }

void MainWindow::offerRecovery()
{
    const QDir dir(recoveryDir());
    for (const QString &name : dir.entryList({QStringLiteral("session-*.json")}, QDir::Files, QDir::Time)) {
        const QString file = dir.filePath(name);
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject meta = QJsonDocument::fromJson(f.readAll()).object();
        const qint64 pid = meta.value(QStringLiteral("pid")).toInteger();
        if (pid != QCoreApplication::applicationPid() && QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)))
            continue; // another nslab is still running and owns this file
        const QString origin = meta.value(QStringLiteral("path")).toString();
        const auto answer = QMessageBox::question(
            this, tr("Recover unsaved changes?"),
            tr("nslab found unsaved changes to %1 from a session that ended unexpectedly (%2).\nRecover them?")
                .arg(origin.isEmpty() ? tr("an untitled lab") : origin, meta.value(QStringLiteral("saved")).toString()),
            QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
        f.close();
        if (answer == QMessageBox::Yes) {
            auto result = model::io::parseLabJson(QJsonDocument(meta.value(QStringLiteral("lab")).toObject()).toJson());
            QFile::remove(file);
            if (result.ok()) {
                setLab(std::move(*result.topology), origin, true);
                autosave(); // keep it safe under this session's name until saved
                return;
            }
            QMessageBox::warning(this, tr("Cannot recover"), joinDiagnostics(result.errors));
        } else {
            QFile::remove(file);
        }
    }
}

// ---- canvas --------------------------------------------------------------------------------

void MainWindow::placeFromPalette(NodeKind kind)
{
    if (!m_hasLab)
        newLab();
    if (!m_hasLab)
        return;
    const QPointF centre = m_view->mapToScene(m_view->viewport()->rect().center());
    m_controller->placeNode(kind, m_controller->freeSpotNear(centre, kind));
}

void MainWindow::analyzeNow()
{
    m_analyzeTimer->stop();
    if (!m_scene)
        return;
    const Problems p = analyzeTopology(m_document->topology());
    m_scene->setProblems(p);
    const int n = p.count();
    m_problemLabel->setText(n ? tr("⚠ %n problem(s)", nullptr, n) : (m_hasLab ? tr("✓ kernel-valid") : QString()));
    m_problemLabel->setToolTip(n ? tr("What the kernel would refuse when building this lab; see the Properties dock.")
                                 : QString());
    m_properties->refresh();
}

void MainWindow::fitView() { m_view->fitToContents(); }

bool MainWindow::exportImage(const QString &path, QString *error)
{
    const QRectF source = m_scene->contentRect();
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    m_scene->clearSelection(); // exports show the lab, not the selection
    bool ok = false;
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(QString::fromStdString(m_document->topology().title));
        svg.setDescription(QStringLiteral("nslab lab"));
        QPainter p(&svg);
        p.setRenderHint(QPainter::Antialiasing);
        m_scene->render(&p, QRectF(QPointF(0, 0), source.size()), source);
        ok = p.end();
    } else {
        const qreal scale = 2.0; // crisp on projectors and in slides
        QImage img((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
        img.fill(Theme::current().background);
        QPainter p(&img);
        p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        m_scene->render(&p, QRectF(QPointF(0, 0), source.size() * scale), source);
        p.end();
        ok = img.save(path);
    }
    for (QGraphicsItem *i : selected)
        i->setSelected(true);
    if (!ok && error)
        *error = tr("could not write %1").arg(path);
    return ok;
}

void MainWindow::exportCanvas(const QString &format)
{
    QString base = m_path.isEmpty() ? QDir::home().filePath(QStringLiteral("lab")) : m_path.chopped(5);
    QString path = QFileDialog::getSaveFileName(this, tr("Export Canvas"), base + QLatin1Char('.') + format,
                                                format == u"svg" ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1Char('.') + format))
        path += QLatin1Char('.') + format;
    QString error;
    if (exportImage(path, &error))
        statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    else
        QMessageBox::warning(this, tr("Cannot export"), error);
}

// ---- window events -------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    removeRecoveryFile();
    if (m_options.restoreState) {
        // Save the layout the user chose, not the welcome screen's hidden docks.
        if (!m_stateBeforeWelcome.isEmpty())
            restoreState(m_stateBeforeWelcome);
        QSettings s;
        s.setValue(QStringLiteral("window/geometry"), saveGeometry());
        s.setValue(QStringLiteral("window/state"), saveState());
    }
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        // Dark mode switched: the canvas follows.
        Theme::refresh(QApplication::palette());
        if (m_scene)
            m_scene->refreshTheme();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &u : event->mimeData()->urls())
        if (u.isLocalFile()) {
            openPath(u.toLocalFile());
            break;
        }
}

} // namespace nslab::gui
