// `rightfit cost` in its four formats, over the CloudFormation cost fixture (its own root with
// declared usage); the HTML page is loaded in headless Chromium by
// tests/browser/cost_report_check.mjs (playwright-core driving Debian's /usr/bin/chromium).
#include "integrations/report/cost_report.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "checks/check.h"
#include "driver/engine.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = "fixtures/cloudformation/cost";
const std::string kTemplate = kRoot + "/template.yaml";

CostReport fixture_report() {
  ConfigResult config = load_config(kRoot + "/.rightfit.yaml");
  EXPECT_TRUE(config.ok()) << config.problem().message;
  const Analysis analysis = analyze(AnalysisRequest{{kRoot}, kRoot, *config, 2, {}});
  EXPECT_TRUE(analysis.errors.empty());
  return build_cost_report(*analysis.graph, *config, analysis.findings, all_rules());
}

const CostEntry* entry_named(const CostReport& report, const std::string& name) {
  for (const CostEntry& e : report.entries) {
    if (e.cost.id.name == name) return &e;
  }
  return nullptr;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(CostReport, ListsEveryFunctionAndServiceWithItsFinding) {
  CostReport report = fixture_report();
  ASSERT_EQ(report.entries.size(), 11u);  // 7 services, 4 functions; task definitions are not
  EXPECT_EQ(report.entries.front().cost.id.name, "IdleWorker");  // in file order
  const CostEntry* quiet = entry_named(report, "QuietWeb");
  ASSERT_NE(quiet, nullptr);
  ASSERT_EQ(quiet->findings.size(), 1u);
  EXPECT_EQ(quiet->findings[0].rule_id, "RF401");
  const CostEntry* busy = entry_named(report, "BusyWeb");
  ASSERT_NE(busy, nullptr);
  EXPECT_TRUE(busy->findings.empty());
  // 2 x 36.0401 + 2.7030075 + 72.0802 + 18.02005 + 108.1203 + 36.0401 (services)
  // + 131.00025 + 95.4847008 + 1.033335 (functions with a known load) = 500.5225.
  EXPECT_NEAR(known_monthly_total(report), 500.5225, 0.005);
}

TEST(CostReport, Text) {
  const std::string text = format_cost_text(fixture_report());
  EXPECT_NE(text.find("rightfit cost report: 11 workloads\n"), std::string::npos);
  EXPECT_NE(text.find(kTemplate + ":61: QuietWeb (Fargate, 2 x 1 vCPU/2 GB)\n"
                                  "  usage:        100K requests/month x 300 ms\n"
                                  "  now:          $72.08/month\n"
                                  "  alternative:  Lambda 2048 MB x86_64: $1.02/month\n"
                                  "  break-even:   7.07M requests/month\n"
                                  "  finding:      RF401\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Ec2Worker (ECS on EC2)\n  usage:        -\n"
                      "  now:          not priced: its EC2 capacity is billed by instance"),
            std::string::npos);
  EXPECT_EQ(text.find("never"), std::string::npos);  // every function here breaks even
  // Ec2Worker (not priced) and Undeclared (no usage) have no monthly figure: counted, not $0.
  EXPECT_NE(text.find("Known monthly cost now: $500.52 (2 workloads not counted: no usage data or "
                      "not priced)\n"),
            std::string::npos);
  EXPECT_NE(text.find("Prices: us-east-1 on-demand as of "), std::string::npos);
}

TEST(CostReport, Markdown) {
  const std::string md = format_cost_markdown(fixture_report());
  EXPECT_EQ(md.rfind("### rightfit cost report\n\n| Workload | Platform |", 0), 0u) << md;
  EXPECT_NE(md.find("|---|---|---|---:|---|---:|---|\n"), std::string::npos);
  EXPECT_NE(md.find("| **SteadyApi**<br>" + kTemplate +
                    ":143 | Lambda 1024 MB x86\\_64 | 30M requests/month x 250 ms | "
                    "$131.00/month | Fargate 3 x 1 vCPU/2 GB: $108.12/month | 8.25M "
                    "requests/month | RF402 |\n"),
            std::string::npos)
      << md;
  EXPECT_EQ(count(md, "\n| **"), 11u);  // one row per workload
  EXPECT_NE(md.find("#### Findings\n\n- **RF401** `" + kTemplate + ":47`: ECS service"),
            std::string::npos);
  EXPECT_EQ(count(md, "\n- **RF40"), 5u);
  EXPECT_NE(md.find("**Known monthly cost now: $500.52 (2 workloads not counted"),
            std::string::npos);
}

TEST(CostReport, MarkdownEscapesCells) {
  CostReport report;
  report.prices = builtin_price_table();
  CostEntry entry;
  entry.cost.id = EntityId{"t.yaml", "a|b_c*"};
  entry.cost.header = SourceRange{"t.yaml", {{3, 3}, {3, 9}}};
  entry.cost.unpriced = "a <reason>";
  report.entries.push_back(entry);
  const std::string md = format_cost_markdown(report);
  EXPECT_NE(md.find("| **a\\|b\\_c\\***<br>t.yaml:3 | Lambda | - | not priced: a \\<reason\\> |"),
            std::string::npos)
      << md;
}

// GitHub refuses a comment body above 65,536 characters, and the whole post fails: the report
// leaves out what does not fit, says how much, and keeps its footer.
TEST(CostReport, MarkdownNeverPassesTheCommentLimit) {
  CostReport report;
  report.prices = builtin_price_table();
  for (int i = 0; i < 3000; ++i) {
    CostEntry entry;
    entry.cost.id = EntityId{"t.yaml", "Function" + std::to_string(i)};
    entry.cost.header = SourceRange{"t.yaml", {{static_cast<uint32_t>(i + 1), 3}, {1, 9}}};
    entry.cost.unpriced = "a reason long enough to fill the comment quickly";
    report.entries.push_back(entry);
  }
  for (int i = 0; i < 500; ++i)
    report.parse_errors.push_back("broken" + std::to_string(i) + ".yaml:1:1: x");
  const std::string md = format_cost_markdown(report);
  EXPECT_LE(md.size(), kGitHubCommentLimit);
  EXPECT_NE(md.find("workloads left out to keep this comment under 65536 characters; `rightfit "
                    "cost` lists everything._"),
            std::string::npos);
  EXPECT_NE(md.find("<sub>Prices: "), std::string::npos) << "the footer is kept";
  EXPECT_NE(md.find("| **Function0**<br>t.yaml:1 |"), std::string::npos) << "shown in order";
  MarkdownOptions small;
  small.max_chars = 2000;
  EXPECT_LE(format_cost_markdown(report, small).size(), 2000u);
}

TEST(CostReport, MarkdownSummaryAndLinks) {
  const CostReport report = fixture_report();
  MarkdownOptions options;
  options.summary = true;
  options.repository_url = "https://github.com/org/app/";
  options.commit = "0123abc";
  const std::string md = format_cost_markdown(report, options);
  EXPECT_EQ(md.find("#### Findings"), std::string::npos) << md;
  EXPECT_NE(md.find("| **SteadyApi**<br>[" + kTemplate +
                    ":143](https://github.com/org/app/blob/"
                    "0123abc/" +
                    kTemplate + "#L143) |"),
            std::string::npos)
      << md;
  options.summary = false;
  options.repository_url = "https://gitlab.example.com/group/app";
  EXPECT_NE(format_cost_markdown(report, options)
                .find("- **RF401** [`" + kTemplate +
                      ":47`](https://gitlab.example.com/group/app/-/"
                      "blob/0123abc/" +
                      kTemplate + "#L47): "),
            std::string::npos);
}

// Costs never read as free: a report whose every workload lacks usage data says so.
TEST(CostReport, UnknownCostIsNotZero) {
  CostReport report;
  report.prices = builtin_price_table();
  CostEntry entry;
  entry.cost.id = EntityId{"t.yaml", "Fn"};
  entry.cost.header = SourceRange{"t.yaml", {{3, 3}, {3, 9}}};
  report.entries.push_back(entry);
  EXPECT_EQ(known_monthly_total_text(report), "unknown (no usage data)");
  EXPECT_NE(format_cost_text(report).find("Known monthly cost now: unknown (no usage data)\n"),
            std::string::npos);
  EXPECT_NE(
      format_cost_markdown(report).find("**Known monthly cost now: unknown (no usage data)**"),
      std::string::npos);
  EXPECT_NE(format_cost_html(report).find("Known monthly cost now: unknown (no usage data)"),
            std::string::npos);
  report.entries[0].cost.current_monthly = 12.5;
  EXPECT_EQ(known_monthly_total_text(report), "$12.50");
}

TEST(CostReport, Json) {
  const std::string json = format_cost_json(fixture_report());
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  EXPECT_STREQ(doc["prices"]["region"].GetString(), "us-east-1");
  EXPECT_EQ(doc["prices"]["hoursPerMonth"].GetDouble(), 730);
  const auto& workloads = doc["workloads"];
  ASSERT_EQ(workloads.Size(), 11u);
  const rapidjson::Value* warm = nullptr;
  const rapidjson::Value* ec2 = nullptr;
  for (const auto& w : workloads.GetArray()) {
    if (std::string(w["name"].GetString()) == "WarmApi") warm = &w;
    if (std::string(w["name"].GetString()) == "Ec2Worker") ec2 = &w;
  }
  ASSERT_NE(warm, nullptr);
  EXPECT_STREQ((*warm)["kind"].GetString(), "function");
  EXPECT_EQ((*warm)["line"].GetUint(), 152u);
  // See cost_model_test.cpp for these figures by hand.
  EXPECT_NEAR((*warm)["monthlyUsd"].GetDouble(), 95.4847008, 0.005);
  EXPECT_NEAR((*warm)["alternativeMonthlyUsd"].GetDouble(), 86.505, 0.005);
  EXPECT_NEAR((*warm)["breakEvenRequestsPerMonth"].GetDouble(), 1455077, 1);
  EXPECT_TRUE((*warm)["usage"]["requestsAssumed"].GetBool());
  EXPECT_EQ((*warm)["lambda"]["provisionedConcurrency"].GetDouble(), 3);
  EXPECT_EQ((*warm)["lambda"]["memoryMb"].GetDouble(), 1024);
  // 3 x 1 GB x 2,628,000 s x 0.0000033334
  EXPECT_NEAR((*warm)["lambda"]["provisionedMonthlyUsd"].GetDouble(), 26.2805256, 0.005);
  EXPECT_EQ((*warm)["usage"]["avgDurationMs"].GetDouble(), 200);
  EXPECT_TRUE((*warm)["usage"]["durationAssumed"].GetBool());
  EXPECT_EQ((*warm)["fargate"]["vcpu"].GetDouble(), 1);
  EXPECT_EQ((*warm)["fargate"]["memoryGb"].GetDouble(), 2);
  EXPECT_FALSE((*warm)["fargate"]["spot"].GetBool());
  EXPECT_STREQ((*warm)["fargate"]["architecture"].GetString(), "arm64");
  EXPECT_EQ((*warm)["fargate"]["tasks"].GetDouble(), 3);
  ASSERT_EQ((*warm)["findings"].Size(), 1u);
  EXPECT_STREQ((*warm)["findings"][0]["ruleId"].GetString(), "RF402");
  ASSERT_NE(ec2, nullptr);
  EXPECT_STREQ((*ec2)["platform"].GetString(), "ECS on EC2");
  EXPECT_FALSE(ec2->HasMember("monthlyUsd"));
  EXPECT_TRUE(ec2->HasMember("unpriced"));
}

// ECS tasks that schedules start: in every format, priced by their runs (the figures by hand
// are in cost_model_test.cpp, ScheduledTasks).
CostReport scheduled_tasks_report() {
  const std::string root = "fixtures/cloudformation/scheduled_tasks";
  const Analysis analysis = analyze(AnalysisRequest{{root}, root, Config{}, 2, {}});
  EXPECT_TRUE(analysis.errors.empty());
  return build_cost_report(*analysis.graph, Config{}, analysis.findings, all_rules());
}

TEST(CostReport, ScheduledTasksArePricedByTheirRuns) {
  const CostReport report = scheduled_tasks_report();
  const std::string file = "fixtures/cloudformation/scheduled_tasks/template.yaml";
  const std::string text = format_cost_text(report);
  EXPECT_NE(text.find(file + ":21: HourlyReport (Fargate, 2 x 0.5 vCPU/1 GB)\n"
                             "  usage:        declared by schedule: 730 runs/month x 60000 ms "
                             "(assumed)\n"
                             "  now:          $0.60/month\n"
                             "  alternative:  Lambda 1024 MB x86_64, an invocation per task: "
                             "$1.46/month\n"
                             "  break-even:   - (scheduled: priced per run on both)\n"),
            std::string::npos)
      << text;
  // Nothing about them reads as always-on (the price note below names functions' alternatives).
  EXPECT_EQ(text.substr(0, text.find("Known monthly cost")).find("always-on"), std::string::npos)
      << text;
  const std::string md = format_cost_markdown(report);
  EXPECT_NE(md.find("| **HourlyReport**<br>fixtures/cloudformation/scheduled\\_tasks/template.yaml"
                    ":21 | Fargate 2 x 0.5 vCPU/1 GB | declared by schedule: 730 runs/month x "
                    "60000 ms (assumed) | $0.60/month | Lambda 1024 MB x86\\_64, an invocation "
                    "per task: $1.46/month |"),
            std::string::npos)
      << md;
  rapidjson::Document doc;
  const std::string json = format_cost_json(report);
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  const rapidjson::Value* nightly = nullptr;
  for (const auto& w : doc["workloads"].GetArray()) {
    if (std::string(w["name"].GetString()) == "NightlyExport") nightly = &w;
  }
  ASSERT_NE(nightly, nullptr);
  EXPECT_STREQ((*nightly)["kind"].GetString(), "scheduled-task");
  EXPECT_STREQ((*nightly)["usage"]["basis"].GetString(), "schedule");
  EXPECT_NEAR((*nightly)["usage"]["requestsPerMonth"].GetDouble(), 730.0 / 24, 1e-9);
  EXPECT_NEAR((*nightly)["monthlyUsd"].GetDouble(), 0.020024, 1e-5);
  EXPECT_NEAR((*nightly)["alternativeMonthlyUsd"].GetDouble(), 0.048673, 1e-5);
}

TEST(CostReport, HtmlIsOneSelfContainedPage) {
  const std::string html = format_cost_html(fixture_report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_EQ(count(html, "<svg class=\"cost-chart\""), 10u);  // every priced workload
  EXPECT_EQ(count(html, "data-series=\"lambda\""), 10u);
  EXPECT_EQ(count(html, "data-series=\"fargate\""), 10u);
  // Usage: QuietWeb, BusyWorker, SteadyApi, QuietApi declared; WarmApi's provisioned load.
  EXPECT_EQ(count(html, "data-marker=\"usage\""), 5u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Nothing is fetched: no external stylesheet, image, font or script.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re((src|href)="(https?:)?//)re")));
}

TEST(CostReport, ChartMarksTheCrossingAndTodaysUsage) {
  const CostReport report = fixture_report();
  const CostEntry* quiet = entry_named(report, "QuietWeb");
  ASSERT_NE(quiet, nullptr);
  const std::string svg = cost_chart_svg(quiet->cost);
  // x axis: 1.5 x the break-even (7,066,672) rounded up to 12.5M in steps of 2.5M.
  EXPECT_NE(svg.find(">12.5M</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("break-even 7.07M"), std::string::npos);
  EXPECT_NE(svg.find("today 100K"), std::string::npos);
  // The Fargate line of a service is flat: two points at the same height.
  std::smatch points;
  ASSERT_TRUE(std::regex_search(svg, points,
                                std::regex(R"re(data-series="fargate"[^>]*points="([^"]*)")re")));
  std::istringstream in(points[1].str());
  std::string a, b, extra;
  in >> a >> b;
  EXPECT_FALSE(in >> extra);
  EXPECT_EQ(a.substr(a.find(',')), b.substr(b.find(',')));
}

TEST(CostReport, FilesThatCannotBeParsedAreNamed) {
  const std::string broken = "fixtures/cloudformation/broken_template.yaml";
  const Analysis analysis = analyze(AnalysisRequest{{broken}, ".", Config{}, 1, {}});
  const CostReport report =
      build_cost_report(*analysis.graph, Config{}, analysis.findings, all_rules());
  ASSERT_EQ(report.parse_errors.size(), 1u);
  EXPECT_EQ(report.parse_errors[0].rfind(broken + ":", 0), 0u) << report.parse_errors[0];
  EXPECT_NE(format_cost_text(report).find("Not priced: files that could not be parsed\n  " +
                                          report.parse_errors[0]),
            std::string::npos);
  EXPECT_NE(format_cost_markdown(report).find("**Not priced:** files that could not be parsed"),
            std::string::npos);
  EXPECT_NE(format_cost_json(report).find("\"parseErrors\": ["), std::string::npos);
  EXPECT_NE(format_cost_html(report).find("<li>" + broken + ":"), std::string::npos);
}

// --- the command line and the browser ---

using CommandRun = testing_support::SeparateOutputs;
using testing_support::read_text;

class CostCommand : public testing_support::KeptTestDirectory {};

TEST_F(CostCommand, EveryFormat) {
  for (const char* format : {"text", "markdown", "json", "html"}) {
    CommandRun r = rightfit(std::string("cost --format ") + format + " " + kRoot);
    EXPECT_EQ(r.exit_code, 0) << format << ": " << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("QuietWeb"), std::string::npos) << format;
  }
  CommandRun r = rightfit("cost --format pdf " + kRoot);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pdf"), std::string::npos);
}

TEST_F(CostCommand, ConfigErrorsNameTheFile) {
  const fs::path config = dir_ / "bad.yaml";
  std::ofstream(config) << "prices:\n  region: mars-1\n";
  CommandRun r = rightfit("cost -c " + config.string() + " " + kRoot);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rightfit: " + config.string() +
                       ":2:11: no prices for region 'mars-1': add them under "
                       "prices.regions.mars-1\n");
}

TEST_F(CostCommand, HtmlReportRendersInChromium) {
  const fs::path html = dir_ / "cost_report.html";
  std::error_code ec;
  fs::remove(html, ec);
  CommandRun written = rightfit("cost --format html -o " + html.string() + " " + kRoot);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  ASSERT_TRUE(fs::exists(html));

  ASSERT_EQ(std::system("command -v node >/dev/null"), 0) << "node is needed (scripts/setup.sh)";
  const fs::path script = fs::path(RIGHTFIT_SOURCE_DIR) / "tests/browser/cost_report_check.mjs";
  for (const char* shot : {"cost_report.png", "cost_chart_QuietWeb.png"}) {
    fs::remove(dir_ / shot, ec);
  }
  CommandRun browser = run("node " + script.string() + " " + html.string() + " " + dir_.string() +
                           " QuietWeb SteadyApi WarmApi");
  EXPECT_EQ(browser.exit_code, 0) << browser.err << browser.out;
  EXPECT_EQ(browser.err, "");
  for (const char* shot : {"cost_report.png", "cost_chart_QuietWeb.png", "cost_chart_SteadyApi.png",
                           "cost_chart_WarmApi.png"}) {
    const fs::path png = dir_ / shot;
    ASSERT_TRUE(fs::exists(png)) << png;
    EXPECT_GT(fs::file_size(png), 5000u) << png;  // a drawn chart, not an empty frame
    EXPECT_EQ(read_text(png).substr(1, 3), "PNG");
  }
}

// The checker itself must fail on what it is there to catch.
TEST_F(CostCommand, BrowserCheckFailsOnABrokenPage) {
  const fs::path html = dir_ / "broken_report.html";
  std::ofstream(html) << "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\">"
                         "</head><body><script>console.error('boom')</script>"
                         "<svg class=\"cost-chart\" data-workload=\"W\" width=\"300\" "
                         "height=\"200\"><polyline data-series=\"lambda\" points=\"0,0 "
                         "100,100\" stroke=\"red\"/></svg></body></html>";
  const fs::path script = fs::path(RIGHTFIT_SOURCE_DIR) / "tests/browser/cost_report_check.mjs";
  CommandRun browser =
      run("node " + script.string() + " " + html.string() + " " + dir_.string() + " W Missing");
  EXPECT_EQ(browser.exit_code, 1);
  EXPECT_NE(browser.err.find("console error: boom"), std::string::npos) << browser.err;
  EXPECT_NE(browser.err.find("W: the fargate is missing"), std::string::npos) << browser.err;
  EXPECT_NE(browser.err.find("W: the crossing is missing"), std::string::npos);
  EXPECT_NE(browser.err.find("W: the usage is missing"), std::string::npos);
  EXPECT_NE(browser.err.find("Missing: expected one chart, found 0"), std::string::npos);
}

}  // namespace
}  // namespace rightfit
