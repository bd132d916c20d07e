#include "parsers/cloudformation/intrinsics.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace rightfit::cfn {

namespace {

bool is_pseudo_parameter(std::string_view name) { return name.rfind("AWS::", 0) == 0; }

Resolved unknown(std::string why) { return Resolved{nullptr, false, std::move(why)}; }

const Node* item(const Node& seq, size_t i) {
  return seq.is_sequence() && i < seq.items.size() ? &seq.items[i] : nullptr;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // strtod alone would also take leading spaces, hex, "inf" and "nan".
  if (text.find_first_not_of("0123456789+-.eE") != std::string_view::npos) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(copy.c_str(), &end);
  if (errno != 0 || end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

const Node* intrinsic_argument(const Node& node, std::string_view* name) {
  if (!node.is_mapping() || node.entries.size() != 1) return nullptr;
  const doc::Entry& e = node.entries.front();
  const std::string& key = e.key.text;
  if (key != "Ref" && key != "Condition" && key.rfind("Fn::", 0) != 0) return nullptr;
  if (name) *name = key;
  return &e.value;
}

Evaluator::Evaluator(const Node& root) {
  parameters_ = root.find("Parameters");
  mappings_ = root.find("Mappings");
  conditions_ = root.find("Conditions");
  if (const Node* resources = root.find("Resources"); resources && resources->is_mapping()) {
    for (const doc::Entry& e : resources->entries) {
      const Node* type = e.value.find("Type");
      resources_.emplace(e.key.text, type && type->is_scalar() ? type->text : std::string());
    }
  }
}

std::string Evaluator::resource_type(const std::string& name) const {
  auto it = resources_.find(name);
  return it == resources_.end() ? std::string() : it->second;
}

Resolved Evaluator::resolve(const Node& value) const {
  if (unresolved_) {
    if (auto it = unresolved_->find(&value); it != unresolved_->end()) return unknown(it->second);
  }
  std::string_view fn;
  const Node* arg = intrinsic_argument(value, &fn);
  if (!arg) return Resolved{&value, false, {}};
  if (fn == "Ref") return resolve_ref(*arg);
  if (fn == "Fn::If") return resolve_if(*arg);
  if (fn == "Fn::FindInMap") return resolve_find_in_map(*arg);
  if (fn == "Fn::Select") return resolve_select(*arg);
  if (fn == "Fn::ImportValue") {
    return unknown("it is imported from another stack (Fn::ImportValue)");
  }
  if (fn == "Fn::GetAtt") return unknown("it is an attribute of another resource (Fn::GetAtt)");
  return unknown("it is computed by " + std::string(fn));
}

Resolved Evaluator::resolve_ref(const Node& arg) const {
  if (!arg.is_scalar()) return unknown("its Ref is not a name");
  const std::string& name = arg.text;
  if (name == "AWS::NoValue") return Resolved{nullptr, true, {}};
  if (is_pseudo_parameter(name)) return unknown("it depends on the deployment (" + name + ")");
  if (const Node* param = parameters_ ? parameters_->find(name) : nullptr) {
    if (const Node* def = param->find("Default")) return resolve_entered(name, *def);
    return unknown("Parameter '" + name + "' has no Default");
  }
  if (is_resource(name)) return unknown("it refers to resource '" + name + "'");
  if (std::optional<ResourceRef> r = sam_alias_ref(arg)) {
    return unknown("it refers to resource '" + r->name + "'");
  }
  return unknown("'" + name + "' is not a Parameter or resource of this template");
}

Resolved Evaluator::resolve_if(const Node& arg) const {
  const Node* cond = item(arg, 0);
  if (!cond || !cond->is_scalar() || arg.items.size() != 3) return unknown("malformed Fn::If");
  std::optional<bool> holds = condition(cond->text);
  if (!holds) {
    auto cycle = condition_cycles_.find(cond->text);
    if (cycle != condition_cycles_.end())
      return unknown("its Condition is part of a cycle: " + cycle->second);
    return unknown("it depends on Condition '" + cond->text + "'");
  }
  return resolve(arg.items[*holds ? 1 : 2]);
}

Resolved Evaluator::resolve_find_in_map(const Node& arg) const {
  if (!arg.is_sequence() || arg.items.size() < 3) return unknown("malformed Fn::FindInMap");
  const Node* level = mappings_;
  std::string entry = "Mappings";  // "Mappings M.a.b", to name a cycle through it
  for (size_t i = 0; i < 3 && level; ++i) {
    std::string why;
    std::optional<std::string> key = string(arg.items[i], &why);
    if (!key) return unknown("its Fn::FindInMap key is not known: " + why);
    level = level->find(*key);
    entry += (i ? "." : " ") + *key;
  }
  if (!level) {
    if (arg.items.size() >= 4) {  // language extension: DefaultValue
      if (const Node* def = arg.items[3].find("DefaultValue")) return resolve(*def);
    }
    return unknown("Fn::FindInMap finds no such entry in Mappings");
  }
  return resolve_entered(entry, *level);
}

// "P -> Q -> P" when `label` is being resolved already (the chain from its first visit).
std::optional<std::string> Evaluator::cycle_through(const std::string& label) const {
  auto first = std::find(resolving_.begin(), resolving_.end(), label);
  if (first == resolving_.end()) return std::nullopt;
  std::string chain;
  for (auto it = first; it != resolving_.end(); ++it) chain += *it + " -> ";
  return chain + label;
}

// `value`, the definition of `label` (a Parameter's Default, a Mappings entry), resolved; a
// definition that leads back to itself is unknown with the cycle named.
Resolved Evaluator::resolve_entered(const std::string& label, const Node& value) const {
  if (std::optional<std::string> cycle = cycle_through(label)) {
    return unknown("its value refers to itself: " + *cycle);
  }
  resolving_.push_back(label);
  Resolved r = resolve(value);
  resolving_.pop_back();
  return r;
}

Resolved Evaluator::resolve_select(const Node& arg) const {
  if (!arg.is_sequence() || arg.items.size() != 2) return unknown("malformed Fn::Select");
  std::string why;
  std::optional<double> index = number(arg.items[0], &why);
  if (!index) return unknown("its Fn::Select index is not known: " + why);
  Resolved list = resolve(arg.items[1]);
  if (!list.node) return list;
  if (!list.node->is_sequence()) return unknown("Fn::Select is not given a list");
  const Node* chosen = *index >= 0 ? item(*list.node, static_cast<size_t>(*index)) : nullptr;
  if (!chosen) return unknown("Fn::Select index is out of range");
  return resolve(*chosen);
}

std::optional<double> Evaluator::number(const Node& value, std::string* why) const {
  Resolved r = resolve(value);
  if (!r.node) {
    if (why) *why = r.no_value ? "it is AWS::NoValue" : r.why;
    return std::nullopt;
  }
  if (r.node->is_scalar()) {
    if (std::optional<double> n = parse_number(r.node->text)) return n;
  }
  if (why) *why = "it is not a number";
  return std::nullopt;
}

std::optional<std::string> Evaluator::string(const Node& value, std::string* why) const {
  std::string_view fn;
  if (const Node* arg = intrinsic_argument(value, &fn)) {
    if (fn == "Fn::Sub") return resolve_sub(*arg, why);
    if (fn == "Fn::Join") return resolve_join(*arg, why);
  }
  Resolved r = resolve(value);
  if (r.node && r.node->is_scalar()) return r.node->text;
  if (why) *why = r.node ? "it is not a single value" : r.no_value ? "it is AWS::NoValue" : r.why;
  return std::nullopt;
}

std::optional<std::string> Evaluator::resolve_sub(const Node& arg, std::string* why) const {
  const Node* text = arg.is_sequence() ? item(arg, 0) : &arg;
  const Node* vars = arg.is_sequence() ? item(arg, 1) : nullptr;
  if (!text || !text->is_scalar()) {
    if (why) *why = "malformed Fn::Sub";
    return std::nullopt;
  }
  std::string out;
  const std::string& s = text->text;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, "${!") == 0) {  // literal "${"
      out += "${";
      i += 3;
      continue;
    }
    if (s.compare(i, 2, "${") != 0) {
      out += s[i++];
      continue;
    }
    size_t close = s.find('}', i);
    if (close == std::string::npos) {
      if (why) *why = "malformed Fn::Sub";
      return std::nullopt;
    }
    std::string name = s.substr(i + 2, close - i - 2);
    const Node* bound = vars ? vars->find(name) : nullptr;
    std::optional<std::string> piece;
    if (bound) {
      piece = string(*bound, why);
    } else if (name.find('.') == std::string::npos) {
      Node ref;  // resolve ${Name} exactly like {Ref: Name}
      ref.kind = Node::Kind::Scalar;
      ref.text = name;
      Resolved r = resolve_ref(ref);
      if (r.node && r.node->is_scalar()) piece = r.node->text;
      if (!piece && why) *why = r.why;
    } else if (why) {
      *why = "it uses the attribute ${" + name + "}";
    }
    if (!piece) return std::nullopt;
    out += *piece;
    i = close + 1;
  }
  return out;
}

