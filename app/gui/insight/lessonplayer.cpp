#include "lessonplayer.h"

#include "consolewidget.h"
#include "insightpanels.h"
#include "labanalysis.h"
#include "labedits.h"
#include "mainwindow.h"
#include "theme.h"
#include "topologyscene.h"
#include "tracewidget.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace nslab::gui::insight {

LessonPlayer::LessonPlayer(InsightPanels *panels)
    : QObject(panels)
    , m_panels(panels)
    , m_dock(new QDockWidget(tr("Lesson"), panels->window()))
    , m_title(new QLabel)
    , m_stepTitle(new QLabel)
    , m_text(new QLabel)
    , m_commands(new QPlainTextEdit)
    , m_prev(new QPushButton(tr("◀ Previous")))
    , m_next(new QPushButton(tr("Next ▶")))
{
    const Theme &theme = Theme::current();
    m_dock->setObjectName(QStringLiteral("insightLesson"));
    auto *w = new QWidget;
    auto *l = new QVBoxLayout(w);
    l->setContentsMargins(8, 6, 8, 6);
    QFont tf = theme.titleFont;
    m_title->setFont(tf);
    m_title->setWordWrap(true);
    QFont sf = theme.titleFont;
    sf.setPointSizeF(sf.pointSizeF() + 2);
    m_stepTitle->setFont(sf);
    m_stepTitle->setWordWrap(true);
    m_stepTitle->setObjectName(QStringLiteral("lessonStepTitle"));
    QFont bf = theme.nameFont;
    bf.setWeight(QFont::Normal);
    bf.setPointSizeF(bf.pointSizeF() + 1.5);
    m_text->setFont(bf);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->setObjectName(QStringLiteral("lessonText"));
    QFont mono = theme.monoFont;
    mono.setWeight(QFont::Normal);
    mono.setPointSizeF(mono.pointSizeF() + 1.5);
    m_commands->setFont(mono);
    m_commands->setReadOnly(true);
    m_commands->setObjectName(QStringLiteral("lessonCommands"));
    m_commands->setMaximumHeight(220);
    for (QPushButton *b : {m_prev, m_next})
        b->setMinimumHeight(34);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_prev);
    buttons->addStretch();
    buttons->addWidget(m_next);
    l->addWidget(m_title);
    l->addLayout(buttons);
    l->addWidget(m_stepTitle);
    l->addWidget(m_text);
    l->addWidget(new QLabel(tr("Commands of this step (as iproute2 answers them):")));
    l->addWidget(m_commands);
    l->addStretch();
    m_dock->setWidget(w);
    m_dock->setMinimumWidth(360);
    panels->window()->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    m_dock->hide();
    connect(m_prev, &QPushButton::clicked, this, &LessonPlayer::previous);
    connect(m_next, &QPushButton::clicked, this, &LessonPlayer::next);
}

void LessonPlayer::fillMenu(QMenu *menu)
{
    const QStringList paths = lessonPaths();
    for (const QString &p : paths) {
        QString error;
        const auto l = loadLesson(p, &error);
        QAction *a = menu->addAction(l ? l->title : QFileInfo(p).fileName());
        a->setToolTip(l ? l->summary : error);
        connect(a, &QAction::triggered, this, [this, p] {
            QString error;
            if (!start(p, &error))
                QMessageBox::warning(m_panels->window(), tr("Cannot start the lesson"), error);
        });
    }
    if (paths.isEmpty())
        menu->addAction(tr("(no lessons installed)"))->setEnabled(false);
}

