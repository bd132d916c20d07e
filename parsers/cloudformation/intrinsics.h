// Static evaluation of CloudFormation intrinsic functions over one template: what can be
// known without deploying (literals, Parameter defaults, Mappings, Conditions over those)
// and which resources a value references.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parsers/document/document.h"

namespace rightfit::cfn {

using doc::Node;

// A value reduced to a literal node, or the reason it cannot be.
struct Resolved {
  const Node* node = nullptr;  // a scalar, sequence or mapping free of intrinsics at top level
  bool no_value = false;       // `Ref: AWS::NoValue`: the property counts as absent
  std::string why;             // set when node is null and !no_value
};

// A reference to a resource of the template, found inside a value.
struct ResourceRef {
  std::string name;
  std::string attribute;     // GetAtt attribute or Sub's `.Attr`; empty for Ref
  const Node* at = nullptr;  // the node that names it
};

// {Ref: X} / {Fn::Name: args}: the function name and its argument, or nullptr.
const Node* intrinsic_argument(const Node& node, std::string_view* name = nullptr);

class Evaluator {
 public:
  explicit Evaluator(const Node& root);

  Resolved resolve(const Node& value) const;
  std::optional<double> number(const Node& value, std::string* why) const;
  std::optional<std::string> string(const Node& value, std::string* why) const;
  // Whether a named condition holds; nullopt when it depends on unknown values.
  std::optional<bool> condition(const std::string& name) const;
  // Every resource referenced anywhere inside `value` (Ref, GetAtt, Sub variables).
  std::vector<ResourceRef> resource_refs(const Node& value) const;

  bool is_resource(const std::string& name) const { return resources_.count(name) > 0; }
  // A resource the template does not list but its deployment creates (a Serverless Framework
  // function's `<Name>LambdaFunction`), so references to it are resource references.
  void declare_resource(const std::string& name, const std::string& type) {
    resources_.emplace(name, type);
  }
  // Values another format embedding the template could not resolve (its own variables), and
  // why: they are unknown, whatever their text. Not owned; null: none.
  void set_unresolved(const std::unordered_map<const Node*, std::string>* unresolved) {
    unresolved_ = unresolved;
  }
  std::string resource_type(const std::string& name) const;

 private:
  Resolved resolve_ref(const Node& arg) const;
  Resolved resolve_entered(const std::string& label, const Node& value) const;
  std::optional<std::string> cycle_through(const std::string& label) const;
  Resolved resolve_if(const Node& arg) const;
  Resolved resolve_find_in_map(const Node& arg) const;
  Resolved resolve_select(const Node& arg) const;
  std::optional<bool> evaluate_condition(const Node& expr, std::string* why) const;
  std::optional<std::string> resolve_sub(const Node& arg, std::string* why) const;
  std::optional<std::string> resolve_join(const Node& arg, std::string* why) const;
  std::optional<ResourceRef> sam_alias_ref(const Node& name) const;
  void collect_refs(const Node& value, std::vector<ResourceRef>& out) const;
  void collect_ref_refs(const Node& arg, std::vector<ResourceRef>& out) const;
  void collect_getatt_refs(const Node& arg, std::vector<ResourceRef>& out) const;
  void collect_sub_refs(const Node& text, const Node* vars, std::vector<ResourceRef>& out) const;

  const Node* parameters_ = nullptr;
  const Node* mappings_ = nullptr;
  const Node* conditions_ = nullptr;
  std::map<std::string, std::string, std::less<>> resources_;  // name -> Type
  const std::unordered_map<const Node*, std::string>* unresolved_ = nullptr;
  // Memo for conditions: evaluated once each, so nested conditions cannot blow up.
  mutable std::map<std::string, std::optional<bool>, std::less<>> condition_memo_;
  // What is being resolved, outermost first ("P", "Mappings M.a.b", "Condition C"): a name
  // met again is a cycle, reported as unknown with the cycle named, not an endless recursion.
  mutable std::vector<std::string> resolving_;
  // Why a condition is unknown when a cycle made it so: "Condition A -> Condition B -> ...".
  mutable std::map<std::string, std::string, std::less<>> condition_cycles_;
};

// Parses a CloudFormation number (`300`, `"300"`, `0.5`); nullopt for anything else.
std::optional<double> parse_number(std::string_view text);

}  // namespace rightfit::cfn
