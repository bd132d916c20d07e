#include "analyzer/finding.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
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

Fix value_fix(std::string title, const ValueSlot& slot, std::string_view value) {
  std::string text = slot.before;
  text += value;
  text += slot.after;
  return Fix{std::move(title), {TextEdit{slot.range, std::move(text)}}};
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

bool is_about(const Finding& f, const EntityId& id) {
  return (f.subject && *f.subject == id) ||
         std::find(f.instances.begin(), f.instances.end(), id) != f.instances.end();
}

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

namespace {

// The root module's call that makes `subject` (a resource of a module it calls), if any.
const ModuleCall* instantiating_call(const EntityId& subject,
                                     const std::vector<ModuleCall>& calls) {
  const std::string& name = subject.name;
  if (name.rfind("module.", 0) != 0) return nullptr;
  const std::string call = name.substr(0, name.find('.', std::string("module.").size()));
  for (const ModuleCall& c : calls) {
    if (c.scope == subject.scope && c.address == call) return &c;
  }
  return nullptr;
}

void relate_instance(Finding& into, const Finding& instance, const std::vector<ModuleCall>& calls) {
  const ModuleCall* call =
      instance.subject ? instantiating_call(*instance.subject, calls) : nullptr;
  if (!call) return;
  into.related.push_back({call->where, "instantiated here by root module " + call->scope});
}

// Folds a finding into the first one at the same place (file, line, rule, suppressed or not)
// when `joins(first, f)`; `fold(index of the first in the result, first, f)` merges it. Other
// findings are kept as they are, in order.
template <class Joins, class Fold>
void fold_same_place(std::vector<Finding>& findings, Joins joins, Fold fold) {
  using Place = std::tuple<std::string, uint32_t, std::string, bool>;
  std::map<Place, size_t> first;  // place -> index in `kept`
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    const Place place{f.location.file, f.location.line(), f.rule_id, f.suppression.has_value()};
    auto it = first.find(place);
    if (it != first.end() && joins(kept[it->second], f)) {
      fold(it->second, kept[it->second], f);
      continue;
    }
    if (it == first.end()) first.emplace(place, kept.size());
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

}  // namespace

void merge_module_instances(std::vector<Finding>& findings, const std::vector<ModuleCall>& calls) {
  std::set<size_t> related;  // findings whose own instance is already a related location
  fold_same_place(
      findings,
      [&](const Finding& into, const Finding& f) {
        return into.subject && f.subject && instantiating_call(*f.subject, calls) &&
               into.subject->scope != f.subject->scope;
      },
      [&](size_t i, Finding& into, const Finding& f) {
        if (related.insert(i).second) relate_instance(into, into, calls);
        into.severity = std::max(into.severity, f.severity);
        into.instances.push_back(*f.subject);
        relate_instance(into, f, calls);
      });
}

void merge_shared_lines(std::vector<Finding>& findings) {
  std::map<size_t, std::vector<std::string>> others;  // per kept finding: the subjects merged in
  fold_same_place(
      findings,
      [](const Finding& into, const Finding& f) {
        return into.subject && f.subject && !is_about(into, *f.subject);
      },
      [&](size_t i, Finding& into, Finding& f) {
        into.severity = std::max(into.severity, f.severity);
        into.instances.push_back(*f.subject);
        for (RelatedLocation& r : f.related) {
          const bool known = std::any_of(
              into.related.begin(), into.related.end(),
              [&](const auto& k) { return k.where == r.where && k.message == r.message; });
          if (!known) into.related.push_back(std::move(r));
        }
        others[i].push_back(f.subject->name);
      });
  for (const auto& [i, subjects] : others) {
    std::string names;
    for (const std::string& n : subjects) names += (names.empty() ? "'" : ", '") + n + "'";
    findings[i].message += " (the same holds for " + names +
                           (subjects.size() == 1 ? ", which shares" : ", which share") +
                           " this line)";
  }
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.file, a.location.span.begin, a.rule_id, a.message) <
           std::tie(b.location.file, b.location.span.begin, b.rule_id, b.message);
  });
}

}  // namespace rightfit
