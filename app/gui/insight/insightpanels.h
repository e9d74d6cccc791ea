#pragma once
// Seeing the network in the designer (issue 5): the docks that show, live, every namespace's
// route table and which pings succeed and why — Routes, Reachability, Trace, Console — the trace
// drawn and animated on the canvas, route generators, lessons and exports. Built on the main
// window's public API only; one line in MainWindow creates it.
#include "labanalysis.h"
#include "traceoverlay.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QTableView;

namespace nslab::gui {
class MainWindow;
}

namespace nslab::gui::insight {

class ConsoleWidget;
class LessonPlayer;
class MatrixModel;
class RouteLinesModel;
class TraceWidget;

class InsightPanels : public QObject
{
    Q_OBJECT
public:
    explicit InsightPanels(MainWindow *window);
    ~InsightPanels() override;

    // The one the window made (tests reach the panels through it).
    static InsightPanels *of(MainWindow *window);

    AnalysisRunner *runner() const { return m_runner; }
    MatrixModel *matrixModel() const { return m_matrix; }
    RouteLinesModel *routesModel() const { return m_routes; }
    TraceWidget *traceWidget() const { return m_trace; }
    ConsoleWidget *console() const { return m_console; }
    LessonPlayer *lessons() const { return m_lessons; }
    TraceOverlay *overlay() const { return m_overlay; }
    QTableView *matrixView() const { return m_matrixView; }
    QComboBox *routesNamespace() const { return m_routesNs; }
    QTableView *routesView() const { return m_routesView; }
    QCheckBox *localTable() const { return m_localTable; }
    MainWindow *window() const { return m_window; }

    // Shows the route table of `ns` (as when it is selected on the canvas).
    void showRoutesOf(const QString &ns);
    // Traces `ping ADDR` from `ns`: trace panel, canvas animation, route highlight.
    bool traceTo(const QString &ns, const QString &address);
    void clearTrace();
    // Marks in the matrix what changed compared with `before` (a lesson step against the one
    // it builds on).
    void compareWith(std::shared_ptr<const LabAnalysis> before);

Q_SIGNALS:
    void analysisShown();

private:
    QDockWidget *makeDock(const QString &title, const QString &name, QWidget *content, Qt::DockWidgetArea area);
    void onAnalysis(std::shared_ptr<const LabAnalysis> analysis, std::shared_ptr<const LabAnalysis> previous, bool reset);
    void updateRoutes();
    void updateRouteHighlight();
    void onSceneSelection();
    void ensureOverlay();
    void retrace();
    void updateMatrixSummary();
    void createMenus();

    MainWindow *m_window;
    AnalysisRunner *m_runner;
    RouteLinesModel *m_routes;
    MatrixModel *m_matrix;
    TraceWidget *m_trace;
    ConsoleWidget *m_console;
    LessonPlayer *m_lessons = nullptr;
    QPointer<TraceOverlay> m_overlay;
    QComboBox *m_routesNs;
    QCheckBox *m_localTable;
    QLabel *m_routesTitle;
    QLabel *m_matrixSummary;
    QTableView *m_matrixView;
    QTableView *m_routesView;
    QString m_traceNs, m_traceAddr;
};

} // namespace nslab::gui::insight
