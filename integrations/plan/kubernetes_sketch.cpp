// The Kubernetes sketch: a batch/v1 CronJob for a scheduled function of a repository that runs
// Kubernetes, one Job per schedule, its pod sized to the Fargate size the cost model priced
// and placed where an EKS Fargate profile selects it. Written with the sketch tree's YAML.
#include <cctype>
#include <cmath>

#include "analyzer/cost/cost_model.h"
#include "integrations/plan/sketch_tree.h"
#include "integrations/plan/sketch_writers.h"
#include "parsers/kubernetes/quantities.h"

namespace rightfit {

namespace {

// Lambda retries an asynchronous (scheduled) invocation twice; the Job retries as often.
constexpr double kRetriesOfAScheduledInvocation = 2;

// Requests that EKS rounds up to exactly the priced Fargate size: it adds 256 MB to every pod.
SketchNode requests(const FargatePlan& fargate) {
  const double memory = fargate.memory_mb - k8s::kFargatePodOverheadMb;
  return SketchNode::map()
      .add("cpu", format_quantity(fargate.cpu_units / 1024))
      .add("memory", std::to_string(std::lround(memory)) + "Mi");
}

SketchNode pod_spec(const std::string& name, const FargatePlan& fargate) {
  SketchNode container =
      SketchNode::map()
          .add("name", name)
          .add("image", "${IMAGE_URI}")
          .add("resources", SketchNode::map().add("requests", requests(fargate)));
  return SketchNode::map()
      .add("restartPolicy", "Never")
      .add("containers", SketchNode::list({std::move(container)}));
}

SketchNode pod_template(const std::string& name, const FargatePlan& fargate) {
  SketchNode tmpl = SketchNode::map();
  if (fargate.pod && !fargate.pod->labels.empty()) {
    SketchNode labels = SketchNode::map();
    for (const auto& [key, value] : fargate.pod->labels) labels.add(key, value);
    tmpl.add("metadata", SketchNode::map().add("labels", std::move(labels)));
  }
  return tmpl.add("spec", pod_spec(name, fargate));
}

SketchNode job_spec(const std::string& name, const FargatePlan& fargate) {
  SketchNode job = SketchNode::map();
  if (fargate.deadline_s) job.add("activeDeadlineSeconds", *fargate.deadline_s);
  return job.add("backoffLimit", kRetriesOfAScheduledInvocation)
      .add("template", pod_template(name, fargate));
}

}  // namespace

std::string kubernetes_name_of(const std::string& workload) {
  std::string name;
  for (char c : workload.substr(workload.rfind('.') + 1)) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isupper(u) != 0 && !name.empty() && name.back() != '-') name += '-';
    name += std::isalnum(u) != 0 ? static_cast<char>(std::tolower(u)) : '-';
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name.empty() ? "workload" : name;
}

std::string write_kubernetes_fargate(const MigrationPlan& plan, const FargatePlan& fargate) {
  const std::string name = kubernetes_name_of(plan.workload.name);
  SketchNode metadata = SketchNode::map().add("name", name);
  if (fargate.pod) metadata.add("namespace", fargate.pod->pod_namespace);
  // EventBridge schedules run in UTC; a CronJob without a zone runs in the controller's.
  SketchNode spec = SketchNode::map()
                        .add("schedule", fargate.schedule ? fargate.schedule->expression : "")
                        .add("timeZone", "Etc/UTC")
                        .add("jobTemplate", SketchNode::map().add("spec", job_spec(name, fargate)));
  SketchNode root = SketchNode::map()
                        .add("apiVersion", "batch/v1")
                        .add("kind", "CronJob")
                        .add("metadata", std::move(metadata))
                        .add("spec", std::move(spec));
  std::string out;
  for (const std::string& line : sketch_header(plan)) out += "# " + line + "\n";
  out += "# review: ${IMAGE_URI} stands for " + image_input_description(plan) + "\n";
  return out + render_yaml(root);
}

}  // namespace rightfit