bool LessonPlayer::start(const QString &path, QString *error)
{
    QString err;
    auto lesson = loadLesson(path, &err);
    if (!lesson) {
        if (error)
            *error = err;
        return false;
    }
    MainWindow *w = m_panels->window();
    if (!w->openPath(lesson->lab, &err) && !w->hasLab()) {
        if (error)
            *error = tr("%1: its lab: %2").arg(path, err);
        return false;
    }
    // Every step's lab, computed once: stepping is then instant and exactly repeatable.
    const model::Topology base = w->document()->topology();
    m_base = base;
    const std::string defaultNs = base.nodes.empty() ? std::string("host") : base.nodes.front().name;
    m_states.clear();
    m_transcripts.clear();
    model::Topology cur = base;
    for (const LessonStep &s : lesson->steps) {
        if (s.fromStart)
            cur = base;
        std::vector<std::string> lines;
        for (const QString &c : s.commands)
            lines.push_back(c.toStdString());
        const ScriptRun run = runScript(cur, lines, defaultNs);
        QString t;
        int i = 0;
        for (const auto &[line, r] : run.lines) {
            t += QString::fromStdString(r.ns) + QStringLiteral("# ") + QString::fromStdString(line) + QLatin1Char('\n');
            t += QString::fromStdString(r.result.out) + QString::fromStdString(r.result.err);
            // What a real kernel answered, when the lesson recorded it.
            if (i < s.commandExit.size() && s.commandExit[i] >= 0) {
                QString err = QString::fromStdString(r.result.err);
                if (err.endsWith(QLatin1Char('\n')))
                    err.chop(1);
                const bool same = r.result.exitCode == s.commandExit[i] && err == s.commandStderr[i];
                t += same ? tr("  ✓ exactly what the real kernel answered (exit %1)\n").arg(s.commandExit[i])
                          : tr("  ✗ the real kernel answered exit %1: %2\n").arg(s.commandExit[i]).arg(s.commandStderr[i]);
            }
            ++i;
        }
        cur = run.after;
        if (!s.expect.empty()) {
            const auto a = analyzeLab(cur);
            t += tr("\nPings recorded on a real kernel (exit: real / simulated):\n");
            for (const LessonExpect &e : s.expect) {
                const auto dst = net::Ipv4::parse(e.to.toStdString());
                const int sim = dst && a->kernel.ns(e.from.toStdString()) ? a->trace(e.from.toStdString(), *dst).exitCode : -1;
                t += QStringLiteral("  %1 %2 → %3: %4 / %5\n")
                         .arg(sim == e.exitCode ? QStringLiteral("✓") : QStringLiteral("✗"), e.from, e.to)
                         .arg(e.exitCode)
                         .arg(sim);
            }
        }
        m_states.push_back(cur);
        m_transcripts.push_back(t);
    }
    m_lesson = std::move(lesson);
    m_step = -1;
    m_title->setText(m_lesson->title);
    m_title->setToolTip(m_lesson->summary);
    // The lesson needs height: it takes the palette's place (a tab away) while it runs.
    if (auto *palette = w->findChild<QDockWidget *>(QStringLiteral("palette"));
        palette && w->dockWidgetArea(palette) == w->dockWidgetArea(m_dock) && !w->tabifiedDockWidgets(m_dock).contains(palette))
        w->tabifyDockWidget(palette, m_dock);
    m_dock->show();
    m_dock->raise();
    return goTo(0);
}

bool LessonPlayer::goTo(int step)
{
    if (!m_lesson || step < 0 || step >= stepCount())
        return false;
    m_step = step;
    MainWindow *w = m_panels->window();
    w->undoStack()->clear(); // edits made on another step do not apply to this one
    w->document()->setTopology(m_states[std::size_t(step)]);
    m_panels->runner()->runNow();
    // What this step's commands gained or lost, against the lab the step starts from.
    const LessonStep &s = m_lesson->steps[std::size_t(step)];
    if (s.fromStart || step > 0)
        m_panels->compareWith(analyzeLab(s.fromStart ? m_base : m_states[std::size_t(step - 1)]));
    show();
    Q_EMIT stepShown(step);
    return true;
}

QString LessonPlayer::transcript(int step) const
{
    return step >= 0 && step < int(m_transcripts.size()) ? m_transcripts[std::size_t(step)] : QString();
}

void LessonPlayer::show()
{
    const LessonStep &s = m_lesson->steps[std::size_t(m_step)];
    m_stepTitle->setText(tr("%1 / %2 — %3").arg(m_step + 1).arg(stepCount()).arg(s.title));
    m_text->setText(s.text);
    m_commands->setPlainText(transcript(m_step).isEmpty() ? tr("(nothing to type: look at the canvas and the matrix)")
                                                         : transcript(m_step));
    m_prev->setEnabled(m_step > 0);
    m_next->setEnabled(m_step + 1 < stepCount());
    MainWindow *w = m_panels->window();
    const model::Topology &t = w->document()->topology();
    if (!s.select.isEmpty())
        if (const model::Node *n = t.nodeByName(s.select.toStdString()))
            w->scene()->selectNodes({n->id});
    if (!s.traceFrom.isEmpty()) {
        m_panels->traceTo(s.traceFrom, s.traceTo);
    } else {
        m_panels->clearTrace();
        if (!s.select.isEmpty())
            m_panels->showRoutesOf(s.select);
    }
}

} // namespace nslab::gui::insight
