#include "consolewidget.h"

#include "editcommand.h"
#include "labedits.h"
#include "theme.h"
#include "topology/document.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextCharFormat>
#include <QUndoStack>
#include <QVBoxLayout>

namespace nslab::gui::insight {

ConsoleWidget::ConsoleWidget(model::Document *document, QUndoStack *undo, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_undo(undo)
    , m_ns(new QComboBox)
    , m_out(new QPlainTextEdit)
    , m_input(new QLineEdit)
{
    const Theme &theme = Theme::current();
    QFont mono = theme.monoFont;
    mono.setWeight(QFont::Normal);
    mono.setPointSizeF(mono.pointSizeF() + 2);
    m_out->setReadOnly(true);
    m_out->setFont(mono);
    m_out->setObjectName(QStringLiteral("consoleOutput"));
    m_out->setMaximumBlockCount(5000);
    m_input->setFont(mono);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setPlaceholderText(tr("ip route add 172.16.91.201 dev veth1a    (Up/Down: history, paste: many lines)"));
    m_input->installEventFilter(this);
    m_ns->setObjectName(QStringLiteral("consoleNamespace"));
    m_ns->setToolTip(tr("Where commands without -n or `ip netns exec` run"));
    m_ns->setMinimumContentsLength(10);

    auto *row = new QHBoxLayout;
    auto *in = new QLabel(tr("in"));
    row->addWidget(in);
    row->addWidget(m_ns);
    auto *prompt = new QLabel(QStringLiteral("#"));
    prompt->setFont(mono);
    row->addWidget(prompt);
    row->addWidget(m_input, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_out, 1);
    layout->addLayout(row);

    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        const QString line = m_input->text();
        m_input->clear();
        runLine(line);
    });
    connect(m_document, &model::Document::topologyReset, this, &ConsoleWidget::refreshNamespaces);
    connect(m_document, &model::Document::changed, this, &ConsoleWidget::refreshNamespaces);
    refreshNamespaces();
    append(tr("Commands run in the simulated lab; what they print is what iproute2 would print. "
              "Each change is one undo step (Ctrl+Z)."),
           theme.textMuted);
}

void ConsoleWidget::refreshNamespaces()
{
    const QString current = m_ns->currentText();
    QStringList names;
    for (const auto &n : m_document->topology().nodes)
        names << QString::fromStdString(n.name);
    QStringList have;
    for (int i = 0; i < m_ns->count(); ++i)
        have << m_ns->itemText(i);
    if (have == names)
        return;
    const QSignalBlocker b(m_ns);
    m_ns->clear();
    m_ns->addItems(names);
    const int i = names.indexOf(current);
    m_ns->setCurrentIndex(i >= 0 ? i : 0);
}

QString ConsoleWidget::currentNamespace() const { return m_ns->currentText(); }

void ConsoleWidget::setCurrentNamespace(const QString &ns)
{
    const int i = m_ns->findText(ns);
    if (i >= 0)
        m_ns->setCurrentIndex(i);
}

QString ConsoleWidget::output() const { return m_out->toPlainText(); }
void ConsoleWidget::clearOutput() { m_out->clear(); }

void ConsoleWidget::append(const QString &text, const QColor &color, bool bold)
{
    QTextCharFormat f;
    if (color.isValid())
        f.setForeground(color);
    f.setFontWeight(bold ? QFont::Bold : QFont::Normal);
    QTextCursor c(m_out->document());
    c.movePosition(QTextCursor::End);
    if (!m_out->document()->isEmpty())
        c.insertBlock();
    c.insertText(text, f);
    m_out->verticalScrollBar()->setValue(m_out->verticalScrollBar()->maximum());
}

int ConsoleWidget::runLine(const QString &rawLine)
{
    QString line = rawLine.trimmed();
    if (line.startsWith(QLatin1String("$ ")) || line.startsWith(QLatin1String("# ")))
        line = line.mid(2).trimmed(); // pasted prompts
    if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
        return 0;
    if (m_history.isEmpty() || m_history.back() != line)
        m_history << line;
    m_historyPos = int(m_history.size());
    m_draft.clear();

    const Theme &theme = Theme::current();
    const QString ns = currentNamespace();
    append(ns + QStringLiteral("# ") + line, theme.accent, true);

    if (line == u"clear") {
        clearOutput();
        return 0;
    }
    // ping [-c1 …] ADDR, optionally behind `ip netns exec NS`: a simulated ping, traced.
    static const QRegularExpression pingRe(
        QStringLiteral("^(?:ip\\s+netns\\s+exec\\s+(\\S+)\\s+)?ping\\s+(?:-\\S+(?:\\s+\\d+)?\\s+)*(\\S+)(?:\\s+(\\S+))?\\s*$"));
    if (const auto m = pingRe.match(line); m.hasMatch()) {
        QString where = m.captured(1).isEmpty() ? ns : m.captured(1);
        QString addr = m.captured(2);
        if (!m.captured(3).isEmpty() && m.captured(1).isEmpty()) { // `ping NS ADDR` shorthand
            where = m.captured(2);
            addr = m.captured(3);
        }
        Q_EMIT traceRequested(where, addr);
        return 0;
    }

    const CommandRun run = runCommand(m_document->topology(), line.toStdString(), ns.toStdString());
    if (!run.result.out.empty()) {
        QString out = QString::fromStdString(run.result.out);
        if (out.endsWith(QLatin1Char('\n')))
            out.chop(1);
        append(out, QColor());
    }
    if (!run.result.err.empty()) {
        QString err = QString::fromStdString(run.result.err);
        if (err.endsWith(QLatin1Char('\n')))
            err.chop(1);
        append(err, theme.problem);
    }
    if (run.mutation && run.after) {
        std::string error;
        if (auto e = editBetween(m_document->topology(), *run.after, line.toStdString(), &error)) {
            QString why;
            if (!EditCommand::push(m_undo, m_document, *e, &why))
                append(tr("nslab: could not record the change in the drawing: %1").arg(why), theme.problem);
        } else if (!error.empty()) {
            append(tr("nslab: could not record the change in the drawing: %1").arg(QString::fromStdString(error)), theme.problem);
        }
        for (const auto &w : run.warnings)
            append(tr("nslab: note: %1").arg(QString::fromStdString(w)), theme.textMuted);
    }
    return run.result.exitCode;
}

void ConsoleWidget::runLines(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &l : lines)
        runLine(l);
}

bool ConsoleWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto *k = static_cast<QKeyEvent *>(event);
        if (k->key() == Qt::Key_Up && !m_history.isEmpty()) {
            if (m_historyPos == m_history.size())
                m_draft = m_input->text();
            m_historyPos = std::max(0, m_historyPos - 1);
            m_input->setText(m_history[m_historyPos]);
            return true;
        }
        if (k->key() == Qt::Key_Down && !m_history.isEmpty()) {
            m_historyPos = std::min(int(m_history.size()), m_historyPos + 1);
            m_input->setText(m_historyPos == m_history.size() ? m_draft : m_history[m_historyPos]);
            return true;
        }
        if (k->matches(QKeySequence::Paste)) {
            const QString text = QApplication::clipboard()->text();
            if (text.contains(QLatin1Char('\n'))) {
                // A pasted transcript: every complete line runs; an unfinished last line stays.
                QStringList lines = text.split(QLatin1Char('\n'));
                const QString last = lines.takeLast();
                lines.front().prepend(m_input->text());
                m_input->clear();
                for (const QString &l : lines)
                    runLine(l);
                m_input->setText(last);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace nslab::gui::insight
