#include "parsers/serverless/serverless_parser.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>

#include "parsers/cloudformation/intrinsics.h"
#include "parsers/cloudformation/template_parser.h"
#include "parsers/document/document.h"
#include "parsers/document/value_slots.h"
#include "parsers/printable.h"
#include "parsers/serverless/variables.h"
#include "parsers/suppression_comments.h"
#include "parsers/text_position.h"

namespace rightfit::sls {

namespace {

namespace fs = std::filesystem;
using doc::Entry;
using doc::Node;

// Serverless Framework's own defaults (they differ from AWS's 3 s and 128 MB).
constexpr double kDefaultTimeoutS = 6;
constexpr double kDefaultMemoryMb = 1024;
constexpr double kManagedInstancesDefaultMemoryMb = 2048;  // a function with capacityProvider

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The logical ID Serverless gives a function in the template it generates.
std::string lambda_logical_id(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '-') {
      out += "Dash";
    } else if (c == '_') {
      out += "Underscore";
    } else {
      out += c;
    }
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + "LambdaFunction";
}

Node empty_mapping() {
  Node n;
  n.kind = Node::Kind::Mapping;
  return n;
}

// The text before the first glob character of a `package.patterns` entry, up to its last '/'.
std::string pattern_directory(std::string_view pattern) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  std::size_t glob = pattern.find_first_of("*?[{");
  std::string_view head = pattern.substr(0, glob);
  std::size_t slash = head.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(head.substr(0, slash));
}

bool is_exclude_all(std::string_view p) {
  return p == "!**" || p == "!./**" || p == "!**/*" || p == "!*" || p == "!./**/*";
}

class ServiceReader {
 public:
  ServiceReader(const std::string& path, std::string_view text, const Node& original,
                const ResolvedDocument& resolved)
      : path_(path),
        text_(text),
        original_(original),
        root_(*resolved.root),
        unresolved_(resolved.unresolved),
        eval_(empty_) {
    out_.file = path;
  }

  FileFacts read() {
    const Node* provider = root_.find("provider");
    if (provider && provider->is_scalar()) provider = &empty_;  // `provider: aws` (old form)
    if (!provider || !provider->is_mapping()) return std::move(out_);
    const Node* name = provider->find("name");
    const Node* old = root_.find("provider");
    const bool aws = (old && old->is_scalar() && old->text == "aws") ||
                     (name && name->is_scalar() && name->text == "aws");
    if (!aws) return std::move(out_);  // Azure, Google, ...: nothing AWS to read
    provider_ = provider;
    build_template();
    collect_unresolved(template_, unresolved_);
    collect_functions();
    eval_ = cfn::Evaluator(template_);
    eval_.set_unresolved(&unresolved_);
    for (const auto& [logical, type] : generated_) eval_.declare_resource(logical, type);
    index_queues();

    FileFacts cfn_facts = cfn::parse_embedded_template(
        path_, cfn::EmbeddedTemplate{template_, generated_, function_names_, &unresolved_, text_});
    for (const Entry* e : functions_) read_function(*e);
    merge(std::move(cfn_facts));
    read_comment_suppressions();
    return std::move(out_);
  }

 private:
  SourceRange at(const Node& n) const { return SourceRange{path_, n.span}; }

  // `resources` as one template-shaped mapping (v3 also takes a list of them, merged).
  void build_template() {
    const Node* resources = root_.find("resources");
    template_ = empty_mapping();
    if (!resources) return;
    std::vector<const Node*> parts;
    if (resources->is_mapping()) parts.push_back(resources);
    for (const Node& item : resources->items) {
      if (item.is_mapping()) parts.push_back(&item);
    }
    for (const Node* part : parts) {
      for (const Entry& section : part->entries) {
        Entry* into = nullptr;
        for (Entry& e : template_.entries) {
          if (e.key.text == section.key.text) into = &e;
        }
        if (!into) {
          template_.entries.push_back(section);
          continue;
        }
        for (const Entry& item : section.value.entries) into->value.entries.push_back(item);
      }
    }
  }

