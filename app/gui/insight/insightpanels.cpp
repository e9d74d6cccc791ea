#include "insightpanels.h"

#include "consolewidget.h"
#include "exporter.h"
#include "generatordialog.h"
#include "lessonplayer.h"
#include "mainwindow.h"
#include "matrixmodel.h"
#include "nodeitem.h"
#include "routelinesmodel.h"
#include "theme.h"
#include "topologyscene.h"
#include "topologyview.h"
#include "traceoverlay.h"
#include "tracewidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QStatusBar>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>

namespace nslab::gui::insight {

namespace {
QMenu *topMenu(QMainWindow *w, const QString &title)
{
    for (QAction *a : w->menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == title)
            return a->menu();
    return nullptr;
}
} // namespace

// The traced cell keeps its outcome colour; a thick frame marks it instead of the selection fill.
class MatrixCellDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem o(option);
        const bool selected = o.state & QStyle::State_Selected;
        o.state &= ~(QStyle::State_Selected | QStyle::State_HasFocus);
        QStyledItemDelegate::paint(p, o, index);
        if (selected) {
            p->save();
            p->setPen(QPen(Theme::current().selection, 4));
            p->drawRect(QRectF(option.rect).adjusted(2, 2, -2, -2));
            p->restore();
        }
    }
};

