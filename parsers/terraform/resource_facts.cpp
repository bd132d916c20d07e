#include "parsers/terraform/resource_facts.h"

#include <functional>
#include <map>
#include <utility>

#include "parsers/printable.h"
#include "parsers/terraform/planned_modules.h"
#include "parsers/terraform/registry_modules.h"
#include "parsers/terraform/tf_properties.h"
#include "parsers/units/units.h"

namespace rightfit::tf {

namespace {

// `aws_sqs_queue` of "module.x.aws_sqs_queue.q".
std::string type_of(const std::string& address) {
  size_t last = address.rfind('.');
  if (last == std::string::npos) return {};
  size_t before = address.rfind('.', last - 1);
  return address.substr(before == std::string::npos ? 0 : before + 1,
                        last - (before == std::string::npos ? 0 : before + 1));
}

bool is_function_ref(const ResourceAddress& r) {
  return type_of(r.address) == "aws_lambda_function" || is_registry_function_output(r);
}

std::optional<std::string> first_ref(const Value& v,
                                     const std::function<bool(const ResourceAddress&)>& accept) {
  for (const ResourceAddress& r : v.refs) {
    if (accept(r)) return r.address;
  }
  return std::nullopt;
}

std::function<bool(const ResourceAddress&)> of_type(std::string type) {
  return [type = std::move(type)](const ResourceAddress& r) { return type_of(r.address) == type; };
}

// ECS task sizes as the API takes them, from Terraform too: 256, "256", "1 vCPU", "2 GB".
Property<double> size_property(const Property<std::string>& text,
                               std::optional<double> (*convert)(std::string_view)) {
  Property<double> p{std::nullopt, text.written, text.unresolved, std::nullopt};
  if (!text.value) return p;
  p.value = convert(*text.value);
  if (!p.value) p.unresolved = "'" + *text.value + "' is not a size rightfit understands";
  return p;
}

std::string trigger_kind(const std::optional<ResourceAddress>& source, const Value& arn) {
  std::string type = source ? type_of(source->address) : "";
  std::string literal = arn.kind == Value::Kind::String ? arn.string : "";
  if (type == "aws_sqs_queue" || (source && is_registry_queue_output(*source)) ||
      literal.find(":sqs:") != std::string::npos) {
    return "SQS";
  }
  if (type == "aws_kinesis_stream" || literal.find(":kinesis:") != std::string::npos)
    return "Kinesis";
  if (type == "aws_dynamodb_table" || literal.find(":dynamodb:") != std::string::npos)
    return "DynamoDB";
  if (type == "aws_msk_cluster") return "Kafka";
  return "EventSourceMapping";
}

class ResourceReader {
 public:
  ResourceReader(const ModuleInstance& m, const std::string& scope, FileFacts& out)
      : m_(m), scope_(scope), out_(out) {}

  void read_all() {
    // Policies and provisioned concurrency configs amend the facts of what they refer to:
    // read them last, wherever they are written.
    auto amends = [](const Located& r) {
      if (r.block->labels.empty()) return false;
      const std::string& type = r.block->labels[0];
      return type == "aws_appautoscaling_policy" || type == "aws_appautoscaling_scheduled_action" ||
             type == "aws_lambda_provisioned_concurrency_config" ||
             type == "aws_cloudwatch_event_target";
    };
    read_declared_names();
    for (const Located& r : m_.blocks("resource")) {
      if (!amends(r)) read(r);
    }
    for (const Located& call : m_.blocks("module")) read_module_call(call);
    for (const Located& r : m_.blocks("resource")) {
      if (amends(r)) read(r);
    }
    link_targets_to_module_services();
  }

  // A scalable target whose resource_id names a registry module's service by its output
  // (`service/${cluster}/${module.ecs_service.name}`): the service exists once the module
  // calls are read, after the targets.
  void link_targets_to_module_services() {
    for (const auto& [target, refs] : target_module_refs_) {
      for (ScalingTarget& st : out_.scaling_targets) {
        if (st.id.name != target || st.service) continue;
        for (const ResourceAddress& ref : refs) {
          for (const Service& s : out_.services) {
            if (s.id.name == ref.address) st.service = s.id.name;
          }
        }
      }
    }
  }

 private:
  template <class Fact>
  Fact fact(const Located& r, const std::string& address) const {
    Fact f;
    f.id = EntityId{scope_, address};
    f.type = r.block->labels[0];
    f.header = SourceRange{r.file->path, r.block->header};
    f.last_line = r.block->last_line;
    for (const char* meta : {"count", "for_each"}) {
      if (const hcl::Attribute* a = r.block->body.attribute(meta))
        f.condition = DeployCondition{meta, "", SourceRange{r.file->path, a->name_span}};
    }
    return f;
  }

