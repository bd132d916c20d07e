#include "driver/fix_command.h"

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string_view>

#include "analyzer/output_file.h"
#include "analyzer/text_edits.h"
#include "parsers/wide_text.h"

namespace rightfit {
namespace {

// An edit and the finding whose fix it belongs to.
struct PlannedEdit {
  TextEdit edit;
  std::size_t finding;
};

bool wanted(const Finding& f, const FixOptions& options) {
  if (f.suppression || f.fixes.empty()) return false;
  return options.rules.empty() ||
         std::find(options.rules.begin(), options.rules.end(), f.rule_id) != options.rules.end();
}

// Whether the bytes are UTF-16 or UTF-32 as the shared reader tells them (parsers/wide_text.h):
// the analysis read them transcoded, and the fix would write UTF-8 over them.
bool wide_text(std::string_view bytes) { return utf8_of_wide_text(bytes).has_value(); }

std::string place(const TextEdit& e) {
  return e.range.file + ":" + std::to_string(e.range.span.begin.line);
}

// Applies the edits of one file; returns the findings whose edits were applied, or nullopt
// when the file could not be read or written. `changed` is set when the file was written.
std::optional<std::set<std::size_t>> fix_file(const std::string& file,
                                              const std::vector<PlannedEdit>& planned,
                                              const std::vector<Finding>& findings,
                                              const FixOptions& options, bool& changed,
                                              std::ostream& out, std::ostream& err) {
  // The bytes as on disk, within the bound the analysis read them with.
  SourceText source = read_regular_file(file, options.max_file_bytes);
  if (!source.ok()) {
    err << "rightfit: fix: cannot read " << file << ": " << source.problem().message << "\n";
    return std::nullopt;
  }
  const std::string* text = &source.value();
  if (wide_text(*text)) {
    err << "rightfit: fix: not changing " << file
        << ": it is saved as UTF-16 or UTF-32, and rightfit writes UTF-8 only\n";
    return std::set<std::size_t>{};
  }
  std::vector<TextEdit> edits;
  edits.reserve(planned.size());
  for (const PlannedEdit& p : planned) edits.push_back(p.edit);
  AppliedEdits result = apply_edits(*text, edits);
  std::set<std::size_t> fixed;
  for (const PlannedEdit& p : planned) {
    const bool skipped =
        std::find(result.skipped.begin(), result.skipped.end(), p.edit) != result.skipped.end();
    const Finding& f = findings[p.finding];
    if (skipped) {
      err << "rightfit: fix: " << place(p.edit) << ": skipped the " << f.rule_id << " fix '"
          << f.fixes.front().title << "': it overlaps another fix applied there; run again\n";
    } else {
      fixed.insert(p.finding);
    }
  }
  if (options.dry_run) {
    out << unified_diff(file, *text, result.applied);
    return fixed;
  }
  if (result.text == *text) return fixed;
  if (std::string problem = write_output_file(file, result.text); !problem.empty()) {
    err << "rightfit: fix: " << problem << "\n";
    return std::nullopt;
  }
  changed = true;
  for (std::size_t i : fixed) {
    out << findings[i].location.file << ":" << findings[i].location.line() << ": "
        << findings[i].rule_id << ": " << findings[i].fixes.front().title << "\n";
  }
  return fixed;
}

}  // namespace

FixOutcome apply_fixes(std::vector<Finding> findings, const std::set<std::string>& unparsed,
                       const FixOptions& options, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::vector<PlannedEdit>> by_file;
  std::set<std::string> refused;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!wanted(findings[i], options)) continue;
    for (const TextEdit& e : findings[i].fixes.front().edits) {
      if (unparsed.count(e.range.file)) {
        if (refused.insert(e.range.file).second) {
          err << "rightfit: fix: not changing " << e.range.file
              << ": it has a parse error (RF001); fix that first\n";
        }
        continue;
      }
      by_file[e.range.file].push_back({e, i});
    }
  }
  FixOutcome outcome;
  std::set<std::size_t> fixed;
  for (const auto& [file, planned] : by_file) {
    std::optional<std::set<std::size_t>> done =
        fix_file(file, planned, findings, options, outcome.changed, out, err);
    if (!done) {
      outcome.failed = true;
      continue;
    }
    fixed.insert(done->begin(), done->end());
  }
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (options.dry_run || !fixed.count(i)) outcome.remaining.push_back(std::move(findings[i]));
  }
  return outcome;
}

}  // namespace rightfit