InsightPanels::InsightPanels(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_runner(new AnalysisRunner(window->document(), this))
    , m_routes(new RouteLinesModel(this))
    , m_matrix(new MatrixModel(this))
    , m_trace(new TraceWidget)
    , m_console(new ConsoleWidget(window->document(), window->undoStack()))
    , m_routesNs(new QComboBox)
    , m_localTable(new QCheckBox(tr("local table")))
    , m_routesTitle(new QLabel)
    , m_matrixSummary(new QLabel)
    , m_matrixView(new QTableView)
    , m_routesView(new QTableView)
{
    setObjectName(QStringLiteral("insightPanels"));
    const Theme &theme = Theme::current();

    // ---- Routes --------------------------------------------------------------------------
    auto *routes = new QWidget;
    auto *rl = new QVBoxLayout(routes);
    rl->setContentsMargins(6, 4, 6, 4);
    auto *rtop = new QHBoxLayout;
    m_routesNs->setObjectName(QStringLiteral("routesNamespace"));
    m_routesNs->setMinimumContentsLength(10);
    m_localTable->setObjectName(QStringLiteral("routesLocalTable"));
    m_localTable->setToolTip(tr("Show `ip route show table local`: the kernel's own routes for local and broadcast addresses"));
    rtop->addWidget(m_routesNs);
    rtop->addWidget(m_localTable);
    rtop->addStretch();
    rl->addLayout(rtop);
    QFont titleFont = theme.monoFont;
    titleFont.setPointSizeF(titleFont.pointSizeF() + 1);
    m_routesTitle->setFont(titleFont);
    m_routesTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rl->addWidget(m_routesTitle);
    m_routesView->setObjectName(QStringLiteral("routesView"));
    m_routesView->setModel(m_routes);
    m_routesView->verticalHeader()->hide();
    // The lines must read exactly as `ip route show` prints them: never elided, left-aligned,
    // scrolled sideways when the dock is narrow. Kernel routes are muted in the line itself
    // (tooltip says why), so the separate "by" column would only steal width.
    m_routesView->setColumnHidden(RouteLinesModel::Origin, true);
    m_routesView->horizontalHeader()->setSectionResizeMode(RouteLinesModel::Route, QHeaderView::ResizeToContents);
    m_routesView->horizontalHeader()->setStretchLastSection(false);
    m_routesView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_routesView->setTextElideMode(Qt::ElideNone);
    m_routesView->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_routesView->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_routesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_routesView->setShowGrid(false);
    m_routesView->setWordWrap(false);
    m_routesView->verticalHeader()->setDefaultSectionSize(26);
    rl->addWidget(m_routesView, 1);
    connect(m_routesNs, &QComboBox::currentTextChanged, this, &InsightPanels::updateRoutes);
    connect(m_localTable, &QCheckBox::toggled, this, &InsightPanels::updateRoutes);

    // ---- Reachability --------------------------------------------------------------------
    auto *matrix = new QWidget;
    auto *ml = new QVBoxLayout(matrix);
    ml->setContentsMargins(6, 4, 6, 4);
    auto *legend = new QLabel;
    const auto chip = [](MatrixModel::Outcome o, const QString &glyph) {
        return QStringLiteral("<span style='background:%1;color:white;font-weight:bold'>&nbsp;%2&nbsp;</span>&nbsp;%3")
            .arg(MatrixModel::outcomeColor(o).name(), glyph, MatrixModel::outcomeText(o));
    };
    legend->setText(chip(MatrixModel::Outcome::Reply, QStringLiteral("✓")) + QStringLiteral("&nbsp;&nbsp; ")
                    + chip(MatrixModel::Outcome::NoReply, QStringLiteral("✗")) + QStringLiteral("&nbsp;&nbsp; ")
                    + chip(MatrixModel::Outcome::LocalError, QStringLiteral("!"))
                    + tr("&nbsp;&nbsp; ▲ gained / ▼ lost by the last edit &nbsp;&nbsp; rows: from, columns: to"));
    legend->setObjectName(QStringLiteral("matrixLegend"));
    legend->setWordWrap(true);
    ml->addWidget(legend);
    m_matrixSummary->setObjectName(QStringLiteral("matrixSummary"));
    m_matrixSummary->setWordWrap(true);
    ml->addWidget(m_matrixSummary);
    m_matrixView->setObjectName(QStringLiteral("matrixView"));
    m_matrixView->setModel(m_matrix);
    m_matrixView->setMouseTracking(true);
    m_matrixView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrixView->horizontalHeader()->setDefaultSectionSize(92);
    m_matrixView->horizontalHeader()->setMinimumSectionSize(60);
    m_matrixView->verticalHeader()->setDefaultSectionSize(30);
    m_matrixView->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_matrixView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ml->addWidget(m_matrixView, 1);
    connect(m_matrixView, &QTableView::clicked, this, [this](const QModelIndex &i) {
        if (i.isValid())
            traceTo(i.data(MatrixModel::NodeRole).toString(), i.data(MatrixModel::AddressRole).toString());
    });
    // One line of status for the cell under the mouse (projector: no need to wait for a tooltip).
    connect(m_matrixView, &QTableView::entered, this, [this](const QModelIndex &i) {
        if (i.isValid())
            m_window->statusBar()->showMessage(i.data(MatrixModel::ReasonRole).toString(), 10000);
    });

    // ---- docks ---------------------------------------------------------------------------
    QDockWidget *routesDock = makeDock(tr("Routes"), QStringLiteral("insightRoutes"), routes, Qt::RightDockWidgetArea);
    QDockWidget *matrixDock = makeDock(tr("Reachability"), QStringLiteral("insightMatrix"), matrix, Qt::BottomDockWidgetArea);
    QDockWidget *traceDock = makeDock(tr("Trace"), QStringLiteral("insightTrace"), m_trace, Qt::BottomDockWidgetArea);
    QDockWidget *consoleDock = makeDock(tr("Console"), QStringLiteral("insightConsole"), m_console, Qt::BottomDockWidgetArea);
    m_window->tabifyDockWidget(traceDock, consoleDock);
    traceDock->raise();
    m_window->splitDockWidget(matrixDock, traceDock, Qt::Horizontal);
    m_window->tabifyDockWidget(traceDock, consoleDock);
    traceDock->raise();
    m_window->resizeDocks({matrixDock}, {300}, Qt::Vertical);
    {
        // Wide enough for the bundled labs' kernel route lines in the view's (bold) font; never below 470.
        const int line = QFontMetrics(RouteLinesModel::lineFont(true)).horizontalAdvance(
            QStringLiteral("192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.11"));
        const int want = line + 44; // cell margins, frame, dock margins; no wider: the canvas needs the room
        m_window->resizeDocks({routesDock}, {std::clamp(want, 470, 760)}, Qt::Horizontal);
    }
    m_matrixView->setItemDelegate(new MatrixCellDelegate(m_matrixView));

    m_lessons = new LessonPlayer(this);

    connect(m_runner, &AnalysisRunner::ready, this, &InsightPanels::onAnalysis);
    connect(m_window->scene(), &QGraphicsScene::selectionChanged, this, &InsightPanels::onSceneSelection);
    connect(m_window->document(), &model::Document::topologyReset, this, [this] {
        ensureOverlay();
        m_trace->clearTrace();
        if (m_overlay)
            m_overlay->clearTrace();
    });
    connect(m_trace, &TraceWidget::progressChanged, this, [this](qreal p) {
        if (m_overlay)
            m_overlay->setProgress(p);
    });
    connect(m_trace, &TraceWidget::currentStepChanged, this, &InsightPanels::updateRouteHighlight);
    connect(m_console, &ConsoleWidget::traceRequested, this, [this](const QString &ns, const QString &addr) {
        if (!traceTo(ns, addr))
            m_window->statusBar()->showMessage(tr("ping: %1: cannot trace from %2").arg(addr, ns), 6000);
    });
    ensureOverlay();
    createMenus();
    m_runner->runNow();
}

InsightPanels::~InsightPanels() = default;

InsightPanels *InsightPanels::of(MainWindow *window)
{
    return window ? window->findChild<InsightPanels *>(QStringLiteral("insightPanels"), Qt::FindDirectChildrenOnly) : nullptr;
}

QDockWidget *InsightPanels::makeDock(const QString &title, const QString &name, QWidget *content, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, m_window);
    dock->setObjectName(name);
    dock->setWidget(content);
    m_window->addDockWidget(area, dock);
    if (QAction *view = m_window->action(QStringLiteral("viewMenu")); view && view->menu())
        view->menu()->addAction(dock->toggleViewAction());
    return dock;
}

