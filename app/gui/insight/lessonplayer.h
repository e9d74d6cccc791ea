#pragma once
// Plays a lesson on the designer: opens its lab, precomputes every step's lab by running the
// step's commands through the emulator, and steps forward and back, restoring each step's
// tables exactly, showing what to observe, the commands with what they printed, and tracing
// the step's ping on the canvas.
#include "lesson.h"
#include "topology/topology.h"

#include <QObject>

class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QPushButton;

namespace nslab::gui::insight {

class InsightPanels;

class LessonPlayer : public QObject
{
    Q_OBJECT
public:
    explicit LessonPlayer(InsightPanels *panels);

    QDockWidget *dock() const { return m_dock; }
    void fillMenu(QMenu *menu);

    // Opens `path` and shows its first step. Errors name the file and where.
    bool start(const QString &path, QString *error = nullptr);
    bool isActive() const { return m_lesson.has_value(); }
    const Lesson *lesson() const { return m_lesson ? &*m_lesson : nullptr; }
    int step() const { return m_step; }
    int stepCount() const { return m_lesson ? int(m_lesson->steps.size()) : 0; }
    bool goTo(int step);
    bool next() { return goTo(m_step + 1); }
    bool previous() { return goTo(m_step - 1); }
    // What step `i`'s commands printed ("ns# command" lines, then output and errors).
    QString transcript(int step) const;
    const model::Topology &state(int step) const { return m_states[std::size_t(step)]; }

Q_SIGNALS:
    void stepShown(int step);

private:
    void show();

    InsightPanels *m_panels;
    QDockWidget *m_dock;
    QLabel *m_title;
    QLabel *m_stepTitle;
    QLabel *m_text;
    QPlainTextEdit *m_commands;
    QPushButton *m_prev, *m_next;
    std::optional<Lesson> m_lesson;
    std::vector<model::Topology> m_states;
    model::Topology m_base;
    std::vector<QString> m_transcripts;
    int m_step = -1;
};

} // namespace nslab::gui::insight
