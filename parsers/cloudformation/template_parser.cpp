#include "parsers/cloudformation/template_parser.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "parsers/cloudformation/intrinsics.h"
#include "parsers/document/document.h"
#include "parsers/document/value_slots.h"
#include "parsers/printable.h"
#include "parsers/suppression_comments.h"
#include "parsers/units/units.h"

namespace rightfit::cfn {

namespace {

using doc::Entry;

bool is_function_type(std::string_view type) {
  return type == "AWS::Lambda::Function" || type == "AWS::Serverless::Function";
}

bool is_api_type(std::string_view type) {
  return type == "AWS::Serverless::Api" || type == "AWS::Serverless::HttpApi" ||
         type == "AWS::ApiGateway::RestApi" || type == "AWS::ApiGatewayV2::Api";
}

bool is_http_api_type(std::string_view type) {
  return type == "AWS::Serverless::HttpApi" || type == "AWS::ApiGatewayV2::Api";
}

bool is_template(const Node& root) {
  if (!root.is_mapping()) return false;
  if (root.find("AWSTemplateFormatVersion")) return true;
  const Node* resources = root.find("Resources");
  if (!resources || !resources->is_mapping()) return false;
  for (const Entry& e : resources->entries) {
    const Node* type = e.value.find("Type");
    if (type && type->is_scalar() && type->text.rfind("AWS::", 0) == 0) return true;
  }
  return false;
}

Node empty_mapping() {
  Node n;
  n.kind = Node::Kind::Mapping;
  return n;
}

// One resource of the template being read.
struct ResourceView {
  const Entry* entry;
  const Node* properties;  // never null: an empty mapping when absent
  std::string type;
};

class TemplateReader {
 public:
  TemplateReader(const std::string& path, std::string_view text, const Node& root)
      : path_(path), text_(text), fix_text_(text), root_(root), eval_(root) {
    out_.file = path;
    if (const Node* globals = root.find("Globals")) globals_function_ = globals->find("Function");
  }

  // Embedded resources: no text of their own (no comment suppressions read here).
  TemplateReader(const std::string& path, const EmbeddedTemplate& embedded)
      : TemplateReader(path, std::string_view(), embedded.root) {
    fix_text_ = embedded.text;
    for (const auto& [name, type] : embedded.generated) eval_.declare_resource(name, type);
    function_by_name_ = embedded.function_names;
    eval_.set_unresolved(embedded.unresolved);
  }

  FileFacts read() {
    read_declared_names();
    const Node* resources = root_.find("Resources");
    if (resources && resources->is_mapping()) {
      resources_ = resources;
      for (const Entry& e : resources->entries) read_resource(e);
      for (const Entry& e : resources->entries) read_dependent_resource(e);
      read_api_permissions();
    }
    read_comment_suppressions();
    return std::move(out_);
  }

 private:
  SourceRange at(const Node& n) const { return SourceRange{path_, n.span}; }

  std::optional<ResourceView> view(const Entry& e) const {
    const Node* type = e.value.find("Type");
    if (!type || !type->is_scalar()) return std::nullopt;
    if (const Node* cond = e.value.find("Condition"); cond && cond->is_scalar()) {
      // A resource whose condition is known to be false is not deployed.
      if (eval_.condition(cond->text) == std::optional<bool>(false)) return std::nullopt;
    }
    const Node* props = e.value.find("Properties");
    return ResourceView{&e, props && props->is_mapping() ? props : &empty_, type->text};
  }

  template <class Fact>
  Fact resource_fact(const ResourceView& r) const {
    Fact f;
    f.id = EntityId{path_, r.entry->key.text};
    f.type = r.type;
    f.header = at(r.entry->key);
    f.last_line = r.entry->value.last_line();
    if (const Node* cond = r.entry->value.find("Condition"); cond && cond->is_scalar())
      f.condition = DeployCondition{"Condition", cond->text, at(*cond)};
    return f;
  }

  // Logical IDs share one namespace across Parameters and Resources; Outputs' names are
  // counted too, so that what a sketch adds can be merged in as written.
  void read_declared_names() {
    for (const char* section : {"Parameters", "Resources", "Outputs"}) {
      const Node* names = root_.find(section);
      if (!names || !names->is_mapping()) continue;
      for (const Entry& e : names->entries) out_.declared_names.push_back({path_, e.key.text});
    }
  }

  // Finds `key` in `props`, else in `fallback` (SAM Globals); AWS::NoValue counts as absent.
  const Entry* property_entry(const Node& props, std::string_view key,
                              const Node* fallback = nullptr) const {
    for (const Node* where : {&props, fallback}) {
      if (!where) continue;
      const Entry* e = where->find_entry(key);
      if (e && !eval_.resolve(e->value).no_value) return e;
    }
    return nullptr;
  }

  Property<double> number(const Node& props, std::string_view key,
                          const Node* fallback = nullptr) const {
    Property<double> p;
    const Entry* e = property_entry(props, key, fallback);
    if (!e) return p;
    p.written = at(e->key);
    std::string why;
    p.value = eval_.number(e->value, &why);
    if (!p.value) p.unresolved = why;
    // A literal can be rewritten in place (an embedded template's, in the embedding file).
    if (p.value && e->value.is_scalar() && !fix_text_.empty()) {
      p.slot = doc::scalar_slot(path_, fix_text_, e->value);
    }
    return p;
  }

  Property<std::string> string(const Node& props, std::string_view key,
                               const Node* fallback = nullptr) const {
    Property<std::string> p;
    const Entry* e = property_entry(props, key, fallback);
    if (!e) return p;
    p.written = at(e->key);
    std::string why;
    const Node* value = &e->value;
    Resolved list = eval_.resolve(e->value);
    if (list.node && list.node->is_sequence()) {  // e.g. Architectures: [arm64]
      if (list.node->items.empty()) return Property<std::string>{};
      value = &list.node->items.front();
    }
    p.value = eval_.string(*value, &why);
    if (!p.value) p.unresolved = why;
    return p;
  }