void InsightPanels::createMenus()
{
    if (QMenu *lab = topMenu(m_window, tr("Lab"))) {
        lab->addSeparator();
        QAction *gen = lab->addAction(tr("&Generate Routes…"));
        gen->setObjectName(QStringLiteral("generateRoutes"));
        connect(gen, &QAction::triggered, this, [this] {
            GeneratorDialog dialog(m_window);
            dialog.exec();
        });
        QMenu *lessons = lab->addMenu(tr("&Lessons"));
        m_lessons->fillMenu(lessons);
        lab->addAction(m_lessons->dock()->toggleViewAction());
    }
    if (QMenu *file = topMenu(m_window, tr("File"))) {
        QMenu *exp = new QMenu(tr("E&xport"), file);
        Exporter::fillMenu(exp, m_window);
        file->insertMenu(m_window->action(QStringLiteral("close")), exp);
        file->insertSeparator(m_window->action(QStringLiteral("close")));
    }
    // One click from the welcome screen: a Lessons button next to New and Open.
    if (auto *newButton = m_window->findChild<QPushButton *>(QStringLiteral("welcomeNew"))) {
        for (auto *box : newButton->parentWidget()->findChildren<QHBoxLayout *>()) {
            if (box->indexOf(newButton) < 0)
                continue;
            auto *b = new QPushButton(tr("Lessons ▾"));
            b->setObjectName(QStringLiteral("welcomeLessons"));
            b->setMinimumHeight(36);
            b->setMinimumWidth(140);
            auto *menu = new QMenu(b);
            m_lessons->fillMenu(menu);
            b->setMenu(menu);
            box->insertWidget(box->indexOf(newButton) + 2, b);
            break;
        }
    }
}

void InsightPanels::ensureOverlay()
{
    if (!m_overlay)
        m_overlay = new TraceOverlay(m_window->scene());
}

