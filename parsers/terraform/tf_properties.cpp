#include "parsers/terraform/tf_properties.h"

#include "parsers/text_position.h"

namespace rightfit::tf {

namespace {

// Why a property is not known, for RF002; empty when the module's callers decide it (a
// reusable module analysed alone: nothing in it is wrong).
std::string unresolved_reason(const Value& v, const char* known_but) {
  if (v.known()) return known_but;
  return Value::decided_by_callers(v.string) ? std::string() : v.string;
}

// Whether any part of `v` is unknown (`[local.arch]` is a known list of one unknown).
bool has_unknown(const Value& v) {
  if (!v.known()) return true;
  for (const Value& item : v.items) {
    if (has_unknown(item)) return true;
  }
  for (const auto& [key, item] : v.map) {
    if (has_unknown(item)) return true;
  }
  return false;
}

}  // namespace

Property<double> number_property(const Value& v) {
  Property<double> p;
  if (v.is_null()) return p;
  p.written = v.origin;
  p.value = v.as_number();
  if (!p.value) p.unresolved = unresolved_reason(v, "it is not a number");
  return p;
}

Property<std::string> string_property(const Value& v) {
  Property<std::string> p;
  if (v.is_null()) return p;
  const Value* single = &v;
  if (v.kind == Value::Kind::List) {
    if (v.items.empty()) return p;
    single = &v.items.front();
  }
  p.written = v.origin;
  p.value = single->as_string();
  if (!p.value) p.unresolved = unresolved_reason(*single, "it is not a single value");
  return p;
}

Value Props::value(const hcl::Body& body, const hcl::Attribute& a) const {
  Value v = m.attribute(a, file, iteration);
  if (!planned || &body != planned->hcl || !has_unknown(v) || Value::decided_by_callers(v.string)) {
    return v;
  }
  const hcl::Attribute* in_plan = planned->plan->attribute(a.name);
  if (!in_plan) return v;
  Value p = planned_value(in_plan->value);
  // Where HCL wrote it and what it refers to stay the HCL's: the plan only knows the value.
  p.origin = v.origin;
  p.refs = v.refs;
  return p;
}

Property<double> Props::number(const hcl::Body& body, std::string_view name) const {
  const hcl::Attribute* a = body.attribute(name);
  if (!a) return Property<double>{};
  Property<double> p = number_property(value(body, *a));
  // A number literal can be rewritten in place (alignment is left of it, untouched).
  if (p.value && a->value.kind == hcl::Expr::Kind::Number) {
    p.slot = ValueSlot{SourceRange{file.path, a->value.span}, "", ""};
  }
  return p;
}

// `*.tf.json`: the new attribute goes before the block's first one (its key's opening quote),
// on a line of its own indented as that one when it stands on a line of its own, else beside it.
std::optional<ValueSlot> json_attribute_slot(const ParsedFile& file, const hcl::Block& block,
                                             std::string_view name) {
  const hcl::Attribute* first = nullptr;
  for (const hcl::Attribute& a : block.body.attributes) {
    if (!first || a.name_span.begin < first->name_span.begin) first = &a;
  }
  if (!first || first->name_span.begin.line == 0) return std::nullopt;
  const Position at = first->name_span.begin;
  const std::string after =
      at.line > block.header.begin.line ? ",\n" + std::string(at.column - 1, ' ') : ", ";
  return ValueSlot{SourceRange{file.path, Span{at, at}}, "\"" + std::string(name) + "\": ", after};
}

std::optional<ValueSlot> new_attribute_slot(const ParsedFile& file, const hcl::Block& block,
                                            std::string_view name) {
  if (file.planned) return std::nullopt;
  if (file.json) return json_attribute_slot(file, block, name);
  const uint32_t line = block.header.begin.line + 1;
  if (line >= block.last_line) return std::nullopt;
  const hcl::Attribute* first = nullptr;
  for (const hcl::Attribute& a : block.body.attributes) {
    if (!first || a.name_span.begin < first->name_span.begin) first = &a;
  }
  std::string indent = "  ";
  std::string text = std::string(name) + " = ";
  std::string after = "\n";
  if (first) {
    // The attribute must start its line: only whitespace before it (HCL puts one attribute
    // on a line; one on the header's line has no indentation to copy).
    if (first->name_span.begin.line == block.header.begin.line) return std::nullopt;
    indent.assign(first->name_span.begin.column - 1, file.ast.indent_unit);
  }
  if (first && first->name_span.begin.line == line) {
    // `name   = value`: the value starts two columns after the aligned `=`.
    const uint32_t name_width = first->value.span.begin.column - 3 - first->name_span.begin.column;
    if (first->value.span.begin.line == line && name_width >= name.size() &&
        first->value.span.begin.column > first->name_span.begin.column + 3) {
      text = std::string(name) + std::string(name_width - name.size(), ' ') + " = ";
    } else {
      after += "\n";
    }
  }
  const Position where{line, 1};
  return ValueSlot{SourceRange{file.path, Span{where, where}}, indent + text, after};
}

std::optional<BlockSlot> after_block_slot(const ParsedFile& file, const hcl::Block& block) {
  const Position end = file.ast.end;
  if (file.json || file.planned || file.ast.error || end.line == 0 || block.last_line == 0 ||
      block.last_line > end.line) {
    return std::nullopt;
  }
  BlockSlot slot;
  slot.syntax = BlockSlot::Syntax::Hcl;
  slot.step = file.ast.indent_unit == '\t' ? "\t" : "  ";
  // The line after the closing brace; on the file's last line without a newline, its end.
  const bool line_follows = block.last_line < end.line;
  const Position at = line_follows ? Position{block.last_line + 1, 1} : end;
  if (!line_follows) slot.lead = "\n";
  slot.at = SourceRange{file.path, Span{at, at}};
  return slot;
}

Property<std::string> Props::string(const hcl::Body& body, std::string_view name) const {
  const hcl::Attribute* a = body.attribute(name);
  return a ? string_property(value(body, *a)) : Property<std::string>{};
}

std::vector<Reference> Props::references(const hcl::Body& body) const {
  std::vector<Reference> out;
  for (const hcl::Attribute& a : body.attributes) {
    // Ordering is not use: `depends_on` names resources the block does not read.
    if (a.name == "depends_on") continue;
    Value v = m.attribute(a, file, iteration);
    for (const ResourceAddress& r : v.refs) {
      out.push_back({r.address, v.origin.value_or(SourceRange{file.path, a.name_span})});
    }
  }
  for (const hcl::Block& b : body.blocks) {
    std::vector<Reference> inner = references(b.body);
    out.insert(out.end(), inner.begin(), inner.end());
  }
  return out;
}

std::optional<Iteration> first_instance(const ModuleInstance& m, const hcl::Block& block,
                                        const ParsedFile& file) {
  if (const hcl::Attribute* count = block.body.attribute("count")) {
    Value n = m.attribute(*count, file);
    std::optional<double> c = n.as_number();
    if (c && *c <= 0) return std::nullopt;
    return Iteration{"count", c ? Value::of(0.0) : Value::unknown("count.index"), Value::null(),
                     nullptr};
  }
  if (const hcl::Attribute* for_each = block.body.attribute("for_each")) {
    Value v = m.attribute(*for_each, file);
    if (v.kind == Value::Kind::Map) {
      if (v.map.empty()) return std::nullopt;
      return Iteration{"each", Value::of(v.map.front().first), v.map.front().second, nullptr};
    }
    if (v.kind == Value::Kind::List) {
      if (v.items.empty()) return std::nullopt;
      return Iteration{"each", v.items.front(), v.items.front(), nullptr};
    }
    return Iteration{"each", Value::unknown("each.key is not known"),
                     Value::unknown("each.value is not known"), nullptr};
  }
  return Iteration{};
}

std::vector<NestedBlock> nested_blocks(const ModuleInstance& m, const hcl::Body& body,
                                       std::string_view type, const Props& p) {
  std::vector<NestedBlock> out;
  for (const hcl::Block* b : body.blocks_of(type)) out.push_back({&b->body, b->header, nullptr});
  for (const hcl::Block* d : body.blocks_of("dynamic")) {
    if (d->labels.empty() || d->labels[0] != type) continue;
    const hcl::Attribute* for_each = d->body.attribute("for_each");
    std::vector<const hcl::Block*> content = d->body.blocks_of("content");
    if (!for_each || content.empty()) continue;
    Value coll = m.attribute(*for_each, p.file, p.iteration);
    std::string name = d->labels[0];
    if (const hcl::Attribute* it = d->body.attribute("iterator")) {
      if (it->value.kind == hcl::Expr::Kind::Variable) name = it->value.text;
    }
    // Unknown collections are left out: rightfit never guesses that a block exists.
    auto add = [&](Value key, Value value) {
      auto iteration = std::make_shared<Iteration>(
          Iteration{name, std::move(key), std::move(value), p.iteration});
      out.push_back({&content.front()->body, d->header, std::move(iteration)});
    };
    if (coll.kind == Value::Kind::Map) {
      for (const auto& [k, v] : coll.map) add(Value::of(k), v);
    } else if (coll.kind == Value::Kind::List) {
      for (size_t i = 0; i < coll.items.size(); ++i)
        add(Value::of(static_cast<double>(i)), coll.items[i]);
    }
  }
  return out;
}

}  // namespace rightfit::tf
