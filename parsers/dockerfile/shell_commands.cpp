// Shapes of tree-sitter-bash's syntax tree used here (see the grammar's src/node-types.json):
// a simple command is (command name: (command_name <word>) argument: <word>... redirect:
// (file_redirect)...), possibly wrapped in (redirected_statement body: (command) redirect:
// ...). A word is a `word`, `number`, `raw_string` ('...'), `string` ("..." whose literal
// text lies partly between its children), `ansi_c_string` ($'...'), `simple_expansion`
// ($NAME), `expansion` (${...}), `concatenation` of those, or a substitution.
#include "parsers/dockerfile/shell_commands.h"

#include <tree_sitter/api.h>

#include <array>
#include <map>
#include <optional>

#include "parsers/tree_sitter_handles.h"

extern "C" const TSLanguage* tree_sitter_bash(void);

namespace rightfit::dockerfile::detail {
namespace {

// Words nested deeper than this (`"${a:-"${b:-...}"}"`) are kept as written.
constexpr int kMaxWordDepth = 64;
// Commands inside more substitutions than this are not collected: each level's words repeat
// the text of the levels inside it, so deep nesting would make the output quadratic.
constexpr int kMaxCommandNesting = 16;
// `sh -c "sh -c '...'"` nested deeper than this is not parsed further.
constexpr int kMaxNestedScripts = 4;

struct Child {
  TSNode node;
  std::string_view field;  // empty when the child has no field name
};

// A node's children in order (ts_node_child(i) costs O(i), a cursor does not).
std::vector<Child> children_of(TSNode node) {
  std::vector<Child> children;
  TreeCursor cursor(node);
  if (!ts_tree_cursor_goto_first_child(cursor.get())) return children;
  do {
    const char* field = ts_tree_cursor_current_field_name(cursor.get());
    children.push_back({ts_tree_cursor_current_node(cursor.get()), field ? field : ""});
  } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
  return children;
}

std::string_view type_of(TSNode node) { return ts_node_type(node); }

// Outside quotes a backslash makes the next character literal; before a line break it
// joins the lines.
std::string unescape_unquoted(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      ++i;
      if (raw[i] != '\n') out += raw[i];
    } else {
      out += raw[i];
    }
  }
  return out;
}

// Inside "..." a backslash escapes only $ ` " \ and the line break.
std::string unescape_double_quoted(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char next = i + 1 < raw.size() ? raw[i + 1] : '\0';
    if (raw[i] == '\\' && (next == '$' || next == '`' || next == '"' || next == '\\')) {
      out += next;
      ++i;
    } else if (raw[i] == '\\' && next == '\n') {
      ++i;
    } else {
      out += raw[i];
    }
  }
  return out;
}

// $'...': the usual C escapes; others stay as written.
std::string decode_ansi_c(std::string_view raw) {
  static constexpr std::array<std::pair<char, char>, 11> kEscapes{{{'n', '\n'},
                                                                   {'t', '\t'},
                                                                   {'r', '\r'},
                                                                   {'a', '\a'},
                                                                   {'b', '\b'},
                                                                   {'e', '\x1b'},
                                                                   {'f', '\f'},
                                                                   {'v', '\v'},
                                                                   {'\\', '\\'},
                                                                   {'\'', '\''},
                                                                   {'"', '"'}}};
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out += raw[i];
      continue;
    }
    char decoded = 0;
    for (auto [letter, value] : kEscapes) {
      if (raw[i + 1] == letter) decoded = value;
    }
    if (decoded == 0) {
      out += raw[i];
    } else {
      out += decoded;
      ++i;
    }
  }
  return out;
}

// Turns word nodes into their values after quote removal and expansion.
class WordEvaluator {
 public:
  WordEvaluator(std::string_view script, const VariableScope& scope)
      : script_(script), scope_(scope) {}

  std::string text_of(TSNode node) const {
    return std::string(between(ts_node_start_byte(node), ts_node_end_byte(node)));
  }

