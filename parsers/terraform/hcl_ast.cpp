// Builds the HCL AST from tree-sitter-hcl's concrete syntax tree.
//
// Shapes of the CST worth knowing (see the grammar's src/grammar.json): the grammar's
// `_expr_term` is hidden, so a traversal is flat: `a.b[0]` is
// (expression (variable_expr) (get_attr) (index)), and `(x).y` is
// (expression "(" (expression) ")" (get_attr)); binary and unary operations hold such runs
// of nodes around their operator token. Literal text inside templates is taken from the gaps
// between the interpolations, because the external scanner leaves leading whitespace out of
// the template_literal nodes.
#include "parsers/terraform/hcl_ast.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <memory_resource>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "parsers/terraform/hcl_text.h"
#include "parsers/text_position.h"
#include "parsers/tree_sitter_handles.h"

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace rightfit::hcl {

std::string_view Expr::for_key_var() const {
  const std::size_t space = text.find(' ');
  return space == std::string::npos ? std::string_view() : std::string_view(text).substr(0, space);
}

std::string_view Expr::for_value_var() const {
  const std::size_t space = text.find(' ');
  return space == std::string::npos ? std::string_view(text)
                                    : std::string_view(text).substr(space + 1);
}

const Attribute* Body::attribute(std::string_view name) const {
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

std::vector<const Block*> Body::blocks_of(std::string_view type) const {
  std::vector<const Block*> found;
  for (const Block& block : blocks) {
    if (block.type == type) found.push_back(&block);
  }
  return found;
}

namespace {

// Deeper input becomes Kind::Unsupported: the conversion and everything downstream recurse.
constexpr int kMaxDepth = 500;
constexpr std::size_t kSnippetCodePoints = 30;

// --- tree-sitter objects and nodes ---

// A node's children in order (ts_node_child(i) costs O(i), a cursor does not). Only for
// first_error_node(), on files with a syntax error; the builder uses a ChildLister.
std::vector<TSNode> all_children(TSNode node) {
  std::vector<TSNode> children;
  TreeCursor cursor(node);
  if (!ts_tree_cursor_goto_first_child(cursor.get())) return children;
  do {
    children.push_back(ts_tree_cursor_current_node(cursor.get()));
  } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
  return children;
}

// A list of nodes whose memory comes from a ChildLister's pool.
using NodeList = std::pmr::vector<TSNode>;

// Lists the children of the nodes the AST builder visits, which is nearly every node: one
// cursor, moved with ts_tree_cursor_reset(), and list memory from a pool that reuses what
// earlier lists gave back. A new cursor and vector per node (a malloc for the cursor's stack,
// one or more for the vector) cost a tenth of rightfit's Terraform instructions.
class ChildLister {
 public:
  explicit ChildLister(TSNode root) : cursor_(root) {}

  // The children without comments, which may sit between any two tokens.
  NodeList children_of(TSNode node) {
    NodeList children(&pool_);
    children.reserve(ts_node_child_count(node));
    TSTreeCursor* cursor = cursor_.get();
    ts_tree_cursor_reset(cursor, node);
    if (!ts_tree_cursor_goto_first_child(cursor)) return children;
    do {
      TSNode child = ts_tree_cursor_current_node(cursor);
      if (!ts_node_is_extra(child)) children.push_back(child);
    } while (ts_tree_cursor_goto_next_sibling(cursor));
    return children;
  }

  NodeList all_of_type(std::span<const TSNode> nodes, std::string_view type);

 private:
  TreeCursor cursor_;
  std::pmr::unsynchronized_pool_resource pool_;
};

std::string_view type_of(TSNode node) { return ts_node_type(node); }

bool has_type(TSNode node, std::string_view type) { return type_of(node) == type; }

std::optional<TSNode> first_of_type(std::span<const TSNode> nodes, std::string_view type) {
  for (TSNode node : nodes) {
    if (has_type(node, type)) return node;
  }
  return std::nullopt;
}

NodeList ChildLister::all_of_type(std::span<const TSNode> nodes, std::string_view type) {
  NodeList found(&pool_);
  for (TSNode node : nodes) {
    if (has_type(node, type)) found.push_back(node);
  }
  return found;
}

// Nodes that only wrap one named child (a choice in the grammar).
bool is_wrapper(std::string_view type) {
  return type == "operation" || type == "collection_value" || type == "for_expr" ||
         type == "template_expr" || type == "literal_value" || type == "template_directive" ||
         type == "splat" || type == "index";
}

TSNode unwrap(TSNode node) {
  while (is_wrapper(type_of(node)) && ts_node_named_child_count(node) > 0) {
    node = ts_node_named_child(node, 0);
  }
  return node;
}

// --- literal text of templates ---

// A piece of a template: literal text, or an interpolation / directive.
struct TemplatePart {
  std::optional<Expr> expr;  // empty for literal text
  std::string text;          // literal text: as written, then decoded
  Span span;
  bool strip_before = false;  // `${~`: trims the whitespace ending the previous literal
  bool strip_after = false;   // `~}`: trims the whitespace starting the next literal
};

struct ContentRange {
  uint32_t begin_byte = 0;
  TSPoint begin_point{};
  uint32_t end_byte = 0;
  TSPoint end_point{};
};

void apply_strip_markers(std::vector<TemplatePart>& parts) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].expr) continue;
    if (parts[i].strip_before && i > 0 && !parts[i - 1].expr) {
      detail::trim_trailing_whitespace(parts[i - 1].text);
    }
    if (parts[i].strip_after && i + 1 < parts.size() && !parts[i + 1].expr) {
      detail::trim_leading_whitespace(parts[i + 1].text);
    }
  }
}