  // Resources (`type.name`), variables (`var.x`), outputs and module calls, with the module's
  // prefix: the names new blocks written into this module must not reuse.
  void read_declared_names() {
    for (const auto& [block, prefix] :
         {std::pair{"variable", "var."}, std::pair{"output", "output."},
          std::pair{"module", "module."}}) {
      for (const Located& r : m_.blocks(block)) {
        if (!r.block->labels.empty())
          out_.declared_names.push_back({scope_, m_.prefix() + prefix + r.block->labels[0]});
      }
    }
    for (const Located& r : m_.blocks("resource")) {
      if (r.block->labels.size() >= 2)
        out_.declared_names.push_back(
            {scope_, m_.prefix() + r.block->labels[0] + "." + r.block->labels[1]});
    }
  }

  void read(const Located& r) {
    if (r.block->labels.size() < 2) return;
    std::optional<Iteration> it = first_instance(m_, *r.block, *r.file);
    if (!it) return;  // count = 0 or an empty for_each: not deployed
    const Iteration* iteration = it->name.empty() ? nullptr : &*it;
    const std::string& type = r.block->labels[0];
    const std::string address = m_.prefix() + type + "." + r.block->labels[1];
    const PlanResource* planned = m_.planned(address, iteration);
    const PlannedBody overlay{&r.block->body, planned ? &planned->block.body : nullptr};
    Props p{m_, *r.file, iteration, planned ? &overlay : nullptr};
    const hcl::Body& b = r.block->body;
    if (type == "aws_lambda_function")
      read_function(r, address, p);
    else if (type == "aws_lambda_event_source_mapping")
      read_event_source_mapping(r, address, p);
    else if (type == "aws_lambda_provisioned_concurrency_config")
      read_provisioned(b, p);
    else if (type == "aws_sqs_queue") {
      Queue q = fact<Queue>(r, address);
      q.visibility_timeout_s = p.number(b, "visibility_timeout_seconds");
      if (!b.attribute("visibility_timeout_seconds")) {
        q.visibility_timeout_s.slot =
            new_attribute_slot(*r.file, *r.block, "visibility_timeout_seconds");
      }
      q.physical_name = p.string(b, "name");
      out_.queues.push_back(std::move(q));
    } else if (type == "aws_api_gateway_integration")
      read_integration(r, p, "uri");
    else if (type == "aws_apigatewayv2_integration")
      read_integration(r, p, "integration_uri");
    else if (type == "aws_ecs_service")
      read_service(r, address, p);
    else if (type == "aws_ecs_task_definition")
      read_task_definition(r, address, p);
    else if (type == "aws_appautoscaling_target")
      read_scaling_target(r, address, p);
    else if (type == "aws_appautoscaling_policy")
      read_scaling_policy(r, address, p);
    else if (type == "aws_appautoscaling_scheduled_action")
      read_scheduled_action(r, p);
    else if (type == "aws_cloudwatch_metric_alarm")
      read_alarm(b, p);
    else if (type == "aws_db_instance" || type == "aws_rds_cluster") {
      Database db = fact<Database>(r, address);
      db.is_cluster = type == "aws_rds_cluster";
      out_.databases.push_back(std::move(db));
    } else if (type == "aws_db_proxy_target")
      read_proxy_target(r, address, p);
    else if (type == "aws_eks_fargate_profile")
      read_fargate_profile(r, address, p);
    else if (type == "aws_cloudwatch_event_rule")
      schedule_rules_[address] = read_schedule(address, b, p);
    else if (type == "aws_cloudwatch_event_target")
      read_schedule_target(r, address, p);
    else if (type == "aws_scheduler_schedule")
      read_scheduler_schedule(r, address, p);
  }

  // A rule's or schedule's `schedule_expression`, and whether it runs (`state = "DISABLED"`,
  // `is_enabled = false`). Not written: an event pattern rule, no schedule.
  struct ScheduleRule {
    std::string address;
    Property<std::string> expression;
    bool enabled = true;
    bool on_events = false;  // an `event_pattern` rule: what it starts runs on events
  };
  ScheduleRule read_schedule(const std::string& address, const hcl::Body& b, const Props& p) const {
    ScheduleRule rule{address, p.string(b, "schedule_expression"), true,
                      b.attribute("event_pattern") != nullptr};
    const std::optional<std::string> state = p.string(b, "state").value;
    rule.enabled = state.value_or("ENABLED") != "DISABLED";
    if (const hcl::Attribute* on = b.attribute("is_enabled")) {
      const Value v = m_.attribute(*on, p.file, p.iteration);
      if (v.kind == Value::Kind::Bool && !v.boolean) rule.enabled = false;
    }
    return rule;
  }

