#pragma once
// Runs a QtTest object inside a private mount + network namespace with a tmpfs on /run, so the
// namespaces, mounts and journals a test creates never reach the machine and vanish with it.
// As root the executable re-executes itself under `unshare --mount --net`; otherwise it runs
// as is and the tests that need root skip.
#include <QString>
#include <QStringList>

#include <string>

class QObject;

namespace nslab::test {

// True inside the sandbox (root, private namespaces, tmpfs on /run).
bool inSandbox();
int runSandboxed(QObject *test, int argc, char **argv);
// Names under /run/netns and nsfs mounts below it whose name starts with `prefix`.
QStringList namespacesWithPrefix(const QString &prefix);
QStringList netnsMountsWithPrefix(const QString &prefix);
// The journal and lock file of `prefix` when they are still there ("journal PATH", "lock PATH").
QStringList stateFilesWithPrefix(const std::string &prefix);
// Runs a program, returns stdout (stderr appended on failure to `error`).
QString run(const QString &program, const QStringList &args, int *exitCode = nullptr);

} // namespace nslab::test

#define NSLAB_SANDBOXED_TEST_MAIN(TestClass)                                                                           \
    int main(int argc, char **argv)                                                                                    \
    {                                                                                                                  \
        TestClass test;                                                                                                \
        return nslab::test::runSandboxed(&test, argc, argv);                                                           \
    }