std::optional<std::string> Evaluator::resolve_join(const Node& arg, std::string* why) const {
  const Node* sep = item(arg, 0);
  const Node* parts = item(arg, 1);
  if (!sep || !sep->is_scalar() || !parts) {
    if (why) *why = "malformed Fn::Join";
    return std::nullopt;
  }
  Resolved list = resolve(*parts);
  if (!list.node || !list.node->is_sequence()) {
    if (why) *why = list.node ? "Fn::Join of a non-list" : list.why;
    return std::nullopt;
  }
  std::string out;
  for (size_t i = 0; i < list.node->items.size(); ++i) {
    std::optional<std::string> piece = string(list.node->items[i], why);
    if (!piece) return std::nullopt;
    if (i) out += sep->text;
    out += *piece;
  }
  return out;
}

std::optional<bool> Evaluator::condition(const std::string& name) const {
  if (auto it = condition_memo_.find(name); it != condition_memo_.end()) return it->second;
  const Node* expr = conditions_ ? conditions_->find(name) : nullptr;
  if (!expr) return std::nullopt;
  // A condition that refers back to itself is unknowable, not an infinite recursion.
  const std::string label = "Condition " + name;
  if (std::optional<std::string> cycle = cycle_through(label)) {
    // Every condition of the cycle is unknown for the same reason.
    for (auto it = std::find(resolving_.begin(), resolving_.end(), label); it != resolving_.end();
         ++it) {
      if (it->rfind("Condition ", 0) == 0) condition_cycles_.emplace(it->substr(10), *cycle);
    }
    return std::nullopt;
  }
  resolving_.push_back(label);
  std::optional<bool> result = evaluate_condition(*expr, nullptr);
  resolving_.pop_back();
  condition_memo_[name] = result;
  return result;
}

