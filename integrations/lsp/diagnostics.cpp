#include "integrations/lsp/diagnostics.h"

#include <filesystem>

#include "integrations/lsp/json_rpc.h"

namespace rightfit::lsp {

namespace {

// LSP DiagnosticSeverity.
constexpr int kSeverityError = 1, kSeverityWarning = 2, kSeverityInformation = 3;

}  // namespace

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  return (ec ? std::filesystem::path(path) : p).lexically_normal().string();
}

// The LSP range of a span of `text`; an empty or unknown end is the end of the start line.
LspRange lsp_range(std::string_view text, const Span& span) {
  LspRange range{to_lsp_position(text, span.begin), {}};
  if (span.end.line != 0 && span.begin < span.end) {
    range.end = to_lsp_position(text, span.end);
  } else {
    std::string_view line = line_text(text, range.start.line);
    range.end = to_lsp_position(
        text, Position{range.start.line + 1, static_cast<uint32_t>(line.size() + 1)});
    if (range.end.character <= range.start.character) range.end = range.start;
  }
  return range;
}

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::Error:
      return kSeverityError;
    case Severity::Warning:
      return kSeverityWarning;
    case Severity::Info:
      return kSeverityInformation;
  }
  return kSeverityWarning;
}

// One LSP Diagnostic for a finding. `text` gives a file's text (for UTF-16 columns), `uri`
// the URI to name a file by.
std::string diagnostic_json(const Finding& f, const RuleInfo* rule,
                            const std::function<const std::string&(const std::string&)>& text,
                            const std::function<std::string(const std::string&)>& uri) {
  const std::string path = absolute_path(f.location.file);
  rapidjson::StringBuffer buffer;
  Json w(buffer);
  w.StartObject();
  w.Key("range");
  write_range(w, lsp_range(text(path), f.location.span));
  w.Key("severity");
  w.Int(lsp_severity(f.severity));
  w.Key("code");
  write(w, f.rule_id);
  if (rule && !rule->help_file.empty()) {
    w.Key("codeDescription");
    w.StartObject();
    w.Key("href");
    write(w, std::string(RIGHTFIT_HELP_URI_BASE) + rule->help_file);
    w.EndObject();
  }
  w.Key("source");
  w.String("rightfit");
  w.Key("message");
  write(w, f.message);
  w.Key("relatedInformation");
  w.StartArray();
  for (const RelatedLocation& related : f.related) {
    if (!related.where.known()) continue;
    const std::string related_path = absolute_path(related.where.file);
    w.StartObject();
    w.Key("location");
    w.StartObject();
    w.Key("uri");
    write(w, uri(related_path));
    w.Key("range");
    write_range(w, lsp_range(text(related_path), related.where.span));
    w.EndObject();
    w.Key("message");
    write(w, related.message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}
}  // namespace rightfit::lsp
