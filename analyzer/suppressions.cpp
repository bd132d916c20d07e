#include "analyzer/suppressions.h"

#include <algorithm>

namespace rightfit {

namespace {

bool covers(const Suppression& s, const Finding& f) {
  if (std::find(s.rules.begin(), s.rules.end(), f.rule_id) == s.rules.end()) return false;
  if (s.resource && f.subject && *s.resource == *f.subject) return true;
  return s.file == f.location.file && f.location.line() >= s.first_line &&
         f.location.line() <= s.last_line;
}

}  // namespace

void apply_suppressions(std::vector<Finding>& findings, const std::vector<Suppression>& all) {
  for (Finding& f : findings) {
    for (const Suppression& s : all) {
      if (!covers(s, f)) continue;
      f.suppression = FindingSuppression{FindingSuppression::Kind::InSource, s.reason};
      break;
    }
  }
}

}  // namespace rightfit
