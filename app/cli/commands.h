#pragma once
// nslab-cli subcommands. Each command family lives in its own cmd_*.cpp and registers its
// commands with a static `Registration`, so adding a command never touches a shared table.
#include <QStringList>

#include <vector>

namespace nslab::cli {

using CommandFn = int (*)(const QStringList &args); // args after the command name → exit code

struct Command {
    const char *name;
    const char *synopsis; // one line for `nslab-cli --help`
    CommandFn run;
    int order;            // position in `--help`
};

std::vector<Command> &registry();

struct Registration {
    explicit Registration(Command c) { registry().push_back(c); }
};

} // namespace nslab::cli
