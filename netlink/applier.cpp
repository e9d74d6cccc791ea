#include "applier.h"

#include "logging.h"
#include "opdescribe.h"
#include "validate.h"

#include <QDateTime>

#include <set>
#include <variant>

namespace nslab::nl {

using namespace model::ops;

std::string ApplyReport::toString() const
{
    if (ok)
        return "applied: " + std::to_string(namespaces) + " namespaces";
    std::string s;
    if (failedIndex)
        s = "op " + std::to_string(*failedIndex + 1) + " failed: " + failedOp + "\n" + error;
    else
        s = error;
    if (failedIndex)
        s += rollbackProblems.empty() ? "\nrolled back: nothing is left" : "\nrollback was incomplete:";
    for (const auto &p : rollbackProblems)
        s += "\n  " + p;
    return s;
}

namespace {

// Removes the journal's namespaces in reverse creation order; returns the problems.
std::vector<std::string> rollback(Executor &executor, Journal &journal)
{
    std::vector<std::string> problems;
    auto log = logger("nslab.apply");
    journal.state = Journal::State::RollingBack;
    std::string error;
    if (!saveJournal(journal, &error))
        problems.push_back(error);
    for (auto it = journal.namespaces.rbegin(); it != journal.namespaces.rend(); ++it) {
        const auto now = executor.namespaceIdentity(it->name);
        if (!now)
            continue;
        if (it->created && !(*now == it->identity)) {
            problems.push_back("namespace " + it->name + " is not the one nslab made; left alone");
            continue;
        }
        log->info("rollback: ip netns del {}", it->name);
        if (!executor.removeNamespace(it->name, &error))
            problems.push_back(error);
    }
    if (problems.empty() && !removeJournal(journal.prefix, &error))
        problems.push_back(error);
    return problems;
}

} // namespace

ApplyReport applyOps(Executor &executor, const std::vector<Op> &ops, const ApplyOptions &options)
{
    ApplyReport report;
    auto log = logger("nslab.apply");
    const std::vector<std::string> invalid = validateOps(ops, options.prefix);
    if (!invalid.empty()) {
        report.error = "refused before touching the kernel:";
        for (const auto &p : invalid)
            report.error += "\n  " + p;
        return report;
    }
    std::string error;
    PrefixLock lock(options.prefix);
    if (!lock.locked()) {
        report.error = lock.error();
        return report;
    }
    if (loadJournal(options.prefix, nullptr)) {
        report.error = "a lab is already applied with prefix \"" + options.prefix + "\" (" + journalPath(options.prefix)
            + "); destroy it first";
        return report;
    }
    // Ownership: every op must run in a namespace this plan creates, and none may exist yet.
    std::set<std::string, std::less<>> planned;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Op &op = ops[i];
        if (const auto *add = std::get_if<NetnsAdd>(&op)) {
            if (executor.namespaceIdentity(add->name) || !planned.insert(add->name).second) {
                report.error = "namespace " + add->name + " already exists; nslab only touches namespaces it creates";
                lock.removeFile();
                return report;
            }
            continue;
        }
        std::vector<std::string> named;
        if (const auto *del = std::get_if<NetnsDel>(&op))
            named.push_back(del->name);
        else if (isMutation(op))
            named.push_back(opNamespace(op));
        if (const auto *veth = std::get_if<LinkAddVeth>(&op)) {
            named.push_back(veth->netns);
            named.push_back(veth->peerNetns);
        } else if (const auto *set = std::get_if<LinkSet>(&op); set && set->netns) {
            named.push_back(*set->netns);
        }
        for (const auto &n : named)
            if (!n.empty() && !planned.count(n)) {
                report.error = "op " + std::to_string(i + 1) + " (" + describeOp(op) + ") uses namespace " + n
                    + ", which this lab does not create";
                lock.removeFile();
                return report;
            }
    }

