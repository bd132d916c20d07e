// Parsing a file with a tree-sitter grammar within the analysis limits (size, parse time,
// nesting), shared by the handler-code parsers (Python, JavaScript/TypeScript).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/tree_sitter_handles.h"

namespace rightfit {

struct LimitedParse {
  TreePtr tree;  // set when the file parsed within the limits
  // Otherwise why not, and the byte offset to report it at.
  uint32_t error_offset = 0;
  std::string error;
};

// `grammar` names the language in messages ("Python", "JavaScript/TypeScript"). The parse
// stops at `limits`' time limit (tree-sitter's progress callback); a tree nested deeper than
// `limits.max_nesting_depth` is refused before anyone walks it recursively.
LimitedParse parse_within_limits(const TSLanguage* language, std::string_view text,
                                 const ParseLimits& limits, std::string_view grammar);

// Node helpers of the handler-code parsers; each takes a null node and gives nothing back.
bool has_type(TSNode n, std::string_view type);
TSNode field(TSNode n, std::string_view name);
// Named children in order, comments (an extra of every grammar here) left out.
std::vector<TSNode> named_children(TSNode n);

}  // namespace rightfit
