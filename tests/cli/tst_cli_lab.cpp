// nslab-cli import / routes / addrs / export / nodes: exact output formats (DESIGN.md "CLI
// contract"), errors and exit codes; and, when root, the exported script run on the real kernel
// gives the route tables that `nslab-cli routes` predicts.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

QString sourceDir() { return QStringLiteral(NSLAB_SOURCE_DIR); }
QString lab(const char *name) { return sourceDir() + QStringLiteral("/resources/labs/") + QLatin1String(name); }

struct Run {
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList &args)
{
    const QString bin = qEnvironmentVariable("NSLAB_BIN_DIR", QStringLiteral(NSLAB_BINARY_DIR "/bin")) + QStringLiteral("/nslab-cli");
    QProcess p;
    p.start(bin, args);
    if (!p.waitForFinished(60000))
        qFatal("nslab-cli %s did not finish", qPrintable(args.join(QLatin1Char(' '))));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

QString writeTemp(QTemporaryDir &dir, const char *name, const QByteArray &text)
{
    const QString path = dir.filePath(QLatin1String(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path;
}

} // namespace

class TestCliLab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const Run r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exit, 0);
        for (const char *c : {"import", "routes", "addrs", "export", "nodes"})
            QVERIFY2(r.out.contains(QByteArray(QByteArray("  ") + c + ' ')), c);
    }

    void report()
    {
        QTemporaryDir dir;
        const QString script = writeTemp(dir, "s.sh",
                                         "#!/bin/sh\n"
                                         "# a comment\n"
                                         "\n"
                                         "ip netns add x\n"
                                         "ip -n x link add v1 type dummy\n"
                                         "ip -n x link set v1 up\n"
                                         "ip -n x addr add 10.0.0.1/24 dev v1\n"
                                         "ip -n x route add 10.0.0.0/24 dev v1\n"
                                         "ip -n x link set v1 master nosuch\n"
                                         "frobnicate --all\n"
                                         "ip -n x route add 10.1.0.0/16 via 10.0.0.2\n");
        const Run r = cli({QStringLiteral("import"), script, QStringLiteral("--report")});
        QCOMPARE(r.exit, 0);
        const QList<QByteArray> lines = r.out.split('\n');
        QCOMPARE(lines.size(), 9); // 8 commands and the empty string after the final newline
        QCOMPARE(lines[0], QByteArray("1\t0\t"));
        QCOMPARE(lines[3], QByteArray("4\t0\t"));
        QCOMPARE(lines[4], QByteArray("5\t2\tRTNETLINK answers: File exists"));
        // iproute2 prints this error followed by an empty line: one inner newline, written \n.
        QCOMPARE(lines[5], QByteArray("6\t255\tError: argument \"nosuch\" is wrong: Device does not exist\\n"));
        QVERIFY2(lines[6].startsWith("7\t-\t"), lines[6].constData());
        QVERIFY(!lines[6].contains('\n'));
        QCOMPARE(lines[7], QByteArray("8\t0\t"));
        QCOMPARE(lines[8], QByteArray());
        // The skipped command is also reported on stderr with its line number.
        QVERIFY2(r.err.contains("s.sh:10: skipped:"), r.err.constData());
    }

    void importWritesLab()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("blog.json"));
        const Run r = cli({QStringLiteral("import"), lab("lesson-blog.sh"), QStringLiteral("-o"), out});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QVERIFY(json.startsWith("{\n  \"format\": \"nslab\",\n  \"version\": 1,"));
        QVERIFY(json.contains("\"deletedKernelRoutes\": [\"10.10.0.2/24\"]"));
        // Without -o the lab goes to stdout; --host names the root namespace.
        const QString rooted = writeTemp(dir, "r.sh", "ip netns add n1\nip link add v0 type veth peer name v1 netns n1\n");
        const Run s = cli({QStringLiteral("import"), rooted, QStringLiteral("--host"), QStringLiteral("A")});
        QCOMPARE(s.exit, 0);
        QVERIFY(s.out.contains("\"name\": \"A\""));
        QVERIFY(s.out.contains("\"host\": \"A\""));
    }

    void routes()
    {
        const QByteArray netns01 = "default via 172.16.91.201 dev veth1a \n"
                                   "10.10.0.0/24 via 172.16.91.201 dev veth1a \n"
                                   "172.16.91.0/24 via 172.16.91.201 dev veth1a \n"
                                   "172.16.91.201 dev veth1a scope link \n";
        for (const char *file : {"lesson-blog.json", "lesson-blog.sh"}) {
            const Run r = cli({QStringLiteral("routes"), lab(file), QStringLiteral("netns01")});
            QCOMPARE(r.exit, 0);
            QCOMPARE(r.out, netns01);
            QVERIFY2(r.err.isEmpty(), r.err.constData());
        }
        const Run local = cli({QStringLiteral("routes"), lab("lesson-blog.json"), QStringLiteral("netns01"),
                               QStringLiteral("--table"), QStringLiteral("local")});
        QCOMPARE(local.exit, 0);
        QCOMPARE(local.out, QByteArray("local 10.10.0.2 dev veth1a proto kernel scope host src 10.10.0.2 \n"
                                       "broadcast 10.10.0.255 dev veth1a proto kernel scope link src 10.10.0.2 \n"
                                       "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n"
                                       "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n"
                                       "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n"));
        // A namespace with nothing in it prints nothing at all.
        const Run empty = cli({QStringLiteral("routes"), lab("bridge-lan.json"), QStringLiteral("lan"), QStringLiteral("--table=main")});
        QCOMPARE(empty.exit, 0);
        QCOMPARE(empty.out, QByteArray("10.0.0.0/24 dev br0 proto kernel scope link src 10.0.0.254 \n"));
    }

    void addrs()
    {
        const Run r = cli({QStringLiteral("addrs"), lab("calico-two-hosts.json"), QStringLiteral("pod1")});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("    inet 10.244.1.2/32 scope global eth0\n"), r.out.constData());
        QVERIFY(r.out.contains("1: lo: <LOOPBACK,UP,LOWER_UP>"));
    }

    void nodes()
    {
        const Run r = cli({QStringLiteral("nodes"), lab("calico-two-hosts.json")});
        QCOMPARE(r.exit, 0);
        QCOMPARE(r.out, QByteArray("gw\nlan\nnode1\nnode2\npod1\npod2\npod3\npod4\n"));
        const Run s = cli({QStringLiteral("nodes"), lab("router-chain.sh")});
        QCOMPARE(s.out, QByteArray("h1\nh2\nr1\nr2\nr3\n"));
    }

    void errors()
    {
        const Run unknown = cli({QStringLiteral("routes"), lab("bridge-lan.json"), QStringLiteral("nope")});
        QCOMPARE(unknown.exit, 1);
        QVERIFY(unknown.out.isEmpty());
        QVERIFY2(unknown.err.contains("no node \"nope\"") && unknown.err.contains("h1, h2, h3, lan"), unknown.err.constData());

        QTemporaryDir dir;
        const QString bad = writeTemp(dir, "bad.json",
                                      R"({"format": "nslab", "version": 1, "nodes": [{"name": "a", "interfaces": [{"name": "way-too-long-name0"}]}]})");
        const Run b = cli({QStringLiteral("routes"), bad, QStringLiteral("a")});
        QCOMPARE(b.exit, 1);
        QVERIFY2(b.err.contains("bad.json: $.nodes[0].interfaces[0].name: interface name"), b.err.constData());

        const QString truncated = writeTemp(dir, "cut.json", "{\"format\": \"nslab\",\n \"version\": 1,\n \"nodes\": [");
        const Run t = cli({QStringLiteral("export"), truncated});
        QCOMPARE(t.exit, 1);
        QVERIFY2(t.err.contains("cut.json: line 3"), t.err.constData());

        const QString newer = writeTemp(dir, "new.json", R"({"format": "nslab", "version": 2, "nodes": []})");
        const Run n = cli({QStringLiteral("nodes"), newer});
        QCOMPARE(n.exit, 1);
        QVERIFY(n.err.contains("made by a newer nslab: version 2, this nslab reads up to 1"));

        const Run missing = cli({QStringLiteral("nodes"), dir.filePath(QStringLiteral("none.json"))});
        QCOMPARE(missing.exit, 1);
        QVERIFY(missing.err.contains("none.json"));

        QCOMPARE(cli({QStringLiteral("routes"), lab("bridge-lan.json")}).exit, 2);
        QCOMPARE(cli({QStringLiteral("routes"), lab("bridge-lan.json"), QStringLiteral("h1"), QStringLiteral("--bogus")}).exit, 2);
        QCOMPARE(cli({QStringLiteral("routes"), lab("bridge-lan.json"), QStringLiteral("h1"), QStringLiteral("--table"), QStringLiteral("weird")}).exit, 2);
    }

    void help()
    {
        for (const char *c : {"import", "routes", "addrs", "export", "nodes"}) {
            const Run r = cli({QLatin1String(c), QStringLiteral("--help")});
            QCOMPARE(r.exit, 0);
            QVERIFY2(r.out.startsWith(QByteArray(QByteArray("Usage: nslab-cli ") + c)), c);
        }
    }

    void exportScript()
    {
        const Run r = cli({QStringLiteral("export"), lab("lesson-blog.json")});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.startsWith("#!/bin/sh\n# nslab lab \""));
        QVERIFY(r.out.contains("\nset -e\nip netns add a\n"));
        QVERIFY(r.out.contains("\nip -n lan link add br0 type bridge\n"));
        QVERIFY(r.out.contains("\nip -n netns01 route del 10.10.0.0/24 dev veth1a\n"));
        QVERIFY(r.out.endsWith("\n"));
        // Every header line before `set -e` is a comment.
        for (const QByteArray &line : r.out.left(r.out.indexOf("\nset -e\n")).split('\n'))
            QVERIFY2(line.startsWith('#'), line.constData());

        // The script, imported again, is the same lab: identical route tables everywhere.
        QTemporaryDir dir;
        const QString script = writeTemp(dir, "blog.sh", r.out);
        const Run nodes = cli({QStringLiteral("nodes"), lab("lesson-blog.json")});
        for (const QByteArray &node : nodes.out.trimmed().split('\n'))
            for (const char *table : {"main", "local"}) {
                const QStringList tail{QString::fromUtf8(node), QStringLiteral("--table"), QLatin1String(table)};
                const Run a = cli(QStringList{QStringLiteral("routes"), lab("lesson-blog.json")} + tail);
                const Run b = cli(QStringList{QStringLiteral("routes"), script} + tail);
                QCOMPARE(b.out, a.out);
            }

        const Run prefixed = cli({QStringLiteral("export"), lab("bridge-lan.json"), QStringLiteral("--prefix"), QStringLiteral("t1-")});
        QCOMPARE(prefixed.exit, 0);
        QVERIFY(prefixed.out.contains("\nip netns add t1-h1\n"));
        QVERIFY(prefixed.out.contains("\nip -n t1-lan link add p1 type veth peer name eth0 netns t1-h1\n"));
        QVERIFY(!prefixed.out.contains(" -n lan "));

        const Run down = cli({QStringLiteral("export"), lab("bridge-lan.json"), QStringLiteral("--teardown"),
                              QStringLiteral("--prefix"), QStringLiteral("t1-")});
        QCOMPARE(down.exit, 0);
        QVERIFY(down.out.startsWith("#!/bin/sh\n"));
        QVERIFY(down.out.endsWith("ip netns del t1-h1\nip netns del t1-h2\nip netns del t1-h3\nip netns del t1-lan\n"));

        const QString file = dir.filePath(QStringLiteral("out.sh"));
        QCOMPARE(cli({QStringLiteral("export"), lab("bridge-lan.json"), QStringLiteral("-o"), file}).exit, 0);
        QVERIFY(QFileInfo(file).isExecutable());
    }

    void exportPerHost()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("hosts"));
        const Run r = cli({QStringLiteral("export"), lab("lesson-blog.json"), QStringLiteral("--per-host"), out});
        QCOMPARE(r.exit, 0);
        QCOMPARE(QDir(out).entryList(QDir::Files, QDir::Name),
                 (QStringList{QStringLiteral("a.sh"), QStringLiteral("b.sh"), QStringLiteral("gw.sh"), QStringLiteral("lan.sh")}));
        QFile f(out + QStringLiteral("/a.sh"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray a = f.readAll();
        QVERIFY(a.startsWith("#!/bin/sh\n"));
        QVERIFY(a.contains("\nset -e\n"));
        // The host's own commands are plain; its namespaces are addressed with -n.
        QVERIFY2(a.contains("\nip route add 10.10.0.2 dev vetha1\n"), a.constData());
        QVERIFY(a.contains("\nip addr add 172.16.91.201/24 dev ens33\n"));
        QVERIFY(a.contains("\nip netns add netns01\n"));
        QVERIFY(a.contains("\nip -n netns01 addr add 10.10.0.2/24 dev veth1a\n"));
        QVERIFY(!a.contains("ip netns add a\n"));
        QVERIFY(!a.contains("-n netns03"));
        QVERIFY(!a.contains("link add ens33"));
        QVERIFY(a.contains("ens33 (to lan)"));
    }

    // The planner's order on the real kernel: run the exported script in a private network
    // namespace (tests/diff/record.sh) and compare every table with `nslab-cli routes`.
    void realKernel_data()
    {
        QTest::addColumn<QString>("path");
        const QDir d(sourceDir() + QStringLiteral("/resources/labs"));
        for (const QString &name : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name)) << d.filePath(name);
        for (const char *s : {"kernel-route-after-user-route.sh", "lo-and-local-table.sh", "gateway-outlives-cover.sh"})
            QTest::newRow(s) << sourceDir() + QStringLiteral("/tests/plan/scripts/") + QLatin1String(s);
        // A sample of the differential scenarios, imported then exported (all of them pass; the
        // whole set takes minutes).
        const QDir scenarios(sourceDir() + QStringLiteral("/tests/diff/scenarios"));
        const QStringList all = scenarios.entryList({QStringLiteral("*.sh")}, QDir::Files, QDir::Name);
        for (qsizetype i = 0; i < all.size(); i += 8)
            QTest::newRow(qPrintable(all[i])) << scenarios.filePath(all[i]);
    }

    void realKernel()
    {
        QFETCH(QString, path);
        if (geteuid() != 0)
            QSKIP("needs root to create network namespaces");
        if (QStandardPaths::findExecutable(QStringLiteral("unshare")).isEmpty() || QStandardPaths::findExecutable(QStringLiteral("ip")).isEmpty())
            QSKIP("needs unshare and ip");
        QTemporaryDir dir;
        QString labPath = path;
        if (path.endsWith(QLatin1String(".sh"))) {
            labPath = dir.filePath(QStringLiteral("lab.json"));
            QCOMPARE(cli({QStringLiteral("import"), path, QStringLiteral("-o"), labPath}).exit, 0);
        }
        const QString script = dir.filePath(QStringLiteral("build.sh"));
        QCOMPARE(cli({QStringLiteral("export"), labPath, QStringLiteral("-o"), script}).exit, 0);

        QProcess rec;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NSLAB_DIFF_SETTLE"), QStringLiteral("1"));
        rec.setProcessEnvironment(env);
        rec.start(QStringLiteral("bash"), {sourceDir() + QStringLiteral("/tests/diff/record.sh"), script});
        QVERIFY(rec.waitForFinished(300000));
        if (rec.exitCode() == 77)
            QSKIP("cannot create network namespaces here");
        QCOMPARE(rec.exitCode(), 0);
        const QString record = QString::fromUtf8(rec.readAllStandardOutput());

        // Every command of the exported script succeeds on the real kernel.
        const int commandsStart = record.indexOf(QStringLiteral("[commands]\n"));
        QVERIFY(commandsStart >= 0);
        const int commandsEnd = record.indexOf(QStringLiteral("\n["), commandsStart + 1);
        for (const QString &line : record.mid(commandsStart + 11, commandsEnd - commandsStart - 11).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            QVERIFY2(line.section(QLatin1Char('\t'), 1, 1) == QLatin1String("0"), qPrintable(line));

        const QRegularExpression section(QStringLiteral("^\\[routes (\\S+) (main|local)\\]$"), QRegularExpression::MultilineOption);
        int checked = 0;
        for (auto it = section.globalMatch(record); it.hasNext();) {
            const auto m = it.next();
            const int start = m.capturedEnd() + 1;
            int end = record.indexOf(QStringLiteral("\n["), start - 1);
            if (end < 0)
                end = record.size();
            QString real = start <= end ? record.mid(start, end - start + 1) : QString();
            if (real == QLatin1String("\n"))
                real.clear();
            const Run predicted = cli({QStringLiteral("routes"), labPath, m.captured(1), QStringLiteral("--table"), m.captured(2)});
            QCOMPARE(predicted.exit, 0);
            if (QString::fromUtf8(predicted.out) != real)
                qWarning("%s %s\n--- kernel\n%s--- nslab\n%s", qPrintable(m.captured(1)), qPrintable(m.captured(2)),
                         qPrintable(real), predicted.out.constData());
            QCOMPARE(QString::fromUtf8(predicted.out), real);
            ++checked;
        }
        QVERIFY(checked >= 2);
    }
};

QTEST_GUILESS_MAIN(TestCliLab)
#include "tst_cli_lab.moc"