  void collect_functions() {
    const Node* functions = root_.find("functions");
    if (!functions) return;
    auto take = [&](const Node& m) {
      for (const Entry& e : m.entries) {
        if (e.key.is_scalar() && e.value.is_mapping()) functions_.push_back(&e);
      }
    };
    if (functions->is_mapping()) take(*functions);
    for (const Node& item : functions->items) take(item);  // v3: a list of mappings
    std::string service;
    if (const Node* s = root_.find("service")) {
      const Node* n = s->is_mapping() ? s->find("name") : s;
      if (n && n->is_scalar() && !unresolved_.count(n)) service = n->text;
    }
    std::string stage = "dev";
    if (const Node* s = provider_->find("stage"); s && s->is_scalar() && !unresolved_.count(s)) {
      stage = s->text;
    }
    for (const Entry* e : functions_) {
      const std::string logical = lambda_logical_id(e->key.text);
      generated_[logical] = "AWS::Lambda::Function";
      logical_to_key_[logical] = e->key.text;
      const Node* name = e->value.find("name");
      if (name && name->is_scalar() && !unresolved_.count(name)) {
        function_names_[name->text] = logical;
      } else if (!service.empty()) {
        std::string deployed = service;  // <service>-<stage>-<function>
        deployed += '-';
        deployed += stage;
        deployed += '-';
        deployed += e->key.text;
        function_names_[deployed] = logical;
      }
    }
  }

  void index_queues() {
    const Node* resources = template_.find("Resources");
    if (!resources) return;
    for (const Entry& e : resources->entries) {
      const Node* type = e.value.find("Type");
      if (!type || !type->is_scalar() || type->text != "AWS::SQS::Queue") continue;
      const Node* props = e.value.find("Properties");
      const Node* name = props ? props->find("QueueName") : nullptr;
      if (!name) continue;
      if (std::optional<std::string> n = eval_.string(*name, nullptr))
        queue_by_name_[*n] = e.key.text;
    }
  }

  // `key` of the function, else of the provider (its defaults).
  const Entry* setting(const Node& fn, std::string_view key, bool inherited) const {
    if (const Entry* e = fn.find_entry(key)) return e;
    return inherited ? provider_->find_entry(key) : nullptr;
  }

  Property<double> number(const Node& fn, std::string_view key, bool inherited) const {
    Property<double> p;
    const Entry* e = setting(fn, key, inherited);
    if (!e || e->value.is_null()) return p;
    p.written = at(e->key);
    std::string why;
    p.value = eval_.number(e->value, &why);
    if (!p.value && e->value.is_scalar() && !unresolved_.count(&e->value)) {
      why = not_a_number(e->value);  // e.g. `memorySize: 1536MB`
    }
    if (!p.value) p.unresolved = why;
    if (p.value && e->value.is_scalar()) {
      p.slot = doc::scalar_slot(path_, text_, e->value);
    }
    return p;
  }

  // Why `value` is no number, quoting what this file says there: a value a variable brought
  // in (`${file(./.env)}`) is never echoed, only the variable written here.
  std::string not_a_number(const Node& value) const {
    const std::size_t begin = offset_of(text_, value.span.begin);
    const std::size_t end = std::max(begin, offset_of(text_, value.span.end));
    std::string_view written = text_.substr(begin, end - begin);
    if (written.size() >= 2 && (written.front() == '\'' || written.front() == '"') &&
        written.back() == written.front()) {
      written = written.substr(1, written.size() - 2);
    }
    if (written == value.text) return "'" + excerpt(written) + "' is not a number";
    return "'" + excerpt(written) + "' does not give a number";
  }

  Property<std::string> string(const Node& fn, std::string_view key, bool inherited) const {
    Property<std::string> p;
    const Entry* e = setting(fn, key, inherited);
    if (!e || e->value.is_null()) return p;
    p.written = at(e->key);
    std::string why;
    p.value = eval_.string(e->value, &why);
    if (!p.value) p.unresolved = why;
    return p;
  }

  void unresolved(const Function& f, std::string property, const Node& key, std::string why) {
    out_.unresolved.push_back(
        Unresolved{f.id, f.header, std::move(property), at(key), std::move(why)});
  }

  uint32_t original_last_line(const Entry& e) const {
    const Node* functions = original_.find("functions");
    const Node* fn = functions ? functions->find(e.key.text) : nullptr;
    return fn ? std::max(fn->last_line(), e.key.span.begin.line) : e.key.span.begin.line;
  }

