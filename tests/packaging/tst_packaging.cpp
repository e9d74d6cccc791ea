// What nslab ships is valid and installable: desktop entry, AppStream metainfo, polkit policy,
// and a .deb that installs into a throwaway root where its CLI runs on a bundled example.
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QString sourceDir = QStringLiteral(NSLAB_SOURCE_DIR);
const QString binaryDir = QStringLiteral(NSLAB_BINARY_DIR);
const QString appId = QStringLiteral(NSLAB_APP_ID);

QString requireTool(const char *name)
{
    const QString path = QStandardPaths::findExecutable(QString::fromLatin1(name));
    if (path.isEmpty())
        qFatal("%s is not installed: ./dev.sh installs it", name);
    return path;
}

} // namespace

class TestPackaging : public QObject {
    Q_OBJECT
private slots:
    void desktopEntryIsValid()
    {
        const Run r = run(requireTool("desktop-file-validate"),
                          {sourceDir + QStringLiteral("/packaging/") + appId + QStringLiteral(".desktop")});
        QVERIFY2(r.exitCode == 0 && r.out.trimmed().isEmpty(), qPrintable(r.out + r.err));
    }

    void metainfoIsValid()
    {
        const QString file = binaryDir + QStringLiteral("/packaging/") + appId + QStringLiteral(".metainfo.xml");
        QVERIFY2(QFile::exists(file), qPrintable(file));
        const Run r = run(requireTool("appstreamcli"), {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                         QStringLiteral("--pedantic"), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }

    void polkitPolicyMatchesTheDtd()
    {
        QStringList policies;
        QDirIterator it(binaryDir + QStringLiteral("/packaging"), {QStringLiteral("*.policy")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            policies << it.next();
        QVERIFY2(!policies.isEmpty(), "the build generates no polkit policy");
        for (const QString &policy : policies) {
            const Run r = run(requireTool("xmllint"), {QStringLiteral("--noout"), QStringLiteral("--dtdvalid"),
                                                       QStringLiteral("/usr/share/polkit-1/policyconfig-1.dtd"), policy});
            QVERIFY2(r.exitCode == 0, qPrintable(policy + QLatin1Char('\n') + r.err));
            QFile f(policy);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray text = f.readAll();
            // The helper path is pinned, and the GUI never gets allow_gui.
            QVERIFY2(text.contains("org.freedesktop.policykit.exec.path"), qPrintable(policy));
            QVERIFY2(text.contains("/nslab/nslab-helper"), qPrintable(policy));
            QVERIFY2(!text.contains("org.freedesktop.policykit.exec.allow_gui"), qPrintable(policy));
        }
    }

    void debInstallsAndRuns()
    {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const Run pack = run(requireTool("cpack"), {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                                                    binaryDir + QStringLiteral("/CPackConfig.cmake"), QStringLiteral("-B"),
                                                    work.path()},
                             600000);
        QVERIFY2(pack.exitCode == 0, qPrintable(pack.out + pack.err));
        const QStringList debs = QDir(work.path()).entryList({QStringLiteral("*.deb")}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        const QString deb = work.filePath(debs.first());

        const Run fields = run(requireTool("dpkg-deb"), {QStringLiteral("-f"), deb, QStringLiteral("Depends"),
                                                         QStringLiteral("Recommends")});
        QVERIFY2(fields.exitCode == 0, qPrintable(fields.err));
        QVERIFY2(fields.out.contains(QStringLiteral("pkexec")), qPrintable(fields.out));
        QVERIFY2(fields.out.contains(QStringLiteral("libqt6core6")), qPrintable(fields.out)); // SHLIBDEPS ran
        QVERIFY2(fields.out.contains(QStringLiteral("libnl-route-3")), qPrintable(fields.out));
        QVERIFY2(fields.out.contains(QStringLiteral("iproute2")), qPrintable(fields.out));

        const QString root = work.filePath(QStringLiteral("root"));
        const Run extract = run(requireTool("dpkg-deb"), {QStringLiteral("-x"), deb, root});
        QVERIFY2(extract.exitCode == 0, qPrintable(extract.err));

        const QStringList expected = {
            QStringLiteral("usr/bin/nslab"),
            QStringLiteral("usr/bin/nslab-cli"),
            QStringLiteral("usr/libexec/nslab/nslab-helper"),
            QStringLiteral("usr/share/applications/") + appId + QStringLiteral(".desktop"),
            QStringLiteral("usr/share/metainfo/") + appId + QStringLiteral(".metainfo.xml"),
            QStringLiteral("usr/share/icons/hicolor/scalable/apps/nslab.svg"),
            QStringLiteral("usr/share/icons/hicolor/48x48/apps/nslab.png"),
            QStringLiteral("usr/share/icons/hicolor/256x256/apps/nslab.png"),
            QStringLiteral("usr/share/man/man1/nslab.1.gz"),
            QStringLiteral("usr/share/man/man1/nslab-cli.1.gz"),
            QStringLiteral("usr/share/bash-completion/completions/nslab-cli"),
            QStringLiteral("usr/share/nslab/labs/calico-two-hosts.json"),
        };
        for (const QString &path : expected)
            QVERIFY2(QFile::exists(root + QLatin1Char('/') + path), qPrintable(QStringLiteral("missing in the .deb: ") + path));
        QDir actions(root + QStringLiteral("/usr/share/polkit-1/actions"));
        QVERIFY2(!actions.entryList({QStringLiteral("*.policy")}).isEmpty(), "no polkit action in the .deb");

        const QString cli = root + QStringLiteral("/usr/bin/nslab-cli");
        const Run version = run(cli, {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith(QStringLiteral("nslab-cli ")), qPrintable(version.out));

        const Run matrix = run(cli, {QStringLiteral("matrix"),
                                     root + QStringLiteral("/usr/share/nslab/labs/calico-two-hosts.json")});
        QVERIFY2(matrix.exitCode == 0, qPrintable(matrix.err));
        const QStringList lines = matrix.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() > 10, qPrintable(matrix.out));
        for (const QString &line : lines)
            QCOMPARE(line.split(QLatin1Char('\t')).size(), 3);
        // The Calico example works: pods reach each other across hosts.
        QVERIFY2(matrix.out.contains(QStringLiteral("\t0\n")), qPrintable(matrix.out));
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
