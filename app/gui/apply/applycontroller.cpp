#include "applycontroller.h"

#include "labbackend.h"
#include "labrequests.h"
#include "mainwindow.h"
#include "probecomparisonmodel.h"
#include "validate.h"

#include "plan/plan.h"
#include "topology/document.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace nslab::gui::apply {

namespace {

constexpr const char *kDefaultPrefix = "nslab-"; // as nslab-cli
const QString kPrefixKey = QStringLiteral("apply/prefix");

ApplyController::BackendFactory &defaultFactory()
{
    static ApplyController::BackendFactory f;
    return f;
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// The Lab menu the window made (it holds the "check" action); a new one if it is not there.
QMenu *labMenu(MainWindow *window)
{
    if (QAction *check = window->action(QStringLiteral("check")))
        for (QObject *o : check->associatedObjects())
            if (auto *menu = qobject_cast<QMenu *>(o); menu && menu->parent() != nullptr)
                return menu;
    return window->menuBar()->addMenu(ApplyController::tr("&Lab"));
}

} // namespace

ApplyController::ApplyController(MainWindow *window, BackendFactory factory)
    : QObject(window)
    , m_window(window)
    , m_factory(factory ? std::move(factory) : defaultFactory())
    , m_worker(new QObject)
    , m_model(new ProbeComparisonModel(this))
{
    setObjectName(QStringLiteral("applyController"));
    if (!m_factory)
        m_factory = [] { return makeDefaultBackend(); };
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("nslab-apply"));
    m_thread.start();

    m_prefix = QSettings().value(kPrefixKey, QString::fromLatin1(kDefaultPrefix)).toString();
    if (std::string why; !nl::validPrefix(m_prefix.toStdString(), &why))
        m_prefix = QString::fromLatin1(kDefaultPrefix);

    m_badgeLabel = new QLabel;
    m_badgeLabel->setObjectName(QStringLiteral("applyBadge"));
    m_badgeLabel->setMargin(2);
    window->statusBar()->addPermanentWidget(m_badgeLabel);
    setBadge(Badge::Unknown, tr("Whether this machine has the lab (prefix %1) is not known yet: "
                                "Lab ▸ Refresh Apply Status asks.").arg(m_prefix));

