#pragma once
// The console: `ip` and `sysctl` commands typed against the simulated lab. A namespace selector
// (or `ip -n NS …` / `ip netns exec NS …`) says where a command runs; the output and errors are
// exactly what iproute2 prints; each successful change is one undoable edit of the document and
// the canvas follows. Up/Down walk the history; pasting several lines runs them one by one;
// `ping [NS] ADDR` traces a ping.
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QUndoStack;

namespace nslab::model { class Document; }

namespace nslab::gui::insight {

class ConsoleWidget : public QWidget
{
    Q_OBJECT
public:
    ConsoleWidget(model::Document *document, QUndoStack *undo, QWidget *parent = nullptr);

    // Runs one line as if typed; returns the command's exit code.
    int runLine(const QString &line);
    // Runs each line of `text` in order (a paste).
    void runLines(const QString &text);

    QString currentNamespace() const;
    void setCurrentNamespace(const QString &ns);
    QString output() const;
    void clearOutput();
    const QStringList &history() const { return m_history; }
    QLineEdit *input() const { return m_input; }

Q_SIGNALS:
    void traceRequested(const QString &ns, const QString &address);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refreshNamespaces();
    void append(const QString &text, const QColor &color, bool bold = false);

    model::Document *m_document;
    QUndoStack *m_undo;
    QComboBox *m_ns;
    QPlainTextEdit *m_out;
    QLineEdit *m_input;
    QStringList m_history;
    int m_historyPos = 0;
    QString m_draft;
};

} // namespace nslab::gui::insight
