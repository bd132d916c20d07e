#include "integrations/usage/infracost_usage.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <utility>

#include "parsers/document/document.h"

namespace rightfit::usage {

namespace {

constexpr const char* kDeclaredBy = "infracost usage file";

// `pattern` as Infracost matches it: exact, or with each `[*]` standing for any index (`[0]`,
// `["a"]`) of a resource or module instance. rightfit analyses one instance of a `count` /
// `for_each` resource or module, under its address without an index, so `[*]` also matches
// no index; an explicit index (`["b"]`) matches only an address that has it.
bool address_matches(const std::string& pattern, const std::string& address) {
  std::size_t p = 0;
  std::size_t a = 0;
  while (true) {
    const std::size_t star = pattern.find("[*]", p);
    const std::size_t literal = (star == std::string::npos ? pattern.size() : star) - p;
    if (address.compare(a, literal, pattern, p, literal) != 0) return false;
    a += literal;
    if (star == std::string::npos) return a == address.size();
    p = star + 3;
    if (a >= address.size() || address[a] != '[') continue;
    const std::size_t close = address.find(']', a);
    if (close == std::string::npos) return false;
    a = close + 1;
  }
}

std::string at_line(const doc::Node& node) {
  return "line " + std::to_string(node.span.begin.line);
}

// A usage value: a plain scalar holding a number >= 0 within `ceiling`; else why not.
std::string number_of(const doc::Entry& e, const NumberCeiling& ceiling, double& out) {
  const std::string where = at_line(e.key) + ": " + e.key.text;
  if (!e.value.is_scalar()) return where + " must be a number";
  char* end = nullptr;
  out = std::strtod(e.value.text.c_str(), &end);
  if (e.value.text.empty() || end != e.value.text.c_str() + e.value.text.size() ||
      !std::isfinite(out) || out < 0)
    return where + ": '" + e.value.text + "' is not a number >= 0";
  if (out > ceiling.value)
    return where + ": " + e.value.text + " is above the ceiling of " + std::string(ceiling.text);
  return "";
}

// What an address is to rightfit: the keys it reads for it depend on that.
enum class TargetKind { Function, Service, ScheduledTask };

struct Target {
  std::string address;
  std::string type;  // "aws_lambda_function", "aws_ecs_service", "aws_cloudwatch_event_target"
  TargetKind kind;
};

struct UsageKey {
  const char* name;
  TargetKind kind;
  const NumberCeiling* ceiling;
  std::optional<double> Usage::*field;
};
// Infracost's Lambda keys, and rightfit's own for an ECS task a rule or schedule starts (Infracost
// prices none: the same `monthly_`/unit naming), under the rule's, the target's or the task
// definition's address.
const UsageKey kUsageKeys[] = {
    {"monthly_requests", TargetKind::Function, &kRequestsCeiling, &Usage::requests_per_month},
    {"request_duration_ms", TargetKind::Function, &kDurationCeiling, &Usage::avg_duration_ms},
    {"monthly_runs", TargetKind::ScheduledTask, &kRequestsCeiling, &Usage::runs_per_month},
    {"run_duration_seconds", TargetKind::ScheduledTask, &kRunSecondsCeiling, &Usage::run_seconds},
};

std::string key_names(TargetKind kind) {
  std::string out;
  for (const UsageKey& k : kUsageKeys) {
    if (k.kind != kind) continue;
    out += (out.empty() ? "" : ", ") + std::string(k.name);
  }
  return out;
}

class InfracostReader {
 public:
  InfracostReader(const std::string& file, std::vector<Target> targets,
                  std::map<std::string, Usage>& declared, std::vector<std::string>& warnings)
      : file_(file), targets_(std::move(targets)), declared_(declared), warnings_(warnings) {}

  std::string read_entry(const doc::Entry& entry) {
    const std::string& pattern = entry.key.text;
    unused_.clear();
    if (!entry.value.is_mapping() && !entry.value.is_null())
      return at_line(entry.key) + ": " + pattern + " must map usage keys to numbers";
    Usage usage;
    usage.declared = SourceRange{file_, entry.key.span};
    usage.declared_by = kDeclaredBy;
    keys_.clear();
    for (const doc::Entry& e : entry.value.entries) {
      if (std::string problem = read_key(e, usage); !problem.empty()) return problem;
    }
    std::size_t matched = 0;
    for (const Target& t : targets_) {
      if (!address_matches(pattern, t.address)) continue;
      ++matched;
      apply(entry, t, usage);
    }
    if (matched == 0)
      warn(at_line(entry.key) + ": '" + pattern +
           "' names no analysed Terraform Lambda function, ECS service or scheduled ECS task; "
           "ignored");
    return "";
  }

 private:
  void warn(const std::string& what) { warnings_.push_back(file_ + ": " + what); }

