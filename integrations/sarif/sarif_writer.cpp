// SARIF 2.1.0 (OASIS), the format GitHub code scanning and most IDE viewers read. Paths are
// written relative to a SRCROOT base so logs do not depend on where the checkout lives.
#include "integrations/sarif/sarif_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "integrations/json_writer.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using JsonWriter = json::Writer;
using json::write_member;
using json::write_string;

constexpr const char* kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kSrcRoot = "SRCROOT";
constexpr const char* kFingerprintName = "rightfit/v1";

// {"text": ...}: SARIF's message and multiformatMessageString objects.
void write_text_object(JsonWriter& w, const char* key, std::string_view text) {
  w.Key(key);
  w.StartObject();
  write_member(w, "text", text);
  w.EndObject();
}

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "note";
  }
  return "warning";
}

// --- URIs ---

// Keeps RFC 3986 unreserved characters and '/', encodes every other byte (UTF-8 included).
// Encoding ':' also keeps a relative path like "a:b.yaml" from reading as a URI scheme.
std::string percent_encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string file_uri(const fs::path& absolute) {
  return "file://" + percent_encode_path(absolute.generic_string());
}

// ctx.root made absolute and normal, without a trailing separator.
fs::path absolute_root(const std::string& root) {
  std::error_code ec;
  fs::path path = root.empty() ? fs::current_path(ec) : fs::absolute(root, ec);
  if (ec) path = root.empty() ? fs::path("/") : fs::path(root);
  path = path.lexically_normal();
  if (path.has_relative_path() && !path.has_filename()) path = path.parent_path();
  return path;
}

bool escapes_root(const fs::path& relative) {
  return relative.empty() || *relative.begin() == "..";
}

struct ArtifactUri {
  std::string uri;
  bool relative_to_root = false;
};

// Paths under the root become SRCROOT-relative URIs; anything else an absolute file:// URI.
ArtifactUri artifact_uri(const std::string& file, const fs::path& root) {
  const fs::path path = fs::path(file).lexically_normal();
  fs::path relative = path.is_absolute() ? path.lexically_relative(root) : path;
  if (!escapes_root(relative) && relative != ".") {
    return {percent_encode_path(relative.generic_string()), true};
  }
  const fs::path absolute = path.is_absolute() ? path : (root / path).lexically_normal();
  return {file_uri(absolute), false};
}

// --- locations ---

// SARIF regions are 1-based with an exclusive end column, like Span. End fields are written
// only when they describe a valid, non-empty region; otherwise the region is the whole
// start line (no startColumn) or runs to the end of it (no endColumn).
void write_region(JsonWriter& w, const Span& span) {
  w.Key("region");
  w.StartObject();
  write_member(w, "startLine", span.begin.line);
  if (span.begin.column != 0) write_member(w, "startColumn", span.begin.column);
  if (span.end.line > span.begin.line) {
    write_member(w, "endLine", span.end.line);
    if (span.end.column != 0) write_member(w, "endColumn", span.end.column);
  } else if (span.end.line == span.begin.line && span.begin.column != 0 &&
             span.end.column > span.begin.column) {
    write_member(w, "endLine", span.end.line);
    write_member(w, "endColumn", span.end.column);
  }
  w.EndObject();
}

void write_artifact_location(JsonWriter& w, const std::string& file, const fs::path& root) {
  const ArtifactUri artifact = artifact_uri(file, root);
  w.Key("artifactLocation");
  w.StartObject();
  write_member(w, "uri", artifact.uri);
  if (artifact.relative_to_root) write_member(w, "uriBaseId", kSrcRoot);
  w.EndObject();
}

void write_physical_location(JsonWriter& w, const SourceRange& where, const fs::path& root) {
  w.Key("physicalLocation");
  w.StartObject();
  write_artifact_location(w, where.file, root);
  // Consumers (GitHub, the SARIF validator's SARIF2017) want a region on every location; a
  // finding about a whole file is anchored at its first line.
  write_region(w, where.known() ? where.span : Span{{1, 0}, {0, 0}});
  w.EndObject();
}

