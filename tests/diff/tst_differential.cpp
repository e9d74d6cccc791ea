// The differential suite: every scenario under tests/diff/scenarios is run FOR REAL (record.sh,
// inside a throw-away mount+network namespace) and through the emulator (nslab-cli import
// --report / routes / matrix); both sides are computed now and compared byte for byte. The
// kernel is the oracle; nothing is stored.
//
// Environment: NSLAB_BIN_DIR (where nslab-cli is; ctest sets it), NSLAB_DIFF_FILTER (regular
// expression on scenario file names), NSLAB_DIFF_JOBS (scenarios recorded at once, default 3),
// NSLAB_DIFF_REPEAT (record each scenario N times and fail on kernel flakiness, default 1).
// Every recording and emulation is also written to BUILD/tests/differential/ for humans.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <unistd.h>

namespace {

constexpr int kSkipExit = 77;              // record.sh: cannot create namespaces
constexpr int kScenarioTimeoutMs = 240000; // one scenario's real run, hard bound
constexpr int kCliTimeoutMs = 60000;

// One side's observations, in the shape record.sh prints.
struct Recording {
    QStringList commands;                 // INDEX<TAB>EXIT<TAB>STDERR
    QStringList namespaces;               // sorted (C locale)
    QMap<QString, QStringList> mainRoutes;
    QMap<QString, QStringList> localRoutes;
    QMap<QString, QString> matrix;        // "NODE<TAB>ADDR" → EXIT
    QStringList matrixOrder;              // keys in printed order
    QString error;                        // why this side could not be recorded
};

QStringList splitLines(const QByteArray &data)
{
    QString text = QString::fromUtf8(data);
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    if (text.isEmpty())
        return {};
    return text.split(QLatin1Char('\n'));
}

void addMatrixLine(Recording &rec, const QString &line, QStringList &problems)
{
    const QStringList f = line.split(QLatin1Char('\t'));
    if (f.size() != 3) {
        problems << QStringLiteral("malformed matrix line: \"%1\"").arg(line);
        return;
    }
    const QString key = f[0] + QLatin1Char('\t') + f[1];
    if (rec.matrix.contains(key))
        problems << QStringLiteral("matrix pair listed twice: %1 -> %2").arg(f[0], f[1]);
    rec.matrix.insert(key, f[2]);
    rec.matrixOrder << key;
}

// Parse record.sh's sectioned output.
Recording parseRecording(const QByteArray &out)
{
    Recording rec;
    QStringList problems;
    static const QRegularExpression routesHeader(QStringLiteral("^\\[routes (\\S+) (main|local)\\]$"));
    enum class Section { None, Commands, Routes, Matrix } section = Section::None;
    QStringList *routes = nullptr;
    for (const QString &line : splitLines(out)) {
        if (line == QLatin1String("[commands]")) {
            section = Section::Commands;
            continue;
        }
        if (line == QLatin1String("[matrix]")) {
            section = Section::Matrix;
            continue;
        }
        const auto m = routesHeader.match(line);
        if (m.hasMatch()) {
            section = Section::Routes;
            const QString ns = m.captured(1);
            if (m.captured(2) == QLatin1String("main")) {
                rec.namespaces << ns;
                routes = &rec.mainRoutes[ns];
            } else {
                routes = &rec.localRoutes[ns];
            }
            continue;
        }
        switch (section) {
        case Section::None: problems << QStringLiteral("text before [commands]: \"%1\"").arg(line); break;
        case Section::Commands: rec.commands << line; break;
        case Section::Routes: routes->append(line); break;
        case Section::Matrix: addMatrixLine(rec, line, problems); break;
        }
    }
    if (!problems.isEmpty())
        rec.error = QStringLiteral("unreadable recording: ") + problems.join(QStringLiteral("; "));
    return rec;
}

// The same shape as record.sh prints, for the files humans diff.
QByteArray renderRecording(const Recording &rec)
{
    QString s = QStringLiteral("[commands]\n");
    for (const QString &l : rec.commands)
        s += l + QLatin1Char('\n');
    for (const QString &ns : rec.namespaces) {
        s += QStringLiteral("[routes %1 main]\n").arg(ns);
        for (const QString &l : rec.mainRoutes.value(ns))
            s += l + QLatin1Char('\n');
        s += QStringLiteral("[routes %1 local]\n").arg(ns);
        for (const QString &l : rec.localRoutes.value(ns))
            s += l + QLatin1Char('\n');
    }
    s += QStringLiteral("[matrix]\n");
    for (const QString &k : rec.matrixOrder)
        s += k + QLatin1Char('\t') + rec.matrix.value(k) + QLatin1Char('\n');
    if (!rec.error.isEmpty())
        s += QStringLiteral("[error]\n") + rec.error + QLatin1Char('\n');
    return s.toUtf8();
}

// The command lines of a scenario as the report counts them (comments and blanks skipped).
QStringList commandLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList cmds;
    for (const QString &line : splitLines(f.readAll())) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith(QLatin1Char('#')))
            cmds << t;
    }
    return cmds;
}

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString failure; // could not run at all
};