  Property<double> units(const Node& props, std::string_view key,
                         std::optional<double> (*convert)(std::string_view)) const {
    Property<std::string> text = string(props, key);
    Property<double> p{std::nullopt, text.written, text.unresolved, std::nullopt};
    if (text.value) {
      p.value = convert(*text.value);
      if (!p.value) p.unresolved = "'" + *text.value + "' is not a size rightfit understands";
    }
    return p;
  }

  std::vector<Reference> references(const Node& value) const {
    std::vector<Reference> out;
    for (const ResourceRef& r : eval_.resource_refs(value)) out.push_back({r.name, at(*r.at)});
    return out;
  }

  // The first resource of one of `types` that `value` references.
  std::optional<std::string> referenced(const Node& value,
                                        bool (*accept)(std::string_view type)) const {
    for (const ResourceRef& r : eval_.resource_refs(value)) {
      if (accept(eval_.resource_type(r.name))) return r.name;
    }
    return std::nullopt;
  }

  // `key` is the property's key: findings point at its line, like those of written values.
  void unresolved(const ResourceView& r, std::string property, const Node& key,
                  std::string reason) {
    out_.unresolved.push_back(Unresolved{EntityId{path_, r.entry->key.text}, at(r.entry->key),
                                         std::move(property), at(key), std::move(reason)});
  }

  // An explicit integration timeout that is not statically known: RF105 skips it.
  void unresolved_timeout(const ResourceView& r, std::string property, const Node& owner,
                          const Property<double>& timeout) {
    if (!timeout.is_unresolved()) return;
    const Entry* e = owner.find_entry("TimeoutInMillis");
    if (e) unresolved(r, std::move(property), e->key, timeout.unresolved);
  }

  void read_resource(const Entry& e) {
    std::optional<ResourceView> r = view(e);
    if (!r) return;
    read_metadata_suppressions(*r);
    const std::string& t = r->type;
    // clang-format off
    if (t == "AWS::Lambda::Function") read_lambda_function(*r);
    else if (t == "AWS::Serverless::Function") read_serverless_function(*r);
    else if (t == "AWS::SQS::Queue") read_queue(*r);
    else if (t == "AWS::ECS::TaskDefinition") read_task_definition(*r);
    else if (t == "AWS::ECS::Service") read_service(*r);
    else if (t == "AWS::ApplicationAutoScaling::ScalableTarget") read_scaling_target(*r);
    else if (t == "AWS::RDS::DBInstance" || t == "AWS::RDS::DBCluster") read_database(*r);
    else if (t == "AWS::RDS::DBProxyTargetGroup") read_proxy_target_group(*r);
    else if (t == "AWS::CloudWatch::Alarm") read_alarm(*r);
    else if (t == "AWS::EKS::FargateProfile") read_fargate_profile(*r);
    // clang-format on
  }

  // Resources that modify facts read in the first pass.
  void read_dependent_resource(const Entry& e) {
    std::optional<ResourceView> r = view(e);
    if (!r) return;
    const std::string& t = r->type;
    // clang-format off
    if (t == "AWS::Lambda::EventSourceMapping") read_event_source_mapping(*r);
    else if (t == "AWS::ApiGateway::Method") read_rest_api_method(*r);
    else if (t == "AWS::ApiGatewayV2::Integration") read_http_api_integration(*r);
    else if (t == "AWS::Lambda::Alias" || t == "AWS::Lambda::Version") read_alias(*r);
    else if (t == "AWS::ApplicationAutoScaling::ScalingPolicy") read_scaling_policy(*r);
    else if (t == "AWS::ECS::TaskSet") read_task_set(*r);
    else if (t == "AWS::Events::Rule" || t == "AWS::Scheduler::Schedule") read_schedule_resource(*r);
    else if (is_api_type(t)) read_api_definition(*r);
    // clang-format on
  }

  void read_function_common(const ResourceView& r, Function& f, const Node* globals) {
    const Node& p = *r.properties;
    f.timeout_s = number(p, "Timeout", globals);
    f.memory_mb = number(p, "MemorySize", globals);
    f.architecture = string(p, "Architectures", globals);
    f.package_type = string(p, "PackageType", globals);
    f.reserved_concurrency = number(p, "ReservedConcurrentExecutions", globals);
    f.handler = string(p, "Handler", globals);
    if (const Entry* durable = property_entry(p, "DurableConfig", globals))
      f.durable = at(durable->key);
    read_capacity_provider(p, f, globals);
    f.references = references(p);
    if (globals) {
      for (Reference& ref : references(*globals)) f.references.push_back(std::move(ref));
    }
    f.physical_name = string(p, "FunctionName");
    if (f.physical_name.value) function_by_name_[*f.physical_name.value] = r.entry->key.text;
    if (!f.physical_name.is_written()) f.physical_name.value = framework_name(r.entry->key.text);
  }

  // The name a framework deploys a function under (Serverless: <service>-<stage>-<function>),
  // from the embedded template's index; nullopt for a plain template.
  std::optional<std::string> framework_name(const std::string& logical_id) const {
    for (const auto& [name, logical] : function_by_name_) {
      if (logical == logical_id) return name;
    }
    return std::nullopt;
  }

  // Lambda Managed Instances. AWS::Lambda::Function nests the settings in
  // LambdaManagedInstancesCapacityProviderConfig; SAM writes them directly (with `Arn`).
  void read_capacity_provider(const Node& props, Function& f, const Node* globals) const {
    const Entry* config = property_entry(props, "CapacityProviderConfig", globals);
    if (!config) return;
    f.capacity_provider = at(config->key);
    const Node* settings = &config->value;
    if (const Node* nested = settings->find("LambdaManagedInstancesCapacityProviderConfig"))
      settings = nested;
    if (settings->is_mapping())
      f.requests_per_environment = number(*settings, "PerExecutionEnvironmentMaxConcurrency");
  }

