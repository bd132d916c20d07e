#include "analyzer/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "checks/check.h"

namespace rightfit {
namespace {

const std::string kPath = ".rightfit.yaml";

Config parsed(std::string_view text) {
  ConfigResult result = parse_config(text, kPath);
  EXPECT_TRUE(result.ok()) << result.problem().message;
  if (result.ok()) {
    EXPECT_EQ(check_rules(*result, all_rules()), "");
  }
  return result.value_or(Config{});
}

// The parser's error, else the first option no rule declares.
std::string error_of(std::string_view text) {
  ConfigResult result = parse_config(text, kPath);
  if (result.ok()) return check_rules(*result, all_rules());
  return result.problem().message;
}

// A rule's option as configured.
double option(const Config& config, std::string_view rule, std::string_view name) {
  const std::vector<RuleInfo> rules = all_rules();
  const RuleInfo* info = find_rule(rules, rule);
  EXPECT_NE(info, nullptr) << rule;
  EXPECT_NE(info ? info->option(name) : nullptr, nullptr) << rule << " " << name;
  return info ? config.option(*info, name) : 0;
}

TEST(Config, EmptyAndCommentOnlyFilesGiveDefaults) {
  for (std::string_view text : {"", "\n\n", "# nothing configured yet\n  # really\n"}) {
    ConfigResult result = parse_config(text, kPath);
    ASSERT_TRUE(result.ok()) << text << ": " << result.problem().message;
    EXPECT_EQ(result->path, kPath);
    EXPECT_TRUE(result->rules.empty());
    EXPECT_EQ(option(*result, "RF105", "integration_timeout_s"), 29);
    EXPECT_EQ(option(*result, "RF106", "factor"), 6);
    EXPECT_TRUE(result->exclude.empty());
  }
}

TEST(Config, FullExample) {
  Config config = parsed(R"(# rightfit configuration
rules:
  RF104: {enabled: false}
  RF105: {severity: error}
  RF106: off
  RF004: on
  lambda-heavy-compute:
    enabled: true
    severity: info
thresholds:
  lambda_timeout_near_limit_s: 300
  api_integration_timeout_s: 29.5
  sqs_visibility_factor: 3
  heavy_compute_memory_mb: 4096
  heavy_compute_timeout_s: 1e3
exclude: ["vendor/", "**/*.generated.yaml"]
usage:
  MyFunction: {requests_per_month: 1000000, avg_duration_ms: 120}
  Other: {requests_per_month: 0}
handlers: {MyFunction: src/handler.cpp}
images:
  MyService: docker/Dockerfile
prices:
  region: eu-west-1
  fargate_spot_discount: 0.6
  regions:
    eu-west-1:
      as_of: "2026-11-01"
      lambda_requests_per_million: 0.2
      x86_64: {lambda_gb_second: 0.0000166667, fargate_vcpu_hour: 0.04048}
      arm64:
        fargate_gb_hour: 0.00356
)");
  EXPECT_EQ(config.path, kPath);
  ASSERT_EQ(config.rules.size(), 5u);
  EXPECT_EQ(config.rules["RF104"].enabled, false);
  EXPECT_FALSE(config.rules["RF104"].severity.has_value());
  EXPECT_EQ(config.rules["RF105"].severity, Severity::Error);
  EXPECT_FALSE(config.rules["RF105"].enabled.has_value());
  EXPECT_EQ(config.rules["RF106"].enabled, false);
  EXPECT_EQ(config.rules["RF004"].enabled, true);
  EXPECT_EQ(config.rules["RF403"].enabled, true);  // named lambda-heavy-compute in the file
  EXPECT_EQ(config.rules["RF403"].severity, Severity::Info);
  EXPECT_EQ(option(config, "RF104", "threshold_s"), 300);
  EXPECT_EQ(option(config, "RF105", "integration_timeout_s"), 29.5);
  EXPECT_EQ(option(config, "RF106", "factor"), 3);
  EXPECT_EQ(option(config, "RF403", "memory_mb"), 4096);
  EXPECT_EQ(option(config, "RF403", "timeout_s"), 1000);
  EXPECT_EQ(config.exclude, (std::vector<std::string>{"vendor/", "**/*.generated.yaml"}));
  ASSERT_EQ(config.usage.size(), 2u);
  EXPECT_EQ(config.usage["MyFunction"].requests_per_month, 1000000);
  EXPECT_EQ(config.usage["MyFunction"].declared, (SourceRange{kPath, {{18, 3}, {18, 13}}}));
  EXPECT_EQ(config.usage["MyFunction"].avg_duration_ms, 120);
  EXPECT_EQ(config.usage["Other"].requests_per_month, 0);
  EXPECT_FALSE(config.usage["Other"].avg_duration_ms.has_value());
  EXPECT_EQ(config.prices.region, "eu-west-1");
  EXPECT_EQ(config.prices.as_of, "2026-11-01");
  EXPECT_EQ(config.prices.fargate_spot_discount, 0.6);
  EXPECT_EQ(config.prices.x86_64.fargate_vcpu_hour, 0.04048);
  EXPECT_EQ(config.prices.arm64.fargate_gb_hour, 0.00356);
  EXPECT_EQ(config.handlers,
            (std::map<std::string, std::string>{{"MyFunction", "src/handler.cpp"}}));
  EXPECT_EQ(config.images,
            (std::map<std::string, std::string>{{"MyService", "docker/Dockerfile"}}));
}

TEST(Config, UnsetThresholdsKeepTheirDefaults) {
  Config config = parsed("thresholds:\n  sqs_visibility_factor: 2\n");
  EXPECT_EQ(option(config, "RF106", "factor"), 2);
  EXPECT_EQ(option(config, "RF104", "threshold_s"), 600);
  EXPECT_EQ(option(config, "RF403", "memory_mb"), 8192);
}

// The per-rule spelling (tflint style) wins over the `thresholds:` key of the same option.
TEST(Config, RuleOptionsArePerRuleAndWinOverThresholds) {
  Config config = parsed(
      "thresholds:\n  lambda_timeout_near_limit_s: 300\n  heavy_compute_timeout_s: 700\n"
      "rules:\n  RF104: {options: {threshold_s: 450}}\n  RF106:\n    enabled: true\n"
      "    options:\n      factor: 4\n");
  EXPECT_EQ(option(config, "RF104", "threshold_s"), 450);
  EXPECT_EQ(option(config, "RF106", "factor"), 4);
  EXPECT_EQ(option(config, "RF403", "timeout_s"), 700);
  EXPECT_EQ(option(config, "RF403", "memory_mb"), 8192);
  EXPECT_EQ(config.rules["RF106"].enabled, true);
}

TEST(Config, UnknownRuleOptionsNameTheFileAndLine) {
  EXPECT_EQ(error_of("rules:\n  RF104: {options: {threshold: 450}}\n"),
            ".rightfit.yaml:2:21: unknown option 'threshold' in rules.RF104.options (RF104 "
            "takes: threshold_s)");
  EXPECT_EQ(error_of("rules:\n  RF101:\n    options:\n      max_s: 3\n"),
            ".rightfit.yaml:4:7: unknown option 'max_s' in rules.RF101.options (RF101 takes: "
            "none)");
  EXPECT_EQ(error_of("rules:\n  RF999: {options: {x: 1}}\n"),
            ".rightfit.yaml:2:3: unknown rule 'RF999' in rules (`rightfit rules` lists them)");
  // The first in the file, whichever section it is in.
  EXPECT_EQ(error_of("rules:\n  RF104: {options: {nope: 1}}\nthresholds:\n  nope_s: 1\n"),
            ".rightfit.yaml:2:21: unknown option 'nope' in rules.RF104.options (RF104 takes: "
            "threshold_s)");
  EXPECT_EQ(error_of("rules:\n  RF104: {options: {threshold_s: 0}}\n"),
            ".rightfit.yaml:2:34: 'rules.RF104.options.threshold_s' must be a number > 0");
  EXPECT_EQ(error_of("rules:\n  RF104: {options: [1]}\n"),
            ".rightfit.yaml:2:20: 'rules.RF104.options' must be a mapping");
}

TEST(Config, EmptySectionsAreAllowed) {
  Config config = parsed("rules:\n  # RF101: off\nexclude:\nprices:\n");
  EXPECT_TRUE(config.rules.empty());
  EXPECT_TRUE(config.exclude.empty());
}

TEST(Config, UnknownKeysNameTheKeyAndPosition) {
  EXPECT_EQ(error_of("rules: {}\nfoo: 1\n"),
            ".rightfit.yaml:2:1: unknown key 'foo' in the top level");
  EXPECT_EQ(error_of("thresholds:\n  lambda_timeout: 5\n"),
            ".rightfit.yaml:2:3: unknown key 'lambda_timeout' in thresholds");
  EXPECT_EQ(error_of("rules:\n  RF104: {enabled: false, level: 2}\n"),
            ".rightfit.yaml:2:27: unknown key 'level' in rules.RF104");
  EXPECT_EQ(error_of("usage:\n  Fn:\n    requests: 5\n"),
            ".rightfit.yaml:3:5: unknown key 'requests' in usage.Fn");
}

TEST(Config, UnknownRulesNameTheFileAndLine) {
  for (const char* key : {"RF10", "rf104", "RF999", "lambda-timeout"}) {
    EXPECT_EQ(error_of(std::string("rules:\n  ") + key + ": off\n"),
              std::string(".rightfit.yaml:2:3: unknown rule '") + key +
                  "' in rules (`rightfit rules` lists them)");
  }
}

TEST(Config, RuleNamesWorkWhereIdsDo) {
  ConfigResult result = parse_config(
      "rules:\n  api-timeout-exceeds-integration: off\n  lambda-timeout-near-limit:\n"
      "    options: {threshold_s: 450}\n",
      kPath);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(check_rules(*result, all_rules()), "");
  EXPECT_EQ(result->rules.count("api-timeout-exceeds-integration"), 0U);
  EXPECT_EQ(result->rules["RF105"].enabled, false);
  EXPECT_EQ(option(*result, "RF104", "threshold_s"), 450);
  EXPECT_EQ(error_of("rules:\n  RF105: off\n  api-timeout-exceeds-integration: on\n"),
            ".rightfit.yaml:3:3: rule RF105 is configured twice in rules (by ID and by name)");
}

TEST(Config, WrongTypesNameTheKey) {
  EXPECT_EQ(error_of("rules:\n  RF104: {severity: fatal}\n"),
            ".rightfit.yaml:2:21: 'rules.RF104.severity' must be one of error, warning, info");
  EXPECT_EQ(error_of("rules:\n  RF104: {enabled: maybe}\n"),
            ".rightfit.yaml:2:20: 'rules.RF104.enabled' must be true or false");
  EXPECT_EQ(error_of("rules:\n  RF104: {enabled: \"false\"}\n"),
            ".rightfit.yaml:2:20: 'rules.RF104.enabled' must be true or false");
  EXPECT_EQ(error_of("rules:\n  RF106: disabled\n"),
            ".rightfit.yaml:2:10: 'rules.RF106' must be on, off, true, false or a mapping");
  EXPECT_EQ(error_of("rules:\n  RF106: [off]\n"),
            ".rightfit.yaml:2:10: 'rules.RF106' must be on, off, true, false or a mapping");
  EXPECT_EQ(error_of("rules: [RF101]\n"), ".rightfit.yaml:1:8: 'rules' must be a mapping");
  EXPECT_EQ(error_of("thresholds:\n  sqs_visibility_factor: six\n"),
            ".rightfit.yaml:2:26: 'thresholds.sqs_visibility_factor' must be a number > 0");
  EXPECT_EQ(error_of("thresholds:\n  heavy_compute_timeout_s: 0\n"),
            ".rightfit.yaml:2:28: 'thresholds.heavy_compute_timeout_s' must be a number > 0");
  EXPECT_EQ(error_of("thresholds:\n  api_integration_timeout_s: -1\n"),
            ".rightfit.yaml:2:30: 'thresholds.api_integration_timeout_s' must be a number > 0");
  EXPECT_EQ(error_of("thresholds:\n  api_integration_timeout_s: '29'\n"),
            ".rightfit.yaml:2:30: 'thresholds.api_integration_timeout_s' must be a number > 0");
  EXPECT_EQ(error_of("exclude: vendor/\n"),
            ".rightfit.yaml:1:10: 'exclude' must be a list of strings");
  EXPECT_EQ(error_of("exclude:\n  - a\n  - [b]\n"),
            ".rightfit.yaml:3:5: 'exclude[1]' must be a non-empty string");
  EXPECT_EQ(error_of("usage:\n  Fn: {requests_per_month: -5}\n"),
            ".rightfit.yaml:2:28: 'usage.Fn.requests_per_month' must be a number >= 0");
  EXPECT_EQ(error_of("usage:\n  Fn: 5\n"), ".rightfit.yaml:2:7: 'usage.Fn' must be a mapping");
  EXPECT_EQ(error_of("handlers:\n  Fn: {path: x}\n"),
            ".rightfit.yaml:2:7: 'handlers.Fn' must be a non-empty string");
  EXPECT_EQ(error_of("images: [a]\n"), ".rightfit.yaml:1:9: 'images' must be a mapping");
  EXPECT_EQ(error_of("prices: 5\n"), ".rightfit.yaml:1:9: 'prices' must be a mapping");
}

// Extreme numbers once made the cost model infinite ("$inf" in the reports); each number has a
// ceiling far above any real setting.
TEST(Config, NumbersHaveCeilings) {
  EXPECT_EQ(error_of("usage:\n  Fn: {requests_per_month: 1e308}\n"),
            ".rightfit.yaml:2:28: 'usage.Fn.requests_per_month' must be at most 1e13");
  EXPECT_EQ(error_of("usage:\n  Fn: {avg_duration_ms: 3e9}\n"),
            ".rightfit.yaml:2:25: 'usage.Fn.avg_duration_ms' must be at most 2628000000 ms (a "
            "month)");
  EXPECT_EQ(error_of("thresholds:\n  sqs_visibility_factor: 1e10\n"),
            ".rightfit.yaml:2:26: 'thresholds.sqs_visibility_factor' must be at most 1e9");
  EXPECT_EQ(error_of("rules:\n  RF104: {options: {threshold_s: 1e300}}\n"),
            ".rightfit.yaml:2:34: 'rules.RF104.options.threshold_s' must be at most 1e9");
  EXPECT_EQ(
      error_of("prices:\n  regions:\n    us-east-1:\n      x86_64: {fargate_vcpu_hour: 1e9}\n"),
      ".rightfit.yaml:4:35: 'prices.regions.us-east-1.x86_64.fargate_vcpu_hour' must be at "
      "most 1000 USD a unit");
  EXPECT_EQ(error_of("usage:\n  Fn: {requests_per_month: 1e13, avg_duration_ms: 2628000000}\n"),
            "");
}

TEST(Config, PriceErrorsNameTheKey) {
  EXPECT_EQ(error_of("prices:\n  currency: EUR\n"),
            ".rightfit.yaml:2:3: unknown key 'currency' in prices");
  EXPECT_EQ(error_of("prices:\n  region: eu-west-1\n"),
            ".rightfit.yaml:2:11: no prices for region 'eu-west-1': add them under "
            "prices.regions.eu-west-1");
  EXPECT_EQ(error_of("prices:\n  fargate_spot_discount: 70\n"),
            ".rightfit.yaml:2:26: 'prices.fargate_spot_discount' must be a fraction >= 0 and < 1 "
            "(0.7 = 70% off)");
  EXPECT_EQ(error_of("prices:\n  fargate_requests_per_task: 0.5\n"),
            ".rightfit.yaml:2:30: 'prices.fargate_requests_per_task' must be at least 1 (a task "
            "serves one request at a time or more)");
  EXPECT_EQ(error_of("prices:\n  fargate_requests_per_task: 1e12\n"),
            ".rightfit.yaml:2:30: 'prices.fargate_requests_per_task' must be at most 1e9");
  EXPECT_EQ(
      error_of("prices:\n  regions:\n    us-east-1:\n      x86_64: {fargate_cpu_hour: 1}\n"),
      ".rightfit.yaml:4:16: unknown key 'fargate_cpu_hour' in prices.regions.us-east-1.x86_64");
  EXPECT_EQ(error_of("prices:\n  regions:\n    us-east-1:\n      ppc64: {}\n"),
            ".rightfit.yaml:4:7: unknown key 'ppc64' in prices.regions.us-east-1");
  EXPECT_EQ(error_of("prices:\n  regions:\n    us-east-1:\n      arm64: {lambda_gb_second: -1}\n"),
            ".rightfit.yaml:4:33: 'prices.regions.us-east-1.arm64.lambda_gb_second' must be a "
            "number >= 0");
  EXPECT_EQ(error_of("prices:\n  regions:\n    us-east-1: 5\n"),
            ".rightfit.yaml:3:16: 'prices.regions.us-east-1' must be a mapping");
}

TEST(Config, PricesDefaultToTheBuiltInTable) {
  Config config =
      parsed("prices:\n  regions:\n    us-east-1:\n      arm64: {fargate_gb_hour: 0.004}\n");
  EXPECT_EQ(config.prices.region, "us-east-1");
  EXPECT_EQ(config.prices.arm64.fargate_gb_hour, 0.004);
  EXPECT_EQ(config.prices.arm64.fargate_vcpu_hour, 0.03238);
  EXPECT_EQ(config.prices.lambda_requests_per_million, 0.20);
  EXPECT_EQ(config.prices.fargate_spot_discount, 0.70);
  Config defaults = parsed("rules: {}\n");
  EXPECT_EQ(defaults.prices.fargate_requests_per_task, 1);
  EXPECT_EQ(parsed("prices:\n  fargate_requests_per_task: 20\n").prices.fargate_requests_per_task,
            20);
  EXPECT_EQ(defaults.prices.region, "us-east-1");
  EXPECT_EQ(defaults.prices.x86_64.fargate_vcpu_hour, 0.04048);
  EXPECT_EQ(defaults.prices.hours_per_month, 730);
}

TEST(Config, DuplicateKeysAreErrors) {
  EXPECT_EQ(error_of("rules:\n  RF101: off\n  RF101: on\n"),
            ".rightfit.yaml:3:3: duplicate key 'RF101' in rules");
}

TEST(Config, TopLevelMustBeAMapping) {
  EXPECT_EQ(error_of("- rules\n"), ".rightfit.yaml:1:1: the configuration must be a mapping");
  EXPECT_EQ(error_of("just text\n"), ".rightfit.yaml:1:1: the configuration must be a mapping");
}

TEST(Config, SyntaxErrorsCarryAPosition) {
  EXPECT_EQ(error_of("rules:\n  RF101: off: on\n"), ".rightfit.yaml:2:13: illegal map value");
  EXPECT_EQ(error_of("exclude: [a]]\n"), ".rightfit.yaml:1:13: illegal flow end");
}

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("rightfit-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ConfigFile, LoadsFromDisk) {
  const std::string path = (dir_ / ".rightfit.yaml").string();
  std::ofstream(path) << "rules:\n  RF105: {severity: warning}\n";
  ConfigResult result = load_config(path);
  ASSERT_TRUE(result.ok()) << result.problem().message;
  EXPECT_EQ(result->path, path);
  EXPECT_EQ(result->rules["RF105"].severity, Severity::Warning);
}

// UTF-16 LE with a BOM, of ASCII `text`.
std::string utf16le(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (char c : text) out += std::string{c, '\0'};
  return out;
}

// A configuration saved as UTF-16 is read like its UTF-8 text (the readers of analysed files
// transcode; this one did not: "invalid YAML").
TEST_F(ConfigFile, LoadsUtf16LikeUtf8) {
  const std::string path = (dir_ / "wide.yaml").string();
  std::ofstream(path, std::ios::binary) << utf16le("rules:\n  RF105: {severity: warning}\n");
  ConfigResult result = load_config(path);
  ASSERT_TRUE(result.ok()) << result.problem().message;
  EXPECT_EQ(result->rules["RF105"].severity, Severity::Warning);
}

TEST_F(ConfigFile, ErrorsNameTheFile) {
  const std::string path = (dir_ / "bad.yaml").string();
  std::ofstream(path) << "exclude: [a]\nbogus: true\n";
  EXPECT_EQ(load_config(path).problem().message,
            path + ":2:1: unknown key 'bogus' in the top level");
}

TEST_F(ConfigFile, MissingFileOrDirectoryCannotBeRead) {
  const std::string missing = (dir_ / "missing.yaml").string();
  ConfigResult result = load_config(missing);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.problem().message,
            missing + ": the file cannot be read: no such file or directory");
  result = load_config(dir_.string());
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.problem().message, dir_.string() + ": not a regular file (a directory)");
}

