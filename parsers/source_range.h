// Positions shared by every parser and everything downstream.
#pragma once

#include <cstdint>
#include <string>

namespace rightfit {

// 1-based line and column (columns count Unicode code points); 0 means unknown.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;

  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

// A stretch of text inside one file; `end` is exclusive.
struct Span {
  Position begin;
  Position end;

  friend bool operator==(const Span&, const Span&) = default;
};

// A span together with the file it lies in (path as given to the analyzer).
struct SourceRange {
  std::string file;
  Span span;

  bool known() const { return span.begin.line != 0; }
  uint32_t line() const { return span.begin.line; }
  uint32_t column() const { return span.begin.column; }

  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

}  // namespace rightfit
