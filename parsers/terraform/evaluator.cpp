#include "parsers/terraform/evaluator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string_view>

namespace rightfit::tf {

namespace {

using hcl::Expr;
using Kind = Value::Kind;

void add_refs(Value& to, const Value& from) {
  for (const ResourceAddress& r : from.refs) {
    if (std::find(to.refs.begin(), to.refs.end(), r) == to.refs.end()) to.refs.push_back(r);
  }
}

// The result of an operation on `operands`: their references, and the first origin.
Value derived(Value result, std::initializer_list<const Value*> operands) {
  for (const Value* v : operands) {
    add_refs(result, *v);
    if (!result.origin && v->origin) result.origin = v->origin;
  }
  return result;
}

Value unknown_from(const std::string& why, const std::vector<Value>& parts) {
  Value v = Value::unknown(why);
  for (const Value& p : parts) {
    add_refs(v, p);
    if (v.string.empty() || p.kind == Kind::Unknown) {
      if (p.kind == Kind::Unknown && !p.string.empty()) v.string = p.string;
    }
  }
  return v;
}

void set_entry(Value& map, std::string key, Value v) {
  for (auto& [k, existing] : map.map) {
    if (k == key) {
      existing = std::move(v);
      return;
    }
  }
  map.map.emplace_back(std::move(key), std::move(v));
  std::sort(map.map.begin(), map.map.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

Value make_map() {
  Value m;
  m.kind = Kind::Map;
  return m;
}

Value make_list(std::vector<Value> items = {}) {
  Value l;
  l.kind = Kind::List;
  l.items = std::move(items);
  return l;
}

// Terraform's == compares type and value: "1" == 1 is false.
bool equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::Null:
      return true;
    case Kind::Bool:
      return a.boolean == b.boolean;
    case Kind::Number:
      return a.number == b.number;
    case Kind::String:
      return a.string == b.string;
    case Kind::List:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i) {
        if (!equal(a.items[i], b.items[i])) return false;
      }
      return true;
    case Kind::Map:
      if (a.map.size() != b.map.size()) return false;
      for (size_t i = 0; i < a.map.size(); ++i) {
        if (a.map[i].first != b.map[i].first || !equal(a.map[i].second, b.map[i].second)) {
          return false;
        }
      }
      return true;
    case Kind::Unknown:
      return false;
  }
  return false;
}

bool contains_unknown(const Value& v) {
  if (v.kind == Kind::Unknown) return true;
  for (const Value& i : v.items) {
    if (contains_unknown(i)) return true;
  }
  for (const auto& [k, i] : v.map) {
    if (contains_unknown(i)) return true;
  }
  return false;
}

// As Terraform's jsonencode writes strings (Go's encoder): also <, >, &, U+2028 and U+2029
// become \u escapes.
void json_escape(const std::string& s, std::string& out) {
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x80' &&
        (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
      out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

bool write_json(const Value& v, std::string& out) {
  switch (v.kind) {
    case Kind::Unknown:
      return false;
    case Kind::Null:
      out += "null";
      return true;
    case Kind::Bool:
    case Kind::Number:
      out += v.as_string().value_or("");  // always set for these kinds
      return true;
    case Kind::String:
      json_escape(v.string, out);
      return true;
    case Kind::List:
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        if (!write_json(v.items[i], out)) return false;
      }
      out += ']';
      return true;
    case Kind::Map:
      out += '{';
      for (size_t i = 0; i < v.map.size(); ++i) {
        if (i) out += ',';
        json_escape(v.map[i].first, out);
        out += ':';
        if (!write_json(v.map[i].second, out)) return false;
      }
      out += '}';
      return true;
  }
  return false;
}

// One traversal step after the root name.
struct Step {
  enum class Kind { Attr, Index, Splat } kind;
  std::string name;
  const Expr* index = nullptr;
};

class Evaluation {
 public:
  Evaluation(const Names& names, const Iteration* iteration, const std::string* positions_file)
      : names_(names), iteration_(iteration), positions_file_(positions_file) {}

  Value eval(const Expr& e) {
    EvaluationBudget* budget = names_.budget();
    // Past the budget a literal is still itself: it costs nothing, and a `timeout = 900` beside
    // an exploding local stays known.
    if (budget && !budget->step() && !is_literal(e)) return Value::unknown(budget->exceeded());
    if (++depth_ > kMaxDepth) {
      --depth_;
      return Value::unknown("expression nested too deeply");
    }
    Value v = dispatch(e);
    --depth_;
    if (budget && !budget->charge(v) && !is_literal(e)) return Value::unknown(budget->exceeded());
    return v;
  }

 private:
  static constexpr int kMaxDepth = 400;

  static bool is_literal(const Expr& e) {
    return e.kind == Expr::Kind::Null || e.kind == Expr::Kind::Bool ||
           e.kind == Expr::Kind::Number || e.kind == Expr::Kind::String;
  }

  Value dispatch(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Null:
        return Value::null();
      case Expr::Kind::Bool:
        return Value::of(e.text == "true");
      case Expr::Kind::Number: {
        Value s = Value::of(e.text);
        std::optional<double> n = s.as_number();
        return n ? Value::of(*n) : Value::unknown("malformed number " + e.text);
      }
      case Expr::Kind::String:
        return Value::of(e.text);
      case Expr::Kind::Template:
        return eval_template(e);
      case Expr::Kind::Variable:
      case Expr::Kind::GetAttr:
      case Expr::Kind::Index:
      case Expr::Kind::Splat:
        return eval_traversal(e);
      case Expr::Kind::Call:
        return eval_call(e);
      case Expr::Kind::Conditional:
        return eval_conditional(e);
      case Expr::Kind::Unary:
        return eval_unary(e);
      case Expr::Kind::Binary:
        return eval_binary(e);
      case Expr::Kind::Tuple: {
        Value list = make_list();
        for (const Expr& item : e.children) {
          Value v = eval(item);
          add_refs(list, v);
          list.items.push_back(std::move(v));
        }
        return list;
      }
      case Expr::Kind::Object:
        return eval_object(e);
      case Expr::Kind::For:
        return eval_for(e);
      case Expr::Kind::Unsupported:
        return Value::unknown("uses " + e.text + ", which rightfit does not evaluate");
      case Expr::Kind::Planned:
        return eval_planned(e);
    }
    return Value::unknown("unsupported expression");
  }

  // Out of line: its Values would otherwise widen dispatch()'s frame, which every level of
  // a nested expression pays (the sanitizers' redzones make that frame large).
  [[gnu::noinline]] Value eval_planned(const Expr& e) {
    Value v = !e.text.empty() || e.children.empty() ? Value::unknown(e.text) : eval(e.children[0]);
    for (size_t i = 1; i < e.children.size(); ++i) add_refs(v, eval(e.children[i]));
    return v;
  }

  Value eval_template(const Expr& e) {
    // "${x}" alone is x itself, with its type (HCL), as Terraform JSON writes every expression.
    if (e.children.size() == 1 && e.children[0].kind != Expr::Kind::String) {
      return eval(e.children[0]);
    }
    std::string out;
    std::vector<Value> parts;
    bool known = true;
    for (const Expr& part : e.children) {
      Value v = eval(part);
      std::optional<std::string> s = v.as_string();
      if (!s) known = false;
      if (s && known) out += *s;
      parts.push_back(std::move(v));
    }
    if (!known) {
      Value v = unknown_from("it is built from a value that is not known statically", parts);
      for (const Value& p : parts) {
        std::optional<std::string> s = p.as_string();
        v.pattern += s ? *s : !p.pattern.empty() ? p.pattern : "*";
      }
      return v;
    }
    Value result = Value::of(out);
    for (const Value& p : parts) add_refs(result, p);
    return result;
  }

  Value eval_object(const Expr& e) {
    Value m = make_map();
    for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
      Value key = eval(e.children[i]);
      Value value = eval(e.children[i + 1]);
      add_refs(m, key);
      add_refs(m, value);
      std::optional<std::string> k = key.as_string();
      if (!k) return unknown_from("an object key is not known", {key, value, m});
      if (positions_file_ && !value.origin) {
        value.origin = SourceRange{*positions_file_, e.children[i].span};
      }
      set_entry(m, *k, std::move(value));
    }
    return m;
  }