  void add_schedule_trigger(const Located& r, const Value& arn, const ScheduleRule& rule) {
    std::optional<std::string> function = first_ref(arn, is_function_ref);
    if (!function || !rule.expression.is_written()) return;
    Trigger t{
        scope_, "Schedule", *function, std::nullopt, SourceRange{r.file->path, r.block->header},
        {},     {},         true};
    t.schedule = rule.expression;
    t.enabled = rule.enabled;
    out_.triggers.push_back(std::move(t));
  }

  // `aws_cloudwatch_event_target`: `rule` names a scheduled rule read before, `arn` a
  // function, or an `ecs_target` block the task it starts.
  void read_schedule_target(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    const hcl::Attribute* rule_attr = b.attribute("rule");
    const hcl::Attribute* arn_attr = b.attribute("arn");
    if (!rule_attr || !arn_attr) return;
    std::optional<std::string> rule = first_ref(m_.attribute(*rule_attr, p.file, p.iteration),
                                                of_type("aws_cloudwatch_event_rule"));
    auto it = rule ? schedule_rules_.find(*rule) : schedule_rules_.end();
    if (it == schedule_rules_.end()) return;
    if (const std::vector<NestedBlock> ecs = nested_blocks(m_, b, "ecs_target", p); !ecs.empty()) {
      add_scheduled_task(r, address, ecs.front(), p, it->second);
      return;
    }
    add_schedule_trigger(r, m_.attribute(*arn_attr, p.file, p.iteration), it->second);
  }

  // `aws_scheduler_schedule`: the schedule and its `target { arn = ... }` in one resource; a
  // target with `ecs_parameters` starts a task.
  void read_scheduler_schedule(const Located& r, const std::string& address, const Props& p) {
    const ScheduleRule rule = read_schedule(address, r.block->body, p);
    for (const NestedBlock& target : nested_blocks(m_, r.block->body, "target", p)) {
      const Props tp = p.with(target.iteration.get());
      const std::vector<NestedBlock> ecs = nested_blocks(m_, *target.body, "ecs_parameters", tp);
      if (!ecs.empty()) {
        add_scheduled_task(r, address, ecs.front(), tp, rule);
      } else if (const hcl::Attribute* arn = target.body->attribute("arn")) {
        add_schedule_trigger(r, m_.attribute(*arn, tp.file, tp.iteration), rule);
      }
    }
  }

  // An ECS task the schedule (or an event pattern rule) starts: `task_definition_arn`,
  // `task_count`, `launch_type` and `capacity_provider_strategy` alike in `ecs_target` and
  // `ecs_parameters`.
  void add_scheduled_task(const Located& r, const std::string& address, const NestedBlock& ecs,
                          const Props& p, const ScheduleRule& rule) {
    if (!rule.expression.is_written() && !rule.on_events) return;
    const Props ep = p.with(ecs.iteration.get());
    ScheduledTask task = fact<ScheduledTask>(r, address);
    task.rule = rule.address;
    task.schedule = rule.expression;
    task.enabled = rule.enabled;
    if (const hcl::Attribute* td = ecs.body->attribute("task_definition_arn")) {
      task.task_definition =
          first_ref(m_.attribute(*td, ep.file, ep.iteration), of_type("aws_ecs_task_definition"));
    }
    task.task_count = ep.number(*ecs.body, "task_count");
    task.launch_type = ep.string(*ecs.body, "launch_type");
    for (const NestedBlock& cp : nested_blocks(m_, *ecs.body, "capacity_provider_strategy", ep)) {
      if (auto name = ep.with(cp.iteration.get()).string(*cp.body, "capacity_provider").value)
        task.capacity_providers.push_back(*name);
    }
    out_.scheduled_tasks.push_back(std::move(task));
  }

