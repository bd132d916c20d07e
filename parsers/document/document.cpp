#include "parsers/document/document.h"

#include <algorithm>

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

uint32_t Node::last_line() const {
  uint32_t last = std::max(span.begin.line, span.end.line);
  for (const Node& child : items) last = std::max(last, child.last_line());
  for (const Entry& e : entries) last = std::max(last, e.value.last_line());
  return last;
}

}  // namespace rightfit::doc
