#pragma once
// What the window shows when no lab is open: New, Open, recent labs and the bundled examples.
#include <QWidget>

class QListWidget;

namespace nslab::gui {

class WelcomeWidget : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomeWidget(QWidget *parent = nullptr);

    void setRecent(const QStringList &paths);
    // Bundled examples (":/labs/*.json") and installed ones (NSLAB_DATADIR/nslab/labs).
    static QStringList examplePaths();

Q_SIGNALS:
    void newRequested();
    void openRequested();
    void openPath(const QString &path);

private:
    QListWidget *m_recent;
    QListWidget *m_examples;
};

} // namespace nslab::gui
