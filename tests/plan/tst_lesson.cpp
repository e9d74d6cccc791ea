// The bundled lesson (resources/lessons/lesson-blog.json): its base lab plans cleanly, every
// step's commands give the exit codes and errors the lesson states, the last step is the bundled
// labs/lesson-blog.json, and the simulator predicts the ping results recorded on the real kernel.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#ifndef Q_MOC_RUN
#include "io/labfile.h"
#include "ops/parser.h"
#include "plan/plan.h"
#include "sim/sim.h"
#endif

using namespace nslab;
using namespace nslab::model;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

QString lessons() { return QStringLiteral(NSLAB_SOURCE_DIR "/resources/lessons/"); }

} // namespace

class TestLesson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepByStep()
    {
        const QJsonObject lesson = QJsonDocument::fromJson(readAll(lessons() + QStringLiteral("lesson-blog.json"))).object();
        QCOMPARE(lesson.value(QLatin1String("format")).toString(), QStringLiteral("nslab-lesson"));
        const auto base = io::parseLabJson(readAll(lessons() + lesson.value(QLatin1String("lab")).toString()));
        QVERIFY(base.ok());
        std::vector<std::string> failures;
        kernel::Kernel k = plan::emulate(*base.topology, &failures);
        QVERIFY(failures.empty());

        const QJsonArray steps = lesson.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), 8);
        int mismatches = 0;
        for (qsizetype s = 0; s < steps.size(); ++s) {
            const QJsonObject step = steps[s].toObject();
            QVERIFY(!step.value(QLatin1String("title")).toString().isEmpty());
            for (const QJsonValue &c : step.value(QLatin1String("commands")).toArray()) {
                const QString text = c.isString() ? c.toString() : c.toObject().value(QLatin1String("run")).toString();
                const int exit = c.isString() ? 0 : c.toObject().value(QLatin1String("exit")).toInt();
                const auto parsed = ops::parseCommand(text.toStdString());
                QVERIFY2(!parsed.unsupported && parsed.ops.size() == 1, qPrintable(text));
                const auto r = k.apply(parsed.ops.front());
                QVERIFY2(r.exitCode == exit, qPrintable(text + QStringLiteral(": ") + QString::fromStdString(r.err)));
                if (!c.isString())
                    QCOMPARE(QString::fromStdString(r.err), c.toObject().value(QLatin1String("stderr")).toString() + QLatin1Char('\n'));
            }
            for (const QJsonValue &e : step.value(QLatin1String("expect")).toArray()) {
                const QJsonObject o = e.toObject();
                const std::string from = o.value(QLatin1String("from")).toString().toStdString();
                const auto to = net::Ipv4::parse(o.value(QLatin1String("to")).toString().toStdString());
                QVERIFY(to && k.ns(from));
                const int predicted = sim::ping(k, from, *to).exitCode;
                if (predicted != o.value(QLatin1String("exit")).toInt()) {
                    qWarning("step %lld: %s -> %s: simulator says %d, the real kernel said %d", qlonglong(s), from.c_str(),
                             to->toString().c_str(), predicted, o.value(QLatin1String("exit")).toInt());
                    ++mismatches;
                }
            }
        }
        QCOMPARE(mismatches, 0);

        // The lesson ends where the bundled lab is.
        const auto final = io::parseLabJson(readAll(QStringLiteral(NSLAB_SOURCE_DIR "/resources/labs/lesson-blog.json")));
        QVERIFY(final.ok());
        const kernel::Kernel f = plan::emulate(*final.topology);
        for (const Node &n : final.topology->nodes)
            for (const std::uint32_t table : {ops::kTableMain, ops::kTableLocal})
                QCOMPARE(k.routeShow(n.name, table), f.routeShow(n.name, table));
    }
};

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
