// Finds `rightfit:ignore RF401 RF402 <reason>` comments in source text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rightfit {

struct IgnoreComment {
  uint32_t line = 0;               // 1-based line of the comment
  bool own_line = false;           // nothing but the comment on its line
  std::vector<std::string> rules;  // RFnnn ids, in order
  std::string reason;              // the text after the ids (may be empty)
};

// `markers` are the comment openers of the format, e.g. {"#"} for YAML, {"#", "//", "/*"}
// for HCL. Only a marker outside quotes starts a comment.
std::vector<IgnoreComment> find_ignore_comments(std::string_view text,
                                                const std::vector<std::string_view>& markers);

}  // namespace rightfit
