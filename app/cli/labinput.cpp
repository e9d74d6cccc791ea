// LAB arguments: a lab file is planned and emulated; a script is run through the emulator as-is
// (so `routes` shows what the script itself leaves behind, failed commands included).
#include "labinput.h"

#include "io/labfile.h"
#include "plan/import.h"
#include "plan/plan.h"

#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace nslab::cli {

namespace {
void printErr(const std::string &line) { std::fprintf(stderr, "nslab-cli: %s\n", line.c_str()); }
} // namespace

std::optional<LabInput> loadLabInput(const QString &path, const std::string &hostName)
{
    const std::string p = path.toStdString();
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        printErr(p + ": cannot read the lab: " + (QFileInfo::exists(path) ? file.errorString().toStdString()
                                                                            : std::string("no such file")));
        return std::nullopt;
    }
    const QByteArray data = file.readAll();
    const bool json = QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0
                      || data.trimmed().startsWith('{');
    if (json) {
        model::io::LoadResult r = model::io::parseLabJson(data);
        for (const auto &e : r.errors)
            printErr(p + ": " + e.toString());
        if (!r.ok())
            return std::nullopt;
        for (const auto &w : r.warnings)
            printErr(p + ": warning: " + w.toString());
        std::vector<std::string> failures;
        kernel::Kernel k = model::plan::emulate(*r.topology, &failures);
        LabInput in{std::move(*r.topology), std::move(k)};
        for (const auto &f : failures)
            printErr(p + ": warning: the kernel refuses: " + f);
        return in;
    }
    model::plan::ImportResult r = model::plan::importScript(std::string_view(data.constData(), std::size_t(data.size())), hostName);
    for (const auto &c : r.commands)
        if (c.unsupported) {
            std::string msg = c.result.err;
            while (!msg.empty() && msg.back() == '\n')
                msg.pop_back();
            printErr(p + ":" + std::to_string(c.line) + ": skipped: " + msg);
        }
    return LabInput{std::move(r.topology), std::move(r.kernel)};
}

} // namespace nslab::cli
