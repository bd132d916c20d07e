// The editor's open buffers. LSP positions are 0-based lines and UTF-16 code units (the
// default position encoding); rightfit's are 1-based lines and code points.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit::lsp {

struct LspPosition {
  uint32_t line = 0;
  uint32_t character = 0;  // UTF-16 code units
  friend bool operator==(const LspPosition&, const LspPosition&) = default;
};

struct LspRange {
  LspPosition start;
  LspPosition end;
  friend bool operator==(const LspRange&, const LspRange&) = default;
};

// A `TextDocumentContentChangeEvent`: with a range, an edit; without, the whole new text.
struct ContentChange {
  std::optional<LspRange> range;
  std::string text;
};

// The byte offset of an LSP position. As LSP requires, a character past the end of its line
// means the end of the line; a line past the end means the end of the text. A position
// inside a surrogate pair lands after the character.
std::size_t byte_offset(std::string_view text, LspPosition position);

// The LSP position of a rightfit position (1-based line, code-point column) in `text`.
LspPosition to_lsp_position(std::string_view text, Position position);
// The rightfit position of an LSP position.
Position from_lsp_position(std::string_view text, LspPosition position);

// The text of line `line` (0-based), without its line break.
std::string_view line_text(std::string_view text, uint32_t line);

// Applies changes in order (each one's range refers to the text left by the previous ones).
void apply_changes(std::string& text, const std::vector<ContentChange>& changes);

struct OpenDocument {
  std::string path;  // absolute, normalized
  std::string language_id;
  int64_t version = 0;
  std::string text;
};

// Open documents by URI.
class DocumentStore {
 public:
  void open(const std::string& uri, OpenDocument document);
  // False when the document is not open.
  bool change(const std::string& uri, int64_t version, const std::vector<ContentChange>& changes);
  void close(const std::string& uri);
  const OpenDocument* find(const std::string& uri) const;
  const OpenDocument* find_path(const std::string& path) const;
  // path -> text of every open document: what the analysis reads instead of the disk.
  std::map<std::string, std::string> overlays() const;
  const std::map<std::string, OpenDocument>& documents() const { return documents_; }

 private:
  std::map<std::string, OpenDocument> documents_;
};

}  // namespace rightfit::lsp
