// Designer speed (issue 4): opening the 1,000-pod Calico lab and repainting the canvas.
// Not a ctest test: timings on a shared machine are not pass/fail; see docs/benchmarks.md.
//
// Run: build/bin/bench_designer [--hosts H] [--pods P] [--repeat N]
// (offscreen unless QT_QPA_PLATFORM is set)
#include "insight/insightpanels.h"
#include "io/labfile.h"
#include "mainwindow.h"
#include "routing/calico.h"
#include "topologyscene.h"
#include "topologyview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

using namespace nslab;

namespace {

struct Stats {
    std::vector<double> ms;
    void add(double v) { ms.push_back(v); }
    double best() const { return *std::min_element(ms.begin(), ms.end()); }
    double median() const
    {
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        return s[s.size() / 2];
    }
};

double elapsedMs(const QElapsedTimer &t) { return t.nsecsElapsed() / 1e6; }

// The measured repaints of --profile-paint, on their own so that a profiler can count only them
// (valgrind --tool=callgrind --toggle-collect='*profiledGrab*').
[[gnu::noinline]] double profiledGrab(QWidget *viewport)
{
    QElapsedTimer t;
    t.start();
    const QPixmap pm = viewport->grab();
    return elapsedMs(t);
}

// Makes the canvas viewport exactly `size` by growing the window by the difference (docks and
// toolbars take the rest of the window).
void sizeViewport(gui::MainWindow &w, QSize size)
{
    for (int i = 0; i < 3; ++i) {
        const QSize vp = w.view()->viewport()->size();
        if (vp == size)
            return;
        w.resize(w.size() + (size - vp));
        QApplication::processEvents();
    }
}

// Best of 5 viewport grabs with the whole lab visible, then at 100% zoom.
std::pair<double, double> grabFitAndFull(gui::MainWindow &w)
{
    QWidget *vp = w.view()->viewport();
    auto best = [&] {
        double b = 1e9;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            const QPixmap pm = vp->grab();
            b = std::min(b, elapsedMs(t));
        }
        return b;
    };
    w.fitView();
    QApplication::processEvents();
    const double fit = best();
    w.view()->setZoom(1.0);
    QApplication::processEvents();
    return {fit, best()};
}