  Value eval_conditional(const Expr& e) {
    if (e.children.size() != 3) return Value::unknown("malformed conditional");
    Value cond = eval(e.children[0]);
    std::optional<bool> b = cond.as_bool();
    if (!b) {
      Value a = eval(e.children[1]), c = eval(e.children[2]);
      return unknown_from("it depends on a condition that is not known statically", {cond, a, c});
    }
    Value chosen = eval(e.children[*b ? 1 : 2]);
    add_refs(chosen, cond);
    return chosen;
  }

  Value eval_unary(const Expr& e) {
    if (e.children.empty()) return Value::unknown("malformed operation");
    Value v = eval(e.children[0]);
    if (e.text == "!") {
      std::optional<bool> b = v.as_bool();
      return b ? derived(Value::of(!*b), {&v}) : unknown_from("not a known bool", {v});
    }
    std::optional<double> n = v.as_number();
    return n ? derived(Value::of(-*n), {&v}) : unknown_from("not a known number", {v});
  }

  Value eval_binary(const Expr& e) {
    if (e.children.size() != 2) return Value::unknown("malformed operation");
    const std::string& op = e.text;
    Value l = eval(e.children[0]);
    if (op == "&&" || op == "||") {
      std::optional<bool> lb = l.as_bool();
      if (lb && (*lb == (op == "||"))) return derived(Value::of(*lb), {&l});
      Value r = eval(e.children[1]);
      std::optional<bool> rb = r.as_bool();
      if (!lb || !rb) return unknown_from("it depends on a value that is not known", {l, r});
      return derived(Value::of(op == "&&" ? (*lb && *rb) : (*lb || *rb)), {&l, &r});
    }
    Value r = eval(e.children[1]);
    if (op == "==" || op == "!=") {
      if (contains_unknown(l) || contains_unknown(r)) {
        return unknown_from("it compares a value that is not known", {l, r});
      }
      return derived(Value::of(equal(l, r) == (op == "==")), {&l, &r});
    }
    std::optional<double> a = l.as_number(), b = r.as_number();
    if (!a || !b) return unknown_from("it computes with a value that is not known", {l, r});
    double n = 0;
    if (op == "+")
      n = *a + *b;
    else if (op == "-")
      n = *a - *b;
    else if (op == "*")
      n = *a * *b;
    else if (op == "/") {
      if (*b == 0) return Value::unknown("division by zero");
      n = *a / *b;
    } else if (op == "%") {
      if (*b == 0) return Value::unknown("division by zero");
      n = std::fmod(*a, *b);
    } else if (op == "<")
      return derived(Value::of(*a < *b), {&l, &r});
    else if (op == "<=")
      return derived(Value::of(*a <= *b), {&l, &r});
    else if (op == ">")
      return derived(Value::of(*a > *b), {&l, &r});
    else if (op == ">=")
      return derived(Value::of(*a >= *b), {&l, &r});
    else
      return Value::unknown("unsupported operator " + op);
    return derived(Value::of(n), {&l, &r});
  }