  // Selectors whose namespace or labels are not statically known select nothing here.
  void read_fargate_profile(const Located& r, const std::string& address, const Props& p) {
    FargateProfile profile = fact<FargateProfile>(r, address);
    for (const NestedBlock& sel : nested_blocks(m_, r.block->body, "selector", p)) {
      Props sp = p.with(sel.iteration.get());
      std::optional<std::string> ns = sp.string(*sel.body, "namespace").value;
      if (!ns) continue;
      PodSelector selector{*ns, {}, SourceRange{r.file->path, sel.header}};
      bool known = true;
      if (const hcl::Attribute* labels = sel.body->attribute("labels")) {
        Value v = m_.attribute(*labels, sp.file, sp.iteration);
        known = v.known() && (v.is_null() || v.kind == Value::Kind::Map);
        for (const auto& [key, value] : v.map) {
          std::optional<std::string> text = value.as_string();
          if (!text)
            known = false;
          else
            selector.labels.emplace_back(key, *text);
        }
      }
      if (known) profile.selectors.push_back(std::move(selector));
    }
    out_.fargate_profiles.push_back(std::move(profile));
  }

  void read_function(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    Function f = fact<Function>(r, address);
    f.timeout_s = p.number(b, "timeout");
    f.memory_mb = p.number(b, "memory_size");
    f.architecture = p.string(b, "architectures");
    f.physical_name = p.string(b, "function_name");
    f.package_type = p.string(b, "package_type");
    f.handler = p.string(b, "handler");
    f.reserved_concurrency = p.number(b, "reserved_concurrent_executions");
    if (f.reserved_concurrency.value && *f.reserved_concurrency.value < 0)
      f.reserved_concurrency = {};
    f.code_uri = code_source(b, p);
    if (f.code_uri.value && f.code_uri.written)
      f.code_dir =
          resolve_path_argument(module_dir_of(f.code_uri.written->file), *f.code_uri.value);
    f.references = p.references(b);
    if (const hcl::Attribute* uri = b.attribute("image_uri")) {
      f.dockerfile = docker_build(m_.attribute(*uri, p.file, p.iteration).refs, 1);
    }
    std::vector<NestedBlock> durable = nested_blocks(m_, b, "durable_config", p);
    if (!durable.empty()) f.durable = SourceRange{r.file->path, durable.front().header};
    read_capacity_provider(r, b, p, f);
    out_.functions.push_back(std::move(f));
  }

  // Lambda Managed Instances: `capacity_provider_config {
  // lambda_managed_instances_capacity_provider_config { per_execution_environment_max_concurrency
  // } }`.
  void read_capacity_provider(const Located& r, const hcl::Body& b, const Props& p,
                              Function& f) const {
    std::vector<NestedBlock> config = nested_blocks(m_, b, "capacity_provider_config", p);
    if (config.empty()) return;
    f.capacity_provider = SourceRange{r.file->path, config.front().header};
    for (const NestedBlock& settings : nested_blocks(
             m_, *config.front().body, "lambda_managed_instances_capacity_provider_config", p)) {
      f.requests_per_environment =
          p.number(*settings.body, "per_execution_environment_max_concurrency");
    }
  }

  // `image_uri = docker_image.x.name` (or a docker_registry_image whose name is that): the
  // docker provider builds it from `build { context, dockerfile }` (`path` in older versions),
  // the Dockerfile relative to the context, which is relative to where Terraform runs.
  Property<std::string> docker_build(const std::vector<ResourceAddress>& refs, int hops) const {
    for (const ResourceAddress& ref : refs) {
      for (const Located& d : m_.blocks("resource")) {
        const std::vector<std::string>& labels = d.block->labels;
        if (labels.size() < 2 ||
            (labels[0] != "docker_image" && labels[0] != "docker_registry_image") ||
            ref.address != labels[0] + "." + labels[1]) {
          continue;
        }
        Props dp{m_, *d.file, nullptr};
        for (const NestedBlock& build : nested_blocks(m_, d.block->body, "build", dp)) {
          Property<std::string> context = dp.string(*build.body, "context");
          if (!context.value) context = dp.string(*build.body, "path");
          if (!context.value || !context.written) continue;
          Property<std::string> file = dp.string(*build.body, "dockerfile");
          Property<std::string> out;
          out.value =
              resolve_path_argument(module_dir_of(context.written->file),
                                    *context.value + "/" + file.value.value_or("Dockerfile"));
          out.written = file.written ? file.written : context.written;
          return out;
        }
        const hcl::Attribute* name = d.block->body.attribute("name");
        if (name && hops > 0)
          return docker_build(m_.attribute(*name, *d.file, nullptr).refs, hops - 1);
      }
    }
    return {};
  }

