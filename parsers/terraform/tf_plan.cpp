#include "parsers/terraform/tf_plan.h"

#include <algorithm>

#include "parsers/document/document.h"
#include "parsers/terraform/evaluator.h"

namespace rightfit::tf {

namespace {

using doc::Node;

constexpr const char* kAfterApply = "the Terraform plan does not know it until apply";

// Planned values are literals: no name means anything.
class LiteralNames : public Names {
 public:
  Value variable(const std::string& n) const override {
    return Value::unknown("var." + n + " in a plan value");
  }
  Value local(const std::string& n) const override {
    return Value::unknown("local." + n + " in a plan value");
  }
  Value module_output(const std::string& m, const std::string&) const override {
    return Value::unknown("module." + m + " in a plan value");
  }
  std::optional<std::string> resource_address(const std::string&,
                                              const std::string&) const override {
    return std::nullopt;
  }
};

std::string text_of(const Node* n) { return n && n->is_scalar() ? n->text : std::string(); }

bool is_true(const Node* n) { return n && n->is_scalar() && n->text == "true"; }

// The element of an after_unknown structure that matches key / index of the value's.
const Node* unknown_at(const Node* unknown, std::string_view key) {
  return unknown && unknown->is_mapping() ? unknown->find(key) : nullptr;
}
const Node* unknown_at(const Node* unknown, std::size_t i) {
  return unknown && unknown->is_sequence() && i < unknown->items.size() ? &unknown->items[i]
                                                                        : nullptr;
}

hcl::Expr unknown_expr(Span span) {
  hcl::Expr e;
  e.kind = hcl::Expr::Kind::Null;
  e.span = span;
  return e;
}

// A literal expression of a JSON value (strings are never templates here), with the parts
// after_unknown marks as unknown.
hcl::Expr literal(const Node* n, const Node* unknown, Span at) {
  hcl::Expr e;
  e.span = n ? n->span : at;
  if (is_true(unknown)) {
    hcl::Expr planned;
    planned.kind = hcl::Expr::Kind::Planned;
    planned.text = kAfterApply;
    planned.span = e.span;
    planned.children.push_back(unknown_expr(e.span));
    return planned;
  }
  if (!n) return e;  // Null
  switch (n->kind) {
    case Node::Kind::Null:
      return e;
    case Node::Kind::Scalar:
      if (n->style == Node::Style::Quoted) {
        e.kind = hcl::Expr::Kind::String;
      } else {
        e.kind = n->text == "true" || n->text == "false" ? hcl::Expr::Kind::Bool
                                                         : hcl::Expr::Kind::Number;
      }
      e.text = n->text;
      return e;
    case Node::Kind::Sequence:
      e.kind = hcl::Expr::Kind::Tuple;
      for (std::size_t i = 0; i < n->items.size(); ++i)
        e.children.push_back(literal(&n->items[i], unknown_at(unknown, i), n->items[i].span));
      return e;
    case Node::Kind::Mapping:
      e.kind = hcl::Expr::Kind::Object;
      for (const doc::Entry& entry : n->entries) {
        hcl::Expr key;
        key.kind = hcl::Expr::Kind::String;
        key.text = entry.key.text;
        key.span = entry.key.span;
        e.children.push_back(std::move(key));
        e.children.push_back(
            literal(&entry.value, unknown_at(unknown, entry.key.text), entry.key.span));
      }
      // Keys only after_unknown names: they exist, with a value the plan does not know.
      if (unknown && unknown->is_mapping()) {
        for (const doc::Entry& u : unknown->entries) {
          if (n->find(u.key.text) || !is_true(&u.value)) continue;
          hcl::Expr key;
          key.kind = hcl::Expr::Kind::String;
          key.text = u.key.text;
          key.span = u.key.span;
          e.children.push_back(std::move(key));
          e.children.push_back(literal(nullptr, &u.value, u.key.span));
        }
      }
      return e;
  }
  return e;
}

// Nested blocks are lists of objects in planned values (`"environment": [{...}]`).
bool is_block_list(const Node& n) {
  if (!n.is_sequence() || n.items.empty()) return false;
  return std::all_of(n.items.begin(), n.items.end(),
                     [](const Node& item) { return item.is_mapping(); });
}

uint32_t last_line(const Node& n) { return n.last_line(); }

void read_body(const Node* values, const Node* unknown, hcl::Body& body) {
  if (values && values->is_mapping()) {
    for (const doc::Entry& e : values->entries) {
      const Node* u = unknown_at(unknown, e.key.text);
      if (is_block_list(e.value) && !is_true(u)) {
        for (std::size_t i = 0; i < e.value.items.size(); ++i) {
          hcl::Block b;
          b.type = e.key.text;
          b.header = e.value.items[i].span;
          b.last_line = last_line(e.value.items[i]);
          read_body(&e.value.items[i], unknown_at(u, i), b.body);
          body.blocks.push_back(std::move(b));
        }
        continue;
      }
      hcl::Expr planned;
      planned.kind = hcl::Expr::Kind::Planned;
      planned.span = e.key.span;
      planned.children.push_back(literal(&e.value, u, e.key.span));
      if (planned.children.front().kind == hcl::Expr::Kind::Planned) {  // unknown as a whole
        hcl::Expr whole = std::move(planned.children.front());          // not moved onto its parent
        planned = std::move(whole);
      }
      body.attributes.push_back(hcl::Attribute{e.key.text, e.key.span, std::move(planned)});
    }
  }
  if (!unknown || !unknown->is_mapping()) return;
  for (const doc::Entry& u : unknown->entries) {
    if (!is_true(&u.value) || (values && values->find(u.key.text))) continue;
    body.attributes.push_back(
        hcl::Attribute{u.key.text, u.key.span, literal(nullptr, &u.value, u.key.span)});
  }
}

std::vector<std::string> references_of(const Node* expression) {
  std::vector<std::string> out;
  const Node* refs =
      expression && expression->is_mapping() ? expression->find("references") : nullptr;
  if (!refs || !refs->is_sequence()) return out;
  for (const Node& r : refs->items) {
    if (r.is_scalar()) out.push_back(r.text);
  }
  return out;
}

void read_configuration(const Node& module, const std::string& prefix, int depth,
                        TerraformPlan& plan) {
  if (depth > 32) return;  // nesting beyond any real configuration
  PlanModule& m = plan.modules[prefix];
  if (const Node* resources = module.find("resources"); resources && resources->is_sequence()) {
    for (const Node& r : resources->items) {
      std::string name = text_of(r.find("type"));
      name += ".";
      name += text_of(r.find("name"));
      if (text_of(r.find("mode")) == "data") name.insert(0, "data.");
      if (prefix.empty()) plan.root_names.insert(name);
      const Node* expressions = r.find("expressions");
      if (!expressions || !expressions->is_mapping()) continue;
      auto& refs = m.references[name];
      for (const doc::Entry& e : expressions->entries) refs[e.key.text] = references_of(&e.value);
    }
  }
  if (const Node* outputs = module.find("outputs"); outputs && outputs->is_mapping()) {
    for (const doc::Entry& o : outputs->entries)
      m.outputs[o.key.text] = references_of(o.value.find("expression"));
  }
  const Node* calls = module.find("module_calls");
  if (!calls || !calls->is_mapping()) return;
  for (const doc::Entry& call : calls->entries) {
    if (prefix.empty()) plan.root_names.insert("module." + call.key.text);
    const std::string child = prefix + "module." + call.key.text + ".";
    PlanModule& c = plan.modules[child];
    c.source = text_of(call.value.find("source"));
    if (const Node* expressions = call.value.find("expressions");
        expressions && expressions->is_mapping()) {
      for (const doc::Entry& e : expressions->entries)
        c.inputs[e.key.text] = references_of(&e.value);
    }
    if (const Node* inner = call.value.find("module"); inner && inner->is_mapping())
      read_configuration(*inner, child, depth + 1, plan);
  }
}

// A traversal `type.name.attribute` of a resource reference ("aws_sqs_queue.q[0].arn").
std::optional<hcl::Expr> traversal_of(const std::string& reference, Span at) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : without_instance_keys(reference)) {
    if (c == '.') {
      parts.push_back(std::move(part));
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(std::move(part));
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) return std::nullopt;
  hcl::Expr e;
  e.kind = hcl::Expr::Kind::Variable;
  e.text = parts[0];
  e.span = at;
  for (std::size_t i = 1; i < parts.size() && i < 3; ++i) {
    hcl::Expr step;
    step.kind = hcl::Expr::Kind::GetAttr;
    step.text = parts[i];
    step.span = at;
    step.children.push_back(std::move(e));
    e = std::move(step);
  }
  return e;
}

// The resources of its own module that a resource's attributes reference, as traversals
// after their planned values: links between planned resources survive unknown values.
void add_reference_links(TerraformPlan& plan) {
  std::map<std::string, std::set<std::string>> declared;  // module prefix -> "type.name"
  for (const PlanResource& r : plan.resources) {
    if (r.mode == "managed") declared[r.module].insert(r.block.labels[0] + "." + r.block.labels[1]);
  }
  for (PlanResource& r : plan.resources) {
    auto m = plan.modules.find(r.module);
    if (m == plan.modules.end()) continue;
    auto refs = m->second.references.find((r.mode == "data" ? "data." : "") + r.block.labels[0] +
                                          "." + r.block.labels[1]);
    if (refs == m->second.references.end()) continue;
    for (hcl::Attribute& a : r.block.body.attributes) {
      auto found = refs->second.find(a.name);
      if (found == refs->second.end() || a.value.kind != hcl::Expr::Kind::Planned) continue;
      std::set<std::string> linked;
      for (const std::string& ref : found->second) {
        std::string plain = without_instance_keys(ref);
        std::size_t dot = plain.find('.');
        std::size_t second = dot == std::string::npos ? dot : plain.find('.', dot + 1);
        std::string resource = plain.substr(0, second);
        if (!declared[r.module].count(resource) || !linked.insert(resource).second) continue;
        if (auto t = traversal_of(ref, a.name_span)) a.value.children.push_back(std::move(*t));
      }
    }
  }
}

void read_module_values(const Node& module, const std::string& prefix, int depth,
                        const std::map<std::string, const Node*>& after_unknown,
                        TerraformPlan& plan) {
  if (depth > 32) return;
  if (const Node* resources = module.find("resources"); resources && resources->is_sequence()) {
    for (const Node& r : resources->items) {
      if (!r.is_mapping()) continue;
      PlanResource p;
      p.address = text_of(r.find("address"));
      p.mode = text_of(r.find("mode"));
      if (p.mode.empty()) p.mode = "managed";
      std::string type = text_of(r.find("type")), name = text_of(r.find("name"));
      if (type.empty() || name.empty()) continue;
      p.module = prefix;
      p.key = prefix;
      p.key += p.mode == "data" ? "data." : "";
      p.key += type;
      p.key += ".";
      p.key += name;
      if (const Node* index = r.find("index"); index && index->is_scalar())
        p.index = planned_value(literal(index, nullptr, index->span));
      else
        p.index = Value::null();
      p.block.type = p.mode == "data" ? "data" : "resource";
      p.block.labels = {type, name};
      const doc::Entry* at = r.find_entry("address");
      p.block.header = at ? at->key.span : r.span;
      p.block.last_line = r.last_line();
      auto u = after_unknown.find(p.address);
      read_body(r.find("values"), u == after_unknown.end() ? nullptr : u->second, p.block.body);
      plan.by_key[p.key].push_back(plan.resources.size());
      plan.resources.push_back(std::move(p));
    }
  }
  const Node* children = module.find("child_modules");
  if (!children || !children->is_sequence()) return;
  for (const Node& child : children->items) {
    std::string address = without_instance_keys(text_of(child.find("address")));
    if (address.empty()) continue;
    read_module_values(child, address + ".", depth + 1, after_unknown, plan);
  }
}

PlanLoad failure(const std::string& path, Position where, std::string message) {
  PlanLoad out;
  out.error = ParseError{SourceRange{path, Span{where, where}}, std::move(message)};
  return out;
}

}  // namespace