  void read_function(const Entry& e) {
    const Node& fn = e.value;
    Function f;
    f.id = EntityId{path_, e.key.text};
    f.type = "AWS::Lambda::Function";
    f.header = at(e.key);
    f.last_line = original_last_line(e);
    f.timeout_s = number(fn, "timeout", true);
    if (!f.timeout_s.is_written()) f.timeout_s.value = kDefaultTimeoutS;
    // Lambda Managed Instances: `capacityProvider: <name>` (a provider.capacityProviders entry,
    // or `default`), the same fact as CloudFormation's CapacityProviderConfig. Serverless then
    // gives the function 2048 MB, not 1024, and leaves the per-environment concurrency to the
    // runtime's default.
    // https://www.serverless.com/framework/docs/providers/aws/guide/managed-instances (read
    // 2026-12-07)
    if (const Entry* cp = fn.find_entry("capacityProvider")) f.capacity_provider = at(cp->key);
    f.memory_mb = number(fn, "memorySize", true);
    if (!f.memory_mb.is_written())
      f.memory_mb.value = f.capacity_provider ? kManagedInstancesDefaultMemoryMb : kDefaultMemoryMb;
    f.architecture = string(fn, "architecture", true);
    f.reserved_concurrency = number(fn, "reservedConcurrency", false);
    f.provisioned_concurrency = number(fn, "provisionedConcurrency", false);
    apply_overrides(f);
    if (const Entry* image = fn.find_entry("image")) {
      read_image(f, *image);
    } else {
      read_handler(f, fn);
    }
    for (const cfn::ResourceRef& r : eval_.resource_refs(fn))
      f.references.push_back({r.name, at(*r.at)});
    if (const Node* env = provider_->find("environment")) {
      for (const cfn::ResourceRef& r : eval_.resource_refs(*env)) {
        f.references.push_back({r.name, at(*r.at)});
      }
    }
    if (const Node* events = fn.find("events"); events && events->is_sequence()) {
      for (const Node& ev : events->items) {
        if (ev.is_mapping() && ev.entries.size() == 1) read_event(f, ev.entries.front());
      }
    }
    out_.functions.push_back(std::move(f));
  }

  // `resources.Resources.<Key>LambdaFunction.Properties` (no Type) overrides what Serverless
  // generates for the function.
  void apply_overrides(Function& f) const {
    const Node* resources = template_.find("Resources");
    const Node* generated = resources ? resources->find(lambda_logical_id(f.id.name)) : nullptr;
    if (!generated || generated->find("Type")) return;
    const Node* props = generated->find("Properties");
    if (!props || !props->is_mapping()) return;
    if (props->find("Timeout")) f.timeout_s = number(*props, "Timeout", false);
    if (props->find("MemorySize")) f.memory_mb = number(*props, "MemorySize", false);
    if (props->find("ReservedConcurrentExecutions")) {
      f.reserved_concurrency = number(*props, "ReservedConcurrentExecutions", false);
    }
  }

  // `image: name` / `image: {name: ...}` of provider.ecr.images (a Dockerfile built here), or
  // an image URI (built elsewhere).
  void read_image(Function& f, const Entry& image) {
    f.package_type.value = "Image";
    f.package_type.written = at(image.key);
    const Node* name = &image.value;
    if (image.value.is_mapping()) {
      if (image.value.find("uri")) return;
      name = image.value.find("name");
      if (!name) return;
    }
    if (unresolved_.count(name)) {
      unresolved(f, "image", image.key, unresolved_.at(name));
      return;
    }
    if (!name->is_scalar()) return;
    const std::string& n = name->text;
    if (n.find_first_of("/:@") != std::string::npos) return;  // a URI
    const Node* ecr = provider_->find("ecr");
    const Node* images = ecr ? ecr->find("images") : nullptr;
    const Node* built = images ? images->find(n) : nullptr;
    if (!built) {
      unresolved(f, "image", image.key, "image '" + n + "' is not in provider.ecr.images");
      return;
    }
    if (built->is_scalar()) return;  // `images: {name: <uri>}`
    // `platform: linux/arm64` builds for arm64: the function's architecture unless it says one.
    if (const Entry* platform = built->find_entry("platform");
        platform && platform->value.is_scalar() && !f.architecture.is_written()) {
      const std::string& p = platform->value.text;
      if (p.ends_with("/arm64") || p.ends_with("/amd64")) {
        f.architecture.value = p.ends_with("/arm64") ? "arm64" : "x86_64";
        f.architecture.written = at(platform->key);
      }
    }
    if (built->find("uri")) return;
    std::string why;
    std::string dir = ".";
    std::string file = "Dockerfile";
    if (const Node* p = built->find("path")) {
      std::optional<std::string> v = eval_.string(*p, &why);
      if (!v) return unresolved(f, "image", image.key, why);
      dir = *v;
    }
    if (const Node* p = built->find("file")) {
      std::optional<std::string> v = eval_.string(*p, &why);
      if (!v) return unresolved(f, "image", image.key, why);
      file = *v;
    }
    // Serverless builds `file` inside `path`, both relative to the service directory.
    f.dockerfile.value =
        (fs::path(path_).parent_path() / dir / file).lexically_normal().generic_string();
    f.dockerfile.written = at(image.key);
    f.docker_context.value =
        (fs::path(path_).parent_path() / dir).lexically_normal().generic_string();
  }

