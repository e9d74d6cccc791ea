// Issue 5, "seeing the network in the designer": the insight panels follow every edit, the
// matrix of the Calico example, clicking a cell traces the ping, console commands change the
// lab as one undo step each (and print iproute2's errors), lessons step back and forth to the
// same tables, generators produce the expected tables, exports are written. Offscreen.
#include "insight/consolewidget.h"
#include "editcommand.h"
#include "insight/exporter.h"
#include "insight/generatordialog.h"
#include "insight/insightpanels.h"
#include "insight/labanalysis.h"
#include "insight/labedits.h"
#include "insight/lessonplayer.h"
#include "mainwindow.h"
#include "insight/matrixmodel.h"
#include "plan/import.h"
#include "plan/plan.h"
#include "routing/calico.h"
#include "insight/routelinesmodel.h"
#include "topologyscene.h"
#include "insight/traceoverlay.h"
#include "insight/tracewidget.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QFile>
#include <QFontInfo>
#include <QFontMetrics>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace nslab;
using namespace nslab::gui;
using namespace nslab::gui::insight;

namespace {

MainWindow::Options quietOptions()
{
    MainWindow::Options o;
    o.restoreState = false;
    o.offerRecovery = false;
    o.autosave = false;
    return o;
}

QString source(const char *rel) { return QStringLiteral(NSLAB_SOURCE_DIR "/") + QLatin1String(rel); }

std::string routesOf(MainWindow &w, const char *ns)
{
    const auto k = model::plan::emulate(w.document()->topology());
    return k.routeShow(ns);
}

struct Fixture {
    MainWindow w{quietOptions()};
    InsightPanels *p = nullptr;
    explicit Fixture(const QString &lab = {})
    {
        p = InsightPanels::of(&w);
        if (!lab.isEmpty()) {
            QString error;
            if (!w.openPath(lab, &error))
                qWarning() << error;
        }
        if (p)
            p->runner()->waitForCurrent();
    }
    void settle() { QVERIFY(p->runner()->waitForCurrent()); }
    MatrixModel::Outcome outcome(const char *ns, const char *addr) const
    {
        const int r = p->matrixModel()->rowOf(ns);
        const int c = p->matrixModel()->columnOf(*net::Ipv4::parse(addr));
        if (r < 0 || c < 0)
            qFatal("no cell %s -> %s", ns, addr);
        return p->matrixModel()->outcome(r, c);
    }
    MatrixModel::Change change(const char *ns, const char *addr) const
    {
        return p->matrixModel()->change(p->matrixModel()->rowOf(ns), p->matrixModel()->columnOf(*net::Ipv4::parse(addr)));
    }
    model::NodeId id(const char *name) const { return w.document()->topology().nodeByName(name)->id; }
    bool push(const model::Edit &e) { return EditCommand::push(w.undoStack(), w.document(), e); }
};

} // namespace

