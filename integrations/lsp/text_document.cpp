#include "integrations/lsp/text_document.h"

#include <algorithm>

#include "parsers/text_position.h"

namespace rightfit::lsp {

namespace {

// Byte length of the UTF-8 sequence starting with `lead` (1 for invalid bytes, which then
// count as one code point each, as the parsers' LineIndex counts them).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// The byte offset where 0-based line `line` begins; the text's size when there is none.
std::size_t line_start(std::string_view text, uint32_t line) {
  std::size_t offset = 0;
  for (uint32_t l = 0; l < line; ++l) {
    std::size_t eol = text.find('\n', offset);
    if (eol == std::string_view::npos) return text.size();
    offset = eol + 1;
  }
  return offset;
}

// The code points of `line` as (byte offset within the line, UTF-16 units) pairs.
template <class Visit>
void for_each_code_point(std::string_view line, Visit visit) {
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t length =
        std::min(sequence_length(static_cast<unsigned char>(line[i])), line.size() - i);
    // Continuation bytes must follow: a truncated sequence counts byte by byte.
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_utf8_continuation(line[i + k])) {
        length = 1;
        break;
      }
    }
    if (!visit(i, length == 4 ? 2u : 1u)) return;
    i += length;
  }
}

}  // namespace

std::string_view line_text(std::string_view text, uint32_t line) {
  std::size_t begin = line_start(text, line);
  if (begin >= text.size()) return {};
  std::size_t end = text.find('\n', begin);
  std::string_view l = text.substr(begin, end == std::string_view::npos ? end : end - begin);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

std::size_t byte_offset(std::string_view text, LspPosition position) {
  std::size_t begin = line_start(text, position.line);
  if (begin >= text.size()) return text.size();
  std::string_view line = line_text(text, position.line);
  std::size_t offset = line.size();
  uint32_t units = 0;
  for_each_code_point(line, [&](std::size_t at, uint32_t width) {
    if (units >= position.character) {
      offset = at;
      return false;
    }
    units += width;
    return true;
  });
  return begin + offset;
}

LspPosition to_lsp_position(std::string_view text, Position position) {
  if (position.line == 0) return {};
  uint32_t line = position.line - 1;
  std::string_view l = line_text(text, line);
  uint32_t units = 0, code_points = 1;
  for_each_code_point(l, [&](std::size_t, uint32_t width) {
    if (code_points >= position.column) return false;
    units += width;
    ++code_points;
    return true;
  });
  return {line, units};
}

Position from_lsp_position(std::string_view text, LspPosition position) {
  std::string_view l = line_text(text, position.line);
  uint32_t units = 0, column = 1;
  for_each_code_point(l, [&](std::size_t, uint32_t width) {
    if (units >= position.character) return false;
    units += width;
    ++column;
    return true;
  });
  return {position.line + 1, column};
}

void apply_changes(std::string& text, const std::vector<ContentChange>& changes) {
  for (const ContentChange& change : changes) {
    if (!change.range) {
      text = change.text;
      continue;
    }
    std::size_t begin = byte_offset(text, change.range->start);
    std::size_t end = std::max(begin, byte_offset(text, change.range->end));
    text.replace(begin, end - begin, change.text);
  }
}

void DocumentStore::open(const std::string& uri, OpenDocument document) {
  documents_[uri] = std::move(document);
}

bool DocumentStore::change(const std::string& uri, int64_t version,
                           const std::vector<ContentChange>& changes) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return false;
  apply_changes(it->second.text, changes);
  it->second.version = version;
  return true;
}

void DocumentStore::close(const std::string& uri) { documents_.erase(uri); }

const OpenDocument* DocumentStore::find(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

const OpenDocument* DocumentStore::find_path(const std::string& path) const {
  for (const auto& [uri, document] : documents_) {
    if (document.path == path) return &document;
  }
  return nullptr;
}

std::map<std::string, std::string> DocumentStore::overlays() const {
  std::map<std::string, std::string> out;
  for (const auto& [uri, document] : documents_) out[document.path] = document.text;
  return out;
}

}  // namespace rightfit::lsp
