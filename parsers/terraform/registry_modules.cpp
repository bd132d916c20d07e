#include "parsers/terraform/registry_modules.h"

#include <filesystem>
#include <functional>

#include "parsers/aws_limits.h"
#include "parsers/terraform/tf_properties.h"

namespace rightfit::tf {

namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

bool names_module(const std::string& address) {
  size_t at = address.rfind("module.");
  return at != std::string::npos && address.find('.', at + 7) == std::string::npos;
}

// "registry.terraform.io/terraform-aws-modules/ecs/aws//modules/service" ->
// "terraform-aws-modules/ecs/aws//modules/service"
std::string registry_name(std::string source) {
  for (std::string_view host : {"registry.terraform.io/", "app.terraform.io/"}) {
    if (starts_with(source, host)) source = source.substr(host.size());
  }
  return source;
}

// The inputs of one module call (or of one entry of a map input such as `services`).
// The address of one element of a map input: `<address>.<input>["<key>"]`.
std::string element_address(const std::string& address, std::string_view input,
                            const std::string& key) {
  std::string out = address;
  out += '.';
  out += input;
  out += "[\"";
  out += key;
  out += "\"]";
  return out;
}

class Inputs {
 public:
  Inputs(const ModuleInstance& caller, const Located& call)
      : header_{call.file->path, call.block->header} {
    // As the first instance sees them (`each.value`, `count.index`).
    std::optional<Iteration> first = first_instance(caller, *call.block, *call.file);
    const Iteration* iteration = first && !first->name.empty() ? &*first : nullptr;
    for (const hcl::Attribute& a : call.block->body.attributes) {
      values_.emplace_back(a.name, caller.input(a, *call.file, iteration));
    }
  }
  Inputs(SourceRange header, const Value& object) : header_(std::move(header)) {
    for (const auto& [k, v] : object.map) values_.emplace_back(k, v);
  }

  const Value* get(std::string_view name) const {
    for (const auto& [k, v] : values_) {
      if (k == name) return &v;
    }
    return nullptr;
  }
  // Written value, else the module's documented default (not "written": it lands on the header).
  Property<double> number(std::string_view name,
                          std::optional<double> fallback = std::nullopt) const {
    const Value* v = get(name);
    Property<double> p = v ? number_property(*v) : Property<double>{};
    if (!p.is_written()) p.value = fallback;
    return p;
  }
  Property<std::string> string(std::string_view name,
                               std::optional<std::string> fallback = std::nullopt) const {
    const Value* v = get(name);
    Property<std::string> p = v ? string_property(*v) : Property<std::string>{};
    if (!p.is_written()) p.value = std::move(fallback);
    return p;
  }
  bool enabled(std::string_view name) const {
    const Value* v = get(name);
    return !v || v->as_bool().value_or(true);
  }
  // A flag that is off unless set (to a value known to be true).
  bool set(std::string_view name) const {
    const Value* v = get(name);
    return v && v->as_bool().value_or(false);
  }
  std::vector<Reference> references() const {
    std::vector<Reference> out;
    for (const auto& [k, v] : values_) {
      if (k == "depends_on") continue;  // ordering, not use
      for (const ResourceAddress& r : v.refs)
        out.push_back({r.address, v.origin.value_or(header_)});
    }
    return out;
  }
  const SourceRange& header() const { return header_; }

