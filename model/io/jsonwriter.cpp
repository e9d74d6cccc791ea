#include "io/jsonwriter.h"

#include <QByteArray>
#include <QLocale>

#include <cmath>
#include <cstdio>

namespace nslab::model::io {

std::string jsonQuote(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch; // UTF-8 passes through unchanged
            }
        }
    }
    out += '"';
    return out;
}

JsonValue JsonValue::boolean(bool b)
{
    JsonValue v;
    v.m_kind = Kind::Bool;
    v.m_scalar = b ? "true" : "false";
    return v;
}

JsonValue JsonValue::number(double d)
{
    if (!std::isfinite(d))
        d = 0;
    if (d == std::floor(d) && std::fabs(d) < 1e15)
        return integer(static_cast<long long>(d));
    JsonValue v;
    v.m_kind = Kind::Number;
    // Shortest text that reads back to the same double: positions survive a save/load exactly.
    v.m_scalar = QByteArray::number(d, 'g', QLocale::FloatingPointShortest).toStdString();
    return v;
}

JsonValue JsonValue::integer(long long i)
{
    JsonValue v;
    v.m_kind = Kind::Number;
    v.m_scalar = std::to_string(i);
    return v;
}

JsonValue JsonValue::string(std::string_view s)
{
    JsonValue v;
    v.m_kind = Kind::String;
    v.m_scalar = jsonQuote(s);
    return v;
}

JsonValue JsonValue::array()
{
    JsonValue v;
    v.m_kind = Kind::Array;
    return v;
}

JsonValue JsonValue::object()
{
    JsonValue v;
    v.m_kind = Kind::Object;
    return v;
}

JsonValue &JsonValue::add(std::string key, JsonValue value)
{
    m_members.emplace_back(std::move(key), std::move(value));
    return *this;
}

JsonValue &JsonValue::append(JsonValue value)
{
    m_items.push_back(std::move(value));
    return *this;
}

JsonValue &JsonValue::setBlock(bool block)
{
    m_block = block;
    return *this;
}

void JsonValue::writeInline(std::string &out) const
{
    switch (m_kind) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool:
    case Kind::Number:
    case Kind::String: out += m_scalar; return;
    case Kind::Array:
        out += '[';
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ", ";
            m_items[i].writeInline(out);
        }
        out += ']';
        return;
    case Kind::Object:
        out += '{';
        for (std::size_t i = 0; i < m_members.size(); ++i) {
            if (i)
                out += ", ";
            out += jsonQuote(m_members[i].first);
            out += ": ";
            m_members[i].second.writeInline(out);
        }
        out += '}';
        return;
    }
}

void JsonValue::write(std::string &out, int indent, int width, int column) const
{
    if (m_kind != Kind::Array && m_kind != Kind::Object) {
        writeInline(out);
        return;
    }
    if (isEmptyContainer()) {
        out += m_kind == Kind::Array ? "[]" : "{}";
        return;
    }
    if (!m_block) {
        std::string line;
        writeInline(line);
        // `column` is where this value starts on its line (after its key); +1 for a comma.
        if (column + int(line.size()) + 1 <= width) {
            out += line;
            return;
        }
    }
    const std::string pad(std::size_t(indent + 2), ' ');
    out += m_kind == Kind::Array ? "[\n" : "{\n";
    const std::size_t n = m_kind == Kind::Array ? m_items.size() : m_members.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += pad;
        if (m_kind == Kind::Array) {
            m_items[i].write(out, indent + 2, width, indent + 2);
        } else {
            const std::string key = jsonQuote(m_members[i].first);
            out += key;
            out += ": ";
            m_members[i].second.write(out, indent + 2, width, indent + 2 + int(key.size()) + 2);
        }
        if (i + 1 < n)
            out += ',';
        out += '\n';
    }
    out.append(std::size_t(indent), ' ');
    out += m_kind == Kind::Array ? ']' : '}';
}

std::string JsonValue::toJson(int width) const
{
    std::string out;
    write(out, 0, width, 0);
    out += '\n';
    return out;
}

} // namespace nslab::model::io
