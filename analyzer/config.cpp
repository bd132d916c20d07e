#include "analyzer/config.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "parsers/document/document.h"
#include "parsers/text_file.h"

namespace rightfit {

namespace {

using doc::Node;

// The first error stops parsing; it is kept here together with the file name so the
// section parsers stay free of string plumbing.
class ConfigParser {
 public:
  explicit ConfigParser(const std::string& path) : path_(path) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // Records "<file>:<line>:<col>: <cause>" unless an earlier error is already recorded.
  void fail(const Node& at, const std::string& cause) {
    if (failed()) return;
    error_ = path_ + ':' + std::to_string(at.span.begin.line) + ':' +
             std::to_string(at.span.begin.column) + ": " + cause;
  }

  void parse_root(const Node& root, Config& config);

 private:
  using EntryHandler = std::function<void(const std::string& key, const doc::Entry&)>;

  // Visits every entry of a mapping, rejecting non-string and duplicate keys. A null
  // section (`rules:` with every line below commented out) counts as an empty mapping.
  void for_each_entry(const Node& map, const std::string& section, const EntryHandler& handle);
  // Like for_each_entry but only the keys in `allowed` may appear.
  void for_each_known_entry(const Node& map, const std::string& section,
                            std::initializer_list<std::string_view> allowed,
                            const EntryHandler& handle);

  void parse_rules(const Node& node, std::map<std::string, RuleSetting>& rules);
  void parse_rule(const Node& node, const std::string& name, RuleSetting& rule);
  void parse_thresholds(const Node& node, std::map<std::string, ConfiguredNumber>& thresholds);
  void parse_options(const Node& node, const std::string& section,
                     std::map<std::string, ConfiguredNumber>& options);
  void parse_exclude(const Node& node, std::vector<std::string>& exclude);
  void parse_usage(const Node& node, std::map<std::string, Usage>& usage);
  void parse_string_map(const Node& node, const std::string& section,
                        std::map<std::string, std::string>& out);
  void parse_prices(const Node& node, PriceTable& prices);
  void parse_region_prices(const Node& node, const std::string& section, PriceTable& prices);
  void parse_ec2_instance(const Node& node, const std::string& section, Ec2InstancePrice& out);
  void parse_arch_prices(const Node& node, const std::string& section, ArchPrices& prices);
  void parse_limits(const Node& node, ParseLimits& limits);

  std::optional<bool> boolean(const Node& node, const std::string& name);
  std::optional<double> number(const Node& node, const std::string& name, bool zero_allowed,
                               const NumberCeiling& ceiling);
  std::optional<std::string> string(const Node& node, const std::string& name);
  std::optional<std::uint64_t> whole_number(const Node& node, const std::string& name);

