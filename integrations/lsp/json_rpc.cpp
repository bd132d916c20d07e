#include "integrations/lsp/json_rpc.h"

#include "integrations/json_writer.h"

namespace rightfit::lsp {

// Messages quote file text and names; LSP requires UTF-8, whatever bytes they hold.
void write(Json& w, std::string_view s) { json::write_string(w, s); }

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  Json w(buffer);
  value.Accept(w);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string json_string(std::string_view s) {
  rapidjson::StringBuffer buffer;
  Json w(buffer);
  write(w, s);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string response(const std::string& id, const std::string& result) {
  return R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result + "}";
}

std::string error_response(const std::string& id, int code, std::string_view message) {
  return R"({"jsonrpc":"2.0","id":)" + id + R"(,"error":{"code":)" + std::to_string(code) +
         R"(,"message":)" + json_string(message) + "}}";
}

std::string notification_message(std::string_view method, const std::string& params) {
  return R"({"jsonrpc":"2.0","method":)" + json_string(method) + R"(,"params":)" + params + "}";
}

std::string log_message(int type, std::string_view text) {
  return notification_message("window/logMessage", R"({"type":)" + std::to_string(type) +
                                                       R"(,"message":)" + json_string(text) + "}");
}

const rapidjson::Value* member(const rapidjson::Value* v, const char* key) {
  if (!v || !v->IsObject()) return nullptr;
  auto it = v->FindMember(key);
  return it == v->MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string> string_at(const rapidjson::Value* v, const char* key) {
  const rapidjson::Value* m = member(v, key);
  if (!m || !m->IsString()) return std::nullopt;
  return std::string(m->GetString(), m->GetStringLength());
}

std::optional<LspPosition> position_at(const rapidjson::Value* v, const char* key) {
  const rapidjson::Value* p = member(v, key);
  const rapidjson::Value* line = member(p, "line");
  const rapidjson::Value* character = member(p, "character");
  if (!line || !character || !line->IsUint() || !character->IsUint()) return std::nullopt;
  return LspPosition{line->GetUint(), character->GetUint()};
}

std::optional<LspRange> range_at(const rapidjson::Value* v, const char* key) {
  const rapidjson::Value* r = member(v, key);
  std::optional<LspPosition> start = position_at(r, "start"), end = position_at(r, "end");
  if (!start || !end) return std::nullopt;
  return LspRange{*start, *end};
}

void write_position(Json& w, LspPosition p) {
  w.StartObject();
  w.Key("line");
  w.Uint(p.line);
  w.Key("character");
  w.Uint(p.character);
  w.EndObject();
}

void write_range(Json& w, const LspRange& r) {
  w.StartObject();
  w.Key("start");
  write_position(w, r.start);
  w.Key("end");
  write_position(w, r.end);
  w.EndObject();
}

}  // namespace rightfit::lsp
