#include "parsers/terraform/hcl_text.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "parsers/text_position.h"

namespace rightfit::hcl::detail {
namespace {

bool is_indentation(char c) { return c == ' ' || c == '\t'; }

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads `digits` hex digits at raw[at]; false when they are not all there.
bool read_hex(std::string_view raw, std::size_t at, std::size_t digits, uint32_t& value) {
  if (at + digits > raw.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    int digit = hex_value(raw[at + i]);
    if (digit < 0) return false;
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  return true;
}

// `$${` and `%%{` at raw[at] stand for a literal `${` / `%{`; returns the bytes consumed.
std::size_t template_escape_at(std::string_view raw, std::size_t at, std::string& out) {
  std::string_view rest = raw.substr(at);
  if (rest.starts_with("$${") || rest.starts_with("%%{")) {
    out += rest[0];
    out += '{';
    return 3;
  }
  return 0;
}

// A backslash escape at raw[at] (raw[at] == '\\'); returns the bytes consumed.
std::size_t backslash_escape_at(std::string_view raw, std::size_t at, std::string& out) {
  if (at + 1 >= raw.size()) {
    out += '\\';
    return 1;
  }
  char kind = raw[at + 1];
  switch (kind) {
    case 'n':
      out += '\n';
      return 2;
    case 'r':
      out += '\r';
      return 2;
    case 't':
      out += '\t';
      return 2;
    case '"':
      out += '"';
      return 2;
    case '\\':
      out += '\\';
      return 2;
    case 'u':
    case 'U': {
      std::size_t digits = kind == 'u' ? 4 : 8;
      uint32_t code_point = 0;
      if (read_hex(raw, at + 2, digits, code_point)) {
        append_utf8(out, code_point);
        return 2 + digits;
      }
      break;
    }
    default:
      break;
  }
  // Not an escape HCL knows (the grammar rejects those): kept as written.
  out += '\\';
  return 1;
}

std::size_t indentation_at(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && is_indentation(text[end])) ++end;
  return end - at;
}

bool is_line_end_at(std::string_view text, std::size_t at) {
  return at < text.size() &&
         (text[at] == '\n' || (text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n'));
}

// Whether the line starting at text[offset] holds nothing but spaces and tabs: HCL neither
// counts nor strips such lines. Also true for the empty rest after the final newline.
bool is_blank_line(std::string_view text, std::size_t offset, bool interpolation_follows) {
  std::size_t after = offset + indentation_at(text, offset);
  return is_line_end_at(text, after) || (after == text.size() && !interpolation_follows);
}

// Calls visit(piece, offset, interpolation_follows) for every line start inside a literal
// piece, and visit_interpolation() for an interpolation that starts a line. `at_line_start`
// follows the text across pieces: the content of a heredoc begins at a line start.
template <typename Visit, typename VisitInterpolation>
void for_each_line_start(std::span<std::string* const> pieces, Visit visit,
                         VisitInterpolation visit_interpolation) {
  bool at_line_start = true;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i] == nullptr) {
      if (at_line_start) visit_interpolation();
      at_line_start = false;
      continue;
    }
    std::size_t offset = 0;
    const std::string& text = *pieces[i];
    while (true) {
      if (at_line_start) {
        bool interpolation_follows = i + 1 < pieces.size() && pieces[i + 1] == nullptr;
        visit(i, offset, interpolation_follows);
        at_line_start = false;
      }
      std::size_t newline = text.find('\n', offset);
      if (newline == std::string::npos) break;
      offset = newline + 1;
      at_line_start = true;
    }
  }
}

}  // namespace

std::string decode_quoted_literal(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    if (raw[i] == '\\') {
      i += backslash_escape_at(raw, i, out);
    } else if (std::size_t used = template_escape_at(raw, i, out)) {
      i += used;
    } else {
      out += raw[i++];
    }
  }
  return out;
}

std::string decode_template_escapes(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    if (std::size_t used = template_escape_at(raw, i, out)) {
      i += used;
    } else {
      out += raw[i++];
    }
  }
  return out;
}

void remove_heredoc_indentation(std::span<std::string* const> literals) {
  std::size_t smallest = std::numeric_limits<std::size_t>::max();
  for_each_line_start(
      literals,
      [&](std::size_t piece, std::size_t offset, bool interpolation_follows) {
        const std::string& text = *literals[piece];
        if (is_blank_line(text, offset, interpolation_follows)) return;
        smallest = std::min(smallest, indentation_at(text, offset));
      },
      [&] { smallest = 0; });
  if (smallest == 0 || smallest == std::numeric_limits<std::size_t>::max()) return;

  // Rebuilt per piece: erasing in place would shift the offsets still to visit.
  std::vector<std::string> stripped(literals.size());
  std::vector<std::size_t> copied_up_to(literals.size(), 0);
  for_each_line_start(
      literals,
      [&](std::size_t piece, std::size_t offset, bool interpolation_follows) {
        const std::string& text = *literals[piece];
        if (is_blank_line(text, offset, interpolation_follows)) return;
        stripped[piece].append(text, copied_up_to[piece], offset - copied_up_to[piece]);
        copied_up_to[piece] = offset + std::min(smallest, indentation_at(text, offset));
      },
      [] {});
  for (std::size_t i = 0; i < literals.size(); ++i) {
    if (literals[i] == nullptr) continue;
    stripped[i].append(*literals[i], std::min(copied_up_to[i], literals[i]->size()));
    *literals[i] = std::move(stripped[i]);
  }
}

void trim_trailing_whitespace(std::string& text) {
  while (!text.empty() && is_whitespace(text.back())) text.pop_back();
}

void trim_leading_whitespace(std::string& text) {
  std::size_t first = 0;
  while (first < text.size() && is_whitespace(text[first])) ++first;
  text.erase(0, first);
}

}  // namespace rightfit::hcl::detail
