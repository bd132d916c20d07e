// `check --new-from-rev REV` (golangci-lint's name): findings only where the change since REV
// is, so an unrelated edit is not blocked by an old finding, without a baseline file. The
// lines come from `git diff` of the working tree against REV, read through run_git.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/finding.h"
#include "parsers/result.h"

namespace rightfit {

struct ChangedLines {
  std::string revision;  // as the user wrote it, for messages
  // Canonical absolute path -> changed line ranges (inclusive) in the working-tree file.
  std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> ranges;
  // Files that did not exist at the revision: untracked (not ignored) or added since.
  std::set<std::string> new_files;

  bool covers(const SourceRange& where) const;
  // The same for a path already canonical (as the keys are).
  bool covers_canonical(const std::string& path, uint32_t line) const;
};

// The lines of the git work tree holding `directory` that changed since `revision` (a commit,
// branch or tag); a problem naming the revision when git does not know it or `directory` is
// in no git work tree. A deletion marks the lines on each side of it, and renames are
// followed (`-M`), so a moved file counts only its edited lines.
Result<ChangedLines> changed_since(const std::string& directory, const std::string& revision);

// Parses `git diff -U0` output whose paths are relative to `top`.
ChangedLines parse_unified_diff(const std::string& top, const std::string& diff);

// Marks every unsuppressed finding whose location and related locations all lie outside the
// changed lines as suppressed (kind external): a finding counts as new when the change
// touched its line or one of its related lines (a Timeout raised on the function makes the
// queue's RF106 new).
void keep_changed(std::vector<Finding>& findings, const ChangedLines& changed);

}  // namespace rightfit