void write_locations(JsonWriter& w, const Finding& f, const fs::path& root) {
  if (f.location.file.empty()) return;  // a finding about no file has no location
  w.Key("locations");
  w.StartArray();
  w.StartObject();
  write_physical_location(w, f.location, root);
  w.EndObject();
  w.EndArray();
}

void write_related_locations(JsonWriter& w, const Finding& f, const fs::path& root) {
  if (f.related.empty()) return;
  w.Key("relatedLocations");
  w.StartArray();
  uint32_t id = 0;
  for (const RelatedLocation& related : f.related) {
    if (related.where.file.empty()) continue;
    w.StartObject();
    write_member(w, "id", id++);
    write_physical_location(w, related.where, root);
    if (!related.message.empty()) write_text_object(w, "message", related.message);
    w.EndObject();
  }
  w.EndArray();
}

// --- fixes ---

// A replacement's deletedRegion names all four fields: an empty region (startColumn equal to
// endColumn on one line) is an insertion point before that column (SARIF 2.1.0 §3.30.2 text
// regions, §3.57.3 deletedRegion; https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html,
// read 2026-12-07). Columns are code points, as the run's columnKind says.
void write_replacement(JsonWriter& w, const TextEdit& edit) {
  w.StartObject();
  w.Key("deletedRegion");
  w.StartObject();
  write_member(w, "startLine", edit.range.span.begin.line);
  write_member(w, "startColumn", edit.range.span.begin.column);
  write_member(w, "endLine", edit.range.span.end.line);
  write_member(w, "endColumn", edit.range.span.end.column);
  w.EndObject();
  w.Key("insertedContent");
  w.StartObject();
  write_member(w, "text", edit.new_text);
  w.EndObject();
  w.EndObject();
}

