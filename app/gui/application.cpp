#include "application.h"

#include "mainwindow.h"
#include "portitem.h"
#include "topologyscene.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QImage>
#include <QPalette>
#include <QRegularExpression>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace nslab::gui {

void applyDarkPalette()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x25, 0x28, 0x2e), base(0x1d, 0x20, 0x25), text(0xe8, 0xea, 0xed);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa8, 0xb4));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xe0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x76, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x76, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x76, 0x80));
    QApplication::setPalette(p);
    Theme::refresh(p);
}

int runApplication(int argc, char *argv[])
{
    // A screenshot, --help and --version need no display: pick the offscreen platform unless
    // one is chosen. Without any display a normal start says so instead of aborting in Qt.
    bool needsNoDisplay = false;
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"--screenshot", "--help", "-h", "--help-all", "--version", "-v"})
            if (std::strcmp(argv[i], option) == 0)
                needsNoDisplay = true;
    }
    const bool platformChosen = !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    if (needsNoDisplay && !platformChosen) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    } else if (!platformChosen && qEnvironmentVariableIsEmpty("DISPLAY")
               && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fputs("nslab: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                   "Start it from a desktop session, or run it under a virtual display: xvfb-run nslab\n"
                   "Without a display: nslab --screenshot OUT.png [LAB], or nslab-cli (routes, matrix, ping).\n",
                   stderr);
        return 1;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("nslab"));
    QApplication::setOrganizationName(QStringLiteral("nslab"));
    QApplication::setApplicationVersion(QStringLiteral(NSLAB_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/nslab.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("nslab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Design Linux network-namespace labs."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Render the window offscreen with LAB loaded, write it to OUT.png, exit."),
                                  QStringLiteral("OUT.png"));
    QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size for --screenshot (default 1440x900)."),
                            QStringLiteral("WxH"), QStringLiteral("1440x900"));
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("With --screenshot: select node NODE (or NODE/IFACE) so the properties show it."),
                              QStringLiteral("NODE"));
    parser.addOptions({screenshot, size, dark, select});
    parser.addPositionalArgument(QStringLiteral("LAB"), QStringLiteral("A lab file (.json) or an ip script to open."),
                                 QStringLiteral("[LAB]"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(dark))
        applyDarkPalette();

    if (parser.isSet(screenshot)) {
        const auto m = QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(size));
        if (!m.hasMatch()) {
            std::fprintf(stderr, "nslab: --size: expected WxH, e.g. 1440x900\n");
            return 2;
        }
        const QSize sz(std::clamp(m.captured(1).toInt(), 320, 8000), std::clamp(m.captured(2).toInt(), 240, 8000));
        MainWindow::Options o;
        o.restoreState = false;
        o.offerRecovery = false;
        o.autosave = false;
        MainWindow w(o);
        w.resize(sz);
        w.show();
        if (!args.isEmpty()) {
            QString error;
            if (!w.openPath(args.front(), &error)) {
                std::fprintf(stderr, "nslab: %s\n", qPrintable(error));
                return 1;
            }
        }
        // Let layouts settle at the final size, then fit the lab and render.
        for (int i = 0; i < 3; ++i)
            QApplication::processEvents();
        w.analyzeNow();
        w.fitView();
        if (parser.isSet(select)) {
            const QString what = parser.value(select);
            const auto *n = w.document()->topology().nodeByName(what.section(QLatin1Char('/'), 0, 0).toStdString());
            if (!n) {
                std::fprintf(stderr, "nslab: --select: no node %s\n", qPrintable(what));
                return 1;
            }
            if (what.contains(QLatin1Char('/'))) {
                if (PortItem *p = w.scene()->portItem(n->id, what.section(QLatin1Char('/'), 1).toStdString()))
                    p->setSelected(true);
            } else {
                w.scene()->selectNodes({n->id});
            }
        }
        QApplication::processEvents();
        const QImage img = w.grab().toImage();
        if (!img.save(parser.value(screenshot))) {
            std::fprintf(stderr, "nslab: cannot write %s\n", qPrintable(parser.value(screenshot)));
            return 1;
        }
        return 0;
    }

    auto *w = new MainWindow;
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->show();
    if (!args.isEmpty())
        QTimer::singleShot(0, w, [w, path = args.front()] { w->openPath(path); });
    return app.exec();
}

} // namespace nslab::gui
