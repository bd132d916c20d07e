#include "integrations/report/markdown_comment.h"

#include <algorithm>

#include "integrations/report/cost_report.h"
#include "parsers/printable.h"

namespace rightfit {
namespace {

// Percent-encodes what a URL path may not hold as it is (spaces, `#`, `?`, `%`, non-ASCII),
// keeping `/` between segments.
std::string url_path(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                       (byte >= '0' && byte <= '9') || c == '/' || c == '-' || c == '_' ||
                       c == '.' || c == '~';
    if (plain) {
      out += c;
      continue;
    }
    out += '%';
    append_hex_byte(out, byte, true);
  }
  return out;
}

std::string inline_code(const std::string& text) {
  // A backtick inside would end the code span; file names rarely hold one.
  std::string safe = text;
  std::replace(safe.begin(), safe.end(), '`', '\'');
  return "`" + safe + "`";
}

// Back to the start of a UTF-8 sequence, so a cut never splits a character.
std::size_t character_boundary(std::string_view text, std::size_t at) {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xc0) == 0x80) --at;
  return at;
}

}  // namespace

std::string markdown_location(const SourceRange& where, const MarkdownOptions& options,
                              LocationStyle style) {
  if (where.file.empty()) return style == LocationStyle::Code ? "``" : "";
  const std::string line = where.known() ? std::to_string(where.line()) : "";
  const std::string text = where.file + (line.empty() ? "" : ":" + line);
  std::string label = style == LocationStyle::Code ? inline_code(text) : markdown_cell(text);
  if (options.repository_url.empty() || options.commit.empty()) return label;
  std::string base = options.repository_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const bool gitlab = base.find("gitlab") != std::string::npos;
  std::string relative = where.file;
  while (relative.rfind("./", 0) == 0) relative.erase(0, 2);
  return "[" + label + "](" + base + (gitlab ? "/-/blob/" : "/blob/") + url_path(options.commit) +
         "/" + url_path(relative) + (line.empty() ? "" : "#L" + line) + ")";
}

bool BoundedMarkdown::add(std::string_view piece) {
  if (text_.size() + piece.size() + reserve_ > limit_) return false;
  text_ += piece;
  return true;
}

std::size_t BoundedMarkdown::add_in_order(const std::vector<std::string>& pieces) {
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!add(pieces[i])) return pieces.size() - i;
  }
  return 0;
}

void BoundedMarkdown::close_with(std::string_view piece) {
  const std::size_t room = limit_ > text_.size() ? limit_ - text_.size() : 0;
  text_ += piece.substr(0, character_boundary(piece, std::min(room, piece.size())));
}

std::string left_out_note(std::size_t count, std::string_view what, std::string_view command,
                          const MarkdownOptions& options) {
  if (count == 0) return "";
  return "\n_" + std::to_string(count) + " " + std::string(what) +
         " left out to keep this comment under " + std::to_string(options.max_chars) +
         " characters; `rightfit " + std::string(command) + "` lists everything._\n";
}

}  // namespace rightfit