// One artifactChange per file the fix edits, in the order the edits name them.
void write_fix(JsonWriter& w, const Fix& fix, const fs::path& root) {
  std::vector<std::string> files;
  for (const TextEdit& e : fix.edits) {
    if (std::find(files.begin(), files.end(), e.range.file) == files.end())
      files.push_back(e.range.file);
  }
  w.StartObject();
  write_text_object(w, "description", fix.title);
  w.Key("artifactChanges");
  w.StartArray();
  for (const std::string& file : files) {
    w.StartObject();
    write_artifact_location(w, file, root);
    w.Key("replacements");
    w.StartArray();
    for (const TextEdit& e : fix.edits) {
      if (e.range.file == file) write_replacement(w, e);
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// Fixes whose edits all have a place (a line and column) in a named file.
bool writable(const Fix& fix) {
  return !fix.edits.empty() &&
         std::all_of(fix.edits.begin(), fix.edits.end(), [](const TextEdit& e) {
           return !e.range.file.empty() && e.range.span.begin.line != 0 &&
                  e.range.span.begin.column != 0 && e.range.span.end.line != 0 &&
                  e.range.span.end.column != 0;
         });
}

void write_fixes(JsonWriter& w, const Finding& f, const fs::path& root) {
  if (std::none_of(f.fixes.begin(), f.fixes.end(), writable)) return;
  w.Key("fixes");
  w.StartArray();
  for (const Fix& fix : f.fixes) {
    if (writable(fix)) write_fix(w, fix, root);
  }
  w.EndArray();
}

// --- results ---

// Whole numbers without a fraction; NaN and infinity have no JSON form and are left out.
void write_properties(JsonWriter& w, const std::map<std::string, double>& properties) {
  if (properties.empty()) return;
  w.Key("properties");
  w.StartObject();
  for (const auto& [name, value] : properties) {
    if (!std::isfinite(value)) continue;
    write_string(w, name);
    if (value == std::trunc(value) && std::fabs(value) < 9.0e15) {
      w.Int64(static_cast<int64_t>(value));
    } else {
      w.Double(value);
    }
  }
  w.EndObject();
}

void write_suppressions(JsonWriter& w, const FindingSuppression& s) {
  w.Key("suppressions");
  w.StartArray();
  w.StartObject();
  write_member(w, "kind", s.kind == FindingSuppression::Kind::InSource ? "inSource" : "external");
  if (!s.justification.empty()) write_member(w, "justification", s.justification);
  w.EndObject();
  w.EndArray();
}

using RuleIndex = std::map<std::string, uint32_t, std::less<>>;

void write_result(JsonWriter& w, const Finding& f, const RuleIndex& rule_index,
                  const fs::path& root) {
  w.StartObject();
  write_member(w, "ruleId", f.rule_id);
  if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) {
    write_member(w, "ruleIndex", it->second);
  }
  write_member(w, "level", sarif_level(f.severity));
  write_text_object(w, "message", f.message);
  write_locations(w, f, root);
  write_related_locations(w, f, root);
  w.Key("partialFingerprints");
  w.StartObject();
  write_member(w, kFingerprintName, fingerprint(f));
  w.EndObject();
  if (f.suppression) write_suppressions(w, *f.suppression);
  write_fixes(w, f, root);
  write_properties(w, f.properties);
  w.EndObject();
}

// --- tool ---

void write_rule(JsonWriter& w, const RuleInfo& rule) {
  w.StartObject();
  write_member(w, "id", rule.id);
  write_member(w, "name", rule.name);
  write_text_object(w, "shortDescription", rule.short_description);
  write_text_object(w, "fullDescription", rule.full_description());
  // GitHub code scanning requires `help` (validator rule GH2012), so it is never empty.
  const std::string help = rule.help.empty() ? rule.full_description() : rule.help;
  w.Key("help");
  w.StartObject();
  write_member(w, "text", help);
  write_member(w, "markdown", help);
  w.EndObject();
  if (!rule.help_file.empty()) {
    write_member(w, "helpUri", std::string(RIGHTFIT_HELP_URI_BASE) + rule.help_file);
  }
  w.Key("defaultConfiguration");
  w.StartObject();
  write_member(w, "level", sarif_level(rule.default_severity));
  if (rule.off_by_default) {  // SARIF 2.1.0 reportingConfiguration.enabled (default true)
    w.Key("enabled");
    w.Bool(false);
  }
  w.EndObject();
  w.EndObject();
}

void write_tool(JsonWriter& w, const std::vector<RuleInfo>& rules) {
  w.Key("tool");
  w.StartObject();
  w.Key("driver");
  w.StartObject();
  write_member(w, "name", "rightfit");
  write_member(w, "version", RIGHTFIT_VERSION);
  write_member(w, "semanticVersion", RIGHTFIT_VERSION);
  write_member(w, "informationUri", RIGHTFIT_HELP_URI_BASE);
  w.Key("rules");
  w.StartArray();
  for (const RuleInfo& rule : rules) write_rule(w, rule);
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

void write_original_uri_base_ids(JsonWriter& w, const fs::path& root) {
  std::string uri = file_uri(root);
  if (uri.back() != '/') uri += '/';  // a base URI must end in a slash to be resolved against
  w.Key("originalUriBaseIds");
  w.StartObject();
  w.Key(kSrcRoot);
  w.StartObject();
  write_member(w, "uri", uri);
  w.EndObject();
  w.EndObject();
}

void write_run(JsonWriter& w, const std::vector<Finding>& findings, const ReportContext& ctx) {
  const fs::path root = absolute_root(ctx.root);
  RuleIndex rule_index;
  for (uint32_t i = 0; i < ctx.rules.size(); ++i) rule_index.emplace(ctx.rules[i].id, i);

  w.StartObject();
  write_tool(w, ctx.rules);
  write_original_uri_base_ids(w, root);
  write_member(w, "columnKind", "unicodeCodePoints");
  w.Key("results");
  w.StartArray();
  for (const Finding& f : findings) write_result(w, f, rule_index, root);
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string format_sarif(const std::vector<Finding>& findings, const ReportContext& ctx) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_member(w, "$schema", kSchemaUri);
  write_member(w, "version", "2.1.0");
  w.Key("runs");
  w.StartArray();
  write_run(w, findings, ctx);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + '\n';
}

}  // namespace rightfit