CliResult runCli(const QString &cli, const QStringList &args)
{
    CliResult r;
    QProcess p;
    p.start(cli, args);
    if (!p.waitForStarted(10000)) {
        r.failure = QStringLiteral("cannot start %1: %2").arg(cli, p.errorString());
        return r;
    }
    if (!p.waitForFinished(kCliTimeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.failure = QStringLiteral("nslab-cli %1 did not finish in %2 s").arg(args.join(QLatin1Char(' '))).arg(kCliTimeoutMs / 1000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (p.exitStatus() != QProcess::NormalExit)
        r.failure = QStringLiteral("nslab-cli %1 crashed").arg(args.join(QLatin1Char(' ')));
    return r;
}

QString describeCliFailure(const QStringList &args, const CliResult &r)
{
    if (!r.failure.isEmpty())
        return r.failure;
    return QStringLiteral("`nslab-cli %1` exited %2: %3")
        .arg(args.join(QLatin1Char(' ')))
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.err).trimmed());
}

// Line-level difference of two route listings, kernel lines marked '-', emulator '+'.
QString routeDiff(const QStringList &kernel, const QStringList &emu)
{
    QString s;
    s += QStringLiteral("      kernel:\n");
    for (const QString &l : kernel)
        s += QStringLiteral("        |%1|\n").arg(l);
    if (kernel.isEmpty())
        s += QStringLiteral("        (empty)\n");
    s += QStringLiteral("      emulator:\n");
    for (const QString &l : emu)
        s += QStringLiteral("        |%1|\n").arg(l);
    if (emu.isEmpty())
        s += QStringLiteral("        (empty)\n");
    const QSet<QString> k(kernel.begin(), kernel.end());
    const QSet<QString> e(emu.begin(), emu.end());
    for (const QString &l : kernel)
        if (!e.contains(l))
            s += QStringLiteral("      - only kernel:   |%1|\n").arg(l);
    for (const QString &l : emu)
        if (!k.contains(l))
            s += QStringLiteral("      + only emulator: |%1|\n").arg(l);
    if (k == e)
        s += QStringLiteral("      (same lines, different order)\n");
    return s;
}

QString visible(const QString &s)
{
    QString v = s;
    v.replace(QLatin1Char('\t'), QStringLiteral("<TAB>"));
    return v;
}

} // namespace

class TestDifferential : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compare_data();
    void compare();

private:
    void recordAll();
    Recording emulate(const QString &scenario, const QStringList &namespaces) const;

    QString m_scenarioDir;
    QString m_recorder;
    QString m_cli;
    QString m_outDir;
    QStringList m_scenarios;                 // file names
    QMap<QString, QList<QByteArray>> m_runs; // scenario → recordings (one per repeat)
    QMap<QString, QString> m_runErrors;      // scenario → why the real side failed
    bool m_noNamespaces = false;
    QString m_skipReason;
};

