#pragma once
// Everything the insight panels show about one state of the drawing, computed in one go off the
// GUI thread: the emulated kernel, every namespace's route tables exactly as `ip route show`
// prints them, and the reachability matrix. Immutable once built; shared by the panels.
#include "kernel/kernel.h"
#include "sim/sim.h"
#include "topology/topology.h"

#include <QObject>

#include <atomic>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class QTimer;

namespace nslab::model { class Document; }

namespace nslab::gui::insight {

struct LabAnalysis {
    quint64 revision = 0;
    model::Topology topology;
    kernel::Kernel kernel;
    std::vector<std::string> failures;               // planned ops the emulator refused
    std::map<std::string, std::string, std::less<>> routesMain, routesLocal; // `ip route show [table local]`
    sim::Matrix matrix;
    std::map<std::uint32_t, std::string> owners;     // address → namespace that has it (first one)
    double millis = 0;                               // emulate + simulate, wall clock

    // A traced ping over this state. The simulator is compiled on first use; callers on the GUI
    // thread only (the analysis is built on a worker and then only read).
    sim::PingResult trace(const std::string &node, net::Ipv4 dst) const;

private:
    mutable std::unique_ptr<sim::Simulator> m_sim;
    mutable std::mutex m_simLock;
};

// Builds the analysis of `topology` (pure; safe on any thread).
std::shared_ptr<LabAnalysis> analyzeLab(const model::Topology &topology, quint64 revision = 0);

// Watches a document and keeps an analysis of its latest state: each change restarts a short
// debounce, the work runs on a pool thread, and stale results (the document moved on) are
// dropped. `ready` carries the new analysis and the one it replaces (for "what if").
class AnalysisRunner : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisRunner(model::Document *document, QObject *parent = nullptr);
    ~AnalysisRunner() override;

    std::shared_ptr<const LabAnalysis> current() const { return m_current; }
    // Computes now on the calling thread (tests, lesson steps) and publishes the result.
    void runNow();
    // Blocks until the analysis of the document's current revision is published (tests).
    bool waitForCurrent(int timeoutMs = 5000);
    void setDebounce(int ms);

Q_SIGNALS:
    // `reset` is true when the drawing was replaced (open, lesson step) rather than edited:
    // comparisons with the previous state make no sense then.
    void ready(std::shared_ptr<const nslab::gui::insight::LabAnalysis> analysis,
               std::shared_ptr<const nslab::gui::insight::LabAnalysis> previous, bool reset);

private:
    void start();
    void publish(std::shared_ptr<LabAnalysis> analysis);

    model::Document *m_document;
    QTimer *m_timer;
    std::shared_ptr<const LabAnalysis> m_current;
    bool m_busy = false;
    bool m_again = false;
    bool m_resetPending = false;
    bool m_resetInFlight = false;
    bool m_destroyed = false;
    std::shared_ptr<std::atomic<bool>> m_alive;
};

} // namespace nslab::gui::insight
