// AWS schedule expressions counted into runs per 730-hour month (parsers/aws_schedule.h),
// against counts made by hand. Over 2024-2027 (1,461 days; 2024-01-01 a Monday) a day-of-month
// or an n-th weekday matches on 48 days, and Monday-Friday on 1,045 (208 whole weeks and
// Monday-Friday of the last five days). A 730-hour month is 730 / 24 = 30.41667 days.
#include "parsers/aws_schedule.h"

#include <gtest/gtest.h>

#include <string>

namespace rightfit::aws {
namespace {

constexpr double kMonthDays = 730.0 / 24;

double runs(const std::string& expression) {
  std::string why;
  std::optional<double> r = schedule_runs_per_month(expression, 730, &why);
  EXPECT_TRUE(r) << expression << ": " << why;
  return r.value_or(-1);
}

std::string why_not(const std::string& expression) {
  std::string why;
  EXPECT_FALSE(schedule_runs_per_month(expression, 730, &why)) << expression;
  return why;
}

TEST(AwsSchedule, RatesAreExact) {
  EXPECT_DOUBLE_EQ(runs("rate(5 minutes)"), 730 * 60 / 5.0);  // 8,760
  EXPECT_DOUBLE_EQ(runs("rate(1 minute)"), 43800);
  EXPECT_DOUBLE_EQ(runs("rate(1 hour)"), 730);
  EXPECT_DOUBLE_EQ(runs("rate(2 hours)"), 365);
  EXPECT_DOUBLE_EQ(runs(" rate(1 day) "), kMonthDays);
  EXPECT_DOUBLE_EQ(runs("rate(7 days)"), kMonthDays / 7);
}

TEST(AwsSchedule, CronCountsTimesOfDayAndDays) {
  EXPECT_NEAR(runs("cron(0 12 * * ? *)"), kMonthDays, 1e-9);             // daily at noon
  EXPECT_NEAR(runs("cron(0/15 * * * ? *)"), 96 * kMonthDays, 1e-9);      // every 15 minutes
  EXPECT_NEAR(runs("cron(1/10 * * * ? *)"), 6 * 24 * kMonthDays, 1e-9);  // 1, 11, ..., 51
  EXPECT_NEAR(runs("cron(0,30 8-17 * * ? *)"), 20 * kMonthDays, 1e-9);   // 2 x 10 hours
  EXPECT_NEAR(runs("cron(0 9 ? * MON-FRI *)"), 1045.0 / 1461 * kMonthDays, 1e-9);
  EXPECT_NEAR(runs("cron(0 9 ? * 2-6 *)"), 1045.0 / 1461 * kMonthDays, 1e-9);  // 2 = MON
  EXPECT_NEAR(runs("cron(0 0 1 * ? *)"), 48.0 / 1461 * kMonthDays, 1e-9);      // monthly: 0.9993
  EXPECT_NEAR(runs("cron(0 0 L * ? *)"), 48.0 / 1461 * kMonthDays, 1e-9);      // last day
  EXPECT_NEAR(runs("cron(0 0 15W * ? *)"), 48.0 / 1461 * kMonthDays, 1e-9);
  EXPECT_NEAR(runs("cron(0 8 ? * 2#1 *)"), 48.0 / 1461 * kMonthDays, 1e-9);  // first Monday
  EXPECT_NEAR(runs("cron(0 8 ? * 6L *)"), 48.0 / 1461 * kMonthDays, 1e-9);   // last Friday
  // January and July only: 4 x 2 months of 31 days, every day.
  EXPECT_NEAR(runs("cron(0 6 * JAN,JUL ? *)"), 248.0 / 1461 * kMonthDays, 1e-9);
  // The 31st exists in 7 months a year; 31W never runs in a shorter month.
  EXPECT_NEAR(runs("cron(0 0 31W * ? *)"), 28.0 / 1461 * kMonthDays, 1e-9);
}

TEST(AwsSchedule, WhatIsNotARecurringScheduleSaysWhy) {
  EXPECT_EQ(why_not("at(2026-12-24T10:00:00)"), "at(...) runs once, not every month");
  EXPECT_EQ(why_not("cron(0 12 * * * *)"),
            "one of its Day-of-month and Day-of-week fields must be '?' (and only one)");
  EXPECT_EQ(why_not("cron(0 12 * * ? 2027)"), "its Year field '2027' limits it to some years");
  EXPECT_EQ(why_not("cron(61 12 * * ? *)"), "its Minutes field '61' is not understood");
  EXPECT_EQ(why_not("cron(0 12 * * ?)"), "a cron expression has 6 fields, not 5");
  EXPECT_EQ(why_not("cron(0 12 ? * 8 *)"), "its Day-of-week field '8' is not understood");
  EXPECT_EQ(why_not("rate(0 minutes)"),
            "a rate is a positive whole number and minute(s), hour(s) or day(s)");
  EXPECT_EQ(why_not("rate(5 weeks)"),
            "a rate is a positive whole number and minute(s), hour(s) or day(s)");
  EXPECT_EQ(why_not("0 12 * * *"), "'0 12 * * *' is not rate(...) or cron(...)");
  EXPECT_EQ(why_not(""), "'' is not rate(...) or cron(...)");
}

}  // namespace
}  // namespace rightfit::aws
