#include "tracewidget.h"

#include "matrixmodel.h"
#include "theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace nslab::gui::insight {

using sim::StepKind;

namespace {
QString stepLine(int i, const sim::Step &s)
{
    QString line = QStringLiteral("%1. [%2] %3").arg(i + 1).arg(QString::fromStdString(s.ns),
                                                              QString::fromStdString(std::string(sim::stepKindName(s.kind))));
    if (s.leg != sim::Leg::Request)
        line += QStringLiteral(" (%1)").arg(QString::fromStdString(std::string(sim::legName(s.leg))));
    if (!s.inDev.empty())
        line += QStringLiteral(" in=") + QString::fromStdString(s.inDev);
    if (!s.outDev.empty())
        line += QStringLiteral(" out=") + QString::fromStdString(s.outDev);
    line += QStringLiteral(": ") + QString::fromStdString(s.text);
    std::string route = s.route;
    while (!route.empty() && route.back() == ' ')
        route.pop_back();
    if (!route.empty())
        line += QStringLiteral("\n      route: ") + QString::fromStdString(route);
    return line;
}
} // namespace

TraceWidget::TraceWidget(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_explanation(new QLabel)
    , m_steps(new QListWidget)
    , m_back(new QToolButton)
    , m_play(new QToolButton)
    , m_forward(new QToolButton)
    , m_restart(new QToolButton)
    , m_speed(new QComboBox)
    , m_timer(new QTimer(this))
{
    const Theme &theme = Theme::current();
    QFont titleFont = theme.titleFont;
    titleFont.setPointSizeF(titleFont.pointSizeF() + 1);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanation->setWordWrap(true);
    QFont ef = theme.nameFont;
    ef.setWeight(QFont::Normal);
    ef.setPointSizeF(ef.pointSizeF() + 1);
    m_explanation->setFont(ef);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanation->setObjectName(QStringLiteral("traceExplanation"));
    m_steps->setObjectName(QStringLiteral("traceSteps"));
    m_steps->setWordWrap(true);
    m_steps->setAlternatingRowColors(true);
    QFont mono = theme.monoFont;
    mono.setPointSizeF(mono.pointSizeF() + 1);
    m_steps->setFont(mono);

    m_restart->setText(QStringLiteral("⏮"));
    m_restart->setToolTip(tr("Back to the first step"));
    m_back->setText(QStringLiteral("◀"));
    m_back->setToolTip(tr("Step back"));
    m_play->setText(QStringLiteral("▶"));
    m_play->setToolTip(tr("Play / pause the packet"));
    m_forward->setText(QStringLiteral("▶|"));
    m_forward->setToolTip(tr("Step forward"));
    for (QToolButton *b : {m_restart, m_back, m_play, m_forward}) {
        QFont f = b->font();
        f.setPointSizeF(f.pointSizeF() + 3);
        b->setFont(f);
        b->setMinimumSize(40, 34);
    }
    for (const qreal s : {0.5, 1.0, 1.5, 3.0, 6.0})
        m_speed->addItem(tr("%1 steps/s").arg(s), s);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(tr("Animation speed"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_restart);
    controls->addWidget(m_back);
    controls->addWidget(m_play);
    controls->addWidget(m_forward);
    controls->addStretch();
    controls->addWidget(m_speed);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_explanation);
    layout->addLayout(controls);
    layout->addWidget(m_steps, 1);

    m_timer->setInterval(33);
    connect(m_timer, &QTimer::timeout, this, &TraceWidget::tick);
    connect(m_restart, &QToolButton::clicked, this, [this] {
        pause();
        setCurrentStep(0);
    });
    connect(m_back, &QToolButton::clicked, this, &TraceWidget::stepBack);
    connect(m_forward, &QToolButton::clicked, this, &TraceWidget::stepForward);
    connect(m_play, &QToolButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { m_stepsPerSecond = m_speed->currentData().toDouble(); });
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != currentStep()) {
            pause();
            setCurrentStep(row);
        }
    });
    clearTrace();
}

