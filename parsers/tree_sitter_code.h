// The skeleton the handler-code collectors built on tree-sitter share (Python, JavaScript/
// TypeScript): parsing one file within the limits, positions, the walk over a function body
// with its enclosing loops, and the detection of code that runs once per execution
// environment (init-once guards). Each language supplies its node types and the few answers
// that differ as hooks of a CRTP class (semgrep's one table of languages is the model), so a
// new handler language writes its grammar's names, not another walk.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/text_position.h"
#include "parsers/tree_sitter_handles.h"
#include "parsers/tree_sitter_parse.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// A path as USRs spell it: normalized, with '/' separators.
std::string code_path(const std::string& path);

// The id of a function of handler code: "<scheme>:<file as code_path>:<qualified name>".
std::string code_usr(std::string_view scheme, const std::string& file,
                     const std::string& qualified_name);

// One step from an expression to the name it starts from: `event["Records"]` -> `event`
// is {"subscript", "value"} in Python.
struct RootStep {
  std::string_view type;
  std::string_view field;
};

// The names of a grammar's nodes and fields that the shared skeleton reads.
struct CodeGrammar {
  std::string_view assignment;   // `x = v`: "assignment", "assignment_expression"
  std::string_view member;       // `a.b`: "attribute", "member_expression"
  std::string_view member_name;  // its field naming `b`: "attribute", "property"
  std::string_view receiver;     // a keyword that reads as a name (`this`), or empty
};

// One source file and the functions collected from it so far.
class CodeFile {
 public:
  CodeFile(const std::string& path, std::string_view text, const ParseLimits& limits);

  // The tree of the file, or null after recording in `out` why the limits refused it.
  TreePtr parse(const TSLanguage* language, std::string_view grammar, FileFacts& out) const;

  std::string_view text(TSNode n) const;  // empty for a null node
  SourceRange range(TSNode n) const;

  // Starts the facts of a function named at `name_node`; its index in functions().
  size_t add_function(std::string language, std::string usr, std::string name, TSNode name_node);
  CodeFunction& function(size_t fi) { return functions_[fi]; }
  std::vector<CodeFunction> take_functions() { return std::move(functions_); }

  // Calls of the function, each USR once (`called` remembers those already added).
  void add_calls(size_t fi, std::set<std::string>& called, std::vector<std::string> usrs);
  // A write to module-level state `name`, declared at `declared`.
  void add_mutation(size_t fi, TSNode where, const std::string& name, std::string operation,
                    const SourceRange& declared);
  // A sleep at `n`: the first of each enclosing loop.
  void add_sleep(size_t fi, TSNode n, const std::vector<size_t>& loops, const std::string& name);
  // The enclosing loops read the invocation's deadline.
  void add_deadline_read(size_t fi, const std::vector<size_t>& loops);
  // A statement moved to module level: its text inserted at `to`, its lines `from` removed.
  struct Hoist {
    ValueSlot to;
    SourceRange from;
  };
  void add_client(size_t fi, TSNode n, std::string type, bool once, std::string kind,
                  std::optional<Hoist> hoisted = std::nullopt);
  // The rewrite that moves `statement` (one of a function body's) to module level just above
  // `anchor` (the module-level statement holding the function), its indentation taken off
  // and `gap` after it; the lines between keep their bytes. nullopt unless the statement
  // starts its line, only a comment (`comment` starts one) follows it on its last line, and
  // its other lines are indented at least as deep.
  std::optional<Hoist> hoist(TSNode statement, TSNode anchor, std::string_view gap,
                             std::string_view comment) const;

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  std::string_view source() const { return text_; }

 private:
  const std::string& path_;
  const std::string file_;  // code_path(path_)
  std::string_view text_;
  LineIndex lines_;
  const ParseLimits& limits_;
  std::vector<CodeFunction> functions_;
};

