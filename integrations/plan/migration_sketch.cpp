#include "integrations/plan/migration_sketch.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "analyzer/cost/cost_model.h"
#include "integrations/plan/sketch_writers.h"

namespace rightfit {

namespace {

// One writer per (target, format family), and the file extension of each format.
struct FormatWriters {
  SketchFormat format;
  const char* extension;
  std::string (*lambda)(const MigrationPlan&, const LambdaPlan&);
  std::string (*fargate)(const MigrationPlan&, const FargatePlan&);
};

constexpr FormatWriters kWriters[] = {
    {SketchFormat::CloudFormationYaml, "yaml", write_cloudformation_lambda,
     write_cloudformation_fargate},
    {SketchFormat::CloudFormationJson, "json", write_cloudformation_lambda,
     write_cloudformation_fargate},
    {SketchFormat::SamYaml, "yaml", write_cloudformation_lambda, write_cloudformation_fargate},
    {SketchFormat::SamJson, "json", write_cloudformation_lambda, write_cloudformation_fargate},
    {SketchFormat::Terraform, "tf", write_terraform_lambda, write_terraform_fargate},
    // Only a scheduled function moves to a CronJob; nothing becomes a Lambda in a manifest.
    {SketchFormat::KubernetesYaml, "yaml", write_cloudformation_lambda, write_kubernetes_fargate},
};

const FormatWriters& writers_of(SketchFormat format) {
  for (const FormatWriters& w : kWriters) {
    if (w.format == format) return w;
  }
  return kWriters[0];
}

// The workload's own name (a Terraform address's last part), safe in a file name.
std::string file_stem(const std::string& workload) {
  std::string stem = workload.substr(workload.rfind('.') + 1);
  for (char& c : stem) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') c = '-';
  }
  return stem.empty() ? "workload" : stem;
}

std::string unique_file_name(const MigrationPlan& plan, const char* extension,
                             std::set<std::string>& taken) {
  const std::string stem = file_stem(plan.workload.name);
  std::string name = stem + ".rightfit-sketch." + extension;
  for (int n = 2; !taken.insert(name).second; ++n)
    name = stem + "-" + std::to_string(n) + ".rightfit-sketch." + extension;
  return name;
}

std::string seconds(double s) { return format_quantity(s) + " s"; }

// "0 2 * * 1-5 (from cron(0 2 ? * MON-FRI *))".
std::string schedule_text(const PlannedSchedule& s) {
  return s.written.empty() || s.written == s.expression
             ? s.expression
             : s.expression + " (from " + s.written + ")";
}

void add_pod_sizing(const FargatePlan& f, const PodPlacement& pod,
                    std::vector<std::string>& lines) {
  if (f.schedule) lines.push_back("runs one Job per schedule " + schedule_text(*f.schedule));
  if (f.deadline_s)
    lines.push_back("activeDeadlineSeconds " + seconds(*f.deadline_s) + ": " + f.deadline_basis);
  lines.push_back("namespace '" + pod.pod_namespace + "'" +
                  (pod.selected_by.empty() ? ": no EKS Fargate profile is declared, so its pods "
                                             "run on the cluster's nodes"
                                           : ": " + pod.selected_by + " runs its pods on Fargate"));
}

void add_sizing(const MigrationPlan& plan, std::vector<std::string>& lines) {
  if (plan.lambda) {
    const LambdaPlan& l = *plan.lambda;
    lines.push_back("MemorySize " + format_quantity(l.memory_mb) + " MB: " + l.memory_basis);
    lines.push_back("Timeout " + seconds(l.timeout_s) + ": " + l.timeout_basis);
    if (l.queue)
      lines.push_back("BatchSize " + format_quantity(l.batch_size) + " (the SQS default); queue '" +
                      l.queue->name + "' needs VisibilityTimeout >= " +
                      seconds(l.visibility_needed_s) + " (6 x Timeout + batching window)");
    if (l.schedule) lines.push_back("runs per schedule " + schedule_text(*l.schedule));
  }
  if (plan.fargate) {
    const FargatePlan& f = *plan.fargate;
    lines.push_back("Cpu " + format_quantity(f.cpu_units) + ", Memory " +
                    format_quantity(f.memory_mb) +
                    " MiB: the smallest Fargate size with the function's memory and its share "
                    "of vCPU (1 vCPU per 1769 MB)");
    if (f.queue)
      lines.push_back("scales 0-" + format_quantity(f.max_tasks) + " tasks to keep " +
                      format_quantity(f.messages_per_task) + " visible messages per task on " +
                      (plan.front_timeout_s
                           ? "the new queue (VisibilityTimeout " +
                                 seconds(f.queue->visibility_timeout_s.value_or(0)) +
                                 ": as long as the work took on Lambda)"
                           : "queue '" + f.queue->name + "'"));
    if (f.schedule && !f.pod)
      lines.push_back("runs one task per schedule " + f.schedule->expression);
    if (f.pod) add_pod_sizing(f, *f.pod, lines);
  }
  if (plan.front_timeout_s)
    lines.push_back(
        "keep '" + plan.workload.name +
        "' behind the API with Timeout <= " + seconds(*plan.front_timeout_s) +
        " and have it send the long work to the new queue (the sketch's output is its URL)");
}

}  // namespace

