// New blocks of text a fix adds (resources, a manifest document), as data: the check says
// what they hold, the slot's front-end syntax says how they are written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/workload_facts.h"

namespace rightfit {

struct NewEntry;

// A value of a new block: a scalar (a string is quoted as its syntax needs, a number and an
// expression are written bare), a mapping (in HCL: a nested block) or a sequence.
struct NewValue {
  enum class Kind : unsigned char { String, Number, Expression, Mapping, Sequence };
  Kind kind = Kind::String;
  std::string text;
  std::vector<NewEntry> entries;
  std::vector<NewValue> items;
};

// `key` (HCL: a block type with `labels`, `resource "t" "n"`; YAML/JSON have none) and its value.
struct NewEntry {
  std::string key;
  NewValue value;
  std::vector<std::string> labels = {};
};

NewValue text_value(std::string text);
NewValue number_value(double number);
NewValue expression_value(std::string expression);  // HCL's `aws_ecs_service.web.name`
NewValue mapping_value(std::vector<NewEntry> entries);
NewValue sequence_value(std::vector<NewValue> items);

// `text` in double quotes, `"` and `\` escaped: a string as YAML, JSON and HCL all read it.
std::string double_quoted(std::string_view text);

// `entries` written at `slot` in its syntax: the text of the one edit that inserts them.
// YAML: `{Ref: X}`, `{Fn::Sub: s}` and `{Fn::GetAtt: [A, B]}` are written in their short forms.
std::string render_blocks(const BlockSlot& slot, const std::vector<NewEntry>& entries);

}  // namespace rightfit
