// Compiler-style text output: one line per finding, its related places indented below,
// then a summary. Editors and terminals already know how to jump to `path:line:col:`.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/report/reporters.h"
#include "parsers/printable.h"

namespace rightfit {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kReset = "\x1b[0m";

// Wraps `text` in an ANSI style when colour is on.
std::string styled(std::string_view text, std::string_view style, bool color) {
  if (!color) return std::string(text);
  std::string out;
  out.reserve(style.size() + text.size() + kReset.size());
  out.append(style).append(text).append(kReset);
  return out;
}

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::Error:
      return kRed;
    case Severity::Warning:
      return kYellow;
    case Severity::Info:
      return kCyan;
  }
  return kYellow;
}

// `path:line:col:` with unknown parts left out, like compilers do for whole-file messages.
std::string location_prefix(const SourceRange& where) {
  std::string out = where.file.empty() ? "rightfit" : escape_controls(where.file);
  if (where.known()) {
    out += ':' + std::to_string(where.line());
    if (where.column() != 0) out += ':' + std::to_string(where.column());
  }
  out += ':';
  return out;
}

void append_finding(std::string& out, const Finding& f, bool color) {
  out += styled(location_prefix(f.location), kBold, color);
  out += ' ';
  out += styled(std::string(severity_name(f.severity)) + ':', severity_color(f.severity), color);
  out += ' ' + escape_controls(f.message) + " [" + f.rule_id + "]\n";
  for (const RelatedLocation& related : f.related) {
    out += "  " + styled(location_prefix(related.where), kBold, color) + " note:";
    if (!related.message.empty()) out += ' ' + escape_controls(related.message);
    out += '\n';
  }
}

// "1 error", "2 warnings", "0 info" (info has no plural).
std::string count_of(size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + ' ' + std::string(n == 1 ? singular : plural);
}

std::string summary_line(size_t errors, size_t warnings, size_t infos) {
  const size_t total = errors + warnings + infos;
  if (total == 0) return "no findings\n";
  return count_of(total, "finding", "findings") + " (" + count_of(errors, "error", "errors") +
         ", " + count_of(warnings, "warning", "warnings") + ", " + count_of(infos, "info", "info") +
         ")\n";
}

}  // namespace

std::string format_text(const std::vector<Finding>& findings, const ReportContext& ctx) {
  std::string out;
  size_t errors = 0, warnings = 0, infos = 0;
  for (const Finding& f : findings) {
    if (f.suppression) continue;  // suppressed findings only appear in JSON and SARIF
    append_finding(out, f, ctx.color);
    switch (f.severity) {
      case Severity::Error:
        ++errors;
        break;
      case Severity::Warning:
        ++warnings;
        break;
      case Severity::Info:
        ++infos;
        break;
    }
  }
  out += summary_line(errors, warnings, infos);
  // Say why known problems are not listed: "(2 more in the baseline)", "(1 more not on a
  // line changed since main)"; the justification says which filter held them back.
  std::map<std::string, int> held_back;
  for (const Finding& f : findings) {
    if (f.suppression && f.suppression->kind == FindingSuppression::Kind::External)
      ++held_back[f.suppression->justification];
  }
  if (!held_back.empty()) {
    out.pop_back();
    std::string why;
    for (const auto& [justification, count] : held_back)
      why += (why.empty() ? "" : ", ") + std::to_string(count) + " more " + justification;
    out += " (" + why + ")\n";
  }
  return out;
}

}  // namespace rightfit