std::vector<std::string> sketch_header(const MigrationPlan& plan) {
  std::vector<std::string> lines{sketch_banner(plan), sketch_summary(plan), "why: " + plan.reason};
  add_sizing(plan, lines);
  for (const std::string& note : plan.notes) lines.push_back("review: " + note);
  for (const std::string& todo : plan.todos) lines.push_back("TODO: " + todo);
  return lines;
}

std::string image_input_description(const MigrationPlan& plan) {
  return "The image of '" + plan.workload.name + "'" +
         (plan.lambda ? ", rebuilt on a Lambda base image" : " as a container that runs the work");
}

std::string logical_id_of(const std::string& workload) {
  std::string id;
  bool upper = true;
  for (char c : workload.substr(workload.rfind('.') + 1)) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return id.empty() ? "Workload" : id;
}

SketchNames::SketchNames(const MigrationPlan& plan, const std::string& base,
                         const std::vector<std::string>& patterns, Style style)
    : taken_(plan.taken), style_(std::move(style)), base_(base) {
  auto is_free = [&](const std::string& candidate) {
    return std::none_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
      std::string name = pattern;
      name.replace(name.find("{}"), 2, candidate);
      return taken_.count(name) != 0;
    });
  };
  for (int n = 2; !is_free(base_); ++n) base_ = base + style_.join + std::to_string(n);
}

std::string SketchNames::input(const std::string& name) const {
  std::string chosen = name;
  for (int n = 2; taken_.count(style_.input_prefix + chosen) != 0; ++n)
    chosen = base_ + style_.join + name + (n == 2 ? "" : style_.join + std::to_string(n - 1));
  return chosen;
}

std::string terraform_name_of(const std::string& workload) {
  std::string name = file_stem(workload);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  if (std::isdigit(static_cast<unsigned char>(name.front())) != 0) name = "w_" + name;
  return name;
}

MigrationSketches build_migration_sketches(const WorkloadGraph& graph, const Config& config,
                                           const PlacementReport& report) {
  MigrationPlans plans = plan_migrations(graph, config, report);
  MigrationSketches out;
  out.skipped = std::move(plans.skipped);
  std::set<std::string> taken;
  for (const MigrationPlan& plan : plans.plans) {
    const FormatWriters& w = writers_of(plan.format);
    MigrationSketch sketch;
    sketch.workload = plan.workload;
    sketch.file_name = unique_file_name(plan, w.extension, taken);
    if (plan.lambda.has_value())
      sketch.text = w.lambda(plan, *plan.lambda);
    else if (plan.fargate.has_value())
      sketch.text = w.fargate(plan, *plan.fargate);
    else
      continue;
    out.sketches.push_back(std::move(sketch));
  }
  return out;
}

std::string format_sketches(const MigrationSketches& sketches) {
  std::string out;
  for (const MigrationSketch& s : sketches.sketches) {
    if (!out.empty()) out += "\n";
    out += "==> " + s.file_name + " <==\n" + s.text;
  }
  return out;
}

}  // namespace rightfit