  std::string read_key(const doc::Entry& e, Usage& usage) {
    const std::string& key = e.key.text;
    for (const UsageKey& k : kUsageKeys) {
      if (key != k.name) continue;
      double value = 0;
      if (std::string p = number_of(e, *k.ceiling, value); !p.empty()) return p;
      usage.*k.field = value;
      keys_.push_back({at_line(e.key) + ": " + key, k.kind});
      return "";
    }
    unused_.push_back(at_line(e.key) + ": " + key);
    return "";
  }

  // The entry's usage for `t`: only the keys of its kind (the others are warnings).
  Usage for_target(const Target& t, Usage usage) {
    for (const UsageKey& k : kUsageKeys) {
      if (k.kind != t.kind) usage.*k.field = std::nullopt;
    }
    for (const auto& [where, kind] : keys_) {
      if (kind != t.kind) unused_.push_back(where);
    }
    for (const std::string& key : unused_)
      warn(key + " is not a key rightfit uses for " + t.address + " (" + key_names(t.kind) +
           "); ignored");
    unused_.clear();
    return usage;
  }

  void apply(const doc::Entry& entry, const Target& t, const Usage& usage) {
    if (t.kind == TargetKind::Service) {
      warn(at_line(entry.key) + ": " + t.address + ": Infracost documents no usage keys for " +
           t.type + "; ignored");
      return;
    }
    const Usage mine = for_target(t, usage);
    if (declared_.count(t.address)) {
      warn(at_line(entry.key) + ": " + t.address +
           " has usage declared already (.rightfit.yaml or an earlier entry); ignored");
      return;
    }
    declared_[t.address] = mine;
  }

  const std::string& file_;
  std::vector<Target> targets_;
  std::map<std::string, Usage>& declared_;
  std::vector<std::string>& warnings_;
  std::vector<std::string> unused_;  // keys of the entry being read that rightfit does not use
  // The entry's keys rightfit reads, each for one kind of target: "line N: key".
  std::vector<std::pair<std::string, TargetKind>> keys_;
};

bool is_terraform_address(const std::string& name) {
  return name.rfind("aws_", 0) == 0 || name.rfind("module.", 0) == 0;
}

// A scheduled task's addresses: its own (the event target or the schedule), its rule's and its
// task definition's, each once.
void add_task_targets(const ScheduledTask& t, std::vector<Target>& out) {
  const std::string td = t.task_definition.value_or("");
  for (const std::string* name : {&t.id.name, &t.rule, &td}) {
    if (!is_terraform_address(*name)) continue;
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const Target& o) { return o.address == *name; });
    if (!seen) out.push_back({*name, name->substr(0, name->find('.')), TargetKind::ScheduledTask});
  }
}

std::vector<Target> terraform_targets(const WorkloadGraph& graph) {
  std::vector<Target> out;
  for (const Function& f : graph.functions) {
    if (f.type == "aws_lambda_function") out.push_back({f.id.name, f.type, TargetKind::Function});
  }
  for (const Service& s : graph.services) {
    if (s.type == "aws_ecs_service") out.push_back({s.id.name, s.type, TargetKind::Service});
  }
  for (const ScheduledTask& t : graph.scheduled_tasks) {
    if (t.type == "aws_cloudwatch_event_target" || t.type == "aws_scheduler_schedule")
      add_task_targets(t, out);
  }
  return out;
}

}  // namespace

bool starts_a_line_with(std::string_view text, std::string_view key) {
  for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    if (at == 0 || text[at - 1] == '\n' || text.substr(0, at) == "\xEF\xBB\xBF") return true;
  }
  return false;
}

bool looks_like_infracost_usage(std::string_view text) {
  // A line that starts with the key, so that a broken file of this shape is reported as one.
  return starts_a_line_with(text, "resource_usage:");
}

std::string read_infracost_usage(const std::string& file, std::string_view text,
                                 const WorkloadGraph& graph, const ParseLimits& limits,
                                 std::map<std::string, Usage>& declared,
                                 std::vector<std::string>& warnings) {
  doc::LoadResult root = doc::load_yaml(text, doc::load_limits_of(limits));
  if (!root.ok()) return doc::describe_load_error(root.problem(), "invalid YAML");
  const doc::Node* usage = root->is_mapping() ? root->find("resource_usage") : nullptr;
  if (!usage || !(usage->is_mapping() || usage->is_null()))
    return "not an Infracost usage file (a mapping with resource_usage: by Terraform address)";
  const doc::Node* version = root->find("version");
  if (!version || version->text != "0.1")
    warnings.push_back(file + ": version is not 0.1, the one Infracost documents; read as 0.1");
  InfracostReader reader(file, terraform_targets(graph), declared, warnings);
  for (const doc::Entry& entry : usage->entries) {
    if (std::string problem = reader.read_entry(entry); !problem.empty()) return problem;
  }
  return "";
}

}  // namespace rightfit::usage
