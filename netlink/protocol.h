#pragma once
// The helper protocol (shared by nslab-helper and its clients, the GUI and nslab-cli).
//
// Transport: a local stream socket. Frames: a 4-byte big-endian length, then that many bytes of
// UTF-8 JSON holding one object; at most kMaxFrame bytes. Every message has a "type".
//   client → helper: hello {version}            must come first
//                    apply {id, prefix, lab, ops[]}
//                    destroy {id, prefix}
//                    status {id}
//                    probe {id, prefix, nodes[], addresses[], timeoutMs?}
//   helper → client: hello {version, helper}
//                    progress {id, step, total, op}
//                    result {id, ok, error?{code, message, opIndex?, op?}, ...}
// Unknown types and unknown fields are errors. Identity comes from the socket (SO_PEERCRED),
// never from a message.
#include "ops/ops.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nslab::nl::protocol {

constexpr int kVersion = 1;
constexpr std::uint32_t kMaxFrame = 1u << 20; // 1 MiB

QByteArray encodeFrame(const QJsonObject &message);

// Incremental frame splitter over a byte stream.
class FrameReader {
public:
    enum class Status { NeedMore, Frame, TooLarge };
    void append(const QByteArray &bytes) { m_buffer.append(bytes); }
    Status next(QByteArray *payload);
    bool empty() const { return m_buffer.isEmpty(); }
    qsizetype buffered() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
};

// Parses a frame's payload: a JSON object with a string "type", or nullopt with `error`.
std::optional<QJsonObject> parseMessage(const QByteArray &payload, std::string *error);
// Fails (with "$.field: unknown field") when `o` has a key outside `allowed`.
bool onlyFields(const QJsonObject &o, std::initializer_list<const char *> allowed, const std::string &path,
                std::string *error);

// Ops as JSON: {"op": "route", "ns": ..., ...}; strict: unknown fields, wrong types and values
// out of range are errors naming the JSON path. Queries and rejected commands have no encoding.
QJsonObject opToJson(const model::ops::Op &op);
std::optional<model::ops::Op> opFromJson(const QJsonValue &value, const std::string &path, std::string *error);
QJsonArray opsToJson(const std::vector<model::ops::Op> &ops); // skips queries
std::optional<std::vector<model::ops::Op>> opsFromJson(const QJsonValue &value, const std::string &path,
                                                       std::string *error);

QJsonObject errorObject(std::string_view code, const std::string &message);

} // namespace nslab::nl::protocol