// --- CST -> AST ---

class AstBuilder {
 public:
  AstBuilder(std::string_view text, const LineIndex& lines, TSNode root)
      : text_(text), lines_(lines), lister_(root) {}

  Body root_body(TSNode root);
  NodeList children_of(TSNode node) { return lister_.children_of(node); }
  std::optional<SyntaxError> depth_error() const { return depth_error_; }

 private:
  void add_body_items(TSNode container, Body& body, int depth);
  // Neither is inlined into add_body_items(), whose frame every nested block repeats.
  [[gnu::noinline]] Attribute attribute(TSNode node, int depth);
  [[gnu::noinline]] Block block(TSNode node, int depth);
  Span block_header(TSNode block, std::span<const TSNode> children) const;

  using Converter = Expr (AstBuilder::*)(TSNode, int);
  static Converter converter_for(std::string_view type);

  Expr expr(TSNode node, int depth);
  // parent.children += expr(node) one level deeper. Not inlined: the temporary Expr lives in
  // this small frame instead of one per call site in the frames deep nesting repeats.
  [[gnu::noinline]] void add_child(Expr& parent, TSNode node, int depth);
  Expr unsupported(TSNode node, int depth);
  Expr variable(TSNode node, int depth);
  Expr expression(TSNode node, int depth);
  Expr term(std::span<const TSNode> run, int depth);

  Expr primary(std::span<const TSNode> run, std::size_t& next, int depth);
  // Steps wrap `base` in place: few Expr temporaries in frames that nested index keys repeat.
  void apply_step(Expr& base, TSNode postfix, Position begin, int depth);
  void index_step(Expr& base, TSNode index, Position begin, int depth);
  void splat_step(Expr& base, TSNode splat, Position begin, int depth);
  Expr literal(TSNode node, int depth);
  Expr quoted(TSNode node, int depth);
  Expr heredoc(TSNode node, int depth);
  Expr interpolation(TSNode node, TemplatePart& part, int depth);
  Expr function_call(TSNode node, int depth);
  Expr conditional(TSNode node, int depth);
  Expr unary(TSNode node, int depth);
  Expr binary(TSNode node, int depth);
  Expr tuple(TSNode node, int depth);
  Expr object(TSNode node, int depth);
  Expr object_key(TSNode key, int depth);
  Expr for_expression(TSNode node, int depth);
  Expr too_deep(TSNode node);

  std::vector<TemplatePart> template_parts(std::span<const TSNode> children, ContentRange content,
                                           int depth);
  TemplatePart literal_part(uint32_t begin_byte, TSPoint begin, uint32_t end_byte,
                            TSPoint end) const;
  Expr assemble_template(TSNode node, std::vector<TemplatePart> parts) const;

  Expr make(Expr::Kind kind, TSNode node, std::string text = {}) const;
  std::string_view text_of(TSNode node) const;
  Position start_of(TSNode node) const;
  Position end_of(TSNode node) const;
  Span span_of(TSNode node) const { return {start_of(node), end_of(node)}; }
  Position at(TSPoint point) const { return lines_.position(point.row, point.column); }

  NodeList all_of_type(std::span<const TSNode> nodes, std::string_view type) {
    return lister_.all_of_type(nodes, type);
  }

  std::string_view text_;
  const LineIndex& lines_;
  ChildLister lister_;
  std::optional<SyntaxError> depth_error_;
};

Expr AstBuilder::make(Expr::Kind kind, TSNode node, std::string text) const {
  Expr made;
  made.kind = kind;
  made.text = std::move(text);
  made.span = span_of(node);
  return made;
}

std::string_view AstBuilder::text_of(TSNode node) const {
  uint32_t begin = std::min<uint32_t>(ts_node_start_byte(node), text_.size());
  uint32_t end = std::clamp<uint32_t>(ts_node_end_byte(node), begin, text_.size());
  return text_.substr(begin, end - begin);
}