  // `handler: src/orders/handler.main`: the module's directory holds the function's code.
  void read_handler(Function& f, const Node& fn) {
    const Entry* handler = fn.find_entry("handler");
    if (!handler || !handler->value.is_scalar() || unresolved_.count(&handler->value)) return;
    if (artifact(fn)) return;  // a prebuilt package: no local source to link
    std::string module = handler->value.text;
    if (module.starts_with("./")) module = module.substr(2);
    std::string entry;  // the function the module exports: `main` of `src/handler.main`
    if (std::size_t dot = module.rfind('.');
        dot != std::string::npos && dot > module.rfind('/') + 1) {
      entry = module.substr(dot + 1);
      module = module.substr(0, dot);
    }
    std::string dir = fs::path(module).parent_path().generic_string();
    if (dir.starts_with("./")) dir = dir.substr(2);
    if (std::optional<std::string> narrowed = packaged_directory(fn)) {
      if (dir.empty() || !(dir == *narrowed || dir.starts_with(*narrowed + "/"))) dir = *narrowed;
    }
    f.code_uri.value = dir.empty() ? "." : dir;
    f.code_uri.written = at(handler->key);
    // As SAM's Handler, relative to the code directory: `handler.main` in `src/orders`.
    if (!entry.empty()) {
      std::string relative =
          fs::path(module).lexically_relative(dir.empty() ? "." : dir).generic_string();
      if (!relative.empty() && !relative.starts_with("..")) {
        f.handler.value = relative + "." + entry;
        f.handler.written = at(handler->key);
      }
    }
    std::string code = (fs::path(path_).parent_path() / dir).lexically_normal().generic_string();
    while (code.size() > 1 && code.back() == '/') code.pop_back();
    f.code_dir = code.empty() ? "." : code;
  }

  const Node* package_of(const Node& fn) const {
    const Node* own = fn.find("package");
    if (own && own->is_mapping()) return own;
    const Node* service = root_.find("package");
    return service && service->is_mapping() ? service : nullptr;
  }

  bool artifact(const Node& fn) const {
    const Node* own = fn.find("package");
    if (own && own->find("artifact")) return true;
    const Node* service = root_.find("package");
    return service && service->find("artifact") && !(own && own->find("patterns"));
  }

  // `package.patterns` that exclude everything and include one directory: that directory.
  std::optional<std::string> packaged_directory(const Node& fn) const {
    const Node* package = package_of(fn);
    const Node* patterns = package ? package->find("patterns") : nullptr;
    if (!patterns || !patterns->is_sequence() || patterns->items.empty()) return std::nullopt;
    if (!patterns->items.front().is_scalar() || !is_exclude_all(patterns->items.front().text)) {
      return std::nullopt;
    }
    std::optional<std::string> dir;
    for (const Node& p : patterns->items) {
      if (!p.is_scalar() || p.text.empty() || p.text[0] == '!') continue;
      std::string d = pattern_directory(p.text);
      if (d.empty() || (dir && *dir != d)) return std::nullopt;
      dir = d;
    }
    return dir;
  }

  // The value of an event given as `- sqs: <arn>` or `- sqs: {arn: <arn>}`.
  const Entry* arn_entry(const Entry& ev) const {
    if (ev.value.is_mapping()) return ev.value.find_entry("arn");
    return &ev;
  }

  // `http`/`httpApi`: an integration that calls the function synchronously, if it does.
  void read_api_event(const Function& f, const Entry& ev) {
    const std::string& type = ev.key.text;
    if (ev.value.is_mapping()) {
      if (const Node* integration = ev.value.find("integration");
          integration && integration->is_scalar()) {
        std::string i = integration->text;
        for (char& c : i) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (i != "lambda" && i != "lambda-proxy" && i != "lambda_proxy" && i != "aws_proxy" &&
            i != "aws-proxy") {
          return;  // mock, http, http-proxy: API Gateway does not call the function
        }
      }
      const Node* async = ev.value.find("async");
      if (async && async->is_scalar() && async->text == "true") return;  // invoked as an event
    }
    ApiIntegration api{path_, type, f.id.name, at(ev.key), {}};
    api.http_api = type == "httpApi";
    out_.api_integrations.push_back(std::move(api));
  }

