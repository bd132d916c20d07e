// Findings written by hand, for the reporters' and SARIF tests.
#pragma once

#include <string>
#include <utility>

#include "analyzer/finding.h"

namespace rightfit::testing_support {

inline Finding make_finding(std::string rule, Severity severity, std::string file, Span span,
                            std::string message) {
  Finding f;
  f.rule_id = std::move(rule);
  f.severity = severity;
  f.location = {std::move(file), span};
  f.message = std::move(message);
  return f;
}

}  // namespace rightfit::testing_support