Position AstBuilder::start_of(TSNode node) const { return at(ts_node_start_point(node)); }

Position AstBuilder::end_of(TSNode node) const { return at(ts_node_end_point(node)); }

Expr AstBuilder::too_deep(TSNode node) {
  if (!depth_error_) depth_error_ = SyntaxError{start_of(node), "too deeply nested"};
  return make(Expr::Kind::Unsupported, node, "too deeply nested");
}

// --- bodies, blocks, attributes ---

Body AstBuilder::root_body(TSNode root) {
  Body body;
  add_body_items(root, body, 0);
  return body;
}

// Attributes and blocks of a body. Error recovery can leave them directly under the root or
// an ERROR node; ERROR nodes themselves are skipped.
void AstBuilder::add_body_items(TSNode container, Body& body, int depth) {
  for (TSNode child : children_of(container)) {
    std::string_view type = type_of(child);
    if (type == "attribute") {
      body.attributes.push_back(attribute(child, depth));
    } else if (type == "block") {
      if (depth >= kMaxDepth) {
        too_deep(child);
        continue;
      }
      body.blocks.push_back(block(child, depth + 1));
    } else if (type == "body") {
      add_body_items(child, body, depth);
    }
  }
}

Attribute AstBuilder::attribute(TSNode node, int depth) {
  Attribute made;
  NodeList children = children_of(node);
  if (auto name = first_of_type(children, "identifier")) {
    made.name = std::string(text_of(*name));
    made.name_span = span_of(*name);
  }
  if (auto value = first_of_type(children, "expression")) {
    made.value = expr(*value, depth + 1);
  } else {
    made.value = make(Expr::Kind::Unsupported, node, "ERROR");
  }
  return made;
}

Block AstBuilder::block(TSNode node, int depth) {
  Block made;
  NodeList children = children_of(node);
  bool type_seen = false;
  for (TSNode child : children) {
    std::string_view type = type_of(child);
    if (type == "identifier" && !type_seen) {
      made.type = std::string(text_of(child));
      type_seen = true;
    } else if (type == "identifier") {
      made.labels.emplace_back(text_of(child));
    } else if (type == "string_lit") {
      made.labels.push_back(quoted(child, depth).text);
    } else if (type == "body") {
      add_body_items(child, made.body, depth);
    } else if (type == "block_end") {
      made.last_line = start_of(child).line;
    }
  }
  made.header = block_header(node, children);
  if (made.last_line == 0) made.last_line = end_of(node).line;
  return made;
}

// From the block's start to the end of the last header token (type, labels, `{`) on the
// block's first line: `resource "t" "n" {`.
Span AstBuilder::block_header(TSNode block, std::span<const TSNode> children) const {
  uint32_t first_row = ts_node_start_point(block).row;
  Span header{start_of(block), start_of(block)};
  for (TSNode child : children) {
    std::string_view type = type_of(child);
    if (type == "body" || type == "block_end") break;
    if (ts_node_end_point(child).row != first_row) break;
    header.end = end_of(child);
  }
  return header;
}

// --- expressions ---

// The converter for each node type an expression can be. Called through member pointers,
// which also keeps the converters' locals out of the frames every nesting level repeats.
AstBuilder::Converter AstBuilder::converter_for(std::string_view type) {
  static constexpr std::pair<std::string_view, Converter> kConverters[] = {
      {"expression", &AstBuilder::expression},
      {"variable_expr", &AstBuilder::variable},
      {"numeric_lit", &AstBuilder::literal},
      {"bool_lit", &AstBuilder::literal},
      {"null_lit", &AstBuilder::literal},
      {"string_lit", &AstBuilder::quoted},
      {"quoted_template", &AstBuilder::quoted},
      {"heredoc_template", &AstBuilder::heredoc},
      {"function_call", &AstBuilder::function_call},
      {"conditional", &AstBuilder::conditional},
      {"unary_operation", &AstBuilder::unary},
      {"binary_operation", &AstBuilder::binary},
      {"tuple", &AstBuilder::tuple},
      {"object", &AstBuilder::object},
      {"for_tuple_expr", &AstBuilder::for_expression},
      {"for_object_expr", &AstBuilder::for_expression},
  };
  for (const auto& [name, converter] : kConverters) {
    if (name == type) return converter;
  }
  return &AstBuilder::unsupported;
}

Expr AstBuilder::expr(TSNode node, int depth) {
  if (depth > kMaxDepth) return too_deep(node);
  node = unwrap(node);
  return (this->*converter_for(type_of(node)))(node, depth);
}

void AstBuilder::add_child(Expr& parent, TSNode node, int depth) {
  parent.children.push_back(expr(node, depth + 1));
}

Expr AstBuilder::unsupported(TSNode node, int) {
  return make(Expr::Kind::Unsupported, node, std::string(type_of(node)));
}

