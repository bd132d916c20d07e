// RF004: a `rightfit:ignore` that no finding needed. Off by default; on with
// `--report-unused-suppressions` or `rules: {RF004: on}` (ruff's RUF100, eslint's
// reportUnusedDisableDirectives). Stale directives would hide the next real finding there.
#include <algorithm>

#include "analyzer/suppressions.h"
#include "checks/check.h"

namespace rightfit {
namespace {

class UnusedSuppression : public Check {
 public:
  UnusedSuppression()
      : Check(describe_rule("RF004", "unused-suppression", Severity::Warning,
                            "A rightfit:ignore suppresses no finding: the rule it names reports "
                            "nothing there (any more).",
                            "unused_suppression")
                  .turned_off_by_default()) {}

  // Its findings depend on which findings suppressions covered, so they come after.
  void run(const CheckContext& /*ctx*/, std::vector<Finding>& /*out*/) const override {}

  void after_suppressions(const CheckContext& ctx, std::vector<Finding>& findings) const override {
    const std::vector<RuleInfo> rules = all_rules();
    std::vector<Finding> unused;
    for (const Suppression& s : ctx.graph.suppressions) {
      for (const std::string& id : s.rules) {
        // Unknown rules are RF003's; a rule turned off reports nothing to suppress.
        const RuleInfo* rule = find_rule(rules, id);
        if (!rule || !ctx.config.enabled(*rule)) continue;
        const bool used = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
          return f.suppression && f.rule_id == id && covers(s, f);
        });
        if (!used) unused.push_back(at(s, id));
      }
    }
    findings.insert(findings.end(), unused.begin(), unused.end());
  }

 private:
  Finding at(const Suppression& s, const std::string& id) const {
    Finding f = diag(directive_of(s),
                     "rightfit:ignore " + id + " suppresses nothing: " + id +
                         " reports no finding here; remove it (or the rule's name from it)");
    f.substance = "unused " + id;
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_unused_suppression() { return std::make_unique<UnusedSuppression>(); }

}  // namespace rightfit
