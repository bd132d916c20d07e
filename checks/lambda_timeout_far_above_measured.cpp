// RF107: a Timeout far above the longest measured invocation: a hung invocation (a dependency
// that never answers) is billed for the whole Timeout, and retried.
#include <algorithm>
#include <cmath>
#include <optional>

#include "checks/check.h"
#include "checks/measured.h"
#include "parsers/aws_limits.h"

namespace rightfit {
namespace {

// The suggested Timeout is this many times the measured maximum: room for a slower input or
// dependency than the window saw, without paying for a hang.
constexpr double kSuggestedHeadroom = 3;

class LambdaTimeoutFarAboveMeasured : public Check {
 public:
  LambdaTimeoutFarAboveMeasured()
      : Check(describe_rule("RF107", "lambda-timeout-far-above-measured", Severity::Info,
                            "A Lambda Timeout is far above the longest measured invocation.",
                            "lambda_timeout_far_above_measured")
                  .reading(RuleTag::Cost)
                  .with_option({"min_timeout_s", 30,
                                "the Timeout (seconds) from which the rule looks at all", ""})
                  .with_option({"factor", 10,
                                "reports when the Timeout is more than this many times the "
                                "measured maximum duration",
                                ""})
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Duration, Lean::Neutral, Strength::None))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const double min_timeout = option(ctx, "min_timeout_s");
    const double factor = option(ctx, "factor");
    for (const Function& fn : ctx.graph.functions) {
      const MeasuredUsage* usage = measured_usage_of(ctx, fn.id);
      const std::optional<double> max_ms = usage ? usage->duration_max_ms : std::nullopt;
      const Effective t = effective_timeout(fn);
      const std::optional<double> timeout_s = t.value;
      if (!max_ms || !timeout_s || *timeout_s < min_timeout) continue;
      if (*max_ms * factor >= *timeout_s * 1000) continue;
      out.push_back(finding(fn, t.where, Figures{*timeout_s, *max_ms, factor}, *usage));
    }
  }

 private:
  // 3 x the measured maximum, rounded up to a whole second, never below Lambda's default 3 s
  // (a cold start or a retry needs room the window may not have shown).
  static double suggested_timeout_s(double max_ms) {
    return std::max(aws::kLambdaDefaultTimeoutS, std::ceil(kSuggestedHeadroom * max_ms / 1000));
  }

  struct Figures {
    double timeout_s;
    double max_ms;
    double factor;
  };

  Finding finding(const Function& fn, const SourceRange& where, const Figures& figures,
                  const MeasuredUsage& usage) const {
    const double timeout_s = figures.timeout_s;
    const double max_ms = figures.max_ms;
    const double factor = figures.factor;
    const double suggested = suggested_timeout_s(max_ms);
    Finding f = diag(
        where, "Lambda function '" + fn.id.name + "' has Timeout " + format_number(timeout_s) +
                   " s but its longest measured invocation took " + format_milliseconds(max_ms) +
                   " " + measured_window(usage) + ", less than 1/" + format_number(factor) +
                   " of it: an invocation that hangs on a dependency is billed for the whole " +
                   format_number(timeout_s) + " s (and retried). Lower the Timeout to about " +
                   format_number(suggested) + " s (" + format_number(kSuggestedHeadroom) +
                   " x the measured maximum, rounded up, at least " +
                   format_number(aws::kLambdaDefaultTimeoutS) + " s)");
    f.subject = fn.id;
    f.substance = "Timeout";
    f.properties["measuredMaxDurationMs"] = max_ms;
    f.properties["suggestedTimeoutS"] = suggested;
    f.related.push_back(measured_file_location(usage));
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_timeout_far_above_measured() {
  return std::make_unique<LambdaTimeoutFarAboveMeasured>();
}

}  // namespace rightfit