void InsightPanels::onAnalysis(std::shared_ptr<const LabAnalysis> analysis, std::shared_ptr<const LabAnalysis> previous, bool reset)
{
    // Keep the selected cell across updates.
    const QModelIndex cur = m_matrixView->currentIndex();
    const QString selNode = cur.isValid() ? cur.data(MatrixModel::NodeRole).toString() : QString();
    const QString selAddr = cur.isValid() ? cur.data(MatrixModel::AddressRole).toString() : QString();
    m_matrix->setAnalysis(analysis, reset ? nullptr : previous);
    m_matrixView->horizontalHeader()->setMinimumHeight(44);
    if (!selNode.isEmpty()) {
        const int r = m_matrix->rowOf(selNode.toStdString());
        const auto a = net::Ipv4::parse(selAddr.toStdString());
        const int c = a ? m_matrix->columnOf(*a) : -1;
        if (r >= 0 && c >= 0)
            m_matrixView->setCurrentIndex(m_matrix->index(r, c));
    }
    // Namespace list of the routes dock.
    QStringList names;
    for (const auto &[name, text] : analysis->routesMain)
        names << QString::fromStdString(name);
    QStringList have;
    for (int i = 0; i < m_routesNs->count(); ++i)
        have << m_routesNs->itemText(i);
    if (names != have) {
        const QString keep = m_routesNs->currentText();
        const QSignalBlocker b(m_routesNs);
        m_routesNs->clear();
        m_routesNs->addItems(names);
        m_routesNs->setCurrentIndex(std::max(0, int(names.indexOf(keep))));
    }
    updateRoutes();
    updateMatrixSummary();
    if (!reset)
        retrace(); // the same ping over the new state: see what the edit changed
    Q_EMIT analysisShown();
}

void InsightPanels::updateMatrixSummary()
{
    const auto a = m_matrix->analysis();
    if (!a) {
        m_matrixSummary->clear();
        return;
    }
    int replies = 0;
    for (auto c : a->matrix.exitCodes)
        replies += c == 0;
    QString text = tr("%1 of %2 pings answered · computed in %3 ms")
                       .arg(replies)
                       .arg(a->matrix.exitCodes.size())
                       .arg(a->millis, 0, 'f', 1);
    if (m_matrix->gainedCount() || m_matrix->lostCount())
        text += tr(" · <b>last edit: ▲ %1 gained, ▼ %2 lost</b>").arg(m_matrix->gainedCount()).arg(m_matrix->lostCount());
    if (!a->failures.empty())
        text += tr(" · <span style='color:%1'>%2 planned command(s) refused by the kernel</span>")
                    .arg(Theme::current().problem.name())
                    .arg(a->failures.size());
    m_matrixSummary->setText(text);
}

void InsightPanels::showRoutesOf(const QString &ns)
{
    const int i = m_routesNs->findText(ns);
    if (i >= 0)
        m_routesNs->setCurrentIndex(i);
    updateRoutes();
}

void InsightPanels::updateRoutes()
{
    const auto a = m_runner->current();
    const QString ns = m_routesNs->currentText();
    const bool local = m_localTable->isChecked();
    m_routesTitle->setText(QStringLiteral("# ip -n %1 route show%2").arg(ns, local ? QStringLiteral(" table local") : QString()));
    if (!a) {
        m_routes->setTable({});
        return;
    }
    const auto &tables = local ? a->routesLocal : a->routesMain;
    const auto it = tables.find(ns.toStdString());
    m_routes->setTable(it == tables.end() ? QString() : QString::fromStdString(it->second));
    updateRouteHighlight();
}