    m_progress = new QProgressDialog(window);
    m_progress->setObjectName(QStringLiteral("applyProgress"));
    m_progress->setWindowTitle(tr("Applying the lab"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(200);
    m_progress->setMinimumWidth(520);
    m_progress->reset();
    m_progress->hide();
    connect(m_progress, &QProgressDialog::canceled, this, &ApplyController::cancel);

    createActions();
    createDock();

    // A newly opened lab: show whether it is on the machine, when asking costs no password.
    connect(window->document(), &model::Document::topologyReset, this, [this] { refreshStatus(true); });
    refreshStatus(true);
}

ApplyController::~ApplyController()
{
    m_cancel = true;
    // The backend (helper process, netlink sockets) is released on the thread that made it.
    QMetaObject::invokeMethod(m_worker, [this] {
        m_backend.reset();
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    m_thread.wait();
}

ApplyController *ApplyController::of(MainWindow *window)
{
    return window->findChild<ApplyController *>(QStringLiteral("applyController"), Qt::FindDirectChildrenOnly);
}

void ApplyController::setDefaultFactory(BackendFactory factory)
{
    defaultFactory() = std::move(factory);
}

QAction *ApplyController::action(const QString &name) const
{
    return m_actions.value(name);
}

void ApplyController::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setStatusTip(tip);
        m_actions.insert(name, a);
        return a;
    };
    connect(make(QStringLiteral("apply"), tr("A&pply to This Machine"),
                 tr("Create the lab for real: one network namespace per node, all or nothing")),
            &QAction::triggered, this, &ApplyController::apply);
    connect(make(QStringLiteral("destroy"), tr("&Destroy Applied Lab"),
                 tr("Remove exactly the namespaces Apply created with this prefix")),
            &QAction::triggered, this, &ApplyController::destroy);
    connect(make(QStringLiteral("probe"), tr("P&robe Applied Lab"),
                 tr("Real pings between every node and every address; compare them with the prediction")),
            &QAction::triggered, this, &ApplyController::probe);
    connect(make(QStringLiteral("refreshStatus"), tr("Refresh Apply &Status"),
                 tr("Ask whether the lab is on this machine and still as Apply made it")),
            &QAction::triggered, this, [this] { refreshStatus(false); });
    connect(make(QStringLiteral("prefix"), tr("Namespace &Prefix…"),
                 tr("Namespaces are named PREFIX + node name, so an applied lab never collides with yours")),
            &QAction::triggered, this, &ApplyController::askPrefix);

    QMenu *menu = labMenu(m_window);
    menu->addSeparator();
    for (const char *n : {"apply", "destroy", "probe", "refreshStatus", "prefix"})
        menu->addAction(action(QString::fromLatin1(n)));
    updateActions();
}

void ApplyController::createDock()
{
    m_dock = new QDockWidget(tr("Predicted vs observed"), m_window);
    m_dock->setObjectName(QStringLiteral("probeComparison"));
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary = new QLabel(tr("Lab ▸ Probe Applied Lab pings every pair for real."));
    m_summary->setObjectName(QStringLiteral("probeSummary"));
    m_summary->setWordWrap(true);
    m_warningLabel = new QLabel;
    m_warningLabel->setObjectName(QStringLiteral("probeWarnings"));
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setStyleSheet(QStringLiteral("color: #b26a00;"));
    m_warningLabel->hide();
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    layout->addWidget(m_summary);
    layout->addWidget(m_warningLabel);
    layout->addWidget(m_table, 1);
    m_dock->setWidget(page);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_dock->hide();
    if (QAction *view = m_window->action(QStringLiteral("viewMenu")); view && view->menu())
        view->menu()->addAction(m_dock->toggleViewAction());
}

void ApplyController::updateActions()
{
    for (QAction *a : std::as_const(m_actions))
        a->setEnabled(!m_busy);
}

void ApplyController::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    updateActions();
    if (busy && !what.isEmpty())
        m_window->statusBar()->showMessage(what);
    else if (!busy)
        m_window->statusBar()->clearMessage();
}

bool ApplyController::setPrefix(const QString &prefix, QString *why)
{
    std::string reason;
    if (!nl::validPrefix(prefix.toStdString(), &reason)) {
        if (why)
            *why = qs(reason);
        return false;
    }
    if (prefix != m_prefix) {
        m_prefix = prefix;
        QSettings().setValue(kPrefixKey, prefix);
        setBadge(Badge::Unknown, tr("Prefix changed to %1").arg(prefix));
        refreshStatus(true);
    }
    return true;
}

void ApplyController::askPrefix()
{
    bool ok = false;
    QString p = QInputDialog::getText(m_window, tr("Namespace Prefix"),
                                      tr("Applied namespaces are named PREFIX + node name:"), QLineEdit::Normal,
                                      m_prefix, &ok);
    if (!ok)
        return;
    QString why;
    if (!setPrefix(p, &why))
        QMessageBox::warning(m_window, tr("Namespace Prefix"), tr("Cannot use \"%1\": %2").arg(p, why));
}

void ApplyController::runJob(std::function<void(LabBackend &)> job)
{
    QMetaObject::invokeMethod(m_worker, [this, job = std::move(job)] {
        if (!m_backend)
            m_backend = m_factory();
        job(*m_backend);
    }, Qt::QueuedConnection);
}

// ---- apply ---------------------------------------------------------------------------------

void ApplyController::apply()
{
    if (m_busy)
        return;
    if (!m_window->hasLab()) {
        showError(tr("Apply"), tr("Open or draw a lab first."));
        return;
    }
    const model::Topology &topology = m_window->document()->topology();
    auto ops = std::make_shared<std::vector<model::ops::Op>>(
        model::plan::planBuild(topology, {m_prefix.toStdString()}));
    std::string lab = m_window->filePath().toStdString();
    if (lab.empty())
        lab = topology.title.empty() ? std::string("untitled lab") : topology.title;

    m_cancel = false;
    m_lastError.clear();
    m_progress->setWindowTitle(tr("Applying the lab"));
    m_progress->setLabelText(tr("Planning…"));
    m_progress->setRange(0, int(ops->size()));
    m_progress->setValue(0);
    m_progress->setCancelButtonText(tr("Cancel and Roll Back"));
    m_progress->show();
    setBusy(true, tr("Applying %n op(s) with prefix %1…", nullptr, int(ops->size())).arg(m_prefix));

    const std::string prefix = m_prefix.toStdString();
    runJob([this, ops, prefix, lab](LabBackend &backend) {
        auto progress = [this](std::size_t step, std::size_t total, const std::string &op) {
            const QString text = qs(op);
            QMetaObject::invokeMethod(this, [this, step, total, text] {
                if (m_progress->isVisible() && !m_cancel) {
                    m_progress->setMaximum(int(total));
                    m_progress->setValue(int(step));
                    m_progress->setLabelText(tr("[%1/%2] %3").arg(step).arg(total).arg(text));
                }
                Q_EMIT progressed(int(step), int(total), text);
            }, Qt::QueuedConnection);
        };
        nl::ApplyReport report = backend.apply(*ops, prefix, lab, progress, m_cancel);
        const bool cancelled = m_cancel.load() && !report.ok;
        QMetaObject::invokeMethod(this, [this, report = std::move(report), cancelled] { finishApply(report, cancelled); },
                                  Qt::QueuedConnection);
    });
}

void ApplyController::cancel()
{
    if (!m_busy || m_cancel)
        return;
    m_cancel = true;
    m_window->statusBar()->showMessage(tr("Cancelling: removing what was made so far…"));
}

void ApplyController::finishApply(const nl::ApplyReport &report, bool cancelled)
{
    m_progress->reset();
    m_progress->hide();
    setBusy(false);
    if (report.ok) {
        m_window->statusBar()->showMessage(
            tr("Applied: %n namespace(s) with prefix %1", nullptr, int(report.namespaces)).arg(m_prefix), 8000);
    } else if (cancelled) {
        QString text = tr("Apply was cancelled.");
        if (report.rollbackProblems.empty()) {
            text += QLatin1Char(' ') + tr("Everything it had made was removed: nothing is left.");
        } else {
            text += QLatin1Char(' ') + tr("Rolling back was incomplete:");
            for (const auto &p : report.rollbackProblems)
                text += QStringLiteral("\n  ") + qs(p);
        }
        m_lastError = text;
        m_window->statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), 8000);
        if (!report.rollbackProblems.empty())
            showError(tr("Apply cancelled"), text);
    } else {
        QString text;
        if (report.failedIndex) {
            text = tr("Op %1 failed:\n%2\n\nThe kernel said: %3")
                       .arg(*report.failedIndex + 1)
                       .arg(qs(report.failedOp), qs(report.error));
            text += QStringLiteral("\n\n")
                + (report.rollbackProblems.empty() ? tr("Rolled back: nothing is left.")
                                                   : tr("Rolling back was incomplete:"));
        } else {
            text = tr("Nothing was applied: %1").arg(qs(report.error));
        }
        for (const auto &p : report.rollbackProblems)
            text += QStringLiteral("\n  ") + qs(p);
        showError(tr("Apply failed"), text);
    }
    Q_EMIT applyFinished(report.ok);
    refreshStatus(false);
}