  std::string value(TSNode node, int depth) const {
    if (depth > kMaxWordDepth) return text_of(node);
    std::string_view type = type_of(node);
    std::string raw = text_of(node);
    if (type == "word") return unescape_unquoted(raw);
    if (type == "raw_string") return strip(raw, "'", "'").value_or(raw);
    if (type == "ansi_c_string") {
      std::optional<std::string> inner = strip(raw, "$'", "'");
      return inner ? decode_ansi_c(*inner) : raw;
    }
    if (type == "string") return double_quoted(node, 1, depth).value_or(raw);
    if (type == "translated_string") return double_quoted(node, 2, depth).value_or(raw);
    if (type == "concatenation") return joined(node, depth);
    if (type == "simple_expansion") return simple_expansion(node).value_or(raw);
    if (type == "expansion") return expansion(node, depth).value_or(raw);
    if (type == "command_name" && ts_node_named_child_count(node) == 1) {
      return value(ts_node_named_child(node, 0), depth + 1);
    }
    return raw;  // numbers, substitutions, arithmetic, globs: as written
  }

 private:
  std::string_view between(uint32_t begin, uint32_t end) const {
    if (begin > end || end > script_.size()) return {};
    return script_.substr(begin, end - begin);
  }

  static std::optional<std::string> strip(const std::string& raw, std::string_view open,
                                          std::string_view close) {
    if (raw.size() < open.size() + close.size() || !raw.starts_with(open) ||
        !raw.ends_with(close)) {
      return std::nullopt;
    }
    return raw.substr(open.size(), raw.size() - open.size() - close.size());
  }

  // "...": its literal text lies between the children (string_content leaves out some).
  std::optional<std::string> double_quoted(TSNode node, uint32_t open, int depth) const {
    uint32_t begin = ts_node_start_byte(node) + open;
    uint32_t end = ts_node_end_byte(node);
    if (end < begin + 1 || script_[end - 1] != '"') return std::nullopt;
    --end;
    std::string out;
    uint32_t at = begin;
    for (const Child& child : children_of(node)) {
      if (!ts_node_is_named(child.node) || type_of(child.node) == "string_content") continue;
      out += unescape_double_quoted(between(at, ts_node_start_byte(child.node)));
      out += value(child.node, depth + 1);
      at = ts_node_end_byte(child.node);
    }
    out += unescape_double_quoted(between(at, end));
    return capped(std::move(out));
  }

  std::string joined(TSNode node, int depth) const {
    std::string out;
    uint32_t at = ts_node_start_byte(node);
    for (const Child& child : children_of(node)) {
      out += between(at, ts_node_start_byte(child.node));
      out += ts_node_is_named(child.node) ? value(child.node, depth + 1) : text_of(child.node);
      at = ts_node_end_byte(child.node);
    }
    out += between(at, ts_node_end_byte(node));
    return capped(std::move(out)).value_or(text_of(node));
  }

  std::optional<std::string> simple_expansion(TSNode node) const {
    if (ts_node_named_child_count(node) != 1) return std::nullopt;
    TSNode name = ts_node_named_child(node, 0);
    if (type_of(name) != "variable_name") return std::nullopt;
    return expand_parameter(scope_, text_of(name), "", std::nullopt);
  }

  // ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}; other forms (length,
  // pattern removal, substitution, ...) are not known statically.
  std::optional<std::string> expansion(TSNode node, int depth) const {
    std::vector<Child> children = children_of(node);
    if (children.size() < 3 || type_of(children[1].node) != "variable_name" ||
        type_of(children.back().node) != "}") {
      return std::nullopt;
    }
    std::string name = text_of(children[1].node);
    if (children.size() == 3) return expand_parameter(scope_, name, "", std::nullopt);
    TSNode op = children[2].node;
    std::string op_text = text_of(op);
    if (ts_node_is_named(op) ||
        (op_text != ":-" && op_text != "-" && op_text != ":+" && op_text != "+")) {
      return std::nullopt;
    }
    std::string word;
    uint32_t at = ts_node_end_byte(op);
    for (std::size_t i = 3; i + 1 < children.size(); ++i) {
      word += between(at, ts_node_start_byte(children[i].node));
      word += value(children[i].node, depth + 1);
      at = ts_node_end_byte(children[i].node);
    }
    word += between(at, ts_node_start_byte(children.back().node));
    return expand_parameter(scope_, name, op_text, word);
  }