 private:
  SourceRange header_;
  std::vector<std::pair<std::string, Value>> values_;
};

template <class Fact>
Fact module_fact(const std::string& scope, const std::string& address, const std::string& type,
                 const Located& call) {
  Fact f;
  f.id = EntityId{scope, address};
  f.type = "module:" + type;
  f.header = SourceRange{call.file->path, call.block->header};
  f.last_line = call.block->last_line;
  return f;
}

std::string kind_of_source(const ResourceAddress& ref, const Value& arn) {
  std::string literal = arn.kind == Value::Kind::String ? arn.string : "";
  if (ref.address.find("aws_sqs_queue.") != std::string::npos || is_registry_queue_output(ref) ||
      literal.find(":sqs:") != std::string::npos) {
    return "SQS";
  }
  if (ref.address.find("aws_kinesis_stream.") != std::string::npos) return "Kinesis";
  if (ref.address.find("aws_dynamodb_table.") != std::string::npos) return "DynamoDB";
  return "EventSourceMapping";
}

// `image_uri = module.image.image_uri` where module "image" is the lambda module's
// docker-build submodule: the Dockerfile is its docker_file_path inside source_path.
Property<std::string> docker_build_of(const ModuleInstance& caller, const Inputs& lambda) {
  const Value* uri = lambda.get("image_uri");
  if (!uri) return {};
  for (const ResourceAddress& ref : uri->refs) {
    for (const Located& call : caller.blocks("module")) {
      if (call.block->labels.empty() ||
          caller.prefix() + "module." + call.block->labels[0] != ref.address) {
        continue;
      }
      const hcl::Attribute* source = call.block->body.attribute("source");
      Value s = source ? caller.attribute(*source, *call.file) : Value{};
      if (s.kind != Value::Kind::String ||
          registry_name(s.string) != "terraform-aws-modules/lambda/aws//modules/docker-build") {
        continue;
      }
      Inputs build(caller, call);
      Property<std::string> context = build.string("source_path");
      Property<std::string> file = build.string("docker_file_path", "Dockerfile");
      if (!context.value || !file.value) return {};
      // Relative paths are relative to where Terraform runs (the root module's directory;
      // the caller's stands in for it); path.module gives absolute ones.
      Property<std::string> p;
      p.value = resolve_path_argument(caller.directory(), *context.value + "/" + *file.value);
      p.written = context.written;
      return p;
    }
  }
  return {};
}

// An input that says something: not absent, null, or an empty list or map.
bool given(const Value* v) {
  if (!v || v->is_null()) return false;
  if (v->kind == Value::Kind::List) return !v->items.empty();
  if (v->kind == Value::Kind::Map) return !v->map.empty();
  return true;
}

void read_lambda(const ModuleInstance& caller, const Located& call, const std::string& scope,
                 const std::string& address, FileFacts& out) {
  Inputs in(caller, call);
  // The module makes a function only when `create_function && !create_layer`: with
  // create_layer it publishes a layer, not a workload.
  if (!in.enabled("create") || !in.enabled("create_function") || in.set("create_layer")) return;
  Function f = module_fact<Function>(scope, address, "terraform-aws-modules/lambda/aws", call);
  // The module passes AWS's own defaults through.
  f.timeout_s = in.number("timeout", aws::kLambdaDefaultTimeoutS);
  if (const Value* durable = in.get("durable_config_execution_timeout"); given(durable))
    f.durable = durable->origin.value_or(in.header());
  f.memory_mb = in.number("memory_size", aws::kLambdaDefaultMemoryMb);
  f.architecture = in.string("architectures");
  f.handler = in.string("handler");
  f.package_type = in.string("package_type", "Zip");
  // -1 is the module's "not set" for both concurrency inputs.
  f.reserved_concurrency = in.number("reserved_concurrent_executions");
  if (f.reserved_concurrency.value && *f.reserved_concurrency.value < 0)
    f.reserved_concurrency = {};
  f.provisioned_concurrency = in.number("provisioned_concurrent_executions");
  if (f.provisioned_concurrency.value && *f.provisioned_concurrency.value < 0)
    f.provisioned_concurrency = {};
  if (in.get("source_path")) f.code_uri = in.string("source_path");
  if (!f.code_uri.value) f.code_uri = {};
  if (f.code_uri.value) f.code_dir = resolve_path_argument(caller.directory(), *f.code_uri.value);
  f.references = in.references();
  f.dockerfile = docker_build_of(caller, in);
  if (const Value* esm = in.get("event_source_mapping"); esm && esm->kind == Value::Kind::Map) {
    for (const auto& [key, entry] : esm->map) {
      const Value* arn = entry.get("event_source_arn");
      if (!arn) continue;
      Trigger t{scope,
                "EventSourceMapping",
                address,
                std::nullopt,
                arn->origin.value_or(in.header()),
                {},
                {},
                true};
      if (!arn->refs.empty()) {
        t.source = arn->refs.front().address;
        t.kind = kind_of_source(arn->refs.front(), *arn);
      }
      if (const Value* window = entry.get("maximum_batching_window_in_seconds"); given(window))
        t.batching_window_s = number_property(*window);
      out.triggers.push_back(std::move(t));
    }
  }
  if (const Value* triggers = in.get("allowed_triggers");
      triggers && triggers->kind == Value::Kind::Map) {
    for (const auto& [key, entry] : triggers->map) {
      const Value* service = entry.get("service");
      const Value* principal = entry.get("principal");
      bool api = (service && service->as_string() == std::optional<std::string>("apigateway")) ||
                 (principal &&
                  principal->as_string() == std::optional<std::string>("apigateway.amazonaws.com"));
      if (!api) continue;
      ApiIntegration a{scope,
                       "API Gateway (allowed_triggers." + key + ")",
                       address,
                       entry.origin.value_or(in.header()),
                       {}};
      out.api_integrations.push_back(std::move(a));
    }
  }
  out.functions.push_back(std::move(f));
}

void read_sqs(const ModuleInstance& caller, const Located& call, const std::string& scope,
              const std::string& address, FileFacts& out) {
  Inputs in(caller, call);
  if (!in.enabled("create")) return;
  Queue q = module_fact<Queue>(scope, address, "terraform-aws-modules/sqs/aws", call);
  q.visibility_timeout_s = in.number("visibility_timeout_seconds");
  out.queues.push_back(std::move(q));
}

// One ECS service of the ecs/aws//modules/service module (or an entry of ecs/aws `services`).
void read_ecs_service(const Inputs& in, const Located& call, const std::string& scope,
                      const std::string& address, FileFacts& out) {
  if (!in.enabled("create") || !in.enabled("create_service")) return;
  const std::string type = "terraform-aws-modules/ecs/aws//modules/service";
  Service s = module_fact<Service>(scope, address, type, call);
  s.header = in.header();
  s.launch_type = in.string("launch_type", "FARGATE");
  s.desired_count = in.number("desired_count", 1);
  if (const Value* cps = in.get("capacity_provider_strategy");
      cps && cps->kind == Value::Kind::Map) {
    for (const auto& [k, v] : cps->map) {
      const Value* cp = v.get("capacity_provider");
      if (auto name = cp ? cp->as_string() : std::nullopt) s.capacity_providers.push_back(*name);
    }
    // A strategy replaces the module's default launch type, even when its providers'
    // names are not statically known (an EC2 capacity provider from another module).
    if (!cps->map.empty() && !in.get("launch_type")) s.launch_type = {};
  }
  // A map in the module's documentation; a list of objects in older callers (v5).
  if (const Value* lb = in.get("load_balancer");
      lb && ((lb->kind == Value::Kind::Map && !lb->map.empty()) ||
             (lb->kind == Value::Kind::List && !lb->items.empty()))) {
    s.load_balancers = lb->origin.value_or(in.header());
  }
  // Cloud Map registries, or Service Connect publishing services (not a client only): it
  // serves requests.
  const Value* registries = in.get("service_registries");
  const Value* connect = in.get("service_connect_configuration");
  if (given(registries)) {
    s.service_discovery = registries->origin.value_or(in.header());
  } else if (given(connect) &&
             (connect->kind != Value::Kind::Map || given(connect->get("service")))) {
    s.service_discovery = connect->origin.value_or(in.header());
  }
  // `create_task_definition = false` runs the caller's own task definition instead.
  std::optional<std::string> external_task_definition;
  if (!in.enabled("create_task_definition")) {
    if (const Value* arn = in.get("task_definition_arn")) {
      for (const ResourceAddress& ref : arn->refs) {
        if (ref.address.find("aws_ecs_task_definition.") != std::string::npos)
          external_task_definition = ref.address;
      }
    }
  }
  TaskDefinition td = module_fact<TaskDefinition>(scope, address + ".task_definition", type, call);
  td.header = in.header();
  td.cpu_units = in.number("cpu", 1024);
  td.memory_mb = in.number("memory", 2048);
  s.task_definition = external_task_definition.value_or(td.id.name);
  if (in.enabled("enable_autoscaling")) {
    ScalingTarget st = module_fact<ScalingTarget>(scope, address + ".autoscaling", type, call);
    st.header = in.get("enable_autoscaling")
                    ? in.get("enable_autoscaling")->origin.value_or(in.header())
                    : in.header();
    st.service = address;
    st.min_capacity = in.number("autoscaling_min_capacity", 1);
    st.max_capacity = in.number("autoscaling_max_capacity", 10);
    const Value* policies = in.get("autoscaling_policies");
    // The module's default policies track CPU and memory.
    st.has_policy = !policies || (policies->kind == Value::Kind::Map && !policies->map.empty()) ||
                    !policies->known();
    out.scaling_targets.push_back(std::move(st));
  }
  if (!external_task_definition) out.task_definitions.push_back(std::move(td));
  out.services.push_back(std::move(s));
}

void read_ecs(const ModuleInstance& caller, const Located& call, const std::string& scope,
              const std::string& address, FileFacts& out) {
  Inputs in(caller, call);
  if (!in.enabled("create")) return;
  const Value* services = in.get("services");
  if (!services || services->kind != Value::Kind::Map) return;
  for (const auto& [key, entry] : services->map) {
    Inputs service(entry.origin.value_or(in.header()), entry);
    read_ecs_service(service, call, scope, element_address(address, "services", key), out);
  }
}

// apigateway-v2: `routes` (v5: {"GET /" = {integration = {uri, timeout_milliseconds}}}) or
// `integrations` (before v5: {"GET /" = {lambda_arn, timeout_milliseconds}}).
void read_http_api(const ModuleInstance& caller, const Located& call, const std::string& scope,
                   FileFacts& out) {
  Inputs in(caller, call);
  if (!in.enabled("create")) return;
  for (const char* input : {"routes", "integrations"}) {
    const Value* routes = in.get(input);
    if (!routes || routes->kind != Value::Kind::Map) continue;
    for (const auto& [route, entry] : routes->map) {
      const Value* integration = entry.get("integration");
      const Value& target = integration ? *integration : entry;
      const Value* uri = target.get("uri");
      if (!uri) uri = target.get("lambda_arn");
      if (!uri) continue;
      for (const ResourceAddress& ref : uri->refs) {
        if (ref.address.find("aws_lambda_function.") == std::string::npos &&
            !is_registry_function_output(ref)) {
          continue;
        }
        ApiIntegration api{scope,
                           "HTTP API route \"" + route + "\"",
                           ref.address,
                           entry.origin.value_or(in.header()),
                           {}};
        if (const Value* t = target.get("timeout_milliseconds"))
          api.timeout_ms = number_property(*t);
        api.http_api = true;
        out.api_integrations.push_back(std::move(api));
        break;
      }
    }
  }
}

// EKS Fargate profile selectors as the eks module takes them:
// `[{namespace = "x", labels = {k = "v"}}]`. A selector whose namespace or labels are not
// statically known selects nothing here, as for aws_eks_fargate_profile.
void read_profile(const Inputs& in, const std::string& scope, const std::string& address,
                  const Located& call, FileFacts& out) {
  if (!in.enabled("create")) return;
  FargateProfile profile = module_fact<FargateProfile>(
      scope, address, "terraform-aws-modules/eks/aws//modules/fargate-profile", call);
  profile.header = in.header();
  const Value* selectors = in.get("selectors");
  if (selectors && selectors->kind == Value::Kind::List) {
    for (const Value& sel : selectors->items) {
      const Value* ns = sel.get("namespace");
      std::optional<std::string> name = ns ? ns->as_string() : std::nullopt;
      if (!name) continue;
      PodSelector selector{*name, {}, sel.origin.value_or(in.header())};
      const Value* labels = sel.get("labels");
      bool known = !labels || labels->is_null() || labels->kind == Value::Kind::Map;
      if (labels && labels->kind == Value::Kind::Map) {
        for (const auto& [key, value] : labels->map) {
          std::optional<std::string> text = value.as_string();
          known = known && text.has_value();
          if (text) selector.labels.emplace_back(key, *text);
        }
      }
      if (known) profile.selectors.push_back(std::move(selector));
    }
  }
  out.fargate_profiles.push_back(std::move(profile));
}

// The eks module: each entry of `fargate_profiles` is a profile.
void read_eks(const ModuleInstance& caller, const Located& call, const std::string& scope,
              const std::string& address, FileFacts& out) {
  Inputs in(caller, call);
  if (!in.enabled("create")) return;
  const Value* profiles = in.get("fargate_profiles");
  if (!profiles || profiles->kind != Value::Kind::Map) return;
  for (const auto& [key, entry] : profiles->map) {
    if (entry.kind != Value::Kind::Map) continue;
    Inputs profile(entry.origin.value_or(in.header()), entry);
    read_profile(profile, scope, element_address(address, "fargate_profiles", key), call, out);
  }
}

}  // namespace

