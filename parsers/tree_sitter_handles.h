// Owning holders for tree-sitter's C objects, shared by the parsers built on tree-sitter.
#pragma once

#include <tree_sitter/api.h>

#include <memory>

namespace rightfit {

struct TSParserDeleter {
  void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};
struct TSTreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using ParserPtr = std::unique_ptr<TSParser, TSParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TSTreeDeleter>;

// A TSTreeCursor over `node`, deleted at the end of the scope.
class TreeCursor {
 public:
  explicit TreeCursor(TSNode node) : cursor_(ts_tree_cursor_new(node)) {}
  ~TreeCursor() { ts_tree_cursor_delete(&cursor_); }
  TreeCursor(const TreeCursor&) = delete;
  TreeCursor& operator=(const TreeCursor&) = delete;

  TSTreeCursor* get() { return &cursor_; }

 private:
  TSTreeCursor cursor_;
};

}  // namespace rightfit