  // `filename = data.archive_file.x.output_path` links the function to the archive's source.
  Property<std::string> code_source(const hcl::Body& b, const Props& p) const {
    const hcl::Attribute* filename = b.attribute("filename");
    if (!filename) return {};
    Value v = m_.attribute(*filename, p.file, p.iteration);
    for (const ResourceAddress& r : v.refs) {
      if (r.address.rfind("data.archive_file.", 0) != 0) continue;
      std::string name = r.address.substr(std::string("data.archive_file.").size());
      for (const Located& d : m_.blocks("data")) {
        if (d.block->labels.size() < 2 || d.block->labels[0] != "archive_file" ||
            d.block->labels[1] != name) {
          continue;
        }
        Props dp{m_, *d.file, nullptr};
        Property<std::string> dir = dp.string(d.block->body, "source_dir");
        return dir.is_written() ? dir : dp.string(d.block->body, "source_file");
      }
    }
    return {};
  }

  void read_event_source_mapping(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    const hcl::Attribute* fn_attr = b.attribute("function_name");
    if (!fn_attr) return;
    Value fn = m_.attribute(*fn_attr, p.file, p.iteration);
    std::optional<std::string> function = first_ref(fn, is_function_ref);
    if (!function) {
      if (!fn.known()) unresolved(r, address, "function_name", fn);
      return;
    }
    Trigger t{scope_,
              "EventSourceMapping",
              *function,
              std::nullopt,
              SourceRange{r.file->path, r.block->header},
              {},
              {},
              true};
    t.batching_window_s = p.number(b, "maximum_batching_window_in_seconds");
    if (const hcl::Attribute* arn_attr = b.attribute("event_source_arn")) {
      Value arn = m_.attribute(*arn_attr, p.file, p.iteration);
      if (!arn.refs.empty()) t.source = arn.refs.front().address;
      if (!t.source && !arn.known()) unresolved(r, address, "event_source_arn", arn);
      t.kind = trigger_kind(arn.refs.empty() ? std::nullopt : std::optional(arn.refs.front()), arn);
    }
    out_.triggers.push_back(std::move(t));
  }

  void read_provisioned(const hcl::Body& b, const Props& p) {
    const hcl::Attribute* fn_attr = b.attribute("function_name");
    if (!fn_attr) return;
    std::optional<std::string> fn =
        first_ref(m_.attribute(*fn_attr, p.file, p.iteration), is_function_ref);
    if (!fn) return;
    for (Function& f : out_.functions) {
      if (f.id.name == *fn)
        f.provisioned_concurrency = p.number(b, "provisioned_concurrent_executions");
    }
  }

  // `request_parameters = {"integration.request.header.X-Amz-Invocation-Type" = "'Event'"}`.
  static bool invokes_asynchronously(const hcl::Body& b, const Props& p) {
    const hcl::Attribute* parameters = b.attribute("request_parameters");
    if (!parameters) return false;
    const Value v = p.value(b, *parameters);
    const Value* type = v.get("integration.request.header.X-Amz-Invocation-Type");
    return type && type->kind == Value::Kind::String &&
           (type->string == "'Event'" || type->string == "Event");
  }

  // Whether an aws_apigatewayv2_integration's api_id names an aws_apigatewayv2_api of this
  // module with protocol_type WEBSOCKET (its integrations wait 29 s), not an HTTP API.
  bool of_websocket_api(const hcl::Body& b, const Props& p) const {
    const hcl::Attribute* api_id = b.attribute("api_id");
    if (!api_id) return false;
    for (const ResourceAddress& ref : m_.attribute(*api_id, p.file, p.iteration).refs) {
      for (const Located& api : m_.blocks("resource")) {
        const std::vector<std::string>& labels = api.block->labels;
        if (labels.size() < 2 || labels[0] != "aws_apigatewayv2_api") continue;
        const std::string local = labels[0] + "." + labels[1];
        if (ref.address != local && ref.address != m_.prefix() + local) continue;
        Props ap{m_, *api.file, nullptr};
        return ap.string(api.block->body, "protocol_type").value == "WEBSOCKET";
      }
    }
    return false;
  }

  void read_integration(const Located& r, const Props& p, const char* uri_name) {
    const hcl::Body& b = r.block->body;
    const hcl::Attribute* uri = b.attribute(uri_name);
    if (!uri) return;
    std::optional<std::string> fn =
        first_ref(m_.attribute(*uri, p.file, p.iteration), is_function_ref);
    if (!fn) return;
    ApiIntegration api{
        scope_, r.block->labels[0], *fn, SourceRange{r.file->path, r.block->header}, {}};
    api.timeout_ms = p.number(b, "timeout_milliseconds");
    api.http_api = r.block->labels[0] == "aws_apigatewayv2_integration" && !of_websocket_api(b, p);
    api.asynchronous = invokes_asynchronously(b, p);
    out_.api_integrations.push_back(std::move(api));
  }

