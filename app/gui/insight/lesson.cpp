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
    if (o.contains(QLatin1String("format")) && o.value(QLatin1String("format")).toString() != u"nslab-lesson")
        return fail(QStringLiteral("$.format: \"%1\" is not a lesson (expected \"nslab-lesson\")").arg(o.value(QLatin1String("format")).toString()));
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
                const QString cw = where + QStringLiteral(".commands[%1]").arg(j++);
                if (c.isString()) {
                    s.commands << c.toString();
                    s.commandExit << -1;
                    s.commandStderr << QString();
                } else if (c.isObject() && c.toObject().value(QLatin1String("run")).isString()) {
                    const QJsonObject co = c.toObject();
                    s.commands << co.value(QLatin1String("run")).toString();
                    s.commandExit << co.value(QLatin1String("exit")).toInt(-1);
                    s.commandStderr << co.value(QLatin1String("stderr")).toString();
                } else {
                    return fail(cw + QStringLiteral(": expected a string or {\"run\": COMMAND, \"exit\": N, \"stderr\": TEXT}"));
                }
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
        const QJsonValue ex = so.value(QLatin1String("expect"));
        if (!ex.isUndefined()) {
            if (!ex.isArray())
                return fail(where + QStringLiteral(".expect: expected an array"));
            int j = 0;
            for (const QJsonValue &e : ex.toArray()) {
                const QJsonObject eo = e.toObject();
                if (!eo.value(QLatin1String("from")).isString() || !eo.value(QLatin1String("to")).isString()
                    || !eo.value(QLatin1String("exit")).isDouble())
                    return fail(where + QStringLiteral(".expect[%1]: expected {\"from\": NS, \"to\": ADDRESS, \"exit\": N}").arg(j));
                s.expect.push_back({eo.value(QLatin1String("from")).toString(), eo.value(QLatin1String("to")).toString(),
                                    eo.value(QLatin1String("exit")).toInt()});
                ++j;
            }
        }
        l.steps.push_back(std::move(s));
    }
    return l;
}

namespace {
bool isLessonFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("format")).toString() == u"nslab-lesson";
}
} // namespace

QStringList lessonPaths()
{
    QStringList out, names;
    QStringList dirs{QStringLiteral(":/lessons")};
    dirs += QStandardPaths::locateAll(QStandardPaths::GenericDataLocation, QStringLiteral("nslab/lessons"), QStandardPaths::LocateDirectory);
    for (const QString &dir : dirs)
        for (const QString &f : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            if (!names.contains(f) && isLessonFile(QDir(dir).filePath(f))) {
                names << f;
                out << QDir(dir).filePath(f);
            }
    return out;
}

} // namespace nslab::gui::insight
