// The designer, driven the way a user drives it: palette actions, drops and mouse drags on the
// canvas, the rename editor, the properties dock's route form, files — all offscreen.
#include "canvascontroller.h"
#include "editcommand.h"
#include "io/labfile.h"
#include "linkitem.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "portitem.h"
#include "propertiesdock.h"
#include "routetablemodel.h"
#include "topologyscene.h"
#include "topologyview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QDir>
#include <QTest>
#include <QUndoStack>

using namespace nslab;
using namespace nslab::gui;
using model::NodeKind;

namespace {

MainWindow::Options quietOptions()
{
    MainWindow::Options o;
    o.restoreState = false;
    o.offerRecovery = false;
    o.autosave = false;
    return o;
}

// A real drag: press, several moves with the button held, release.
void dragOnView(TopologyView *view, QPoint from, QPoint to, Qt::KeyboardModifiers mods = {})
{
    QWidget *vp = view->viewport();
    QTest::mousePress(vp, Qt::LeftButton, mods, from);
    for (int i = 1; i <= 6; ++i) {
        const QPoint p = from + (to - from) * i / 6;
        QMouseEvent move(QEvent::MouseMove, p, vp->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, mods);
        QApplication::sendEvent(vp, &move);
    }
    QTest::mouseRelease(vp, Qt::LeftButton, mods, to);
}

QPoint viewPos(MainWindow &w, QPointF scenePos) { return w.view()->mapFromScene(scenePos); }

} // namespace