// ---- destroy -------------------------------------------------------------------------------

void ApplyController::destroy()
{
    if (m_busy)
        return;
    m_lastError.clear();
    setBusy(true, tr("Destroying the lab with prefix %1…").arg(m_prefix));
    const std::string prefix = m_prefix.toStdString();
    runJob([this, prefix](LabBackend &backend) {
        nl::DestroyReport report = backend.destroy(prefix);
        QMetaObject::invokeMethod(this, [this, report = std::move(report)] { finishDestroy(report); },
                                  Qt::QueuedConnection);
    });
}

void ApplyController::finishDestroy(const nl::DestroyReport &report)
{
    setBusy(false);
    QStringList problems;
    for (const auto &p : report.problems)
        problems << qs(p);
    for (const auto &n : report.leftAlone)
        problems << tr("Left %1 alone: it is not the namespace nslab created.").arg(qs(n));
    if (!report.ok || !problems.isEmpty())
        showError(tr("Destroy"), problems.join(QLatin1Char('\n')));
    if (report.ok)
        m_window->statusBar()->showMessage(
            report.hadJournal ? tr("Destroyed: removed %n namespace(s)", nullptr, int(report.removed.size()))
                              : tr("Nothing was applied with prefix %1").arg(m_prefix),
            8000);
    Q_EMIT destroyFinished(report.ok);
    refreshStatus(false);
}

// ---- status --------------------------------------------------------------------------------

void ApplyController::refreshStatus(bool onlyIfFree)
{
    const std::string prefix = m_prefix.toStdString();
    runJob([this, onlyIfFree, prefix](LabBackend &backend) {
        std::vector<nl::LabStatus> labs;
        std::string error;
        if (onlyIfFree && !backend.statusIsFree())
            return; // would ask for a password on every open: wait for the user's own request
        const bool known = backend.status(&labs, &error);
        std::vector<nl::LabStatus> mine;
        for (auto &s : labs)
            if (s.prefix == prefix)
                mine.push_back(std::move(s));
        QMetaObject::invokeMethod(this, [this, known, mine = std::move(mine), error = qs(error)] {
            finishStatus(known, mine, error);
        }, Qt::QueuedConnection);
    });
}