class TestInsight : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setApplicationName(QStringLiteral("nslab-test"));
    }

    void calicoMatrix()
    {
        Fixture f(source("resources/labs/calico-two-hosts.json"));
        QVERIFY(f.p);
        // Lessons are one click from the welcome screen and in Lab ▸ Lessons; generators and
        // exports have their menu entries.
        auto *lessonsButton = f.w.findChild<QPushButton *>(QStringLiteral("welcomeLessons"));
        QVERIFY(lessonsButton && lessonsButton->menu());
        QVERIFY(lessonsButton->menu()->actions().size() >= 5);
        QVERIFY(f.w.findChild<QAction *>(QStringLiteral("generateRoutes")));
        QVERIFY(f.w.findChild<QAction *>(QStringLiteral("exportAll")));
        const auto *m = f.p->matrixModel();
        // Every namespace is a row, every address a column (lan has none; 127/8 excluded).
        QCOMPARE(m->rowCount(), 8);
        QVERIFY(m->columnOf(*net::Ipv4::parse("10.244.2.3")) >= 0);
        QVERIFY(m->columnOf(*net::Ipv4::parse("127.0.0.1")) < 0);
        // Pods reach each other across hosts, and their hosts.
        for (const char *from : {"pod1", "pod2", "pod3", "pod4"})
            for (const char *to : {"10.244.1.2", "10.244.1.3", "10.244.2.2", "10.244.2.3", "192.168.0.11", "192.168.0.12"})
                QVERIFY2(f.outcome(from, to) == MatrixModel::Outcome::Reply, qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(from), QLatin1String(to))));
        // The gateway has routes to the pod blocks and answers pods too.
        QCOMPARE(f.outcome("gw", "10.244.1.2"), MatrixModel::Outcome::Reply);
        // The legend's colours differ and the hover text gives the disposition.
        QVERIFY(MatrixModel::outcomeColor(MatrixModel::Outcome::Reply) != MatrixModel::outcomeColor(MatrixModel::Outcome::NoReply));
        const int r = m->rowOf("pod1"), c = m->columnOf(*net::Ipv4::parse("10.244.2.2"));
        QVERIFY(m->index(r, c).data(Qt::ToolTipRole).toString().contains(QLatin1String("reply")));
        // The numbers agree with the simulator run on its own.
        const auto k = model::plan::emulate(f.w.document()->topology());
        const sim::Matrix ref = sim::matrix(k);
        QCOMPARE(f.p->runner()->current()->matrix.exitCodes, ref.exitCodes);
    }

    void clickingACellTraces()
    {
        Fixture f(source("resources/labs/calico-two-hosts.json"));
        f.w.resize(1600, 1000);
        f.w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.w));
        QTableView *view = f.p->matrixView();
        auto *m = f.p->matrixModel();
        const QModelIndex cell = m->index(m->rowOf("pod1"), m->columnOf(*net::Ipv4::parse("10.244.2.2")));
        view->scrollTo(cell);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
        TraceWidget *t = f.p->traceWidget();
        QVERIFY(t->hasTrace());
        QCOMPARE(t->node(), std::string("pod1"));
        QCOMPARE(t->destination(), *net::Ipv4::parse("10.244.2.2"));
        QCOMPARE(t->result().exitCode, 0);
        const QStringList steps = t->stepTexts();
        // ARP question and the host's proxy answer are steps of their own.
        QVERIFY(steps.filter(QStringLiteral("arp-request")).size() >= 1);
        QVERIFY(steps.filter(QStringLiteral("[node1] arp-reply")).size() >= 1);
        // The canvas shows the same steps, the routes dock shows pod1 with the used route lit.
        QVERIFY(f.p->overlay()->hasTrace());
        QCOMPARE(f.p->overlay()->stepCount(), int(steps.size()));
        QCOMPARE(f.p->routesNamespace()->currentText(), QStringLiteral("pod1"));
        QCOMPARE(f.p->routesModel()->lines().value(f.p->routesModel()->highlightedRow()).trimmed(),
                 QStringLiteral("default via 169.254.1.1 dev eth0"));
        // The player: step forward/back move the packet on the canvas.
        t->pause();
        t->setCurrentStep(0);
        const QPointF p0 = f.p->overlay()->packetPos();
        t->stepForward();
        t->stepForward();
        t->stepForward();
        QCOMPARE(t->currentStep(), 3);
        QVERIFY(f.p->overlay()->packetPos() != p0 || f.p->overlay()->stepPoint(3) == p0);
        t->stepBack();
        QCOMPARE(t->currentStep(), 2);
        QCOMPARE(f.p->overlay()->progress(), 2.0);
        t->play();
        QTRY_VERIFY_WITH_TIMEOUT(!t->isPlaying(), 60000);
        QCOMPARE(t->currentStep(), int(steps.size()) - 1);
    }

    void panelsFollowEveryEditKind()
    {
        Fixture f(source("resources/labs/calico-two-hosts.json"));
        const int undo0 = f.w.undoStack()->index();
        // A per-device sysctl: proxy ARP off on cali1 — pod1 loses everything off-link.
        QVERIFY(f.push(model::Edit(model::edit::SetInterfaceSysctl{f.id("node1"), "cali1", "proxy_arp", 0})));
        f.settle();
        QCOMPARE(f.outcome("pod1", "10.244.2.2"), MatrixModel::Outcome::NoReply);
        QCOMPARE(f.change("pod1", "10.244.2.2"), MatrixModel::Change::Lost);
        QCOMPARE(f.change("pod2", "10.244.2.2"), MatrixModel::Change::None);
        QVERIFY(f.p->matrixModel()->lostCount() > 0);
        QVERIFY(f.p->matrixModel()->reason(f.p->matrixModel()->rowOf("pod1"), f.p->matrixModel()->columnOf(*net::Ipv4::parse("10.244.2.2")))
                    .contains(QLatin1String("arp")));
        // Undo: the pair comes back and is marked as gained.
        f.w.undoStack()->undo();
        f.settle();
        QCOMPARE(f.outcome("pod1", "10.244.2.2"), MatrixModel::Outcome::Reply);
        QCOMPARE(f.change("pod1", "10.244.2.2"), MatrixModel::Change::Gained);
        // A route deleted: node2's /32 to pod3.
        f.p->showRoutesOf(QStringLiteral("node2"));
        QVERIFY(f.p->routesModel()->lines().contains(QStringLiteral("10.244.2.2 dev cali3 scope link ")));
        const model::Node *node2 = f.w.document()->topology().nodeByName("node2");
        std::size_t idx = 0;
        while (idx < node2->routes.size() && !(node2->routes[idx].dst == *net::Prefix::parse("10.244.2.2/32")))
            ++idx;
        QVERIFY(idx < node2->routes.size());
        QVERIFY(f.push(model::Edit(model::edit::RemoveRoute{f.id("node2"), idx}, "Delete route")));
        f.settle();
        QVERIFY(!f.p->routesModel()->lines().contains(QStringLiteral("10.244.2.2 dev cali3 scope link ")));
        QCOMPARE(f.outcome("pod1", "10.244.2.2"), MatrixModel::Outcome::NoReply);
        QCOMPARE(f.outcome("pod4", "10.244.2.3"), MatrixModel::Outcome::Reply);
        // The kernel's own routes are marked.
        f.p->showRoutesOf(QStringLiteral("node1"));
        const int kernelRow = int(f.p->routesModel()->lines().indexOf(QStringLiteral("192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.11 ")));
        QVERIFY(kernelRow >= 0);
        QVERIFY(f.p->routesModel()->index(kernelRow, 0).data(RouteLinesModel::KernelRole).toBool());
        // Shown exactly as `ip route show` prints it: the whole line, left-aligned, never
        // elided, in a column as wide as its text (the view scrolls sideways instead).
        const QModelIndex kernelLine = f.p->routesModel()->index(kernelRow, RouteLinesModel::Route);
        QCOMPARE(kernelLine.data(Qt::DisplayRole).toString(), QStringLiteral("192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.11 "));
        QCOMPARE(Qt::Alignment(kernelLine.data(Qt::TextAlignmentRole).toInt()) & Qt::AlignHorizontal_Mask, Qt::AlignLeft);
        QTableView *rv = f.p->routesView();
        QCOMPARE(rv->textElideMode(), Qt::ElideNone);
        QVERIFY(rv->isColumnHidden(RouteLinesModel::Origin)); // kernel routes are muted in the line instead
        const QFont lineFont = kernelLine.data(Qt::FontRole).value<QFont>();
        QVERIFY(QFontInfo(lineFont).fixedPitch());
        QVERIFY(rv->columnWidth(RouteLinesModel::Route) >= QFontMetrics(lineFont).horizontalAdvance(kernelLine.data().toString().trimmed()));
        // The local table toggle.
        f.p->localTable()->setChecked(true);
        QVERIFY(f.p->routesModel()->lines().contains(QStringLiteral("local 192.168.0.11 dev eth0 proto kernel scope host src 192.168.0.11 ")));
        f.p->localTable()->setChecked(false);
        // A node placed: a new row; an address added: a new column.
        const auto &t = f.w.document()->topology();
        QVERIFY(f.push(model::placeNodeEdit(t, model::NodeKind::Netns, 900, 900, {}, "extra")));
        f.settle();
        QVERIFY(f.p->matrixModel()->rowOf("extra") >= 0);
        model::InterfaceSpec dummy;
        dummy.name = "d0";
        dummy.kind = model::InterfaceKind::Dummy;
        dummy.addresses.push_back({*net::Prefix::parse("10.99.0.1/24")});
        QVERIFY(f.push(model::Edit(model::edit::AddInterface{f.id("extra"), dummy}, "Add d0")));
        f.settle();
        QVERIFY(f.p->matrixModel()->columnOf(*net::Ipv4::parse("10.99.0.1")) >= 0);
        QCOMPARE(f.outcome("extra", "10.99.0.1"), MatrixModel::Outcome::Reply);
        QCOMPARE(f.outcome("pod1", "10.99.0.1"), MatrixModel::Outcome::NoReply);
        QUndoStack *u = f.w.undoStack();
        QStringList texts;
        for (int i = 0; i < u->count(); ++i)
            texts << u->text(i);
        // Each edit is one undo step (the window may have pushed its own layout step on open).
        QVERIFY2(u->index() >= undo0 + 3 && texts.mid(u->index() - 3, 3) == QStringList({QStringLiteral("Delete route"), QStringLiteral("Add extra"), QStringLiteral("Add d0")}),
                 qPrintable(texts.join(QStringLiteral(" | "))));
    }

    void consoleCommandsAreUndoableEdits()
    {
        Fixture f(source("resources/lessons/seed-start.json"));
        ConsoleWidget *c = f.p->console();
        QUndoStack *u = f.w.undoStack();
        const int start = u->index();
        // The lesson's step 1 in netns01, typed the way the blog types it (namespace selector).
        c->setCurrentNamespace(QStringLiteral("netns01"));
        QCOMPARE(c->runLine(QStringLiteral("ip r add 172.16.91.0/24 dev veth1a")), 0);
        QCOMPARE(u->index(), start + 1);
        QCOMPARE(routesOf(f.w, "netns01"), std::string("10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 \n"
                                                       "172.16.91.0/24 dev veth1a scope link \n"));
        // Step 2: the obvious fix. iproute2's exact error, nothing changes, no undo step.
        QCOMPARE(c->runLine(QStringLiteral("ip netns exec netns01 ip r add 172.16.91.0/24 via 172.16.91.201 dev veth1a")), 2);
        QVERIFY(c->output().endsWith(QLatin1String("RTNETLINK answers: File exists")));
        QCOMPARE(u->index(), start + 1);
        // Step 3 with -n from another namespace selected; each line one undo step.
        c->setCurrentNamespace(QStringLiteral("a"));
        QCOMPARE(c->runLine(QStringLiteral("ip -n netns01 r del 172.16.91.0/24 dev veth1a")), 0);
        QCOMPARE(c->runLine(QStringLiteral("ip -n netns01 r add 172.16.91.201 dev veth1a")), 0);
        QCOMPARE(c->runLine(QStringLiteral("ip -n netns01 r add 172.16.91.0/24 dev veth1a via 172.16.91.201")), 0);
        QCOMPARE(u->index(), start + 4);
        // The table of seed-scenario.md step 3, byte for byte as `ip route show` prints it.
        f.settle();
        f.p->showRoutesOf(QStringLiteral("netns01"));
        QCOMPARE(f.p->routesModel()->lines(), QStringList({QStringLiteral("10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 "),
                                                           QStringLiteral("172.16.91.0/24 via 172.16.91.201 dev veth1a "),
                                                           QStringLiteral("172.16.91.201 dev veth1a scope link ")}));
        // Kinds, hosts and positions survive the capture.
        const model::Node *n1 = f.w.document()->topology().nodeByName("netns01");
        QCOMPARE(n1->kind, model::NodeKind::Netns);
        QCOMPARE(n1->host, f.id("a"));
        // Show commands print what iproute2 prints; they change nothing.
        c->clearOutput();
        QCOMPARE(c->runLine(QStringLiteral("ip -n netns01 route show")), 0);
        QVERIFY(c->output().contains(QLatin1String("172.16.91.201 dev veth1a scope link")));
        QCOMPARE(u->index(), start + 4);
        // A sysctl; then undo everything back to the start.
        QCOMPARE(c->runLine(QStringLiteral("ip netns exec a sysctl -w net.ipv4.ip_forward=0")), 0);
        QVERIFY(c->output().contains(QLatin1String("net.ipv4.ip_forward = 0")));
        QCOMPARE(u->index(), start + 5);
        f.settle();
        u->undo(); // the sysctl
        u->undo(); // the route via the host
        QCOMPARE(routesOf(f.w, "netns01"), std::string("10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 \n"
                                                       "172.16.91.201 dev veth1a scope link \n"));
        u->setIndex(start);
        QCOMPARE(routesOf(f.w, "netns01"), std::string("10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 \n"));
        // Unknown commands say so; history walks with Up/Down.
        QCOMPARE(c->runLine(QStringLiteral("ifconfig eth0 up")), 1);
        QLineEdit *in = c->input();
        in->setFocus();
        QTest::keyClick(in, Qt::Key_Up);
        QCOMPARE(in->text(), QStringLiteral("ifconfig eth0 up"));
        QTest::keyClick(in, Qt::Key_Up);
        QCOMPARE(in->text(), QStringLiteral("ip netns exec a sysctl -w net.ipv4.ip_forward=0"));
        QTest::keyClick(in, Qt::Key_Down);
        QTest::keyClick(in, Qt::Key_Down);
        QCOMPARE(in->text(), QString());
        // A pasted transcript runs line by line (prompts and output lines skipped).
        c->runLines(QStringLiteral("$ ip -n b route add 10.10.1.2 dev vethb3\n# a comment\n$ ip -n b route add 10.10.0.0/24 dev ens33 via 172.16.91.201\n"));
        QCOMPARE(routesOf(f.w, "b"), std::string("default via 172.16.91.2 dev ens33 \n10.10.0.0/24 via 172.16.91.201 dev ens33 \n"
                                                 "10.10.1.2 dev vethb3 scope link \n172.16.91.0/24 dev ens33 proto kernel scope link src 172.16.91.202 \n"));
        // A new namespace made from the console joins the host its veth goes to.
        QCOMPARE(c->runLine(QStringLiteral("ip netns add netns02")), 0);
        QCOMPARE(c->runLine(QStringLiteral("ip -n a link add vetha2 type veth peer name veth2a netns netns02")), 0);
        const model::Node *n2 = f.w.document()->topology().nodeByName("netns02");
        QVERIFY(n2);
        QCOMPARE(n2->host, f.id("a"));
        QCOMPARE(f.w.document()->topology().links.size(), std::size_t(6));
        u->undo();
        QCOMPARE(f.w.document()->topology().links.size(), std::size_t(5));
    }

    void lessonStepsRestoreTheirTables()
    {
        Fixture f;
        LessonPlayer *lp = f.p->lessons();
        QString error;
        QVERIFY2(lp->start(QStringLiteral(":/lessons/01-seed.lesson.json"), &error), qPrintable(error));
        const int n = lp->stepCount();
        QVERIFY(n >= 6);
        std::vector<std::string> tables;
        for (int i = 0; i < n; ++i) {
            QVERIFY(lp->goTo(i));
            tables.push_back(routesOf(f.w, "netns01") + routesOf(f.w, "a") + routesOf(f.w, "netns03"));
            QCOMPARE(f.p->routesModel()->text().toStdString(), routesOf(f.w, f.p->routesNamespace()->currentText().toUtf8().constData()));
        }
        for (int i = n - 1; i >= 0; --i) {
            QVERIFY(lp->goTo(i));
            QCOMPARE(routesOf(f.w, "netns01") + routesOf(f.w, "a") + routesOf(f.w, "netns03"), tables[std::size_t(i)]);
        }
        // The File exists step shows the kernel's words and changes nothing.
        int fileExists = -1;
        for (int i = 0; i < n; ++i)
            if (lp->transcript(i).contains(QLatin1String("RTNETLINK answers: File exists")))
                fileExists = i;
        QVERIFY(fileExists > 0);
        QVERIFY2(lp->transcript(fileExists).contains(QStringLiteral("✓ exactly what the real kernel answered")), qPrintable(lp->transcript(fileExists)));
        QCOMPARE(tables[std::size_t(fileExists)], tables[std::size_t(fileExists - 1)]);
        // Step 3 ends in the table of seed-scenario.md; the step's trace is shown and replies.
        QVERIFY(lp->goTo(fileExists + 1));
        QCOMPARE(routesOf(f.w, "netns01"), std::string("10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 \n"
                                                       "172.16.91.0/24 via 172.16.91.201 dev veth1a \n"
                                                       "172.16.91.201 dev veth1a scope link \n"));
        QVERIFY(f.p->traceWidget()->hasTrace());
        QCOMPARE(f.p->traceWidget()->result().exitCode, 0);
        // Step 1's failure is explained: nobody answers the ARP for the gateway.
        QVERIFY(lp->goTo(1));
        QCOMPARE(f.p->traceWidget()->result().disposition, sim::Disposition::ArpUnanswered);
        QVERIFY(f.p->overlay()->failureStep() >= 0);
        // The last step: every namespace reaches every other.
        QVERIFY(lp->goTo(n - 1));
        for (const char *from : {"netns01", "netns02", "netns03"})
            for (const char *to : {"10.10.0.2", "10.10.0.3", "10.10.1.2", "172.16.91.201", "172.16.91.202"})
                QVERIFY2(f.outcome(from, to) == MatrixModel::Outcome::Reply, qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(from), QLatin1String(to))));
    }

    void recordedLessonsAgreeWithTheKernel()
    {
        // Every bundled lesson loads; where a lesson recorded real-kernel results, the
        // simulator agrees with each of them.
        Fixture f;
        const QStringList paths = lessonPaths();
        QVERIFY(paths.size() >= 5);
        for (const QString &p : paths) {
            QString error;
            QVERIFY2(f.p->lessons()->start(p, &error), qPrintable(error));
            for (int i = 0; i < f.p->lessons()->stepCount(); ++i)
                QVERIFY2(!f.p->lessons()->transcript(i).contains(QStringLiteral("✗")),
                         qPrintable(p + QStringLiteral(" step %1:\n").arg(i + 1) + f.p->lessons()->transcript(i)));
        }
        // Bad lesson files are refused with where.
        QTemporaryDir dir;
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"format": "nslab-lesson", "title": "x", "lab": "y.json", "steps": [{"title": 3, "text": ""}]})");
        bad.close();
        QString error;
        QVERIFY(!f.p->lessons()->start(bad.fileName(), &error));
        QVERIFY2(error.contains(QLatin1String("$.steps[0].title")), qPrintable(error));
    }

    void calicoFailureModesOneToggleAway()
    {
        Fixture f;
        QString error;
        QVERIFY2(f.p->lessons()->start(QStringLiteral(":/lessons/02-calico.lesson.json"), &error), qPrintable(error));
        QCOMPARE(f.p->traceWidget()->result().exitCode, 0);
        // Forwarding off: the kernel's proxy ARP only answers for what it would forward.
        const sim::Disposition expected[] = {sim::Disposition::ArpUnanswered, sim::Disposition::ArpUnanswered,
                                             sim::Disposition::ArpUnanswered, sim::Disposition::Blackhole};
        for (int i = 1; i <= 4; ++i) {
            QVERIFY(f.p->lessons()->goTo(i));
            QVERIFY2(f.p->traceWidget()->result().exitCode != 0, qPrintable(f.p->lessons()->transcript(i)));
            QCOMPARE(f.p->traceWidget()->result().disposition, expected[i - 1]);
            QVERIFY(!f.p->traceWidget()->explanation().isEmpty());
        }
    }

    void generatorsProduceTheExpectedTables()
    {
        Fixture f(source("resources/lessons/seed-start.json"));
        const model::Topology before = f.w.document()->topology();
        std::string error;
        std::vector<std::string> notes;
        // Host gateway: the lesson's final solution.
        auto hg = GeneratorDialog::generate(before, GeneratorDialog::Kind::HostGateway, &error, &notes);
        QVERIFY2(hg, error.c_str());
        auto k = model::plan::emulate(*hg);
        QCOMPARE(k.routeShow("netns01"), std::string("default via 172.16.91.201 dev veth1a \n"
                                                     "10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 \n"
                                                     "172.16.91.0/24 via 172.16.91.201 dev veth1a \n"
                                                     "172.16.91.201 dev veth1a scope link \n"));
        QVERIFY(k.routeShow("a").find("10.10.0.2 dev vetha1 scope link") != std::string::npos);
        QVERIFY(k.routeShow("a").find("10.10.1.0/24 via 172.16.91.202 dev ens33") != std::string::npos);
        for (const char *from : {"netns01", "netns03", "a", "b"})
            for (const char *to : {"10.10.0.2", "10.10.1.2", "172.16.91.201", "172.16.91.202"})
                QVERIFY2(sim::ping(k, from, *net::Ipv4::parse(to)).exitCode == 0, qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(from), QLatin1String(to))));
        // The preview lists before/after lines.
        const QString preview = GeneratorDialog::previewText(before, *hg);
        QVERIFY(preview.contains(QLatin1String("+ 172.16.91.201 dev veth1a scope link")));
        // Calico: the pod's table is just the two routes; host side proxy ARP.
        auto ca = GeneratorDialog::generate(before, GeneratorDialog::Kind::Calico, &error, &notes);
        QVERIFY2(ca, error.c_str());
        k = model::plan::emulate(*ca);
        QCOMPARE(k.routeShow("netns01"), std::string("default via 169.254.1.1 dev veth1a \n169.254.1.1 dev veth1a scope link \n"));
        QCOMPARE(k.ns("a")->devices[2].conf.get(kernel::DevOpt::ProxyArp), 1);
        for (const char *from : {"netns01", "netns03"})
            for (const char *to : {"10.10.0.2", "10.10.1.2", "172.16.91.201", "172.16.91.202"})
                QVERIFY2(sim::ping(k, from, *net::Ipv4::parse(to)).exitCode == 0, qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(from), QLatin1String(to))));
        // Bridge: a gateway address on a bridge on each host.
        auto br = GeneratorDialog::generate(before, GeneratorDialog::Kind::Bridge, &error, &notes);
        QVERIFY2(br, error.c_str());
        k = model::plan::emulate(*br);
        QCOMPARE(k.routeShow("netns01"), std::string("default via 10.10.0.1 dev veth1a \n"
                                                     "10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2 \n"));
        QVERIFY(k.routeShow("a").find("10.10.0.0/24 dev br0 proto kernel scope link src 10.10.0.1") != std::string::npos);
        QCOMPARE(sim::ping(k, "netns01", *net::Ipv4::parse("10.10.1.2")).exitCode, 0);
        // Applied as one undo step; undo gives the drawing back exactly.
        GeneratorDialog dialog(&f.w);
        dialog.setKind(GeneratorDialog::Kind::HostGateway);
        const int before0 = f.w.undoStack()->index();
        QVERIFY(dialog.applyGenerated());
        QCOMPARE(f.w.undoStack()->index(), before0 + 1);
        QCOMPARE(routesOf(f.w, "netns01"), model::plan::emulate(*hg).routeShow("netns01"));
        f.w.undoStack()->undo();
        QVERIFY(model::sameTopology(f.w.document()->topology(), before));
    }

    void exportsAreWritten()
    {
        Fixture f(source("resources/labs/calico-two-hosts.json"));
        QTemporaryDir dir;
        QString error;
        const QStringList files = Exporter::exportAll(&f.w, dir.path(), &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        for (const char *name : {"lab.sh", "lab-teardown.sh", "hosts/node1.sh", "hosts/node2.sh", "canvas.png"})
            QVERIFY2(QFile::exists(dir.filePath(QLatin1String(name))), name);
        QVERIFY(!QImage(dir.filePath(QStringLiteral("canvas.png"))).isNull());
        QFile lab(dir.filePath(QStringLiteral("lab.sh")));
        QVERIFY(lab.open(QIODevice::ReadOnly));
        const QByteArray script = lab.readAll();
        QVERIFY(script.startsWith("#!/bin/sh\n"));
        QVERIFY(QFileInfo(lab.fileName()).isExecutable());
        // The script rebuilds the very same route tables.
        const auto imported = model::plan::importScript(script.toStdString());
        const auto k = model::plan::emulate(f.w.document()->topology());
        for (const char *ns : {"pod1", "node1", "node2", "gw"})
            QCOMPARE(imported.kernel.routeShow(ns), k.routeShow(ns));
        QFile teardown(dir.filePath(QStringLiteral("lab-teardown.sh")));
        QVERIFY(teardown.open(QIODevice::ReadOnly));
        QCOMPARE(teardown.readAll().count("ip netns del "), qsizetype(f.w.document()->topology().nodes.size()));
    }

    void latencyOnAHundredNamespaces()
    {
        // Issue 5: routes and matrix updated in < 50 ms after an edit on a 100-namespace lab.
        // Measured from the edit to the panels showing the new state (debounce included); the
        // assertion leaves room for a loaded CI machine, the figure is printed.
        model::routing::CalicoOptions o;
        o.hosts = 9;
        o.podsPerHost = 10;
        Fixture f;
        f.w.document()->setTopology(*model::routing::generateCalico(o));
        f.settle();
        QCOMPARE(f.p->matrixModel()->rowCount(), 101);
        const model::Node *host = f.w.document()->topology().nodeByName("host1") ? f.w.document()->topology().nodeByName("host1") : nullptr;
        if (!host)
            for (const auto &n : f.w.document()->topology().nodes)
                if (n.kind == model::NodeKind::Host && !host)
                    host = &n;
        QVERIFY(host);
        std::string cali;
        for (const auto &i : host->interfaces)
            if (i.name.rfind("cali", 0) == 0 && cali.empty())
                cali = i.name;
        const model::NodeId hostId = host->id;
        std::vector<double> ms;
        for (int i = 0; i < 10; ++i) {
            QElapsedTimer t;
            t.start();
            QVERIFY(f.push(model::Edit(model::edit::SetInterfaceSysctl{hostId, cali, "proxy_arp", i % 2})));
            QSignalSpy spy(f.p, &InsightPanels::analysisShown);
            QVERIFY(spy.wait(5000));
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        qInfo("edit -> panels updated on 101 namespaces: median %.1f ms, max %.1f ms", ms[ms.size() / 2], ms.back());
        QVERIFY(ms[ms.size() / 2] < 250);
    }

    // Not a check: the README's screenshots (NSLAB_SCREENSHOTS=DIR).
    void screenshots()
    {
        const QString out = qEnvironmentVariable("NSLAB_SCREENSHOTS");
        if (out.isEmpty())
            QSKIP("set NSLAB_SCREENSHOTS=DIR to write the screenshots");
        QDir().mkpath(out);
        {
            Fixture f;
            f.w.resize(1600, 1000);
            f.w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&f.w));
            QString error;
            QVERIFY(f.p->lessons()->start(QStringLiteral(":/lessons/01-seed.lesson.json"), &error));
            QVERIFY(f.p->lessons()->goTo(1));
            f.p->traceWidget()->pause();
            f.p->traceWidget()->setCurrentStep(f.p->overlay()->failureStep());
            f.w.fitView();
            QTest::qWait(300);
            QVERIFY(f.w.grab().save(out + QStringLiteral("/lesson-failure.png")));
            QVERIFY(f.p->lessons()->goTo(3)); // the obvious fix: File exists
            f.p->traceWidget()->pause();
            f.p->traceWidget()->setCurrentStep(f.p->overlay()->failureStep());
            QTest::qWait(300);
            QVERIFY(f.w.grab().save(out + QStringLiteral("/lesson-file-exists.png")));
        }
        {
            Fixture f;
            f.w.resize(1600, 1000);
            f.w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&f.w));
            QString error;
            QVERIFY(f.p->lessons()->start(QStringLiteral(":/lessons/02-calico.lesson.json"), &error));
            QVERIFY(f.p->lessons()->goTo(1));
            f.p->traceWidget()->pause();
            f.p->traceWidget()->setCurrentStep(f.p->overlay()->failureStep());
            f.w.fitView();
            QTest::qWait(300);
            QVERIFY(f.w.grab().save(out + QStringLiteral("/calico-matrix.png")));
            // The Calico model broken four ways, one lesson step each (proxy ARP, forwarding,
            // the host route covering 169.254.1.1, a pod's /32).
            for (int step = 1; step <= 4; ++step) {
                QVERIFY(f.p->lessons()->goTo(step));
                f.p->traceWidget()->pause();
                f.p->traceWidget()->setCurrentStep(f.p->overlay()->failureStep());
                QTest::qWait(300);
                QVERIFY(f.w.grab().save(out + QStringLiteral("/calico-break-%1.png").arg(step)));
            }
        }
    }
};

QTEST_MAIN(TestInsight)
#include "tst_insight.moc"
