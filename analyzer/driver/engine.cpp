#include "analyzer/driver/engine.h"

#include <optional>

#include "analyzer/discovery.h"
#include "analyzer/suppressions.h"
#include "analyzer/workload_graph.h"
#include "checks/check.h"
#include "parsers/cloudformation/template_parser.h"
#include "parsers/dockerfile/dockerfile_parser.h"
#include "parsers/parallel_for.h"
#include "parsers/parse_limits.h"
#include "parsers/terraform/terraform_parser.h"

namespace rightfit {

namespace {

FileFacts unreadable(const std::string& path, const std::string& why, Position where = {1, 1}) {
  FileFacts facts;
  facts.file = path;
  facts.parse_errors.push_back({SourceRange{path, Span{where, where}}, why});
  return facts;
}

// A Dockerfile is ours by its name; a YAML/JSON file only when it looks like a template, so
// a binary or mis-encoded file is reported when it is a Dockerfile or claims to be a template.
std::optional<FileFacts> parse_file(const std::string& path, const ParseLimits& limits) {
  SourceText source = read_source_file(path, limits);
  if (!source.text) return unreadable(path, source.problem->message, source.problem->where);
  const std::string& text = *source.text;
  const bool dockerfile = dockerfile::is_dockerfile(path);
  if (std::optional<SourceProblem> bad = check_text_encoding(text)) {
    if (!dockerfile && !cfn::looks_like_template(text)) return std::nullopt;
    return unreadable(path, bad->message, bad->where);
  }
  if (dockerfile) return dockerfile::parse_dockerfile(path, text, limits.deadline());
  return cfn::parse_template(path, text, limits);
}

// Parses every file on `jobs` threads; results keep the files' order.
std::vector<FileFacts> parse_all(const std::vector<DiscoveredFile>& files, unsigned jobs,
                                 const ParseLimits& limits) {
  std::vector<std::optional<FileFacts>> results(files.size());
  parallel_for(files.size(), jobs,
               [&](std::size_t i) { results[i] = parse_file(files[i].path, limits); });
  std::vector<FileFacts> out;
  for (std::optional<FileFacts>& r : results) {
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

bool enabled(const Config& config, const std::string& rule) {
  auto it = config.rules.find(rule);
  return it == config.rules.end() || it->second.enabled.value_or(true);
}

// A finding about a function or service built from a Dockerfile of the repository points at
// that Dockerfile too (the image findings point back at the workload themselves).
void relate_images(std::vector<Finding>& findings, const WorkloadGraph& graph) {
  for (Finding& f : findings) {
    const Image* image = f.subject ? graph.image_of(*f.subject) : nullptr;
    if (!image || image->stages.empty() || f.location.file == image->dockerfile) continue;
    f.related.push_back(
        {image->stages[image->final_stage].from, "its image is built from this Dockerfile"});
  }
}

void apply_severity_overrides(std::vector<Finding>& findings, const Config& config) {
  for (Finding& f : findings) {
    auto it = config.rules.find(f.rule_id);
    if (it != config.rules.end() && it->second.severity) f.severity = *it->second.severity;
  }
}

}  // namespace

Analysis analyze(const AnalysisRequest& request) {
  Analysis result;
  Discovery found = discover(request.paths, request.root, ExcludeMatcher(request.config.exclude));
  std::vector<DiscoveredFile> templates;
  tf::TerraformRequest terraform{{}, request.var_files, request.config.limits, request.jobs};
  for (DiscoveredFile& f : found.files) {
    if (tf::is_terraform_file(f.path))
      terraform.files.push_back(f.path);
    else
      templates.push_back(std::move(f));
  }
  std::vector<FileFacts> facts = parse_all(templates, request.jobs, request.config.limits);
  for (FileFacts& f : tf::analyze_terraform(terraform)) facts.push_back(std::move(f));
  for (const DiscoveryProblem& p : found.problems) {
    bool named = false;
    for (const std::string& path : request.paths) named = named || path == p.path;
    if (named) {
      result.errors.push_back(p.path + ": " + p.message);
    } else {
      facts.push_back(unreadable(p.path, p.message));
    }
  }
  result.files_analyzed = templates.size() + terraform.files.size();
  WorkloadGraph graph =
      WorkloadGraph::link(std::move(facts), LinkHints{request.root, request.config.images});
  CheckContext ctx{graph, request.config};
  for (const std::unique_ptr<Check>& check : make_all_checks()) {
    if (enabled(request.config, check->info().id)) check->run(ctx, result.findings);
  }
  relate_images(result.findings, graph);
  apply_severity_overrides(result.findings, request.config);
  apply_suppressions(result.findings, graph.suppressions);
  sort_findings(result.findings);
  return result;
}

std::vector<RuleInfo> all_rules() {
  std::vector<RuleInfo> rules;
  for (const std::unique_ptr<Check>& check : make_all_checks()) rules.push_back(check->info());
  return rules;
}

}  // namespace rightfit
