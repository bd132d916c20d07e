#include "parsers/document/document.h"

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

}  // namespace rightfit::doc