void TestDifferential::initTestCase()
{
    m_scenarioDir = QStringLiteral(NSLAB_SOURCE_DIR "/tests/diff/scenarios");
    m_recorder = QStringLiteral(NSLAB_SOURCE_DIR "/tests/diff/record.sh");
    QString binDir = qEnvironmentVariable("NSLAB_BIN_DIR");
    if (binDir.isEmpty())
        binDir = QStringLiteral(NSLAB_BINARY_DIR "/bin");
    m_cli = QDir(binDir).filePath(QStringLiteral("nslab-cli"));
    m_outDir = QStringLiteral(NSLAB_BINARY_DIR "/tests/differential");

    QStringList all = QDir(m_scenarioDir).entryList({QStringLiteral("*.sh")}, QDir::Files, QDir::Name);
    QVERIFY2(all.size() >= 45, qPrintable(QStringLiteral("expected the scenario corpus in %1").arg(m_scenarioDir)));
    const QString filter = qEnvironmentVariable("NSLAB_DIFF_FILTER");
    if (!filter.isEmpty()) {
        const QRegularExpression re(filter);
        QVERIFY2(re.isValid(), qPrintable(QStringLiteral("NSLAB_DIFF_FILTER: ") + re.errorString()));
        for (const QString &s : all)
            if (re.match(s).hasMatch())
                m_scenarios << s;
        QVERIFY2(!m_scenarios.isEmpty(), qPrintable(QStringLiteral("NSLAB_DIFF_FILTER=%1 matches no scenario").arg(filter)));
    } else {
        m_scenarios = all;
    }

    if (geteuid() != 0) {
        m_skipReason = QStringLiteral("needs root for network namespaces");
        return;
    }
    QDir().mkpath(m_outDir);
    recordAll();
}

// Record every scenario against the real kernel, a few at a time. Each recorder runs in its
// own session so a timeout kills exactly its process group and nothing else.
void TestDifferential::recordAll()
{
    bool okJobs = false;
    int jobs = qEnvironmentVariableIntValue("NSLAB_DIFF_JOBS", &okJobs);
    if (!okJobs || jobs < 1)
        jobs = 3;
    jobs = std::min(jobs, 8);
    bool okRepeat = false;
    int repeat = qEnvironmentVariableIntValue("NSLAB_DIFF_REPEAT", &okRepeat);
    if (!okRepeat || repeat < 1)
        repeat = 1;
    repeat = std::min(repeat, 10);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    struct Job {
        QString scenario;
        int run = 0;
        QString outFile;
        std::unique_ptr<QProcess> proc;
        QElapsedTimer clock;
    };
    QList<std::pair<QString, int>> queue;
    for (int r = 0; r < repeat; ++r)
        for (const QString &s : std::as_const(m_scenarios))
            queue.append({s, r});
    std::vector<Job> running;
    QElapsedTimer total;
    total.start();

    while (!queue.isEmpty() || !running.empty()) {
        while (!queue.isEmpty() && int(running.size()) < jobs) {
            auto [scenario, run] = queue.takeFirst();
            Job job;
            job.scenario = scenario;
            job.run = run;
            job.outFile = tmp.filePath(QStringLiteral("%1.%2.out").arg(scenario).arg(run));
            job.proc = std::make_unique<QProcess>();
            job.proc->setStandardOutputFile(job.outFile);
            job.proc->setStandardErrorFile(job.outFile + QStringLiteral(".err"));
            job.proc->setChildProcessModifier([] { ::setsid(); });
            job.proc->start(QStringLiteral("/bin/bash"), {m_recorder, QDir(m_scenarioDir).filePath(scenario)});
            job.clock.start();
            running.push_back(std::move(job));
        }
        for (auto it = running.begin(); it != running.end();) {
            QProcess &p = *it->proc;
            bool done = p.state() == QProcess::NotRunning || p.waitForFinished(20);
            if (!done && it->clock.elapsed() > kScenarioTimeoutMs) {
                const qint64 pid = p.processId();
                if (pid > 0)
                    ::kill(-pid_t(pid), SIGKILL); // its own session, started above
                p.waitForFinished(5000);
                m_runErrors[it->scenario] = QStringLiteral("the real run did not finish within %1 s").arg(kScenarioTimeoutMs / 1000);
                done = true;
            }
            if (!done) {
                ++it;
                continue;
            }
            QFile out(it->outFile);
            QByteArray data = out.open(QIODevice::ReadOnly) ? out.readAll() : QByteArray();
            QFile errFile(it->outFile + QStringLiteral(".err"));
            const QByteArray err = errFile.open(QIODevice::ReadOnly) ? errFile.readAll() : QByteArray();
            const int code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
            if (p.error() == QProcess::FailedToStart)
                m_runErrors[it->scenario] = QStringLiteral("cannot start bash %1: %2").arg(m_recorder, p.errorString());
            else if (code == kSkipExit)
                m_noNamespaces = true;
            else if (code != 0 && !m_runErrors.contains(it->scenario))
                m_runErrors[it->scenario] = QStringLiteral("record.sh exited %1: %2").arg(code).arg(QString::fromUtf8(err).trimmed());
            m_runs[it->scenario].append(data);
            if (it->run == 0) {
                QFile keep(QDir(m_outDir).filePath(it->scenario + QStringLiteral(".kernel.txt")));
                if (keep.open(QIODevice::WriteOnly | QIODevice::Truncate))
                    keep.write(data);
            }
            it = running.erase(it);
        }
    }
    if (m_noNamespaces)
        m_skipReason = QStringLiteral("needs root for network namespaces (unshare --net failed)");
    qInfo("recorded %lld scenario run(s) against the real kernel in %.1f s (%d at a time)",
          qlonglong(m_scenarios.size()) * repeat, total.elapsed() / 1000.0, jobs);
}

