#include "driver/fix_command.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

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

// The file's bytes exactly as on disk; nullopt when it cannot be read.
std::optional<std::string> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

// Files with a parse error: the positions of their findings may not hold.
std::set<std::string> unparsed_files(const std::vector<Finding>& findings) {
  std::set<std::string> files;
  for (const Finding& f : findings) {
    if (f.rule_id == "RF001") files.insert(f.location.file);
  }
  return files;
}

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
  std::optional<std::string> text = read_bytes(file);
  if (!text) {
    err << "rightfit: fix: cannot read " << file << "\n";
    return std::nullopt;
  }
  if (utf8_of_wide_text(*text)) {
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

FixOutcome apply_fixes(std::vector<Finding> findings, const FixOptions& options, std::ostream& out,
                       std::ostream& err) {
  const std::set<std::string> unparsed = unparsed_files(findings);
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
