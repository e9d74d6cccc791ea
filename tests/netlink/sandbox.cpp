#include "sandbox.h"

#include "journal.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nslab::test {

bool inSandbox()
{
    return ::geteuid() == 0 && qEnvironmentVariable("NSLAB_TEST_SANDBOX") == QLatin1String("1");
}

int runSandboxed(QObject *test, int argc, char **argv)
{
    if (::geteuid() == 0 && qEnvironmentVariable("NSLAB_TEST_SANDBOX").isEmpty()) {
        ::setenv("NSLAB_TEST_SANDBOX", "1", 1);
        std::vector<char *> args{const_cast<char *>("unshare"), const_cast<char *>("--mount"),
                                 const_cast<char *>("--net"), const_cast<char *>("--propagation"),
                                 const_cast<char *>("private"), const_cast<char *>("--")};
        char exe[4096];
        const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0)
            return 1;
        exe[n] = 0;
        args.push_back(exe);
        for (int i = 1; i < argc; ++i)
            args.push_back(argv[i]);
        args.push_back(nullptr);
        ::execvp("unshare", args.data());
        std::perror("exec unshare");
        return 1;
    }
    if (inSandbox()) {
        // A fresh /run: the machine's namespaces and journals are neither seen nor touched.
        if (::mount("nslab-test", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
            std::perror("mount tmpfs on /run");
            return 1;
        }
        ::mkdir("/run/netns", 0755);
        ::mkdir("/run/nslab", 0700);
    }
    // Quiet unless asked (SPDLOG_LEVEL=info shows every op).
    nslab::nl::initLogging({}, spdlog::level::warn);
    QCoreApplication app(argc, argv);
    return QTest::qExec(test, argc, argv);
}

QStringList stateFilesWithPrefix(const std::string &prefix)
{
    QStringList left;
    const QString journal = QString::fromStdString(nl::journalPath(prefix));
    if (QFile::exists(journal))
        left << QStringLiteral("journal ") + journal;
    const QString lockFile = QString::fromStdString(nl::journalDir() + '/' + prefix + ".lock");
    if (QFile::exists(lockFile))
        left << QStringLiteral("lock ") + lockFile;
    return left;
}

QStringList namespacesWithPrefix(const QString &prefix)
{
    return QDir(QStringLiteral("/run/netns")).entryList({prefix + QLatin1Char('*')}, QDir::Files | QDir::System | QDir::Hidden);
}

QStringList netnsMountsWithPrefix(const QString &prefix)
{
    QStringList found;
    QFile f(QStringLiteral("/proc/self/mountinfo"));
    if (!f.open(QIODevice::ReadOnly))
        return found;
    const QString needle = QStringLiteral(" /run/netns/") + prefix;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (QString::fromUtf8(line).contains(needle))
            found << QString::fromUtf8(line);
    return found;
}

QString run(const QString &program, const QStringList &args, int *exitCode)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace nslab::test
