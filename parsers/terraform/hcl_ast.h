// HCL (Terraform) syntax as a small positioned AST, built from tree-sitter-hcl's concrete
// syntax tree. Expressions stay unevaluated; parsers/terraform/evaluator does the evaluation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/source_range.h"

namespace rightfit::hcl {

struct Expr {
  enum class Kind : unsigned char {
    Null,         // null
    Bool,         // text = "true" | "false"
    Number,       // text = the literal as written ("300", "1.5", "1e3")
    String,       // a string without interpolation (also heredocs); text = decoded value
    Template,     // "a-${x}-b": children = parts; literal parts are Kind::String
    Variable,     // a root name: var, local, module, each, count, path, aws_sqs_queue, ...
    GetAttr,      // children[0].text_of_attribute: text = attribute name
    Index,        // children[0][children[1]]
    Splat,        // children[0][*] or children[0].*; further steps apply per element
    Call,         // text = function name; children = arguments (expand `...` ignored)
    Conditional,  // children = [condition, if_true, if_false]
    Unary,        // text = "!" | "-"; children = [operand]
    Binary,       // text = operator ("+", "==", "&&", ...); children = [left, right]
    Tuple,        // [a, b]: children = items
    Object,       // {k = v}: children = key, value, key, value, ... (a bare identifier key
                  // is Kind::String)
    For,          // [for k, v in coll : expr if cond] / {for ... : k => v}: text = the
                  // iteration variables, "v" or "k v" (see for_key_var); `for_*`, children
    Unsupported,  // something the grammar knows and we do not evaluate; text = node type
    // A value from a Terraform plan (parsers/terraform/tf_plan): children[0] the value, or,
    // when `text` is set, unknown for that reason (the plan knows it only after apply);
    // children[1..] traversals of the resources its configuration references (links only).
    Planned,
  };

  Kind kind = Kind::Null;
  // Kind::For only (next to `kind`, in its padding).
  bool for_object = false;    // {for ...} (key => value) rather than [for ...]
  bool for_grouping = false;  // `...` after the value of an object for
  std::string text;
  Span span;
  std::vector<Expr> children;
  // For children: [collection, key_expr (object only), value_expr, condition (optional)].
  // Its variable names live in `text`, not in members of their own: a batch run holds every
  // file's expressions at once, and two strings in each made an Expr 152 bytes, not 80.

  // Kind::For: the key variable's name, empty when only one variable is named.
  std::string_view for_key_var() const;
  // Kind::For: the value variable's name.
  std::string_view for_value_var() const;
};

struct Attribute {
  std::string name;
  Span name_span;  // the attribute's name: where findings land
  Expr value;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;

  const Attribute* attribute(std::string_view name) const;
  std::vector<const Block*> blocks_of(std::string_view type) const;
};

struct Block {
  std::string type;                 // resource, variable, locals, module, dynamic, ...
  std::vector<std::string> labels;  // resource "aws_lambda_function" "this" -> 2 labels
  Span header;                      // first line of the block (`resource "t" "n" {`)
  uint32_t last_line = 0;           // line of the closing brace
  Body body;
};

struct SyntaxError {
  Position where;  // the first ERROR or MISSING node
  std::string message;
};

struct File {
  Body body;
  std::optional<SyntaxError> error;  // set when the text is not valid HCL
  // What the file indents with ('\t' or ' '), from its first indented line: a fix that adds
  // an attribute indents like its neighbours without the file's text being kept.
  char indent_unit = ' ';
  // Just past the text's last character: whether a line follows a block's closing brace.
  Position end;
};

// Parses HCL native syntax (`.tf`, `.tfvars`) with tree-sitter-hcl; gives up with an error
// naming limits.parse_timeout_ms when `deadline` passes.
File parse_hcl(std::string_view text, const Deadline& deadline = {});

}  // namespace rightfit::hcl
