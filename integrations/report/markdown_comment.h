// What makes a Markdown report fit to be a pull-request comment: a size it can never pass
// (GitHub refuses a comment body above 65,536 characters; the whole post fails), a summary mode,
// and `file:line` as links into the repository at the commit under review.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit {

// GitHub's limit on an issue or pull-request comment body, in characters; counted here in
// bytes, which are never fewer.
constexpr std::size_t kGitHubCommentLimit = 65536;

struct MarkdownOptions {
  bool summary = false;        // the table only: no evidence, patterns or findings list
  std::string repository_url;  // e.g. https://github.com/org/repo; links need it and `commit`
  std::string commit;          // the revision the links point at
  std::size_t max_chars = kGitHubCommentLimit;
};

// How a `file:line` reads: escaped text (a table cell) or inline code (a list item).
enum class LocationStyle { Cell, Code };

// `file:line` in `style`, made a link to that line at the commit when the repository URL and
// the commit are known (GitLab's `/-/blob/` form when the host is a GitLab).
std::string markdown_location(const SourceRange& where, const MarkdownOptions& options,
                              LocationStyle style);

// A Markdown text built from pieces in priority order: a piece is added only if it fits within
// the limit with `reserve` bytes kept for what must close the text (notes, footer); pieces left
// out are for the caller to count and name (it stops at the first one that does not fit, so what
// is shown stays in order).
class BoundedMarkdown {
 public:
  BoundedMarkdown(std::size_t limit, std::size_t reserve) : limit_(limit), reserve_(reserve) {}

  // Adds `piece` if it fits; returns whether it did.
  bool add(std::string_view piece);
  // Adds `pieces` in order while they fit; returns how many were left out (from the first
  // that did not fit on).
  std::size_t add_in_order(const std::vector<std::string>& pieces);
  // Adds `piece` whatever its size, from the reserve (the closing notes and footer); cut at the
  // limit if it would pass it.
  void close_with(std::string_view piece);
  const std::string& text() const { return text_; }

 private:
  std::size_t limit_;
  std::size_t reserve_;
  std::string text_;
};

// "_3 workloads left out to keep this comment under 65536 characters; `rightfit report` lists
// everything._", or nothing when `count` is 0.
std::string left_out_note(std::size_t count, std::string_view what, std::string_view command,
                          const MarkdownOptions& options);

}  // namespace rightfit