  void read_lambda_function(const ResourceView& r) {
    Function f = resource_fact<Function>(r);
    read_function_common(r, f, nullptr);
    out_.functions.push_back(std::move(f));
  }

  void read_serverless_function(const ResourceView& r) {
    Function f = resource_fact<Function>(r);
    read_function_common(r, f, globals_function_);
    const Node& p = *r.properties;
    if (const Entry* pc = property_entry(p, "ProvisionedConcurrencyConfig", globals_function_)) {
      f.provisioned_concurrency = number(pc->value, "ProvisionedConcurrentExecutions");
    }
    f.code_uri = string(p, "CodeUri", globals_function_);
    if (!f.code_uri.value) f.code_uri = {};  // an S3 location: no local source to link
    // Without CodeUri, `sam build` packages the template's own directory (SAM CLI's default
    // code URI is "."); not for inline code or an image.
    const bool default_code_uri = !property_entry(p, "CodeUri", globals_function_) &&
                                  !property_entry(p, "InlineCode", globals_function_) &&
                                  !property_entry(p, "ImageUri", globals_function_) &&
                                  f.package_type.value != "Image";
    if (default_code_uri) {
      f.code_dir = std::filesystem::path(path_).parent_path().lexically_normal().generic_string();
      if (f.code_dir->empty()) f.code_dir = ".";
    }
    if (f.code_uri.value && f.code_uri.value->find("://") == std::string::npos) {
      f.code_dir = (std::filesystem::path(path_).parent_path() / *f.code_uri.value)
                       .lexically_normal()
                       .generic_string();
      while (f.code_dir->size() > 1 && f.code_dir->back() == '/') f.code_dir->pop_back();
    }
    if (const Node* meta = r.entry->value.find("Metadata")) {
      f.dockerfile = string(*meta, "Dockerfile");
      f.docker_context = string(*meta, "DockerContext");
      // SAM builds Metadata.Dockerfile inside DockerContext, both relative to the template.
      if (f.dockerfile.value) {
        std::filesystem::path context =
            std::filesystem::path(path_).parent_path() / f.docker_context.value.value_or(".");
        f.dockerfile.value = (context / *f.dockerfile.value).lexically_normal().generic_string();
      }
    }
    if (const Node* events = p.find("Events"); events && events->is_mapping()) {
      for (const Entry& ev : events->entries) read_sam_event(r, ev);
    }
    out_.functions.push_back(std::move(f));
  }

  void read_sam_event(const ResourceView& fn, const Entry& ev) {
    const Node* type = ev.value.find("Type");
    if (!type || !type->is_scalar()) return;
    const Node* props = ev.value.find("Properties");
    if (!props) props = &empty_;
    const std::string& kind = type->text;
    const std::string& function = fn.entry->key.text;
    if (kind == "Api" || kind == "HttpApi") {
      ApiIntegration api{path_, kind, function, at(ev.key), {}};
      api.http_api = kind == "HttpApi";
      api.timeout_ms = number(*props, "TimeoutInMillis");
      unresolved_timeout(fn, "Events." + ev.key.text + ".Properties.TimeoutInMillis", *props,
                         api.timeout_ms);
      out_.api_integrations.push_back(std::move(api));
      return;
    }
    Trigger t{path_, kind, function, std::nullopt, at(ev.key), {}, {}, true};
    t.batching_window_s = number(*props, "MaximumBatchingWindowInSeconds");
    if (kind == "Schedule" || kind == "ScheduleV2") {
      t.kind = "Schedule";
      read_schedule(t, *props, kind == "Schedule" ? "Schedule" : "ScheduleExpression");
    }
    const char* source_key = kind == "SQS"                               ? "Queue"
                             : (kind == "Kinesis" || kind == "DynamoDB") ? "Stream"
                                                                         : nullptr;
    if (source_key) {
      if (const Entry* source = props->find_entry(source_key)) {
        t.source = link_source(fn, "Events." + ev.key.text + ".Properties." + source_key, *source);
      }
    }
    out_.triggers.push_back(std::move(t));
  }

  // The resource a queue/stream ARN names; an unresolvable ARN is reported as unresolved.
  std::optional<std::string> link_source(const ResourceView& r, const std::string& property,
                                         const Entry& source) {
    std::vector<ResourceRef> refs = eval_.resource_refs(source.value);
    if (!refs.empty()) return refs.front().name;
    std::string why;
    if (!eval_.string(source.value, &why)) unresolved(r, property, source.key, why);
    return std::nullopt;  // a literal ARN: a resource outside this template
  }

  // The function a FunctionName names: a Ref/GetAtt of the function or of one of its
  // aliases/versions, or its name, ARN or partial ARN (`...:function:name[:qualifier]`).
  std::optional<std::string> link_function(const ResourceView& r, const std::string& property,
                                           const Entry& function) {
    const Node& value = function.value;
    if (std::optional<std::string> fn = referenced(value, is_function_type)) return fn;
    for (const ResourceRef& ref : eval_.resource_refs(value)) {
      std::string type = eval_.resource_type(ref.name);
      if (type != "AWS::Lambda::Alias" && type != "AWS::Lambda::Version") continue;
      const Node* alias = root_.find("Resources")->find(ref.name)->find("Properties");
      if (const Node* target = alias ? alias->find("FunctionName") : nullptr) {
        if (std::optional<std::string> fn = referenced(*target, is_function_type)) return fn;
      }
    }
    std::string why;
    std::optional<std::string> name = eval_.string(value, &why);
    if (!name) {
      if (eval_.resource_refs(value).empty()) unresolved(r, property, function.key, why);
      return std::nullopt;
    }
    if (size_t at = name->find(":function:"); at != std::string::npos) {
      *name = name->substr(at + 10, name->find(':', at + 10) - (at + 10));
    }
    auto it = function_by_name_.find(*name);
    if (it != function_by_name_.end()) return it->second;
    return std::nullopt;  // a function outside this template
  }

