#include "journal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nslab::nl {

std::string_view journalStateName(Journal::State s)
{
    switch (s) {
    case Journal::State::Applying: return "applying";
    case Journal::State::Applied: return "applied";
    case Journal::State::RollingBack: return "rolling-back";
    }
    return "applying";
}

namespace {

// Journals are rewritten before every namespace is made, so they are written by hand (a few
// hundred ns per entry) instead of through QJsonDocument.
void appendString(std::string &out, const std::string &s)
{
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

} // namespace

QByteArray Journal::toJson() const
{
    std::string out;
    out.reserve(256 + namespaces.size() * 96 + links.size() * 48);
    out += "{\n  \"format\": \"nslab-journal\",\n  \"version\": 1,\n  \"prefix\": ";
    appendString(out, prefix);
    out += ",\n  \"lab\": ";
    appendString(out, lab);
    out += ",\n  \"started\": ";
    appendString(out, started);
    out += ",\n  \"state\": \"";
    out += journalStateName(state);
    out += "\",\n  \"total\": " + std::to_string(total) + ",\n  \"done\": " + std::to_string(done);
    out += ",\n  \"namespaces\": [";
    for (std::size_t i = 0; i < namespaces.size(); ++i) {
        const auto &n = namespaces[i];
        out += i ? ",\n    {\"name\": " : "\n    {\"name\": ";
        appendString(out, n.name);
        if (n.created)
            out += ", \"created\": true, \"dev\": \"" + std::to_string(n.identity.dev) + "\", \"ino\": \""
                + std::to_string(n.identity.ino) + "\"}";
        else
            out += ", \"created\": false}";
    }
    out += namespaces.empty() ? "]" : "\n  ]";
    out += ",\n  \"links\": [";
    for (std::size_t i = 0; i < links.size(); ++i) {
        out += i ? ",\n    {\"ns\": " : "\n    {\"ns\": ";
        appendString(out, links[i].ns);
        out += ", \"name\": ";
        appendString(out, links[i].name);
        out += '}';
    }
    out += links.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return QByteArray(out.data(), qsizetype(out.size()));
}

std::optional<Journal> Journal::fromJson(const QByteArray &json, std::string *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    auto fail = [&](const std::string &where, const std::string &what) -> std::optional<Journal> {
        if (error)
            *error = where + ": " + what;
        return std::nullopt;
    };
    if (pe.error != QJsonParseError::NoError)
        return fail("$", "not JSON: " + pe.errorString().toStdString());
    if (!doc.isObject())
        return fail("$", "expected an object");
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("nslab-journal"))
        return fail("$.format", "expected \"nslab-journal\"");
    if (o.value(QStringLiteral("version")).toInt() != 1)
        return fail("$.version", "unsupported journal version");
    Journal j;
    j.prefix = o.value(QStringLiteral("prefix")).toString().toStdString();
    j.lab = o.value(QStringLiteral("lab")).toString().toStdString();
    j.started = o.value(QStringLiteral("started")).toString().toStdString();
    const QString state = o.value(QStringLiteral("state")).toString();
    if (state == QLatin1String("applied"))
        j.state = State::Applied;
    else if (state == QLatin1String("rolling-back"))
        j.state = State::RollingBack;
    else if (state == QLatin1String("applying"))
        j.state = State::Applying;
    else
        return fail("$.state", "unknown state");
    j.total = std::size_t(std::max<qint64>(0, o.value(QStringLiteral("total")).toInteger()));
    j.done = std::size_t(std::max<qint64>(0, o.value(QStringLiteral("done")).toInteger()));
    const QJsonValue nsv = o.value(QStringLiteral("namespaces"));
    if (!nsv.isArray())
        return fail("$.namespaces", "expected an array");
    const QJsonArray nss = nsv.toArray();
    for (qsizetype i = 0; i < nss.size(); ++i) {
        const std::string where = "$.namespaces[" + std::to_string(i) + "]";
        if (!nss[i].isObject())
            return fail(where, "expected an object");
        const QJsonObject e = nss[i].toObject();
        JournalNamespace n;
        n.name = e.value(QStringLiteral("name")).toString().toStdString();
        if (n.name.empty())
            return fail(where + ".name", "expected a namespace name");
        n.created = e.value(QStringLiteral("created")).toBool();
        if (n.created) {
            bool okDev = false, okIno = false;
            n.identity.dev = e.value(QStringLiteral("dev")).toString().toULongLong(&okDev);
            n.identity.ino = e.value(QStringLiteral("ino")).toString().toULongLong(&okIno);
            if (!okDev || !okIno)
                return fail(where, "expected \"dev\" and \"ino\" as decimal strings");
        }
        j.namespaces.push_back(std::move(n));
    }
    const QJsonArray links = o.value(QStringLiteral("links")).toArray();
    for (const auto &l : links) {
        const QJsonObject e = l.toObject();
        j.links.push_back({e.value(QStringLiteral("ns")).toString().toStdString(),
                           e.value(QStringLiteral("name")).toString().toStdString()});
    }
    return j;
}

