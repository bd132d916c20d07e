// JSON-RPC 2.0 messages as LSP uses them: building responses and notifications, reading
// request params. Bodies are JSON text; framing is message_reader's (and serve()'s) job.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <string>
#include <string_view>

#include "integrations/lsp/text_document.h"

namespace rightfit::lsp {

using Json = rapidjson::Writer<rapidjson::StringBuffer>;

// JSON-RPC 2.0 and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kServerNotInitialized = -32002;

// LSP MessageType.
constexpr int kMessageError = 1;

void write(Json& w, std::string_view s);
void write_position(Json& w, LspPosition p);
void write_range(Json& w, const LspRange& r);
std::string to_json(const rapidjson::Value& value);
std::string json_string(std::string_view s);  // a JSON string literal

// `id` and `result`/`params` are JSON texts.
std::string response(const std::string& id, const std::string& result);
std::string error_response(const std::string& id, int code, std::string_view message);
std::string notification_message(std::string_view method, const std::string& params);
std::string log_message(int type, std::string_view text);  // window/logMessage

// Members of a possibly absent object: nullptr / nullopt when missing or of another type.
const rapidjson::Value* member(const rapidjson::Value* v, const char* key);
std::optional<std::string> string_at(const rapidjson::Value* v, const char* key);
std::optional<LspPosition> position_at(const rapidjson::Value* v, const char* key);
std::optional<LspRange> range_at(const rapidjson::Value* v, const char* key);

}  // namespace rightfit::lsp
