#pragma once
// What nslab-cli and the designer both need around apply/destroy/status/probe: the helper's
// requests and its answers turned back into the applier's reports (so both front ends read the
// helper exactly as they read the in-process path), the probe's targets and its warnings.
#include "applier.h"
#include "kernel/kernel.h"
#include "probe.h"

#include <QJsonObject>

#include <string>
#include <vector>

namespace nslab::nl {

QJsonObject applyRequest(const std::string &prefix, const std::string &lab, const std::vector<model::ops::Op> &ops);
QJsonObject destroyRequest(const std::string &prefix);
QJsonObject statusRequest();
QJsonObject probeRequest(const std::string &prefix, const std::vector<std::string> &nodes,
                         const std::vector<net::Ipv4> &addresses);

// A helper "result" as the report the in-process path returns. A failed result keeps the
// helper's "code: message" in `error` (ApplyReport/ProbeReport) or `problems` (DestroyReport).
ApplyReport applyReportFromResult(const QJsonObject &result);
DestroyReport destroyReportFromResult(const QJsonObject &result);
std::vector<LabStatus> labStatusFromResult(const QJsonObject &result);
ProbeReport probeReportFromResult(const QJsonObject &result);

// The pairs the matrix lists: every namespace (C-locale order) × every non-loopback address
// (numeric order, once).
void probeTargets(const kernel::Kernel &kernel, std::vector<std::string> *nodes, std::vector<net::Ipv4> *addresses);

// One line per device whose proxy ARP answers after a random delay: there the prediction of the
// first ping cannot be exact.
std::vector<std::string> proxyDelayWarnings(const kernel::Kernel &kernel);

} // namespace nslab::nl
