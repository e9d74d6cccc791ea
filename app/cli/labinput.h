#pragma once
// How every nslab-cli command reads its LAB argument: a lab file (.json) or an ip script (taken
// as `import` takes it). Errors are printed to stderr naming where (JSON path or line).
#include "kernel/kernel.h"
#include "topology/topology.h"

#include <QString>

#include <optional>
#include <string>

namespace nslab::cli {

struct LabInput {
    model::Topology topology;
    kernel::Kernel kernel;   // the lab's emulated state: the script run as-is, or the planned lab
};

// nullopt after printing the reason to stderr.
std::optional<LabInput> loadLabInput(const QString &path, const std::string &hostName = "host");

} // namespace nslab::cli