std::string without_instance_keys(std::string_view address) {
  std::string out;
  char quote = 0;
  int depth = 0;
  for (std::size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (depth > 0) {
      if (quote) {
        if (c == '\\')
          ++i;
        else if (c == quote)
          quote = 0;
      } else if (c == '"') {
        quote = c;
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      }
      continue;
    }
    if (c == '[') {
      depth = 1;
      continue;
    }
    out += c;
  }
  return out;
}

bool is_terraform_plan(std::string_view path) {
  constexpr std::string_view suffix = ".tfplan.json";
  return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
}

std::vector<ResourceAddress> planned_output_refs(const TerraformPlan& plan,
                                                 const std::string& prefix,
                                                 const std::string& output) {
  std::vector<ResourceAddress> out;
  auto m = plan.modules.find(prefix);
  if (m == plan.modules.end()) return out;
  auto refs = m->second.outputs.find(output);
  if (refs == m->second.outputs.end()) return out;
  for (const std::string& ref : refs->second) {
    std::string plain = without_instance_keys(ref);
    std::size_t dot = plain.find('.');
    if (dot == std::string::npos) continue;
    std::size_t second = plain.find('.', dot + 1);
    std::string resource = prefix + plain.substr(0, second);
    if (!plan.by_key.count(resource)) continue;  // var., local., module. or not planned
    std::string attribute = second == std::string::npos ? "" : plain.substr(second + 1);
    ResourceAddress r{resource, attribute.substr(0, attribute.find('.'))};
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(std::move(r));
  }
  return out;
}

