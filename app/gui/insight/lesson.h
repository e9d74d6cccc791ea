#pragma once
// A lesson: a lab to start from and steps, each with what to observe, the commands to run (as a
// student would type them) and, optionally, the ping to trace. JSON:
//   { "title": "...", "summary": "...", "lab": "seed-start.json" | ":/labs/x.json",
//     "steps": [ { "title": "...", "text": "...", "commands": ["ip -n a route add ..."],
//                  "from": "previous" | "start", "select": "netns01",
//                  "trace": { "from": "netns01", "to": "172.16.91.2" } } ] }
// A step's state is the previous step's (or, with "from": "start", the lab's) plus its commands;
// a command the kernel refuses (RTNETLINK answers: File exists) changes nothing and its error is
// part of the step.
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace nslab::gui::insight {

// A ping result recorded on a real kernel ("expect": [{"from", "to", "exit"}]).
struct LessonExpect {
    QString from, to;
    int exitCode = 0;
};

struct LessonStep {
    QString title;
    QString text;
    QStringList commands;
    // Per command, what a real kernel answered (-1: not recorded); a command may be written as
    // {"run": "ip …", "exit": 2, "stderr": "RTNETLINK answers: File exists"}.
    QList<int> commandExit;
    QStringList commandStderr;
    std::vector<LessonExpect> expect;
    bool fromStart = false;
    QString select;
    QString traceFrom, traceTo;
};

struct Lesson {
    QString path;
    QString title;
    QString summary;
    QString lab;   // resolved path of the lab to open
    std::vector<LessonStep> steps;
};

// Parses a lesson file; on failure nullopt and `error` names the file and the JSON path.
std::optional<Lesson> loadLesson(const QString &path, QString *error);
// Bundled (":/lessons/*.json" with "format": "nslab-lesson") and installed (NSLAB_DATADIR/nslab/lessons) lessons.
QStringList lessonPaths();

} // namespace nslab::gui::insight
