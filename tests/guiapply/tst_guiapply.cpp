// Lab ▸ Apply / Destroy / Probe in the designer. Over the RecordingExecutor: the planned ops run
// in order with progress to the end, a kernel error is shown with its op and leaves nothing,
// Cancel rolls back, the comparison flags disagreements. As root, once for real: the whole binary
// re-executes itself inside `unshare --mount --net` with a tmpfs on /run/netns.
#include "apply/applycontroller.h"
#include "apply/labbackend.h"
#include "apply/probecomparisonmodel.h"
#include "mainwindow.h"

#include "journal.h"
#include "labrequests.h"
#include "logging.h"
#include "opdescribe.h"
#include "recordingexecutor.h"

#include "plan/plan.h"
#include "sim/sim.h"
#include "io/labfile.h"
#include "topology/document.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nslab;
using gui::apply::ApplyController;
using gui::apply::ProbeComparisonModel;

namespace {

const QString kLab = QStringLiteral(NSLAB_SOURCE_DIR "/resources/labs/calico-two-hosts.json");

bool inSandbox()
{
    return ::geteuid() == 0 && qEnvironmentVariable("NSLAB_GUIAPPLY_SANDBOX") == QLatin1String("1");
}

// The recording fake, optionally holding the worker at one op until the test lets it go (so a
// Cancel can be pressed "mid-way" deterministically).
class GatedExecutor final : public nl::Executor
{
public:
    nl::RecordingExecutor recording;
    std::optional<std::size_t> gateAt;
    std::atomic<bool> reached{false};

    void release()
    {
        std::lock_guard lock(m_mutex);
        m_released = true;
        m_cv.notify_all();
    }
    nl::ExecResult execute(const model::ops::Op &op) override
    {
        if (gateAt && m_executed == *gateAt) {
            reached = true;
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, std::chrono::seconds(20), [this] { return m_released; }); // bounded
        }
        ++m_executed;
        return recording.execute(op);
    }
    std::optional<nl::NsIdentity> namespaceIdentity(const std::string &name) override
    {
        return recording.namespaceIdentity(name);
    }
    bool removeNamespace(const std::string &name, std::string *error) override
    {
        return recording.removeNamespace(name, error);
    }
    bool linkExists(const std::string &ns, const std::string &dev) override { return recording.linkExists(ns, dev); }
    std::size_t executed() const { return m_executed; }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_released = false;
    std::size_t m_executed = 0;
};

std::vector<std::string> executeCalls(const nl::RecordingExecutor &r)
{
    std::vector<std::string> out;
    for (const auto &c : r.calls())
        if (c.rfind("execute: ", 0) == 0)
            out.push_back(c.substr(9));
    return out;
}

QStringList journalFiles()
{
    return QDir(QString::fromStdString(nl::journalDir())).entryList(QDir::Files | QDir::Hidden);
}

} // namespace

class TestGuiApply : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<GatedExecutor> m_fake;
    std::unique_ptr<gui::MainWindow> m_window;

    ApplyController *openWithFake()
    {
        m_fake = std::make_shared<GatedExecutor>();
        auto fake = m_fake;
        ApplyController::setDefaultFactory(
            [fake] { return std::make_unique<gui::apply::ExecutorBackend>(fake); });
        m_window = std::make_unique<gui::MainWindow>(gui::MainWindow::Options{false, false, false});
        QString error;
        if (!m_window->openPath(kLab, &error))
            qWarning("%s", qPrintable(error));
        ApplyController *c = ApplyController::of(m_window.get());
        // The open asks for the status on its own (in-process it costs no password).
        if (c && c->badge() == ApplyController::Badge::Unknown) {
            QSignalSpy status(c, &ApplyController::statusRefreshed);
            status.wait(5000);
        }
        return c;
    }

    std::vector<model::ops::Op> plannedOps(const QString &prefix) const
    {
        return model::plan::planBuild(m_window->document()->topology(), {prefix.toStdString()});
    }

