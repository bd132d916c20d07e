#include "parsers/kubernetes/manifest_parser.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <map>

#include "parsers/document/document.h"
#include "parsers/document/value_slots.h"
#include "parsers/kubernetes/manifest_probe.h"
#include "parsers/kubernetes/quantities.h"
#include "parsers/suppression_comments.h"

namespace rightfit::k8s {

namespace {

using doc::Entry;
using doc::Node;

const Node* child(const Node* n, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (!n || !n->is_mapping()) return nullptr;
    n = n->find(key);
  }
  return n;
}

std::optional<std::string> scalar(const Node* n) {
  if (!n || !n->is_scalar()) return std::nullopt;
  return n->text;
}

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<double> to_number(std::string_view text) {
  const std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

Labels labels_of(const Node* map) {
  Labels out;
  if (!map || !map->is_mapping()) return out;
  for (const Entry& e : map->entries) {
    if (e.key.is_scalar() && e.value.is_scalar()) out.emplace_back(e.key.text, e.value.text);
  }
  return out;
}

bool is_object(const Node& n) {
  return n.is_mapping() && scalar(n.find("apiVersion")) && scalar(n.find("kind"));
}

// An SQS queue a container environment value names: its URL or ARN -> the queue's name.
std::optional<std::string> sqs_queue_in(std::string_view value) {
  if (value.starts_with("https://sqs.") && value.find(".amazonaws.com/") != std::string::npos) {
    const std::size_t slash = value.rfind('/');
    if (slash + 1 < value.size()) return std::string(value.substr(slash + 1));
  }
  if (value.starts_with("arn:aws") && value.find(":sqs:") != std::string::npos) {
    const std::size_t colon = value.rfind(':');
    if (colon + 1 < value.size()) return std::string(value.substr(colon + 1));
  }
  return std::nullopt;
}

// A metric that follows a queue: an SQS metric by its CloudWatch or exported name.
bool names_sqs_metric(std::string_view name) {
  const std::string l = lower(name);
  return l.find("sqs") != std::string::npos || l.starts_with("approximatenumberofmessages") ||
         l.starts_with("approximate_number_of_messages") ||
         l.starts_with("approximateageofoldestmessage");
}

// What a pod asks for and the queues its containers name.
struct PodInfo {
  PodRequests requests;
  std::optional<SourceRange> resources;  // the first container's `resources` key
  std::string unknown;                   // a quantity that is not one
  std::vector<Reference> queues;
};

class ManifestReader {
 public:
  ManifestReader(const std::string& path, std::string_view text)
      : path_(path), text_(text), scope_(manifest_scope(path)) {
    out_.file = path;
  }

  void read(const Node& document) {
    if (!is_object(document)) return;
    if (document.find("kind")->text == "List") {
      if (const Node* items = document.find("items"); items && items->is_sequence()) {
        for (const Node& item : items->items) {
          if (is_object(item)) read_object(item);
        }
      }
      return;
    }
    // A workload written as its own document can have a document added after it.
    document_ = &document;
    read_object(document);
    document_ = nullptr;
  }

  FileFacts finish(bool json) {
    if (!json) {
      for (Suppression& s : comment_suppressions(path_, text_, {"#"}, blocks_))
        out_.suppressions.push_back(std::move(s));
    }
    return std::move(out_);
  }

 private:
  SourceRange at(const Node& n) const { return SourceRange{path_, n.span}; }

  Property<double> number(const Node* map, std::string_view key) const {
    Property<double> p;
    const Entry* e = map && map->is_mapping() ? map->find_entry(key) : nullptr;
    if (!e || e->value.is_null()) return p;
    p.written = at(e->key);
    if (e->value.is_scalar()) p.value = to_number(e->value.text);
    if (!p.value)
      p.unresolved =
          "'" + (e->value.is_scalar() ? e->value.text : std::string("?")) + "' is not a number";
    else
      p.slot = doc::scalar_slot(path_, text_, e->value);  // a literal a fix can rewrite
    return p;
  }

  Property<std::string> string(const Node* map, std::string_view key) const {
    Property<std::string> p;
    const Entry* e = map && map->is_mapping() ? map->find_entry(key) : nullptr;
    if (!e || e->value.is_null()) return p;
    p.written = at(e->key);
    if (e->value.is_scalar())
      p.value = e->value.text;
    else
      p.unresolved = "not a string";
    return p;
  }

  struct Header {
    std::string kind;
    std::string name;
    std::string pod_namespace;
    SourceRange where;
    uint32_t last_line = 0;
  };

  template <class Fact>
  Fact fact(const Header& h, const std::string& name) const {
    Fact f;
    f.id = EntityId{scope_, name};
    f.type = h.kind;
    f.header = h.where;
    f.last_line = h.last_line;
    return f;
  }

  void read_object(const Node& obj) {
    const Node* metadata = obj.find("metadata");
    const Entry* name = metadata && metadata->is_mapping() ? metadata->find_entry("name") : nullptr;
    if (!name || !name->value.is_scalar()) return;
    Header h;
    h.kind = obj.find("kind")->text;
    h.name = name->value.text;
    h.pod_namespace = scalar(child(metadata, {"namespace"})).value_or("default");
    h.where = at(name->key);
    h.last_line = obj.last_line();
    const Node* spec = obj.find("spec");
    const std::string qualified = h.pod_namespace + "/" + h.name;
    if (h.kind == "Deployment" || h.kind == "StatefulSet") {
      read_workload(h, qualified, spec);
    } else if (h.kind == "CronJob") {
      read_cron_job(h, qualified, spec);
    } else if (h.kind == "HorizontalPodAutoscaler") {
      read_hpa(h, qualified, spec);
    } else if (h.kind == "ScaledObject") {
      read_scaled_object(h, qualified, spec);
    } else if (h.kind == "Service") {
      read_service(h, qualified, spec);
    } else if (h.kind == "Ingress") {
      read_ingress(h, spec);
    } else if (h.kind == "ClusterConfig" &&
               obj.find("apiVersion")->text.starts_with("eksctl.io/")) {
      read_eksctl_profiles(h, obj);
    }
  }

  // eksctl's ClusterConfig: `fargateProfiles: [{name, selectors: [{namespace, labels}]}]`.
  void read_eksctl_profiles(const Header& h, const Node& obj) {
    const Node* profiles = obj.find("fargateProfiles");
    if (!profiles || !profiles->is_sequence()) return;
    for (const Node& p : profiles->items) {
      const Entry* name = p.is_mapping() ? p.find_entry("name") : nullptr;
      if (!name || !name->value.is_scalar()) continue;
      FargateProfile profile;
      profile.id = EntityId{scope_, "eksctl:" + h.name + "/" + name->value.text};
      profile.type = "eksctl.io ClusterConfig fargateProfiles";
      profile.header = at(name->key);
      profile.last_line = p.last_line();
      const Node* selectors = p.find("selectors");
      if (selectors && selectors->is_sequence()) {
        for (const Node& sel : selectors->items) {
          std::optional<std::string> ns = scalar(child(&sel, {"namespace"}));
          if (ns) profile.selectors.push_back({*ns, labels_of(child(&sel, {"labels"})), at(sel)});
        }
      }
      out_.fargate_profiles.push_back(std::move(profile));
    }
  }

  void cover(const Header& h, const EntityId& id) {
    blocks_[h.where.span.begin.line] = {h.last_line, id};
  }

  PodTemplate pod_template(const Header& h, const Entry* tmpl) const {
    PodTemplate pod;
    pod.pod_namespace = h.pod_namespace;
    const Entry* metadata = tmpl->value.is_mapping() ? tmpl->value.find_entry("metadata") : nullptr;
    pod.labels = labels_of(metadata ? metadata->value.find("labels") : nullptr);
    pod.where = at(metadata ? metadata->key : tmpl->key);
    return pod;
  }

  // One resource of a container: its request, else its limit (Kubernetes defaults the
  // request to the limit).
  std::optional<double> container_request(const Node& container, std::string_view resource,
                                          bool memory, PodInfo& info) const {
    const Node* resources = container.find("resources");
    for (const char* which : {"requests", "limits"}) {
      const Node* v = child(resources, {which, resource});
      if (!v || v->is_null()) continue;
      std::optional<double> q =
          v->is_scalar() ? (memory ? parse_memory_quantity(v->text) : parse_cpu_quantity(v->text))
                         : std::nullopt;
      if (!q && info.unknown.empty())
        info.unknown =
            "'" + (v->is_scalar() ? v->text : std::string("?")) + "' is not a Kubernetes quantity";
      return q;
    }
    return std::nullopt;
  }

  void read_env(const Node& container, PodInfo& info) const {
    const Node* env = container.find("env");
    if (!env || !env->is_sequence()) return;
    for (const Node& var : env->items) {
      std::optional<std::string> name = scalar(var.find("name"));
      const Entry* value = var.is_mapping() ? var.find_entry("value") : nullptr;
      std::optional<std::string> text = value ? scalar(&value->value) : std::nullopt;
      std::optional<std::string> queue = text ? sqs_queue_in(*text) : std::nullopt;
      // A variable named for SQS whose value comes from elsewhere (a ConfigMap, a Secret).
      if (!queue && name && lower(*name).find("sqs") != std::string::npos) queue = *name;
      if (!queue) continue;
      const Node& where = value ? value->key : *var.find("name");
      info.queues.push_back({*queue, at(where)});
    }
  }

  PodInfo read_pod(const Node* pod_spec) const {
    PodInfo info;
    double init_vcpu = 0, init_memory = 0;
    for (const char* list : {"containers", "initContainers"}) {
      const Node* containers = child(pod_spec, {list});
      if (!containers || !containers->is_sequence()) continue;
      const bool init = std::string_view(list) == "initContainers";
      for (const Node& c : containers->items) {
        if (!c.is_mapping()) continue;
        if (!info.resources) {
          if (const Entry* r = c.find_entry("resources")) info.resources = at(r->key);
        }
        const double vcpu = container_request(c, "cpu", false, info).value_or(0);
        const double memory = container_request(c, "memory", true, info).value_or(0);
        // A sidecar (an init container that keeps running) adds to the regular containers.
        const bool sidecar =
            scalar(c.find("restartPolicy")) == std::optional<std::string>("Always");
        if (init && !sidecar) {
          init_vcpu = std::max(init_vcpu, vcpu);
          init_memory = std::max(init_memory, memory);
        } else {
          info.requests.vcpu += vcpu;
          info.requests.memory_mb += memory;
        }
        if (!init) read_env(c, info);
      }
    }
    info.requests.vcpu = std::max(info.requests.vcpu, init_vcpu);
    info.requests.memory_mb = std::max(info.requests.memory_mb, init_memory);
    return info;
  }

  // The pod's size on Fargate as properties (1024 units = 1 vCPU, MiB).
  void size_properties(const PodInfo& info, Property<double>& cpu, Property<double>& memory) const {
    cpu.written = memory.written = info.resources;
    if (!info.unknown.empty()) {
      cpu.unresolved = memory.unresolved = info.unknown;
      return;
    }
    std::optional<PodSize> size = fargate_pod_size(info.requests);
    if (!size) {
      cpu.unresolved = memory.unresolved = "no Fargate pod size holds its requests";
      return;
    }
    cpu.value = size->vcpu * 1024;
    memory.value = size->memory_gb * 1024;
  }

  void read_workload(const Header& h, const std::string& name, const Node* spec) {
    const Entry* tmpl = spec && spec->is_mapping() ? spec->find_entry("template") : nullptr;
    if (!tmpl) return;
    Service s = fact<Service>(h, name);
    s.kind = h.kind;
    s.name_pattern = h.name;
    s.desired_count = number(spec, "replicas");
    s.pod = pod_template(h, tmpl);
    if (document_) s.new_blocks = doc::new_document_slot(path_, text_, *document_);
    // Named by its place too: two files of a directory may declare the same workload (a split
    // copy and an all-in-one stream), each with its own pod.
    TaskDefinition td =
        fact<TaskDefinition>(h, "pod:" + name + "@" + path_ + ":" + std::to_string(h.where.line()));
    td.type = "PodTemplate";
    td.header = at(tmpl->key);
    PodInfo info = read_pod(child(&tmpl->value, {"spec"}));
    size_properties(info, td.cpu_units, td.memory_mb);
    td.queues = std::move(info.queues);
    s.task_definition = td.id.name;
    cover(h, s.id);
    out_.services.push_back(std::move(s));
    out_.task_definitions.push_back(std::move(td));
  }

  void read_cron_job(const Header& h, const std::string& name, const Node* spec) {
    if (scalar(child(spec, {"suspend"})) == std::optional<std::string>("true")) return;
    const Node* job = child(spec, {"jobTemplate", "spec"});
    const Entry* tmpl = job && job->is_mapping() ? job->find_entry("template") : nullptr;
    ScheduledJob j = fact<ScheduledJob>(h, name);
    j.kind = h.kind;
    j.schedule = string(spec, "schedule");
    j.max_duration_s = number(job, "activeDeadlineSeconds");
    if (tmpl) {
      j.pod = pod_template(h, tmpl);
      PodInfo info = read_pod(child(&tmpl->value, {"spec"}));
      j.requested_vcpu.written = j.requested_memory_mb.written = info.resources;
      if (info.unknown.empty()) {
        j.requested_vcpu.value = info.requests.vcpu;
        j.requested_memory_mb.value = info.requests.memory_mb;
      }
      size_properties(info, j.cpu_units, j.memory_mb);
    }
    cover(h, j.id);
    out_.scheduled_jobs.push_back(std::move(j));
  }

  // The Deployment/StatefulSet a scaler's scaleTargetRef names (same namespace).
  std::optional<std::string> target_of(const Header& h, const Node* spec,
                                       std::string_view default_kind) const {
    const Node* ref = child(spec, {"scaleTargetRef"});
    std::optional<std::string> name = scalar(child(ref, {"name"}));
    const std::string kind = scalar(child(ref, {"kind"})).value_or(std::string(default_kind));
    if (!name || (kind != "Deployment" && kind != "StatefulSet")) return std::nullopt;
    return h.pod_namespace + "/" + *name;
  }

  void read_hpa(const Header& h, const std::string& name, const Node* spec) {
    ScalingTarget t = fact<ScalingTarget>(h, "hpa:" + name);
    t.kind = h.kind;
    t.service = target_of(h, spec, "");
    t.min_capacity = number(spec, "minReplicas");
    if (!t.min_capacity.is_written()) t.min_capacity.value = 1;  // Kubernetes' default
    t.max_capacity = number(spec, "maxReplicas");
    t.has_policy = true;  // an HPA always follows a metric (CPU at 80% when none is set)
    if (const Node* metrics = child(spec, {"metrics"}); metrics && metrics->is_sequence()) {
      for (const Node& m : metrics->items) {
        const Node* external = child(&m, {"external"});
        const Node* holder = child(external, {"metric"});  // autoscaling/v2
        const Entry* metric_name =
            holder && holder->is_mapping() ? holder->find_entry("name") : nullptr;
        if (!metric_name && external && external->is_mapping())
          metric_name = external->find_entry("metricName");  // v2beta1
        if (metric_name && metric_name->value.is_scalar() &&
            names_sqs_metric(metric_name->value.text) && !t.queue_metric) {
          t.queue_metric = at(metric_name->key);
        }
      }
    }
    cover(h, t.id);
    out_.scaling_targets.push_back(std::move(t));
  }

  void read_scaled_object(const Header& h, const std::string& name, const Node* spec) {
    ScalingTarget t = fact<ScalingTarget>(h, "scaledobject:" + name);
    t.kind = h.kind;
    t.service = target_of(h, spec, "Deployment");
    t.min_capacity = number(spec, "minReplicaCount");
    if (!t.min_capacity.is_written()) t.min_capacity.value = 0;  // KEDA's default
    t.max_capacity = number(spec, "maxReplicaCount");
    if (const Node* triggers = child(spec, {"triggers"}); triggers && triggers->is_sequence()) {
      for (const Node& trigger : triggers->items) {
        const Entry* type = trigger.is_mapping() ? trigger.find_entry("type") : nullptr;
        if (!type || !type->value.is_scalar()) continue;
        t.has_policy = true;
        if (type->value.text == "aws-sqs-queue" && !t.queue_metric) t.queue_metric = at(type->key);
        if (type->value.text == "cron" && !t.schedule) t.schedule = at(type->key);
      }
    }
    cover(h, t.id);
    out_.scaling_targets.push_back(std::move(t));
  }

  void read_service(const Header& h, const std::string& name, const Node* spec) {
    PodService s = fact<PodService>(h, "service:" + name);
    s.pod_namespace = h.pod_namespace;
    s.name = h.name;
    s.service_type = scalar(child(spec, {"type"})).value_or("ClusterIP");
    s.selector = labels_of(child(spec, {"selector"}));
    out_.pod_services.push_back(std::move(s));
  }

  void backend(const Header& h, const Node* b) {
    if (!b || !b->is_mapping()) return;
    const Entry* name = nullptr;
    if (const Node* service = b->find("service"); service && service->is_mapping())
      name = service->find_entry("name");            // networking.k8s.io/v1
    if (!name) name = b->find_entry("serviceName");  // v1beta1
    if (!name || !name->value.is_scalar()) return;
    out_.ingress_backends.push_back({scope_, h.pod_namespace, name->value.text, at(name->key)});
  }

  void read_ingress(const Header& h, const Node* spec) {
    backend(h, child(spec, {"defaultBackend"}));
    backend(h, child(spec, {"backend"}));
    const Node* rules = child(spec, {"rules"});
    if (!rules || !rules->is_sequence()) return;
    for (const Node& rule : rules->items) {
      const Node* paths = child(&rule, {"http", "paths"});
      if (!paths || !paths->is_sequence()) continue;
      for (const Node& p : paths->items) backend(h, child(&p, {"backend"}));
    }
  }

  const std::string& path_;
  std::string_view text_;
  const Node* document_ = nullptr;  // the document being read, when it is one object
  std::string scope_;
  FileFacts out_;
  std::map<uint32_t, CoverableBlock> blocks_;
};

bool has_line_starting(std::string_view text, std::string_view prefix) {
  for (std::size_t at = 0; at < text.size();) {
    if (text.substr(at).starts_with(prefix)) return true;
    const std::size_t next = text.find('\n', at);
    if (next == std::string_view::npos) break;
    at = next + 1;
  }
  return false;
}

}  // namespace

std::string manifest_scope(const std::string& path) {
  return std::filesystem::path(path).parent_path().generic_string();
}

bool looks_like_manifest(std::string_view text) {
  if (text.find("\"apiVersion\"") != std::string_view::npos &&
      text.find("\"kind\"") != std::string_view::npos) {
    return true;
  }
  return has_line_starting(text, "apiVersion:") && has_line_starting(text, "kind:");
}

std::optional<FileFacts> parse_manifests(const std::string& path, std::string_view text,
                                         const ParseLimits& limits) {
  if (!has_top_level_manifest_keys(text)) return std::nullopt;  // cheap exit, before a load
  const bool json = doc::looks_like_json(path, text);
  const doc::LoadLimits load_limits = doc::load_limits_of(limits);
  std::vector<Node> documents;
  std::optional<doc::LoadError> error;
  if (json) {
    doc::LoadResult loaded = doc::load_json(text, load_limits);
    if (loaded.ok())
      documents.push_back(std::move(*loaded));
    else
      error = loaded.problem();
  } else {
    doc::DocumentsResult loaded = doc::load_yaml_documents(text, load_limits);
    error = loaded.error;
    documents = std::move(loaded.documents);
  }
  if (error) {
    if (!looks_like_manifest(text)) return std::nullopt;
    // An unrendered Helm chart template: not a manifest until `helm template` renders it.
    if (text.find("{{") != std::string_view::npos && error->limit.empty()) return std::nullopt;
    FileFacts facts;
    facts.file = path;
    std::string message =
        doc::describe_load_error(*error, json ? "invalid JSON: " : "invalid YAML: ");
    facts.parse_errors.push_back(
        {SourceRange{path, Span{error->where, error->where}}, std::move(message)});
    return facts;
  }
  if (std::none_of(documents.begin(), documents.end(), is_object)) return std::nullopt;
  ManifestReader reader(path, text);
  for (const Node& d : documents) reader.read(d);
  return reader.finish(json);
}

}  // namespace rightfit::k8s
