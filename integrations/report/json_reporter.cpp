// rightfit's own JSON format: every finding (suppressed ones flagged), for scripts and tools
// that do not want to read SARIF.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "integrations/json_writer.h"
#include "integrations/report/reporters.h"

namespace rightfit {
namespace {

using JsonWriter = json::Writer;
using json::write_member;
using json::write_number;
using json::write_string;

const RuleInfo* find_rule(const ReportContext& ctx, const std::string& id) {
  for (const RuleInfo& rule : ctx.rules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

void write_location(JsonWriter& w, const SourceRange& where) {
  w.StartObject();
  write_member(w, "file", where.file);
  write_member(w, "line", where.span.begin.line);
  write_member(w, "column", where.span.begin.column);
  write_member(w, "endLine", where.span.end.line);
  write_member(w, "endColumn", where.span.end.column);
  w.EndObject();
}

void write_related(JsonWriter& w, const std::vector<RelatedLocation>& related) {
  w.Key("related");
  w.StartArray();
  for (const RelatedLocation& r : related) {
    w.StartObject();
    write_member(w, "file", r.where.file);
    write_member(w, "line", r.where.span.begin.line);
    write_member(w, "column", r.where.span.begin.column);
    write_member(w, "message", r.message);
    w.EndObject();
  }
  w.EndArray();
}

void write_properties(JsonWriter& w, const std::map<std::string, double>& properties) {
  w.Key("properties");
  w.StartObject();
  for (const auto& [name, value] : properties) {
    if (!std::isfinite(value)) continue;
    write_string(w, name);
    write_number(w, value);
  }
  w.EndObject();
}

void write_suppression(JsonWriter& w, const FindingSuppression& s) {
  w.Key("suppression");
  w.StartObject();
  write_member(w, "kind",
               std::string(s.kind == FindingSuppression::Kind::InSource ? "inSource" : "external"));
  write_member(w, "justification", s.justification);
  w.EndObject();
}

void write_finding(JsonWriter& w, const Finding& f, const ReportContext& ctx) {
  const RuleInfo* rule = find_rule(ctx, f.rule_id);
  w.StartObject();
  write_member(w, "ruleId", f.rule_id);
  write_member(w, "name", rule ? rule->name : std::string());
  write_member(w, "severity", std::string(severity_name(f.severity)));
  write_member(w, "message", f.message);
  w.Key("location");
  write_location(w, f.location);
  write_related(w, f.related);
  write_member(w, "fingerprint", fingerprint(f));
  w.Key("suppressed");
  w.Bool(f.suppression.has_value());
  if (f.suppression) write_suppression(w, *f.suppression);
  write_properties(w, f.properties);
  w.EndObject();
}

// What was left out and why, so a missing workload is never a silent mystery.
void write_excluded(JsonWriter& w, const std::vector<ExcludedResource>& excluded) {
  w.Key("excluded");
  w.StartArray();
  for (const ExcludedResource& e : excluded) {
    w.StartObject();
    write_member(w, "resource", e.id.name);
    write_member(w, "type", e.type);
    w.Key("location");
    write_location(w, e.where);
    write_member(w, "reason", e.reason);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string format_json(const std::vector<Finding>& findings, const ReportContext& ctx) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_member(w, "version", std::string(RIGHTFIT_VERSION));
  w.Key("findings");
  w.StartArray();
  for (const Finding& f : findings) write_finding(w, f, ctx);
  w.EndArray();
  write_excluded(w, ctx.excluded);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + '\n';
}

}  // namespace rightfit