  void read_event(Function& f, const Entry& ev) {
    const std::string& type = ev.key.text;
    if (type == "http" || type == "httpApi") {
      read_api_event(f, ev);
      return;
    }
    if (type == "schedule") {
      read_schedule_event(f, ev);
      return;
    }
    static const std::map<std::string, std::string, std::less<>> kinds = {
        {"sqs", "SQS"},
        {"s3", "S3"},
        {"sns", "SNS"},
        {"eventBridge", "EventBridgeRule"},
        {"cloudwatchEvent", "CloudWatchEvent"},
        {"cloudwatchLog", "CloudWatchLogs"},
        {"iot", "IoTRule"},
        {"alexaSkill", "AlexaSkill"},
        {"cognitoUserPool", "Cognito"},
        {"msk", "MSK"},
        {"kafka", "SelfManagedKafka"},
        {"activemq", "MQ"},
        {"rabbitmq", "MQ"},
    };
    Trigger t{path_, type, f.id.name, std::nullopt, at(ev.key), {}, {}, true};
    if (auto k = kinds.find(type); k != kinds.end()) t.kind = k->second;
    if (type == "sqs") {
      if (const Entry* arn = arn_entry(ev)) t.source = link_source(f, "events.sqs.arn", *arn, true);
      if (ev.value.is_mapping())
        t.batching_window_s = number(ev.value, "maximumBatchingWindow", false);
    } else if (type == "stream") {
      t.kind = "Kinesis";
      const Entry* arn = arn_entry(ev);
      std::string text = arn ? sls::partial_text(arn->value) : "";
      const Node* kind = ev.value.is_mapping() ? ev.value.find("type") : nullptr;
      if (arn) t.source = link_source(f, "events.stream.arn", *arn, false);
      std::string source_type = t.source ? eval_.resource_type(*t.source) : "";
      if ((kind && kind->is_scalar() && kind->text == "dynamodb") ||
          text.find(":dynamodb:") != std::string::npos || source_type == "AWS::DynamoDB::Table") {
        t.kind = "DynamoDB";
      }
    }
    out_.triggers.push_back(std::move(t));
  }

  // `- schedule: rate(1 hour)`, or `- schedule: {rate: <expression or list>, enabled: false}`:
  // one Schedule trigger per expression (`rate:` takes cron(...) too).
  void read_schedule_event(const Function& f, const Entry& ev) {
    const Node* rates = &ev.value;
    bool enabled = true;
    if (ev.value.is_mapping()) {
      rates = ev.value.find("rate");
      const Node* on = ev.value.find("enabled");
      enabled = !(on && on->is_scalar() && on->text == "false");
    }
    std::vector<const Node*> expressions;
    if (rates && rates->is_sequence()) {
      for (const Node& r : rates->items) expressions.push_back(&r);
    } else if (rates) {
      expressions.push_back(rates);
    }
    for (const Node* expression : expressions) {
      Trigger t{path_, "Schedule", f.id.name, std::nullopt, at(ev.key), {}, {}, true};
      t.schedule.written = at(*expression);
      std::string why;
      t.schedule.value = eval_.string(*expression, &why);
      if (!t.schedule.value) t.schedule.unresolved = why;
      t.enabled = enabled;
      out_.triggers.push_back(std::move(t));
    }
  }

  // The resource an event's ARN names: a Ref/GetAtt, or (queues) an ARN whose name is the
  // QueueName of a queue of `resources`. An ARN that is not known is RF002's.
  std::optional<std::string> link_source(const Function& f, const std::string& property,
                                         const Entry& arn, bool by_queue_name) {
    std::vector<cfn::ResourceRef> refs = eval_.resource_refs(arn.value);
    if (!refs.empty()) return refs.front().name;
    std::string why;
    std::optional<std::string> text = eval_.string(arn.value, &why);
    std::string known = text ? *text : sls::partial_text(arn.value);
    if (by_queue_name) {
      std::string name = known.substr(known.rfind(':') + 1);
      if (known.rfind("arn:", 0) == 0 && !name.empty() && name.find('*') == std::string::npos) {
        auto it = queue_by_name_.find(name);
        return it == queue_by_name_.end() ? std::nullopt : std::optional<std::string>(it->second);
      }
    }
    if (!text) unresolved(f, property, arn.key, why);
    return std::nullopt;  // a resource outside this service
  }