// Limits past their ceilings are errors naming the key and the ceiling, not silent wraps
// (2^64-1 bytes once became 0: every file read as empty, "No findings").
TEST(Config, LimitsAboveTheirCeilingsAreErrors) {
  EXPECT_EQ(error_of("limits:\n  max_file_bytes: 18446744073709551615\n"),
            ".rightfit.yaml:2:19: 'limits.max_file_bytes' must be at most 1073741824 (1 GiB: a "
            "larger file is no hand-written input)");
  EXPECT_NE(error_of("limits:\n  parse_timeout_ms: 99999999999999\n").find("at most 86400000"),
            std::string::npos);
  EXPECT_NE(error_of("limits:\n  max_nesting_depth: 20000\n").find("overflow the stack"),
            std::string::npos);
  EXPECT_NE(error_of("limits:\n  max_yaml_nodes: 1000000000\n").find("at most 100000000"),
            std::string::npos);
  const Config at_ceiling =
      parsed("limits:\n  max_file_bytes: 1073741824\n  parse_timeout_ms: 86400000\n");
  EXPECT_EQ(at_ceiling.limits.max_file_bytes, 1073741824u);
  EXPECT_EQ(at_ceiling.limits.parse_timeout_ms, 86400000u);
}

}  // namespace
}  // namespace rightfit
