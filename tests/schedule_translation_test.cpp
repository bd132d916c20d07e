// Schedules between EventBridge and Kubernetes CronJobs for the migration sketches: exact
// where the target's syntax can say the same thing, else the nearest form and a todo naming
// what differs; every result parses on its side (the cost model's readers).
#include "integrations/plan/schedule_translation.h"

#include <gtest/gtest.h>

#include "parsers/aws_schedule.h"
#include "parsers/kubernetes/cron.h"

namespace rightfit {
namespace {

constexpr double kMonth = 730;

void expect_cron_job(const char* eventbridge, const char* expression, bool exact) {
  const TranslatedSchedule t = cron_job_schedule(eventbridge);
  EXPECT_EQ(t.expression, expression) << eventbridge;
  EXPECT_EQ(t.todo.empty(), exact) << eventbridge << ": " << t.todo;
  EXPECT_TRUE(k8s::cron_runs_per_month(t.expression, kMonth)) << t.expression;
}

void expect_eventbridge(const char* cron_job, const char* expression, bool exact) {
  const TranslatedSchedule t = eventbridge_schedule(cron_job);
  EXPECT_EQ(t.expression, expression) << cron_job;
  EXPECT_EQ(t.todo.empty(), exact) << cron_job << ": " << t.todo;
  EXPECT_TRUE(aws::schedule_runs_per_month(t.expression, kMonth)) << t.expression;
}

TEST(ScheduleTranslation, RatesThatDivideTheirPeriodAreExact) {
  expect_cron_job("rate(1 minute)", "* * * * *", true);
  expect_cron_job("rate(15 minutes)", "*/15 * * * *", true);
  expect_cron_job("rate(1 hour)", "0 * * * *", true);
  expect_cron_job("rate(120 minutes)", "0 */2 * * *", true);
  expect_cron_job("rate(6 hours)", "0 */6 * * *", true);
  expect_cron_job("rate(1 day)", "0 0 * * *", true);
}

TEST(ScheduleTranslation, RatesThatDoNotDivideTheirPeriodSayWhatDiffers) {
  const TranslatedSchedule seven = cron_job_schedule("rate(7 minutes)");
  EXPECT_EQ(seven.expression, "*/7 * * * *");
  EXPECT_EQ(seven.todo,
            "rate(7 minutes) has no exact five-field form: `*/7 * * * *` starts again at each "
            "hour, 4 minutes after the run before it");
  expect_cron_job("rate(5 hours)", "0 */5 * * *", false);
  expect_cron_job("rate(90 minutes)", "0 */2 * * *", false);
  expect_cron_job("rate(3 days)", "0 0 */3 * *", false);
}

TEST(ScheduleTranslation, AwsCronDropsItsYearAndQuestionMarkAndShiftsWeekdays) {
  expect_cron_job("cron(0 2 * * ? *)", "0 2 * * *", true);
  expect_cron_job("cron(30 1 ? * 2-6 *)", "30 1 * * 1-5", true);
  expect_cron_job("cron(0 8 ? * MON-FRI *)", "0 8 * * MON-FRI", true);
  expect_cron_job("cron(0 12 ? * 1,7 *)", "0 12 * * 0,6", true);
  expect_cron_job("cron(15 10 1 JAN,JUL ? *)", "15 10 1 JAN,JUL *", true);
}

TEST(ScheduleTranslation, AwsOnlyCronFeaturesGetANearestFormAndATodo) {
  expect_cron_job("cron(0 2 L * ? *)", "0 2 28 * *", false);
  expect_cron_job("cron(0 9 15W * ? *)", "0 9 15 * *", false);
  expect_cron_job("cron(0 9 ? * 6#3 *)", "0 9 * * 5", false);
  expect_cron_job("cron(0 0 1 1 ? 2027)", "0 0 1 1 *", false);
  const TranslatedSchedule bad = cron_job_schedule("at(2027-01-01T00:00:00)");
  EXPECT_EQ(bad.expression, "0 0 * * *");
  EXPECT_NE(bad.todo.find("could not be translated"), std::string::npos) << bad.todo;
}

TEST(ScheduleTranslation, CronJobSchedulesBecomeEventBridgeCron) {
  expect_eventbridge("*/15 * * * *", "cron(*/15 * * * ? *)", true);
  expect_eventbridge("0 */6 * * 1-5", "cron(0 */6 ? * 2-6 *)", true);
  expect_eventbridge("0 3 * * MON-FRI", "cron(0 3 ? * 2-6 *)", true);
  expect_eventbridge("0 0 * * */2", "cron(0 0 ? * 1,3,5,7 *)", true);
  expect_eventbridge("0 4 * * 7", "cron(0 4 ? * 1 *)", true);
  expect_eventbridge("@daily", "cron(0 0 * * ? *)", true);
  expect_eventbridge("@weekly", "cron(0 0 ? * 1 *)", true);
  expect_eventbridge("0 5 1 * *", "cron(0 5 1 * ? *)", true);
}

TEST(ScheduleTranslation, WhatEventBridgeCannotSayIsATodo) {
  // Cron runs on either restricted day field; EventBridge takes one.
  expect_eventbridge("0 6 1 * MON", "cron(0 6 1 * ? *)", false);
  const TranslatedSchedule zoned = eventbridge_schedule("CRON_TZ=Europe/Berlin 0 6 * * *");
  EXPECT_EQ(zoned.expression, "cron(0 6 * * ? *)");
  EXPECT_NE(zoned.todo.find("CRON_TZ=Europe/Berlin dropped"), std::string::npos) << zoned.todo;
  expect_eventbridge("@every 7m", "cron(0 0 * * ? *)", false);
}

}  // namespace
}  // namespace rightfit
