#include "integrations/usage/usage_files.h"

#include <rapidjson/document.h>

#include <optional>
#include <utility>

#include "integrations/usage/compute_optimizer.h"
#include "integrations/usage/csv_table.h"
#include "integrations/usage/infracost_usage.h"
#include "parsers/document/document.h"

namespace rightfit::usage {

namespace {

enum class Format { CloudWatch, OptimizerJson, OptimizerCsv, Infracost, Rightfit };

// Deeper JSON is no usage file, and RapidJSON's parse recurses once per level.
constexpr std::size_t kMaxJsonDepth = 64;

const char* const kNoFormat =
    "not a usage file rightfit reads: expected `aws cloudwatch get-metric-data` output "
    "(MetricDataResults), AWS Compute Optimizer's Lambda or ECS recommendations (the exported CSV "
    "or the CLI's JSON), an Infracost usage file (resource_usage:) or rightfit's own (usage:, "
    "as in .rightfit.yaml). A Compute Optimizer "
    "export writes its recommendations as CSV and their metadata as JSON (Compute Optimizer User "
    "Guide, \"Exported files\"): the metadata carries no usage, so pass the CSV beside it";

std::optional<Format> json_format(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  if (doc.HasMember("MetricDataResults")) return Format::CloudWatch;
  if (doc.HasMember("lambdaFunctionRecommendations") || doc.HasMember("ecsServiceRecommendations"))
    return Format::OptimizerJson;
  return std::nullopt;
}

// The format `text` is in, by its content; nullopt for none, `problem` set when it cannot tell.
std::optional<Format> format_of(std::string_view text, std::string& problem) {
  if (doc::looks_like_json("", text)) {
    if (doc::json_nests_deeper_than(text, kMaxJsonDepth)) {
      problem = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
      return std::nullopt;
    }
    return json_format(text);
  }
  if (optimizer_csv_resource(csv_header(text))) return Format::OptimizerCsv;
  if (looks_like_infracost_usage(text)) return Format::Infracost;
  if (starts_a_line_with(text, "usage:")) return Format::Rightfit;
  return std::nullopt;
}

// rightfit's own usage file: `.rightfit.yaml`'s `usage:` section alone, read by the
// configuration's own parser, as declared usage. `declared` keeps the entries it holds
// (the configuration's win), with a warning.
std::string read_rightfit_usage(const std::string& file, std::string_view text,
                                const ParseLimits& limits, std::map<std::string, Usage>& declared,
                                std::vector<std::string>& warnings) {
  doc::LoadResult root = doc::load_yaml(text, doc::load_limits_of(limits));
  if (!root.ok()) return doc::describe_load_error(root.problem(), "invalid YAML");
  if (!root->is_mapping() || root->entries.size() != 1 || !root->find("usage"))
    return "a rightfit usage file holds one key, usage: (the .rightfit.yaml section)";
  ConfigResult parsed = parse_config(text, file);
  if (!parsed.ok()) {
    const std::string& message = parsed.problem().message;  // "<file>:<line>:<col>: <cause>"
    const bool named = message.rfind(file + ":", 0) == 0;
    return "line " + (named ? message.substr(file.size() + 1) : message);
  }
  for (auto& [name, usage] : parsed->usage) {
    if (declared.count(name)) {
      std::string warning = file;
      warning += ": line " + std::to_string(usage.declared.line()) + ": ";
      warning += name;
      warning += " has usage declared already (.rightfit.yaml or an earlier file); ignored";
      warnings.push_back(std::move(warning));
      continue;
    }
    usage.declared_by = "usage file " + file;
    declared[name] = usage;
  }
  return "";
}

struct UsageText {
  std::string file;
  std::string text;
  Format format;
};

// Each file's text and format, or the first problem.
Result<std::vector<UsageText>> classify(const std::vector<std::string>& files,
                                        const ParseLimits& limits) {
  std::vector<UsageText> out;
  for (const std::string& file : files) {
    SourceText text = read_source_file(file, limits);
    if (!text.ok()) return fail(file + ": " + text.problem().message);
    if (std::optional<SourceProblem> bad = check_text_encoding(*text))
      return fail(file + ": " + bad->message);
    std::string problem;
    const std::optional<Format> format = format_of(*text, problem);
    if (!format) return fail(file + ": " + (problem.empty() ? std::string(kNoFormat) : problem));
    out.push_back({file, std::move(*text), *format});
  }
  return out;
}

}  // namespace

Result<UsageFiles> read_usage_files(const std::vector<std::string>& files,
                                    const WorkloadGraph& graph,
                                    const std::vector<cloudwatch::NamedWorkload>& named,
                                    const Config& config) {
  Result<std::vector<UsageText>> texts = classify(files, config.limits);
  if (!texts.ok()) return fail(texts.problem().message);
  std::vector<std::string> cloudwatch_files;
  for (const UsageText& t : *texts) {
    if (t.format == Format::CloudWatch) cloudwatch_files.push_back(t.file);
  }
  const double hours = config.prices.hours_per_month;
  Result<cloudwatch::UsageReading> reading =
      cloudwatch::read_metric_data(cloudwatch_files, named, config.limits, hours);
  if (!reading.ok()) return fail(reading.problem().message);
  UsageFiles out;
  out.declared = config.usage;
  for (const UsageText& t : *texts) {
    std::string problem;
    if (t.format == Format::OptimizerCsv)
      problem = read_optimizer_csv(t.file, t.text, named, hours, *reading);
    else if (t.format == Format::OptimizerJson)
      problem = read_optimizer_json(t.file, t.text, named, hours, *reading);
    else if (t.format == Format::Infracost)
      problem = read_infracost_usage(t.file, t.text, graph, config.limits, out.declared,
                                     reading->warnings);
    else if (t.format == Format::Rightfit)
      problem = read_rightfit_usage(t.file, t.text, config.limits, out.declared, reading->warnings);
    if (!problem.empty()) return fail(t.file + ": " + problem);
  }
  out.measured = std::move(reading->measured);
  out.warnings = std::move(reading->warnings);
  return out;
}

}  // namespace rightfit::usage