std::optional<bool> Evaluator::evaluate_condition(const Node& expr, std::string* why) const {
  std::string_view fn;
  const Node* arg = intrinsic_argument(expr, &fn);
  if (!arg) {
    if (expr.is_scalar() && (expr.text == "true" || expr.text == "false")) {
      return expr.text == "true";
    }
    return std::nullopt;
  }
  if (fn == "Condition") return arg->is_scalar() ? condition(arg->text) : std::nullopt;
  if (fn == "Fn::Equals") {
    if (!arg->is_sequence() || arg->items.size() != 2) return std::nullopt;
    std::optional<std::string> a = string(arg->items[0], why);
    std::optional<std::string> b = string(arg->items[1], why);
    if (!a || !b) return std::nullopt;
    return *a == *b;
  }
  if (fn == "Fn::Not") {
    const Node* inner = item(*arg, 0);
    std::optional<bool> v = inner ? evaluate_condition(*inner, why) : std::nullopt;
    return v ? std::optional<bool>(!*v) : std::nullopt;
  }
  if ((fn == "Fn::And" || fn == "Fn::Or") && arg->is_sequence()) {
    const bool is_and = fn == "Fn::And";
    bool unknown_seen = false;
    for (const Node& operand : arg->items) {
      std::optional<bool> v = evaluate_condition(operand, why);
      if (!v) {
        unknown_seen = true;
      } else if (*v != is_and) {
        return !is_and;  // short-circuit: false for And, true for Or
      }
    }
    return unknown_seen ? std::nullopt : std::optional<bool>(is_and);
  }
  return std::nullopt;
}