void InsightPanels::updateRouteHighlight()
{
    // The route the trace used in the namespace shown: the one of the current step when the
    // packet is there, else the first one it matched there.
    const std::string ns = m_routesNs->currentText().toStdString();
    QString line;
    if (m_trace->hasTrace()) {
        const auto &trace = m_trace->result().trace;
        std::vector<const sim::Step *> shown;
        for (const auto &s : trace)
            if (s.kind != sim::StepKind::Note || !s.inDev.empty())
                shown.push_back(&s);
        const int cur = m_trace->currentStep();
        const auto trimmed = [](std::string r) {
            while (!r.empty() && r.back() == ' ')
                r.pop_back();
            return QString::fromStdString(r);
        };
        if (cur >= 0 && cur < int(shown.size()) && shown[std::size_t(cur)]->ns == ns && !shown[std::size_t(cur)]->route.empty())
            line = trimmed(shown[std::size_t(cur)]->route);
        for (std::size_t i = 0; line.isEmpty() && i < shown.size(); ++i)
            if (shown[i]->ns == ns && !shown[i]->route.empty()
                && (shown[i]->kind == sim::StepKind::RouteLookup || shown[i]->kind == sim::StepKind::Forward
                    || shown[i]->kind == sim::StepKind::Send))
                line = trimmed(shown[i]->route);
    }
    m_routes->setHighlighted(line);
    if (const int row = m_routes->highlightedRow(); row >= 0)
        m_routesView->scrollTo(m_routes->index(row, 0));
}

void InsightPanels::onSceneSelection()
{
    const auto nodes = m_window->scene()->selectedNodes();
    if (nodes.size() != 1)
        return;
    if (const model::Node *n = m_window->document()->topology().node(nodes.front())) {
        showRoutesOf(QString::fromStdString(n->name));
        m_console->setCurrentNamespace(QString::fromStdString(n->name));
    }
}

bool InsightPanels::traceTo(const QString &ns, const QString &address)
{
    const auto a = m_runner->current();
    const auto dst = net::Ipv4::parse(address.toStdString());
    if (!a || !dst || !a->kernel.ns(ns.toStdString()))
        return false;
    m_traceNs = ns;
    m_traceAddr = address;
    const sim::PingResult r = a->trace(ns.toStdString(), *dst);
    ensureOverlay();
    m_overlay->setTrace(a->topology, r, ns.toStdString(), *dst);
    m_trace->setTrace(r, ns.toStdString(), *dst);
    if (QDockWidget *d = m_window->findChild<QDockWidget *>(QStringLiteral("insightTrace")))
        d->raise();
    showRoutesOf(ns);
    const int row = m_matrix->rowOf(ns.toStdString()), col = m_matrix->columnOf(*dst);
    if (row >= 0 && col >= 0 && m_matrixView->currentIndex() != m_matrix->index(row, col))
        m_matrixView->setCurrentIndex(m_matrix->index(row, col));
    updateRouteHighlight();
    if (m_window->isVisible())
        m_trace->play();
    return true;
}

void InsightPanels::retrace()
{
    if (m_traceNs.isEmpty() || !m_trace->hasTrace())
        return;
    const auto a = m_runner->current();
    const auto dst = net::Ipv4::parse(m_traceAddr.toStdString());
    if (!a || !dst || !a->kernel.ns(m_traceNs.toStdString())) {
        clearTrace();
        return;
    }
    const int step = m_trace->currentStep();
    const sim::PingResult r = a->trace(m_traceNs.toStdString(), *dst);
    ensureOverlay();
    m_overlay->setTrace(a->topology, r, m_traceNs.toStdString(), *dst);
    m_trace->setTrace(r, m_traceNs.toStdString(), *dst);
    m_trace->setCurrentStep(std::max(step, m_trace->currentStep()));
    m_overlay->setProgress(m_trace->currentStep());
    updateRouteHighlight();
}

void InsightPanels::compareWith(std::shared_ptr<const LabAnalysis> before)
{
    m_matrix->setAnalysis(m_runner->current(), std::move(before));
    updateMatrixSummary();
}

void InsightPanels::clearTrace()
{
    m_traceNs.clear();
    m_traceAddr.clear();
    m_trace->clearTrace();
    if (m_overlay)
        m_overlay->clearTrace();
    m_routes->setHighlighted({});
}

} // namespace nslab::gui::insight