Recording TestDifferential::emulate(const QString &scenario, const QStringList &namespaces) const
{
    Recording rec;
    QStringList problems;
    const QString path = QDir(m_scenarioDir).filePath(scenario);

    const QStringList importArgs{QStringLiteral("import"), path, QStringLiteral("--report")};
    const CliResult imp = runCli(m_cli, importArgs);
    if (!imp.failure.isEmpty() || imp.exitCode != 0)
        problems << describeCliFailure(importArgs, imp);
    else
        rec.commands = splitLines(imp.out);

    rec.namespaces = namespaces;
    for (const QString &ns : namespaces) {
        for (bool local : {false, true}) {
            QStringList args{QStringLiteral("routes"), path, ns};
            if (local)
                args << QStringLiteral("--table") << QStringLiteral("local");
            const CliResult r = runCli(m_cli, args);
            if (!r.failure.isEmpty() || r.exitCode != 0) {
                problems << describeCliFailure(args, r);
                continue;
            }
            (local ? rec.localRoutes : rec.mainRoutes).insert(ns, splitLines(r.out));
        }
    }

    const QStringList matrixArgs{QStringLiteral("matrix"), path};
    const CliResult mx = runCli(m_cli, matrixArgs);
    if (!mx.failure.isEmpty() || mx.exitCode != 0) {
        problems << describeCliFailure(matrixArgs, mx);
    } else {
        for (const QString &line : splitLines(mx.out))
            addMatrixLine(rec, line, problems);
    }
    rec.error = problems.join(QLatin1Char('\n'));
    return rec;
}

void TestDifferential::compare_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &s : std::as_const(m_scenarios))
        QTest::newRow(qPrintable(s)) << s;
}