Expr AstBuilder::variable(TSNode node, int) {
  return make(Expr::Kind::Variable, node, std::string(text_of(node)));
}

// (expression ...) holds a conditional or a run: a primary followed by traversal steps.
Expr AstBuilder::expression(TSNode node, int depth) {
  NodeList children = children_of(node);
  if (children.size() == 1 && has_type(children[0], "conditional")) {
    return conditional(children[0], depth);
  }
  if (children.empty()) return make(Expr::Kind::Unsupported, node, "ERROR");
  return term(children, depth);
}

// A primary and its traversal steps: `a.b[0]`, `f(x).y`, `(x)[*].z`. Steps wrap the primary
// from the inside out, each spanning from the start of the run to the end of the step.
Expr AstBuilder::term(std::span<const TSNode> run, int depth) {
  int steps = 0;
  for (TSNode node : run) {
    std::string_view type = type_of(node);
    if (type == "get_attr" || type == "index") ++steps;
    if (type == "splat") steps += 1 + static_cast<int>(ts_node_named_child_count(unwrap(node)));
  }
  if (depth + steps > kMaxDepth) return too_deep(run.front());
  std::size_t next = 0;
  Expr result = primary(run, next, depth + steps);
  Position begin = start_of(run.front());
  for (TSNode postfix : run.subspan(next)) apply_step(result, postfix, begin, depth);
  return result;
}

// The first element of a run; `next` is set to the index of the first step.
Expr AstBuilder::primary(std::span<const TSNode> run, std::size_t& next, int depth) {
  if (has_type(run[0], "(")) {
    // Parentheses only group: the inner expression stands for them.
    next = 1;
    while (next < run.size() && !has_type(run[next], ")")) ++next;
    auto inner = first_of_type(run.subspan(1, next - 1), "expression");
    if (next < run.size()) ++next;
    // They nest the recursion but not the AST: they count toward the depth all the same.
    return inner ? expr(*inner, depth + 1) : make(Expr::Kind::Unsupported, run[0], "ERROR");
  }
  next = 1;
  return expr(run[0], depth);
}

// Makes `base` the only child of a new expression in its place.
void wrap(Expr& base, Expr::Kind kind, Span span) {
  Expr inner = std::move(base);
  base = Expr{};
  base.kind = kind;
  base.span = span;
  base.children.push_back(std::move(inner));
}

void AstBuilder::apply_step(Expr& base, TSNode postfix, Position begin, int depth) {
  std::string_view type = type_of(postfix);
  if (type == "get_attr") {
    wrap(base, Expr::Kind::GetAttr, {begin, end_of(postfix)});
    if (auto name = first_of_type(children_of(postfix), "identifier")) {
      base.text = std::string(text_of(*name));
    }
  } else if (type == "index") {
    index_step(base, postfix, begin, depth);
  } else if (type == "splat") {
    splat_step(base, postfix, begin, depth);
  }
  // Anything else is error recovery's leftovers (or a parenthesis): no step.
}

// `[expr]`, or the legacy `.0` whose digits become a Number.
void AstBuilder::index_step(Expr& base, TSNode index, Position begin, int depth) {
  wrap(base, Expr::Kind::Index, {begin, end_of(index)});
  TSNode inner = unwrap(index);
  if (has_type(inner, "legacy_index")) {
    base.children.push_back(make(Expr::Kind::Number, inner, std::string(text_of(inner).substr(1))));
    base.children.back().span.begin.column += 1;  // after the `.`
  } else if (auto key = first_of_type(children_of(inner), "expression")) {
    add_child(base, *key, depth);
  } else {
    base.children.push_back(make(Expr::Kind::Unsupported, inner, "ERROR"));
  }
}

// `[*]` / `.*` and the steps the grammar keeps inside the splat (applied per element).
void AstBuilder::splat_step(Expr& base, TSNode splat, Position begin, int depth) {
  TSNode inner = unwrap(splat);
  NodeList children = children_of(inner);
  wrap(base, Expr::Kind::Splat, {begin, children.empty() ? end_of(inner) : end_of(children[0])});
  for (TSNode child : children) apply_step(base, child, begin, depth);
}

Expr AstBuilder::literal(TSNode node, int) {
  std::string_view type = type_of(node);
  if (type == "numeric_lit") return make(Expr::Kind::Number, node, std::string(text_of(node)));
  if (type == "bool_lit") return make(Expr::Kind::Bool, node, std::string(text_of(node)));
  return make(Expr::Kind::Null, node);
}

