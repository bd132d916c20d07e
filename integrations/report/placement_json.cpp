// The placement report as JSON for scripts: {"workloads": [...], "patterns": [...], "map":
// {...}, "cost": <the `rightfit cost --format json` document>}.
#include "integrations/json_writer.h"
#include "integrations/report/placement.h"

namespace rightfit {

namespace {

using JsonWriter = json::Writer;

void text(JsonWriter& w, const char* key, const std::string& value) {
  json::write_member(w, key, value);
}

void location(JsonWriter& w, const SourceRange& where) {
  text(w, "file", where.file);
  w.Key("line");
  w.Uint(where.line());
}

void write_axes(JsonWriter& w, const PlacedWorkload& p) {
  w.Key("axes");
  w.StartObject();
  for (size_t i = 0; i < kPlacementAxes; ++i) {
    const AxisVerdict& a = p.axes[i];
    w.Key(axis_name(static_cast<PlacementAxis>(i)));
    w.StartObject();
    text(w, "verdict", lean_name(a.lean));
    w.Key("lambdaWeight");
    w.Int(a.lambda_weight);
    w.Key("fargateWeight");
    w.Int(a.fargate_weight);
    w.EndObject();
  }
  w.EndObject();
}

void write_evidence(JsonWriter& w, const Evidence& e) {
  w.StartObject();
  text(w, "axis", axis_name(e.axis));
  text(w, "lean", lean_name(e.lean));
  w.Key("weight");
  w.Int(e.weight);
  text(w, "message", e.message);
  location(w, e.where);
  if (!e.rule.empty()) text(w, "rule", e.rule);
  if (e.strength != Strength::None) text(w, "strength", strength_name(e.strength));
  if (e.suppressed) {
    w.Key("suppressed");
    w.Bool(true);
  }
  w.EndObject();
}

void write_workload(JsonWriter& w, const PlacedWorkload& p) {
  w.StartObject();
  text(w, "id", workload_key(p.id));
  text(w, "name", p.id.name);
  text(w, "scope", p.id.scope);
  text(w, "kind", p.kind);
  text(w, "type", p.type);
  location(w, p.header);
  text(w, "platform", p.platform);
  if (!p.instances.empty()) {  // one module, several root modules
    w.Key("instances");
    w.StartArray();
    for (const std::string& i : p.instances) json::write_string(w, i);
    w.EndArray();
  }
  text(w, "recommendation", recommendation_name(p.recommendation));
  text(w, "confidence", confidence_name(p.confidence));
  text(w, "reason", p.reason);
  if (!p.costs.empty()) {  // the cost on each side of a newer platform's recommendation
    w.Key("costs");
    w.StartObject();
    for (const auto& [platform, cost] : p.costs) text(w, platform.c_str(), cost);
    w.EndObject();
  }
  write_axes(w, p);
  w.Key("evidence");
  w.StartArray();
  for (const Evidence& e : p.evidence) write_evidence(w, e);
  w.EndArray();
  w.EndObject();
}

void write_pattern(JsonWriter& w, const DetectedPattern& p) {
  w.StartObject();
  text(w, "name", p.name);
  text(w, "scope", p.scope);
  w.Key("members");
  w.StartArray();
  for (const PatternMember& m : p.members) {
    w.StartObject();
    text(w, "role", m.role);
    text(w, "name", m.name);
    location(w, m.where);
    w.EndObject();
  }
  w.EndArray();
  w.Key("deviations");
  w.StartArray();
  for (const PatternDeviation& d : p.deviations) {
    w.StartObject();
    text(w, "message", d.message);
    location(w, d.where);
    if (!d.rule.empty()) text(w, "rule", d.rule);
    w.EndObject();
  }
  w.EndArray();
  w.Key("notModelled");
  w.StartArray();
  for (const std::string& n : p.not_modelled) json::write_string(w, n);
  w.EndArray();
  w.EndObject();
}

void write_map(JsonWriter& w, const PlacementReport& report) {
  w.Key("map");
  w.StartObject();
  w.Key("nodes");
  w.StartArray();
  for (const MapNode& n : report.nodes) {
    w.StartObject();
    text(w, "key", n.key);
    text(w, "kind", n.kind);
    text(w, "label", n.label);
    if (n.workload) text(w, "workload", workload_key(report.workloads[*n.workload].id));
    w.EndObject();
  }
  w.EndArray();
  w.Key("edges");
  w.StartArray();
  for (const MapEdge& e : report.edges) {
    w.StartObject();
    text(w, "from", report.nodes[e.from].key);
    text(w, "to", report.nodes[e.to].key);
    text(w, "label", e.label);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// Only with `--usage`: a report without measured queues keeps its shape.
void write_queues(JsonWriter& w, const std::vector<MeasuredQueue>& queues) {
  w.Key("queues");
  w.StartArray();
  for (const MeasuredQueue& q : queues) {
    w.StartObject();
    text(w, "name", q.id.name);
    location(w, q.header);
    auto number = [&](const char* key, std::optional<double> v) {
      w.Key(key);
      if (v)
        w.Double(*v);
      else
        w.Null();
    };
    number("messagesPerMonth", q.measured.messages_per_month);
    number("oldestMessageAgeMaxS", q.measured.oldest_message_age_max_s);
    text(w, "measuredIn", q.measured.file);
    number("windowDays", q.measured.window_days);
    text(w, "summary", measured_queue_text(q));
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string format_placement_json(const PlacementReport& report) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("workloads");
  w.StartArray();
  for (const PlacedWorkload& p : report.workloads) write_workload(w, p);
  w.EndArray();
  w.Key("patterns");
  w.StartArray();
  for (const DetectedPattern& p : report.patterns) write_pattern(w, p);
  w.EndArray();
  write_map(w, report);
  if (!report.queues.empty()) write_queues(w, report.queues);
  text(w, "summary", recommendation_summary(report));
  std::string cost = format_cost_json(report.cost);
  while (!cost.empty() && cost.back() == '\n') cost.pop_back();
  w.Key("cost");
  w.RawValue(cost.data(), cost.size(), rapidjson::kObjectType);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace rightfit
