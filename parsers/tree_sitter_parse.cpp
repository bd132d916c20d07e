#include "parsers/tree_sitter_parse.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace rightfit {

namespace {

// Hands tree-sitter the whole text at once.
struct Input {
  std::string_view text;
  static const char* read(void* payload, uint32_t byte, TSPoint, uint32_t* bytes_read) {
    const std::string_view t = static_cast<Input*>(payload)->text;
    if (byte >= t.size()) {
      *bytes_read = 0;
      return "";
    }
    *bytes_read = static_cast<uint32_t>(t.size() - byte);
    return t.data() + byte;
  }
};

// The start of the first node deeper than `limit`, walked with a cursor (no recursion).
std::optional<uint32_t> too_deep(TSNode root, std::size_t limit) {
  TreeCursor cursor(root);
  std::size_t depth = 0;
  for (;;) {
    if (depth > limit) return ts_node_start_byte(ts_tree_cursor_current_node(cursor.get()));
    if (ts_tree_cursor_goto_first_child(cursor.get())) {
      ++depth;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(cursor.get())) {
      if (!ts_tree_cursor_goto_parent(cursor.get())) return std::nullopt;
      --depth;
    }
  }
}

LimitedParse failed(uint32_t offset, std::string why) {
  LimitedParse out;
  out.error_offset = offset;
  out.error = std::move(why);
  return out;
}

}  // namespace

bool has_type(TSNode n, std::string_view type) {
  return !ts_node_is_null(n) && type == ts_node_type(n);
}

TSNode field(TSNode n, std::string_view name) {
  if (ts_node_is_null(n)) return n;
  return ts_node_child_by_field_name(n, name.data(), static_cast<uint32_t>(name.size()));
}

std::vector<TSNode> named_children(TSNode n) {
  std::vector<TSNode> out;
  if (ts_node_is_null(n)) return out;
  TreeCursor cursor(n);
  if (!ts_tree_cursor_goto_first_child(cursor.get())) return out;
  do {
    TSNode c = ts_tree_cursor_current_node(cursor.get());
    if (ts_node_is_named(c) && !has_type(c, "comment")) out.push_back(c);
  } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
  return out;
}

LimitedParse parse_within_limits(const TSLanguage* language, std::string_view text,
                                 const ParseLimits& limits, std::string_view grammar) {
  if (text.size() >= std::numeric_limits<uint32_t>::max())
    return failed(0, "file too large for the " + std::string(grammar) + " parser (4 GiB or more)");
  ParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), language)) {
    return failed(0, "the tree-sitter " + std::string(grammar) +
                         " grammar does not match the tree-sitter runtime");
  }
  Deadline deadline = limits.deadline();
  Input reader{text};
  TSInput source{};
  source.payload = &reader;
  source.read = Input::read;
  source.encoding = TSInputEncodingUTF8;
  TSParseOptions options{&deadline, [](TSParseState* s) {
                           return static_cast<const Deadline*>(s->payload)->passed();
                         }};
  TreePtr tree(ts_parser_parse_with_options(parser.get(), nullptr, source, options));
  if (!tree) {
    return failed(0, deadline.passed()
                         ? "stopped at " + std::string(kParseTimeoutKey) +
                               ": parsing took too long; " + limit_hint(kParseTimeoutKey)
                         : std::string("tree-sitter could not parse the file"));
  }
  const std::size_t limit = std::min(limits.max_nesting_depth, kMaxNestingDepthCeiling);
  if (std::optional<uint32_t> deep = too_deep(ts_tree_root_node(tree.get()), limit)) {
    return failed(*deep, "nesting deeper than " + std::to_string(limits.max_nesting_depth) + "; " +
                             limit_hint(kMaxNestingDepthKey));
  }
  LimitedParse out;
  out.tree = std::move(tree);
  return out;
}

}  // namespace rightfit
