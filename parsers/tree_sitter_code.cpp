#include "parsers/tree_sitter_code.h"

#include <algorithm>
#include <filesystem>
#include <utility>

namespace rightfit {

std::string code_path(const std::string& path) {
  return std::filesystem::path(path).lexically_normal().generic_string();
}

std::string code_usr(std::string_view scheme, const std::string& file,
                     const std::string& qualified_name) {
  return std::string(scheme) + ":" + code_path(file) + ":" + qualified_name;
}

CodeFile::CodeFile(const std::string& path, std::string_view text, const ParseLimits& limits)
    : path_(path), file_(code_path(path)), text_(text), lines_(text), limits_(limits) {}

TreePtr CodeFile::parse(const TSLanguage* language, std::string_view grammar,
                        FileFacts& out) const {
  LimitedParse parsed = parse_within_limits(language, text_, limits_, grammar);
  if (!parsed.tree) {
    Position at = lines_.at(parsed.error_offset);
    out.parse_errors.push_back({SourceRange{path_, Span{at, at}}, std::move(parsed.error)});
  }
  return std::move(parsed.tree);
}

std::string_view CodeFile::text(TSNode n) const {
  if (ts_node_is_null(n)) return {};
  return text_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
}

SourceRange CodeFile::range(TSNode n) const {
  return SourceRange{path_, Span{lines_.at(ts_node_start_byte(n)), lines_.at(ts_node_end_byte(n))}};
}

size_t CodeFile::add_function(std::string language, std::string usr, std::string name,
                              TSNode name_node) {
  CodeFunction f;
  f.language = std::move(language);
  f.usr = std::move(usr);
  f.name = std::move(name);
  f.where = range(name_node);
  functions_.push_back(std::move(f));
  return functions_.size() - 1;
}

void CodeFile::add_calls(size_t fi, std::set<std::string>& called, std::vector<std::string> usrs) {
  for (std::string& usr : usrs)
    if (called.insert(usr).second) functions_[fi].calls.push_back(std::move(usr));
}

void CodeFile::add_mutation(size_t fi, TSNode where, const std::string& name, std::string operation,
                            const SourceRange& declared) {
  functions_[fi].static_mutations.push_back(
      {range(where), name, "module-level", std::move(operation), declared});
}

void CodeFile::add_sleep(size_t fi, TSNode n, const std::vector<size_t>& loops,
                         const std::string& name) {
  for (size_t l : loops) {
    CodeLoop& loop = functions_[fi].loops[l];
    if (!loop.sleep_call) {
      loop.sleep_call = range(n);
      loop.sleep_name = name;
    }
  }
}

void CodeFile::add_deadline_read(size_t fi, const std::vector<size_t>& loops) {
  for (size_t l : loops) functions_[fi].loops[l].reads_deadline = true;
}

void CodeFile::add_client(size_t fi, TSNode n, std::string type, bool once, std::string kind,
                          std::optional<Hoist> hoisted) {
  ClientConstruction c{range(n), std::move(type), once, std::move(kind)};
  if (hoisted) {
    c.once_slot = std::move(hoisted->to);
    c.moved_from = std::move(hoisted->from);
  }
  functions_[fi].clients.push_back(std::move(c));
}

namespace {

size_t line_start(std::string_view text, size_t at) {
  const size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r") == std::string_view::npos;
}

// `lines` with `indent` taken off each line that is not blank; nullopt when one does not
// start with it.
std::optional<std::string> dedented(std::string_view lines, std::string_view indent) {
  std::string out;
  for (size_t at = 0; at < lines.size();) {
    const size_t end = std::min(lines.find('\n', at), lines.size() - 1) + 1;
    std::string_view line = lines.substr(at, end - at);
    if (blank(line)) {
      out += "\n";
    } else if (line.substr(0, indent.size()) == indent) {
      out += line.substr(indent.size());
    } else {
      return std::nullopt;
    }
    at = end;
  }
  return out;
}

}  // namespace

std::optional<CodeFile::Hoist> CodeFile::hoist(TSNode statement, TSNode anchor,
                                               std::string_view gap,
                                               std::string_view comment) const {
  const size_t begin = ts_node_start_byte(statement);
  const size_t end = ts_node_end_byte(statement);
  const size_t first = line_start(text_, begin);
  const std::string_view indent = text_.substr(first, begin - first);
  const size_t newline = text_.find('\n', end);
  if (indent.empty() || !blank(indent) || newline == std::string_view::npos) return std::nullopt;
  std::string_view rest = text_.substr(end, newline - end);
  rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
  if (!blank(rest) && rest.substr(0, comment.size()) != comment) return std::nullopt;
  // A string over several lines would change with the indentation taken off.
  const std::string_view written = text_.substr(begin, end - begin);
  if (written.find('\n') != std::string_view::npos &&
      (written.find("\"\"\"") != std::string_view::npos ||
       written.find("'''") != std::string_view::npos ||
       written.find('`') != std::string_view::npos))
    return std::nullopt;
  const size_t anchor_line = line_start(text_, ts_node_start_byte(anchor));
  if (anchor_line >= first) return std::nullopt;
  std::optional<std::string> moved = dedented(text_.substr(first, newline + 1 - first), indent);
  if (!moved) return std::nullopt;
  *moved += gap;
  const Position at = lines_.at(anchor_line);
  return Hoist{ValueSlot{SourceRange{path_, Span{at, at}}, std::move(*moved), ""},
               SourceRange{path_, Span{lines_.at(first), lines_.at(newline + 1)}}};
}

}  // namespace rightfit