  void merge(FileFacts facts) {
    auto rename = [&](std::string& function) {
      if (auto it = logical_to_key_.find(function); it != logical_to_key_.end())
        function = it->second;
    };
    for (Trigger& t : facts.triggers) {
      rename(t.function);
      out_.triggers.push_back(std::move(t));
    }
    for (ApiIntegration& a : facts.api_integrations) {
      rename(a.function);
      out_.api_integrations.push_back(std::move(a));
    }
    auto append = [](auto& to, auto& from) {
      for (auto& x : from) to.push_back(std::move(x));
    };
    append(out_.functions, facts.functions);
    append(out_.queues, facts.queues);
    append(out_.task_definitions, facts.task_definitions);
    append(out_.services, facts.services);
    append(out_.scheduled_tasks, facts.scheduled_tasks);
    append(out_.scaling_targets, facts.scaling_targets);
    append(out_.databases, facts.databases);
    append(out_.database_proxies, facts.database_proxies);
    append(out_.unresolved, facts.unresolved);
    append(out_.suppressions, facts.suppressions);
    append(out_.parse_errors, facts.parse_errors);
  }

  // `# rightfit:ignore RFnnn reason` as in templates; on a function's or resource's first
  // line it covers all of it (as written in this file).
  void read_comment_suppressions() {
    if (ends_with(path_, ".json")) return;
    std::map<uint32_t, CoverableBlock> blocks;
    if (const Node* functions = original_.find("functions"); functions && functions->is_mapping()) {
      for (const Entry& e : functions->entries) {
        blocks[e.key.span.begin.line] = {e.value.last_line(), EntityId{path_, e.key.text}};
      }
    }
    const Node* resources = original_.find("resources");
    const Node* r = resources ? resources->find("Resources") : nullptr;
    if (r && r->is_mapping()) {
      for (const Entry& e : r->entries) {
        blocks[e.key.span.begin.line] = {std::max(e.value.last_line(), e.key.span.begin.line),
                                         EntityId{path_, e.key.text}};
      }
    }
    for (Suppression& s : comment_suppressions(path_, text_, {"#"}, blocks)) {
      out_.suppressions.push_back(std::move(s));
    }
  }

  const std::string& path_;
  std::string_view text_;
  const Node& original_;
  const Node& root_;
  // The resolver's unresolved values, and those of the copy `template_` is made of.
  std::unordered_map<const Node*, std::string> unresolved_;
  const Node empty_ = empty_mapping();
  const Node* provider_ = nullptr;
  Node template_;
  cfn::Evaluator eval_;
  std::vector<const Entry*> functions_;
  std::map<std::string, std::string> generated_;       // logical ID -> type
  std::map<std::string, std::string> function_names_;  // FunctionName -> logical ID
  std::map<std::string, std::string> logical_to_key_;  // logical ID -> function key
  std::map<std::string, std::string> queue_by_name_;   // QueueName -> logical ID
  FileFacts out_;
};

FileFacts parse_error(const std::string& path, Position where, std::string message) {
  FileFacts facts;
  facts.file = path;
  facts.parse_errors.push_back({SourceRange{path, Span{where, where}}, std::move(message)});
  return facts;
}

}  // namespace

bool is_serverless_file(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  return name == "serverless.yml" || name == "serverless.yaml" || name == "serverless.json";
}

FileFacts parse_serverless(const std::string& path, std::string_view text,
                           const ParseLimits& limits, const FileReader& read) {
  const bool json = ends_with(path, ".json");
  const doc::LoadLimits load_limits = doc::load_limits_of(limits);
  doc::LoadResult loaded =
      json ? doc::load_json(text, load_limits) : doc::load_yaml(text, load_limits);
  if (!loaded.ok()) {
    return parse_error(
        path, loaded.problem().where,
        doc::describe_load_error(loaded.problem(), json ? "invalid JSON: " : "invalid YAML: "));
  }
  if (!loaded->is_mapping()) {
    return parse_error(path, loaded->span.begin,
                       "a Serverless Framework service file must be a mapping of settings "
                       "(service, provider, functions, ...)");
  }
  ResolvedDocument resolved = resolve_variables(*loaded, VariableContext{path, &read, limits});
  if (!resolved.root) return parse_error(path, Position{1, 1}, resolved.error.value_or(""));
  return ServiceReader(path, text, *loaded, resolved).read();
}

}  // namespace rightfit::sls
