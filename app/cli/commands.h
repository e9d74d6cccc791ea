#pragma once
// nslab-cli subcommands. Each takes the arguments after its name and returns the process exit code.
#include <QStringList>

namespace nslab::cli {

using CommandFn = int (*)(const QStringList &args);

struct Command {
    const char *name;
    const char *synopsis;   // one line for `nslab-cli --help`
    CommandFn run;
};

// Each command family lives in its own file and appends its commands here.
int cmdImport(const QStringList &args);
int cmdRoutes(const QStringList &args);
int cmdAddrs(const QStringList &args);
int cmdExport(const QStringList &args);

} // namespace nslab::cli