  // The expression under `key` and whether the schedule runs (`Enabled: false` and `State:
  // DISABLED` turn it off).
  struct WrittenSchedule {
    Property<std::string> expression;
    bool enabled = true;
  };
  WrittenSchedule written_schedule(const Node& props, std::string_view key) const {
    const Node* enabled = props.find("Enabled");
    const Property<std::string> state = string(props, "State");
    return {string(props, key), !(enabled && enabled->is_scalar() && enabled->text == "false") &&
                                    state.value.value_or("ENABLED") != "DISABLED"};
  }
  void read_schedule(Trigger& t, const Node& props, std::string_view key) const {
    WrittenSchedule schedule = written_schedule(props, key);
    t.schedule = std::move(schedule.expression);
    t.enabled = schedule.enabled;
  }

  // AWS::Events::Rule (ScheduleExpression, Targets[].Arn) and AWS::Scheduler::Schedule
  // (ScheduleExpression, Target.Arn): a schedule trigger of each function of this template
  // they invoke. Rules that match events rather than time are not schedules, but the ECS
  // tasks they start are workloads all the same (priced only from declared runs).
  void read_schedule_resource(const ResourceView& r) {
    const Node& p = *r.properties;
    const bool on_schedule = p.find("ScheduleExpression") != nullptr;
    if (!on_schedule && !p.find("EventPattern")) return;
    std::vector<const Node*> targets;
    if (const Node* list = p.find("Targets"); list && list->is_sequence()) {
      for (const Node& target : list->items) targets.push_back(&target);
    } else if (const Node* target = p.find("Target")) {
      targets.push_back(target);
    }
    const std::vector<const Node*> ecs_targets = ecs_targets_of(targets);
    for (std::size_t i = 0; i < ecs_targets.size(); ++i) {
      ScheduledTask task = read_scheduled_task(r, *ecs_targets[i]->find("EcsParameters"));
      if (ecs_targets.size() > 1) name_after_target(task, *ecs_targets[i], i);
      out_.scheduled_tasks.push_back(std::move(task));
    }
    if (!on_schedule) return;
    for (const Node* target : targets) {
      if (!target->is_mapping() || target->find("EcsParameters")) continue;
      const Node* arn = target->find("Arn");
      std::optional<std::string> fn = arn ? referenced(*arn, is_function_type) : std::nullopt;
      if (!fn) continue;
      Trigger t{path_, "Schedule", *fn, std::nullopt, at(r.entry->key), {}, {}, true};
      read_schedule(t, p, "ScheduleExpression");
      out_.triggers.push_back(std::move(t));
    }
  }

  static std::vector<const Node*> ecs_targets_of(const std::vector<const Node*>& targets) {
    std::vector<const Node*> out;
    for (const Node* target : targets) {
      if (target->is_mapping() && target->find("EcsParameters")) out.push_back(target);
    }
    return out;
  }

  // One of several ECS targets of a rule: `<rule>/<Id>` (a rule's target Ids are unique),
  // else `<rule>/<index>` (its position among the rule's ECS targets, from 0), so that each
  // is a workload of its own whose name does not change between runs; its header is the
  // target, the line to change.
  void name_after_target(ScheduledTask& task, const Node& target, std::size_t index) const {
    const Node* id = target.find("Id");
    const bool literal = id && id->is_scalar() && !id->text.empty();
    task.id.name = task.rule + "/" + (literal ? id->text : std::to_string(index));
    task.header = at(id ? *id : target);
  }

  // A target's `EcsParameters` (the rule's and the Scheduler's spell them alike): the task
  // definition it runs, how many tasks a run starts and where.
  ScheduledTask read_scheduled_task(const ResourceView& r, const Node& ecs) {
    ScheduledTask task = resource_fact<ScheduledTask>(r);
    task.rule = task.id.name;
    WrittenSchedule schedule = written_schedule(*r.properties, "ScheduleExpression");
    task.schedule = std::move(schedule.expression);
    task.enabled = schedule.enabled;
    if (const Node* td = ecs.find("TaskDefinitionArn")) {
      task.task_definition =
          referenced(*td, [](std::string_view t) { return t == "AWS::ECS::TaskDefinition"; });
    }
    task.task_count = number(ecs, "TaskCount");
    task.launch_type = string(ecs, "LaunchType");
    if (const Node* strategy = ecs.find("CapacityProviderStrategy"))
      task.capacity_providers = capacity_providers(*strategy);
    return task;
  }

  void read_event_source_mapping(const ResourceView& r) {
    const Node& p = *r.properties;
    const Entry* fn_entry = p.find_entry("FunctionName");
    if (!fn_entry) return;
    std::optional<std::string> fn = link_function(r, "FunctionName", *fn_entry);
    if (!fn) return;
    Trigger t{path_, "EventSourceMapping", *fn, std::nullopt, at(r.entry->key), {}, {}, true};
    t.batching_window_s = number(p, "MaximumBatchingWindowInSeconds");
    if (const Entry* arn = p.find_entry("EventSourceArn")) {
      t.source = link_source(r, "EventSourceArn", *arn);
      std::string source_type = t.source ? eval_.resource_type(*t.source) : "";
      std::string literal = eval_.string(arn->value, nullptr).value_or("");
      if (source_type == "AWS::SQS::Queue" || literal.find(":sqs:") != std::string::npos) {
        t.kind = "SQS";
      } else if (source_type == "AWS::Kinesis::Stream" ||
                 literal.find(":kinesis:") != std::string::npos) {
        t.kind = "Kinesis";
      } else if (source_type == "AWS::DynamoDB::Table" ||
                 literal.find(":dynamodb:") != std::string::npos) {
        t.kind = "DynamoDB";
      }
    }
    out_.triggers.push_back(std::move(t));
  }

