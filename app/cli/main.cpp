// nslab-cli: the command-line face of nslab (contract in DESIGN.md "CLI contract").
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <iterator>

using namespace nslab::cli;

namespace {

// Keep in the order `--help` should list them.
const Command kCommands[] = {
    {"import", "import SCRIPT [-o LAB.json] [--report] [--host NAME]", cmdImport},
    {"routes", "routes LAB NODE [--table main|local]", cmdRoutes},
    {"addrs", "addrs LAB NODE", cmdAddrs},
    {"export", "export LAB [-o FILE] [--per-host DIR] [--teardown] [--prefix P]", cmdExport},
};

void printUsage(FILE *to)
{
    QString text = QStringLiteral("Usage: nslab-cli COMMAND [ARGS...]\n\n"
                                  "Design, simulate and apply Linux network-namespace labs.\n"
                                  "LAB is a lab file (.json) or an ip script.\n\nCommands:\n");
    for (const auto &c : kCommands)
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
    for (const auto &c : kCommands)
        if (name == QLatin1String(c.name))
            return c.run(args);
    std::fprintf(stderr, "nslab-cli: unknown command '%s' (see nslab-cli --help)\n", name.toUtf8().constData());
    return 2;
}