    Journal journal;
    // Links are only needed by status once apply is done (destroy removes namespaces, which
    // takes their links along): kept here and written with the final journal.
    std::vector<JournalLink> links;
    journal.prefix = options.prefix;
    journal.lab = options.lab;
    journal.started = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    journal.total = ops.size();
    if (!saveJournal(journal, &error)) {
        report.error = error;
        lock.removeFile();
        return report;
    }
    log->info("apply {} ({} ops, prefix {})", options.lab, ops.size(), options.prefix);
    bool linksChanged = false;
    std::size_t unattempted = 0; // announced in the journal, not created yet (at its end)
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Op &op = ops[i];
        const auto *add = std::get_if<NetnsAdd>(&op);
        if (add && unattempted == 0) {
            // Written before the namespaces exist: a crash right after still leaves a record.
            // One write announces this namespace and every one planned right after it (apply
            // checked above that all those names are free), instead of one write each.
            std::size_t j = i;
            for (; j < ops.size() && std::holds_alternative<NetnsAdd>(ops[j]); ++j)
                journal.namespaces.push_back({std::get<NetnsAdd>(ops[j]).name, false, {}});
            unattempted = j - i;
            journal.done = i;
            if (!saveJournal(journal, &error)) {
                journal.namespaces.resize(journal.namespaces.size() - unattempted);
                unattempted = 0;
                if (options.progress)
                    options.progress(i + 1, ops.size(), describeOp(op));
                report.failedIndex = i;
                report.failedOp = describeOp(op);
                report.error = error;
                report.rollbackProblems = rollback(executor, journal);
                if (report.rollbackProblems.empty())
                    lock.removeFile();
                return report;
            }
            // The run is made in one go (possibly several at once); an injected failure inside
            // it ends the run there and is met by the op-by-op path below.
            const std::size_t end = options.failAt && *options.failAt >= i && *options.failAt < j ? *options.failAt : j;
            std::vector<NetnsAdd> run;
            for (std::size_t k = i; k < end; ++k)
                run.push_back(std::get<NetnsAdd>(ops[k]));
            const std::size_t first = journal.namespaces.size() - unattempted;
            const std::vector<ExecResult> results = run.empty() ? std::vector<ExecResult>{} : executor.createNamespaces(run);
            std::optional<std::size_t> failed;
            for (std::size_t k = 0; k < results.size(); ++k) {
                if (options.progress)
                    options.progress(i + k + 1, ops.size(), describeOp(ops[i + k]));
                if (log->should_log(spdlog::level::info))
                    log->info("op {}/{}: {}{}{}", i + k + 1, ops.size(), describeOp(ops[i + k]), results[k].ok ? "" : " -> ",
                              results[k].error);
                JournalNamespace &made = journal.namespaces[first + k];
                if (results[k].ok) {
                    made.created = true;
                    if (results[k].created)
                        made.identity = *results[k].created;
                } else if (!failed) {
                    failed = k;
                }
            }
            if (failed) {
                report.failedIndex = i + *failed;
                report.failedOp = describeOp(ops[i + *failed]);
                report.error = results[*failed].error;
                while (!report.error.empty() && report.error.back() == '\n')
                    report.error.pop_back();
                // A failed `netns add` leaves nothing behind, and namespaces never attempted are
                // not ours to remove: only what was made is rolled back.
                journal.namespaces.resize(first + results.size());
                std::erase_if(journal.namespaces, [](const JournalNamespace &n) { return !n.created; });
                report.rollbackProblems = rollback(executor, journal);
                if (report.rollbackProblems.empty())
                    lock.removeFile();
                return report;
            }
            unattempted -= results.size();
            if (end == j) {
                i = j - 1; // the loop goes on after the run
                continue;
            }
            // results.size() == end - i: the op at `end` meets its injected failure below.
            i = end;
        }
        const Op &current = ops[i];
        add = std::get_if<NetnsAdd>(&current);
        if (options.progress)
            options.progress(i + 1, ops.size(), describeOp(current));
        if (add)
            --unattempted;
        ExecResult r;
        if (options.failAt && *options.failAt == i)
            r = ExecResult::failure("injected failure (fault-injection test)");
        else
            r = executor.execute(current);
        if (log->should_log(spdlog::level::info))
            log->info("op {}/{}: {}{}{}", i + 1, ops.size(), describeOp(current), r.ok ? "" : " -> ", r.error);
        if (!r.ok) {
            report.failedIndex = i;
            report.failedOp = describeOp(current);
            report.error = r.error;
            while (!report.error.empty() && report.error.back() == '\n')
                report.error.pop_back();
            // Namespaces announced but never attempted are not ours to remove.
            journal.namespaces.resize(journal.namespaces.size() - unattempted);
            report.rollbackProblems = rollback(executor, journal);
            if (report.rollbackProblems.empty())
                lock.removeFile();
            return report;
        }
        if (add) {
            JournalNamespace &made = journal.namespaces[journal.namespaces.size() - 1 - unattempted];
            made.created = true;
            if (r.created)
                made.identity = *r.created;
        } else if (const auto *veth = std::get_if<LinkAddVeth>(&current)) {
            links.push_back({veth->netns.empty() ? veth->ns : veth->netns, veth->name});
            links.push_back({veth->peerNetns.empty() ? veth->ns : veth->peerNetns, veth->peer});
        } else if (const auto *br = std::get_if<LinkAddBridge>(&current)) {
            links.push_back({br->ns, br->name});
        } else if (const auto *dummy = std::get_if<LinkAddDummy>(&current)) {
            links.push_back({dummy->ns, dummy->name});
        } else if (const auto *del = std::get_if<NetnsDel>(&current)) {
            std::erase_if(journal.namespaces, [&](const JournalNamespace &n) { return n.name == del->name; });
            std::erase_if(links, [&](const JournalLink &l) { return l.ns == del->name; });
        } else if (std::holds_alternative<LinkDel>(current)
                   || (std::holds_alternative<LinkSet>(current) && (std::get<LinkSet>(current).newName || std::get<LinkSet>(current).netns))) {
            // Deleted (a veth takes its peer along), renamed or moved: checked against the kernel below.
            linksChanged = true;
        }
    }
    journal.state = Journal::State::Applied;
    journal.done = ops.size();
    // Links renamed, moved or deleted after creation are not tracked by name: keep only those
    // still there, so status compares against what apply really left.
    if (linksChanged)
        std::erase_if(links, [&](const JournalLink &l) { return !executor.linkExists(l.ns, l.name); });
    journal.links = std::move(links);
    if (!saveJournal(journal, &error)) {
        report.failedIndex = ops.size() - 1;
        report.failedOp = "(writing the journal)";
        report.error = error;
        report.rollbackProblems = rollback(executor, journal);
        if (report.rollbackProblems.empty())
            lock.removeFile();
        return report;
    }
    report.ok = true;
    report.namespaces = journal.namespaces.size();
    log->info("applied {} ({} namespaces)", options.lab, report.namespaces);
    return report;
}