  void read_service(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    Service s = fact<Service>(r, address);
    s.launch_type = p.string(b, "launch_type");
    s.desired_count = p.number(b, "desired_count");
    s.physical_name = p.string(b, "name");
    s.cluster_name = p.string(b, "cluster");
    if (!s.cluster_name.is_written()) s.cluster_name.value = "default";  // ECS's default cluster
    if (!s.cluster_name.value) resolve_cluster_name(b, p, s.cluster_name);
    if (const hcl::Attribute* cluster = b.attribute("cluster"))
      s.cluster = first_ref(p.value(b, *cluster), of_type("aws_ecs_cluster"));
    if (p.iteration == nullptr && m_.prefix().empty() && (s.cluster || s.cluster_name.value))
      s.new_blocks = after_block_slot(*r.file, *r.block);
    if (const hcl::Attribute* name = b.attribute("name")) {
      Value v = m_.attribute(*name, p.file, p.iteration);
      s.name_pattern = v.known() ? v.as_string().value_or("") : v.pattern;
    }
    if (!s.desired_count.is_written()) s.desired_count.value = 0;  // Terraform's default
    for (const NestedBlock& cp : nested_blocks(m_, b, "capacity_provider_strategy", p)) {
      Props cpp = p.with(cp.iteration.get());
      if (auto name = cpp.string(*cp.body, "capacity_provider").value) {
        s.capacity_providers.push_back(*name);
      } else if (const hcl::Attribute* a = cp.body->attribute("capacity_provider")) {
        // A capacity provider the configuration declares is EC2 capacity (FARGATE and
        // FARGATE_SPOT are built in): its address stands for it.
        if (auto declared =
                first_ref(cpp.value(*cp.body, *a), of_type("aws_ecs_capacity_provider")))
          s.capacity_providers.push_back(*declared);
      }
    }
    std::vector<NestedBlock> lbs = nested_blocks(m_, b, "load_balancer", p);
    if (!lbs.empty()) s.load_balancers = SourceRange{r.file->path, lbs.front().header};
    if (!s.load_balancers) s.load_balancers = load_balancers_from_modules(r, p);
    s.service_discovery = service_discovery(r, p);
    if (const hcl::Attribute* td = b.attribute("task_definition")) {
      s.task_definition =
          first_ref(m_.attribute(*td, p.file, p.iteration), of_type("aws_ecs_task_definition"));
    }
    out_.services.push_back(std::move(s));
  }

  // `cluster = aws_ecs_cluster.x.id` (or `.arn`): known only after apply, but the cluster's
  // `name` usually is, and the name is what CloudWatch's ClusterName dimension takes.
  void resolve_cluster_name(const hcl::Body& b, const Props& p,
                            Property<std::string>& cluster) const {
    const hcl::Attribute* a = b.attribute("cluster");
    std::optional<std::string> ref =
        a ? first_ref(p.value(b, *a), of_type("aws_ecs_cluster")) : std::nullopt;
    if (!ref) return;
    for (const Located& c : m_.blocks("resource")) {
      const auto& labels = c.block->labels;
      if (labels.size() < 2 || m_.prefix() + labels[0] + "." + labels[1] != *ref) continue;
      std::optional<Iteration> it = first_instance(m_, *c.block, *c.file);
      if (!it) return;
      const Props cluster_props{m_, *c.file, it->name.empty() ? nullptr : &*it, nullptr};
      Property<std::string> name = cluster_props.string(c.block->body, "name");
      if (!name.value) return;
      cluster.value = name.value;
      cluster.unresolved.clear();
      return;
    }
  }

  // A `dynamic "load_balancer"` over target groups a module makes
  // (`for_each = module.alb.target_groups`): their number is not known before apply, but
  // what the service is attached to is a load balancer whatever it holds. Other unknown
  // collections are left out, as nested_blocks does.
  std::optional<SourceRange> load_balancers_from_modules(const Located& r, const Props& p) const {
    for (const hcl::Block* d : r.block->body.blocks_of("dynamic")) {
      if (d->labels.empty() || d->labels[0] != "load_balancer") continue;
      const hcl::Attribute* for_each = d->body.attribute("for_each");
      if (!for_each) continue;
      Value coll = m_.attribute(*for_each, p.file, p.iteration);
      if (coll.known()) continue;
      for (const ResourceAddress& ref : coll.refs) {
        const std::string type = type_of(ref.address);
        const bool from_module = ref.address.rfind(m_.prefix() + "module.", 0) == 0;
        if (from_module || type == "aws_lb_target_group" || type == "aws_alb_target_group")
          return SourceRange{r.file->path, d->header};
      }
    }
    return std::nullopt;
  }

