// RF003: a `rightfit:ignore` comment or Metadata entry that names no rule or an unknown one.
// It would otherwise be read as nothing and silence nothing, while its author believes the
// finding is handled (ruff and eslint report the same for their directives).
#include "analyzer/suppressions.h"
#include "checks/check.h"

namespace rightfit {
namespace {

class InvalidSuppression : public Check {
 public:
  InvalidSuppression()
      : Check(describe_rule("RF003", "invalid-suppression", Severity::Error,
                            "A rightfit:ignore comment or Metadata entry names no rule, or a rule "
                            "that does not exist, so it suppresses nothing.",
                            "invalid_suppression")) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const std::vector<RuleInfo> rules = all_rules();
    for (const Suppression& s : ctx.graph.suppressions) {
      if (s.rules.empty()) {
        out.push_back(at(s,
                         "rightfit:ignore names no rule; write the rule's ID or name (e.g. "
                         "`rightfit:ignore RF102 <reason>`)",
                         ""));
      }
      for (const std::string& word : s.rules) {
        if (find_rule(rules, word)) continue;
        out.push_back(at(s,
                         "rightfit:ignore names '" + word +
                             "', which is no rule (see `rightfit rules`); it suppresses nothing",
                         word));
      }
    }
  }

 private:
  Finding at(const Suppression& s, std::string message, const std::string& word) const {
    Finding f = diag(directive_of(s), std::move(message));
    f.substance = "ignore " + word;
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_invalid_suppression() { return std::make_unique<InvalidSuppression>(); }

}  // namespace rightfit