Value planned_value(const hcl::Expr& e) { return evaluate(e, LiteralNames()); }

const PlanResource* TerraformPlan::find(const std::string& key, const Value* index) const {
  auto it = by_key.find(key);
  if (it == by_key.end() || it->second.empty()) return nullptr;
  if (index && index->known()) {
    std::optional<std::string> wanted = index->as_string();
    for (std::size_t i : it->second) {
      if (wanted && resources[i].index.as_string() == wanted) return &resources[i];
    }
  }
  return &resources[it->second.front()];
}

std::vector<const PlanResource*> TerraformPlan::below(const std::string& prefix) const {
  std::vector<const PlanResource*> out;
  for (const auto& [key, indexes] : by_key) {
    if (key.rfind(prefix, 0) == 0 && !indexes.empty()) out.push_back(&resources[indexes.front()]);
  }
  std::sort(out.begin(), out.end());  // plan order (they all point into `resources`)
  return out;
}

namespace {

// Why `root` is not a plan rightfit reads (not an object, no or an unsupported
// format_version, no planned_values); nullopt for a plan. `version` is its format_version.
std::optional<PlanLoad> not_a_plan(const std::string& path, const Node& root,
                                   const std::string& version) {
  if (!root.is_mapping())
    return failure(path, root.span.begin, "not a Terraform plan: the top level is not an object");
  if (version.empty()) {
    return failure(path, root.span.begin,
                   "not a Terraform plan: no format_version (write it with `terraform show "
                   "-json plan.out`)");
  }
  // 0.x (Terraform 0.12 to 0.15) is the same structure before it was declared stable as 1.0.
  const std::string major = version.substr(0, version.find('.'));
  if (major != "1" && major != "0") {
    const Node* at = root.find("format_version");
    return failure(path, at ? at->span.begin : root.span.begin,
                   "unsupported plan format_version \"" + version +
                       "\": rightfit reads formats 0.x and 1.x of `terraform show -json`");
  }
  const Node* planned = root.find("planned_values");
  if (!planned || !planned->is_mapping()) {
    return failure(path, root.span.begin,
                   root.find("values") ? "a Terraform state, not a plan: no planned_values "
                                         "(write the plan with `terraform show -json plan.out`)"
                                       : "not a Terraform plan: no planned_values");
  }
  return std::nullopt;
}

void read_plan_variables(const Node& root, TerraformPlan& plan) {
  const Node* vars = root.find("variables");
  if (!vars || !vars->is_mapping()) return;
  for (const doc::Entry& e : vars->entries) {
    const Node* value = e.value.find("value");
    if (value) plan.variables[e.key.text] = planned_value(literal(value, nullptr, e.key.span));
  }
}

// The resource changes of the plan (empty when it has none).
const std::vector<Node>& resource_changes(const Node& root) {
  static const std::vector<Node> kNone;
  const Node* changes = root.find("resource_changes");
  return changes && changes->is_sequence() ? changes->items : kNone;
}

// Each changed resource's `after_unknown` (which attributes are known only after apply).
std::map<std::string, const Node*> after_unknown_by_address(const Node& root) {
  std::map<std::string, const Node*> out;
  for (const Node& c : resource_changes(root)) {
    const Node* change = c.find("change");
    const Node* unknown = change ? change->find("after_unknown") : nullptr;
    if (unknown) out[text_of(c.find("address"))] = unknown;
  }
  return out;
}

void read_root_configuration(const Node& root, TerraformPlan& plan) {
  const Node* config = root.find("configuration");
  if (!config || !config->is_mapping()) return;
  if (const Node* m = config->find("root_module"); m && m->is_mapping())
    read_configuration(*m, "", 0, plan);
}

// A scalar mapping key named `text`, placed at `span`.
Node key_node(const char* text, Span span) {
  Node key;
  key.kind = Node::Kind::Scalar;
  key.text = text;
  key.span = span;
  return key;
}

// A module's planned values holding one resource: a change's address, type, name and index,
// with its `after` as the values.
Node module_of_change(const Node& change, const Node& after) {
  Node resource = change;
  resource.entries.push_back(doc::Entry{key_node("values", after.span), after});
  Node resources;
  resources.kind = Node::Kind::Sequence;
  resources.items.push_back(std::move(resource));
  Node holder;
  holder.kind = Node::Kind::Mapping;
  holder.entries.push_back(doc::Entry{key_node("resources", Span{}), std::move(resources)});
  return holder;
}

// A change whose resource planned_values leave out (hand-trimmed plans do): its `after`.
void read_unplanned_changes(const Node& root,
                            const std::map<std::string, const Node*>& after_unknown,
                            TerraformPlan& plan) {
  for (const Node& c : resource_changes(root)) {
    const Node* change = c.find("change");
    const Node* after = change ? change->find("after") : nullptr;
    const std::string address = text_of(c.find("address"));
    if (!after || !after->is_mapping() || address.empty()) continue;
    if (plan.by_key.count(without_instance_keys(address))) continue;
    const std::string module = without_instance_keys(text_of(c.find("module_address")));
    read_module_values(module_of_change(c, *after), module.empty() ? "" : module + ".", 0,
                       after_unknown, plan);
  }
}

// Without a configuration, the planned resources name the root module's blocks.
void root_names_from_resources(TerraformPlan& plan) {
  if (!plan.root_names.empty()) return;
  for (const PlanResource& r : plan.resources) {
    if (r.module.empty()) {
      plan.root_names.insert(r.key);
    } else {
      plan.root_names.insert(r.key.substr(0, r.key.find('.', 7)));
    }
  }
}

}  // namespace