void row(const char *what, const Stats &s, double target)
{
    std::printf("| %-44s | %9.1f | %9.1f | %7.0f | %s |\n", what, s.best(), s.median(), target,
                s.best() <= target ? "met" : "MISSED");
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // no settings or recovery files in ~
    QApplication::setApplicationName(QStringLiteral("nslab-bench"));

    auto arg = [&](const char *name, int fallback) {
        for (int i = 1; i + 1 < argc; ++i)
            if (std::strcmp(argv[i], name) == 0)
                return std::atoi(argv[i + 1]);
        return fallback;
    };
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf("bench_designer [--hosts H (20)] [--pods P (50)] [--repeat N (5)] [--what-if]\n"
                        "  --what-if: also time the repaint with cheap settings changed (scene index,\n"
                        "             item caching, antialiasing) to show where the time goes\n");
            return 0;
        }
    model::routing::CalicoOptions o;
    o.hosts = arg("--hosts", 20);
    o.podsPerHost = arg("--pods", 50);
    const int repeat = std::max(1, arg("--repeat", 5));
    auto hasFlag = [&](const char *name) {
        for (int i = 1; i < argc; ++i)
            if (std::strcmp(argv[i], name) == 0)
                return true;
        return false;
    };
    // --profile-paint N: open once, then only N grabs whole-lab and N at 100 % (for callgrind/perf).
    const int profilePaint = arg("--profile-paint", 0);

    std::string error;
    const auto lab = model::routing::generateCalico(o, &error);
    if (!lab) {
        std::fprintf(stderr, "bench_designer: %s\n", error.c_str());
        return 1;
    }
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("calico.json"));
    QString saveError;
    if (!model::io::saveLabAtomic(*lab, file, &saveError)) {
        std::fprintf(stderr, "bench_designer: cannot save %s: %s\n", qPrintable(file), qPrintable(saveError));
        return 1;
    }

    const QSize viewportSize(1600, 1000);
    if (profilePaint > 0) {
        gui::MainWindow w(gui::MainWindow::Options{false, false, false});
        w.resize(2200, 1400);
        w.show();
        QApplication::processEvents();
        auto *panels = gui::insight::InsightPanels::of(&w);
        QEventLoop loop;
        if (panels) // let the analysis threads finish so that they do not show in the profile
            QObject::connect(panels, &gui::insight::InsightPanels::analysisShown, &loop, &QEventLoop::quit);
        if (!w.openPath(file))
            return 1;
        if (panels) {
            QTimer::singleShot(60000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        QApplication::processEvents();
        sizeViewport(w, viewportSize);
        QWidget *vp = w.view()->viewport();
        const bool onlyFit = hasFlag("--only-fit"), onlyFull = hasFlag("--only-full");
        for (const bool fit : {true, false}) {
            if ((fit && onlyFull) || (!fit && onlyFit))
                continue;
            if (fit)
                w.fitView();
            else
                w.view()->setZoom(arg("--zoom", 100) / 100.0); // the second pass, 100 % unless asked
            QApplication::processEvents();
            QElapsedTimer first;
            first.start();
            const QPixmap warm = vp->grab(); // warms the caches (grid, sprites, icons)
            std::printf("%s: first grab at this zoom %.1f ms\n", fit ? "whole lab" : "zoomed", elapsedMs(first));
            for (int i = 1; i + 1 < argc; ++i)
                if (std::strcmp(argv[i], "--dump") == 0) // to compare the look of two builds
                    warm.save(QString::fromLocal8Bit(argv[i + 1]) + (fit ? QStringLiteral("-fit.png") : QStringLiteral("-100.png")));
            Stats s;
            for (int i = 0; i < profilePaint; ++i)
                s.add(profiledGrab(vp));
            std::printf("%s: grab best %.1f ms, median %.1f ms\n", fit ? "whole lab" : "zoomed", s.best(), s.median());
        }
        return 0;
    }

    Stats openCall, openIdle, openAnalysis, fitGrab, fitRender, fullGrab, fullRender;
    int items = 0;
    for (int r = 0; r < repeat; ++r) {
        const gui::MainWindow::Options options{false, false, false};
        gui::MainWindow w(options);
        w.resize(2200, 1400);
        w.show();
        QApplication::processEvents();
        auto *panels = gui::insight::InsightPanels::of(&w);
        bool shown = false;
        QEventLoop loop;
        if (panels)
            QObject::connect(panels, &gui::insight::InsightPanels::analysisShown, &loop, [&] {
                shown = true;
                loop.quit();
            });

        QElapsedTimer t;
        t.start();
        QString openError;
        if (!w.openPath(file, &openError)) {
            std::fprintf(stderr, "bench_designer: open failed: %s\n", qPrintable(openError));
            return 1;
        }
        openCall.add(elapsedMs(t));
        QApplication::processEvents();
        openIdle.add(elapsedMs(t));
        if (panels) {
            QTimer::singleShot(60000, &loop, &QEventLoop::quit); // bounded: never hang
            if (!shown)
                loop.exec();
            if (shown)
                openAnalysis.add(elapsedMs(t));
        }
        items = w.scene()->items().size();

        sizeViewport(w, viewportSize);
        QWidget *vp = w.view()->viewport();
        w.fitView();
        QApplication::processEvents();
        const qreal fitZoom = w.view()->zoom();
        const qsizetype fitVisible = w.view()->items(vp->rect()).size();
        QImage image(vp->size(), QImage::Format_ARGB32_Premultiplied);
        for (int i = 0; i < 5; ++i) {
            t.restart();
            const QPixmap pm = vp->grab();
            fitGrab.add(elapsedMs(t));
            t.restart();
            {
                QPainter p(&image);
                w.view()->render(&p);
            }
            fitRender.add(elapsedMs(t));
        }
        w.view()->setZoom(1.0);
        QApplication::processEvents();
        const qsizetype fullVisible = w.view()->items(vp->rect()).size();
        for (int i = 0; i < 5; ++i) {
            t.restart();
            const QPixmap pm = vp->grab();
            fullGrab.add(elapsedMs(t));
            t.restart();
            {
                QPainter p(&image);
                w.view()->render(&p);
            }
            fullRender.add(elapsedMs(t));
        }
        if (r == 0)
            std::printf("lab: calico %d x %d, %d scene items, viewport %dx%d; whole lab at zoom %.0f%% "
                        "(%lld items visible), 100%% zoom (%lld items visible)\n\n",
                        o.hosts, o.podsPerHost, items, vp->width(), vp->height(), fitZoom * 100,
                        qlonglong(fitVisible), qlonglong(fullVisible));
    }

    std::printf("| measure (best of %2d)                         |  best ms  | median ms | target  |        |\n", repeat);
    std::printf("|----------------------------------------------|----------:|----------:|--------:|--------|\n");
    row("open: openPath() returns", openCall, 1000);
    row("open: + processEvents() (canvas shown)", openIdle, 1000);
    if (!openAnalysis.ms.empty())
        row("open: until analysis panels updated", openAnalysis, 1000);
    else
        std::printf("| open: analysis panels never signalled        |           |           |         |        |\n");
    row("repaint, whole lab visible: viewport grab()", fitGrab, 16);
    row("repaint, whole lab visible: view render()", fitRender, 16);
    row("repaint, 100% zoom: viewport grab()", fullGrab, 16);
    row("repaint, 100% zoom: view render()", fullRender, 16);

    bool whatIf = false;
    for (int i = 1; i < argc; ++i)
        whatIf = whatIf || std::strcmp(argv[i], "--what-if") == 0;
    if (!whatIf)
        return 0;
    // Experiments only: each changes one setting of the real window, on top of the previous.
    gui::MainWindow w(gui::MainWindow::Options{false, false, false});
    w.resize(2200, 1400);
    w.show();
    QApplication::processEvents();
    if (!w.openPath(file))
        return 1;
    QApplication::processEvents();
    sizeViewport(w, viewportSize);
    std::printf("\nwhat-if (best of 5 viewport grabs, ms)   | whole lab | 100%% zoom |\n");
    std::printf("|---------------------------------------|----------:|----------:|\n");
    auto print = [](const char *what, std::pair<double, double> r) {
        std::printf("| %-37s | %9.1f | %9.1f |\n", what, r.first, r.second);
    };
    print("as shipped", grabFitAndFull(w));
    w.scene()->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    print("+ BSP tree scene index", grabFitAndFull(w));
    for (QGraphicsItem *item : w.scene()->items())
        item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    grabFitAndFull(w); // fills the caches
    print("+ DeviceCoordinateCache (warm)", grabFitAndFull(w));
    for (QGraphicsItem *item : w.scene()->items())
        item->setCacheMode(QGraphicsItem::NoCache);
    w.view()->setRenderHints({});
    print("no cache, no view antialiasing", grabFitAndFull(w));
    w.view()->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    for (QGraphicsItem *item : w.scene()->items())
        item->hide();
    print("background grid only (items hidden)", grabFitAndFull(w));
    return 0;
}
