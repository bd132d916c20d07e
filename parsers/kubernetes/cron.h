// Cron schedules as Kubernetes CronJobs take them: five fields (minute hour day-of-month
// month day-of-week) with lists, ranges, steps and names, or a macro (@hourly, @daily, ...,
// @every <duration>); a leading `CRON_TZ=`/`TZ=` zone is ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rightfit::k8s {

// How often a schedule fires in a month of `hours_per_month` hours (the price table's month),
// averaged over four years (leap day and weekday cycles included). nullopt: not a schedule
// this parser understands, with `why` saying which part.
std::optional<double> cron_runs_per_month(std::string_view schedule, double hours_per_month,
                                          std::string* why = nullptr);

// The five fields a macro (`@daily`) stands for; nullopt when it is not a cron macro.
std::optional<std::string_view> cron_macro_fields(std::string_view macro);

}  // namespace rightfit::k8s
