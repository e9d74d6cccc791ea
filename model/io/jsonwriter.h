#pragma once
// A tiny ordered JSON tree and writer. QJsonObject sorts its keys, which would scatter a lab file's
// fields alphabetically; the lab file wants a meaningful, stable order and short values on one
// line, so that a diff of two versions shows exactly what changed.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nslab::model::io {

class JsonValue
{
public:
    enum class Kind : unsigned char { Null, Bool, Number, String, Array, Object };

    JsonValue() = default;
    static JsonValue boolean(bool b);
    static JsonValue number(double d);
    static JsonValue integer(long long i);
    static JsonValue string(std::string_view s);
    static JsonValue array();
    static JsonValue object();

    // Object members keep the order they are added in.
    JsonValue &add(std::string key, JsonValue value);
    JsonValue &append(JsonValue value);
    // Always written over several lines (top level, nodes), whatever their length.
    JsonValue &setBlock(bool block = true);

    Kind kind() const { return m_kind; }
    bool isEmptyContainer() const { return m_members.empty() && m_items.empty(); }

    // Indented by two spaces; containers that fit in `width` columns stay on one line.
    std::string toJson(int width = 110) const;

private:
    void write(std::string &out, int indent, int width, int column) const;
    void writeInline(std::string &out) const;

    Kind m_kind = Kind::Null;
    bool m_block = false;
    std::string m_scalar; // already-encoded text of a scalar
    std::vector<std::pair<std::string, JsonValue>> m_members;
    std::vector<JsonValue> m_items;
};

std::string jsonQuote(std::string_view s);

} // namespace nslab::model::io
