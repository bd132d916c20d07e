#include "parsers/terraform/hcl_block_text.h"

#include <algorithm>

namespace rightfit::tf {
namespace {

bool is_block(const NewValue& v) { return v.kind == NewValue::Kind::Mapping; }

std::string expression(const NewValue& v) {
  switch (v.kind) {
    case NewValue::Kind::String:
      return double_quoted(v.text);
    case NewValue::Kind::Sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i)
        out += (i ? ", " : "") + expression(v.items[i]);
      return out + "]";
    }
    case NewValue::Kind::Mapping: {  // an object inside an expression
      std::string out = "{";
      for (std::size_t i = 0; i < v.entries.size(); ++i)
        out += (i ? ", " : " ") + v.entries[i].key + " = " + expression(v.entries[i].value);
      return out + " }";
    }
    default:
      return v.text;
  }
}

void write_block(std::string& out, const NewEntry& e, const std::string& indent,
                 const std::string& step) {
  out += indent + e.key;
  for (const std::string& label : e.labels) out += " " + double_quoted(label);
  out += " {\n";
  const std::vector<NewEntry>& body = e.value.entries;
  for (std::size_t i = 0; i < body.size();) {
    if (is_block(body[i].value)) {
      write_block(out, body[i], indent + step, step);
      ++i;
      continue;
    }
    // A run of attributes: `=` aligned after the longest name, as terraform fmt does.
    std::size_t end = i;
    std::size_t width = 0;
    for (; end < body.size() && !is_block(body[end].value); ++end)
      width = std::max(width, body[end].key.size());
    for (; i < end; ++i) {
      const std::string& key = body[i].key;
      out += indent;
      out += step;
      out += key;
      out.append(width - key.size(), ' ');
      out += " = ";
      out += expression(body[i].value);
      out += "\n";
    }
  }
  out += indent + "}\n";
}

}  // namespace

std::string hcl_blocks(const std::vector<NewEntry>& entries, const std::string& step) {
  std::string out;
  for (const NewEntry& e : entries) {
    out += "\n";
    write_block(out, e, "", step);
  }
  return out;
}

}  // namespace rightfit::tf