  // The parts of a for expression: `[for v in coll : value if cond]` or
  // `{for k, v in coll : key => value if cond}`.
  struct ForParts {
    const Expr* key = nullptr;  // objects only
    const Expr* value = nullptr;
    const Expr* condition = nullptr;  // optional
  };

  Value eval_for(const Expr& e) {
    size_t needed = e.for_object ? 3 : 2;
    if (e.children.size() < needed) return Value::unknown("malformed for expression");
    Value collection = eval(e.children[0]);
    if (collection.kind != Kind::List && collection.kind != Kind::Map) {
      return unknown_from("it iterates over a collection that is not known", {collection});
    }
    const ForParts parts{e.for_object ? &e.children[1] : nullptr, &e.children[e.for_object ? 2 : 1],
                         e.children.size() > needed ? &e.children[needed] : nullptr};
    Value out = e.for_object ? make_map() : make_list();
    add_refs(out, collection);
    bool ok = true;
    if (collection.kind == Kind::List) {
      for (size_t i = 0; i < collection.items.size() && ok; ++i) {
        ok = for_iteration(e, parts, Value::of(static_cast<double>(i)), collection.items[i], out);
      }
    } else {
      for (const auto& [k, v] : collection.map) {
        ok = for_iteration(e, parts, Value::of(k), v, out);
        if (!ok) break;
      }
    }
    if (!ok) return unknown_from("a for expression depends on values that are not known", {out});
    return out;
  }

  // One iteration with the for expression's variables bound to `k` and `v` (restored after);
  // false when something it needs is not known.
  bool for_iteration(const Expr& e, const ForParts& parts, Value k, Value v, Value& out) {
    Bindings saved = bindings_;
    if (!e.for_key_var().empty()) bindings_[std::string(e.for_key_var())] = std::move(k);
    bindings_[std::string(e.for_value_var())] = std::move(v);
    const bool ok = add_for_item(e, parts, out);
    bindings_ = std::move(saved);
    return ok;
  }

  // Adds this iteration's item to `out` unless the condition drops it.
  bool add_for_item(const Expr& e, const ForParts& parts, Value& out) {
    if (parts.condition) {
      std::optional<bool> keep = eval(*parts.condition).as_bool();
      if (!keep) return false;
      if (!*keep) return true;
    }
    Value item = eval(*parts.value);
    add_refs(out, item);
    if (!e.for_object) {
      out.items.push_back(std::move(item));
      return true;
    }
    std::optional<std::string> key = eval(*parts.key).as_string();
    if (!key) return false;
    if (e.for_grouping) {  // {for ... : k => v...}: the values of each key, in order
      const Value* existing = out.get(*key);
      Value group = existing ? *existing : make_list();
      group.items.push_back(std::move(item));
      set_entry(out, *key, std::move(group));
    } else {
      set_entry(out, *key, std::move(item));
    }
    return true;
  }

  // --- traversals ---

  static const Expr* flatten(const Expr& e, std::vector<Step>& steps) {
    const Expr* cur = &e;
    std::vector<Step> reversed;
    while (true) {
      if (cur->kind == Expr::Kind::GetAttr && !cur->children.empty()) {
        reversed.push_back({Step::Kind::Attr, cur->text, nullptr});
      } else if (cur->kind == Expr::Kind::Index && cur->children.size() == 2) {
        reversed.push_back({Step::Kind::Index, {}, &cur->children[1]});
      } else if (cur->kind == Expr::Kind::Splat && !cur->children.empty()) {
        reversed.push_back({Step::Kind::Splat, {}, nullptr});
      } else {
        break;
      }
      cur = &cur->children[0];
    }
    steps.assign(reversed.rbegin(), reversed.rend());
    return cur;
  }

  Value eval_traversal(const Expr& e) {
    std::vector<Step> steps;
    const Expr* root = flatten(e, steps);
    size_t used = 0;
    Value base = eval_root(*root, steps, used);
    return apply_steps(std::move(base), steps, used);
  }

