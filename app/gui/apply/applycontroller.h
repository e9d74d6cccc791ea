#pragma once
// Lab ▸ Apply / Destroy / Probe in the designer (issue 6): the open lab planned (planBuild) and
// created for real, all or nothing, in-process as root or through nslab-helper otherwise — the
// same library calls nslab-cli makes. The work runs on a worker thread; the window shows a
// progress dialog with Cancel (stop and roll back), the failing op with the kernel's message,
// a status-bar badge (applied / drifted / not applied) and, after a probe, the "Predicted vs
// observed" dock. Built on the main window's public API only; one line in MainWindow creates it.
#include "applier.h"
#include "probe.h"
#include "sim/sim.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMessageBox;
class QProgressDialog;
class QTableView;

namespace nslab::gui {
class MainWindow;
}

namespace nslab::gui::apply {

class LabBackend;
class ProbeComparisonModel;

class ApplyController : public QObject
{
    Q_OBJECT
public:
    enum class Badge { Unknown, NotApplied, Applied, Drifted };
    using BackendFactory = std::function<std::unique_ptr<LabBackend>()>;

    // `factory` makes the backend (on the worker thread, on first use); empty: makeDefaultBackend.
    explicit ApplyController(MainWindow *window, BackendFactory factory = {});
    ~ApplyController() override;

    // The one the window made.
    static ApplyController *of(MainWindow *window);
    // Tests: every controller made from now on uses this factory (empty: the real one).
    static void setDefaultFactory(BackendFactory factory);

    // "apply", "destroy", "probe", "prefix", "refreshStatus".
    QAction *action(const QString &name) const;
    QString prefix() const { return m_prefix; }
    // false with `why` when the kernel (and the helper) would refuse it; kept in the settings.
    bool setPrefix(const QString &prefix, QString *why = nullptr);

    void apply();
    void destroy();
    void probe();
    // Asks for the status now; with `onlyIfFree` only when it needs no password.
    void refreshStatus(bool onlyIfFree = false);
    // What the Cancel button does: stop and roll back.
    void cancel();

    bool isBusy() const { return m_busy; }
    Badge badge() const { return m_badge; }
    QString badgeText() const;
    QLabel *badgeLabel() const { return m_badgeLabel; }
    QProgressDialog *progressDialog() const { return m_progress; }
    // The last error as shown to the user (failing op, the kernel's message, what was rolled back).
    QString lastError() const { return m_lastError; }
    QDockWidget *comparisonDock() const { return m_dock; }
    ProbeComparisonModel *comparisonModel() const { return m_model; }
    QStringList probeWarnings() const { return m_warnings; }

Q_SIGNALS:
    void progressed(int step, int total, const QString &op);
    void applyFinished(bool ok);
    void destroyFinished(bool ok);
    void probeFinished(bool ok);
    void statusRefreshed(nslab::gui::apply::ApplyController::Badge badge);

private:
    void createActions();
    void createDock();
    void updateActions();
    void setBusy(bool busy, const QString &what = {});
    void runJob(std::function<void(LabBackend &)> job);
    void finishApply(const nl::ApplyReport &report, bool cancelled);
    void finishDestroy(const nl::DestroyReport &report);
    void finishStatus(bool known, const std::vector<nl::LabStatus> &labs, const QString &error);
    void finishProbe(const nl::ProbeReport &report, const sim::Matrix &predicted);
    void showError(const QString &title, const QString &text);
    void setBadge(Badge badge, const QString &tooltip);
    void askPrefix();

    MainWindow *m_window;
    BackendFactory m_factory;
    QThread m_thread;
    QObject *m_worker;                 // lives on m_thread: jobs run in its context
    std::unique_ptr<LabBackend> m_backend; // touched only on m_thread
    std::atomic<bool> m_cancel{false};
    QString m_prefix;
    bool m_busy = false;
    Badge m_badge = Badge::Unknown;
    QString m_lastError;
    QStringList m_warnings;
    QHash<QString, QAction *> m_actions;
    QLabel *m_badgeLabel;
    QProgressDialog *m_progress;
    QPointer<QMessageBox> m_errorBox;
    QDockWidget *m_dock = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_warningLabel = nullptr;
    QTableView *m_table = nullptr;
    ProbeComparisonModel *m_model;
};

} // namespace nslab::gui::apply
