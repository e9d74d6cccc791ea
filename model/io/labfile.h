#pragma once
// The lab file: {"format": "nslab", "version": 1, ...} — human-diffable JSON in a stable order,
// strict validation (every error names its JSON path), refuses newer versions, atomic save.
#include "topology/topology.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace nslab::model::io {

constexpr int kLabFormatVersion = 1;

// One problem with an input, named by where it is: a JSON path ("$.nodes[2].interfaces[0].name")
// for lab files, a line number for scripts.
struct Diagnostic {
    std::string where;   // "$.nodes[2].name" or "line 14"
    std::string message; // "expected a string", "duplicate node name \"a\""
    std::string toString() const { return where.empty() ? message : where + ": " + message; }
};

struct LoadResult {
    std::optional<Topology> topology;   // set only when there are no errors
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;   // e.g. script lines that were skipped
    bool ok() const { return topology.has_value(); }
};

LoadResult parseLabJson(const QByteArray &json);
QByteArray serializeLab(const Topology &topology);

// Writes through a temporary file in the same folder and renames it over `path`, so the user's
// file is either the old one or the new one, never half-written.
bool saveLabAtomic(const Topology &topology, const QString &path, QString *error = nullptr);

// Opens what the user names: a lab file (.json, or text starting with '{') or an ip script
// (anything else, imported as `nslab-cli import` does with the given host name).
LoadResult loadLab(const QString &path, const std::string &hostName = "host");

} // namespace nslab::model::io
