// Finds `rightfit:ignore RF401 RF402 <reason>` comments in source text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/workload_facts.h"

namespace rightfit {

struct IgnoreComment {
  uint32_t line = 0;               // 1-based line of the comment
  uint32_t column = 0;             // 1-based column of `rightfit:ignore`
  bool own_line = false;           // nothing but the comment on its line
  std::vector<std::string> rules;  // RF<digits> words, in order; empty for a bare directive
  std::string reason;              // the text after the ids (may be empty)
};

// `markers` are the comment openers of the format, e.g. {"#"} for YAML, {"#", "//", "/*"}
// for HCL. Only a marker outside quotes starts a comment.
std::vector<IgnoreComment> find_ignore_comments(std::string_view text,
                                                const std::vector<std::string_view>& markers);

// A block (resource) that an ignore comment on its first line, or alone on the line above,
// covers whole.
struct CoverableBlock {
  uint32_t last_line = 0;
  std::optional<EntityId> resource;
};

// The suppressions the ignore comments of `text` declare: a trailing comment covers its own
// line, a comment alone on its line the next line; either covers the whole block whose first
// line (key in `blocks`) it sits on or, alone on its line, just above.
std::vector<Suppression> comment_suppressions(const std::string& file, std::string_view text,
                                              const std::vector<std::string_view>& markers,
                                              const std::map<uint32_t, CoverableBlock>& blocks);

}  // namespace rightfit