  static std::optional<std::string> capped(std::string text) {
    if (text.size() > kMaxExpandedBytes) return std::nullopt;
    return text;
  }

  std::string_view script_;
  const VariableScope& scope_;
};

// The script of a `sh -c script` command, parsed after the tree it is in.
struct NestedScript {
  std::size_t command = 0;  // index of the `sh -c` command
  std::string text;
  std::size_t offset = 0;  // of text[0] in the outer script, when `exact`
  bool exact = false;      // else every command maps to the argument [begin, end)
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct Collected {
  std::vector<ParsedCommand> commands;
  std::vector<NestedScript> nested;
};

// Collects the commands of one tree, visiting nodes in source order without recursion.
class CommandCollector {
 public:
  CommandCollector(std::string_view script, const VariableScope& scope) : words_(script, scope) {}

  Collected collect(TSNode root) {
    struct Pending {
      TSNode node;
      int commands_around = 0;  // commands this node is inside (through substitutions)
    };
    std::vector<Pending> pending{{root, 0}};
    while (!pending.empty()) {
      auto [node, commands_around] = pending.back();
      pending.pop_back();
      std::vector<Child> children = children_of(node);
      const bool is_command = type_of(node) == "command";
      if (is_command && commands_around < kMaxCommandNesting) add_command(node, children);
      if (type_of(node) == "redirected_statement") note_statement_redirects(children);
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        pending.push_back({it->node, commands_around + (is_command ? 1 : 0)});
      }
    }
    return {std::move(commands_), std::move(nested_)};
  }

 private:
  void add_command(TSNode node, const std::vector<Child>& children) {
    ParsedCommand command;
    std::vector<TSNode> arguments;
    for (const Child& child : children) {
      if (child.field == "name") {
        command.begin = ts_node_start_byte(child.node);
        command.end = ts_node_end_byte(child.node);
        command.words.push_back(words_.value(child.node, 0));
      } else if (child.field == "argument" && !command.words.empty()) {
        command.words.push_back(words_.value(child.node, 0));
        arguments.push_back(child.node);
      } else if (child.field == "redirect") {
        command.redirects.push_back(ts_node_start_byte(child.node));
      }
    }
    if (command.words.empty()) return;
    auto outer = statement_redirects_.find(ts_node_start_byte(node));
    if (outer != statement_redirects_.end()) {
      command.redirects.insert(command.redirects.end(), outer->second.begin(), outer->second.end());
    }
    if (std::optional<std::size_t> script = shell_script_index(command.words)) {
      nested_.push_back(nested_script(arguments[*script - 1], command.words[*script]));
      nested_.back().command = commands_.size();
    }
    commands_.push_back(std::move(command));
  }

  // The script of `sh -c <argument>`. Its text is the argument as written when that spells
  // it without escapes (the inner shell expands what is left), so positions stay exact.
  NestedScript nested_script(TSNode argument, const std::string& value) const {
    NestedScript nested;
    nested.begin = ts_node_start_byte(argument);
    nested.end = ts_node_end_byte(argument);
    std::string raw = words_.text_of(argument);
    std::string_view type = type_of(argument);
    const bool quoted = (type == "raw_string" && raw.starts_with('\'')) ||
                        (type == "string" && raw.starts_with('"'));
    if (quoted && raw.size() >= 2 && (type == "raw_string" || raw.find('\\') == raw.npos)) {
      nested.text = raw.substr(1, raw.size() - 2);
      nested.offset = nested.begin + 1;
      nested.exact = true;
    } else if (type == "word" && raw.find('\\') == std::string::npos) {
      nested.text = raw;
      nested.offset = nested.begin;
      nested.exact = true;
    } else {
      nested.text = value;
    }
    return nested;
  }

