#include "analyzer/finding.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <tuple>

namespace rightfit {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::Info;
  if (text == "warning") return Severity::Warning;
  if (text == "error") return Severity::Error;
  return std::nullopt;
}

namespace {

// FNV-1a, 64 bit: stable across platforms and runs (std::hash is not).
uint64_t fnv1a(std::string_view text, uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::string fingerprint(const Finding& f) {
  // Lines are left out on purpose: inserting lines above a finding must not change it.
  const SourceRange& found = f.origin ? *f.origin : f.location;
  std::string key = f.rule_id + '\0' + found.file + '\0';
  if (f.subject) key += f.subject->name + '\0';
  key += f.substance.empty() ? f.message : f.substance;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
  return out;
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.file, a.location.span.begin, a.rule_id, a.message) <
           std::tie(b.location.file, b.location.span.begin, b.rule_id, b.message);
  });
}

}  // namespace rightfit