void ApplyController::finishStatus(bool known, const std::vector<nl::LabStatus> &labs, const QString &error)
{
    if (!known) {
        setBadge(Badge::Unknown, tr("Could not ask: %1").arg(error));
    } else if (labs.empty()) {
        setBadge(Badge::NotApplied, tr("No lab is applied with prefix %1").arg(m_prefix));
    } else {
        const nl::LabStatus &s = labs.front();
        QString tip = tr("%1: %n namespace(s) with prefix %2, journal state %3", nullptr, int(s.namespaces))
                          .arg(qs(s.lab), m_prefix, qs(s.state));
        const bool applied = s.matches && s.state == "applied";
        for (const auto &p : s.problems)
            tip += QStringLiteral("\n") + qs(p);
        setBadge(applied ? Badge::Applied : Badge::Drifted, tip);
    }
    Q_EMIT statusRefreshed(m_badge);
}

QString ApplyController::badgeText() const
{
    switch (m_badge) {
    case Badge::Applied: return tr("applied");
    case Badge::Drifted: return tr("drifted");
    case Badge::NotApplied: return tr("not applied");
    case Badge::Unknown: break;
    }
    return tr("apply status unknown");
}

void ApplyController::setBadge(Badge badge, const QString &tooltip)
{
    m_badge = badge;
    const char *colour = "#757575";
    switch (badge) {
    case Badge::Applied: colour = "#2e7d32"; break;
    case Badge::Drifted: colour = "#c62828"; break;
    case Badge::NotApplied: colour = "#455a64"; break;
    case Badge::Unknown: break;
    }
    m_badgeLabel->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                              .arg(QLatin1String(colour), badgeText().toHtmlEscaped()));
    m_badgeLabel->setToolTip(tooltip);
}

// ---- probe ---------------------------------------------------------------------------------

void ApplyController::probe()
{
    if (m_busy)
        return;
    if (!m_window->hasLab()) {
        showError(tr("Probe"), tr("Open the lab you applied first: its prediction is what the probe is compared with."));
        return;
    }
    // The prediction comes from the same lab the plan builds, run through the emulator.
    const kernel::Kernel kernel = model::plan::emulate(m_window->document()->topology());
    auto predicted = std::make_shared<sim::Matrix>(sim::Simulator(kernel).matrix());
    std::vector<std::string> nodes;
    std::vector<net::Ipv4> addresses;
    nl::probeTargets(kernel, &nodes, &addresses);
    m_warnings.clear();
    for (const auto &w : nl::proxyDelayWarnings(kernel))
        m_warnings << qs(w);

    m_lastError.clear();
    setBusy(true, tr("Probing %n pair(s)…", nullptr, int(nodes.size() * addresses.size())));
    const std::string prefix = m_prefix.toStdString();
    runJob([this, prefix, nodes = std::move(nodes), addresses = std::move(addresses), predicted](LabBackend &backend) {
        nl::ProbeReport report = backend.probe(prefix, nodes, addresses);
        QMetaObject::invokeMethod(this, [this, report = std::move(report), predicted] { finishProbe(report, *predicted); },
                                  Qt::QueuedConnection);
    });
}

void ApplyController::finishProbe(const nl::ProbeReport &report, const sim::Matrix &predicted)
{
    setBusy(false);
    if (!report.ok) {
        showError(tr("Probe failed"), tr("Could not probe: %1").arg(qs(report.error)));
        Q_EMIT probeFinished(false);
        return;
    }
    m_model->setResults(predicted, report.cells);
    const int differ = m_model->disagreeing();
    m_summary->setText(differ ? tr("<b>%1</b> — %n pair(s) disagree with the prediction (listed first, in red).",
                                   nullptr, differ).arg(m_model->summary().toHtmlEscaped())
                              : tr("<b>%1</b> — the kernel did what the simulator predicted.")
                                    .arg(m_model->summary().toHtmlEscaped()));
    if (m_warnings.isEmpty()) {
        m_warningLabel->hide();
    } else {
        m_warningLabel->setText(tr("⚠ Predictions can differ where proxy ARP waits a random delay:\n")
                                + m_warnings.join(QLatin1Char('\n')));
        m_warningLabel->show();
    }
    m_table->resizeColumnsToContents();
    m_dock->show();
    m_dock->raise();
    m_window->statusBar()->showMessage(tr("Probe: %1 (%2 ms)").arg(m_model->summary()).arg(qRound(report.seconds * 1000)),
                                       8000);
    Q_EMIT probeFinished(true);
}

void ApplyController::showError(const QString &title, const QString &text)
{
    m_lastError = text;
    m_window->statusBar()->showMessage(title + QStringLiteral(": ") + text.section(QLatin1Char('\n'), 0, 0), 10000);
    // Not exec(): the window stays responsive and tests are never blocked by the box.
    if (m_errorBox)
        m_errorBox->deleteLater();
    m_errorBox = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Close, m_window);
    m_errorBox->setObjectName(QStringLiteral("applyError"));
    m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
    m_errorBox->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorBox->open();
}

} // namespace nslab::gui::apply
