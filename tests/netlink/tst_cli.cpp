// nslab-cli apply / status / probe / destroy on the bundled Calico lab, in-process (root) and
// through nslab-helper, inside the sandbox: probe prints exactly what `matrix` predicts.
#include "sandbox.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

class TstCli : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    static QString bin(const char *name)
    {
        QString dir = qEnvironmentVariable("NSLAB_BIN_DIR");
        if (dir.isEmpty())
            dir = QStringLiteral(NSLAB_BINARY_DIR "/bin");
        return dir + QLatin1Char('/') + QLatin1String(name);
    }

    static Run cli(const QStringList &args, bool helper)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (helper) {
            env.insert(QStringLiteral("NSLAB_USE_HELPER"), QStringLiteral("1"));
            env.insert(QStringLiteral("NSLAB_HELPER"), bin("nslab-helper"));
        }
        p.setProcessEnvironment(env);
        p.start(bin("nslab-cli"), args);
        p.waitForFinished(120000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void applyProbeDestroy_data()
    {
        QTest::addColumn<bool>("helper");
        QTest::newRow("in-process") << false;
        QTest::newRow("through nslab-helper") << true;
    }
    void applyProbeDestroy()
    {
        QFETCH(bool, helper);
        if (!nslab::test::inSandbox())
            QSKIP("needs root (runs in a private mount+network namespace)");
        const QString lab = QStringLiteral(NSLAB_SOURCE_DIR "/resources/labs/calico-two-hosts.json");
        if (!QFile::exists(lab))
            QSKIP("resources/labs/calico-two-hosts.json is not there");
        Run r = cli({QStringLiteral("apply"), lab, QStringLiteral("--prefix"), QStringLiteral("cli-")}, helper);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("applied ")));
        QVERIFY(!nslab::test::namespacesWithPrefix(QStringLiteral("cli-")).isEmpty());

        r = cli({QStringLiteral("status")}, helper);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("cli-\tapplied\t")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\tmatches\t")), qPrintable(r.out));

        // Applying twice is refused and changes nothing.
        r = cli({QStringLiteral("apply"), lab, QStringLiteral("--prefix"), QStringLiteral("cli-")}, helper);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("already applied")), qPrintable(r.err));

        const Run predicted = cli({QStringLiteral("matrix"), lab}, false);
        QCOMPARE(predicted.code, 0);
        r = cli({QStringLiteral("probe"), lab, QStringLiteral("--prefix"), QStringLiteral("cli-")}, helper);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, predicted.out);

        r = cli({QStringLiteral("destroy"), QStringLiteral("--prefix"), QStringLiteral("cli-")}, helper);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("destroyed prefix cli-: removed ")));
        QCOMPARE(nslab::test::namespacesWithPrefix(QStringLiteral("cli-")), QStringList());
        QCOMPARE(nslab::test::netnsMountsWithPrefix(QStringLiteral("cli-")), QStringList());
        r = cli({QStringLiteral("destroy"), QStringLiteral("--prefix"), QStringLiteral("cli-")}, helper);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("nothing applied with prefix cli-\n"));
        r = cli({QStringLiteral("status")}, helper);
        QCOMPARE(r.out, QString());
    }

    void badPrefixIsRefused()
    {
        const Run r = cli({QStringLiteral("destroy"), QStringLiteral("--prefix"), QStringLiteral("../etc")}, false);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("prefix")), qPrintable(r.err));
    }
};

NSLAB_SANDBOXED_TEST_MAIN(TstCli)
#include "tst_cli.moc"