// The walk over a function body and the init-once detection, over `Language`'s hooks:
//   bool skips(TSNode) const                 nodes the body walk does not enter
//   std::optional<CodeLoop> loop_at(TSNode, const Scope&) const   a loop statement's facts
//   void visit(TSNode, size_t fi, Scope&, std::vector<size_t>& loops)  any other node
//   bool ends_scope(TSNode) const            a function boundary for the guards below
//   bool ends_lazy_scope(TSNode) const       ... for lazy_init's search of enclosing `if`s
//   std::optional<std::string> once_flag(TSNode if_statement) const   `if (!ready)` -> ready
//   bool guards_set(TSNode statement, const std::string& name) const  `if (x) return x;`
//   bool tests_unset(TSNode if_statement, const std::string& name) const  `if (!x)`
//   bool is_flag(TSNode value) const         a constant every invocation sets alike
//   TSNode bare(TSNode) const                the expression without casts and parentheses
// and its grammar's names as `Language::kGrammar` (a CodeGrammar) and `Language::kRootSteps`
// (RootSteps).
template <class Language>
class CodeWalk {
 public:
  // Visits the nodes of a function body in order; a loop's nodes with the loop's index
  // appended to `loops`.
  template <class Scope>
  void walk(TSNode n, size_t fi, Scope& scope, std::vector<size_t>& loops) {
    for (TSNode c : named_children(n)) {
      if (self().skips(c)) continue;
      if (std::optional<CodeLoop> loop = self().loop_at(c, scope)) {
        CodeFunction& f = self().function(fi);
        f.loops.push_back(std::move(*loop));
        loops.push_back(f.loops.size() - 1);
        walk(c, fi, scope, loops);
        loops.pop_back();
        continue;
      }
      self().visit(c, fi, scope, loops);
      walk(c, fi, scope, loops);
    }
  }

  // Whether an assignment to `name` at `n` is initialisation: after a guard that returns
  // while the name is set, inside an `if` that tests it unset, or in a block that runs once.
  bool lazy_init(TSNode n, const std::string& name) const {
    if (guarded_before(n, name) || in_once_block(n)) return true;
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
      if (self().ends_lazy_scope(p)) return false;
      if (has_type(p, "if_statement") && self().tests_unset(p, name)) return true;
    }
    return false;
  }

  // A guard before `n` in an enclosing block (`if (x) return x;`): `n` runs only while the
  // name is unset.
  bool guarded_before(TSNode n, const std::string& name) const {
    for (TSNode stmt = n; !ts_node_is_null(stmt); stmt = ts_node_parent(stmt)) {
      if (self().ends_scope(stmt)) return false;
      for (TSNode s = ts_node_prev_named_sibling(stmt); !ts_node_is_null(s);
           s = ts_node_prev_named_sibling(s)) {
        if (self().guards_set(s, name)) return true;
      }
    }
    return false;
  }

  // Inside `if not ready: ...; ready = True` (or `if (coldStart) { ...; coldStart = false; }`):
  // the block runs once per execution environment, so what it writes is initialisation.
  bool in_once_block(TSNode n) const {
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
      if (self().ends_scope(p)) return false;
      if (!has_type(p, "if_statement")) continue;
      std::optional<std::string> flag = self().once_flag(p);
      if (flag && sets_flag(field(p, "consequence"), *flag)) return true;
    }
    return false;
  }

  // Whether `block` sets `flag` to a constant (`initialised = true`), at any depth.
  bool sets_flag(TSNode block, std::string_view flag) const {
    if (has_type(block, Language::kGrammar.assignment)) {
      TSNode left = self().bare(field(block, "left"));
      if (has_type(left, "identifier") && self().text(left) == flag &&
          self().is_flag(field(block, "right")))
        return true;
    }
    for (TSNode c : named_children(block))
      if (!self().ends_scope(c) && sets_flag(c, flag)) return true;
    return false;
  }

  // `a`, `a.b.c` (and `this.x` where the grammar has a receiver) -> its parts; anything
  // else -> empty.
  std::vector<std::string> dotted(TSNode n) const {
    constexpr const CodeGrammar& grammar = Language::kGrammar;
    n = self().bare(n);
    if (has_type(n, "identifier") || (!grammar.receiver.empty() && has_type(n, grammar.receiver)))
      return {std::string(self().text(n))};
    if (has_type(n, grammar.member)) {
      std::vector<std::string> parts = dotted(field(n, "object"));
      if (parts.empty()) return parts;
      parts.emplace_back(self().text(field(n, grammar.member_name)));
      return parts;
    }
    return {};
  }

  // The name an expression starts from: `event` of `event["Records"]`, `event.Records`,
  // `event.get("Records")`; empty when it starts from anything else.
  std::string root_name(TSNode n) const {
    for (n = self().bare(n); !ts_node_is_null(n); n = self().bare(n)) {
      const RootStep* step = nullptr;
      for (const RootStep& s : Language::kRootSteps)
        if (has_type(n, s.type)) step = &s;
      if (!step) break;
      n = field(n, step->field);
    }
    return has_type(n, "identifier") ? std::string(self().text(n)) : "";
  }

 private:
  // Only `Language` derives from CodeWalk<Language>: self() casts to it.
  CodeWalk() = default;
  friend Language;

  Language& self() { return static_cast<Language&>(*this); }
  const Language& self() const { return static_cast<const Language&>(*this); }
};

}  // namespace rightfit