  std::optional<std::string> attr_at(const std::vector<Step>& steps, size_t i) const {
    if (i < steps.size() && steps[i].kind == Step::Kind::Attr) return steps[i].name;
    return std::nullopt;
  }

  const Iteration* find_iteration(const std::string& name) const {
    for (const Iteration* it = iteration_; it; it = it->outer) {
      if (it->name == name) return it;
    }
    return nullptr;
  }

  Value eval_root(const Expr& root, const std::vector<Step>& steps, size_t& used) {
    if (root.kind != Expr::Kind::Variable) return eval(root);
    const std::string& name = root.text;
    if (auto it = bindings_.find(name); it != bindings_.end()) return it->second;
    auto first = attr_at(steps, 0);
    if (const Iteration* it = find_iteration(name); it && first) {
      used = 1;
      if (*first == "key" || *first == "index") return it->key;
      if (*first == "value") return it->value;
      return Value::unknown(name + "." + *first + " is not known");
    }
    if (!first) return Value::unknown("'" + name + "' is not a value rightfit knows");
    used = 1;
    if (name == "var") return names_.variable(*first);
    if (name == "local") return names_.local(*first);
    if (name == "module") {
      // `module.x[0].out`: the output of the first instance, like a resource's.
      size_t output_at = 1;
      while (output_at < steps.size() && steps[output_at].kind == Step::Kind::Index) ++output_at;
      auto output = attr_at(steps, output_at);
      if (!output) return Value::unknown("module." + *first + " as a whole is not evaluated");
      used = output_at + 1;
      return names_.module_output(*first, *output);
    }
    if (name == "path" && *first == "module" && !names_.directory().empty()) {
      // Absolute, so that paths built on it are not taken as relative to the working dir.
      std::error_code ec;
      return Value::of(
          std::filesystem::absolute(names_.directory(), ec).lexically_normal().generic_string());
    }
    if (name == "path" || name == "terraform") {
      return Value::unknown(name + "." + *first + " depends on where Terraform runs");
    }
    if (name == "data") {
      auto data_name = attr_at(steps, 1);
      if (!data_name) return Value::unknown("data." + *first + " is not evaluated");
      used = 2;
      Value v = Value::unknown("it is read from data source data." + *first + "." + *data_name +
                               " when Terraform runs");
      std::string attribute = attr_at(steps, 2).value_or("");
      v.refs.push_back({"data." + *first + "." + *data_name, attribute});
      return v;
    }
    if (std::optional<std::string> address = names_.resource_address(name, *first)) {
      // Skip an instance key (`aws_x.y[0]`) so the attribute that follows is recorded.
      size_t attr_index = 1;
      while (attr_index < steps.size() && steps[attr_index].kind != Step::Kind::Attr) ++attr_index;
      std::string attribute = attr_at(steps, attr_index).value_or("");
      used = steps.size();
      if (std::optional<std::vector<std::string>> path = argument_path(steps)) {
        Value echoed = names_.resource_argument(name, *first, *path);
        if (echoed.known()) {
          echoed.refs.push_back({*address, attribute});
          return echoed;
        }
      }
      Value v = Value::unknown(name + "." + *first + (attribute.empty() ? "" : "." + attribute) +
                               " is known only after apply");
      v.refs.push_back({*address, attribute});
      return v;
    }
    return Value::unknown("'" + name + "." + *first + "' is not declared in this module");
  }

  // The argument a resource traversal reads (`aws_x.y.name`, `k8s_x.y.metadata[0].name`):
  // attribute names, with the first instance of a nested block; nullopt for anything else
  // (instance keys, splats, other indexes).
  std::optional<std::vector<std::string>> argument_path(const std::vector<Step>& steps) {
    std::vector<std::string> path;
    for (size_t i = 1; i < steps.size(); ++i) {
      const Step& s = steps[i];
      if (s.kind == Step::Kind::Attr) {
        path.push_back(s.name);
        continue;
      }
      if (s.kind != Step::Kind::Index || path.empty() || eval(*s.index).as_number() != 0.0)
        return std::nullopt;
    }
    if (path.empty()) return std::nullopt;
    return path;
  }

  Value apply_steps(Value v, const std::vector<Step>& steps, size_t from) {
    for (size_t i = from; i < steps.size(); ++i) {
      const Step& s = steps[i];
      if (!v.known()) return v;
      if (s.kind == Step::Kind::Splat) {
        if (v.kind == Kind::Null) return make_list();
        Value list = v.kind == Kind::List ? v : make_list({v});
        Value out = make_list();
        add_refs(out, list);
        for (Value& item : list.items)
          out.items.push_back(apply_steps(std::move(item), steps, i + 1));
        return out;
      }
      Value key = s.kind == Step::Kind::Attr ? Value::of(s.name) : eval(*s.index);
      Value next = step_into(v, key);
      add_refs(next, v);
      add_refs(next, key);
      if (!next.origin) next.origin = v.origin;
      v = std::move(next);
    }
    return v;
  }

