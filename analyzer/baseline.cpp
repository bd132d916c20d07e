#include "analyzer/baseline.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "parsers/document/document.h"
#include "parsers/parse_limits.h"
#include "parsers/text_file.h"

namespace rightfit {

namespace {

constexpr int kBaselineVersion = 1;

void write_string(rapidjson::PrettyWriter<rapidjson::StringBuffer>& w, const char* key,
                  const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

Failure<Problem> failure(const std::string& path, const std::string& why) {
  return fail(path + ": " + why);
}

}  // namespace

std::string format_baseline(const std::vector<Finding>& findings) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("version");
  w.Int(kBaselineVersion);
  w.Key("findings");
  w.StartArray();
  for (const Finding& f : findings) {
    if (f.suppression) continue;
    w.StartObject();
    write_string(w, "fingerprint", fingerprint(f));
    write_string(w, "rule", f.rule_id);
    write_string(w, "file", f.location.file);
    if (f.subject) write_string(w, "subject", f.subject->name);
    write_string(w, "message", f.message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

BaselineResult parse_baseline(const std::string& path, const std::string& text) {
  // A baseline nests three levels; a deeper file is not one, and RapidJSON's parse (and the
  // Document's walks) would recurse once per level.
  constexpr std::size_t kMaxDepth = 64;
  if (doc::json_nests_deeper_than(text, kMaxDepth)) {
    return failure(path, "not a rightfit baseline (nested deeper than " +
                             std::to_string(kMaxDepth) + " levels)");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (doc.HasParseError()) {
    return failure(path, std::string("invalid JSON at byte ") +
                             std::to_string(doc.GetErrorOffset()) + ": " +
                             rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject() || !doc.HasMember("version") || !doc["version"].IsInt())
    return failure(path, "not a rightfit baseline (no \"version\")");
  if (doc["version"].GetInt() != kBaselineVersion) {
    return failure(path, "baseline version " + std::to_string(doc["version"].GetInt()) +
                             " is not supported (expected " + std::to_string(kBaselineVersion) +
                             ")");
  }
  if (!doc.HasMember("findings") || !doc["findings"].IsArray())
    return failure(path, "\"findings\" must be an array");
  Baseline baseline;
  for (const rapidjson::Value& entry : doc["findings"].GetArray()) {
    if (!entry.IsObject() || !entry.HasMember("fingerprint") || !entry["fingerprint"].IsString())
      return failure(path, "every entry of \"findings\" needs a string \"fingerprint\"");
    ++baseline.counts[entry["fingerprint"].GetString()];
  }
  return baseline;
}

BaselineResult load_baseline(const std::string& path) {
  // About 200,000 accepted findings: far more than any project keeps.
  constexpr std::size_t kMaxBaselineBytes = 64U << 20;
  // Redirected into a file by a shell that writes UTF-16 (PowerShell 5's `>`): read as UTF-8.
  SourceText text = read_text_file(path, kMaxBaselineBytes);
  if (!text.ok()) return failure(path, "cannot be read: " + text.problem().message);
  return parse_baseline(path, *text);
}

void apply_baseline(std::vector<Finding>& findings, const Baseline& baseline) {
  std::map<std::string, int> left = baseline.counts;
  for (Finding& f : findings) {
    if (f.suppression) continue;
    auto it = left.find(fingerprint(f));
    if (it == left.end() || it->second == 0) continue;
    --it->second;
    f.suppression = FindingSuppression{FindingSuppression::Kind::External, "in the baseline"};
  }
}

}  // namespace rightfit
