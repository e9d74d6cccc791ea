// nslab-cli: the command-line face of nslab (contract in DESIGN.md "CLI contract").
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace nslab::cli;

namespace nslab::cli {
std::vector<Command> &registry()
{
    static std::vector<Command> commands;
    return commands;
}
} // namespace nslab::cli

namespace {

void printUsage(FILE *to)
{
    QString text = QStringLiteral("Usage: nslab-cli COMMAND [ARGS...]\n\n"
                                  "Design, simulate and apply Linux network-namespace labs.\n"
                                  "LAB is a lab file (.json) or an ip script.\n\nCommands:\n");
    for (const auto &c : registry())
        text += QStringLiteral("  ") + QString::fromUtf8(c.synopsis) + QLatin1Char('\n');
    text += QStringLiteral("\nRun 'nslab-cli COMMAND --help' for a command's options.\n"
                           "Options: --help, --version\n");
    std::fputs(text.toUtf8().constData(), to);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nslab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NSLAB_VERSION));

    std::sort(registry().begin(), registry().end(),
              [](const Command &a, const Command &b) { return a.order < b.order; });
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        printUsage(stderr);
        return 2;
    }
    const QString name = args.takeFirst();
    if (name == QLatin1String("--help") || name == QLatin1String("-h") || name == QLatin1String("help")) {
        printUsage(stdout);
        return 0;
    }
    if (name == QLatin1String("--version") || name == QLatin1String("-V")) {
        std::printf("nslab-cli %s\n", NSLAB_VERSION);
        return 0;
    }
    for (const auto &c : registry())
        if (name == QLatin1String(c.name))
            return c.run(args);
    std::fprintf(stderr, "nslab-cli: unknown command '%s' (see nslab-cli --help)\n", name.toUtf8().constData());
    return 2;
}
