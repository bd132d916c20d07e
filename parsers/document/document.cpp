#include "parsers/document/document.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "parsers/parse_limits.h"

namespace rightfit::doc {

const Entry* Node::find_entry(std::string_view key) const {
  if (kind != Kind::Mapping) return nullptr;
  for (const Entry& e : entries) {
    if (e.key.kind == Kind::Scalar && e.key.text == key) return &e;
  }
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Entry* e = find_entry(key);
  return e ? &e->value : nullptr;
}

LoadLimits load_limits_of(const ParseLimits& limits) {
  return LoadLimits{limits.max_yaml_nodes, limits.max_nesting_depth, limits.deadline()};
}

std::string describe_load_error(const LoadError& error, std::string_view prefix) {
  if (error.limit.empty()) return std::string(prefix) + error.message;
  return "stopped at " + std::string(error.limit) + ": " + error.message + "; " +
         limit_hint(error.limit);
}

bool looks_like_json(const std::string& path, std::string_view text) {
  if (path.ends_with(".json")) return true;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

bool has_document_extension(std::string_view path) {
  static constexpr std::array<std::string_view, 4> kExtensions = {".yaml", ".yml", ".json",
                                                                  ".template"};
  const std::size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string extension(name.substr(dot));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), extension) != kExtensions.end();
}

uint32_t Node::last_line() const {
  uint32_t last = std::max(span.begin.line, span.end.line);
  for (const Node& child : items) last = std::max(last, child.last_line());
  for (const Entry& e : entries) last = std::max(last, e.value.last_line());
  return last;
}

}  // namespace rightfit::doc