  // Cloud Map registries, or Service Connect that publishes services (not a client only).
  std::optional<SourceRange> service_discovery(const Located& r, const Props& p) const {
    const hcl::Body& b = r.block->body;
    std::vector<NestedBlock> registries = nested_blocks(m_, b, "service_registries", p);
    if (!registries.empty()) return SourceRange{r.file->path, registries.front().header};
    for (const NestedBlock& connect : nested_blocks(m_, b, "service_connect_configuration", p)) {
      Props cp = p.with(connect.iteration.get());
      std::optional<std::string> enabled = cp.string(*connect.body, "enabled").value;
      if (enabled == "false") continue;
      if (nested_blocks(m_, *connect.body, "service", cp).empty()) continue;
      return SourceRange{r.file->path, connect.header};
    }
    return std::nullopt;
  }

  // The first SQS metric in `b` or its nested blocks: a namespace of AWS/SQS or a queue-depth
  // metric name.
  std::optional<SourceRange> sqs_metric_in(const hcl::Body& b, const Props& p) const {
    for (const hcl::Attribute& a : b.attributes) {
      if (a.name != "namespace" && a.name != "metric_name") continue;
      std::optional<std::string> text = p.string(b, a.name).value;
      if (text && names_queue_metric(a.name, *text)) return SourceRange{p.file.path, a.name_span};
    }
    for (const hcl::Block& nested : b.blocks) {
      if (auto found = sqs_metric_in(nested.body, p)) return found;
    }
    return std::nullopt;
  }

  // An alarm on a queue's metric that triggers scaling policies: they follow the queue.
  void read_alarm(const hcl::Body& b, const Props& p) {
    std::optional<SourceRange> metric = sqs_metric_in(b, p);
    const hcl::Attribute* actions = b.attribute("alarm_actions");
    if (!metric || !actions) return;
    for (const ResourceAddress& ref : m_.attribute(*actions, p.file, p.iteration).refs) {
      if (type_of(ref.address) == "aws_appautoscaling_policy") queue_alarms_[ref.address] = *metric;
    }
  }

  void read_task_definition(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    TaskDefinition td = fact<TaskDefinition>(r, address);
    td.cpu_units = size_property(p.string(b, "cpu"), parse_cpu_units);
    td.memory_mb = size_property(p.string(b, "memory"), parse_memory_mb);
    for (const NestedBlock& rp : nested_blocks(m_, b, "runtime_platform", p)) {
      td.cpu_architecture = p.with(rp.iteration.get()).string(*rp.body, "cpu_architecture");
    }
    if (const hcl::Attribute* compat = b.attribute("requires_compatibilities")) {
      Value v = m_.attribute(*compat, p.file, p.iteration);
      for (const Value& item : v.items) {
        if (auto s = item.as_string()) td.compatibilities.push_back(*s);
      }
    }
    if (const hcl::Attribute* containers = b.attribute("container_definitions")) {
      Value v = m_.attribute(*containers, p.file, p.iteration);
      for (const ResourceAddress& ref : v.refs) {
        if (type_of(ref.address) == "aws_sqs_queue" || is_registry_queue_output(ref))
          td.queues.push_back({ref.address, SourceRange{r.file->path, containers->name_span}});
      }
    }
    out_.task_definitions.push_back(std::move(td));
  }

  void read_scaling_target(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    ScalingTarget st = fact<ScalingTarget>(r, address);
    if (const hcl::Attribute* id = b.attribute("resource_id")) {
      Value v = m_.attribute(*id, p.file, p.iteration);
      st.service = first_ref(v, of_type("aws_ecs_service"));
      if (!st.service) target_module_refs_[address] = v.refs;
      // "service/<cluster>/<name>": the name is what links it when no reference does.
      std::string text = v.known() ? v.as_string().value_or("") : v.pattern;
      if (text.rfind("service/", 0) == 0)
        st.service_name_pattern = text.substr(text.rfind('/') + 1);
    }
    st.min_capacity = p.number(b, "min_capacity");
    st.max_capacity = p.number(b, "max_capacity");
    out_.scaling_targets.push_back(std::move(st));
  }