  void add_api_integration(const ResourceView& r, const Node& integration, const char* uri_key) {
    const Node* uri = integration.find(uri_key);
    if (!uri) return;
    std::optional<std::string> fn = referenced(*uri, is_function_type);
    if (!fn) return;
    ApiIntegration api{path_, r.type, *fn, at(r.entry->key), {}};
    api.http_api = r.type == "AWS::ApiGatewayV2::Integration" && !of_websocket_api(*r.properties);
    api.timeout_ms = number(integration, "TimeoutInMillis");
    api.asynchronous = invokes_asynchronously(integration, "RequestParameters");
    const bool nested = &integration != r.properties;  // AWS::ApiGateway::Method's Integration
    unresolved_timeout(r, nested ? "Integration.TimeoutInMillis" : "TimeoutInMillis", integration,
                       api.timeout_ms);
    out_.api_integrations.push_back(std::move(api));
  }

  // Whether an AWS::ApiGatewayV2::Integration belongs to a WebSocket API of the template (its
  // integrations wait 29 s, like a REST API's), not an HTTP API.
  bool of_websocket_api(const Node& integration) const {
    const Node* api_id = integration.find("ApiId");
    if (!api_id) return false;
    for (const ResourceRef& ref : eval_.resource_refs(*api_id)) {
      const Node* api = root_.find("Resources")->find(ref.name);
      const Node* props = api ? api->find("Properties") : nullptr;
      const Node* protocol = props ? props->find("ProtocolType") : nullptr;
      if (protocol && protocol->is_scalar() && protocol->text == "WEBSOCKET") return true;
    }
    return false;
  }

  // `X-Amz-Invocation-Type: 'Event'` among an integration's request parameters (a mapping
  // value, quoted as API Gateway wants static values).
  static bool invokes_asynchronously(const Node& integration, std::string_view key) {
    const Node* parameters = integration.find(key);
    const Node* type =
        parameters ? parameters->find("integration.request.header.X-Amz-Invocation-Type") : nullptr;
    return type && type->is_scalar() && (type->text == "'Event'" || type->text == "Event");
  }

  // Integrations an OpenAPI definition written in the template declares
  // (`x-amazon-apigateway-integration` with a `uri` naming a function of the template).
  void read_api_definition(const ResourceView& r) {
    for (const char* key : {"DefinitionBody", "Body"}) {
      if (const Node* body = r.properties->find(key)) read_openapi_integrations(r, *body, 0);
    }
    // An HTTP API's quick create: `Target` is the function every route integrates with.
    const Entry* target = r.properties->find_entry("Target");
    std::optional<std::string> fn =
        target ? referenced(target->value, is_function_type) : std::nullopt;
    if (!fn) return;
    ApiIntegration api{path_, r.type, *fn, at(target->key), {}};
    api.http_api = is_http_api_type(r.type);
    out_.api_integrations.push_back(std::move(api));
  }

  void read_openapi_integrations(const ResourceView& r, const Node& node, int depth) {
    if (depth > 16) return;  // paths -> path -> method -> integration is depth 3
    for (const Entry& e : node.entries) {
      if (e.key.text == "x-amazon-apigateway-integration" && e.value.is_mapping()) {
        add_openapi_integration(r, e);
      } else {
        read_openapi_integrations(r, e.value, depth + 1);
      }
    }
  }

  void add_openapi_integration(const ResourceView& r, const Entry& integration) {
    const Node* uri = integration.value.find("uri");
    std::optional<std::string> fn = uri ? referenced(*uri, is_function_type) : std::nullopt;
    if (!fn) return;
    ApiIntegration api{path_, r.type + " OpenAPI", *fn, at(integration.key), {}};
    api.http_api = is_http_api_type(r.type);
    api.timeout_ms = number(integration.value, "timeoutInMillis");
    api.asynchronous = invokes_asynchronously(integration.value, "requestParameters");
    out_.api_integrations.push_back(std::move(api));
  }

  // `AWS::Lambda::Permission` for apigateway.amazonaws.com: API Gateway invokes the function
  // through an integration the template does not show (an OpenAPI file included with
  // AWS::Include, an API of another stack). Counted only for functions with no integration
  // of their own in the template.
  void read_api_permissions() {
    const Node* resources = root_.find("Resources");
    if (!resources || !resources->is_mapping()) return;
    for (const Entry& e : resources->entries) {
      std::optional<ResourceView> r = view(e);
      if (!r || r->type != "AWS::Lambda::Permission") continue;
      const Node* principal = r->properties->find("Principal");
      const Node* function = r->properties->find("FunctionName");
      if (!principal || !principal->is_scalar() || !function) continue;
      if (principal->text != "apigateway.amazonaws.com") continue;
      std::optional<std::string> fn = referenced(*function, is_function_type);
      if (!fn || has_api_integration(*fn)) continue;
      out_.api_integrations.push_back(ApiIntegration{path_, r->type, *fn, at(r->entry->key), {}});
    }
  }

  bool has_api_integration(const std::string& function) const {
    return std::any_of(out_.api_integrations.begin(), out_.api_integrations.end(),
                       [&](const ApiIntegration& a) { return a.function == function; });
  }

  void read_rest_api_method(const ResourceView& r) {
    if (const Node* integration = r.properties->find("Integration")) {
      add_api_integration(r, *integration, "Uri");
    }
  }

  void read_http_api_integration(const ResourceView& r) {
    add_api_integration(r, *r.properties, "IntegrationUri");
  }

  Function* function_named(const std::string& name) {
    for (Function& f : out_.functions) {
      if (f.id.name == name) return &f;
    }
    return nullptr;
  }

  void read_alias(const ResourceView& r) {
    const Node& p = *r.properties;
    const Entry* pc = p.find_entry("ProvisionedConcurrencyConfig");
    const Node* fn_value = p.find("FunctionName");
    if (!pc || !fn_value) return;
    std::optional<std::string> fn = referenced(*fn_value, is_function_type);
    Function* f = fn ? function_named(*fn) : nullptr;
    if (f) f->provisioned_concurrency = number(pc->value, "ProvisionedConcurrentExecutions");
  }

