#pragma once
// The trace panel: what `ping -c1` from a namespace to an address does, hop by hop, with the
// plain-language explanation, and the player that walks the packet along the canvas (play,
// pause, step forward/back, speed).
#include "sim/sim.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QTimer;
class QToolButton;

namespace nslab::gui::insight {

class TraceWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TraceWidget(QWidget *parent = nullptr);

    void setTrace(const sim::PingResult &result, const std::string &node, net::Ipv4 dst);
    void clearTrace();
    bool hasTrace() const { return m_count > 0; }
    const sim::PingResult &result() const { return m_result; }
    const std::string &node() const { return m_node; }
    net::Ipv4 destination() const { return m_dst; }
    // The hop list as shown (one line per step).
    QStringList stepTexts() const;
    QString explanation() const;

    int currentStep() const;
    void setCurrentStep(int step);
    void stepForward();
    void stepBack();
    void play();
    void pause();
    bool isPlaying() const;
    void setSpeed(qreal stepsPerSecond);

Q_SIGNALS:
    // The packet's position along the trace (step index, fractions between steps).
    void progressChanged(qreal progress);
    void currentStepChanged(int step);

private:
    void tick();
    void updateButtons();

    QLabel *m_title;
    QLabel *m_explanation;
    QListWidget *m_steps;
    QToolButton *m_back, *m_play, *m_forward, *m_restart;
    QComboBox *m_speed;
    QTimer *m_timer;
    sim::PingResult m_result;
    std::string m_node;
    net::Ipv4 m_dst;
    int m_count = 0;
    qreal m_progress = 0;
    qreal m_stepsPerSecond = 1.5;
    qint64 m_lastTick = 0;
};

} // namespace nslab::gui::insight
