#include "parsers/terraform/tf_json.h"

#include <array>

#include "parsers/document/document.h"

namespace rightfit::tf {

namespace {

using doc::Node;

// Nested block types (not attributes) of the resources rightfit reads.
bool is_nested_block(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kBlocks = {
      "environment",        "load_balancer", "capacity_provider_strategy",
      "runtime_platform",   "dynamic",       "content",
      "lifecycle",          "vpc_config",    "image_config",
      "dead_letter_config", "provisioner",   "connection"};
  for (std::string_view b : kBlocks) {
    if (b == name) return true;
  }
  return false;
}

void retarget_spans(hcl::Expr& e, Span span) {
  e.span = span;
  for (hcl::Expr& c : e.children) retarget_spans(c, span);
}

// A JSON string is an HCL template: parse it as the value of a one-line attribute.
hcl::Expr string_expr(const Node& n) {
  hcl::Expr plain;
  plain.kind = hcl::Expr::Kind::String;
  plain.text = n.text;
  plain.span = n.span;
  if (n.text.find("${") == std::string::npos) return plain;
  std::string source = "v = \"";
  for (char c : n.text) {
    if (c == '"' || c == '\\') source += '\\';
    if (c == '\n') {
      source += "\\n";
      continue;
    }
    source += c;
  }
  source += "\"\n";
  hcl::File parsed = hcl::parse_hcl(source);
  const hcl::Attribute* v = parsed.body.attribute("v");
  if (parsed.error || !v) return plain;
  hcl::Expr e = v->value;
  retarget_spans(e, n.span);
  return e;
}

hcl::Expr expr_of(const Node& n) {
  hcl::Expr e;
  e.span = n.span;
  switch (n.kind) {
    case Node::Kind::Null:
      e.kind = hcl::Expr::Kind::Null;
      return e;
    case Node::Kind::Scalar:
      if (n.style == Node::Style::Quoted) return string_expr(n);
      e.kind =
          n.text == "true" || n.text == "false" ? hcl::Expr::Kind::Bool : hcl::Expr::Kind::Number;
      e.text = n.text;
      return e;
    case Node::Kind::Sequence:
      e.kind = hcl::Expr::Kind::Tuple;
      for (const Node& item : n.items) e.children.push_back(expr_of(item));
      return e;
    case Node::Kind::Mapping:
      e.kind = hcl::Expr::Kind::Object;
      for (const doc::Entry& entry : n.entries) {
        hcl::Expr key;
        key.kind = hcl::Expr::Kind::String;
        key.text = entry.key.text;
        key.span = entry.key.span;
        e.children.push_back(std::move(key));
        e.children.push_back(expr_of(entry.value));
      }
      return e;
  }
  return e;
}

uint32_t last_line(const Node& n) {
  uint32_t last = std::max(n.span.begin.line, n.span.end.line);
  for (const Node& c : n.items) last = std::max(last, last_line(c));
  for (const doc::Entry& e : n.entries) last = std::max(last, last_line(e.value));
  return last;
}

void read_body(const Node& object, hcl::Body& body);

hcl::Block make_block(std::string type, std::vector<std::string> labels, const doc::Entry& at,
                      const Node& content) {
  hcl::Block b;
  b.type = std::move(type);
  b.labels = std::move(labels);
  b.header = at.key.span;
  b.last_line = last_line(content);
  read_body(content, b.body);
  return b;
}

void add_nested(const doc::Entry& e, hcl::Body& body) {
  // A block may be written once (an object) or repeated (an array of objects).
  std::vector<const Node*> bodies;
  if (e.value.is_sequence()) {
    for (const Node& item : e.value.items) bodies.push_back(&item);
  } else {
    bodies.push_back(&e.value);
  }
  for (const Node* content : bodies) {
    if (e.key.text != "dynamic") {
      body.blocks.push_back(make_block(e.key.text, {}, e, *content));
      continue;
    }
    for (const doc::Entry& d : content->entries) {  // "dynamic": {"load_balancer": {...}}
      body.blocks.push_back(make_block("dynamic", {d.key.text}, d, d.value));
    }
  }
}

void read_body(const Node& object, hcl::Body& body) {
  for (const doc::Entry& e : object.entries) {
    if (is_nested_block(e.key.text) && (e.value.is_mapping() || e.value.is_sequence())) {
      add_nested(e, body);
      continue;
    }
    body.attributes.push_back(hcl::Attribute{e.key.text, e.key.span, expr_of(e.value)});
  }
}

// Top level: {"resource": {"TYPE": {"NAME": {...}}}, "variable": {"NAME": {...}}, ...}
void read_top_level(const Node& root, hcl::Body& body) {
  for (const doc::Entry& section : root.entries) {
    const std::string& type = section.key.text;
    if (type == "locals" || type == "terraform") {
      body.blocks.push_back(make_block(type, {}, section, section.value));
      continue;
    }
    const int labels = (type == "resource" || type == "data") ? 2 : 1;
    for (const doc::Entry& first : section.value.entries) {
      if (labels == 1) {
        body.blocks.push_back(make_block(type, {first.key.text}, first, first.value));
        continue;
      }
      for (const doc::Entry& second : first.value.entries) {
        body.blocks.push_back(
            make_block(type, {first.key.text, second.key.text}, second, second.value));
      }
    }
  }
}

}  // namespace

bool is_tfvars_json(std::string_view path) {
  return path.size() >= 12 && path.substr(path.size() - 12) == ".tfvars.json";
}

bool is_terraform_json(std::string_view path) {
  return (path.size() >= 8 && path.substr(path.size() - 8) == ".tf.json") || is_tfvars_json(path);
}

hcl::File parse_terraform_json(std::string_view text, bool variables_file,
                               const ParseLimits& limits) {
  hcl::File file;
  doc::LoadResult loaded = doc::load_json(text, doc::load_limits_of(limits));
  if (!loaded.ok()) {
    std::string message = doc::describe_load_error(loaded.problem(), "");
    file.error = hcl::SyntaxError{loaded.problem().where, std::move(message)};
    return file;
  }
  if (!loaded->is_mapping()) return file;
  if (!variables_file) {
    read_top_level(*loaded, file.body);
    return file;
  }
  // A .tfvars.json file is one object of variable values.
  for (const doc::Entry& e : loaded->entries) {
    file.body.attributes.push_back(hcl::Attribute{e.key.text, e.key.span, expr_of(e.value)});
  }
  return file;
}

}  // namespace rightfit::tf