private Q_SLOTS:
    void init()
    {
        for (const QString &f : journalFiles())
            QFile::remove(QString::fromStdString(nl::journalDir()) + QLatin1Char('/') + f);
    }

    void cleanup()
    {
        m_window.reset();
        m_fake.reset();
        ApplyController::setDefaultFactory({});
    }

    void menuHasTheActions()
    {
        ApplyController *c = openWithFake();
        QVERIFY(c);
        for (const char *n : {"apply", "destroy", "probe", "prefix", "refreshStatus"})
            QVERIFY2(c->action(QString::fromLatin1(n)), n);
        // They sit in the window's Lab menu, next to its own actions.
        QVERIFY(!c->action(QStringLiteral("apply"))->associatedObjects().isEmpty());
        QCOMPARE(c->prefix(), QStringLiteral("nslab-"));
        QCOMPARE(c->badge(), ApplyController::Badge::NotApplied);
        QVERIFY(c->badgeLabel()->text().contains(QStringLiteral("not applied")));
        QString why;
        QVERIFY(!c->setPrefix(QStringLiteral("bad/prefix"), &why));
        QVERIFY2(!why.isEmpty(), "a refused prefix says why");
        QCOMPARE(c->prefix(), QStringLiteral("nslab-"));
    }

    void applyRunsThePlanInOrder()
    {
        ApplyController *c = openWithFake();
        QVERIFY(c);
        const auto ops = plannedOps(c->prefix());
        QVERIFY(ops.size() > 20);
        QSignalSpy progress(c, &ApplyController::progressed);
        QSignalSpy done(c, &ApplyController::applyFinished);
        QSignalSpy status(c, &ApplyController::statusRefreshed);
        c->apply();
        QVERIFY(c->isBusy());
        QVERIFY(!c->action(QStringLiteral("apply"))->isEnabled());
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QVERIFY2(c->lastError().isEmpty(), qPrintable(c->lastError()));

        std::vector<std::string> expected;
        for (const auto &op : ops)
            expected.push_back(nl::describeOp(op));
        QCOMPARE(executeCalls(m_fake->recording), expected);

        QCOMPARE(progress.size(), qsizetype(ops.size()));
        QCOMPARE(progress.first().at(0).toInt(), 1);
        QCOMPARE(progress.last().at(0).toInt(), int(ops.size()));
        QCOMPARE(progress.last().at(1).toInt(), int(ops.size()));
        QCOMPARE(progress.last().at(2).toString(), QString::fromStdString(expected.back()));

        QVERIFY(status.wait(5000));
        QCOMPARE(c->badge(), ApplyController::Badge::Applied);
        QVERIFY(c->badgeLabel()->text().contains(QStringLiteral("applied")));
        QVERIFY(!c->isBusy());

        // Applying again is refused before anything is touched, and says why.
        const auto before = m_fake->recording.namespaces();
        const std::size_t executed = m_fake->executed();
        c->apply();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(1).at(0).toBool(), false);
        QVERIFY2(c->lastError().contains(QStringLiteral("already applied")), qPrintable(c->lastError()));
        QCOMPARE(m_fake->executed(), executed);
        QCOMPARE(m_fake->recording.namespaces(), before);
        QVERIFY(status.wait(5000));
        QCOMPARE(c->badge(), ApplyController::Badge::Applied);

        // A namespace vanishing behind nslab's back: the badge says the lab drifted.
        const std::string victim = m_fake->recording.namespaces().front();
        std::string error;
        QVERIFY(m_fake->recording.removeNamespace(victim, &error));
        c->refreshStatus();
        QVERIFY(status.wait(5000));
        QCOMPARE(c->badge(), ApplyController::Badge::Drifted);
        QVERIFY(c->badgeLabel()->toolTip().contains(QString::fromStdString(victim)));

        QSignalSpy destroyed(c, &ApplyController::destroyFinished);
        c->destroy();
        QVERIFY(destroyed.wait(10000));
        QCOMPARE(destroyed.at(0).at(0).toBool(), true);
        QVERIFY(status.wait(5000));
        QCOMPARE(c->badge(), ApplyController::Badge::NotApplied);
        QVERIFY(m_fake->recording.namespaces().empty());
        QVERIFY(journalFiles().filter(QStringLiteral(".json")).isEmpty());
    }

    void kernelErrorIsShownAndNothingIsLeft()
    {
        ApplyController *c = openWithFake();
        QVERIFY(c);
        const auto ops = plannedOps(c->prefix());
        const std::size_t failing = 12;
        QVERIFY(ops.size() > failing);
        m_fake->recording.failCall(failing, "Error: Nexthop has invalid gateway.");
        QSignalSpy done(c, &ApplyController::applyFinished);
        QSignalSpy status(c, &ApplyController::statusRefreshed);
        c->apply();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        const QString e = c->lastError();
        QVERIFY2(e.contains(QStringLiteral("Op %1 failed").arg(failing + 1)), qPrintable(e));
        QVERIFY2(e.contains(QString::fromStdString(nl::describeOp(ops[failing]))), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("Error: Nexthop has invalid gateway.")), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("nothing is left")), qPrintable(e));
        auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("applyError"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->text(), e);
        // Nothing after the failing op ran; everything before it was removed.
        QCOMPARE(executeCalls(m_fake->recording).size(), failing + 1);
        QVERIFY(m_fake->recording.namespaces().empty());
        QVERIFY(status.wait(5000));
        QCOMPARE(c->badge(), ApplyController::Badge::NotApplied);
        QCOMPARE(c->badgeText(), QStringLiteral("not applied"));
    }

    void cancelMidwayRollsBack()
    {
        ApplyController *c = openWithFake();
        QVERIFY(c);
        const auto ops = plannedOps(c->prefix());
        const std::size_t gate = ops.size() / 2;
        m_fake->gateAt = gate;
        QSignalSpy done(c, &ApplyController::applyFinished);
        QSignalSpy status(c, &ApplyController::statusRefreshed);
        c->apply();
        QTRY_VERIFY_WITH_TIMEOUT(m_fake->reached.load(), 10000);
        // The progress the user sees has reached the held op.
        QTRY_COMPARE_WITH_TIMEOUT(c->progressDialog()->value(), int(gate + 1), 5000);
        QVERIFY(!m_fake->recording.namespaces().empty());
        auto *cancel = c->progressDialog()->findChild<QPushButton *>();
        QVERIFY(cancel);
        cancel->click();
        m_fake->release();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QVERIFY2(c->lastError().contains(QStringLiteral("cancelled")), qPrintable(c->lastError()));
        QVERIFY2(c->lastError().contains(QStringLiteral("nothing is left")), qPrintable(c->lastError()));
        // The held op finished, nothing after it ran, and all that was made is gone.
        QCOMPARE(m_fake->executed(), gate + 1);
        QVERIFY(m_fake->recording.namespaces().empty());
        bool removed = false;
        for (const auto &call : m_fake->recording.calls())
            removed = removed || call.rfind("remove: ", 0) == 0;
        QVERIFY(removed);
        QVERIFY(status.wait(5000));
        QCOMPARE(c->badge(), ApplyController::Badge::NotApplied);
        QVERIFY(!c->isBusy());
    }

    void probeNeedsTheKernel()
    {
        ApplyController *c = openWithFake();
        QVERIFY(c);
        QSignalSpy done(c, &ApplyController::probeFinished);
        c->probe();
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QVERIFY2(c->lastError().contains(QStringLiteral("kernel")), qPrintable(c->lastError()));
    }

    void comparisonFlagsDisagreements()
    {
        // The prediction for the bundled lab, and an "observed" matrix with one cell changed.
        auto topology = model::io::loadLab(kLab).topology;
        QVERIFY(topology);
        const kernel::Kernel k = model::plan::emulate(*topology);
        const sim::Matrix predicted = sim::Simulator(k).matrix();
        QVERIFY(!predicted.nodes.empty() && !predicted.addresses.empty());
        std::vector<nl::ProbeCell> observed;
        for (std::size_t n = 0; n < predicted.nodes.size(); ++n)
            for (std::size_t i = 0; i < predicted.addresses.size(); ++i)
                observed.push_back({predicted.nodes[n], predicted.addresses[i], predicted.exitCode(n, i), "reply"});
        const std::size_t total = observed.size();
        ProbeComparisonModel model;
        model.setResults(predicted, observed);
        QCOMPARE(model.rowCount(), int(total));
        QCOMPARE(model.disagreeing(), 0);
        QCOMPARE(model.summary(), QStringLiteral("%1 of %1 pairs agree").arg(total));
        QVERIFY(!model.data(model.index(0, 0), Qt::ForegroundRole).isValid());

        // Flip one pair near the end: it must come first, in red.
        nl::ProbeCell &changed = observed[total - 2];
        changed.exitCode = changed.exitCode == 0 ? 1 : 0;
        changed.detail = "timeout";
        model.setResults(predicted, observed);
        QCOMPARE(model.disagreeing(), 1);
        QCOMPARE(model.summary(), QStringLiteral("%1 of %2 pairs agree").arg(total - 1).arg(total));
        QCOMPARE(model.data(model.index(0, ProbeComparisonModel::NodeColumn)).toString(),
                 QString::fromStdString(changed.node));
        QCOMPARE(model.data(model.index(0, ProbeComparisonModel::AddressColumn)).toString(),
                 QString::fromStdString(changed.addr.toString()));
        QCOMPARE(model.data(model.index(0, ProbeComparisonModel::ObservedColumn), ProbeComparisonModel::ExitCodeRole)
                     .toInt(),
                 changed.exitCode);
        QCOMPARE(model.data(model.index(0, 0), ProbeComparisonModel::AgreesRole).toBool(), false);
        const QColor red = model.data(model.index(0, 0), Qt::ForegroundRole).value<QBrush>().color();
        QVERIFY(red.red() > 150 && red.green() < 100);
        QCOMPARE(model.data(model.index(1, 0), ProbeComparisonModel::AgreesRole).toBool(), true);
        QVERIFY(!model.data(model.index(1, 0), Qt::ForegroundRole).isValid());

        // A pair the probe never reported is not silently taken as agreeing.
        observed.pop_back();
        model.setResults(predicted, observed);
        QCOMPARE(model.disagreeing(), 2);
    }

    void proxyDelayIsWarned()
    {
        QFile f(kLab);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        // The lab sets proxy_delay 0 on Calico's proxy-ARP veths, as Calico does: nothing to warn.
        auto asSet = model::io::parseLabJson(json).topology;
        QVERIFY(asSet);
        QVERIFY(nl::proxyDelayWarnings(model::plan::emulate(*asSet)).empty());
        // With the kernel's default delay the first ARP answer comes late: both devices are named.
        QByteArray delayed = json;
        delayed.replace("\"proxy_delay\": 0", "\"proxy_delay\": 80");
        QVERIFY(delayed != json);
        auto withDelay = model::io::parseLabJson(delayed).topology;
        QVERIFY(withDelay);
        const auto warnings = nl::proxyDelayWarnings(model::plan::emulate(*withDelay));
        QVERIFY(warnings.size() >= 2);
        for (const auto &w : warnings)
            QVERIFY2(w.find("cali") != std::string::npos && w.find("proxy_delay=80") != std::string::npos, w.c_str());
    }

    // ---- for real ----------------------------------------------------------------------------

    void realApplyProbeDestroy_data()
    {
        QTest::addColumn<bool>("helper");
        QTest::newRow("in-process") << false;
        // The path a user without root takes, minus pkexec (the helper is started directly).
        QTest::newRow("nslab-helper") << true;
    }

    void realApplyProbeDestroy()
    {
        QFETCH(bool, helper);
        if (::geteuid() != 0)
            QSKIP("needs root (network namespaces); run as root to apply the lab for real");
        if (!inSandbox())
            QSKIP("`unshare --mount --net` is not available here, so the real kernel is not touched");
        const QString helperBinary = QStringLiteral(NSLAB_BINARY_DIR "/bin/nslab-helper");
        if (helper && !QFile::exists(helperBinary))
            QSKIP("nslab-helper is not built in this build directory");
        ApplyController::setDefaultFactory({}); // the real backend, chosen as the designer does
        if (helper) {
            qputenv("NSLAB_USE_HELPER", "1");
            qputenv("NSLAB_HELPER", helperBinary.toLocal8Bit());
            qputenv("NSLAB_HELPER_NO_PKEXEC", "1");
        } else {
            qunsetenv("NSLAB_USE_HELPER");
        }
        const auto restore = qScopeGuard([] {
            qunsetenv("NSLAB_USE_HELPER");
            qunsetenv("NSLAB_HELPER");
            qunsetenv("NSLAB_HELPER_NO_PKEXEC");
        });
        QCOMPARE(gui::apply::runsInProcess(), !helper);
        m_window = std::make_unique<gui::MainWindow>(gui::MainWindow::Options{false, false, false});
        QString error;
        QVERIFY2(m_window->openPath(kLab, &error), qPrintable(error));
        ApplyController *c = ApplyController::of(m_window.get());
        QVERIFY(c);
        QSignalSpy status(c, &ApplyController::statusRefreshed);
        QSignalSpy applied(c, &ApplyController::applyFinished);
        c->apply();
        QVERIFY(applied.wait(120000));
        QVERIFY2(applied.at(0).at(0).toBool(), qPrintable(c->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(c->badge(), ApplyController::Badge::Applied, 20000);
        const QStringList made = QDir(QStringLiteral("/run/netns")).entryList({QStringLiteral("nslab-*")}, QDir::Files | QDir::System);
        QCOMPARE(made.size(), int(m_window->document()->topology().nodes.size()));

        QSignalSpy probed(c, &ApplyController::probeFinished);
        c->probe();
        QVERIFY(probed.wait(120000));
        QVERIFY2(probed.at(0).at(0).toBool(), qPrintable(c->lastError()));
        ProbeComparisonModel *m = c->comparisonModel();
        QVERIFY(m->rowCount() > 0);
        QString differ;
        for (const auto &r : m->rows())
            if (!r.agrees())
                differ += QStringLiteral("\n%1 -> %2: predicted %3, kernel %4 (%5)")
                              .arg(r.node, r.address).arg(r.predicted).arg(r.observed).arg(r.detail);
        QVERIFY2(m->disagreeing() == 0, qPrintable(differ));
        QVERIFY(!c->comparisonDock()->isHidden()); // shown (the test window itself never is)
        QVERIFY(c->comparisonDock()->findChild<QLabel *>(QStringLiteral("probeSummary"))->text().contains(QStringLiteral("%1 of %1 pairs agree").arg(m->rowCount())));

        // NSLAB_GUIAPPLY_SCREENSHOT=FILE.png: how the window looks after a probe (for docs/review).
        if (const QString shot = qEnvironmentVariable("NSLAB_GUIAPPLY_SCREENSHOT"); !shot.isEmpty() && !helper) {
            m_window->resize(1600, 1000);
            m_window->show();
            QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
            m_window->fitView();
            QTest::qWait(200);
            QVERIFY(m_window->grab().save(shot));
        }

        QSignalSpy destroyed(c, &ApplyController::destroyFinished);
        c->destroy();
        QVERIFY(destroyed.wait(60000));
        QVERIFY2(destroyed.at(0).at(0).toBool(), qPrintable(c->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(c->badge(), ApplyController::Badge::NotApplied, 20000);
        QVERIFY(QDir(QStringLiteral("/run/netns")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).isEmpty());
        QVERIFY2(journalFiles().isEmpty(), qPrintable(journalFiles().join(QLatin1Char(' '))));
        QFile mounts(QStringLiteral("/proc/self/mountinfo"));
        QVERIFY(mounts.open(QIODevice::ReadOnly));
        QVERIFY(!QString::fromUtf8(mounts.readAll()).contains(QStringLiteral("/run/netns/nslab-")));
    }
};

int main(int argc, char **argv)
{
    // As root, the whole test runs in private mount and network namespaces, so the real apply
    // never touches this machine's network. Only when `unshare` works here (not in every container).
    if (::geteuid() == 0 && qEnvironmentVariable("NSLAB_GUIAPPLY_SANDBOX").isEmpty()
        && std::system("unshare --mount --net true >/dev/null 2>&1") == 0) {
        ::setenv("NSLAB_GUIAPPLY_SANDBOX", "1", 1);
        std::vector<char *> args{const_cast<char *>("unshare"), const_cast<char *>("--mount"),
                                 const_cast<char *>("--net"), const_cast<char *>("--propagation"),
                                 const_cast<char *>("private"), const_cast<char *>("--")};
        char exe[4096];
        const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = 0;
            args.push_back(exe);
            for (int i = 1; i < argc; ++i)
                args.push_back(argv[i]);
            args.push_back(nullptr);
            ::execvp("unshare", args.data());
            std::perror("exec unshare");
        }
        ::unsetenv("NSLAB_GUIAPPLY_SANDBOX");
    }
    if (inSandbox()) {
        ::mkdir("/run/netns", 0755);
        if (::mount("nslab-guiapply", "/run/netns", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
            std::perror("mount tmpfs on /run/netns");
            return 1;
        }
    }
    // Journals, locks and settings of the test never mix with the user's.
    char stateDir[] = "/tmp/nslab-guiapply-XXXXXX";
    if (!::mkdtemp(stateDir)) {
        std::perror("mkdtemp");
        return 1;
    }
    const QString base = QString::fromLocal8Bit(stateDir);
    qputenv("NSLAB_STATE_DIR", (base + QStringLiteral("/state")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (base + QStringLiteral("/config")).toLocal8Bit());
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    nl::initLogging({}, spdlog::level::warn);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("nslab-tests"));
    QApplication::setApplicationName(QStringLiteral("tst_guiapply"));
    int rc = 0;
    {
        TestGuiApply test;
        rc = QTest::qExec(&test, argc, argv);
    }
    QDir(base).removeRecursively();
    return rc;
}

#include "tst_guiapply.moc"