Expr AstBuilder::function_call(TSNode node, int depth) {
  NodeList children = children_of(node);
  Expr made = make(Expr::Kind::Call, node);
  if (auto name = first_of_type(children, "identifier")) made.text = std::string(text_of(*name));
  if (auto arguments = first_of_type(children, "function_arguments")) {
    for (TSNode argument : all_of_type(children_of(*arguments), "expression")) {
      add_child(made, argument, depth);
    }
  }
  return made;
}

Expr AstBuilder::conditional(TSNode node, int depth) {
  Expr made = make(Expr::Kind::Conditional, node);
  for (TSNode operand : all_of_type(children_of(node), "expression")) {
    add_child(made, operand, depth);
  }
  if (made.children.size() != 3) return make(Expr::Kind::Unsupported, node, "ERROR");
  return made;
}

Expr AstBuilder::unary(TSNode node, int depth) {
  NodeList children = children_of(node);
  if (children.size() < 2) return make(Expr::Kind::Unsupported, node, "ERROR");
  Expr made = make(Expr::Kind::Unary, node, std::string(type_of(children[0])));
  made.children.push_back(term(std::span(children).subspan(1), depth + 1));
  return made;
}

// (binary_operation <run> <operator> <run>): the operator is the one anonymous child that
// is not a parenthesis of the left run.
Expr AstBuilder::binary(TSNode node, int depth) {
  NodeList children = children_of(node);
  std::size_t op = 1;
  while (op < children.size() && (ts_node_is_named(children[op]) || has_type(children[op], "(") ||
                                  has_type(children[op], ")"))) {
    ++op;
  }
  if (op + 1 >= children.size()) return make(Expr::Kind::Unsupported, node, "ERROR");
  Expr made = make(Expr::Kind::Binary, node, std::string(type_of(children[op])));
  std::span<const TSNode> all(children);
  made.children.push_back(term(all.first(op), depth + 1));
  made.children.push_back(term(all.subspan(op + 1), depth + 1));
  return made;
}

Expr AstBuilder::tuple(TSNode node, int depth) {
  Expr made = make(Expr::Kind::Tuple, node);
  for (TSNode item : all_of_type(children_of(node), "expression")) {
    add_child(made, item, depth);
  }
  return made;
}

Expr AstBuilder::object(TSNode node, int depth) {
  Expr made = make(Expr::Kind::Object, node);
  for (TSNode element : all_of_type(children_of(node), "object_elem")) {
    TSNode key = ts_node_child_by_field_name(element, "key", 3);
    TSNode value = ts_node_child_by_field_name(element, "val", 3);
    if (ts_node_is_null(key) || ts_node_is_null(value)) continue;
    made.children.push_back(object_key(key, depth + 1));
    add_child(made, value, depth);
  }
  return made;
}

// A bare identifier key names itself (`{a = 1}` has the key "a"); `(a)` evaluates a.
Expr AstBuilder::object_key(TSNode key, int depth) {
  NodeList children = children_of(key);
  if (children.size() == 1 && has_type(children[0], "variable_expr")) {
    return make(Expr::Kind::String, children[0], std::string(text_of(children[0])));
  }
  return expr(key, depth);
}

// [for k, v in coll : value if cond] / {for k, v in coll : key => value... if cond}
Expr AstBuilder::for_expression(TSNode node, int depth) {
  NodeList children = children_of(node);
  Expr made = make(Expr::Kind::For, node);
  made.for_object = has_type(node, "for_object_expr");
  made.for_grouping = first_of_type(children, "ellipsis").has_value();
  auto intro = first_of_type(children, "for_intro");
  if (!intro) return make(Expr::Kind::Unsupported, node, "ERROR");
  NodeList intro_children = children_of(*intro);
  NodeList names = all_of_type(intro_children, "identifier");
  auto collection = first_of_type(intro_children, "expression");
  if (names.empty() || !collection) return make(Expr::Kind::Unsupported, node, "ERROR");
  // An identifier holds no space: "k v" splits back into its two names.
  if (names.size() > 1) made.text = std::string(text_of(names[0])) + ' ';
  made.text += text_of(names.back());
  add_child(made, *collection, depth);
  // The key (object only) and value expressions are the for's own expression children.
  for (TSNode result : all_of_type(children, "expression")) {
    add_child(made, result, depth);
  }
  if (made.children.size() != (made.for_object ? 3u : 2u)) {
    return make(Expr::Kind::Unsupported, node, "ERROR");
  }
  if (auto condition = first_of_type(children, "for_cond")) {
    if (auto test = first_of_type(children_of(*condition), "expression")) {
      add_child(made, *test, depth);
    }
  }
  return made;
}

// --- templates ---

TemplatePart AstBuilder::literal_part(uint32_t begin_byte, TSPoint begin, uint32_t end_byte,
                                      TSPoint end) const {
  TemplatePart part;
  begin_byte = std::min<uint32_t>(begin_byte, text_.size());
  end_byte = std::clamp<uint32_t>(end_byte, begin_byte, text_.size());
  part.text = std::string(text_.substr(begin_byte, end_byte - begin_byte));
  part.span = {at(begin), at(end)};
  return part;
}