  static Value step_into(const Value& v, const Value& key) {
    if (v.kind == Kind::Map) {
      std::optional<std::string> k = key.as_string();
      if (!k) return Value::unknown("an index is not known");
      const Value* found = v.get(*k);
      return found ? *found : Value::unknown("no attribute or key '" + *k + "'");
    }
    if (v.kind == Kind::List) {
      std::optional<double> n = key.as_number();
      if (!n) return Value::unknown("an index is not known");
      if (*n < 0 || *n >= static_cast<double>(v.items.size()))
        return Value::unknown("index out of range");
      return v.items[static_cast<size_t>(*n)];
    }
    if (v.kind == Kind::Null) return Value::unknown("it reads an attribute of null");
    return Value::unknown("it indexes a value that is not a collection");
  }

  // --- functions ---

  Value eval_call(const Expr& e);
  Value eval_try(const Expr& e);

  using Bindings = std::map<std::string, Value>;
  const Names& names_;
  const Iteration* iteration_;
  const std::string* positions_file_;
  Bindings bindings_;  // for-expression variables
  int depth_ = 0;
};

std::vector<Value> flatten_list(const Value& v) {
  std::vector<Value> out;
  if (v.kind != Kind::List) {
    out.push_back(v);
    return out;
  }
  for (const Value& i : v.items) {
    std::vector<Value> inner = flatten_list(i);
    out.insert(out.end(), inner.begin(), inner.end());
  }
  return out;
}

bool empty_value(const Value& v) {
  return v.is_null() || (v.kind == Kind::String && v.string.empty());
}

// One verb of format(): %s %v (any string-convertible value), %d (integers), %f %e
// (numbers), %t (bools), with C-compatible flags, width and precision. nullopt for what it
// does not write exactly as Terraform does.
std::optional<std::string> format_verb(const std::string& spec, char verb, const Value& v) {
  char buf[512];
  if (verb == 'd') {
    std::optional<double> n = v.as_number();
    if (!n || *n != std::floor(*n) || std::fabs(*n) >= 1e18) return std::nullopt;
    int written =
        std::snprintf(buf, sizeof buf, (spec + "lld").c_str(), static_cast<long long>(*n));
    return written >= 0 && written < static_cast<int>(sizeof buf) ? std::optional(std::string(buf))
                                                                  : std::nullopt;
  }
  if (verb == 'f' || verb == 'e') {
    std::optional<double> n = v.as_number();
    if (!n) return std::nullopt;
    int written = std::snprintf(buf, sizeof buf, (spec + verb).c_str(), *n);
    return written >= 0 && written < static_cast<int>(sizeof buf) ? std::optional(std::string(buf))
                                                                  : std::nullopt;
  }
  if (verb == 's' || verb == 'v' || verb == 't') {
    if (verb == 't' && v.kind != Kind::Bool) return std::nullopt;
    std::optional<std::string> s = v.as_string();
    if (!s || spec.find_first_not_of("%-0123456789") != std::string::npos) return std::nullopt;
    size_t digits = spec.find_first_not_of("%-");
    if (digits != std::string::npos && spec[digits] == '0') return std::nullopt;  // zero padding
    size_t width =
        digits == std::string::npos ? 0 : std::strtoul(spec.c_str() + digits, nullptr, 10);
    if (width > sizeof buf) return std::nullopt;
    size_t length = 0;
    for (unsigned char c : *s) length += (c & 0xC0) != 0x80;
    if (length >= width) return s;
    std::string pad(width - length, ' ');
    return spec.find('-') != std::string::npos ? *s + pad : pad + *s;
  }
  return std::nullopt;
}

// --- built-in functions ---

// One call of a built-in: its name as written and its evaluated arguments.
struct Call {
  const std::string& name;
  const std::vector<Value>& args;

  // A result that keeps the arguments' references and, failing its own, their first origin.
  Value with_refs(Value v) const {
    for (const Value& a : args) {
      add_refs(v, a);
      if (!v.origin && a.origin) v.origin = a.origin;
    }
    return v;
  }
  Value unknown(const std::string& why) const { return unknown_from(why, args); }
  bool all_known() const {
    return std::none_of(args.begin(), args.end(),
                        [](const Value& a) { return contains_unknown(a); });
  }
};

Value builtin_can(const Call& c) {
  bool ok = !c.args.empty() && c.args[0].known();
  return ok ? c.with_refs(Value::of(true)) : c.unknown("can() of a value that is not known");
}

Value builtin_coalesce(const Call& c) {
  for (const Value& a : c.args) {
    if (!a.known()) return c.unknown("coalesce() of a value that is not known");
    if (!empty_value(a)) return c.with_refs(a);
  }
  return c.unknown("coalesce() has no non-empty argument");
}

Value builtin_lookup(const Call& c) {
  if (c.args.size() < 2) return c.unknown("lookup() needs a map and a key");
  if (c.args[0].kind != Kind::Map) return c.unknown("lookup() in a map that is not known");
  std::optional<std::string> k = c.args[1].as_string();
  if (!k) return c.unknown("lookup() key is not known");
  if (const Value* v = c.args[0].get(*k)) return c.with_refs(*v);
  if (c.args.size() >= 3) return c.with_refs(c.args[2]);
  return c.unknown("lookup() finds no key '" + *k + "'");
}

