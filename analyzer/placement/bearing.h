// What a rule's findings say about where a workload should run: the axis of the comparison,
// the platform they argue for and what one of them can do to a verdict. Each rule declares
// its bearing in its own file (checks/); the placement engine (analyzer/placement/) reads it
// from the rule list the driver passes in, so no rule ID is written outside checks/.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace rightfit {

// The axes of the comparison, in the order every format shows them.
enum class PlacementAxis { Duration, State, Startup, TrafficCost, Customization };
inline constexpr size_t kPlacementAxes = 5;
// Which platform a piece of evidence argues for.
enum class Lean { Neutral, Lambda, Fargate };
// What one piece of evidence can do to a verdict (the evidence table of
// docs/cost-and-placement.md, "Placement report"): `Hard`, a limit of the platform it argues
// against (enough alone to move off it, and it forbids a move onto it); `Strong`, enough alone;
// `Soft`, never enough alone (two of different rules on the duration and state axes together count
// as strong); `None`, it only weighs on the confidence.
enum class Strength { None, Soft, Strong, Hard };

// The members of the hybrid patterns (analyzer/placement/patterns.cpp) whose findings of a
// rule are deviations from the pattern.
enum class PatternRole {
  ApiFunction,     // the Lambda of API Gateway + Lambda + database
  FrontService,    // a service behind a load balancer (ECS + ALB + RDS, the queue pattern's front)
  WorkerFunction,  // a Lambda draining a queue
  WorkerService,   // a service draining a queue
  Queue,           // the queue between front and workers
};

struct PlacementBearing {
  PlacementBearing() = default;
  PlacementBearing(PlacementAxis a, Lean l, Strength s, std::vector<PatternRole> deviations = {})
      : axis(a), lean(l), strength(s), deviation_of(std::move(deviations)) {}

  PlacementAxis axis = PlacementAxis::Customization;
  Lean lean = Lean::Neutral;
  Strength strength = Strength::None;
  std::vector<PatternRole> deviation_of;  // where its findings are a pattern's deviations
  // The synchronous caller gives up before the function ends: with it one soft duration item
  // splits the workload, alone it asks to lower the Timeout (never a fix-in-place item).
  bool caller_gives_up = false;
  std::string caller_wait_option;  // the rule's option that says how long the caller waits
  // A value the analysis needed is unknown: the verdict's confidence drops a step (never a
  // fix-in-place item).
  bool unresolved_value = false;
  // A cost comparison on a load assumed (provisioned environments assumed busy), not declared:
  // strong evidence made soft.
  bool softened_on_assumed_load = false;
  // Below this effective Timeout (seconds) a finding is a setting to fix, not a limit the work
  // hits: neutral. 0: never.
  double setting_below_timeout_s = 0;
  // Its findings show a function waiting on other work (polling, sleeping): time a workflow's
  // Wait state holds for free, so the placement report weighs Step Functions.
  bool waits_on_other_work = false;

  // Builders for the rules' constructors.
  PlacementBearing& when_caller_gives_up(std::string wait_option) {
    caller_gives_up = true;
    caller_wait_option = std::move(wait_option);
    return *this;
  }
  PlacementBearing& when_value_unresolved() {
    unresolved_value = true;
    return *this;
  }
  PlacementBearing& softened_when_load_assumed() {
    softened_on_assumed_load = true;
    return *this;
  }
  PlacementBearing& when_it_waits_on_other_work() {
    waits_on_other_work = true;
    return *this;
  }
  PlacementBearing& a_setting_below_timeout(double seconds) {
    setting_below_timeout_s = seconds;
    return *this;
  }
};

}  // namespace rightfit