// The parts between content.begin and content.end: interpolations and directives, and the
// literal text in the gaps between them.
std::vector<TemplatePart> AstBuilder::template_parts(std::span<const TSNode> children,
                                                     ContentRange content, int depth) {
  std::vector<TemplatePart> parts;
  uint32_t gap_byte = content.begin_byte;
  TSPoint gap_point = content.begin_point;
  for (TSNode child : children) {
    std::string_view type = type_of(child);
    if (type != "template_interpolation" && type != "template_directive") continue;
    parts.push_back(
        literal_part(gap_byte, gap_point, ts_node_start_byte(child), ts_node_start_point(child)));
    TemplatePart part;
    if (type == "template_interpolation") {
      part.expr = interpolation(child, part, depth);
    } else {
      // %{if} / %{for}: not evaluated; the part marks the template as unknown.
      part.expr = make(Expr::Kind::Unsupported, child, std::string(type_of(unwrap(child))));
    }
    part.span = part.expr->span;
    parts.push_back(std::move(part));
    gap_byte = ts_node_end_byte(child);
    gap_point = ts_node_end_point(child);
  }
  if (gap_byte < content.end_byte) {
    parts.push_back(literal_part(gap_byte, gap_point, content.end_byte, content.end_point));
  }
  return parts;
}

// `${ expr }`, with the strip markers of `${~ expr ~}` noted on the part.
Expr AstBuilder::interpolation(TSNode node, TemplatePart& part, int depth) {
  NodeList children = children_of(node);
  auto marker_at = [&](std::size_t i) {
    return i < children.size() && has_type(children[i], "strip_marker");
  };
  part.strip_before = marker_at(1);
  part.strip_after = children.size() >= 3 && marker_at(children.size() - 2);
  if (auto inner = first_of_type(children, "expression")) return expr(*inner, depth + 1);
  return make(Expr::Kind::Unsupported, node, "template_interpolation");
}

Expr AstBuilder::assemble_template(TSNode node, std::vector<TemplatePart> parts) const {
  apply_strip_markers(parts);
  bool literal_only = std::none_of(parts.begin(), parts.end(),
                                   [](const TemplatePart& part) { return part.expr.has_value(); });
  if (literal_only) {
    std::string text;
    for (const TemplatePart& part : parts) text += part.text;
    return make(Expr::Kind::String, node, std::move(text));
  }
  Expr made = make(Expr::Kind::Template, node);
  for (TemplatePart& part : parts) {
    if (part.expr) {
      made.children.push_back(std::move(*part.expr));
    } else if (!part.text.empty()) {
      Expr literal;
      literal.kind = Expr::Kind::String;
      literal.text = std::move(part.text);
      literal.span = part.span;
      made.children.push_back(std::move(literal));
    }
  }
  return made;
}

// "..." (string_lit without interpolation, quoted_template with): the content lies between
// the quote tokens.
Expr AstBuilder::quoted(TSNode node, int depth) {
  NodeList children = children_of(node);
  auto open = first_of_type(children, "quoted_template_start");
  auto close = first_of_type(children, "quoted_template_end");
  if (!open || !close) return make(Expr::Kind::Unsupported, node, "ERROR");
  ContentRange content{ts_node_end_byte(*open), ts_node_end_point(*open),
                       ts_node_start_byte(*close), ts_node_start_point(*close)};
  std::vector<TemplatePart> parts = template_parts(children, content, depth);
  for (TemplatePart& part : parts) {
    if (!part.expr) part.text = detail::decode_quoted_literal(part.text);
  }
  return assemble_template(node, std::move(parts));
}

// <<EOF / <<-EOF: the content runs from the line after the opening marker to the start of
// the closing marker's line, so it ends with a newline.
Expr AstBuilder::heredoc(TSNode node, int depth) {
  NodeList children = children_of(node);
  NodeList markers = all_of_type(children, "heredoc_identifier");
  auto start = first_of_type(children, "heredoc_start");
  if (markers.size() != 2 || !start) return make(Expr::Kind::Unsupported, node, "ERROR");
  ContentRange content;
  std::size_t newline = text_.find('\n', ts_node_end_byte(markers[0]));
  if (newline == std::string_view::npos) return make(Expr::Kind::Unsupported, node, "ERROR");
  content.begin_byte = static_cast<uint32_t>(newline + 1);
  content.begin_point = {ts_node_end_point(markers[0]).row + 1, 0};
  TSPoint closing = ts_node_start_point(markers[1]);
  content.end_byte = std::max(ts_node_start_byte(markers[1]) - closing.column, content.begin_byte);
  content.end_point = {closing.row, 0};

  std::vector<TemplatePart> parts = template_parts(children, content, depth);
  if (text_of(*start) == "<<-") {
    std::vector<std::string*> literals;
    literals.reserve(parts.size());
    for (TemplatePart& part : parts) literals.push_back(part.expr ? nullptr : &part.text);
    detail::remove_heredoc_indentation(literals);
  }
  for (TemplatePart& part : parts) {
    if (!part.expr) part.text = detail::decode_template_escapes(part.text);
  }
  return assemble_template(node, std::move(parts));
}