  // Selectors whose namespace or labels are not statically known select nothing here.
  void read_fargate_profile(const ResourceView& r) {
    FargateProfile profile = resource_fact<FargateProfile>(r);
    const Node* selectors = r.properties->find("Selectors");
    Resolved list = eval_.resolve(selectors ? *selectors : empty_);
    if (list.node && list.node->is_sequence()) {
      for (const Node& item : list.node->items) {
        if (std::optional<PodSelector> selector = pod_selector(item))
          profile.selectors.push_back(std::move(*selector));
      }
    }
    out_.fargate_profiles.push_back(std::move(profile));
  }

  // One entry of a profile's Selectors; nullopt when its namespace or a label is not known.
  std::optional<PodSelector> pod_selector(const Node& item) const {
    const Node* ns = item.find("Namespace");
    std::optional<std::string> name = ns ? eval_.string(*ns, nullptr) : std::nullopt;
    if (!name) return std::nullopt;
    PodSelector selector{*name, {}, at(item)};
    const Node* labels = item.find("Labels");
    if (labels && !read_labels(*labels, selector)) return std::nullopt;
    return selector;
  }

  // A selector's Labels (a list of Key/Value) into `selector`; false when one is not known.
  bool read_labels(const Node& labels, PodSelector& selector) const {
    Resolved l = eval_.resolve(labels);
    if (!l.node || !l.node->is_sequence()) return false;
    bool known = true;
    for (const Node& label : l.node->items) {
      const Node* key = label.find("Key");
      const Node* value = label.find("Value");
      std::optional<std::string> k = key ? eval_.string(*key, nullptr) : std::nullopt;
      std::optional<std::string> v = value ? eval_.string(*value, nullptr) : std::nullopt;
      if (!k || !v)
        known = false;
      else
        selector.labels.emplace_back(*k, *v);
    }
    return known;
  }

  void read_queue(const ResourceView& r) {
    Queue q = resource_fact<Queue>(r);
    q.visibility_timeout_s = number(*r.properties, "VisibilityTimeout");
    // Absent (not `!Ref AWS::NoValue`, which a second key would not replace): a fix adds it.
    if (!r.properties->find("VisibilityTimeout")) {
      q.visibility_timeout_s.slot = doc::new_entry_slot(path_, fix_text_, *r.entry, "Properties",
                                                        "Type", "VisibilityTimeout");
    }
    q.physical_name = string(*r.properties, "QueueName");
    out_.queues.push_back(std::move(q));
  }

  void read_task_definition(const ResourceView& r) {
    const Node& p = *r.properties;
    TaskDefinition td = resource_fact<TaskDefinition>(r);
    td.cpu_units = units(p, "Cpu", parse_cpu_units);
    td.memory_mb = units(p, "Memory", parse_memory_mb);
    if (const Node* platform = p.find("RuntimePlatform")) {
      td.cpu_architecture = string(*platform, "CpuArchitecture");
    }
    if (const Node* compat = p.find("RequiresCompatibilities")) {
      Resolved list = eval_.resolve(*compat);
      if (list.node && list.node->is_sequence()) {
        for (const Node& c : list.node->items) {
          if (auto s = eval_.string(c, nullptr)) td.compatibilities.push_back(*s);
        }
      }
    }
    if (const Node* containers = p.find("ContainerDefinitions")) {
      for (const ResourceRef& ref : eval_.resource_refs(*containers)) {
        if (eval_.resource_type(ref.name) == "AWS::SQS::Queue")
          td.queues.push_back({ref.name, at(*ref.at)});
      }
    }
    out_.task_definitions.push_back(std::move(td));
  }

  // A non-empty list (after intrinsics) under `key`: the entry, else null.
  const Entry* non_empty_list(const Node& props, std::string_view key) const {
    const Entry* e = property_entry(props, key);
    if (!e) return nullptr;
    Resolved list = eval_.resolve(e->value);
    if (list.node && list.node->is_sequence() && list.node->items.empty()) return nullptr;
    return e;
  }

  // Cloud Map registries, or Service Connect that publishes services (not a client only).
  std::optional<SourceRange> service_discovery(const Node& p) const {
    if (const Entry* registries = non_empty_list(p, "ServiceRegistries"))
      return at(registries->key);
    const Entry* connect = property_entry(p, "ServiceConnectConfiguration");
    if (!connect) return std::nullopt;
    const Node* enabled = connect->value.find("Enabled");
    if (enabled && eval_.string(*enabled, nullptr) == std::optional<std::string>("false")) {
      return std::nullopt;
    }
    if (!non_empty_list(connect->value, "Services")) return std::nullopt;
    return at(connect->key);
  }

  // The first SQS metric below `n`: a Namespace of AWS/SQS or a queue-depth metric name.
  std::optional<SourceRange> sqs_metric_in(const Node& n) const {
    for (const Entry& e : n.entries) {
      if (e.value.is_scalar() && names_queue_metric(e.key.text, e.value.text)) return at(e.key);
      if (auto found = sqs_metric_in(e.value)) return found;
    }
    for (const Node& item : n.items) {
      if (auto found = sqs_metric_in(item)) return found;
    }
    return std::nullopt;
  }

  // An alarm on a queue's metric that triggers scaling policies: they follow the queue.
  void read_alarm(const ResourceView& r) {
    std::optional<SourceRange> metric = sqs_metric_in(*r.properties);
    const Node* actions = r.properties->find("AlarmActions");
    if (!metric || !actions) return;
    for (const ResourceRef& ref : eval_.resource_refs(*actions)) queue_alarms_[ref.name] = *metric;
  }

  // A `CapacityProviderStrategy`'s providers by name. One the template declares is EC2
  // capacity (FARGATE and FARGATE_SPOT are built in): its logical name stands for it.
  std::vector<std::string> capacity_providers(const Node& strategy) const {
    std::vector<std::string> out;
    Resolved list = eval_.resolve(strategy);
    if (!list.node || !list.node->is_sequence()) return out;
    for (const Node& item : list.node->items) {
      const Node* cp = item.find("CapacityProvider");
      if (auto name = cp ? eval_.string(*cp, nullptr) : std::nullopt) {
        out.push_back(*name);
      } else if (cp) {
        for (const ResourceRef& ref : eval_.resource_refs(*cp)) {
          if (eval_.resource_type(ref.name) == "AWS::ECS::CapacityProvider")
            out.push_back(ref.name);
        }
      }
    }
    return out;
  }

