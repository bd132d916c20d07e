// Schedule expressions as EventBridge rules, EventBridge Scheduler, SAM `Schedule`/`ScheduleV2`
// events, Terraform `aws_cloudwatch_event_rule` and Serverless `schedule` events take them:
// `rate(5 minutes)` and `cron(Minutes Hours Day-of-month Month Day-of-week Year)`. The syntax
// is AWS's (Amazon EventBridge user guide, "Cron expressions reference",
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html, and
// "Rate expressions", eb-rate-expressions.html, read 2026-12-07): Day-of-week 1-7 is SUN-SAT,
// one of the two day fields is `?`, Day-of-month takes `L` and `nW`, Day-of-week `L`, `nL` and
// `n#k`, and all times are UTC. Shared by the front-ends that read schedules and the cost model
// that prices them, so it knows no format.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rightfit::aws {

// How often `expression` fires in a month of `hours_per_month` hours (the price table's 730):
// a rate exactly; a cron expression by its average over the four years 2024-2027 (a leap
// cycle, every weekday pattern and month length included), scaled from days to the month's
// hours / 24 days. nullopt when it is not a recurring schedule this reads, with `why` saying
// which part: a one-time `at(...)`, a Year field other than `*`, a malformed field.
std::optional<double> schedule_runs_per_month(std::string_view expression, double hours_per_month,
                                              std::string* why = nullptr);

}  // namespace rightfit::aws