Value builtin_merge(const Call& c) {
  Value out = make_map();
  for (const Value& a : c.args) {
    if (a.is_null()) continue;
    if (a.kind != Kind::Map) return c.unknown("merge() of a value that is not a known map");
    for (const auto& [k, v] : a.map) set_entry(out, k, v);
  }
  return c.with_refs(out);
}

// concat() and flatten(): the lists' items, in order; flatten() also those of nested lists.
Value join_lists(const Call& c, bool flatten_nested) {
  Value out = make_list();
  for (const Value& a : c.args) {
    if (a.kind != Kind::List) return c.unknown(c.name + "() of a value that is not a known list");
    std::vector<Value> items = flatten_nested ? flatten_list(a) : a.items;
    out.items.insert(out.items.end(), items.begin(), items.end());
  }
  return c.with_refs(out);
}

Value builtin_concat(const Call& c) { return join_lists(c, false); }
Value builtin_flatten(const Call& c) { return join_lists(c, true); }

// tolist(), toset(), tomap(), sensitive(), nonsensitive(): the value itself, for rightfit.
Value builtin_identity(const Call& c) {
  if (c.args.size() != 1) return c.unknown(c.name + "() takes one argument");
  return c.with_refs(c.args[0]);
}

Value builtin_one(const Call& c) {
  if (c.args.size() != 1) return c.unknown("one() takes one argument");
  if (c.args[0].kind != Kind::List) return c.unknown("one() of a value that is not a known list");
  if (c.args[0].items.empty()) return c.with_refs(Value::null());
  return c.with_refs(c.args[0].items.front());
}

// tostring(), tonumber(), tobool(): null stays null; `convert` reads a known value.
template <typename Convert>
Value convert_one(const Call& c, Convert convert) {
  if (c.args.size() != 1) return c.unknown(c.name + "() takes one argument");
  const Value& a = c.args[0];
  if (a.is_null()) return c.with_refs(a);
  auto converted = convert(a);
  return converted ? c.with_refs(Value::of(*converted))
                   : c.unknown(c.name + "() of a value that is not known");
}

Value builtin_tostring(const Call& c) {
  return convert_one(c, [](const Value& a) { return a.as_string(); });
}
Value builtin_tonumber(const Call& c) {
  return convert_one(c, [](const Value& a) { return a.as_number(); });
}
Value builtin_tobool(const Call& c) {
  return convert_one(c, [](const Value& a) { return a.as_bool(); });
}

// max() and min(), of numbers or of one list of numbers.
Value extreme(const Call& c, bool want_max) {
  const std::vector<Value>& nums =
      c.args.size() == 1 && c.args[0].kind == Kind::List ? c.args[0].items : c.args;
  if (nums.empty()) return c.unknown(c.name + "() of nothing");
  std::optional<double> best;
  for (const Value& a : nums) {
    auto n = a.as_number();
    if (!n) return c.unknown(c.name + "() of a value that is not known");
    best = !best ? *n : want_max ? std::max(*best, *n) : std::min(*best, *n);
  }
  return c.with_refs(Value::of(best.value_or(0)));  // set: nums is not empty
}

Value builtin_max(const Call& c) { return extreme(c, true); }
Value builtin_min(const Call& c) { return extreme(c, false); }

// abs(), ceil(), floor(): `round` of one known number.
Value round_number(const Call& c, double (*round)(double)) {
  auto n = c.args.size() == 1 ? c.args[0].as_number() : std::nullopt;
  if (!n) return c.unknown(c.name + "() of a value that is not known");
  return c.with_refs(Value::of(round(*n)));
}

Value builtin_abs(const Call& c) {
  return round_number(c, [](double n) { return std::fabs(n); });
}
Value builtin_ceil(const Call& c) {
  return round_number(c, [](double n) { return std::ceil(n); });
}
Value builtin_floor(const Call& c) {
  return round_number(c, [](double n) { return std::floor(n); });
}

Value builtin_length(const Call& c) {
  if (c.args.size() != 1) return c.unknown("length() takes one argument");
  const Value& a = c.args[0];
  if (a.kind == Kind::List) return c.with_refs(Value::of(static_cast<double>(a.items.size())));
  if (a.kind == Kind::Map) return c.with_refs(Value::of(static_cast<double>(a.map.size())));
  if (a.kind == Kind::String) {  // characters, not bytes
    size_t n = 0;
    for (unsigned char ch : a.string) n += (ch & 0xC0) != 0x80;
    return c.with_refs(Value::of(static_cast<double>(n)));
  }
  return c.unknown("length() of a value that is not known");
}

Value builtin_element(const Call& c) {
  if (c.args.size() != 2 || c.args[0].kind != Kind::List || c.args[0].items.empty()) {
    return c.unknown("element() of a list that is not known");
  }
  auto n = c.args[1].as_number();
  if (!n) return c.unknown("element() index is not known");
  size_t i = static_cast<size_t>(std::max(0.0, *n)) % c.args[0].items.size();
  return c.with_refs(c.args[0].items[i]);
}

