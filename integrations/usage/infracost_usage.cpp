#include "integrations/usage/infracost_usage.h"

#include <cmath>
#include <cstdlib>

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

struct Target {
  std::string address;
  std::string type;  // "aws_lambda_function", "aws_ecs_service"
};

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
           "' names no analysed Terraform Lambda function or ECS service; ignored");
    return "";
  }

 private:
  void warn(const std::string& what) { warnings_.push_back(file_ + ": " + what); }

  std::string read_key(const doc::Entry& e, Usage& usage) {
    const std::string& key = e.key.text;
    double value = 0;
    if (key == "monthly_requests") {
      if (std::string p = number_of(e, kRequestsCeiling, value); !p.empty()) return p;
      usage.requests_per_month = value;
    } else if (key == "request_duration_ms") {
      if (std::string p = number_of(e, kDurationCeiling, value); !p.empty()) return p;
      usage.avg_duration_ms = value;
    } else {
      unused_.push_back(at_line(e.key) + ": " + key);
    }
    return "";
  }

  void apply(const doc::Entry& entry, const Target& t, const Usage& usage) {
    if (t.type != "aws_lambda_function") {
      warn(at_line(entry.key) + ": " + t.address + ": Infracost documents no usage keys for " +
           t.type + "; ignored");
      return;
    }
    for (const std::string& key : unused_)
      warn(key + " is not a key rightfit uses (monthly_requests, request_duration_ms); ignored");
    unused_.clear();
    if (declared_.count(t.address)) {
      warn(at_line(entry.key) + ": " + t.address +
           " has usage declared already (.rightfit.yaml or an earlier entry); ignored");
      return;
    }
    declared_[t.address] = usage;
  }

  const std::string& file_;
  std::vector<Target> targets_;
  std::map<std::string, Usage>& declared_;
  std::vector<std::string>& warnings_;
  std::vector<std::string> unused_;  // keys of the entry being read that rightfit does not use
};

std::vector<Target> terraform_targets(const WorkloadGraph& graph) {
  std::vector<Target> out;
  for (const Function& f : graph.functions) {
    if (f.type == "aws_lambda_function") out.push_back({f.id.name, f.type});
  }
  for (const Service& s : graph.services) {
    if (s.type == "aws_ecs_service") out.push_back({s.id.name, s.type});
  }
  return out;
}

}  // namespace

bool looks_like_infracost_usage(std::string_view text) {
  // A line that starts with the key, so that a broken file of this shape is reported as one.
  for (std::size_t at = text.find("resource_usage:"); at != std::string_view::npos;
       at = text.find("resource_usage:", at + 1)) {
    if (at == 0 || text[at - 1] == '\n' || text.substr(0, at) == "\xEF\xBB\xBF") return true;
  }
  return false;
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
