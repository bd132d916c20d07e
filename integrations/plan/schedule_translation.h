// Schedules between EventBridge (`rate(...)`, six-field `cron(...)`, parsers/aws_schedule.h)
// and Kubernetes CronJobs (five-field cron or a macro, parsers/kubernetes/cron.h), for the
// migration sketches that move a scheduled workload between Lambda and a cluster. Both sides
// run in UTC here: the CronJob sketch sets `timeZone: Etc/UTC`, EventBridge rules have no zone.
#pragma once

#include <string>
#include <string_view>

namespace rightfit {

struct TranslatedSchedule {
  std::string expression;  // always valid in the target's syntax
  std::string todo;        // empty when it runs exactly when the source did; else what differs
};

// `rate(1 hour)` -> `0 * * * *`; `cron(0 2 ? * MON-FRI *)` -> `0 2 * * MON-FRI`. A rate that
// does not divide its hour or day (`rate(7 minutes)`), a Year, `L`, `W` or `#` have no exact
// five-field form: the nearest one, and a todo saying what changes.
TranslatedSchedule cron_job_schedule(std::string_view eventbridge);

// `*/15 * * * *` -> `cron(*/15 * * * ? *)`; `@daily` -> `cron(0 0 * * ? *)`. Both day fields
// restricted (cron runs on either; EventBridge takes one), `@every` or a time zone: the
// nearest expression, and a todo.
TranslatedSchedule eventbridge_schedule(std::string_view cron_job);

}  // namespace rightfit
