// `report --base` as JSON (schema: docs/pull-requests.md): {"version", "base", "summary",
// "workloads", "newFindings", "fixedFindings", "parseErrors"}. Unknown figures are null.
#include "integrations/json_writer.h"
#include "integrations/report/placement_diff.h"

namespace rightfit {

namespace {

using JsonWriter = json::Writer;

void count_member(JsonWriter& w, const char* key, std::size_t count) {
  w.Key(key);
  w.Uint64(count);
}

void number_or_null(JsonWriter& w, const char* key, const std::optional<double>& value) {
  w.Key(key);
  if (value) {
    json::write_number(w, std::round(*value * 100) / 100);  // cents, as every report shows
  } else {
    w.Null();
  }
}

void text_or_null(JsonWriter& w, const char* key, const std::optional<std::string>& value) {
  w.Key(key);
  if (value) {
    json::write_string(w, *value);
  } else {
    w.Null();
  }
}

// {"before": .., "after": ..} of one property of a change.
template <class Get>
void before_after(JsonWriter& w, const char* key, const WorkloadChange& c, Get get) {
  w.Key(key);
  w.StartObject();
  text_or_null(w, "before", c.before ? std::optional<std::string>(get(*c.before)) : std::nullopt);
  text_or_null(w, "after", c.after ? std::optional<std::string>(get(*c.after)) : std::nullopt);
  w.EndObject();
}

const char* change_kind(const WorkloadChange& c) {
  if (!c.before) return "added";
  if (!c.after) return "removed";
  return "changed";
}

void write_workload(JsonWriter& w, const WorkloadChange& c) {
  w.StartObject();
  json::write_member(w, "id", workload_key(c.id));
  json::write_member(w, "name", c.id.name);
  json::write_member(w, "file", c.where.file);
  json::write_member(w, "line", c.where.line());
  json::write_member(w, "change", change_kind(c));
  before_after(w, "platform", c, [](const WorkloadState& s) { return s.platform; });
  before_after(w, "recommendation", c, [](const WorkloadState& s) {
    return std::string(recommendation_name(s.recommendation));
  });
  w.Key("monthlyCost");
  w.StartObject();
  number_or_null(w, "before", c.before ? c.before->monthly : std::optional<double>(0.0));
  number_or_null(w, "after", c.after ? c.after->monthly : std::optional<double>(0.0));
  number_or_null(w, "delta", c.monthly_delta());
  w.EndObject();
  w.EndObject();
}

void write_findings(JsonWriter& w, const char* key, const std::vector<Finding>& findings) {
  w.Key(key);
  w.StartArray();
  for (const Finding& f : findings) {
    w.StartObject();
    json::write_member(w, "ruleId", f.rule_id);
    json::write_member(w, "severity", severity_name(f.severity));
    json::write_member(w, "message", f.message);
    json::write_member(w, "file", f.location.file);
    json::write_member(w, "line", f.location.line());
    json::write_member(w, "column", f.location.column());
    json::write_member(w, "fingerprint", fingerprint(f));
    w.EndObject();
  }
  w.EndArray();
}

void write_summary(JsonWriter& w, const PlacementDiff& d) {
  w.Key("summary");
  w.StartObject();
  w.Key("findings");
  w.StartObject();
  count_member(w, "before", d.findings_before);
  count_member(w, "after", d.findings_after);
  count_member(w, "new", d.new_findings.size());
  count_member(w, "fixed", d.fixed_findings.size());
  w.EndObject();
  count_member(w, "changedWorkloads", d.workloads.size());
  w.Key("monthlyCost");
  w.StartObject();
  number_or_null(w, "before", d.monthly_before);
  number_or_null(w, "after", d.monthly_after);
  number_or_null(w, "delta", d.monthly_after - d.monthly_before);
  count_member(w, "unpricedBefore", d.unpriced_before);
  count_member(w, "unpricedAfter", d.unpriced_after);
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string format_diff_json(const PlacementDiff& diff) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("version");
  w.Int(1);
  w.Key("base");
  w.StartObject();
  json::write_member(w, "ref", diff.base_ref);
  json::write_member(w, "commit", diff.base_commit);
  w.EndObject();
  write_summary(w, diff);
  w.Key("workloads");
  w.StartArray();
  for (const WorkloadChange& c : diff.workloads) write_workload(w, c);
  w.EndArray();
  write_findings(w, "newFindings", diff.new_findings);
  write_findings(w, "fixedFindings", diff.fixed_findings);
  w.Key("parseErrors");
  w.StartArray();
  for (const std::string& e : diff.parse_errors) json::write_string(w, e);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace rightfit
