// The placement verdicts: evidence per workload and axis, from the findings of the analysis
// (attributed to the workloads they are about, weighed by their rules' bearings) and from what
// the graph states directly (settings, triggers, images, declared usage); the recommendation
// and its confidence follow from the weights (placement.h, docs/cost-and-placement.md "Placement
// report").
#include "analyzer/placement/placement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "parsers/aws_limits.h"

namespace rightfit {

const char* recommendation_name(Recommendation r) {
  switch (r) {
    case Recommendation::Stay:
      return "stay";
    case Recommendation::MoveToFargate:
      return "move-to-fargate";
    case Recommendation::MoveToLambda:
      return "move-to-lambda";
    case Recommendation::Split:
      return "split";
    case Recommendation::MoveToLambdaManagedInstances:
      return "move-to-lambda-managed-instances";
    case Recommendation::UseStepFunctions:
      return "use-step-functions";
  }
  return "stay";
}

const char* confidence_name(Confidence c) {
  switch (c) {
    case Confidence::High:
      return "high";
    case Confidence::Medium:
      return "medium";
    case Confidence::Low:
      return "low";
  }
  return "low";
}

const char* axis_name(PlacementAxis a) {
  static constexpr const char* kNames[kPlacementAxes] = {"duration", "state", "startup",
                                                         "traffic_cost", "customization"};
  return kNames[static_cast<size_t>(a)];
}

const char* lean_name(Lean l) {
  switch (l) {
    case Lean::Lambda:
      return "lambda";
    case Lean::Fargate:
      return "fargate";
    case Lean::Neutral:
      return "neutral";
  }
  return "neutral";
}

const char* strength_name(Strength s) {
  switch (s) {
    case Strength::Hard:
      return "hard";
    case Strength::Strong:
      return "strong";
    case Strength::Soft:
      return "soft";
    case Strength::None:
      return "none";
  }
  return "none";
}

std::vector<const Queue*> queues_named_by(const WorkloadGraph& graph, const Service& s) {
  std::vector<const Queue*> out;
  const TaskDefinition* task =
      s.task_definition ? graph.task_definition(s.id.scope, *s.task_definition) : nullptr;
  if (!task) return out;
  for (const Reference& r : task->queues) {
    if (const Queue* q = graph.queue(s.id.scope, r.target)) out.push_back(q);
  }
  return out;
}

namespace {

using Axis = PlacementAxis;

using S = Strength;

int finding_weight(const Finding& f, Lean lean) {
  if (lean == Lean::Neutral || f.suppression) return 0;
  return f.severity == Severity::Info ? kSettingWeight : kFindingWeight;
}

}  // namespace

Evidence finding_evidence(const Finding& f, const std::vector<RuleInfo>& rules,
                          std::optional<double> timeout_s) {
  const RuleInfo* rule = find_rule(rules, f.rule_id);
  const PlacementBearing b = rule && rule->bearing ? *rule->bearing : PlacementBearing{};
  Evidence e{b.axis,
             b.lean,
             0,
             f.message,
             f.location,
             f.rule_id,
             f.suppression.has_value(),
             b.strength,
             b.caller_gives_up,
             b.unresolved_value,
             b.waits_on_other_work};
  // A Timeout below the rule's bound (RF101 below 1 s) is a setting to correct, not a limit
  // the work hits.
  if (b.setting_below_timeout_s > 0 && timeout_s && *timeout_s < b.setting_below_timeout_s) {
    e.lean = Lean::Neutral;
    e.strength = S::None;
  }
  e.weight = finding_weight(f, e.lean);
  if (e.suppressed || e.lean == Lean::Neutral) e.strength = S::None;
  return e;
}

namespace {

bool reads(const std::vector<RuleInfo>& rules, const std::string& id, RuleTag tag) {
  const RuleInfo* rule = find_rule(rules, id);
  return rule && rule->reads(tag);
}

bool bears_on_placement(const std::vector<RuleInfo>& rules, const std::string& id) {
  const RuleInfo* rule = find_rule(rules, id);
  return rule && rule->bearing;
}

// The findings about one workload: those whose subject it is, those about a queue it
// consumes (RF106), and the image rules' findings in the Dockerfile it runs.
std::vector<const Finding*> findings_about(const WorkloadGraph& graph, const EntityId& id,
                                           const std::vector<Finding>& findings,
                                           const std::vector<RuleInfo>& rules) {
  std::set<EntityId> subjects{id};
  for (const Trigger& t : graph.triggers) {
    if (t.kind == "SQS" && t.source && EntityId{t.scope, t.function} == id)
      subjects.insert(EntityId{t.scope, *t.source});
  }
  const Image* image = graph.image_of(id);
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    const bool about_image =
        image && reads(rules, f.rule_id, RuleTag::Image) && f.location.file == image->dockerfile;
    const bool about = std::any_of(subjects.begin(), subjects.end(),
                                   [&](const EntityId& s) { return is_about(f, s); });
    if (about_image || about) out.push_back(&f);
  }
  return out;
}

// Gathers the evidence of one workload.
class EvidenceList {
 public:
  explicit EvidenceList(const std::vector<RuleInfo>& rules) : rules_(&rules) {}
  void add(Axis axis, Lean lean, std::string message, const SourceRange& where,
           Strength strength = S::None) {
    add_weighted(axis, lean, kSettingWeight, std::move(message), where, strength);
  }
  void add_weighted(Axis axis, Lean lean, int weight, std::string message, const SourceRange& where,
                    Strength strength = S::None) {
    const bool neutral = lean == Lean::Neutral;
    items_.push_back(Evidence{axis, lean, neutral ? 0 : weight, std::move(message), where, "",
                              false, neutral ? S::None : strength, false, false});
  }
  void add_finding(const Finding& f, std::optional<double> timeout_s = std::nullopt) {
    if (bears_on_placement(*rules_, f.rule_id))
      items_.push_back(finding_evidence(f, *rules_, timeout_s));
  }
  // Strong items of the rules that compare costs on an assumed load made soft: such a
  // comparison cannot move alone.
  void soften_assumed_load() {
    for (Evidence& e : items_) {
      const RuleInfo* rule = find_rule(*rules_, e.rule);
      if (rule && rule->bearing && rule->bearing->softened_on_assumed_load &&
          e.strength == S::Strong)
        e.strength = S::Soft;
    }
  }
  // Whether an unsuppressed finding of a rule reading `tag` is among the items.
  bool has_finding_reading(RuleTag tag) const {
    return std::any_of(items_.begin(), items_.end(), [&](const Evidence& e) {
      return !e.suppressed && !e.rule.empty() && reads(*rules_, e.rule, tag);
    });
  }
  int weight(Axis axis, Lean lean) const {
    int total = 0;
    for (const Evidence& e : items_) {
      if (e.axis == axis && e.lean == lean) total += e.weight;
    }
    return total;
  }
  // Axis by axis, in the order found within an axis.
  std::vector<Evidence> take() {
    std::stable_sort(items_.begin(), items_.end(), [](const Evidence& a, const Evidence& b) {
      return static_cast<int>(a.axis) < static_cast<int>(b.axis);
    });
    return std::move(items_);
  }

