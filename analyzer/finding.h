// A finding: one rule violated at one place, with the places involved.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/source_range.h"
#include "parsers/workload_facts.h"

namespace rightfit {

enum class Severity { Info, Warning, Error };

const char* severity_name(Severity s);  // "info" | "warning" | "error"
std::optional<Severity> parse_severity(std::string_view text);

struct RelatedLocation {
  SourceRange where;
  std::string message;
};

// One change of a file's text: `range` (columns count code points, `end` exclusive; an empty
// range inserts) becomes `new_text`.
struct TextEdit {
  SourceRange range;
  std::string new_text;

  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

// A deterministic change that removes a finding, as its rule computed it.
struct Fix {
  std::string title;  // "Set VisibilityTimeout to 180"
  std::vector<TextEdit> edits;

  friend bool operator==(const Fix&, const Fix&) = default;
};

// The fix that writes `value` into `slot`, in the slot's own syntax.
Fix value_fix(std::string title, const ValueSlot& slot, std::string_view value);

struct FindingSuppression {
  enum class Kind { InSource, External };  // comment/Metadata vs baseline
  Kind kind = Kind::InSource;
  std::string justification;
};

struct Finding {
  std::string rule_id;  // "RF105"
  Severity severity = Severity::Warning;
  std::string message;
  SourceRange location;  // what the user must change
  // Where the check placed the finding, when a later step moved `location` (a CDK finding
  // moved from the synthesized template to the app's source); fingerprints use it.
  std::optional<SourceRange> origin;
  std::vector<RelatedLocation> related;
  std::optional<EntityId> subject;  // the resource the finding is about
  // The same finding about further resources: the instances of one module that other root
  // modules call (merge_module_instances), each as its root sees it.
  std::vector<EntityId> instances;
  // What the finding is about, independent of line numbers (e.g. "Timeout"); feeds the
  // fingerprint so it survives unrelated line moves but changes with the substance.
  std::string substance;
  std::map<std::string, double> properties;  // numeric result properties (cost figures)
  std::optional<FindingSuppression> suppression;
  std::vector<Fix> fixes;  // none: no deterministic change removes it
};

// Whether the finding is about `id`: its subject or one of its instances.
bool is_about(const Finding& f, const EntityId& id);

// A stable hash of rule, file, subject and substance (not line numbers).
std::string fingerprint(const Finding& f);

// One finding per place for what several root modules share: findings of one rule at one
// file and line, about resources of different root modules (a module that `dev/` and
// `production/` both call), become the first of them, with each instance's calling `module`
// block (from `calls`) as a related location. Findings within one root stay as they are.
void merge_module_instances(std::vector<Finding>& findings, const std::vector<ModuleCall>& calls);
// The same rule at the same line about several resources of one scope (a SAM Globals value
// that several functions inherit) is one finding: the first one's, naming the others, with
// their related locations and the others as instances (rules.md, "Primary location").
void merge_shared_lines(std::vector<Finding>& findings);

// Sorts by file, line, column, rule: output order never depends on scheduling.
void sort_findings(std::vector<Finding>& findings);

}  // namespace rightfit