// --- syntax errors ---

// The first ERROR or MISSING node in document order. Iterative: the tree can be as deep as
// the input is nested.
TSNode first_error_node(TSNode root) {
  TSNode node = root;
  while (!ts_node_is_error(node) && !ts_node_is_missing(node)) {
    std::vector<TSNode> children = all_children(node);
    auto broken = std::find_if(children.begin(), children.end(),
                               [](TSNode child) { return ts_node_has_error(child); });
    if (broken == children.end()) break;
    node = *broken;
  }
  return node;
}

// The closing token a MISSING node stands for, as a user would write it. Error recovery
// also inserts other tokens (even a heredoc's `<<`); those are reported as plain syntax
// errors, since "missing `<<`" would only mislead.
std::optional<std::string_view> missing_closer(std::string_view type) {
  if (type == "}" || type == "block_end" || type == "object_end" ||
      type == "template_interpolation_end" || type == "template_directive_end") {
    return "`}`";
  }
  if (type == "]" || type == "tuple_end") return "`]`";
  if (type == ")") return "`)`";
  if (type == "quoted_template_end") return "`\"`";
  if (type == "heredoc_identifier") return "end of heredoc";
  return std::nullopt;
}

// Up to kSnippetCodePoints code points of the source at `begin`, within the line.
std::string snippet_at(std::string_view text, uint32_t begin) {
  std::size_t end = begin;
  std::size_t code_points = 0;
  while (end < text.size() && text[end] != '\n') {
    bool starts_code_point = (static_cast<unsigned char>(text[end]) & 0xC0) != 0x80;
    if (starts_code_point && ++code_points > kSnippetCodePoints) break;
    ++end;
  }
  std::string_view snippet = text.substr(begin, end - begin);
  while (!snippet.empty() &&
         (snippet.back() == ' ' || snippet.back() == '\t' || snippet.back() == '\r')) {
    snippet.remove_suffix(1);
  }
  return std::string(snippet);
}

SyntaxError syntax_error(TSNode root, std::string_view text, const LineIndex& lines) {
  TSNode node = first_error_node(root);
  TSPoint point = ts_node_start_point(node);
  SyntaxError error;
  error.where = lines.position(point.row, point.column);
  if (ts_node_is_missing(node)) {
    if (auto closer = missing_closer(type_of(node))) {
      error.message = "missing " + std::string(*closer);
      return error;
    }
  }
  std::string snippet = snippet_at(text, std::min<uint32_t>(ts_node_start_byte(node), text.size()));
  error.message = snippet.empty() ? "syntax error" : "syntax error near `" + snippet + "`";
  return error;
}

File failure(std::string message) {
  File file;
  file.error = SyntaxError{{1, 1}, std::move(message)};
  return file;
}

}  // namespace