std::vector<ResourceRef> Evaluator::resource_refs(const Node& value) const {
  std::vector<ResourceRef> out;
  collect_refs(value, out);
  return out;
}

// SAM's `!Ref MyFunction.Alias` / `!Ref MyFunction.Version` (AutoPublishAlias) name the
// function's generated alias/version: a reference to the function.
std::optional<ResourceRef> Evaluator::sam_alias_ref(const Node& name) const {
  size_t dot = name.text.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string function = name.text.substr(0, dot);
  std::string suffix = name.text.substr(dot + 1);
  if ((suffix != "Alias" && suffix != "Version") ||
      resource_type(function) != "AWS::Serverless::Function") {
    return std::nullopt;
  }
  return ResourceRef{function, suffix, &name};
}

void Evaluator::collect_refs(const Node& value, std::vector<ResourceRef>& out) const {
  std::string_view fn;
  if (const Node* arg = intrinsic_argument(value, &fn)) {
    if (fn == "Ref" && arg->is_scalar()) {
      collect_ref_refs(*arg, out);
      return;
    }
    if (fn == "Fn::GetAtt") {
      collect_getatt_refs(*arg, out);
      return;
    }
    if (fn == "Fn::Sub") {
      const Node* text = arg->is_sequence() ? item(*arg, 0) : arg;
      const Node* vars = arg->is_sequence() ? item(*arg, 1) : nullptr;
      if (text && text->is_scalar()) collect_sub_refs(*text, vars, out);
      if (vars) collect_refs(*vars, out);
      return;
    }
  }
  for (const Node& child : value.items) collect_refs(child, out);
  for (const doc::Entry& e : value.entries) collect_refs(e.value, out);
}

// `Ref: Name` of a resource, or of a SAM function's alias or version.
void Evaluator::collect_ref_refs(const Node& arg, std::vector<ResourceRef>& out) const {
  if (is_resource(arg.text)) {
    out.push_back({arg.text, {}, &arg});
  } else if (std::optional<ResourceRef> r = sam_alias_ref(arg)) {
    out.push_back(*r);
  }
}

// `Fn::GetAtt: [Name, Attr]`, or the long form's dotted string `Name.Attr`.
void Evaluator::collect_getatt_refs(const Node& arg, std::vector<ResourceRef>& out) const {
  if (arg.is_sequence() && !arg.items.empty() && arg.items[0].is_scalar() &&
      is_resource(arg.items[0].text)) {
    const Node* attr = item(arg, 1);
    out.push_back({arg.items[0].text, attr && attr->is_scalar() ? attr->text : "", &arg});
  } else if (arg.is_scalar()) {
    size_t dot = arg.text.find('.');
    std::string name = arg.text.substr(0, dot);
    std::string attr = dot == std::string::npos ? "" : arg.text.substr(dot + 1);
    if (is_resource(name)) out.push_back({name, attr, &arg});
  }
}

// `vars` is Fn::Sub's variable map: a name bound there is not a resource reference.
void Evaluator::collect_sub_refs(const Node& text, const Node* vars,
                                 std::vector<ResourceRef>& out) const {
  const std::string& s = text.text;
  for (size_t i = s.find("${"); i != std::string::npos; i = s.find("${", i + 2)) {
    size_t close = s.find('}', i);
    if (close == std::string::npos) return;
    std::string var = s.substr(i + 2, close - i - 2);
    if (var.empty() || var[0] == '!' || (vars && vars->find(var))) continue;
    size_t dot = var.find('.');
    std::string name = var.substr(0, dot);
    if (is_resource(name)) {
      out.push_back({name, dot == std::string::npos ? "" : var.substr(dot + 1), &text});
    }
  }
}

}  // namespace rightfit::cfn