// keys() and values() of a known map, in key order.
Value map_column(const Call& c, bool want_keys) {
  if (c.args.size() != 1 || c.args[0].kind != Kind::Map)
    return c.unknown(c.name + "() of a map that is not known");
  Value out = make_list();
  for (const auto& [k, v] : c.args[0].map) out.items.push_back(want_keys ? Value::of(k) : v);
  return c.with_refs(out);
}

Value builtin_keys(const Call& c) { return map_column(c, true); }
Value builtin_values(const Call& c) { return map_column(c, false); }

Value builtin_contains(const Call& c) {
  if (c.args.size() != 2 || c.args[0].kind != Kind::List || contains_unknown(c.args[1])) {
    return c.unknown("contains() of values that are not known");
  }
  bool found = false;
  for (const Value& i : c.args[0].items) found = found || equal(i, c.args[1]);
  return c.with_refs(Value::of(found));
}

Value builtin_jsonencode(const Call& c) {
  if (c.args.size() != 1) return c.unknown("jsonencode() takes one argument");
  std::optional<std::string> json = to_json(c.args[0]);
  return json ? c.with_refs(Value::of(*json))
              : c.unknown("jsonencode() of a value that is not known");
}

// lower(), upper(), trimspace(): `change` applied to one string.
Value change_string(const Call& c, void (*change)(std::string&)) {
  auto s = c.args.size() == 1 ? c.args[0].as_string() : std::nullopt;
  if (!s) return c.unknown(c.name + "() of a value that is not a string");
  std::string r = *s;
  change(r);
  return c.with_refs(Value::of(r));
}

Value builtin_lower(const Call& c) {
  return change_string(c, [](std::string& s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(ch));
  });
}
Value builtin_upper(const Call& c) {
  return change_string(c, [](std::string& s) {
    for (char& ch : s) ch = static_cast<char>(std::toupper(ch));
  });
}
Value builtin_trimspace(const Call& c) {
  return change_string(c, [](std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), en = s.find_last_not_of(" \t\r\n");
    s = b == std::string::npos ? "" : s.substr(b, en - b + 1);
  });
}

Value builtin_join(const Call& c) {
  if (c.args.size() < 2) return c.unknown("join() needs a separator and lists");
  auto sep = c.args[0].as_string();
  std::string out;
  bool first = true;
  for (size_t i = 1; i < c.args.size(); ++i) {
    if (c.args[i].kind != Kind::List) return c.unknown("join() of a value that is not a list");
    for (const Value& item : c.args[i].items) {
      auto s = item.as_string();
      if (!s || !sep) return c.unknown("join() of a value that is not a string");
      if (!first) out += *sep;
      out += *s;
      first = false;
    }
  }
  return c.with_refs(Value::of(out));
}

// The spec of one verb of format() at `f[at]` ('%'): %[flags][width][.precision]; `at` is
// left on the verb's letter, or at the end when the verb is incomplete.
std::string verb_spec(const std::string& f, size_t& at) {
  std::string spec = "%";
  size_t j = at + 1;
  auto take = [&](std::string_view chars) {
    while (j < f.size() && chars.find(f[j]) != std::string_view::npos) spec += f[j++];
  };
  take("-+ #0");
  take("0123456789");
  if (j < f.size() && f[j] == '.') {
    spec += f[j++];
    take("0123456789");
  }
  at = j;
  return spec;
}

