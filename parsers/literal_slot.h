// Where a fix rewrites a string literal of code (a path in `open("/data/out", "w")`): between
// its quotes, when what is written there is the value itself.
#pragma once

#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include "parsers/source_range.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// `written` is the literal as in the source (prefix such as `u8`/`r`/`f` and quotes included),
// `where` its range, `value` what the parser read from it. The slot covers the text between
// the quotes; nullopt when that text is not `value` (concatenated parts, an interpolation, a
// raw C++ string with delimiters, triple quotes) or when the literal spans lines.
// Inline: the C++ front-end is a module of its own (parsers/cpp/cpp_module.h) that uses it too.
inline std::optional<ValueSlot> string_contents_slot(const SourceRange& where,
                                                     std::string_view written,
                                                     std::string_view value) {
  if (!where.known() || where.span.begin.line != where.span.end.line) return std::nullopt;
  std::size_t prefix = 0;
  while (prefix < written.size() && std::isalnum(static_cast<unsigned char>(written[prefix]))) {
    ++prefix;
  }
  if (written.size() < prefix + 2) return std::nullopt;
  const char quote = written[prefix];
  if ((quote != '"' && quote != '\'' && quote != '`') || written.back() != quote) {
    return std::nullopt;
  }
  std::string_view contents = written.substr(prefix + 1, written.size() - prefix - 2);
  if (contents != value || contents.find('\n') != std::string_view::npos) return std::nullopt;
  // The prefix and the quotes are ASCII: one column each.
  const auto open = static_cast<uint32_t>(prefix + 1);
  if (where.span.end.column <= where.span.begin.column + open) return std::nullopt;
  Span inside{{where.span.begin.line, where.span.begin.column + open},
              {where.span.end.line, where.span.end.column - 1}};
  return ValueSlot{SourceRange{where.file, inside}, "", ""};
}

}  // namespace rightfit
