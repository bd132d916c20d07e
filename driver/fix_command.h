// `rightfit fix`: applies the fixes rules attached to their findings, file by file, atomically.
#pragma once

#include <iosfwd>
#include <set>
#include <string>
#include <vector>

#include "analyzer/finding.h"
#include "parsers/parse_limits.h"

namespace rightfit {

struct FixOptions {
  std::vector<std::string> rules;  // --rule: only these rules' fixes (IDs); empty: all
  bool dry_run = false;            // print a unified diff, change nothing
  // Files are read within this bound, as the analysis read them (limits.max_file_bytes).
  std::size_t max_file_bytes = ParseLimits{}.max_file_bytes;
};

struct FixOutcome {
  std::vector<Finding> remaining;  // the findings no applied fix removed
  bool failed = false;             // a file could not be read or written (exit 2)
  bool changed = false;            // a file was written
};

// Applies the first fix of each finding that is not suppressed (and of a rule --rule names),
// grouping edits by file: a file is written once (a temporary file renamed over it, its mode
// kept), or with --dry-run shown as a diff on `out`. A file of `unparsed` (the analysis's
// files with a parse error) is never touched; an edit that overlaps one applied before it in
// its file is skipped. Each is said on `err`, naming the file.
FixOutcome apply_fixes(std::vector<Finding> findings, const std::set<std::string>& unparsed,
                       const FixOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rightfit