void TestDifferential::compare()
{
    QFETCH(QString, scenario);
    if (!m_skipReason.isEmpty())
        QSKIP(qPrintable(m_skipReason));
    QVERIFY2(!m_runErrors.contains(scenario), qPrintable(scenario + QStringLiteral(": ") + m_runErrors.value(scenario)));
    const QList<QByteArray> runs = m_runs.value(scenario);
    QVERIFY2(!runs.isEmpty(), qPrintable(scenario + QStringLiteral(": no real recording")));

    // The kernel must agree with itself before it can judge the emulator.
    for (int i = 1; i < runs.size(); ++i) {
        if (runs[i] == runs[0])
            continue;
        const QStringList a = splitLines(runs[0]);
        const QStringList b = splitLines(runs[i]);
        QString msg = QStringLiteral("%1: the kernel is not deterministic (run 1 vs run %2):\n").arg(scenario).arg(i + 1);
        for (int l = 0; l < std::max(a.size(), b.size()); ++l)
            if (a.value(l) != b.value(l))
                msg += QStringLiteral("  line %1: |%2| vs |%3|\n").arg(l + 1).arg(visible(a.value(l)), visible(b.value(l)));
        QFAIL(qPrintable(msg));
    }

    const Recording kernel = parseRecording(runs[0]);
    QVERIFY2(kernel.error.isEmpty(), qPrintable(scenario + QStringLiteral(": ") + kernel.error));
    const QStringList cmds = commandLines(QDir(m_scenarioDir).filePath(scenario));
    QCOMPARE(kernel.commands.size(), cmds.size()); // the recorder saw every command line

    QVERIFY2(QFileInfo(m_cli).isExecutable(),
             qPrintable(QStringLiteral("%1: emulator CLI not found at %2 (set NSLAB_BIN_DIR)").arg(scenario, m_cli)));
    const Recording emu = emulate(scenario, kernel.namespaces);
    QFile keep(QDir(m_outDir).filePath(scenario + QStringLiteral(".emulator.txt")));
    if (keep.open(QIODevice::WriteOnly | QIODevice::Truncate))
        keep.write(renderRecording(emu));

    QStringList mismatches;
    if (!emu.error.isEmpty())
        mismatches << QStringLiteral("  emulator could not answer:\n    ") + emu.error.split(QLatin1Char('\n')).join(QStringLiteral("\n    "));

    // 1. Per-command report lines.
    int badCommands = 0;
    const qsizetype n = std::max(kernel.commands.size(), emu.commands.size());
    if (emu.error.isEmpty() || !emu.commands.isEmpty()) {
        for (qsizetype i = 0; i < n; ++i) {
            const QString k = kernel.commands.value(i);
            const QString e = emu.commands.value(i);
            if (k == e)
                continue;
            if (++badCommands > 40)
                continue; // keep the message readable; the count is reported below
            mismatches << QStringLiteral("  command %1 `%2`:\n    kernel:   |%3|\n    emulator: |%4|")
                              .arg(i + 1)
                              .arg(cmds.value(i), visible(k), e.isNull() ? QStringLiteral("(missing line)") : visible(e));
        }
        if (badCommands > 40)
            mismatches << QStringLiteral("  ... %1 command lines differ in all").arg(badCommands);
    }

    // 2. Route tables, main and local, per namespace.
    for (const QString &ns : kernel.namespaces) {
        for (bool local : {false, true}) {
            const auto &kt = local ? kernel.localRoutes : kernel.mainRoutes;
            const auto &et = local ? emu.localRoutes : emu.mainRoutes;
            if (!et.contains(ns))
                continue; // already reported as a CLI failure
            if (kt.value(ns) != et.value(ns))
                mismatches << QStringLiteral("  routes of %1 (%2 table):\n%3")
                                  .arg(ns, local ? QStringLiteral("local") : QStringLiteral("main"),
                                       routeDiff(kt.value(ns), et.value(ns)).chopped(1));
        }
    }

    // 3. The ping matrix, pair by pair.
    if (!emu.matrix.isEmpty() || emu.error.isEmpty()) {
        int badPairs = 0;
        for (const QString &key : kernel.matrixOrder) {
            const QString e = emu.matrix.value(key);
            if (e == kernel.matrix.value(key))
                continue;
            ++badPairs;
            const QStringList nodeAddr = key.split(QLatin1Char('\t'));
            mismatches << QStringLiteral("  ping %1 -> %2: kernel exit %3, emulator %4")
                              .arg(nodeAddr[0], nodeAddr[1], kernel.matrix.value(key),
                                   e.isEmpty() ? QStringLiteral("(pair missing)") : QStringLiteral("exit ") + e);
        }
        for (const QString &key : emu.matrixOrder)
            if (!kernel.matrix.contains(key))
                mismatches << QStringLiteral("  ping %1: the emulator lists a pair the kernel does not have").arg(visible(key));
        if (badPairs > 0)
            mismatches << QStringLiteral("  %1 of %2 ping pairs differ").arg(badPairs).arg(kernel.matrixOrder.size());
        if (kernel.matrixOrder != emu.matrixOrder && emu.matrix.size() == kernel.matrix.size())
            mismatches << QStringLiteral("  matrix lines are printed in a different order than the kernel's sort");
    }

    if (!mismatches.isEmpty()) {
        const QString msg = QStringLiteral("%1: emulator differs from the kernel (files: %2/%1.{kernel,emulator}.txt)\n%3")
                                .arg(scenario, m_outDir, mismatches.join(QLatin1Char('\n')));
        QFile diff(QDir(m_outDir).filePath(scenario + QStringLiteral(".diff.txt")));
        if (diff.open(QIODevice::WriteOnly | QIODevice::Truncate))
            diff.write(msg.toUtf8());
        QFAIL(qPrintable(msg));
    }
    QFile::remove(QDir(m_outDir).filePath(scenario + QStringLiteral(".diff.txt")));
}

QTEST_GUILESS_MAIN(TestDifferential)
#include "tst_differential.moc"
