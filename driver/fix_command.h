// `rightfit fix`: applies the fixes rules attached to their findings, file by file, atomically.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/finding.h"

namespace rightfit {

struct FixOptions {
  std::vector<std::string> rules;  // --rule: only these rules' fixes (IDs); empty: all
  bool dry_run = false;            // print a unified diff, change nothing
};

struct FixOutcome {
  std::vector<Finding> remaining;  // the findings no applied fix removed
  bool failed = false;             // a file could not be read or written (exit 2)
  bool changed = false;            // a file was written
};

// Applies the first fix of each finding that is not suppressed (and of a rule --rule names),
// grouping edits by file: a file is written once (a temporary file renamed over it, its mode
// kept), or with --dry-run shown as a diff on `out`. A file with a parse error (RF001) is
// never touched; an edit that overlaps one applied before it in its file is skipped. Each is
// said on `err`, naming the file.
FixOutcome apply_fixes(std::vector<Finding> findings, const FixOptions& options, std::ostream& out,
                       std::ostream& err);

}  // namespace rightfit
