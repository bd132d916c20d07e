#include "checks/check.h"

#include <cmath>
#include <cstdio>

namespace rightfit {

Finding Check::diag(const SourceRange& where, std::string message) const {
  Finding f;
  f.rule_id = info_.id;
  f.severity = info_.default_severity;
  f.message = std::move(message);
  f.location = where;
  return f;
}

RuleInfo describe_rule(std::string id, std::string name, Severity severity,
                       std::string short_description, std::string_view stem) {
  RuleInfo info;
  info.id = std::move(id);
  info.name = std::move(name);
  info.default_severity = severity;
  info.short_description = std::move(short_description);
  info.help = std::string(help_page(stem));
  info.help_file = "checks/" + std::string(stem) + ".md";
  return info;
}

std::string format_number(double value) {
  char buf[64];
  if (std::fabs(value - std::round(value)) < 1e-9 && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", value);
  }
  return buf;
}

}  // namespace rightfit