namespace {

// A whole string as tree-sitter input (what ts_parser_parse_string does internally).
struct StringInput {
  std::string_view text;
  static const char* read(void* payload, uint32_t byte, TSPoint, uint32_t* bytes_read) {
    const std::string_view text = static_cast<StringInput*>(payload)->text;
    if (byte >= text.size()) {
      *bytes_read = 0;
      return "";
    }
    *bytes_read = static_cast<uint32_t>(text.size() - byte);
    return text.data() + byte;
  }
};

// tree-sitter calls this now and then while it parses; true cancels the parse.
bool deadline_passed(TSParseState* state) {
  return static_cast<const Deadline*>(state->payload)->passed();
}

TreePtr parse_tree(TSParser* parser, std::string_view input, const Deadline& deadline) {
  TSInput source{};
  StringInput reader{input};
  source.payload = &reader;
  source.read = StringInput::read;
  source.encoding = TSInputEncodingUTF8;
  TSParseOptions options{const_cast<Deadline*>(&deadline), deadline_passed};
  return TreePtr(ts_parser_parse_with_options(parser, nullptr, source, options));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct ByteRange {
  uint32_t begin;
  uint32_t end;
};

// Where `text` holds an exponent (`e3`, `E-2`) right after the end of a number at `end`.
std::optional<ByteRange> exponent_at(std::string_view text, uint32_t end) {
  std::size_t i = end;
  if (i >= text.size() || (text[i] != 'e' && text[i] != 'E')) return std::nullopt;
  ++i;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t digits = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == digits) return std::nullopt;
  return ByteRange{end, static_cast<uint32_t>(i)};
}

// HCL writes `1e3` (an exponent without a fraction), which tree-sitter-hcl's numeric_lit does
// not lex: it ends the number at `1`, and `e3` is a syntax error. The exponents that follow a
// whole number directly, found in a tree with errors (a cursor walk: no recursion).
std::vector<ByteRange> bare_exponents(TSNode root, std::string_view text) {
  std::vector<ByteRange> found;
  TreeCursor cursor(root);
  TSTreeCursor* walk = cursor.get();
  while (true) {
    const TSNode node = ts_tree_cursor_current_node(walk);
    if (type_of(node) == "numeric_lit") {
      const uint32_t begin = std::min<uint32_t>(ts_node_start_byte(node), text.size());
      const uint32_t end = std::clamp<uint32_t>(ts_node_end_byte(node), begin, text.size());
      const std::string_view number = text.substr(begin, end - begin);
      const bool whole = !number.empty() && std::all_of(number.begin(), number.end(), is_digit);
      if (std::optional<ByteRange> exponent = whole ? exponent_at(text, end) : std::nullopt)
        found.push_back(*exponent);
    }
    if (ts_tree_cursor_goto_first_child(walk)) continue;
    while (!ts_tree_cursor_goto_next_sibling(walk)) {
      if (!ts_tree_cursor_goto_parent(walk)) return found;
    }
  }
}

// The tree of `input`, with each bare exponent shown to the grammar as digits of the same
// length (`1e3` as `100`): every offset holds, and the AST reads the literal from `input`
// itself, so the number is still 1e3. Rounds repeat while error recovery uncovers more.
TreePtr parse_with_bare_exponents(TSParser* parser, std::string_view input,
                                  const Deadline& deadline) {
  TreePtr tree = parse_tree(parser, input, deadline);
  std::string shown;
  while (tree && ts_node_has_error(ts_tree_root_node(tree.get()))) {
    const std::string_view seen = shown.empty() ? input : std::string_view(shown);
    const std::vector<ByteRange> exponents = bare_exponents(ts_tree_root_node(tree.get()), seen);
    if (exponents.empty()) break;
    if (shown.empty()) shown = std::string(input);
    for (const ByteRange& r : exponents)
      std::fill(shown.begin() + r.begin, shown.begin() + r.end, '0');
    tree = parse_tree(parser, shown, deadline);
  }
  return tree;
}

// The first character of the first line that starts with a tab or a space and has more on it.
char indent_unit_of(std::string_view text) {
  for (std::size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    const std::size_t content = text.find_first_not_of(" \t", at);
    if (content == std::string_view::npos) break;
    if (content > at && text[content] != '\n' && text[content] != '\r') return text[at];
    if (text.find('\n', at) == std::string_view::npos) break;
  }
  return ' ';
}

}  // namespace

File parse_hcl(std::string_view text, const Deadline& deadline) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    return failure("file too large for the HCL parser (4 GiB or more)");
  }
  // The grammar's scanner only closes a heredoc at a newline: a file ending right after the
  // closing marker would not parse. An added final newline moves no position. Only then is
  // the text copied (most files end with a newline).
  std::string with_newline;
  std::string_view input = text;
  if (text.empty() || text.back() != '\n') {
    with_newline.reserve(text.size() + 1);
    with_newline.append(text).push_back('\n');
    input = with_newline;
  }

  ParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), tree_sitter_hcl())) {
    return failure("the tree-sitter-hcl grammar does not match the tree-sitter runtime");
  }
  TreePtr tree = parse_with_bare_exponents(parser.get(), input, deadline);
  if (!tree && deadline.passed()) {
    return failure("stopped at " + std::string(kParseTimeoutKey) + ": parsing took too long; " +
                   limit_hint(kParseTimeoutKey));
  }
  if (!tree) return failure("tree-sitter could not parse the file");

  TSNode root = ts_tree_root_node(tree.get());
  LineIndex lines(input);
  File file;
  file.indent_unit = indent_unit_of(input);
  file.end = lines.at(text.size());
  if (ts_node_has_error(root)) file.error = syntax_error(root, input, lines);
  AstBuilder builder(input, lines, root);
  NodeList top = builder.children_of(root);
  if (has_type(root, "config_file") && top.size() == 1 && has_type(top[0], "object")) {
    // The grammar accepts a lone object as a file; HCL native syntax does not.
    if (!file.error) {
      file.error =
          SyntaxError{lines.position(0, 0), "expected attributes and blocks, not an object"};
    }
    return file;
  }
  file.body = builder.root_body(root);
  if (!file.error) file.error = builder.depth_error();
  return file;
}

}  // namespace rightfit::hcl