PlanLoad parse_terraform_plan(const std::string& path, std::string_view text,
                              const ParseLimits& limits) {
  doc::LoadResult loaded = doc::load_json(text, doc::load_limits_of(limits));
  if (!loaded.ok()) {
    const doc::LoadError& error = loaded.problem();
    return failure(path, error.where, "invalid JSON: " + doc::describe_load_error(error, ""));
  }
  const Node& root = *loaded;
  const std::string version = text_of(root.find("format_version"));
  if (std::optional<PlanLoad> bad = not_a_plan(path, root, version)) return std::move(*bad);
  auto plan = std::make_shared<TerraformPlan>();
  plan->path = path;
  plan->format_version = version;
  read_plan_variables(root, *plan);
  const std::map<std::string, const Node*> after_unknown = after_unknown_by_address(root);
  read_root_configuration(root, *plan);
  const Node* planned = root.find("planned_values");  // a mapping: not_a_plan checked it
  if (const Node* m = planned ? planned->find("root_module") : nullptr; m && m->is_mapping())
    read_module_values(*m, "", 0, after_unknown, *plan);
  read_unplanned_changes(root, after_unknown, *plan);
  root_names_from_resources(*plan);
  add_reference_links(*plan);
  PlanLoad out;
  out.plan = std::move(plan);
  return out;
}

PlanLoad read_terraform_plan(const std::string& path, const ParseLimits& limits,
                             const FileReader& read) {
  SourceText source = read(path, limits);
  if (!source.ok()) return failure(path, source.problem().where, source.problem().message);
  if (std::optional<SourceProblem> bad = check_text_encoding(*source))
    return failure(path, bad->where, bad->message);
  return parse_terraform_plan(path, *source, limits);
}

}  // namespace rightfit::tf