DestroyReport destroyLab(Executor &executor, const std::string &prefix)
{
    DestroyReport report;
    auto log = logger("nslab.apply");
    std::string error;
    if (!validPrefix(prefix, &error)) {
        report.ok = false;
        report.problems.push_back(error);
        return report;
    }
    PrefixLock lock(prefix);
    if (!lock.locked()) {
        report.ok = false;
        report.problems.push_back(lock.error());
        return report;
    }
    auto journal = loadJournal(prefix, &error);
    if (!journal) {
        // Nothing recorded: nothing of nslab's to remove (destroy is idempotent). A journal
        // that cannot be read is a problem, though.
        if (error.find("no lab is applied") == std::string::npos) {
            report.ok = false;
            report.problems.push_back(error);
        } else {
            lock.removeFile();
        }
        return report;
    }
    report.hadJournal = true;
    // Oldest first: every namespace goes, so the order is free, and the kernel detaches the
    // bind mounts of a big lab measurably faster in the order they were made (1,022 namespaces:
    // 14-19 ms against 27 ms newest first). Rollback keeps reverse order.
    for (auto it = journal->namespaces.begin(); it != journal->namespaces.end(); ++it) {
        std::string why;
        if (!validNamespaceName(it->name, prefix, &why)) {
            report.leftAlone.push_back(it->name);
            report.problems.push_back("journal entry refused: " + why);
            continue;
        }
        const auto now = executor.namespaceIdentity(it->name);
        if (!now)
            continue; // already gone
        // An entry written just before its namespace was made has no identity yet: apply
        // checked the name was free, so whatever is there now came from that apply.
        if (it->created && !(*now == it->identity)) {
            log->warn("destroy: {} is not the namespace nslab made; left alone", it->name);
            report.leftAlone.push_back(it->name);
            continue;
        }
        log->info("destroy: ip netns del {}", it->name);
        if (executor.removeNamespace(it->name, &error))
            report.removed.push_back(it->name);
        else
            report.problems.push_back(error);
    }
    if (report.problems.empty()) {
        if (!removeJournal(prefix, &error))
            report.problems.push_back(error);
        else
            lock.removeFile();
    }
    report.ok = report.problems.empty();
    return report;
}

std::vector<LabStatus> labStatus(Executor &executor)
{
    std::vector<LabStatus> out;
    for (const auto &prefix : listJournals()) {
        LabStatus s;
        s.prefix = prefix;
        std::string error;
        auto journal = loadJournal(prefix, &error);
        if (!journal) {
            s.state = "unreadable";
            s.problems.push_back(error);
            out.push_back(std::move(s));
            continue;
        }
        s.lab = journal->lab;
        s.state = std::string(journalStateName(journal->state));
        s.namespaces = journal->namespaces.size();
        std::set<std::string, std::less<>> present;
        for (const auto &n : journal->namespaces) {
            const auto now = executor.namespaceIdentity(n.name);
            if (!now)
                s.problems.push_back("namespace " + n.name + " is missing");
            else if (n.created && !(*now == n.identity))
                s.problems.push_back("namespace " + n.name + " was replaced by one nslab did not make");
            else
                present.insert(n.name);
        }
        for (const auto &l : journal->links)
            if (present.count(l.ns) && !executor.linkExists(l.ns, l.name))
                s.problems.push_back("link " + l.name + " is missing in " + l.ns);
        if (journal->state != Journal::State::Applied)
            s.problems.push_back("apply did not finish (" + std::to_string(journal->done) + " of "
                                 + std::to_string(journal->total) + " ops); run destroy");
        s.matches = s.problems.empty();
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace nslab::nl
