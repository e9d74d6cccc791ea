#include "lesson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace nslab::gui::insight {

std::optional<Lesson> loadLesson(const QString &path, QString *error)
{
    const auto fail = [&](const QString &what) -> std::optional<Lesson> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, what);
        return std::nullopt;
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(f.errorString());
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(QStringLiteral("offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    if (!doc.isObject())
        return fail(QStringLiteral("$: expected an object"));
    const QJsonObject o = doc.object();
    Lesson l;
    l.path = path;
    const auto str = [&](const QJsonObject &obj, const char *key, const QString &where, bool required, QString &out) {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return true;
        if (!v.isString()) {
            if (error)
                *error = QStringLiteral("%1: %2.%3: expected a string").arg(path, where, QLatin1String(key));
            return false;
        }
        out = v.toString();
        return true;
    };
    QString lab;
    if (!str(o, "title", QStringLiteral("$"), true, l.title) || !str(o, "summary", QStringLiteral("$"), false, l.summary)
        || !str(o, "lab", QStringLiteral("$"), true, lab))
        return std::nullopt;
    l.lab = lab.startsWith(QLatin1Char(':')) || QFileInfo(lab).isAbsolute() ? lab : QFileInfo(path).dir().filePath(lab);
    const QJsonValue steps = o.value(QLatin1String("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty())
        return fail(QStringLiteral("$.steps: expected a non-empty array"));
    int i = 0;
    for (const QJsonValue &sv : steps.toArray()) {
        const QString where = QStringLiteral("$.steps[%1]").arg(i++);
        if (!sv.isObject())
            return fail(where + QStringLiteral(": expected an object"));
        const QJsonObject so = sv.toObject();
        LessonStep s;
        QString from;
        if (!str(so, "title", where, true, s.title) || !str(so, "text", where, true, s.text) || !str(so, "from", where, false, from)
            || !str(so, "select", where, false, s.select))
            return std::nullopt;
        if (!from.isEmpty() && from != u"previous" && from != u"start")
            return fail(where + QStringLiteral(".from: expected \"previous\" or \"start\""));
        s.fromStart = from == u"start";
        const QJsonValue cmds = so.value(QLatin1String("commands"));
        if (!cmds.isUndefined()) {
            if (!cmds.isArray())
                return fail(where + QStringLiteral(".commands: expected an array of strings"));
            int j = 0;
            for (const QJsonValue &c : cmds.toArray()) {
                if (!c.isString())
                    return fail(where + QStringLiteral(".commands[%1]: expected a string").arg(j));
                s.commands << c.toString();
                ++j;
            }
        }
        const QJsonValue tr = so.value(QLatin1String("trace"));
        if (!tr.isUndefined()) {
            if (!tr.isObject())
                return fail(where + QStringLiteral(".trace: expected {\"from\": NS, \"to\": ADDRESS}"));
            if (!str(tr.toObject(), "from", where + QStringLiteral(".trace"), true, s.traceFrom)
                || !str(tr.toObject(), "to", where + QStringLiteral(".trace"), true, s.traceTo))
                return std::nullopt;
        }
        l.steps.push_back(std::move(s));
    }
    return l;
}

QStringList lessonPaths()
{
    QStringList out;
    for (const QString &f : QDir(QStringLiteral(":/lessons")).entryList({QStringLiteral("*.lesson.json")}, QDir::Files, QDir::Name))
        out << QStringLiteral(":/lessons/") + f;
    for (const QString &dir : QStandardPaths::locateAll(QStandardPaths::GenericDataLocation, QStringLiteral("nslab/lessons"),
                                                        QStandardPaths::LocateDirectory))
        for (const QString &f : QDir(dir).entryList({QStringLiteral("*.lesson.json")}, QDir::Files, QDir::Name))
            if (!out.contains(QStringLiteral(":/lessons/") + f))
                out << QDir(dir).filePath(f);
    return out;
}

} // namespace nslab::gui::insight