class TestDesigner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and recovery files stay out of ~
        QApplication::setApplicationName(QStringLiteral("nslab-test"));
    }

    void welcomeThenNewLab()
    {
        MainWindow w(quietOptions());
        w.show();
        QVERIFY(!w.hasLab());
        QVERIFY(!w.action(QStringLiteral("placeHost"))->isEnabled());
        w.action(QStringLiteral("new"))->trigger();
        QVERIFY(w.hasLab());
        QVERIFY(w.windowTitle().contains(QStringLiteral("Untitled")));
        QVERIFY(!w.isWindowModified());
    }

    void welcomeHidesDocksAndRestoresTheUsersChoice()
    {
        MainWindow w(quietOptions());
        w.show();
        auto dock = [&w](const char *name) { return w.findChild<QDockWidget *>(QString::fromLatin1(name)); };
        QVERIFY(dock("insightRoutes") && dock("insightMatrix") && dock("palette"));
        // No lab: no empty properties/analysis docks around the welcome screen.
        for (QDockWidget *d : w.findChildren<QDockWidget *>())
            QVERIFY2(!d->isVisible(), qPrintable(d->objectName()));
        w.action(QStringLiteral("new"))->trigger();
        QVERIFY(dock("insightRoutes")->isVisible());
        QVERIFY(dock("insightMatrix")->isVisible());
        QVERIFY(dock("palette")->isVisible());
        QVERIFY(w.findChild<PropertiesDock *>()->isVisible());
        // The user closes the routes dock; the welcome screen and the next lab keep it closed.
        dock("insightRoutes")->close();
        w.action(QStringLiteral("close"))->trigger(); // back to the welcome screen
        QVERIFY(!dock("insightMatrix")->isVisible());
        w.action(QStringLiteral("new"))->trigger();
        QVERIFY(dock("insightMatrix")->isVisible());
        QVERIFY(!dock("insightRoutes")->isVisible());
    }

    void placeThroughPaletteActions()
    {
        MainWindow w(quietOptions());
        w.show();
        w.newLab();
        w.action(QStringLiteral("placeHost"))->trigger();
        w.action(QStringLiteral("placeNetns"))->trigger();
        w.action(QStringLiteral("placeLan"))->trigger();
        w.action(QStringLiteral("placeRouter"))->trigger();
        const auto &t = w.document()->topology();
        QCOMPARE(t.nodes.size(), std::size_t(4));
        QCOMPARE(t.nodes[0].kind, NodeKind::Host);
        QCOMPARE(t.nodes[1].kind, NodeKind::Netns);
        QCOMPARE(t.nodes[2].kind, NodeKind::Lan);
        QCOMPARE(t.nodes[3].kind, NodeKind::Router);
        // Every node is on the canvas, with its name, and they do not pile up.
        QCOMPARE(w.scene()->nodeItems().size(), 4);
        QCOMPARE(w.scene()->nodeItem(t.nodes[3].id)->name(), QStringLiteral("router1"));
        QVERIFY(w.isWindowModified());
        QVERIFY(w.windowTitle().contains(QStringLiteral("[*]")));
        QCOMPARE(w.undoStack()->count(), 4);
        w.undoStack()->undo();
        QCOMPARE(w.document()->topology().nodes.size(), std::size_t(3));
        QCOMPARE(w.scene()->nodeItems().size(), 3);
        w.undoStack()->redo();
        QCOMPARE(w.scene()->nodeItems().size(), 4);
    }

    void placeByDroppingOnTheView()
    {
        MainWindow w(quietOptions());
        w.resize(1200, 800);
        w.show();
        w.newLab();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // A host first, then a namespace dropped inside it lives on that host.
        auto drop = [&](NodeKind kind, QPoint at) {
            QMimeData mime;
            mime.setData(TopologyView::kKindMime, QByteArray(model::nodeKindName(kind).data()));
            QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(w.view()->viewport(), &enter);
            QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(w.view()->viewport(), &move);
            QDropEvent dropEvent(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(w.view()->viewport(), &dropEvent);
        };
        const QPoint centre = w.view()->viewport()->rect().center();
        drop(NodeKind::Host, centre);
        QCOMPARE(w.document()->topology().nodes.size(), std::size_t(1));
        const model::NodeId host = w.document()->topology().nodes[0].id;
        // Aim inside the host container, below its header.
        const QRectF hostRect = w.scene()->nodeItem(host)->sceneRectOfNode();
        drop(NodeKind::Netns, viewPos(w, hostRect.center() + QPointF(0, 20)));
        QCOMPARE(w.document()->topology().nodes.size(), std::size_t(2));
        QCOMPARE(w.document()->topology().nodes[1].host, host);
        // Dropped in the open: no host.
        drop(NodeKind::Netns, viewPos(w, hostRect.bottomRight() + QPointF(300, 300)));
        QVERIFY(!w.document()->topology().nodes[2].host.valid());
    }

    void connectByDraggingAndOneUndoStepPerMove()
    {
        MainWindow w(quietOptions());
        w.resize(1200, 800);
        w.show();
        w.newLab();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *c = w.controller();
        const auto a = c->placeNode(NodeKind::Netns, QPointF(-200, 0));
        const auto b = c->placeNode(NodeKind::Netns, QPointF(200, 0));
        w.fitView();
        QApplication::processEvents();
        const int before = w.undoStack()->count();

        // Connect tool: drag from one namespace onto the other.
        w.action(QStringLiteral("toolConnect"))->trigger();
        QCOMPARE(w.view()->mode(), TopologyView::Mode::Connect);
        dragOnView(w.view(), viewPos(w, QPointF(-200, 0)), viewPos(w, QPointF(200, 0)));
        const auto &t = w.document()->topology();
        QCOMPARE(t.links.size(), std::size_t(1));
        QCOMPARE(t.node(a)->interfaces.size(), std::size_t(1));
        QCOMPARE(t.node(a)->interfaces[0].name, std::string("veth12"));
        QCOMPARE(t.node(b)->interfaces[0].name, std::string("veth21"));
        QCOMPARE(w.undoStack()->count(), before + 1);
        QVERIFY(w.scene()->linkItem(t.links[0].id));
        QVERIFY(w.scene()->portItem(a, "veth12"));

        // Select tool: drag node b by its card; the whole drag is one undo step.
        w.action(QStringLiteral("toolSelect"))->trigger();
        const QPointF bPos(t.node(b)->x, t.node(b)->y);
        dragOnView(w.view(), viewPos(w, bPos + QPointF(-20, 10)), viewPos(w, bPos + QPointF(-20, 210)));
        QCOMPARE(w.undoStack()->count(), before + 2);
        const auto *moved = w.document()->topology().node(b);
        QVERIFY2(moved->y > bPos.y() + 100, qPrintable(QString::number(moved->y)));
        QCOMPARE(std::fmod(moved->y, 20.0), 0.0); // snapped to the grid
        w.undoStack()->undo();
        QCOMPARE(w.document()->topology().node(b)->y, bPos.y());
        QCOMPARE(w.scene()->nodeItem(b)->pos(), bPos); // the scene follows the document
        w.undoStack()->undo();
        QVERIFY(w.document()->topology().links.empty());
        QVERIFY(w.document()->topology().node(a)->interfaces.empty());
        QCOMPARE(w.scene()->linkItems().size(), 0);
    }

    void dragFromPortConnectsAndHostCarriesGuests()
    {
        MainWindow w(quietOptions());
        w.resize(1200, 800);
        w.show();
        w.newLab();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *c = w.controller();
        const auto host = c->placeNode(NodeKind::Host, QPointF(0, 0));
        const auto guest = c->placeNode(NodeKind::Netns, QPointF(0, 20));
        QCOMPARE(w.document()->topology().node(guest)->host, host);
        const auto lan = c->placeNode(NodeKind::Lan, QPointF(0, 400));
        QVERIFY(c->connectNodes(guest, host));
        w.fitView();
        QApplication::processEvents();
        // From the guest's port (select tool) to the LAN: a second veth pair, the LAN end
        // enslaved to its bridge.
        PortItem *port = w.scene()->portItem(guest, "veth1a");
        QVERIFY(port);
        dragOnView(w.view(), viewPos(w, port->scenePos()), viewPos(w, QPointF(100, 400)));
        const auto &t = w.document()->topology();
        QCOMPARE(t.links.size(), std::size_t(2));
        QCOMPARE(t.node(lan)->interfaces.back().master, std::string("br0"));

        // Dragging the host carries its namespace: one undo step moves both.
        const QPointF g0(t.node(guest)->x, t.node(guest)->y);
        const QRectF hostRect = w.scene()->nodeItem(host)->sceneRectOfNode();
        const QPointF grip(hostRect.left() + 60, hostRect.top() + 15); // the header band
        const int count = w.undoStack()->count();
        dragOnView(w.view(), viewPos(w, grip), viewPos(w, grip + QPointF(200, 0)));
        QCOMPARE(w.undoStack()->count(), count + 1);
        QVERIFY(w.document()->topology().node(guest)->x > g0.x() + 150);
        QCOMPARE(w.document()->topology().node(guest)->host, host);
    }

    void dragANamespaceIntoAHostAndOut()
    {
        MainWindow w(quietOptions());
        w.resize(1200, 800);
        w.show();
        w.newLab();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *c = w.controller();
        const auto host = c->placeNode(NodeKind::Host, QPointF(0, 0));
        const auto guest = c->placeNode(NodeKind::Netns, QPointF(0, 20));
        const auto loose = c->placeNode(NodeKind::Netns, QPointF(500, 20));
        QVERIFY(!w.document()->topology().node(loose)->host.valid());
        w.fitView();
        QApplication::processEvents();
        const QRectF hostRect = w.scene()->nodeItem(host)->sceneRectOfNode();
        // Drop the loose namespace inside the container, next to the guest.
        dragOnView(w.view(), viewPos(w, QPointF(480, 20)), viewPos(w, QPointF(hostRect.right() - 30, 20)));
        QCOMPARE(w.document()->topology().node(loose)->host, host);
        QCOMPARE(w.undoStack()->count(), 4); // three placements and one drag
        // And out again, far away: it leaves the host.
        const auto *n = w.document()->topology().node(loose);
        dragOnView(w.view(), viewPos(w, QPointF(n->x - 20, n->y)), viewPos(w, QPointF(n->x + 400, n->y + 300)));
        QVERIFY(!w.document()->topology().node(loose)->host.valid());
        QCOMPARE(w.document()->topology().node(guest)->host, host);
        w.undoStack()->undo();
        QCOMPARE(w.document()->topology().node(loose)->host, host);
    }

    void renameInPlace()
    {
        MainWindow w(quietOptions());
        w.show();
        w.newLab();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const auto id = w.controller()->placeNode(NodeKind::Netns, QPointF(0, 0));
        w.scene()->selectNodes({id});
        w.action(QStringLiteral("rename"))->trigger();
        auto *editor = w.view()->viewport()->findChild<QLineEdit *>();
        QVERIFY(editor);
        QCOMPARE(editor->text(), QStringLiteral("netns01"));
        editor->setText(QStringLiteral("pod1"));
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(w.document()->topology().node(id)->name, std::string("pod1"));
        QCOMPARE(w.scene()->nodeItem(id)->name(), QStringLiteral("pod1"));
        w.undoStack()->undo();
        QCOMPARE(w.document()->topology().node(id)->name, std::string("netns01"));
        // A name the kernel cannot take is refused and nothing changes.
        QVERIFY(!w.controller()->renameNode(id, QStringLiteral("a/b")));
        QCOMPARE(w.document()->topology().node(id)->name, std::string("netns01"));
    }

    void deleteTakesLinksAndUndoBringsThemBack()
    {
        MainWindow w(quietOptions());
        w.show();
        w.newLab();
        auto *c = w.controller();
        const auto a = c->placeNode(NodeKind::Netns, QPointF(-200, 0));
        const auto r = c->placeNode(NodeKind::Router, QPointF(200, 0));
        const auto b = c->placeNode(NodeKind::Netns, QPointF(600, 0));
        QVERIFY(c->connectNodes(a, r));
        QVERIFY(c->connectNodes(r, b));
        const model::Topology before = w.document()->topology();
        w.scene()->selectNodes({r});
        w.action(QStringLiteral("delete"))->trigger();
        const auto &t = w.document()->topology();
        QCOMPARE(t.nodes.size(), std::size_t(2));
        QVERIFY(t.links.empty());
        QVERIFY(t.node(a)->interfaces.empty()); // the veth pair went as a whole
        QCOMPARE(w.scene()->linkItems().size(), 0);
        w.undoStack()->undo();
        QVERIFY(model::sameTopology(before, w.document()->topology()));
        QCOMPARE(w.scene()->linkItems().size(), 2);
        QVERIFY(w.scene()->portItem(a, "veth1r1"));
    }

    void copyPasteDuplicate()
    {
        MainWindow w(quietOptions());
        w.show();
        w.newLab();
        auto *c = w.controller();
        const auto h = c->placeNode(NodeKind::Host, QPointF(0, 0));
        const auto g = c->placeNode(NodeKind::Netns, QPointF(0, 20));
        QVERIFY(c->connectNodes(g, h));
        w.scene()->selectNodes({h});
        w.action(QStringLiteral("duplicate"))->trigger();
        const auto &t = w.document()->topology();
        QCOMPARE(t.nodes.size(), std::size_t(4)); // the host brought its namespace
        QCOMPARE(t.links.size(), std::size_t(2));
        QVERIFY(t.nodeByName("B") && t.nodeByName("netns02"));
        QCOMPARE(t.nodeByName("netns02")->host, t.nodeByName("B")->id);
        w.scene()->selectNodes({h});
        w.action(QStringLiteral("copy"))->trigger();
        w.action(QStringLiteral("paste"))->trigger();
        QCOMPARE(w.document()->topology().nodes.size(), std::size_t(6));
        w.undoStack()->undo();
        w.undoStack()->undo();
        QCOMPARE(w.document()->topology().nodes.size(), std::size_t(2));
    }

    void routeEditorRefusesWhatTheKernelRefuses()
    {
        MainWindow w(quietOptions());
        w.show();
        w.newLab();
        auto *c = w.controller();
        const auto host = c->placeNode(NodeKind::Host, QPointF(0, 0));
        const auto ns = c->placeNode(NodeKind::Netns, QPointF(0, 20));
        QVERIFY(c->connectNodes(ns, host));
        QCOMPARE(w.document()->topology().node(ns)->name, std::string("netns01"));
        const auto *n = w.document()->topology().node(ns);
        const std::string dev = n->interfaces[0].name;
        model::InterfaceSpec spec = n->interfaces[0];
        spec.addresses.push_back({*net::Prefix::parse("10.10.0.2/24"), {}, {}, false});
        QVERIFY(c->push(model::Edit(model::edit::SetInterface{ns, dev, spec})));

        w.scene()->selectNodes({ns});
        PropertiesDock *dock = w.properties();
        // The lesson's step 1: a link route for the LAN. Accepted.
        dock->setRouteFormField(RouteTableModel::Dst, QStringLiteral("172.16.91.0/24"));
        dock->setRouteFormField(RouteTableModel::Dev, QString::fromStdString(dev));
        QVERIFY(dock->submitRouteForm());
        QCOMPARE(w.document()->topology().node(ns)->routes.size(), std::size_t(1));
        QCOMPARE(dock->routeModel()->rowCount(), 1);
        // Step 2, the obvious fix: the same prefix via the host. The kernel says File exists.
        const int undoCount = w.undoStack()->count();
        dock->setRouteFormField(RouteTableModel::Dst, QStringLiteral("172.16.91.0/24"));
        dock->setRouteFormField(RouteTableModel::Via, QStringLiteral("172.16.91.201"));
        dock->setRouteFormField(RouteTableModel::Dev, QString::fromStdString(dev));
        QVERIFY(!dock->submitRouteForm());
        QVERIFY(dock->routeError()->isVisibleTo(dock));
        QVERIFY2(dock->routeError()->text().contains(QStringLiteral("RTNETLINK answers: File exists")),
                 qPrintable(dock->routeError()->text()));
        QCOMPARE(w.document()->topology().node(ns)->routes.size(), std::size_t(1));
        QCOMPARE(w.undoStack()->count(), undoCount);
        // A gateway nothing leads to.
        dock->setRouteFormField(RouteTableModel::Dst, QStringLiteral("10.20.0.0/16"));
        dock->setRouteFormField(RouteTableModel::Via, QStringLiteral("192.168.77.1"));
        QVERIFY(!dock->submitRouteForm());
        QVERIFY2(dock->routeError()->text().contains(QStringLiteral("Error: Nexthop has invalid gateway.")),
                 qPrintable(dock->routeError()->text()));
        // Editing a cell goes through the same check: changing the route's device to one that
        // does not exist is refused with the kernel's words too.
        QVERIFY(!dock->routeModel()->setData(dock->routeModel()->index(0, RouteTableModel::Dev), QStringLiteral("nope0"),
                                             Qt::EditRole));
        QCOMPARE(*w.document()->topology().node(ns)->routes[0].dev, dev);
        // A valid edit goes through as one undo step.
        QVERIFY(dock->routeModel()->setData(dock->routeModel()->index(0, RouteTableModel::Metric), QStringLiteral("100"),
                                            Qt::EditRole));
        QCOMPARE(*w.document()->topology().node(ns)->routes[0].metric, 100u);
        w.undoStack()->undo();
        QVERIFY(!w.document()->topology().node(ns)->routes[0].metric);
    }

    void saveOpenRoundTripAndDirtyMarker()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.json"));
        model::Topology saved;
        {
            MainWindow w(quietOptions());
            w.show();
            w.newLab();
            auto *c = w.controller();
            const auto h = c->placeNode(NodeKind::Host, QPointF(0, 0));
            const auto g = c->placeNode(NodeKind::Netns, QPointF(0, 20));
            const auto lan = c->placeNode(NodeKind::Lan, QPointF(0, 400));
            QVERIFY(c->connectNodes(g, h));
            QVERIFY(c->connectNodes(h, lan));
            QVERIFY(w.isWindowModified());
            QString error;
            QVERIFY2(w.saveTo(path, &error), qPrintable(error));
            QVERIFY(!w.isWindowModified());
            QVERIFY(w.windowTitle().startsWith(QStringLiteral("lab.json")));
            saved = w.document()->topology();
            // An edit makes it dirty again, undo back to the saved state makes it clean.
            w.action(QStringLiteral("placeRouter"))->trigger();
            QVERIFY(w.isWindowModified());
            w.undoStack()->undo();
            QVERIFY(!w.isWindowModified());
        }
        MainWindow w2(quietOptions());
        QString error;
        QVERIFY2(w2.openPath(path, &error), qPrintable(error));
        QVERIFY(model::sameTopology(saved, w2.document()->topology()));
        QCOMPARE(w2.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!w2.isWindowModified());
    }

    void brokenFilesLeaveTheLabAlone()
    {
        QTemporaryDir dir;
        MainWindow w(quietOptions());
        w.newLab();
        w.controller()->placeNode(NodeKind::Router, QPointF(0, 0));
        const model::Topology before = w.document()->topology();
        const auto write = [&](const char *name, const QByteArray &data) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            f.open(QIODevice::WriteOnly);
            f.write(data);
            return f.fileName();
        };
        QString error;
        QVERIFY(!w.openPath(write("truncated.json", R"({"format": "nslab", "version": 1, "nodes": [{"name": "a")"), &error));
        QVERIFY2(error.contains(QStringLiteral("truncated.json")), qPrintable(error));
        QVERIFY(model::sameTopology(before, w.document()->topology()));
        error.clear();
        QVERIFY(!w.openPath(write("newer.json", R"({"format": "nslab", "version": 99, "nodes": []})"), &error));
        QVERIFY2(error.contains(QStringLiteral("$")), qPrintable(error)); // names the JSON path
        QVERIFY(model::sameTopology(before, w.document()->topology()));
        error.clear();
        QVERIFY(!w.openPath(write("bad.json", R"({"format": "nslab", "version": 1, "nodes": [{"name": 7}]})"), &error));
        QVERIFY2(error.contains(QStringLiteral("$.nodes[0].name")), qPrintable(error));
        QVERIFY(model::sameTopology(before, w.document()->topology()));
    }

    void zoomIsClampedAndExportWritesImages()
    {
        QTemporaryDir dir;
        MainWindow w(quietOptions());
        w.resize(1000, 700);
        w.show();
        w.newLab();
        w.controller()->placeNode(NodeKind::Host, QPointF(0, 0));
        w.view()->setZoom(100);
        QCOMPARE(w.view()->zoom(), TopologyView::kMaxZoom);
        w.view()->setZoom(0.0001);
        QCOMPARE(w.view()->zoom(), TopologyView::kMinZoom);
        QVERIFY(w.exportImage(dir.filePath(QStringLiteral("c.png"))));
        QVERIFY(w.exportImage(dir.filePath(QStringLiteral("c.svg"))));
        QImage png(dir.filePath(QStringLiteral("c.png")));
        QVERIFY(png.width() > 200 && png.height() > 100);
        QFile svg(dir.filePath(QStringLiteral("c.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
    }

    // Every bundled lab opens readable in a projector-sized window: fitted at 60 % zoom or more.
    void bundledLabsFitAReadableZoom_data()
    {
        QTest::addColumn<QString>("path");
        const QDir labs(QStringLiteral(NSLAB_SOURCE_DIR "/resources/labs"));
        const QStringList files = labs.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << labs.filePath(f);
    }
    void bundledLabsFitAReadableZoom()
    {
        QFETCH(QString, path);
        MainWindow w(quietOptions());
        w.resize(1600, 1000);
        w.show();
        QString error;
        QVERIFY2(w.openPath(path, &error), qPrintable(error));
        QCoreApplication::processEvents();
        w.fitView();
        QVERIFY2(w.view()->zoom() >= 0.6, qPrintable(QStringLiteral("fits at %1 %").arg(qRound(w.view()->zoom() * 100))));
        const QRectF visible = w.view()->mapToScene(w.view()->viewport()->rect()).boundingRect();
        const QRectF drawn = static_cast<TopologyScene *>(w.view()->scene())->contentRect();
        QVERIFY2(visible.contains(drawn.adjusted(30, 30, -30, -30)), "part of the lab is outside the window");
    }

    void problemsAreDecorated()
    {
        MainWindow w(quietOptions());
        w.newLab();
        auto *c = w.controller();
        const auto a = c->placeNode(NodeKind::Netns, QPointF(-200, 0));
        const auto b = c->placeNode(NodeKind::Netns, QPointF(200, 0));
        QVERIFY(c->connectNodes(a, b));
        // The same address on both ends of the veth pair.
        for (auto id : {a, b}) {
            model::InterfaceSpec spec = w.document()->topology().node(id)->interfaces[0];
            spec.addresses.push_back({*net::Prefix::parse("10.0.0.1/24"), {}, {}, false});
            QVERIFY(c->push(model::Edit(model::edit::SetInterface{id, spec.name, spec})));
        }
        w.analyzeNow();
        PortItem *port = w.scene()->portItem(a, w.document()->topology().node(a)->interfaces[0].name);
        QVERIFY(port);
        QVERIFY(!port->problems().isEmpty());
        QVERIFY(port->problems().join(QString()).contains(QStringLiteral("Duplicate address 10.0.0.1")));
        // A route the kernel refuses when the lab is built marks its namespace.
        model::RouteSpec r;
        r.dst = *net::Prefix::parse("10.9.0.0/16");
        r.via = net::Ipv4::parse("192.168.200.1");
        QVERIFY(c->push(model::Edit(model::edit::AddRoute{a, r})));
        w.analyzeNow();
        const QStringList problems = w.scene()->nodeItem(a)->problems();
        QVERIFY2(problems.join(QString()).contains(QStringLiteral("Nexthop has invalid gateway")), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void pasteATranscriptOntoTheCanvas()
    {
        MainWindow w(quietOptions());
        w.show();
        w.newLab();
        QApplication::clipboard()->setText(QStringLiteral(
            "$ ip netns add red\n$ ip netns add blue\n"
            "$ ip -n red link add v-red type veth peer name v-blue netns blue\n"
            "$ ip -n red addr add 10.1.0.1/24 dev v-red\n"
            "$ ip -n red link set v-red up\n"
            "$ ip -n red route add 10.2.0.0/16 via 10.9.9.9\n"
            "Error: Nexthop has invalid gateway.\n"));
        w.action(QStringLiteral("paste"))->trigger();
        const auto &t = w.document()->topology();
        QVERIFY(t.nodeByName("red") && t.nodeByName("blue"));
        QCOMPARE(t.links.size(), std::size_t(1));
        QCOMPARE(w.undoStack()->count(), 1); // one paste, one undo step
        w.undoStack()->undo();
        QVERIFY(w.document()->topology().nodes.empty());
    }

    void autosaveAndRecovery()
    {
        MainWindow w(quietOptions());
        w.newLab();
        w.controller()->placeNode(NodeKind::Host, QPointF(0, 0));
        w.autosave();
        QVERIFY(QFileInfo::exists(w.recoveryFile()));
        // A crashed session's file (a pid that does not run) is offered; saying yes brings the
        // lab back, unsaved.
        const QString crashed = MainWindow::recoveryDir() + QStringLiteral("/session-999999999.json");
        QFile::remove(crashed);
        QVERIFY(QFile::copy(w.recoveryFile(), crashed));
        QFile f(crashed);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray data = f.readAll().replace(QByteArray::number(QCoreApplication::applicationPid()), "999999999");
        f.resize(0);
        f.write(data);
        f.close();
        QFile::remove(w.recoveryFile());

        MainWindow w2(quietOptions());
        w2.show();
        QTimer::singleShot(200, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        w2.offerRecovery();
        QVERIFY(w2.hasLab());
        QCOMPARE(w2.document()->topology().nodes.size(), std::size_t(1));
        QVERIFY(w2.isWindowModified());
        QVERIFY(!QFileInfo::exists(crashed));
        QFile::remove(w2.recoveryFile());
    }

    void screenshotWritesASensibleImage()
    {
        const QString bin = qEnvironmentVariable("NSLAB_BIN_DIR", QStringLiteral(NSLAB_BINARY_DIR "/bin"));
        const QString exe = bin + QStringLiteral("/nslab");
        if (!QFileInfo::exists(exe))
            QSKIP("the nslab executable is not built");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("shot.png"));
        QProcess p;
        p.start(exe, {QStringLiteral("--screenshot"), out, QStringLiteral("--size"), QStringLiteral("1200x800"),
                      QStringLiteral(NSLAB_SOURCE_DIR "/resources/labs/calico-two-hosts.json")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QImage img(out);
        QCOMPARE(img.size(), QSize(1200, 800));
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
        // A broken lab: exit code 1 and a message naming where.
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"format": "nslab", "version": 1, "nodes": [{"name": 7}]})");
        bad.close();
        p.start(exe, {QStringLiteral("--screenshot"), out, bad.fileName()});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("$.nodes[0].name"));
    }
};

QTEST_MAIN(TestDesigner)
#include "tst_designer.moc"
