#include "parsers/document/value_slots.h"

#include "parsers/text_position.h"

namespace rightfit::doc {
namespace {

// What stands before `at` on its line, when that is only blanks (the line's indentation).
std::optional<std::string> indentation_before(std::string_view text, Position at) {
  const std::size_t offset = offset_of(text, at);
  const std::size_t line_start = offset_of(text, Position{at.line, 1});
  std::string_view before = text.substr(line_start, offset - line_start);
  if (before.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;
  return std::string(before);
}

// Whether line `line` exists and starts after a newline (text past the last line does not).
bool line_exists(std::string_view text, uint32_t line) {
  return offset_of(text, Position{line, 1}) > offset_of(text, Position{line - 1, 1});
}

// Whether `key` is written in `text` at its position (quotes aside): not a node that a
// variable brought in from another file (Serverless `${file(resources.yml)}`).
bool written_here(std::string_view text, const Node& key) {
  if (key.span.begin.line == 0 || key.span.begin.line != key.span.end.line) return false;
  const std::size_t at = offset_of(text, key.span.begin);
  const std::size_t end = offset_of(text, key.span.end);
  if (end <= at) return false;
  std::string_view written = text.substr(at, end - at);
  if (written.size() >= 2 && (written.front() == '"' || written.front() == '\'') &&
      written.back() == written.front())
    written = written.substr(1, written.size() - 2);
  return written == key.text;
}

std::string quoted(std::string_view key) { return "\"" + std::string(key) + "\""; }

ValueSlot insertion(const std::string& path, Position at, std::string before, std::string after) {
  return ValueSlot{SourceRange{path, Span{at, at}}, std::move(before), std::move(after)};
}

// JSON: the new entry goes before `first` (the mapping's first key), on a line of its own when
// `first` stands on its own, else on the same line; `close` ends what `entry` opened.
ValueSlot json_entry_before(const std::string& path, std::string_view text, const Node& first,
                            const std::string& entry, const std::string& close = "") {
  std::optional<std::string> indent = indentation_before(text, first.span.begin);
  return insertion(path, first.span.begin, entry, close + (indent ? ",\n" + *indent : ", "));
}

std::optional<ValueSlot> yaml_entry_before(const std::string& path, std::string_view text,
                                           const Node& first, std::string_view key) {
  std::optional<std::string> indent = indentation_before(text, first.span.begin);
  if (!indent) return std::nullopt;  // a flow mapping, or the first entry beside its parent key
  return insertion(path, Position{first.span.begin.line, 1}, *indent + std::string(key) + ": ",
                   "\n");
}

// The mapping `parent_key` is absent: it is created after the `after` entry of `owner`.
std::optional<ValueSlot> new_parent_slot(const std::string& path, std::string_view text, bool json,
                                         const Entry& owner, const Entry& after,
                                         std::string_view parent_key, std::string_view key) {
  if (json) {
    const Node& first = owner.value.entries.front().key;
    return json_entry_before(path, text, first, quoted(parent_key) + ": {" + quoted(key) + ": ",
                             "}");
  }
  std::optional<std::string> indent = indentation_before(text, after.key.span.begin);
  const uint32_t next_line = after.value.span.end.line + 1;
  if (!indent || after.value.span.begin.line != after.value.span.end.line ||
      !line_exists(text, next_line)) {
    return std::nullopt;
  }
  // One level deeper by the document's own step: the owner's entries against the owner's key.
  if (after.key.span.begin.column <= owner.key.span.begin.column) return std::nullopt;
  const std::string step(after.key.span.begin.column - owner.key.span.begin.column, ' ');
  return insertion(
      path, Position{next_line, 1},
      *indent + std::string(parent_key) + ":\n" + *indent + step + std::string(key) + ": ", "\n");
}

// The indentation step of a mapping whose first entry's value is a mapping laid out one entry
// a line (a resource's `Type`, `Properties`); two spaces otherwise.
std::string step_of(const Node& mapping) {
  for (const Entry& e : mapping.entries) {
    if (!e.value.is_mapping() || e.value.entries.empty()) continue;
    const Node& inner = e.value.entries.front().key;
    if (inner.span.begin.line <= e.key.span.begin.line) continue;
    if (inner.span.begin.column > e.key.span.begin.column)
      return std::string(inner.span.begin.column - e.key.span.begin.column, ' ');
  }
  return "  ";
}

// After line `line`: the start of the next line, or the end of a text whose last line it is
// (the lead then ends that line).
BlockSlot after_line(const std::string& path, std::string_view text, uint32_t line,
                     BlockSlot::Syntax syntax) {
  BlockSlot slot;
  slot.syntax = syntax;
  const std::size_t next = offset_of(text, Position{line + 1, 1});
  if (next > 0 && text[next - 1] == '\n') {  // a line follows (if only an empty last one)
    const Position at{line + 1, 1};
    slot.at = SourceRange{path, Span{at, at}};
    return slot;
  }
  const Position end = LineIndex(text).at(text.size());
  slot.at = SourceRange{path, Span{end, end}};
  if (!text.empty() && text.back() != '\n') slot.lead = "\n";
  return slot;
}

}  // namespace

std::optional<BlockSlot> new_entries_slot(const std::string& path, std::string_view text,
                                          const Node& mapping, const Entry& last) {
  if (text.empty() || !mapping.is_mapping() || !written_here(text, last.key)) return std::nullopt;
  std::optional<std::string> indent = indentation_before(text, last.key.span.begin);
  if (!indent) return std::nullopt;
  if (looks_like_json(path, text)) {
    const Position end = last.value.span.end;
    if (end.line == 0) return std::nullopt;
    BlockSlot slot{SourceRange{path, Span{end, end}},
                   BlockSlot::Syntax::Json,
                   *indent,
                   step_of(mapping),
                   ",",
                   ""};
    return slot;
  }
  BlockSlot slot = after_line(path, text, last.value.last_line(), BlockSlot::Syntax::Yaml);
  slot.indent = *indent;
  slot.step = step_of(mapping);
  return slot;
}

std::optional<BlockSlot> new_document_slot(const std::string& path, std::string_view text,
                                           const Node& document) {
  if (text.empty() || !document.is_mapping() || document.entries.empty() ||
      looks_like_json(path, text)) {
    return std::nullopt;
  }
  const Entry& first = document.entries.front();
  if (first.key.span.begin.column != 1 || !written_here(text, first.key)) return std::nullopt;
  BlockSlot slot = after_line(path, text, document.last_line(), BlockSlot::Syntax::YamlDocument);
  slot.step = step_of(document);
  return slot;
}

std::optional<ValueSlot> scalar_slot(const std::string& path, std::string_view text,
                                     const Node& value) {
  if (!value.is_scalar() || value.span.begin.line == 0 ||
      value.span.begin.line != value.span.end.line) {
    return std::nullopt;
  }
  const std::size_t at = offset_of(text, value.span.begin);
  const std::size_t end = offset_of(text, value.span.end);
  if (end <= at) return std::nullopt;
  std::string_view written = text.substr(at, end - at);
  std::string quote;
  if (value.style == Node::Style::Quoted && (written.front() == '"' || written.front() == '\'')) {
    quote = std::string(1, written.front());
    written = written.substr(1, written.size() - (written.size() > 1 ? 2 : 1));
  }
  // Only the value as written: not one a variable (`${self:custom.timeout}`) brought in.
  if (written != value.text) return std::nullopt;
  return ValueSlot{SourceRange{path, value.span}, quote, quote};
}

std::optional<ValueSlot> new_entry_slot(const std::string& path, std::string_view text,
                                        const Entry& owner, std::string_view parent_key,
                                        std::string_view after_key, std::string_view key) {
  if (text.empty() || !owner.value.is_mapping() || owner.value.entries.empty() ||
      !written_here(text, owner.key)) {
    return std::nullopt;
  }
  const bool json = looks_like_json(path, text);
  const Node* parent = owner.value.find(parent_key);
  if (!parent) {
    const Entry* after = owner.value.find_entry(after_key);
    if (!after) return std::nullopt;
    return new_parent_slot(path, text, json, owner, *after, parent_key, key);
  }
  if (!parent->is_mapping() || parent->entries.empty()) return std::nullopt;
  const Node& first = parent->entries.front().key;
  if (json) return json_entry_before(path, text, first, quoted(key) + ": ");
  return yaml_entry_before(path, text, first, key);
}

}  // namespace rightfit::doc