  void read_service(const ResourceView& r) {
    const Node& p = *r.properties;
    Service s = resource_fact<Service>(r);
    s.launch_type = string(p, "LaunchType");
    s.desired_count = number(p, "DesiredCount");
    s.physical_name = string(p, "ServiceName");
    s.cluster_name = string(p, "Cluster");
    if (!s.cluster_name.is_written()) s.cluster_name.value = "default";  // ECS's default cluster
    read_cluster_reference(r, p, s);
    if (const Node* strategy = p.find("CapacityProviderStrategy"))
      s.capacity_providers = capacity_providers(*strategy);
    if (const Entry* lbs = non_empty_list(p, "LoadBalancers")) s.load_balancers = at(lbs->key);
    s.service_discovery = service_discovery(p);
    if (const Node* td = p.find("TaskDefinition")) {
      s.task_definition =
          referenced(*td, [](std::string_view t) { return t == "AWS::ECS::TaskDefinition"; });
    }
    out_.services.push_back(std::move(s));
  }

  // `Cluster: !Ref X` names the cluster by X (a cluster resource or a parameter, whose Ref is
  // the name): new resources beside the service can name it so. Without a reference, only a
  // literal name (or ECS's default) can be written; anything else (an ARN attribute, an import)
  // leaves no place for them.
  void read_cluster_reference(const ResourceView& r, const Node& p, Service& s) const {
    const Node* cluster = p.find("Cluster");
    const Node* ref = cluster ? cluster->find("Ref") : nullptr;
    if (ref && ref->is_scalar()) {
      s.cluster = ref->text;
    } else if (cluster && !(cluster->is_scalar() && s.cluster_name.value)) {
      return;
    }
    // An embedded template's Resources are the embedding format's to extend (text_ is empty).
    s.new_blocks = doc::new_entries_slot(path_, text_, *resources_, *r.entry);
  }

  // A service with the EXTERNAL deployment controller runs task sets: what they attach (load
  // balancers, launch type, task definition) is the service's.
  void read_task_set(const ResourceView& r) {
    const Node& p = *r.properties;
    const Node* service_node = p.find("Service");
    std::optional<std::string> name =
        service_node
            ? referenced(*service_node, [](std::string_view t) { return t == "AWS::ECS::Service"; })
            : std::nullopt;
    for (Service& s : out_.services) {
      if (!name || s.id.name != *name) continue;
      if (!s.load_balancers) {
        if (const Entry* lbs = non_empty_list(p, "LoadBalancers")) s.load_balancers = at(lbs->key);
      }
      if (!s.launch_type.is_written()) s.launch_type = string(p, "LaunchType");
      if (!s.task_definition) {
        if (const Node* td = p.find("TaskDefinition")) {
          s.task_definition =
              referenced(*td, [](std::string_view t) { return t == "AWS::ECS::TaskDefinition"; });
        }
      }
    }
  }

  void read_scaling_target(const ResourceView& r) {
    const Node& p = *r.properties;
    ScalingTarget st = resource_fact<ScalingTarget>(r);
    if (const Node* id = p.find("ResourceId")) {
      st.service = referenced(*id, [](std::string_view t) { return t == "AWS::ECS::Service"; });
    }
    st.min_capacity = number(p, "MinCapacity");
    st.max_capacity = number(p, "MaxCapacity");
    if (const Entry* scheduled = non_empty_list(p, "ScheduledActions"))
      st.schedule = at(scheduled->key);
    out_.scaling_targets.push_back(std::move(st));
  }

  // A policy names its target by ScalingTargetId, or by the target's ResourceId (with
  // ScalableDimension and ServiceNamespace) instead.
  void read_scaling_policy(const ResourceView& r) {
    const Node& p = *r.properties;
    std::optional<SourceRange> queue_metric = sqs_metric_in(p);
    if (auto alarm = queue_alarms_.find(r.entry->key.text);
        !queue_metric && alarm != queue_alarms_.end())
      queue_metric = alarm->second;
    auto scales = [&](ScalingTarget& st) {
      st.has_policy = true;
      if (queue_metric && !st.queue_metric) st.queue_metric = queue_metric;
    };
    if (const Node* target = p.find("ScalingTargetId")) {
      for (const ResourceRef& ref : eval_.resource_refs(*target)) {
        for (ScalingTarget& st : out_.scaling_targets) {
          if (ref.name == st.id.name) scales(st);
        }
      }
      return;
    }
    const Node* id = p.find("ResourceId");
    std::optional<std::string> service =
        id ? referenced(*id, [](std::string_view t) { return t == "AWS::ECS::Service"; })
           : std::nullopt;
    for (ScalingTarget& st : out_.scaling_targets) {
      if (service && st.service == service) scales(st);
    }
  }

  void read_database(const ResourceView& r) {
    Database db = resource_fact<Database>(r);
    db.is_cluster = r.type == "AWS::RDS::DBCluster";
    out_.databases.push_back(std::move(db));
  }

  void read_proxy_target_group(const ResourceView& r) {
    DatabaseProxy proxy = resource_fact<DatabaseProxy>(r);
    for (const char* key : {"DBInstanceIdentifiers", "DBClusterIdentifiers"}) {
      if (const Node* ids = r.properties->find(key)) {
        for (const ResourceRef& ref : eval_.resource_refs(*ids)) proxy.targets.push_back(ref.name);
      }
    }
    out_.database_proxies.push_back(std::move(proxy));
  }

