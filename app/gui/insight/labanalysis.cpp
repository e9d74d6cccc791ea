#include "labanalysis.h"

#include "plan/plan.h"
#include "topology/document.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace nslab::gui::insight {

sim::PingResult LabAnalysis::trace(const std::string &node, net::Ipv4 dst) const
{
    std::lock_guard lock(m_simLock);
    if (!m_sim)
        m_sim = std::make_unique<sim::Simulator>(kernel);
    if (!m_sim->hasNode(node)) {
        sim::PingResult r;
        r.exitCode = 2;
        r.disposition = sim::Disposition::NoRoute;
        r.explanation = "There is no namespace called " + node + " in this lab.";
        return r;
    }
    return m_sim->ping(node, dst, true);
}

std::shared_ptr<LabAnalysis> analyzeLab(const model::Topology &topology, quint64 revision)
{
    QElapsedTimer timer;
    timer.start();
    auto a = std::make_shared<LabAnalysis>();
    a->revision = revision;
    a->topology = topology;
    a->kernel = model::plan::emulate(topology, &a->failures);
    for (const auto &[name, ns] : a->kernel.namespaces()) {
        a->routesMain.emplace(name, a->kernel.routeShow(name));
        a->routesLocal.emplace(name, a->kernel.routeShow(name, model::ops::kTableLocal));
        for (const auto &dev : ns.devices)
            for (const auto &addr : dev.addresses)
                a->owners.emplace(addr.local.addr.v, name);
    }
    {
        sim::Simulator s(a->kernel);
        a->matrix = s.matrix();
    }
    a->millis = double(timer.nsecsElapsed()) / 1e6;
    return a;
}

AnalysisRunner::AnalysisRunner(model::Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_timer(new QTimer(this))
    , m_alive(std::make_shared<std::atomic<bool>>(true))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(10); // coalesces a burst (pasted lines); jobs never overlap anyway
    connect(m_timer, &QTimer::timeout, this, &AnalysisRunner::start);
    connect(document, &model::Document::changed, m_timer, qOverload<>(&QTimer::start));
    connect(document, &model::Document::topologyReset, this, [this] {
        m_resetPending = true;
        m_timer->start();
    });
}

AnalysisRunner::~AnalysisRunner()
{
    *m_alive = false;
    // A job still running holds its own copy of the topology and only posts back through the
    // alive flag, so it can finish after we are gone.
}

void AnalysisRunner::setDebounce(int ms) { m_timer->setInterval(ms); }

void AnalysisRunner::start()
{
    if (m_busy) {
        m_again = true; // one job at a time; the newest state runs next
        return;
    }
    m_busy = true;
    m_resetInFlight = m_resetPending;
    m_resetPending = false;
    const quint64 revision = m_document->revision();
    auto alive = m_alive;
    QPointer<AnalysisRunner> self(this);
    QThreadPool::globalInstance()->start([topology = m_document->topology(), revision, alive, self]() mutable {
        auto result = analyzeLab(topology, revision);
        if (!*alive)
            return;
        // Posted to the application object (never destroyed before us), so that the worker
        // never touches the runner, which the GUI thread may be deleting.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, alive, result]() {
                if (*alive && self)
                    self->publish(result);
            },
            Qt::QueuedConnection);
    });
}

void AnalysisRunner::publish(std::shared_ptr<LabAnalysis> analysis)
{
    m_busy = false;
    const bool reset = m_resetInFlight || !m_current;
    m_resetInFlight = false;
    if (m_again) {
        m_again = false;
        m_timer->start(0);
    }
    if (analysis->revision != m_document->revision() && m_timer->isActive()) {
        // Stale and a newer run is coming; still publish if nothing is shown yet.
        if (m_current) {
            m_resetPending = m_resetPending || reset;
            return;
        }
    }
    auto previous = m_current;
    m_current = std::move(analysis);
    Q_EMIT ready(m_current, previous, reset);
}

void AnalysisRunner::runNow()
{
    m_timer->stop();
    const bool reset = m_resetPending || !m_current;
    m_resetPending = false;
    auto previous = m_current;
    m_current = analyzeLab(m_document->topology(), m_document->revision());
    Q_EMIT ready(m_current, previous, reset);
}

bool AnalysisRunner::waitForCurrent(int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (m_current && m_current->revision == m_document->revision() && !m_busy && !m_timer->isActive())
            return true;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return false;
}

} // namespace nslab::gui::insight
