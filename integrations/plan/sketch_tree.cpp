#include "integrations/plan/sketch_tree.h"

#include "analyzer/cost/cost_model.h"
#include "integrations/json_writer.h"

namespace rightfit {

namespace {

constexpr unsigned kIndent = 2;

void write_json(json::Writer& w, const SketchNode& n) {
  switch (n.kind) {
    case SketchNode::Kind::Text:
      json::write_string(w, n.text);
      return;
    case SketchNode::Kind::Number:
      w.RawValue(n.text.data(), n.text.size(), rapidjson::kNumberType);
      return;
    case SketchNode::Kind::List:
      w.StartArray();
      for (const SketchNode& item : n.items) write_json(w, item);
      w.EndArray();
      return;
    case SketchNode::Kind::Map:
      w.StartObject();
      for (size_t i = 0; i < n.items.size(); ++i) {
        json::write_string(w, n.keys[i]);
        write_json(w, n.items[i]);
      }
      w.EndObject();
      return;
  }
}

// A JSON string literal is a YAML double-quoted scalar.
std::string quoted(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  json::write_string(w, text);
  return buffer.GetString();
}

bool is_block(const SketchNode& n) {
  return (n.kind == SketchNode::Kind::Map || n.kind == SketchNode::Kind::List) && !n.items.empty();
}

std::string inline_value(const SketchNode& n) {
  switch (n.kind) {
    case SketchNode::Kind::Text:
      return quoted(n.text);
    case SketchNode::Kind::Number:
      return n.text;
    case SketchNode::Kind::List:
      return "[]";
    case SketchNode::Kind::Map:
      return "{}";
  }
  return "";
}

void write_yaml(const SketchNode& n, unsigned depth, std::string& out);

// `prefix` is what the line starts with: the indentation and `key:` or `- `.
void write_yaml_child(const std::string& prefix, const SketchNode& value, unsigned depth,
                      std::string& out) {
  if (!is_block(value)) {
    out += prefix + " " + inline_value(value) + "\n";
    return;
  }
  out += prefix + "\n";
  write_yaml(value, depth + 1, out);
}

void write_yaml(const SketchNode& n, unsigned depth, std::string& out) {
  const std::string indent(static_cast<size_t>(depth) * kIndent, ' ');
  if (n.kind == SketchNode::Kind::Map) {
    for (size_t i = 0; i < n.items.size(); ++i)
      write_yaml_child(indent + n.keys[i] + ":", n.items[i], depth, out);
    return;
  }
  for (const SketchNode& item : n.items) {
    if (item.kind != SketchNode::Kind::Map || !is_block(item)) {
      write_yaml_child(indent + "-", item, depth, out);
      continue;
    }
    // `- Key: value` with the map's other keys under the first.
    std::string block;
    write_yaml(item, depth + 1, block);
    out += indent + "- " + block.substr(indent.size() + kIndent);
  }
}

}  // namespace

SketchNode SketchNode::str(std::string s) { return {Kind::Text, std::move(s), {}, {}}; }
SketchNode SketchNode::num(double value) { return {Kind::Number, format_quantity(value), {}, {}}; }
SketchNode SketchNode::raw(std::string literal) {
  return {Kind::Number, std::move(literal), {}, {}};
}
SketchNode SketchNode::list(std::vector<SketchNode> items) {
  return {Kind::List, {}, std::move(items), {}};
}
SketchNode SketchNode::map() { return {}; }

SketchNode& SketchNode::add(std::string key, SketchNode value) {
  keys.push_back(std::move(key));
  items.push_back(std::move(value));
  return *this;
}
SketchNode& SketchNode::add(std::string key, std::string value) {
  return add(std::move(key), str(std::move(value)));
}
SketchNode& SketchNode::add(std::string key, const char* value) {
  return add(std::move(key), str(value));
}
SketchNode& SketchNode::add(std::string key, double value) {
  return add(std::move(key), num(value));
}

SketchNode cfn_ref(const std::string& name) { return SketchNode::map().add("Ref", name); }

SketchNode cfn_get_att(const std::string& name, const std::string& attribute) {
  return SketchNode::map().add(
      "Fn::GetAtt", SketchNode::list({SketchNode::str(name), SketchNode::str(attribute)}));
}

std::string render_yaml(const SketchNode& root) {
  std::string out;
  write_yaml(root, 0, out);
  return out;
}

std::string render_json(const SketchNode& root) {
  rapidjson::StringBuffer buffer;
  json::Writer w(buffer);
  w.SetIndent(' ', kIndent);
  write_json(w, root);
  return std::string(buffer.GetString()) + "\n";
}

}  // namespace rightfit
