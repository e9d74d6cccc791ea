// loadLab: what the user names, a lab file or an ip script. Kept apart from labfile.cpp so that
// code which only reads and writes lab files does not pull in the parser and the emulator.
#include "io/labfile.h"

#include "plan/import.h"

#include <QFile>
#include <QFileInfo>

namespace nslab::model::io {

LoadResult loadLab(const QString &path, const std::string &hostName)
{
    LoadResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.errors.push_back({path.toStdString(), "cannot read: " + file.errorString().toStdString()});
        return result;
    }
    const QByteArray data = file.readAll();
    const QByteArray trimmed = data.trimmed();
    const bool json = QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0
                      || trimmed.startsWith('{');
    if (json) {
        result = parseLabJson(data);
        return result;
    }
    plan::ImportResult imported = plan::importScript(std::string_view(data.constData(), std::size_t(data.size())), hostName);
    for (const auto &c : imported.commands) {
        const std::string where = "line " + std::to_string(c.line);
        if (c.unsupported) {
            result.warnings.push_back({where, "skipped: " + c.result.err});
        } else if (!c.result.ok()) {
            std::string err = c.result.err;
            while (!err.empty() && err.back() == '\n')
                err.pop_back();
            result.warnings.push_back({where, c.text + ": " + err});
        }
    }
    for (const auto &w : imported.warnings)
        result.warnings.push_back({"", w});
    result.topology = std::move(imported.topology);
    return result;
}

} // namespace nslab::model::io