  // `cmd <in | other`: the grammar puts the redirection on a statement around the command.
  void note_statement_redirects(const std::vector<Child>& children) {
    std::optional<TSNode> body;
    std::vector<std::size_t> redirects;
    for (const Child& child : children) {
      if (child.field == "body") body = child.node;
      if (child.field == "redirect") redirects.push_back(ts_node_start_byte(child.node));
    }
    if (!body || type_of(*body) != "command" || redirects.empty()) return;
    auto& noted = statement_redirects_[ts_node_start_byte(*body)];
    noted.insert(noted.end(), redirects.begin(), redirects.end());
  }

  WordEvaluator words_;
  std::vector<ParsedCommand> commands_;
  std::vector<NestedScript> nested_;
  // Redirections of the statement whose body is the command starting at the key.
  std::map<uint32_t, std::vector<std::size_t>> statement_redirects_;
};

// Moves a command of a nested script into the coordinates of the outer one.
void place_nested(ParsedCommand& inner, const NestedScript& nested) {
  if (nested.exact) {
    inner.begin += nested.offset;
    inner.end += nested.offset;
    for (std::size_t& redirect : inner.redirects) redirect += nested.offset;
  } else {
    inner.begin = nested.begin;
    inner.end = nested.end;
    inner.redirects.clear();
  }
}

}  // namespace

void ShellParser::Deleter::operator()(TSParser* parser) const { ts_parser_delete(parser); }

ShellParser::ShellParser() : parser_(ts_parser_new()) {
  if (!ts_parser_set_language(parser_.get(), tree_sitter_bash())) parser_.reset();
}

ShellParser::~ShellParser() = default;

std::vector<ParsedCommand> ShellParser::commands(std::string_view script,
                                                 const VariableScope& scope) {
  return commands_at(script, scope, 0);
}

std::vector<ParsedCommand> ShellParser::commands_at(std::string_view script,
                                                    const VariableScope& scope, int nesting) {
  if (!parser_ || script.size() >= UINT32_MAX) return {};
  Collected collected;
  {
    TreePtr tree(ts_parser_parse_string(parser_.get(), nullptr, script.data(),
                                        static_cast<uint32_t>(script.size())));
    if (!tree) return {};
    collected = CommandCollector(script, scope).collect(ts_tree_root_node(tree.get()));
  }
  if (nesting >= kMaxNestedScripts || collected.nested.empty()) return collected.commands;
  std::vector<ParsedCommand> out;
  std::size_t next_nested = 0;
  for (std::size_t i = 0; i < collected.commands.size(); ++i) {
    out.push_back(std::move(collected.commands[i]));
    for (; next_nested < collected.nested.size() && collected.nested[next_nested].command == i;
         ++next_nested) {
      const NestedScript& nested = collected.nested[next_nested];
      for (ParsedCommand& inner : commands_at(nested.text, scope, nesting + 1)) {
        place_nested(inner, nested);
        out.push_back(std::move(inner));
      }
    }
  }
  return out;
}

std::optional<std::size_t> shell_script_index(const std::vector<std::string>& words) {
  if (words.empty() || !is_posix_shell(words[0])) return std::nullopt;
  for (std::size_t i = 1; i + 1 < words.size(); ++i) {
    const std::string& option = words[i];
    if (!option.starts_with("-") || option.starts_with("--")) return std::nullopt;
    if (option.find('c') != std::string::npos) return i + 1;
  }
  return std::nullopt;
}

bool is_posix_shell(std::string_view command) {
  std::size_t slash = command.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? command : command.substr(slash + 1);
  for (std::string_view shell : {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"}) {
    if (name == shell) return true;
  }
  return false;
}

}  // namespace rightfit::dockerfile::detail