Value builtin_format(const Call& c) {
  auto f = !c.args.empty() ? c.args[0].as_string() : std::nullopt;
  if (!f) return c.unknown("format() without a known format");
  std::string out;
  size_t next = 1;
  for (size_t i = 0; i < f->size(); ++i) {
    char ch = (*f)[i];
    if (ch != '%') {
      out += ch;
      continue;
    }
    if (i + 1 < f->size() && (*f)[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    std::string spec = verb_spec(*f, i);
    if (i >= f->size()) return c.unknown("format() has an incomplete verb");
    if (next >= c.args.size()) return c.unknown("format() has too few arguments");
    std::optional<std::string> piece = format_verb(spec, (*f)[i], c.args[next++]);
    if (!piece) return c.unknown(std::string("format() cannot write this value with %") + (*f)[i]);
    out += *piece;
  }
  return c.with_refs(Value::of(out));
}

// A built-in Terraform function rightfit evaluates. Most need every argument known; those
// that answer from part of their arguments (can, coalesce, lookup...) take unknown ones too.
struct Builtin {
  std::string_view name;
  Value (*evaluate)(const Call&);
  bool takes_unknown;
};

// Sorted by name (checked below) for a binary search; try() is lazy and evaluated apart.
constexpr std::array kBuiltins = {
    Builtin{"abs", builtin_abs, true},
    Builtin{"can", builtin_can, true},
    Builtin{"ceil", builtin_ceil, true},
    Builtin{"coalesce", builtin_coalesce, true},
    Builtin{"concat", builtin_concat, true},
    Builtin{"contains", builtin_contains, true},
    Builtin{"element", builtin_element, true},
    Builtin{"flatten", builtin_flatten, true},
    Builtin{"floor", builtin_floor, true},
    Builtin{"format", builtin_format, false},
    Builtin{"join", builtin_join, false},
    Builtin{"jsonencode", builtin_jsonencode, false},
    Builtin{"keys", builtin_keys, true},
    Builtin{"length", builtin_length, true},
    Builtin{"lookup", builtin_lookup, true},
    Builtin{"lower", builtin_lower, false},
    Builtin{"max", builtin_max, true},
    Builtin{"merge", builtin_merge, true},
    Builtin{"min", builtin_min, true},
    Builtin{"nonsensitive", builtin_identity, true},
    Builtin{"one", builtin_one, true},
    Builtin{"sensitive", builtin_identity, true},
    Builtin{"tobool", builtin_tobool, true},
    Builtin{"tolist", builtin_identity, true},
    Builtin{"tomap", builtin_identity, true},
    Builtin{"tonumber", builtin_tonumber, true},
    Builtin{"toset", builtin_identity, true},
    Builtin{"tostring", builtin_tostring, true},
    Builtin{"trimspace", builtin_trimspace, false},
    Builtin{"upper", builtin_upper, false},
    Builtin{"values", builtin_values, true},
};
static_assert(std::is_sorted(kBuiltins.begin(), kBuiltins.end(),
                             [](const Builtin& a, const Builtin& b) { return a.name < b.name; }));

const Builtin* find_builtin(std::string_view name) {
  auto it = std::lower_bound(kBuiltins.begin(), kBuiltins.end(), name,
                             [](const Builtin& b, std::string_view n) { return b.name < n; });
  return it != kBuiltins.end() && it->name == name ? &*it : nullptr;
}

// try() tolerates failing arguments: the first known one, evaluated lazily.
Value Evaluation::eval_try(const Expr& e) {
  std::vector<Value> seen;
  for (const Expr& arg : e.children) {
    Value v = eval(arg);
    if (v.known()) return derived(std::move(v), {});
    seen.push_back(std::move(v));
  }
  return unknown_from("no argument of try() is known statically", seen);
}

Value Evaluation::eval_call(const Expr& e) {
  const std::string& fn = e.text;
  if (fn == "try") return eval_try(e);
  std::vector<Value> args;
  args.reserve(e.children.size());
  for (const Expr& arg : e.children) args.push_back(eval(arg));
  const Call call{fn, args};
  const Builtin* builtin = find_builtin(fn);
  if (builtin && builtin->takes_unknown) return builtin->evaluate(call);
  if (!call.all_known()) return call.unknown(fn + "() of a value that is not known statically");
  if (builtin) return builtin->evaluate(call);
  return call.unknown("it calls " + fn + "(), which rightfit does not evaluate");
}

}  // namespace

EvaluationBudget::EvaluationBudget(const ParseLimits& limits)
    : values_left_(limits.max_eval_values),
      bytes_left_(limits.max_eval_bytes),
      steps_left_(limits.max_eval_steps),
      values_limit_(limits.max_eval_values),
      bytes_limit_(limits.max_eval_bytes),
      steps_limit_(limits.max_eval_steps) {}

bool EvaluationBudget::step() {
  if (!exceeded_.empty()) return false;
  if (steps_left_ == 0) {
    exceed(kMaxEvalStepsKey, steps_limit_, "expressions evaluated");
    return false;
  }
  --steps_left_;
  return true;
}

bool EvaluationBudget::charge(const Value& v) { return exceeded_.empty() && spend(v); }

// Iterative: a value nests as deep as the locals that build it, without bound.
bool EvaluationBudget::spend(const Value& root) {
  std::vector<const Value*> pending{&root};
  auto bytes = [this](std::size_t n) {
    if (n <= bytes_left_) {
      bytes_left_ -= n;
      return true;
    }
    exceed(kMaxEvalBytesKey, bytes_limit_, "bytes of strings produced");
    return false;
  };
  while (!pending.empty()) {
    const Value& v = *pending.back();
    pending.pop_back();
    if (values_left_ == 0) {
      exceed(kMaxEvalValuesKey, values_limit_, "values produced");
      return false;
    }
    --values_left_;
    if (!bytes(v.string.size() + v.pattern.size())) return false;
    for (const Value& item : v.items) pending.push_back(&item);
    for (const auto& [key, item] : v.map) {
      if (!bytes(key.size())) return false;
      pending.push_back(&item);
    }
  }
  return true;
}

void EvaluationBudget::exceed(std::string_view key, std::size_t limit, std::string_view what) {
  exceeded_ = "evaluation budget exceeded: more than " + std::to_string(limit) + " " +
              std::string(what) + " in this module and the modules it calls (" + std::string(key) +
              "); " + limit_hint(key);
}

std::optional<std::string> to_json(const Value& v) {
  std::string out;
  if (!write_json(v, out)) return std::nullopt;
  return out;
}

Value evaluate(const hcl::Expr& expr, const Names& names, const Iteration* iteration,
               const std::string* positions_file) {
  return Evaluation(names, iteration, positions_file).eval(expr);
}

}  // namespace rightfit::tf
