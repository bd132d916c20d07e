// GitLab Code Quality report (a subset of the Code Climate issue format): what a job's
// `artifacts: reports: codequality:` shows in merge requests.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "integrations/json_writer.h"
#include "integrations/report/reporters.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// GitLab's scale: info, minor, major, critical, blocker.
const char* code_quality_severity(Severity s) {
  switch (s) {
    case Severity::Error:
      return "major";
    case Severity::Warning:
      return "minor";
    case Severity::Info:
      return "info";
  }
  return "minor";
}

// Paths relative to the repository root (ctx.root), with forward slashes.
std::string repository_path(const std::string& file, const std::string& root) {
  fs::path path = fs::path(file).lexically_normal();
  if (path.is_absolute() && !root.empty()) {
    fs::path relative = path.lexically_relative(root);
    if (!relative.empty() && *relative.begin() != "..") path = relative;
  }
  return path.generic_string();
}

}  // namespace

std::string format_gitlab(const std::vector<Finding>& findings, const ReportContext& ctx) {
  rapidjson::StringBuffer buffer;
  json::Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartArray();
  std::map<std::string, int> seen;  // GitLab wants each fingerprint once per report
  for (const Finding& f : findings) {
    if (f.suppression) continue;
    std::string id = fingerprint(f);
    if (int n = seen[id]++; n > 0) id += "-" + std::to_string(n);
    w.StartObject();
    w.Key("description");
    json::write_string(w, f.message);
    w.Key("check_name");
    json::write_string(w, f.rule_id);
    w.Key("fingerprint");
    json::write_string(w, id);
    w.Key("severity");
    w.String(code_quality_severity(f.severity));
    w.Key("location");
    w.StartObject();
    w.Key("path");
    json::write_string(w, repository_path(f.location.file, ctx.root));
    w.Key("lines");
    w.StartObject();
    w.Key("begin");
    w.Uint(f.location.known() ? f.location.line() : 1);
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace rightfit