  // Metadata: {rightfit: {ignore: [RF401, "RF402 reason"]}} covers the whole resource.
  void read_metadata_suppressions(const ResourceView& r) {
    const Node* meta = r.entry->value.find("Metadata");
    const Node* rf = meta ? meta->find("rightfit") : nullptr;
    const Node* ignore = rf ? rf->find("ignore") : nullptr;
    if (!ignore || !ignore->is_sequence()) return;
    Suppression s;
    s.kind = Suppression::Kind::Metadata;
    s.file = path_;
    s.first_line = r.entry->key.span.begin.line;
    s.last_line = r.entry->value.last_line();
    s.resource = EntityId{path_, r.entry->key.text};
    s.line = ignore->span.begin.line;
    s.column = ignore->span.begin.column;
    for (const Node& item : ignore->items) {
      if (!item.is_scalar()) continue;
      std::string id = item.text.substr(0, item.text.find(' '));
      s.rules.push_back(id);
      if (id.size() < item.text.size()) s.reason = item.text.substr(id.size() + 1);
    }
    if (!s.rules.empty()) out_.suppressions.push_back(std::move(s));
  }

  // `# rightfit:ignore RFnnn reason` on a line or the line above it; on (or above) a
  // resource's header it covers the whole resource.
  void read_comment_suppressions() {
    if (text_.empty() || doc::looks_like_json(path_, text_)) return;
    std::map<uint32_t, CoverableBlock> resources;
    if (const Node* r = root_.find("Resources"); r && r->is_mapping()) {
      for (const Entry& e : r->entries) {
        resources[e.key.span.begin.line] = {e.value.last_line(), EntityId{path_, e.key.text}};
      }
    }
    for (Suppression& s : comment_suppressions(path_, text_, {"#"}, resources)) {
      out_.suppressions.push_back(std::move(s));
    }
  }

  const std::string& path_;
  std::string_view text_;
  std::string_view fix_text_;        // where fixes write: text_, or the embedding file's
  const Node* resources_ = nullptr;  // the template's Resources mapping
  const Node& root_;
  Evaluator eval_;
  const Node* globals_function_ = nullptr;
  const Node empty_ = empty_mapping();
  std::map<std::string, std::string> function_by_name_;  // FunctionName -> logical id
  std::map<std::string, SourceRange> queue_alarms_;      // scaling policy -> its alarm's SQS metric
  FileFacts out_;
};

}  // namespace

FileFacts parse_embedded_template(const std::string& path, const EmbeddedTemplate& embedded) {
  return TemplateReader(path, embedded).read();
}

bool looks_like_template(std::string_view text) {
  if (text.find("AWSTemplateFormatVersion") != std::string_view::npos) return true;
  // `Type: AWS::...` / `"Type": "AWS::...`
  for (size_t at = text.find("AWS::"); at != std::string_view::npos;
       at = text.find("AWS::", at + 5)) {
    size_t i = at;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '"' || text[i - 1] == '\'' ||
                     text[i - 1] == ':' || text[i - 1] == '\t')) {
      --i;
    }
    if (i >= 4 && text.substr(i - 4, 4) == "Type") return true;
  }
  return false;
}

namespace {

Unresolved refers_outside(const Function& f, const char* property, const SourceRange& where,
                          const std::string& written) {
  return Unresolved{f.id, f.header, property, where,
                    "'" + excerpt(written) + "' " + std::string(kRefersOutside)};
}

}  // namespace

void refuse_build_paths_outside(FileFacts& facts, const ReadRoots& roots) {
  const std::filesystem::path beside = std::filesystem::path(facts.file).parent_path();
  // The template's own directory counts as analysed: a template named alone builds from it.
  const ReadRoots own({beside.empty() ? std::string(".") : beside.string()});
  auto outside = [&](const std::string& path) {
    return !roots.contains(path) && !own.contains(path);
  };
  for (Function& f : facts.functions) {
    if (f.type != "AWS::Serverless::Function") continue;
    if (f.code_dir && f.code_uri.value && f.code_uri.written && outside(*f.code_dir)) {
      facts.unresolved.push_back(
          refers_outside(f, "CodeUri", *f.code_uri.written, *f.code_uri.value));
      f.code_dir.reset();
    }
    const Property<std::string>& context = f.docker_context;
    if (context.value && context.written && outside((beside / *context.value).string())) {
      facts.unresolved.push_back(
          refers_outside(f, "DockerContext", *context.written, *context.value));
      f.docker_context = {};
      f.dockerfile = {};
    } else if (f.dockerfile.value && f.dockerfile.written && outside(*f.dockerfile.value)) {
      facts.unresolved.push_back(
          refers_outside(f, "Dockerfile", *f.dockerfile.written, *f.dockerfile.value));
      f.dockerfile = {};
    }
  }
}

bool may_be_template(std::string_view text) {
  return text.find("AWSTemplateFormatVersion") != std::string_view::npos ||
         text.find("AWS::") != std::string_view::npos;
}

std::optional<FileFacts> parse_template(const std::string& path, std::string_view text,
                                        const ParseLimits& limits,
                                        std::span<const TemplateHook> hooks) {
  // Neither a template (is_template) nor one that failed to load (looks_like_template) can
  // lack both words: most YAML/JSON of a repository (manifests, package.json, workflows) is
  // declined without being loaded.
  if (!may_be_template(text)) return std::nullopt;
  const bool json = doc::looks_like_json(path, text);
  const doc::LoadLimits load_limits = doc::load_limits_of(limits);
  doc::LoadResult loaded =
      json ? doc::load_json(text, load_limits) : doc::load_yaml(text, load_limits);
  if (!loaded.ok()) {
    if (!looks_like_template(text)) return std::nullopt;
    FileFacts facts;
    facts.file = path;
    Position where = loaded.problem().where;
    std::string message =
        doc::describe_load_error(loaded.problem(), json ? "invalid JSON: " : "invalid YAML: ");
    facts.parse_errors.push_back({SourceRange{path, Span{where, where}}, std::move(message)});
    return facts;
  }
  if (!is_template(*loaded)) return std::nullopt;
  FileFacts facts = TemplateReader(path, text, *loaded).read();
  for (TemplateHook hook : hooks) hook(path, *loaded, facts);
  return facts;
}

}  // namespace rightfit::cfn
