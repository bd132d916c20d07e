// A small ordered document tree for the CloudFormation and SAM sketches, which share their
// structure between YAML and JSON: one tree, two renderers.
#pragma once

#include <string>
#include <vector>

namespace rightfit {

struct SketchNode {
  enum class Kind { Text, Number, List, Map };
  Kind kind = Kind::Map;
  std::string text;               // Text; Number as written ("512")
  std::vector<SketchNode> items;  // List; Map: the values, in order
  std::vector<std::string> keys;  // Map: the keys of `items`

  static SketchNode str(std::string s);
  static SketchNode num(double value);
  // Written as it is in both renderers: `true`, `false`.
  static SketchNode raw(std::string literal);
  static SketchNode list(std::vector<SketchNode> items);
  static SketchNode map();
  // Adds `key: value` to a map, in order; returns the map to chain.
  SketchNode& add(std::string key, SketchNode value);
  SketchNode& add(std::string key, std::string value);
  SketchNode& add(std::string key, const char* value);
  SketchNode& add(std::string key, double value);
};

// CloudFormation's intrinsic functions in their long form, valid in YAML and JSON alike.
SketchNode cfn_ref(const std::string& name);
SketchNode cfn_get_att(const std::string& name, const std::string& attribute);

// Block YAML, two spaces per level, every string double-quoted (JSON escapes are YAML's too).
std::string render_yaml(const SketchNode& root);
// JSON, two spaces per level.
std::string render_json(const SketchNode& root);

}  // namespace rightfit