 private:
  const std::vector<RuleInfo>* rules_;
  std::vector<Evidence> items_;
};

// Lambda's cap on one invocation (on demand).
constexpr double kLambdaCapS = aws::kLambdaMaxTimeoutS;

std::string seconds_text(double s) { return format_quantity(s) + " s"; }

bool has_cost_finding(const CostEntry& entry) {
  return std::any_of(entry.findings.begin(), entry.findings.end(),
                     [](const Finding& f) { return !f.suppression; });
}

// Declared or measured usage compared on both platforms (the cost findings speak for
// themselves when present); without either the figures are shown but weigh nothing. A
// schedule's runs are shown too but weigh nothing either: the schedule itself is already
// evidence of the workload's pattern, and counting it twice would outweigh the rest.
void add_cost_evidence(const CostEntry& entry, EvidenceList& ev) {
  const WorkloadCost& c = entry.cost;
  if (!c.priced()) {
    ev.add(Axis::TrafficCost, Lean::Neutral, "not priced: " + c.unpriced, c.header);
    return;
  }
  const CostCells cells = cost_cells(entry);
  if (!c.requests_per_month || c.requests_assumed || !c.current_monthly || !c.alternative_monthly ||
      c.basis == UsageBasis::Schedule) {
    ev.add(Axis::TrafficCost, Lean::Neutral,
           "usage " + cells.usage + ": now " + cells.now + "; " + cells.alternative +
               "; break-even " + cells.break_even,
           c.usage_declared.value_or(c.header));
    return;
  }
  const bool lambda_cheaper = c.kind == WorkloadKind::Function
                                  ? *c.current_monthly <= *c.alternative_monthly
                                  : *c.alternative_monthly < *c.current_monthly;
  const Lean lean = has_cost_finding(entry) ? Lean::Neutral
                    : lambda_cheaper        ? Lean::Lambda
                                            : Lean::Fargate;
  // The comparison RF401/RF402 make, on declared or measured figures: it weighs as a finding
  // would, and like them it is strong evidence.
  ev.add_weighted(Axis::TrafficCost, lean, kFindingWeight,
                  std::string(usage_basis_name(c.basis)) + " usage " + cells.usage + ": now " +
                      cells.now + "; " + cells.alternative +
                      (lambda_cheaper ? " (Lambda is cheaper)" : " (Fargate is cheaper)"),
                  c.usage_declared.value_or(c.header), S::Strong);
}

// --- functions ---

// How long a synchronous API waits: the option of the rule whose findings say the caller
// gives up (RF105); without such a rule, no wait is known.
double api_wait_s(const Config& config, const std::vector<RuleInfo>& rules) {
  const RuleInfo* rule = rule_with(rules, &PlacementBearing::caller_gives_up);
  if (!rule || !rule->bearing) return std::numeric_limits<double>::infinity();
  const std::string& wait_option = rule->bearing->caller_wait_option;
  if (!rule->option(wait_option)) return std::numeric_limits<double>::infinity();
  return config.option(*rule, wait_option);
}

const CodeFunction* handler_code_of(const WorkloadGraph& graph, const Function& fn) {
  for (const CodeFunction& code : graph.code_functions) {
    if (!code.is_handler) continue;
    for (const Function* f : graph.functions_running(code)) {
      if (f->id == fn.id) return &code;
    }
  }
  return nullptr;
}

// A run this short is "well within Lambda's 15-minute cap".
constexpr double kShortRunS = 300;

void add_function_duration(const WorkloadGraph& graph, const Function& fn, EvidenceList& ev) {
  const Effective timeout = effective_timeout(fn);
  if (fn.durable) {
    ev.add(Axis::Duration, Lean::Lambda,
           "durable execution configured: the work checkpoints and resumes across invocations",
           *fn.durable);
  }
  if (timeout.value && *timeout.value <= kShortRunS) {
    ev.add(Axis::Duration, Lean::Lambda,
           "Timeout " + seconds_text(*timeout.value) + (timeout.defaulted ? " (default)" : "") +
               ": well within Lambda's 15-minute cap",
           timeout.where);
  } else if (timeout.value) {
    ev.add(Axis::Duration, Lean::Neutral, "Timeout " + seconds_text(*timeout.value), timeout.where);
  } else {
    ev.add(Axis::Duration, Lean::Neutral, "Timeout not known statically", timeout.where);
  }
  for (const Trigger* t : graph.triggers_of(fn)) {
    const Queue* q = t->source ? graph.queue(t->scope, *t->source) : nullptr;
    if (!q) continue;
    const Effective visibility = effective_visibility_timeout(*q);
    ev.add(Axis::Duration, Lean::Neutral,
           "consumes SQS queue '" + q->id.name + "' (VisibilityTimeout " +
               (visibility.value ? seconds_text(*visibility.value) : "unknown") +
               (visibility.defaulted ? ", default" : "") + ")",
           visibility.where);
  }
  for (const ApiIntegration* api : graph.api_integrations_of(fn)) {
    ev.add(Axis::Duration, Lean::Neutral,
           "invoked synchronously by API Gateway (" + api->kind + "): the caller waits",
           api->where);
  }
}

// A declared (or measured) average duration: beyond the cap the work cannot fit; beyond what
// a synchronous API waits it is long-running work on the request path.
void add_function_usage_duration(const WorkloadGraph& graph, const Function& fn,
                                 const WorkloadCost& c, double api_wait_s, EvidenceList& ev) {
  if (c.duration_assumed || !c.usage_declared) return;
  const double seconds = c.duration_ms / 1000;
  const std::string text = "declared average duration " + seconds_text(seconds);
  if (seconds > kLambdaCapS) {
    ev.add_weighted(Axis::Duration, Lean::Fargate, kFindingWeight,
                    text + ": longer than Lambda's 15-minute cap", *c.usage_declared, S::Hard);
  } else if (seconds > api_wait_s && !graph.api_integrations_of(fn).empty()) {
    ev.add_weighted(Axis::Duration, Lean::Fargate, kFindingWeight,
                    text + ": longer than the API waits (" + seconds_text(api_wait_s) + ")",
                    *c.usage_declared, S::Soft);
  } else {
    ev.add(Axis::Duration, Lean::Lambda, text + ": within what the function may take",
           *c.usage_declared);
  }
}

void add_function_state(const WorkloadGraph& graph, const Function& fn, EvidenceList& ev) {
  const CodeFunction* handler = handler_code_of(graph, fn);
  if (!handler) {
    ev.add(Axis::State, Lean::Neutral,
           "handler code not analysed: state between invocations unknown",
           fn.handler.written.value_or(fn.header));
  } else if (ev.weight(Axis::State, Lean::Fargate) == 0) {
    ev.add(Axis::State, Lean::Lambda,
           "handler '" + handler->name + "' analysed: it keeps no state between invocations",
           handler->where);
  }
}

// "<noun> built from <Dockerfile> (FROM <base>)" on the final FROM; false without an image.
bool add_image_evidence(const WorkloadGraph& graph, const EntityId& id, const std::string& noun,
                        EvidenceList& ev) {
  const Image* image = graph.image_of(id);
  if (!image || image->stages.empty()) return false;
  const ImageStage& final_stage = image->stages[image->final_stage];
  ev.add(Axis::Customization, Lean::Neutral,
         noun + " built from " + image->dockerfile + " (FROM " + final_stage.base + ")",
         final_stage.from);
  return true;
}

void add_function_image(const WorkloadGraph& graph, const Function& fn, EvidenceList& ev) {
  if (add_image_evidence(graph, fn.id, "container image", ev)) return;
  for (const auto& [id, where] : graph.missing_images) {
    if (id == fn.id)
      ev.add(Axis::Customization, Lean::Neutral,
             "container image whose Dockerfile is not among the analysed files", where);
  }
}

void add_function_packaging(const WorkloadGraph& graph, const Function& fn, EvidenceList& ev) {
  const bool image = fn.package_type.value && *fn.package_type.value == "Image";
  if (image) {
    ev.add(Axis::Startup, Lean::Neutral, "PackageType Image: each cold start pulls the image",
           fn.package_type.written.value_or(fn.header));
    add_function_image(graph, fn, ev);
  } else {
    const SourceRange where = fn.code_uri.written.value_or(fn.header);
    ev.add(Axis::Startup, Lean::Lambda, "Zip package on a managed runtime: no image to pull",
           where);
    ev.add(Axis::Customization, Lean::Neutral,
           "Zip package" + (fn.code_uri.value ? " from " + *fn.code_uri.value : std::string()) +
               (fn.handler.value ? ", handler " + *fn.handler.value : std::string()),
           where);
  }
  if (fn.provisioned_concurrency.value && *fn.provisioned_concurrency.value > 0) {
    ev.add(Axis::Startup, Lean::Neutral,
           "provisioned concurrency " + format_quantity(*fn.provisioned_concurrency.value) +
               " keeps environments warm",
           fn.provisioned_concurrency.written.value_or(fn.header));
  }
}

void add_function_triggers(const WorkloadGraph& graph, const Function& fn, EvidenceList& ev) {
  std::vector<const Trigger*> triggers = graph.triggers_of(fn);
  if (triggers.empty()) return;
  ev.add(Axis::TrafficCost, Lean::Lambda,
         "invoked by " + triggers.front()->kind +
             " events: billed per event, nothing runs between them",
         triggers.front()->where);
}

EvidenceList function_evidence(const WorkloadGraph& graph, const Function& fn,
                               const CostEntry& cost, const Config& config,
                               const std::vector<const Finding*>& about,
                               const std::vector<RuleInfo>& rules) {
  EvidenceList ev(rules);
  const std::optional<double> timeout = effective_timeout(fn).value;
  for (const Finding* f : about) ev.add_finding(*f, timeout);
  // A cost finding on provisioned environments assumed busy, not on a declared load (RF402).
  if (cost.cost.requests_assumed) ev.soften_assumed_load();
  add_function_duration(graph, fn, ev);
  add_function_usage_duration(graph, fn, cost.cost, api_wait_s(config, rules), ev);
  add_function_state(graph, fn, ev);
  add_function_packaging(graph, fn, ev);
  add_function_triggers(graph, fn, ev);
  add_cost_evidence(cost, ev);
  return ev;
}

// --- services ---

void add_service_size(const WorkloadGraph& graph, const Service& s, EvidenceList& ev) {
  const TaskDefinition* task =
      s.task_definition ? graph.task_definition(s.id.scope, *s.task_definition) : nullptr;
  if (!task) return;
  const std::optional<double> memory = task->memory_mb.value;
  const std::optional<double> cpu = task->cpu_units.value;
  const SourceRange where = task->memory_mb.written.value_or(task->header);
  const bool too_big = (memory && *memory > kLambdaMaxMemoryMb) ||
                       (cpu && *cpu / 1024 > kLambdaMaxMemoryMb / kLambdaMbPerVcpu);
  std::string size = "task size " + (cpu ? format_quantity(*cpu / 1024) : "?") + " vCPU / " +
                     (memory ? format_quantity(*memory) : "?") + " MB";
  ev.add(Axis::Customization, too_big ? Lean::Fargate : Lean::Neutral,
         size + (too_big ? ": more than a Lambda can have (10,240 MB, about 6 vCPUs)"
                         : ": within what a Lambda can have"),
         where, S::Hard);
}

void add_service_shape(const WorkloadGraph& graph, const Service& s, const CostEntry& cost,
                       EvidenceList& ev) {
  const WorkloadCost& c = cost.cost;
  if (!c.duration_assumed && c.usage_declared) {
    ev.add(Axis::Duration, Lean::Lambda,
           "declared average request " + format_quantity(c.duration_ms) +
               " ms: far within Lambda's 15-minute cap",
           *c.usage_declared);
  } else {
    ev.add(Axis::Duration, Lean::Neutral,
           "no time limit on its platform; request duration not declared", s.header);
  }
  if (s.kind == "StatefulSet") {
    ev.add(Axis::State, Lean::Fargate, "StatefulSet: pods keep their identity and storage",
           s.header, S::Hard);
  } else {
    ev.add(Axis::State, Lean::Neutral, "container code not analysed: state held unknown", s.header);
  }
  const Effective desired = effective_desired_count(s);
  if (desired.value) {
    ev.add(Axis::Startup, Lean::Neutral,
           (s.pod ? "replicas " : "DesiredCount ") + format_quantity(*desired.value) +
               (*desired.value > 0 ? ": always warm, no cold start" : ": starts on demand"),
           desired.where);
  }
  if (s.load_balancers)
    ev.add(Axis::TrafficCost, Lean::Neutral, "serves requests behind a load balancer",
           *s.load_balancers);
  for (const ScalingTarget* t : graph.scaling_targets_of(s)) {
    ev.add(Axis::TrafficCost, Lean::Neutral,
           (t->kind.empty() ? "Application Auto Scaling" : t->kind) +
               (t->queue_metric ? " follows a queue's depth" : " scales it"),
           t->header);
  }
}

void add_service_image(const WorkloadGraph& graph, const Service& s, EvidenceList& ev) {
  if (!add_image_evidence(graph, s.id, "image", ev)) {
    ev.add(Axis::Customization, Lean::Neutral,
           "a container image of its own: on Lambda it would need a Lambda image or the Lambda "
           "Web Adapter",
           s.header);
  }
}

EvidenceList service_evidence(const WorkloadGraph& graph, const Service& s, const CostEntry& cost,
                              const std::vector<const Finding*>& about,
                              const std::vector<RuleInfo>& rules) {
  EvidenceList ev(rules);
  for (const Finding* f : about) ev.add_finding(*f);
  add_service_shape(graph, s, cost, ev);
  add_service_size(graph, s, ev);
  add_service_image(graph, s, ev);
  add_cost_evidence(cost, ev);
  return ev;
}

// --- scheduled jobs ---

EvidenceList job_evidence(const ScheduledJob& job, const Config& config,
                          const std::vector<const Finding*>& about,
                          const std::vector<RuleInfo>& rules) {
  EvidenceList ev(rules);
  for (const Finding* f : about) ev.add_finding(*f);
  const Property<double>& deadline = job.max_duration_s;
  if (deadline.value) {
    const bool fits = *deadline.value <= kLambdaCapS;
    ev.add(Axis::Duration, fits ? Lean::Lambda : Lean::Fargate,
           "activeDeadlineSeconds " + format_quantity(*deadline.value) +
               (fits ? ": every run ends within Lambda's 15 minutes"
                     : ": a run may outlast Lambda's 15 minutes"),
           deadline.written.value_or(job.header), fits ? S::None : S::Hard);
  } else {
    ev.add(Axis::Duration, Lean::Neutral, "no activeDeadlineSeconds: a run may last any time",
           job.header);
  }
  ev.add(Axis::State, Lean::Neutral, "each run ends: nothing is held between runs",
         job.schedule.written.value_or(job.header));
  ev.add(Axis::Startup, Lean::Neutral, "each run starts a pod and pulls its image",
         job.pod ? job.pod->where : job.header);
  const std::optional<double> memory = job.requested_memory_mb.value;
  if (memory) {
    const bool fits = *memory <= kLambdaMaxMemoryMb;
    ev.add(Axis::Customization, fits ? Lean::Neutral : Lean::Fargate,
           "pod asks for " + format_quantity(*memory) + " MB" +
               (fits ? "" : ": more than a Lambda can have"),
           job.requested_memory_mb.written.value_or(job.header), S::Hard);
  }
  const ScheduledJobCost cost = estimate_scheduled_job_cost(job, config);
  // A cost finding about the job (RF406) states both costs already.
  if (cost.priced() && !ev.has_finding_reading(RuleTag::Cost)) {
    const bool lambda_cheaper = cost.lambda_monthly < cost.fargate_monthly;
    ev.add(Axis::TrafficCost,
           cost.duration_declared ? (lambda_cheaper ? Lean::Lambda : Lean::Fargate) : Lean::Neutral,
           format_quantity(cost.runs_per_month) +
               " runs/month: " + format_usd(cost.fargate_monthly) + "/month on Fargate, " +
               format_usd(cost.lambda_monthly) + "/month as a Lambda",
           cost.usage_declared.value_or(job.schedule.written.value_or(job.header)), S::Strong);
  } else if (!cost.priced()) {
    ev.add(Axis::TrafficCost, Lean::Neutral, "not priced: " + cost.unpriced, job.header);
  }
  return ev;
}

// --- ECS tasks a schedule starts ---

EvidenceList scheduled_task_evidence(const CostEntry& entry,
                                     const std::vector<const Finding*>& about,
                                     const std::vector<RuleInfo>& rules) {
  EvidenceList ev(rules);
  for (const Finding* f : about) ev.add_finding(*f);
  const WorkloadCost& c = entry.cost;
  const SourceRange schedule = c.schedules.empty() ? c.header : c.schedules.front();
  if (c.priced() && !c.duration_assumed) {
    const bool fits = c.duration_ms <= kLambdaCapS * 1000;
    ev.add(Axis::Duration, fits ? Lean::Lambda : Lean::Fargate,
           "a run takes " + format_quantity(c.duration_ms / 1000) + " s (declared)" +
               (fits ? ": within Lambda's 15 minutes" : ": longer than Lambda's 15 minutes"),
           c.usage_declared.value_or(c.header), fits ? S::None : S::Hard);
  } else {
    ev.add(Axis::Duration, Lean::Neutral,
           "how long a run takes is not declared: nothing bounds it to Lambda's 15 minutes",
           c.header);
  }
  ev.add(Axis::State, Lean::Neutral, "each run ends: nothing is held between runs", schedule);
  ev.add(Axis::Startup, Lean::Neutral, "each run starts a task and pulls its image", c.header);
  const double memory_mb = c.fargate.size.memory_gb * 1024;
  if (c.priced() && memory_mb > kLambdaMaxMemoryMb) {
    ev.add(Axis::Customization, Lean::Fargate,
           "the task has " + format_quantity(memory_mb) + " MB: more than a Lambda can have",
           c.header, S::Hard);
  } else {
    ev.add(Axis::Customization, Lean::Neutral,
           "a container image of its own: on Lambda it would need a Lambda image or the Lambda "
           "Web Adapter",
           c.header);
  }
  add_cost_evidence(entry, ev);
  return ev;
}

// --- verdicts ---

Lean platform_lean(bool on_lambda) { return on_lambda ? Lean::Lambda : Lean::Fargate; }

int total(const PlacedWorkload& w, Lean lean) {
  int sum = 0;
  for (const AxisVerdict& a : w.axes)
    sum += lean == Lean::Lambda ? a.lambda_weight : a.fargate_weight;
  return sum;
}

std::string axes_leaning(const PlacedWorkload& w, Lean lean) {
  std::string out;
  for (size_t i = 0; i < kPlacementAxes; ++i) {
    if (w.axes[i].lean != lean) continue;
    out += (out.empty() ? "" : ", ") + std::string(axis_name(static_cast<Axis>(i)));
  }
  return out;
}

void fill_axes(PlacedWorkload& w) {
  for (const Evidence& e : w.evidence) {
    AxisVerdict& a = w.axes[static_cast<size_t>(e.axis)];
    if (e.lean == Lean::Lambda) a.lambda_weight += e.weight;
    if (e.lean == Lean::Fargate) a.fargate_weight += e.weight;
  }
  for (AxisVerdict& a : w.axes) {
    a.lean = a.lambda_weight > a.fargate_weight   ? Lean::Lambda
             : a.fargate_weight > a.lambda_weight ? Lean::Fargate
                                                  : Lean::Neutral;
  }
}

Confidence confidence_of(int support, int against, bool unresolved) {
  Confidence c = support >= 3 && support >= 2 * against ? Confidence::High
                 : support > against                    ? Confidence::Medium
                                                        : Confidence::Low;
  if (unresolved && c != Confidence::Low) c = static_cast<Confidence>(static_cast<int>(c) + 1);
  return c;
}

// An item that counts toward `lean` with at least `strength`.
bool counts(const Evidence& e, Lean lean, Strength strength) {
  return !e.suppressed && e.weight > 0 && e.lean == lean && e.strength >= strength;
}

// The unsuppressed finding that the synchronous caller gives up before the function ends
// (RF105); nullptr when none.
const Evidence* caller_gives_up(const PlacedWorkload& w) {
  auto it = std::find_if(w.evidence.begin(), w.evidence.end(),
                         [](const Evidence& e) { return e.caller_gives_up && !e.suppressed; });
  return it == w.evidence.end() ? nullptr : &*it;
}

// The soft findings for `lean` on the duration and state axes, one per rule: independent
// findings, two of which together make a strong case.
std::set<std::string> independent_soft_rules(const PlacedWorkload& w, Lean lean) {
  std::set<std::string> rules;
  for (const Evidence& e : w.evidence) {
    if (counts(e, lean, Strength::Soft) && e.strength == Strength::Soft &&
        (e.axis == Axis::Duration || e.axis == Axis::State)) {
      rules.insert(e.rule.empty() ? e.message : e.rule);
    }
  }
  return rules;
}

// The strongest single item for `lean`, optionally on one axis only.
Strength strongest(const PlacedWorkload& w, Lean lean, std::optional<Axis> axis = std::nullopt) {
  Strength best = Strength::None;
  for (const Evidence& e : w.evidence) {
    if (counts(e, lean, Strength::Soft) && (!axis || e.axis == *axis))
      best = std::max(best, e.strength);
  }
  return best;
}

// The case for `lean`: the strongest item, or strong from two independent soft findings.
struct Case {
  Strength strength = Strength::None;
  bool from_soft_findings = false;  // strong only because several soft findings agree
};

Case case_for(const PlacedWorkload& w, Lean lean) {
  Case c{strongest(w, lean), false};
  if (c.strength < Strength::Strong && independent_soft_rules(w, lean).size() >= 2)
    c = Case{Strength::Strong, true};
  return c;
}

// The rules (or "what the sources state" for the graph's own items) behind the case for
// `lean`, optionally on one axis only.
std::string case_rules(const PlacedWorkload& w, Lean lean, Strength at_least,
                       std::optional<Axis> axis = std::nullopt) {
  std::set<std::string> seen;
  std::string out;
  for (const Evidence& e : w.evidence) {
    if (!counts(e, lean, at_least) || (axis && e.axis != *axis)) continue;
    const std::string name = e.rule.empty() ? "what the sources state" : e.rule;
    if (!seen.insert(name).second) continue;
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

// A Lambda behind a synchronous API whose work itself runs long (a duration item for Fargate
// beyond RF105): the request path stays, the long work moves. One soft item (a polling loop,
// a declared duration above the API's wait) is enough only with the Timeout above the API's
// wait (RF105) that lets it run past the caller.
bool splits(const PlacedWorkload& w, bool behind_api) {
  if (!w.on_lambda || !behind_api) return false;
  const Strength long_work = strongest(w, Lean::Fargate, Axis::Duration);
  return long_work >= Strength::Strong ||
         (long_work == Strength::Soft && caller_gives_up(w) != nullptr);
}

int lambda_weight_on_hard_limits(const PlacedWorkload& w) {
  return w.axis(Axis::Duration).lambda_weight + w.axis(Axis::Startup).lambda_weight;
}

// What a hard limit counts for in the confidence: as much as high needs.
constexpr int kHardSupport = 3;

Confidence at_most(Confidence c, Confidence cap) {
  return static_cast<int>(c) < static_cast<int>(cap) ? cap : c;
}

void decide_split(PlacedWorkload& w, bool unresolved) {
  const int toward = total(w, Lean::Fargate);
  const bool soft_only = strongest(w, Lean::Fargate, Axis::Duration) < Strength::Strong;
  w.recommendation = Recommendation::Split;
  w.confidence = confidence_of(toward, 0, unresolved);
  if (soft_only) w.confidence = at_most(w.confidence, Confidence::Medium);
  w.reason = "keep the synchronous API path on Lambda and move the long work (" +
             case_rules(w, Lean::Fargate, Strength::Soft, Axis::Duration) +
             ") behind a queue to a Fargate worker (or Step Functions)";
}

void decide_move(PlacedWorkload& w, const Case& c, bool unresolved) {
  const Lean other = w.on_lambda ? Lean::Fargate : Lean::Lambda;
  const int toward_other = total(w, other);
  // Off Lambda, what argues against a move is what Lambda does well on the axes of its limits.
  const int against =
      w.on_lambda ? lambda_weight_on_hard_limits(w) : total(w, platform_lean(w.on_lambda));
  w.recommendation = w.on_lambda ? Recommendation::MoveToFargate : Recommendation::MoveToLambda;
  // A hard limit leaves no choice; strong evidence is weighed against the rest.
  w.confidence = c.strength == Strength::Hard ? confidence_of(kHardSupport, 0, unresolved)
                                              : confidence_of(toward_other, against, unresolved);
  if (c.from_soft_findings) w.confidence = at_most(w.confidence, Confidence::Medium);
  const std::string why =
      c.strength == Strength::Hard
          ? "hits a limit of Lambda (" + case_rules(w, other, Strength::Hard) + ")"
      : c.from_soft_findings
          ? "several independent findings (" + case_rules(w, other, Strength::Soft) + ")"
          : "strong evidence (" + case_rules(w, other, Strength::Strong) + ")";
  // Long work waiting on something else (snapshots, exports) often fits Step Functions better
  // than a task that waits.
  const bool long_work = w.on_lambda && w.axis(Axis::Duration).lean == Lean::Fargate;
  w.reason =
      std::string(w.on_lambda ? "outgrows Lambda" : "fits Lambda better") + " on " +
      axes_leaning(w, other) + ": " + why +
      (long_work ? "; run the long work as a Fargate task or a Step Functions workflow" : "");
}

// Findings that argue for no move but still ask for a change (RF106, RF404, a Timeout of 0).
std::string fixes_in_place(const PlacedWorkload& w) {
  std::set<std::string> seen;
  std::string out;
  for (const Evidence& e : w.evidence) {
    if (e.rule.empty() || e.suppressed || e.strength != Strength::None || e.caller_gives_up ||
        e.unresolved_value || (e.lean != Lean::Neutral && e.weight > 0) ||
        !seen.insert(e.rule).second)
      continue;
    out += (out.empty() ? "" : ", ") + e.rule;
  }
  return out.empty() ? "" : "; fix in place: " + out;
}

std::string stay_reason(const PlacedWorkload& w, const Case& c, bool blocked) {
  const Lean here = platform_lean(w.on_lambda);
  const Lean other = w.on_lambda ? Lean::Fargate : Lean::Lambda;
  if (blocked)
    return "the case for Lambda (" + case_rules(w, other, Strength::Strong) +
           ") is blocked by what Lambda cannot do (" + case_rules(w, here, Strength::Hard) +
           "): lower its cost where it runs";
  const std::string fits = axes_leaning(w, here);
  const Evidence* api_timeout = w.on_lambda ? caller_gives_up(w) : nullptr;
  const bool api_timeout_only = api_timeout != nullptr;
  std::string reason = api_timeout_only
                           ? "nothing shows long-running work: lower the Timeout to what the API "
                             "waits (" +
                                 api_timeout->rule + ") and stay on Lambda"
                       : fits.empty() ? "nothing argues for a move"
                                      : w.platform + " fits on " + fits;
  if (c.strength == Strength::Soft)
    return reason + "; " + case_rules(w, other, Strength::Soft) +
           " alone is a change in place, not a reason to move";
  if (!api_timeout_only && !fits.empty() && total(w, other) > 0)
    reason += "; the case for moving is weaker";
  return reason;
}

// Containers on EC2 capacity are weighed against Lambda as those on Fargate are; the reason
// says where they run so that nobody reads the verdict as one about Fargate.
std::string platform_note(const PlacedWorkload& w) {
  if (w.platform == platform_name(Platform::EksOnEc2))
    return " (its pods run on the cluster's EC2 nodes: no Fargate profile selects them)";
  if (w.platform == platform_name(Platform::EcsOnEc2))
    return " (it runs on EC2 capacity, not on Fargate)";
  return "";
}

void decide_verdict(PlacedWorkload& w, bool behind_api) {
  fill_axes(w);
  const Lean here = platform_lean(w.on_lambda);
  const Lean other = w.on_lambda ? Lean::Fargate : Lean::Lambda;
  const bool unresolved = std::any_of(w.evidence.begin(), w.evidence.end(),
                                      [](const Evidence& e) { return e.unresolved_value; });
  if (splits(w, behind_api)) {
    decide_split(w, unresolved);
    return;
  }
  const Case c = case_for(w, other);
  // A limit of the other platform (a task larger than a Lambda, a run longer than 15 minutes)
  // forbids the move that strong evidence alone would make.
  const bool blocked = c.strength == Strength::Strong && strongest(w, here) == Strength::Hard;
  if (c.strength == Strength::Hard || (c.strength == Strength::Strong && !blocked)) {
    decide_move(w, c, unresolved);
    return;
  }
  w.recommendation = Recommendation::Stay;
  w.confidence = confidence_of(total(w, here), total(w, other), unresolved);
  w.reason = stay_reason(w, c, blocked) + fixes_in_place(w);
}

void decide(PlacedWorkload& w, bool behind_api) {
  decide_verdict(w, behind_api);
  w.reason += platform_note(w);
}

// --- the newer homes of a function: Lambda Managed Instances, Step Functions ---

std::string monthly_text(double usd) { return format_usd(usd) + "/month"; }

// Fractions of a cent (what one run or one poll costs), to about three significant figures.
std::string usd_per_run(double usd) {
  if (!(usd > 0) || usd >= 1) return format_usd(usd);
  const int decimals = static_cast<int>(std::ceil(-std::log10(usd))) + 2;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, usd);
  std::string text = buf;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return "$" + text;
}

// Nothing but the cost comparison argues for Fargate (RF402, the graph's own comparison):
// the other axes do not need containers.
bool only_cost_argues_for_fargate(const PlacedWorkload& w) {
  return std::none_of(w.evidence.begin(), w.evidence.end(), [](const Evidence& e) {
    return counts(e, Lean::Fargate, Strength::Strong) && e.axis != Axis::TrafficCost;
  });
}

// A function on on-demand Lambda whose known steady load (declared or measured, not assumed)
// costs least on Lambda Managed Instances, below both Lambda and Fargate.
void recommend_managed_instances(PlacedWorkload& w, const WorkloadCost& c) {
  if (c.platform != Platform::Lambda || !c.managed || !c.requests_per_month || c.requests_assumed ||
      c.basis == UsageBasis::Schedule || !c.priced())
    return;
  if (w.recommendation != Recommendation::Stay &&
      !(w.recommendation == Recommendation::MoveToFargate && only_cost_argues_for_fargate(w)))
    return;
  const double requests = *c.requests_per_month;
  const double lambda = c.lambda_at(requests);
  const double fargate = c.fargate_at(requests);
  const double managed = c.managed->monthly;
  if (managed >= lambda || managed >= fargate) return;
  w.recommendation = Recommendation::MoveToLambdaManagedInstances;
  w.costs = {{"Lambda", monthly_text(lambda)},
             {"Lambda Managed Instances", monthly_text(managed)},
             {"Fargate", monthly_text(fargate)}};
  w.reason = "at the " + std::string(usage_basis_name(c.basis)) + " " + format_requests(requests) +
             " requests/month x " + format_quantity(c.duration_ms) +
             " ms, Lambda Managed Instances cost least: " + describe_managed_instances(*c.managed) +
             " " + monthly_text(managed) + ", against " + monthly_text(lambda) + " on Lambda and " +
             monthly_text(fargate) + " on Fargate (" +
             describe_fargate(c.fargate, c.fargate.tasks_at(requests)) +
             "); the function keeps its code and event sources, but one environment then serves "
             "requests concurrently: make its global state safe for that";
}

const Evidence* waits_on_other_work(const PlacedWorkload& w) {
  auto it = std::find_if(w.evidence.begin(), w.evidence.end(),
                         [](const Evidence& e) { return e.waits_on_other_work && !e.suppressed; });
  return it == w.evidence.end() ? nullptr : &*it;
}

// A function on Lambda that waits on other work (polls, sleeps) and nothing strong moves: the
// wait belongs in a Step Functions Standard workflow, whose Wait state costs nothing while it
// waits. One run on Lambda longer than five minutes (its declared or measured duration, else its
// Timeout, the longest it may wait) is priced against state transitions: a workflow that polls
// fewer times than that buys costs less.
void recommend_step_functions(PlacedWorkload& w, const WorkloadCost& c, const Function& fn,
                              const PriceTable& prices) {
  const Evidence* wait = waits_on_other_work(w);
  // A move to Fargate made of soft findings only (the wait and a Timeout near the cap) is a
  // task that would wait as well: the workflow fits better. Strong evidence keeps its move.
  const bool soft_move =
      w.recommendation == Recommendation::MoveToFargate &&
      strongest(w, Lean::Fargate) < Strength::Strong &&
      std::all_of(w.evidence.begin(), w.evidence.end(), [](const Evidence& e) {
        return !counts(e, Lean::Fargate, Strength::Soft) || e.axis == Axis::Duration;
      });
  if (!wait || c.platform != Platform::Lambda ||
      (w.recommendation != Recommendation::Stay && !soft_move) || !c.priced() ||
      prices.step_functions_transition <= 0)
    return;
  const Effective timeout = effective_timeout(fn);
  const std::optional<double> run_s =
      c.duration_assumed ? timeout.value : std::optional<double>(c.duration_ms / 1000);
  // A short wait (within the five minutes this report calls well within the cap) is a change
  // in the code (RF103's own advice), not a workflow.
  if (!run_s || *run_s <= kShortRunS) return;
  const double lambda_run = c.lambda.memory_gb() * *run_s * c.lambda.prices.lambda_gb_second +
                            c.lambda.requests_per_million_usd / 1e6;
  const double transitions = lambda_run / prices.step_functions_transition;
  // Each poll of a workflow is a Task (the check), a Choice and a Wait: three transitions.
  const double polls = std::floor(transitions / 3);
  w.recommendation = Recommendation::UseStepFunctions;
  w.confidence = at_most(w.confidence, Confidence::Medium);
  w.costs = {{"Lambda", usd_per_run(lambda_run) + " per run"},
             {"Step Functions Standard",
              usd_per_run(prices.step_functions_transition * 3) + " per poll (3 transitions)"}};
  if (c.requests_per_month && !c.requests_assumed)
    w.costs.front().second += ", " + monthly_text(lambda_run * *c.requests_per_month);
  w.reason = "it waits on other work (" + wait->rule + "): a run of " + seconds_text(*run_s) +
             (c.duration_assumed ? " (its Timeout, the longest it may wait)" : "") + " at " +
             format_quantity(c.lambda.memory_mb) + " MB costs " + usd_per_run(lambda_run) +
             " on Lambda, the price of " + format_quantity(std::floor(transitions)) +
             " Step Functions Standard state transitions (" +
             usd_per_run(prices.step_functions_transition * 1000) +
             " per 1,000): a workflow that waits in a Wait state and polls fewer than " +
             format_quantity(polls) +
             " times per run (a Task, a Choice and a Wait each) costs less; keep the work in "
             "short Lambda tasks";
}

void recommend_newer_platforms(PlacedWorkload& w, const WorkloadCost& c, const Function& fn,
                               const PriceTable& prices) {
  recommend_managed_instances(w, c);
  recommend_step_functions(w, c, fn, prices);
}

std::string service_kind(const Service& s) {
  if (s.kind == "Deployment") return "deployment";
  if (s.kind == "StatefulSet") return "statefulset";
  if (!s.kind.empty()) return s.kind;
  return "ecs-service";
}

const Service* service_of(const WorkloadGraph& graph, const EntityId& id) {
  for (const Service& s : graph.services) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

PlacedWorkload place_cost_entry(const WorkloadGraph& graph, const CostEntry& entry,
                                const Config& config, const std::vector<Finding>& findings,
                                const std::vector<RuleInfo>& rules) {
  const WorkloadCost& c = entry.cost;
  PlacedWorkload w;
  w.id = c.id;
  w.type = c.type;
  w.header = c.header;
  w.platform = platform_name(c.platform);
  w.on_lambda = c.platform == Platform::Lambda || c.platform == Platform::LambdaManagedInstances;
  const std::vector<const Finding*> about = findings_about(graph, c.id, findings, rules);
  bool behind_api = false;
  if (const Function* fn = graph.function(c.id.scope, c.id.name);
      fn && c.kind == WorkloadKind::Function) {
    w.kind = "function";
    w.evidence = function_evidence(graph, *fn, entry, config, about, rules).take();
    behind_api = !graph.api_integrations_of(*fn).empty();
    decide(w, behind_api);
    recommend_newer_platforms(w, c, *fn, config.prices);
    return w;
  }
  if (c.kind == WorkloadKind::ScheduledTask) {
    w.kind = workload_kind_name(c.kind);
    w.evidence = scheduled_task_evidence(entry, about, rules).take();
    decide(w, false);
    return w;
  }
  if (const Service* s = service_of(graph, c.id)) {
    w.kind = service_kind(*s);
    w.evidence = service_evidence(graph, *s, entry, about, rules).take();
  }
  decide(w, behind_api);
  return w;
}

PlacedWorkload place_job(const WorkloadGraph& graph, const ScheduledJob& job, const Config& config,
                         const std::vector<Finding>& findings, const std::vector<RuleInfo>& rules) {
  PlacedWorkload w;
  w.id = job.id;
  w.kind = "cronjob";
  w.type = job.type;
  w.header = job.header;
  w.platform = job.launch_type.value && *job.launch_type.value == "FARGATE"
                   ? platform_name(Platform::Fargate)
                   : platform_name(Platform::EksOnEc2);
  w.evidence =
      job_evidence(job, config, findings_about(graph, job.id, findings, rules), rules).take();
  decide(w, false);
  return w;
}

}  // namespace

void decide_placement(PlacedWorkload& w, bool behind_api) { decide(w, behind_api); }

namespace {

// Root modules as the report names them: their last folder when that tells them apart.
std::vector<std::string> instance_names(const std::vector<std::string>& scopes) {
  std::vector<std::string> names;
  for (const std::string& scope : scopes) {
    const size_t slash = scope.find_last_of('/');
    names.push_back(slash == std::string::npos ? scope : scope.substr(slash + 1));
  }
  const std::set<std::string> distinct(names.begin(), names.end());
  return distinct.size() == names.size() ? names : scopes;
}

// A module several root modules call gives one workload per root at the same place: those
// with the same platform and verdict are one entry listing the roots; instances that differ
// stay apart (their scope tells them apart).
void group_instances(std::vector<PlacedWorkload>& workloads) {
  std::vector<PlacedWorkload> kept;
  std::vector<std::vector<std::string>> scopes;
  for (PlacedWorkload& w : workloads) {
    auto same = std::find_if(kept.begin(), kept.end(), [&](const PlacedWorkload& k) {
      return k.header.file == w.header.file && k.header.line() == w.header.line() &&
             k.id.scope != w.id.scope && k.kind == w.kind && k.platform == w.platform &&
             k.recommendation == w.recommendation;
    });
    if (same == kept.end()) {
      kept.push_back(std::move(w));
      scopes.push_back({kept.back().id.scope});
    } else {
      scopes[static_cast<size_t>(same - kept.begin())].push_back(w.id.scope);
    }
  }
  for (size_t i = 0; i < kept.size(); ++i) {
    if (scopes[i].size() > 1) kept[i].instances = instance_names(scopes[i]);
  }
  workloads = std::move(kept);
}

}  // namespace

std::vector<PlacedWorkload> place_workloads(const WorkloadGraph& graph, const Config& config,
                                            const std::vector<Finding>& findings,
                                            const CostReport& cost,
                                            const std::vector<RuleInfo>& rules) {
  std::vector<PlacedWorkload> workloads;
  workloads.reserve(cost.entries.size() + graph.scheduled_jobs.size());
  for (const CostEntry& entry : cost.entries)
    workloads.push_back(place_cost_entry(graph, entry, config, findings, rules));
  for (const ScheduledJob& job : graph.scheduled_jobs)
    workloads.push_back(place_job(graph, job, config, findings, rules));
  std::stable_sort(workloads.begin(), workloads.end(),
                   [](const PlacedWorkload& a, const PlacedWorkload& b) {
                     if (a.header.file != b.header.file) return a.header.file < b.header.file;
                     return a.header.line() < b.header.line();
                   });
  group_instances(workloads);
  return workloads;
}

}  // namespace rightfit
