// RF106: a queue whose VisibilityTimeout is below 6 x the consuming function's Timeout plus the
// event source's batching window redelivers messages that are still being processed.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "checks/check.h"
#include "parsers/aws_limits.h"

namespace rightfit {
namespace {

class SqsVisibilityTimeoutTooShort : public Check {
 public:
  SqsVisibilityTimeoutTooShort()
      : Check(describe_rule("RF106", "sqs-visibility-timeout-too-short", Severity::Error,
                            "An SQS queue consumed by a Lambda has a VisibilityTimeout below "
                            "6 x the function Timeout plus the batching window.",
                            "sqs_visibility_timeout_too_short")
                  .with_option({"factor", 6,
                                "VisibilityTimeout must be at least this many times the "
                                "function's Timeout (AWS recommends 6)",
                                "sqs_visibility_factor"})
                  .bearing_on(PlacementBearing(PlacementAxis::Duration, Lean::Neutral,
                                               Strength::None, {PatternRole::Queue}))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const double factor = option(ctx, "factor");
    // A queue several functions consume needs the largest of their values: each finding's
    // fix writes that one, so fixing one finding does not leave (or bring back) another.
    std::map<const Queue*, double> largest;
    std::vector<Shortfall> shortfalls;
    for (const Trigger& t : ctx.graph.triggers) {
      std::optional<Shortfall> s = shortfall_of(ctx.graph, t, factor);
      if (!s) continue;
      largest[s->queue] = std::max(largest[s->queue], s->needed);
      if (s->visibility_s < s->needed) shortfalls.push_back(*s);
    }
    for (const Shortfall& s : shortfalls) {
      out.push_back(report(*s.queue, *s.fn, *s.trigger, {s.visibility_s, s.visibility},
                           {s.timeout_s, s.timeout}, s.needed, largest[s.queue]));
    }
  }

 private:
  // A queue a function consumes, with the VisibilityTimeout the function needs.
  struct Shortfall {
    const Queue* queue;
    const Function* fn;
    const Trigger* trigger;
    Effective visibility;
    Effective timeout;
    double visibility_s;  // their values, known
    double timeout_s;
    double needed;
  };

  static std::optional<Shortfall> shortfall_of(const WorkloadGraph& graph, const Trigger& t,
                                               double factor) {
    if (t.kind != "SQS" || !t.source) return std::nullopt;
    const Queue* queue = graph.queue(t.scope, *t.source);
    const Function* fn = graph.function(t.scope, t.function);
    if (!queue || !fn) return std::nullopt;
    Effective visibility = effective_visibility_timeout(*queue);
    Effective timeout = effective_timeout(*fn);
    if (!visibility.value || !timeout.value) return std::nullopt;
    // A window that is not statically known is RF002's; without it the margin is still at
    // least factor x Timeout.
    const double window = t.batching_window_s.value.value_or(0);
    const double visibility_s = *visibility.value;
    const double timeout_s = *timeout.value;
    return Shortfall{queue,   fn,           &t,        visibility,
                     timeout, visibility_s, timeout_s, factor * timeout_s + window};
  }

  // A setting whose value run() found known, with that value.
  struct Known {
    double seconds;
    const Effective& setting;
  };

  Finding report(const Queue& queue, const Function& fn, const Trigger& t, Known visibility,
                 Known timeout, double needed, double fixed) const {
    const bool shorter_than_run = visibility.seconds < timeout.seconds;
    std::string vt = format_number(visibility.seconds) + " s" +
                     (visibility.setting.defaulted ? " (the default)" : "");
    std::string message =
        "SQS queue '" + queue.id.name + "' has VisibilityTimeout " + vt + " but is consumed by '" +
        fn.id.name + "' with Timeout " + format_number(timeout.seconds) + " s; " +
        (shorter_than_run
             ? "a message becomes visible again while it is still being processed and is "
               "processed twice"
             : "retries and batching can make messages visible again before they are done") +
        ". Set it to at least " + format_number(needed) + " s (AWS recommends 6 x the Timeout" +
        batching_window_advice(t) + ")";
    Finding f = diag(visibility.setting.where, message);
    f.severity = shorter_than_run ? Severity::Error : Severity::Warning;
    f.subject = queue.id;
    f.substance = "VisibilityTimeout<" + fn.id.name;
    if (std::optional<Fix> fix = fix_of(visibility.setting, fixed)) f.fixes.push_back(*fix);
    f.related.push_back({timeout.setting.where, "'" + fn.id.name + "' Timeout"});
    f.related.push_back({t.where, "the event source that connects them"});
    if (std::optional<double> window = window_of(t)) {
      f.related.push_back({t.batching_window_s.written.value_or(t.where),
                           "its MaximumBatchingWindowInSeconds " + format_number(*window) + " s"});
    }
    return f;
  }

  // The needed value, in whole seconds (SQS takes no fractions), written where the queue
  // says it or added to its properties; none past SQS's maximum, which no value fixes.
  static std::optional<Fix> fix_of(const Effective& visibility, double needed) {
    const double seconds = std::ceil(needed);
    if (!visibility.slot || seconds > aws::kSqsMaxVisibilityTimeoutS) return std::nullopt;
    return value_fix("Set VisibilityTimeout to " + format_number(seconds), *visibility.slot,
                     format_number(seconds));
  }

  // Lambda gathers a batch for up to the window before it invokes, with the first messages
  // already received and invisible. Nullopt: no window (absent, 0 or not statically known).
  static std::optional<double> window_of(const Trigger& t) {
    const std::optional<double>& window = t.batching_window_s.value;
    if (!window || *window <= 0) return std::nullopt;
    return window;
  }

  static std::string batching_window_advice(const Trigger& t) {
    std::optional<double> window = window_of(t);
    if (!window) return "";
    return " plus the event source's MaximumBatchingWindowInSeconds of " + format_number(*window) +
           " s";
  }
};

}  // namespace

std::unique_ptr<Check> make_sqs_visibility_timeout_too_short() {
  return std::make_unique<SqsVisibilityTimeoutTooShort>();
}

}  // namespace rightfit