  // The scaling targets a policy or scheduled action names through the target's attributes.
  std::vector<ScalingTarget*> targets_named(const hcl::Body& b, const Props& p) {
    std::vector<ScalingTarget*> out;
    for (const char* name : {"resource_id", "scalable_dimension", "service_namespace"}) {
      const hcl::Attribute* a = b.attribute(name);
      if (!a) continue;
      for (const ResourceAddress& ref : m_.attribute(*a, p.file, p.iteration).refs) {
        for (ScalingTarget& st : out_.scaling_targets) {
          if (st.id.name == ref.address) out.push_back(&st);
        }
      }
    }
    return out;
  }

  void read_scaling_policy(const Located& r, const std::string& address, const Props& p) {
    const hcl::Body& b = r.block->body;
    std::optional<SourceRange> queue_metric = sqs_metric_in(b, p);
    if (auto alarm = queue_alarms_.find(address); !queue_metric && alarm != queue_alarms_.end())
      queue_metric = alarm->second;
    for (ScalingTarget* st : targets_named(b, p)) {
      st->has_policy = true;
      if (queue_metric && !st->queue_metric) st->queue_metric = queue_metric;
    }
  }

  void read_scheduled_action(const Located& r, const Props& p) {
    for (ScalingTarget* st : targets_named(r.block->body, p)) {
      if (!st->schedule) st->schedule = SourceRange{r.file->path, r.block->header};
    }
  }

  void read_proxy_target(const Located& r, const std::string& address, const Props& p) {
    DatabaseProxy proxy = fact<DatabaseProxy>(r, address);
    for (const char* name : {"db_instance_identifier", "db_cluster_identifier"}) {
      if (const hcl::Attribute* a = r.block->body.attribute(name)) {
        for (const ResourceAddress& ref : m_.attribute(*a, p.file, p.iteration).refs) {
          proxy.targets.push_back(ref.address);
        }
      }
    }
    out_.database_proxies.push_back(std::move(proxy));
  }

  void read_module_call(const Located& call) {
    if (call.block->labels.empty()) return;
    if (!first_instance(m_, *call.block, *call.file)) return;
    if (const ModuleInstance* child = m_.child(call.block->labels[0])) {
      out_.module_calls.push_back({scope_, child->prefix().substr(0, child->prefix().size() - 1),
                                   SourceRange{call.file->path, call.block->header}});
      collect_resource_facts(*child, scope_, out_);
      return;
    }
    if (refused_local_module(call)) return;
    const std::size_t functions = out_.functions.size(), queues = out_.queues.size();
    if (read_registry_module(m_, call, scope_, out_)) {
      complete_registry_facts(m_, call, functions, queues, out_);
      return;
    }
    // Neither local nor a registry module rightfit knows: what the plan gives, if any.
    read_planned_module(m_, call, scope_, out_);
  }

  // A local module outside the analysed directories is not read: RF002 on its `source`.
  bool refused_local_module(const Located& call) {
    const hcl::Attribute* source = call.block->body.attribute("source");
    const Value v = source ? evaluate(source->value, m_) : Value{};
    if (v.kind != Value::Kind::String || !is_local_source(v.string) ||
        !m_.library().refused(resolve_local_source(module_dir_of(call.file->path), v.string))) {
      return false;
    }
    const SourceRange header{call.file->path, call.block->header};
    out_.unresolved.push_back(
        Unresolved{EntityId{scope_, m_.prefix() + "module." + call.block->labels[0]}, header,
                   "source", SourceRange{call.file->path, source->name_span},
                   "'" + excerpt(v.string) + "' " + std::string(kRefersOutside)});
    return true;
  }

  void unresolved(const Located& r, const std::string& address, const std::string& property,
                  const Value& v) {
    if (Value::decided_by_callers(v.string)) return;
    out_.unresolved.push_back(
        Unresolved{EntityId{scope_, address}, SourceRange{r.file->path, r.block->header}, property,
                   v.origin.value_or(SourceRange{r.file->path, r.block->header}), v.string});
  }

  const ModuleInstance& m_;
  const std::string& scope_;
  FileFacts& out_;
  std::map<std::string, SourceRange> queue_alarms_;  // scaling policy -> its alarm's SQS metric
  // Scalable targets that name no aws_ecs_service -> what their resource_id refers to.
  std::map<std::string, std::vector<ResourceAddress>> target_module_refs_;
  std::map<std::string, ScheduleRule> schedule_rules_;  // aws_cloudwatch_event_rule by address
};

}  // namespace

void collect_resource_facts(const ModuleInstance& module, const std::string& scope,
                            FileFacts& out) {
  ResourceReader(module, scope, out).read_all();
}

}  // namespace rightfit::tf