  std::string path_;
  std::string error_;
};

// YAML 1.1 booleans as yaml-cpp reads them; quoted scalars are strings, never booleans.
std::optional<bool> plain_boolean(const Node& node) {
  if (!node.is_scalar() || node.style != Node::Style::Plain) return std::nullopt;
  static constexpr std::array<std::string_view, 9> kTrue = {"true", "True", "TRUE", "on", "On",
                                                            "ON",   "yes",  "Yes",  "YES"};
  static constexpr std::array<std::string_view, 9> kFalse = {
      "false", "False", "FALSE", "off", "Off", "OFF", "no", "No", "NO"};
  for (std::string_view t : kTrue) {
    if (node.text == t) return true;
  }
  for (std::string_view f : kFalse) {
    if (node.text == f) return false;
  }
  return std::nullopt;
}

std::optional<double> plain_number(const Node& node) {
  if (!node.is_scalar() || node.style != Node::Style::Plain || node.text.empty()) {
    return std::nullopt;
  }
  const char* begin = node.text.data();
  const char* end = begin + node.text.size();
  if (*begin == '+') ++begin;  // YAML allows a leading '+'; from_chars does not
  double value = 0;
  auto [stop, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string join_key(const std::string& section, const std::string& key) {
  return section.empty() ? key : section + '.' + key;
}

void ConfigParser::for_each_entry(const Node& map, const std::string& section,
                                  const EntryHandler& handle) {
  if (map.is_null()) return;
  if (!map.is_mapping()) {
    fail(map, "'" + section + "' must be a mapping");
    return;
  }
  std::set<std::string> seen;
  for (const doc::Entry& entry : map.entries) {
    if (failed()) return;
    if (!entry.key.is_scalar()) {
      fail(entry.key, "keys in '" + section + "' must be strings");
      return;
    }
    if (!seen.insert(entry.key.text).second) {
      fail(entry.key, "duplicate key '" + entry.key.text + "' in " + section);
      return;
    }
    handle(entry.key.text, entry);
  }
}

void ConfigParser::for_each_known_entry(const Node& map, const std::string& section,
                                        std::initializer_list<std::string_view> allowed,
                                        const EntryHandler& handle) {
  for_each_entry(map, section, [&](const std::string& key, const doc::Entry& entry) {
    for (std::string_view name : allowed) {
      if (key == name) {
        handle(key, entry);
        return;
      }
    }
    fail(entry.key, "unknown key '" + key + "' in " + section);
  });
}

std::optional<bool> ConfigParser::boolean(const Node& node, const std::string& name) {
  std::optional<bool> value = plain_boolean(node);
  if (!value) fail(node, "'" + name + "' must be true or false");
  return value;
}

std::optional<double> ConfigParser::number(const Node& node, const std::string& name,
                                           bool zero_allowed, const NumberCeiling& ceiling) {
  std::optional<double> value = plain_number(node);
  if (!value || *value < 0 || (!zero_allowed && *value == 0)) {
    fail(node, "'" + name + "' must be a number " + (zero_allowed ? ">= 0" : "> 0"));
    return std::nullopt;
  }
  if (*value > ceiling.value) {
    fail(node, "'" + name + "' must be at most " + std::string(ceiling.text));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> ConfigParser::string(const Node& node, const std::string& name) {
  if (node.is_scalar() && !node.text.empty()) return node.text;
  fail(node, "'" + name + "' must be a non-empty string");
  return std::nullopt;
}

void ConfigParser::parse_root(const Node& root, Config& config) {
  if (root.is_null()) return;  // empty or comments-only file: the defaults
  if (!root.is_mapping()) {
    fail(root, "the configuration must be a mapping");
    return;
  }
  const std::string kSection = "the top level";
  for_each_known_entry(
      root, kSection,
      {"rules", "thresholds", "exclude", "usage", "handlers", "images", "prices", "limits"},
      [&](const std::string& key, const doc::Entry& entry) {
        const Node& value = entry.value;
        if (key == "rules") parse_rules(value, config.rules);
        if (key == "thresholds") parse_thresholds(value, config.thresholds);
        if (key == "exclude") parse_exclude(value, config.exclude);
        if (key == "usage") parse_usage(value, config.usage);
        if (key == "handlers") parse_string_map(value, key, config.handlers);
        if (key == "images") parse_string_map(value, key, config.images);
        if (key == "prices") parse_prices(value, config.prices);
        if (key == "limits") parse_limits(value, config.limits);
      });
}

void ConfigParser::parse_rules(const Node& node, std::map<std::string, RuleSetting>& rules) {
  // Keys are rule IDs or names as written; check_rules, which knows the rules, maps them.
  for_each_entry(node, "rules", [&](const std::string& id, const doc::Entry& entry) {
    RuleSetting& setting = rules[id];
    setting.line = entry.key.span.begin.line;
    setting.column = entry.key.span.begin.column;
    parse_rule(entry.value, join_key("rules", id), setting);
  });
}

void ConfigParser::parse_rule(const Node& node, const std::string& name, RuleSetting& rule) {
  if (node.is_scalar()) {  // shorthand: `RF106: off`
    if (std::optional<bool> on = plain_boolean(node)) {
      rule.enabled = on;
    } else {
      fail(node, "'" + name + "' must be on, off, true, false or a mapping");
    }
    return;
  }
  if (!node.is_mapping()) {
    fail(node, "'" + name + "' must be on, off, true, false or a mapping");
    return;
  }
  for_each_known_entry(node, name, {"enabled", "severity", "options"},
                       [&](const std::string& key, const doc::Entry& entry) {
                         const std::string full = join_key(name, key);
                         if (key == "options") {
                           parse_options(entry.value, full, rule.options);
                           return;
                         }
                         if (key == "enabled") {
                           rule.enabled = boolean(entry.value, full);
                           return;
                         }
                         std::optional<Severity> severity;
                         if (entry.value.is_scalar()) severity = parse_severity(entry.value.text);
                         if (!severity)
                           fail(entry.value, "'" + full + "' must be one of error, warning, info");
                         rule.severity = severity;
                       });
}

// Which keys are known is for the rules to say (check_rules); here only the values.
void ConfigParser::parse_thresholds(const Node& node,
                                    std::map<std::string, ConfiguredNumber>& thresholds) {
  parse_options(node, "thresholds", thresholds);
}

void ConfigParser::parse_options(const Node& node, const std::string& section,
                                 std::map<std::string, ConfiguredNumber>& options) {
  for_each_entry(node, section, [&](const std::string& key, const doc::Entry& entry) {
    if (auto value = number(entry.value, join_key(section, key), false, kOptionCeiling)) {
      options[key] =
          ConfiguredNumber{*value, entry.key.span.begin.line, entry.key.span.begin.column};
    }
  });
}

void ConfigParser::parse_exclude(const Node& node, std::vector<std::string>& exclude) {
  if (node.is_null()) return;
  if (!node.is_sequence()) {
    fail(node, "'exclude' must be a list of strings");
    return;
  }
  for (std::size_t i = 0; i < node.items.size() && !failed(); ++i) {
    if (auto pattern = string(node.items[i], "exclude[" + std::to_string(i) + "]")) {
      exclude.push_back(*pattern);
    }
  }
}

void ConfigParser::parse_usage(const Node& node, std::map<std::string, Usage>& usage) {
  for_each_entry(node, "usage", [&](const std::string& id, const doc::Entry& entry) {
    const std::string section = join_key("usage", id);
    Usage& target = usage[id];
    if (!entry.value.is_mapping()) {
      fail(entry.value, "'" + section + "' must be a mapping");
      return;
    }
    target.declared = SourceRange{path_, entry.key.span};
    for_each_known_entry(
        entry.value, section,
        {"requests_per_month", "avg_duration_ms", "runs_per_month", "run_seconds"},
        [&](const std::string& key, const doc::Entry& field) {
          const bool count = key == "requests_per_month" || key == "runs_per_month";
          const NumberCeiling& ceiling = count                  ? kRequestsCeiling
                                         : key == "run_seconds" ? kRunSecondsCeiling
                                                                : kDurationCeiling;
          auto value = number(field.value, join_key(section, key), true, ceiling);
          if (!value) return;
          if (key == "requests_per_month") target.requests_per_month = value;
          if (key == "avg_duration_ms") target.avg_duration_ms = value;
          if (key == "runs_per_month") target.runs_per_month = value;
          if (key == "run_seconds") target.run_seconds = value;
        });
  });
}

void ConfigParser::parse_string_map(const Node& node, const std::string& section,
                                    std::map<std::string, std::string>& out) {
  for_each_entry(node, section, [&](const std::string& key, const doc::Entry& entry) {
    if (auto value = string(entry.value, join_key(section, key))) out[key] = *value;
  });
}

std::optional<std::uint64_t> ConfigParser::whole_number(const Node& node, const std::string& name) {
  std::uint64_t value = 0;
  const std::string& text = node.text;
  const bool plain = node.is_scalar() && node.style == Node::Style::Plain;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (plain && ec == std::errc() && end == text.data() + text.size() && value > 0) return value;
  fail(node, "'" + name + "' must be a whole number > 0");
  return std::nullopt;
}

// The largest value each limit accepts, and why: past it a value stops being a bound (a
// `max_file_bytes` of 2^64-1 wrapped to 0 where one byte more is read, making every file
// empty; a huge `parse_timeout_ms` overflowed the deadline's nanoseconds).
struct LimitCeiling {
  std::string_view key;
  std::uint64_t most;
  std::string_view why;
};
constexpr LimitCeiling kLimitCeilings[] = {
    {"max_file_bytes", 1ULL << 30, "1 GiB: a larger file is no hand-written input"},
    {"max_yaml_nodes", 100'000'000, "more nodes than that do not fit in memory"},
    {"max_nesting_depth", kMaxNestingDepthCeiling, "deeper documents would overflow the stack"},
    {"parse_timeout_ms", 86'400'000, "one day per file"},
    {"max_eval_values", 100'000'000, "more values than that do not fit in memory"},
    {"max_eval_bytes", 1ULL << 32, "4 GiB of strings do not fit in memory"},
    {"max_eval_steps", 1'000'000'000, "more steps than that take hours"},
};

void ConfigParser::parse_limits(const Node& node, ParseLimits& limits) {
  const std::pair<std::string_view, std::size_t ParseLimits::*> sizes[] = {
      {"max_file_bytes", &ParseLimits::max_file_bytes},
      {"max_yaml_nodes", &ParseLimits::max_yaml_nodes},
      {"max_nesting_depth", &ParseLimits::max_nesting_depth},
      {"max_eval_values", &ParseLimits::max_eval_values},
      {"max_eval_bytes", &ParseLimits::max_eval_bytes},
      {"max_eval_steps", &ParseLimits::max_eval_steps},
  };
  auto bounded = [&](const std::string& key, const doc::Entry& entry) {
    const std::string full = join_key("limits", key);
    std::optional<std::uint64_t> value = whole_number(entry.value, full);
    for (const LimitCeiling& c : kLimitCeilings) {
      if (!value || c.key != key || *value <= c.most) continue;
      fail(entry.value, "'" + full + "' must be at most " + std::to_string(c.most) + " (" +
                            std::string(c.why) + ")");
      return std::optional<std::uint64_t>();
    }
    return value;
  };
  for_each_entry(node, "limits", [&](const std::string& key, const doc::Entry& entry) {
    if (key == "parse_timeout_ms") {
      if (auto value = bounded(key, entry)) limits.parse_timeout_ms = *value;
      return;
    }
    for (const auto& [name, member] : sizes) {
      if (key != name) continue;
      if (auto value = bounded(key, entry)) limits.*member = static_cast<std::size_t>(*value);
      return;
    }
    fail(entry.key, "unknown key '" + key + "' in limits");
  });
}

// prices:
//   region: eu-west-1            # whose figures apply (default: us-east-1, built in)
//   fargate_spot_discount: 0.7   # Fargate Spot as a fraction off on-demand
//   fargate_requests_per_task: 1 # requests one Fargate task serves at once (>= 1)
//   regions:
//     eu-west-1:                 # figures not given keep the built-in us-east-1 ones
//       as_of: "2026-11-01"
//       lambda_requests_per_million: 0.20
//       x86_64: {lambda_gb_second: ..., fargate_vcpu_hour: ..., ...}
//       arm64: {...}
//       ec2_instances:           # Lambda Managed Instances' instance types, on-demand Linux
//         m7i.large: {arch: x86_64, vcpu: 2, memory_gb: 8, hourly: 0.1008}
void ConfigParser::parse_prices(const Node& node, PriceTable& prices) {
  const std::string kSection = "prices";
  const Node* region = nullptr;
  std::optional<double> spot_discount;
  std::optional<double> requests_per_task;
  std::map<std::string, PriceTable> regions;
  for_each_known_entry(
      node, kSection, {"region", "fargate_spot_discount", "fargate_requests_per_task", "regions"},
      [&](const std::string& key, const doc::Entry& entry) {
        const std::string full = join_key(kSection, key);
        if (key == "region") {
          if (string(entry.value, full)) region = &entry.value;
        } else if (key == "fargate_spot_discount") {
          spot_discount = plain_number(entry.value);
          if (!spot_discount || *spot_discount < 0 || *spot_discount >= 1)
            fail(entry.value, "'" + full + "' must be a fraction >= 0 and < 1 (0.7 = 70% off)");
        } else if (key == "fargate_requests_per_task") {
          requests_per_task = number(entry.value, full, false, kOptionCeiling);
          if (requests_per_task && *requests_per_task < 1) {
            fail(entry.value,
                 "'" + full + "' must be at least 1 (a task serves one request at a time or more)");
            requests_per_task.reset();
          }
        } else {
          for_each_entry(entry.value, full, [&](const std::string& name, const doc::Entry& r) {
            PriceTable table = builtin_price_table();
            table.region = name;
            parse_region_prices(r.value, join_key(full, name), table);
            regions.emplace(name, table);
          });
        }
      });
  if (failed() || node.is_null()) return;
  const std::string wanted = region ? region->text : std::string(kBuiltinPriceRegion);
  if (auto it = regions.find(wanted); it != regions.end()) {
    prices = it->second;
  } else if (wanted != kBuiltinPriceRegion) {
    fail(*region, "no prices for region '" + wanted + "': add them under prices.regions." + wanted);
    return;
  }
  if (spot_discount) prices.fargate_spot_discount = *spot_discount;
  if (requests_per_task) prices.fargate_requests_per_task = *requests_per_task;
}

void ConfigParser::parse_region_prices(const Node& node, const std::string& section,
                                       PriceTable& prices) {
  if (!node.is_mapping()) {
    fail(node, "'" + section + "' must be a mapping");
    return;
  }
  for_each_known_entry(
      node, section, {"as_of", "lambda_requests_per_million", "x86_64", "arm64", "ec2_instances"},
      [&](const std::string& key, const doc::Entry& entry) {
        const std::string full = join_key(section, key);
        if (key == "ec2_instances") {
          for_each_entry(entry.value, full, [&](const std::string& type, const doc::Entry& e) {
            Ec2InstancePrice instance{.type = type};
            parse_ec2_instance(e.value, join_key(full, type), instance);
            std::erase_if(prices.ec2_instances,
                          [&](const Ec2InstancePrice& i) { return i.type == type; });
            prices.ec2_instances.push_back(instance);
          });
        } else if (key == "as_of") {
          if (auto text = string(entry.value, full)) prices.as_of = *text;
        } else if (key == "lambda_requests_per_million") {
          if (auto v = number(entry.value, full, true, kPriceCeiling))
            prices.lambda_requests_per_million = *v;
        } else {
          parse_arch_prices(entry.value, full, key == "arm64" ? prices.arm64 : prices.x86_64);
        }
      });
}

// One instance type: all four figures, each above zero (an instance of no size sizes nothing).
void ConfigParser::parse_ec2_instance(const Node& node, const std::string& section,
                                      Ec2InstancePrice& out) {
  if (!node.is_mapping()) {
    fail(node, "'" + section + "' must be a mapping");
    return;
  }
  int given = 0;
  for_each_known_entry(node, section, {"arch", "vcpu", "memory_gb", "hourly"},
                       [&](const std::string& key, const doc::Entry& entry) {
                         const std::string full = join_key(section, key);
                         ++given;
                         if (key == "arch") {
                           if (auto name = string(entry.value, full))
                             out.arch = arch_from_name(*name);
                           return;
                         }
                         std::optional<double> v =
                             number(entry.value, full, false,
                                    key == "hourly" ? kPriceCeiling : kOptionCeiling);
                         if (!v) return;
                         if (key == "vcpu") out.vcpu = *v;
                         if (key == "memory_gb") out.memory_gb = *v;
                         if (key == "hourly") out.hourly = *v;
                       });
  if (!failed() && given != 4)
    fail(node, "'" + section + "' needs arch, vcpu, memory_gb and hourly");
}

void ConfigParser::parse_arch_prices(const Node& node, const std::string& section,
                                     ArchPrices& prices) {
  const std::pair<std::string_view, double ArchPrices::*> fields[] = {
      {"lambda_gb_second", &ArchPrices::lambda_gb_second},
      {"lambda_provisioned_gb_second", &ArchPrices::lambda_provisioned_gb_second},
      {"lambda_provisioned_duration_gb_second", &ArchPrices::lambda_provisioned_duration_gb_second},
      {"fargate_vcpu_hour", &ArchPrices::fargate_vcpu_hour},
      {"fargate_gb_hour", &ArchPrices::fargate_gb_hour},
  };
  if (!node.is_mapping()) {
    fail(node, "'" + section + "' must be a mapping");
    return;
  }
  for_each_entry(node, section, [&](const std::string& key, const doc::Entry& entry) {
    for (const auto& [name, member] : fields) {
      if (key != name) continue;
      if (auto value = number(entry.value, join_key(section, key), true, kPriceCeiling)) {
        prices.*member = *value;
      }
      return;
    }
    fail(entry.key, "unknown key '" + key + "' in " + section);
  });
}

}  // namespace

ConfigResult parse_config(std::string_view text, const std::string& path) {
  doc::LoadResult loaded = doc::load_yaml(text);
  if (!loaded.ok()) {
    const Position& at = loaded.problem().where;
    return fail(path + ':' + std::to_string(at.line) + ':' + std::to_string(at.column) + ": " +
                loaded.problem().message);
  }
  Config config;
  config.path = path;
  ConfigParser parser(path);
  parser.parse_root(*loaded, config);
  if (parser.failed()) return fail(parser.error());
  return config;
}

bool Config::enabled(const RuleInfo& rule) const {
  auto it = rules.find(rule.id);
  const bool by_default = !rule.off_by_default;
  return it == rules.end() ? by_default : it->second.enabled.value_or(by_default);
}

double Config::option(const RuleInfo& rule, std::string_view name) const {
  const RuleOption* declared = rule.option(name);
  if (!declared) return 0;
  if (auto setting = rules.find(rule.id); setting != rules.end()) {
    auto set = setting->second.options.find(std::string(name));
    if (set != setting->second.options.end()) return set->second.value;
  }
  if (!declared->threshold_key.empty()) {
    if (auto set = thresholds.find(declared->threshold_key); set != thresholds.end())
      return set->second.value;
  }
  return declared->default_value;
}

namespace {

std::string at(const Config& config, const ConfiguredNumber& n) {
  return config.path + ':' + std::to_string(n.line) + ':' + std::to_string(n.column) + ": ";
}

bool has_threshold_key(const std::vector<RuleInfo>& rules, const std::string& key) {
  for (const RuleInfo& r : rules) {
    for (const RuleOption& o : r.options) {
      if (o.threshold_key == key) return true;
    }
  }
  return false;
}

std::string option_names(const RuleInfo& rule) {
  std::string out;
  for (const RuleOption& o : rule.options) out += (out.empty() ? "" : ", ") + o.name;
  return out.empty() ? "none" : out;
}

// "unknown option 'x' in rules.RF104.options (RF104 takes: threshold_s)"; empty when known.
std::string unknown_option(const std::vector<RuleInfo>& rules, const std::string& id,
                           const std::string& name) {
  const RuleInfo* rule = find_rule(rules, id);
  if (rule && rule->option(name)) return "";
  const std::string cause = "unknown option '" + name + "' in rules." + id + ".options";
  if (!rule) return cause + " (" + id + " is not a rule)";
  return cause + " (" + id + " takes: " + option_names(*rule) + ")";
}

}  // namespace

std::string check_rules(Config& config, const std::vector<RuleInfo>& rules) {
  // The first problem in the file, whichever section it is in.
  std::pair<std::pair<uint32_t, uint32_t>, std::string> first{{UINT32_MAX, UINT32_MAX}, ""};
  auto consider = [&](const ConfiguredNumber& n, const std::string& cause) {
    if (std::make_pair(n.line, n.column) < first.first)
      first = {{n.line, n.column}, at(config, n) + cause};
  };
  std::map<std::string, RuleSetting> by_id;
  for (auto& [key, setting] : config.rules) {
    const ConfiguredNumber where{0, setting.line, setting.column};
    const RuleInfo* rule = find_rule_by_id_or_name(rules, key);
    if (!rule) {
      consider(where, "unknown rule '" + key + "' in rules (`rightfit rules` lists them)");
    } else if (!by_id.emplace(rule->id, std::move(setting)).second) {
      consider(where, "rule " + rule->id + " is configured twice in rules (by ID and by name)");
    }
  }
  config.rules = std::move(by_id);
  for (const auto& [key, n] : config.thresholds) {
    if (!has_threshold_key(rules, key)) consider(n, "unknown key '" + key + "' in thresholds");
  }
  for (const auto& [id, setting] : config.rules) {
    for (const auto& [name, n] : setting.options) {
      if (std::string cause = unknown_option(rules, id, name); !cause.empty()) consider(n, cause);
    }
  }
  return first.second;
}

ConfigResult load_config(const std::string& path) {
  // Its own limits are not known before it is read: the default bound of an analysed file.
  SourceText text = read_text_file(path, ParseLimits{}.max_file_bytes);
  if (!text.ok()) return ConfigResult{fail(path + ": " + text.problem().message)};
  return parse_config(*text, path);
}

}  // namespace rightfit
