// Applying the text edits of fixes to a file's text, and showing the change as a unified diff.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/finding.h"

namespace rightfit {

struct AppliedEdits {
  std::string text;               // the new text
  std::vector<TextEdit> applied;  // in position order
  std::vector<TextEdit> skipped;  // overlapped an edit applied before them
};

// Applies `edits` (all of one file) to `text` in position order. Insertions at one point are
// all made, their texts in the order of `edits` (two fixes adding at one place need one run).
// An edit that overlaps one already applied is skipped; an edit equal to one applied is the
// same change and is dropped silently.
AppliedEdits apply_edits(std::string_view text, std::vector<TextEdit> edits);

// `before` -> `after` as a unified diff with 3 lines of context, for the edits that made it
// (`applied`, as apply_edits returned them); `path` names both sides (`a/`, `b/`). Empty when
// nothing changed.
std::string unified_diff(std::string_view path, std::string_view before,
                         const std::vector<TextEdit>& applied);

}  // namespace rightfit