bool is_registry_function_output(const ResourceAddress& ref) {
  return names_module(ref.address) && starts_with(ref.attribute, "lambda_function_");
}

bool is_registry_queue_output(const ResourceAddress& ref) {
  return names_module(ref.address) && starts_with(ref.attribute, "queue_");
}

bool is_known_registry_module(const std::string& source) {
  const std::string name = registry_name(source);
  return name == "terraform-aws-modules/lambda/aws" || name == "terraform-aws-modules/sqs/aws" ||
         name == "terraform-aws-modules/ecs/aws" ||
         name == "terraform-aws-modules/ecs/aws//modules/service" ||
         name == "terraform-aws-modules/apigateway-v2/aws";
}

bool read_registry_module(const ModuleInstance& caller, const Located& call,
                          const std::string& scope, FileFacts& out) {
  const hcl::Attribute* source_attr = call.block->body.attribute("source");
  if (!source_attr || call.block->labels.empty()) return false;
  Value source = caller.attribute(*source_attr, *call.file);
  if (source.kind != Value::Kind::String) return false;
  const std::string name = registry_name(source.string);
  const std::string address = caller.prefix() + "module." + call.block->labels[0];
  if (name == "terraform-aws-modules/lambda/aws")
    read_lambda(caller, call, scope, address, out);
  else if (name == "terraform-aws-modules/sqs/aws")
    read_sqs(caller, call, scope, address, out);
  else if (name == "terraform-aws-modules/ecs/aws")
    read_ecs(caller, call, scope, address, out);
  else if (name == "terraform-aws-modules/ecs/aws//modules/service") {
    read_ecs_service(Inputs(caller, call), call, scope, address, out);
  } else if (name == "terraform-aws-modules/eks/aws" ||
             name == "terraform-aws-modules/eks/aws//modules/fargate-profile") {
    // Fargate profiles only, no workload: a plan still gives what else the module creates.
    if (name == "terraform-aws-modules/eks/aws")
      read_eks(caller, call, scope, address, out);
    else
      read_profile(Inputs(caller, call), scope, address, call, out);
    return false;
  } else if (name == "terraform-aws-modules/apigateway-v2/aws")
    read_http_api(caller, call, scope, out);
  else
    return false;
  return true;
}

}  // namespace rightfit::tf