void TraceWidget::setTrace(const sim::PingResult &result, const std::string &node, net::Ipv4 dst)
{
    pause();
    m_result = result;
    m_node = node;
    m_dst = dst;
    m_steps->clear();
    const Theme &theme = Theme::current();
    int shown = 0;
    for (const sim::Step &s : result.trace) {
        if (s.kind == StepKind::Note && s.inDev.empty())
            continue; // warnings go with the explanation below
        auto *item = new QListWidgetItem(stepLine(shown++, s));
        if (s.kind == StepKind::Drop || s.kind == StepKind::ArpUnanswered || s.kind == StepKind::IcmpError)
            item->setForeground(theme.problem);
        else if (s.kind == StepKind::ArpRequest || s.kind == StepKind::ArpReply)
            item->setForeground(theme.dark ? QColor(0xc7, 0x9b, 0xff) : QColor(0x7b, 0x3f, 0xbf));
        else if (s.leg == sim::Leg::Reply)
            item->setForeground(theme.dark ? QColor(0x6f, 0xdc, 0x9a) : QColor(0x1e, 0x7d, 0x45));
        m_steps->addItem(item);
    }
    m_count = shown;
    const MatrixModel::Outcome o = result.exitCode == 0 ? MatrixModel::Outcome::Reply
                                   : result.exitCode == 2 ? MatrixModel::Outcome::LocalError
                                                          : MatrixModel::Outcome::NoReply;
    m_title->setText(QStringLiteral("<span style='color:%1'>%2</span>&nbsp; ping %3 from %4 — %5 (%6)")
                         .arg(MatrixModel::outcomeColor(o).name(),
                              o == MatrixModel::Outcome::Reply ? QStringLiteral("✓") : QStringLiteral("✗"),
                              QString::fromStdString(dst.toString()), QString::fromStdString(node),
                              MatrixModel::outcomeText(o),
                              QString::fromStdString(std::string(sim::dispositionName(result.disposition)))));
    QString expl = QString::fromStdString(result.explanation).toHtmlEscaped();
    if (!result.message.empty())
        expl += QStringLiteral("<br><span style='font-family:monospace'>%1</span>")
                    .arg(QString::fromStdString(result.message).toHtmlEscaped());
    for (const auto &w : result.warnings)
        expl += QStringLiteral("<br>⚠ ") + QString::fromStdString(w).toHtmlEscaped();
    m_explanation->setText(expl);
    m_progress = -1;
    setCurrentStep(0);
    updateButtons();
}

void TraceWidget::clearTrace()
{
    pause();
    m_count = 0;
    m_result = {};
    m_steps->clear();
    m_title->setText(tr("No trace"));
    m_explanation->setText(tr("Click a cell of the reachability matrix (or type ping NS ADDR in the console) to "
                              "follow that ping hop by hop."));
    m_progress = 0;
    updateButtons();
}

QStringList TraceWidget::stepTexts() const
{
    QStringList l;
    for (int i = 0; i < m_steps->count(); ++i)
        l << m_steps->item(i)->text();
    return l;
}

QString TraceWidget::explanation() const { return QString::fromStdString(m_result.explanation); }

int TraceWidget::currentStep() const { return int(std::floor(m_progress + 1e-6)); }

void TraceWidget::setCurrentStep(int step)
{
    if (m_count == 0)
        return;
    step = std::clamp(step, 0, m_count - 1);
    const bool changed = step != currentStep() || m_progress != qreal(step);
    m_progress = step;
    {
        const QSignalBlocker b(m_steps);
        m_steps->setCurrentRow(step);
    }
    m_steps->scrollToItem(m_steps->item(step));
    if (changed) {
        Q_EMIT progressChanged(m_progress);
        Q_EMIT currentStepChanged(step);
    }
    updateButtons();
}

void TraceWidget::stepForward()
{
    pause();
    setCurrentStep(currentStep() + 1);
}

void TraceWidget::stepBack()
{
    pause();
    setCurrentStep(currentStep() - 1);
}

void TraceWidget::play()
{
    if (m_count == 0)
        return;
    if (currentStep() >= m_count - 1)
        setCurrentStep(0);
    m_lastTick = QDateTime::currentMSecsSinceEpoch();
    m_timer->start();
    updateButtons();
}

void TraceWidget::pause()
{
    m_timer->stop();
    updateButtons();
}

bool TraceWidget::isPlaying() const { return m_timer->isActive(); }

void TraceWidget::setSpeed(qreal stepsPerSecond) { m_stepsPerSecond = stepsPerSecond; }

void TraceWidget::tick()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qreal dt = qreal(now - m_lastTick) / 1000.0;
    m_lastTick = now;
    const int before = currentStep();
    m_progress = std::min(qreal(m_count - 1), m_progress + dt * m_stepsPerSecond);
    Q_EMIT progressChanged(m_progress);
    if (currentStep() != before) {
        const QSignalBlocker b(m_steps);
        m_steps->setCurrentRow(currentStep());
        m_steps->scrollToItem(m_steps->item(currentStep()));
        Q_EMIT currentStepChanged(currentStep());
    }
    if (m_progress >= m_count - 1)
        pause();
}

void TraceWidget::updateButtons()
{
    m_play->setText(isPlaying() ? QStringLiteral("⏸") : QStringLiteral("▶"));
    m_back->setEnabled(m_count > 0 && currentStep() > 0);
    m_restart->setEnabled(m_count > 0);
    m_play->setEnabled(m_count > 0);
    m_forward->setEnabled(m_count > 0 && currentStep() < m_count - 1);
}

} // namespace nslab::gui::insight
