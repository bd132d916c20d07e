// GitHub Actions workflow commands: each unsuppressed finding becomes an annotation on the
// pull request (`::warning file=..,line=..::message`).
#include <string>
#include <string_view>
#include <vector>

#include "integrations/report/reporters.h"
#include "parsers/printable.h"

namespace rightfit {
namespace {

// Escaping as the Actions runner undoes it (actions/toolkit, command.ts).
std::string escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        // Other control characters (ESC sequences) from the repository's names and literals
        // would reach the job log raw.
        out += escape_controls(std::string_view(&c, 1));
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

const char* command_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "notice";
  }
  return "warning";
}

std::string rule_title(const Finding& f, const ReportContext& ctx) {
  for (const RuleInfo& rule : ctx.rules) {
    if (rule.id == f.rule_id) return f.rule_id + ' ' + rule.name;
  }
  return f.rule_id;
}

// `file=..,line=..,col=..,endLine=..,endColumn=..,`, unknown parts left out. Our span end is
// exclusive; annotations take the last line and column covered, and columns only on one line.
std::string location_properties(const SourceRange& where) {
  if (where.file.empty()) return "";
  std::string out = "file=" + escape_property(where.file) + ',';
  if (!where.known()) return out;
  const Span& span = where.span;
  out += "line=" + std::to_string(span.begin.line) + ',';
  if (span.begin.column != 0) out += "col=" + std::to_string(span.begin.column) + ',';
  if (span.end.line < span.begin.line) return out;  // end unknown (0) or invalid
  uint32_t end_line = span.end.line;
  if (span.end.column == 1 && end_line > span.begin.line) --end_line;  // ends at a line break
  out += "endLine=" + std::to_string(end_line) + ',';
  const bool one_line = span.end.line == span.begin.line;
  if (one_line && span.begin.column != 0 && span.end.column > span.begin.column) {
    out += "endColumn=" + std::to_string(span.end.column - 1) + ',';
  }
  return out;
}

// Annotations cannot point at a second place, so related locations become extra lines.
std::string annotation_message(const Finding& f) {
  std::string out = f.message;
  for (const RelatedLocation& related : f.related) {
    out += "\n" + related.where.file;
    if (related.where.known()) out += ':' + std::to_string(related.where.line());
    if (related.where.column() != 0) out += ':' + std::to_string(related.where.column());
    out += ": note:";
    if (!related.message.empty()) out += ' ' + related.message;
  }
  return out;
}

}  // namespace

std::string format_github(const std::vector<Finding>& findings, const ReportContext& ctx) {
  std::string out;
  for (const Finding& f : findings) {
    if (f.suppression) continue;
    out += "::";
    out += command_name(f.severity);
    out += ' ' + location_properties(f.location) + "title=" + escape_property(rule_title(f, ctx));
    out += "::" + escape_data(annotation_message(f)) + '\n';
  }
  return out;
}

}  // namespace rightfit
