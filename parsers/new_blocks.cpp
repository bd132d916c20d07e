#include "parsers/new_blocks.h"

#include <cmath>
#include <cstdio>

#include "parsers/document/block_text.h"
#include "parsers/terraform/hcl_block_text.h"

namespace rightfit {

NewValue text_value(std::string text) {
  return NewValue{NewValue::Kind::String, std::move(text), {}, {}};
}

NewValue number_value(double number) {
  char text[32];
  if (std::floor(number) == number && std::fabs(number) < 1e15)
    std::snprintf(text, sizeof text, "%.0f", number);
  else
    std::snprintf(text, sizeof text, "%g", number);
  return NewValue{NewValue::Kind::Number, text, {}, {}};
}

NewValue expression_value(std::string expression) {
  return NewValue{NewValue::Kind::Expression, std::move(expression), {}, {}};
}

NewValue mapping_value(std::vector<NewEntry> entries) {
  return NewValue{NewValue::Kind::Mapping, "", std::move(entries), {}};
}

NewValue sequence_value(std::vector<NewValue> items) {
  return NewValue{NewValue::Kind::Sequence, "", {}, std::move(items)};
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string render_blocks(const BlockSlot& slot, const std::vector<NewEntry>& entries) {
  std::string blocks;
  switch (slot.syntax) {
    case BlockSlot::Syntax::Yaml:
      blocks = doc::yaml_entries(entries, slot.indent, slot.step);
      break;
    case BlockSlot::Syntax::YamlDocument:
      blocks = "---\n" + doc::yaml_entries(entries, slot.indent, slot.step);
      break;
    case BlockSlot::Syntax::Json:
      blocks = doc::json_members(entries, slot.indent, slot.step);
      break;
    case BlockSlot::Syntax::Hcl:
      blocks = tf::hcl_blocks(entries, slot.step);
      break;
  }
  return slot.lead + blocks + slot.trail;
}

}  // namespace rightfit