std::string journalDir()
{
    if (const char *d = std::getenv("NSLAB_STATE_DIR"); d && *d)
        return d;
    return "/run/nslab";
}

std::string journalPath(const std::string &prefix)
{
    return journalDir() + '/' + prefix + ".json";
}

bool saveJournal(const Journal &journal, std::string *error)
{
    const std::string dir = journalDir();
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        if (error)
            *error = "cannot create " + dir + ": " + std::strerror(errno);
        return false;
    }
    const std::string path = journalPath(journal.prefix);
    const std::string tmp = path + ".tmp";
    const QByteArray data = journal.toJson();
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (error)
            *error = "cannot write " + tmp + ": " + std::strerror(errno);
        return false;
    }
    const ssize_t n = ::write(fd, data.constData(), std::size_t(data.size()));
    const int writeErrno = errno;
    ::close(fd);
    if (n != ssize_t(data.size())) {
        ::unlink(tmp.c_str());
        if (error)
            *error = "cannot write " + tmp + ": " + std::strerror(n < 0 ? writeErrno : ENOSPC);
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        if (error)
            *error = "cannot rename " + tmp + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

std::optional<Journal> loadJournal(const std::string &prefix, std::string *error)
{
    const std::string path = journalPath(prefix);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (error)
            *error = errno == ENOENT ? "no lab is applied with prefix \"" + prefix + "\" (no " + path + ")"
                                     : "cannot read " + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    QByteArray data;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 && data.size() < (64 << 20))
        data.append(buf, n);
    ::close(fd);
    auto j = Journal::fromJson(data, error);
    if (!j && error)
        *error = path + ": " + *error;
    return j;
}

bool removeJournal(const std::string &prefix, std::string *error)
{
    const std::string path = journalPath(prefix);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        if (error)
            *error = "cannot remove " + path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

PrefixLock::PrefixLock(const std::string &prefix)
{
    const std::string dir = journalDir();
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        m_error = "cannot create " + dir + ": " + std::strerror(errno);
        return;
    }
    m_path = dir + '/' + prefix + ".lock";
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        m_error = "cannot open " + m_path + ": " + std::strerror(errno);
        return;
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        m_error = errno == EWOULDBLOCK ? "another nslab is applying or destroying the lab with prefix \"" + prefix + "\" right now"
                                       : "cannot lock " + m_path + ": " + std::strerror(errno);
        ::close(m_fd);
        m_fd = -1;
    }
}

PrefixLock::~PrefixLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void PrefixLock::removeFile()
{
    if (m_fd >= 0)
        ::unlink(m_path.c_str());
}

std::vector<std::string> listJournals()
{
    std::vector<std::string> prefixes;
    DIR *d = ::opendir(journalDir().c_str());
    if (!d)
        return prefixes;
    while (const dirent *e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
            prefixes.push_back(name.substr(0, name.size() - 5));
    }
    ::closedir(d);
    std::sort(prefixes.begin(), prefixes.end());
    return prefixes;
}

} // namespace nslab::nl
