#include "analyzer/rule_info.h"

#include <sstream>

namespace rightfit {

std::string RuleInfo::full_description() const {
  // The help page starts with a `# RFnnn: name` title; the first paragraph after it is the
  // full description.
  std::istringstream in(help);
  std::string line, paragraph;
  bool past_title = false;
  while (std::getline(in, line)) {
    if (!past_title) {
      if (line.rfind("# ", 0) == 0) past_title = true;
      continue;
    }
    if (line.empty()) {
      if (!paragraph.empty()) break;
      continue;
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += line;
  }
  return paragraph.empty() ? short_description : paragraph;
}

}  // namespace rightfit

namespace rightfit {

bool RuleInfo::reads(RuleTag tag) const {
  for (RuleTag t : tags) {
    if (t == tag) return true;
  }
  return false;
}

const RuleOption* RuleInfo::option(std::string_view option_name) const {
  for (const RuleOption& o : options) {
    if (o.name == option_name) return &o;
  }
  return nullptr;
}

RuleInfo& RuleInfo::reading(RuleTag tag) {
  tags.push_back(tag);
  return *this;
}

RuleInfo& RuleInfo::bearing_on(PlacementBearing b) {
  bearing = std::move(b);
  return *this;
}

RuleInfo& RuleInfo::with_option(RuleOption o) {
  options.push_back(std::move(o));
  return *this;
}

RuleInfo& RuleInfo::turned_off_by_default() {
  off_by_default = true;
  return *this;
}

const RuleInfo* find_rule_by_id_or_name(const std::vector<RuleInfo>& rules, std::string_view word) {
  for (const RuleInfo& r : rules) {
    if (r.id == word || r.name == word) return &r;
  }
  return nullptr;
}

const RuleInfo* find_rule(const std::vector<RuleInfo>& rules, std::string_view id) {
  for (const RuleInfo& r : rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const RuleInfo* rule_with(const std::vector<RuleInfo>& rules, bool PlacementBearing::*has) {
  for (const RuleInfo& r : rules) {
    if (r.bearing && (*r.bearing).*has) return &r;
  }
  return nullptr;
}

}  // namespace rightfit
