// Measured usage, offline (issue 25): `rightfit usage query` writes the get-metric-data input,
// the real AWS CLI sends it to a stub CloudWatch on 127.0.0.1, and `--usage` reads the answer
// back into the cost report as measured figures. Plus the hostile usage files.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::KeptTestDirectory;
using testing_support::read_text;
using testing_support::shell_quote;
using testing_support::write_text;

const std::string kApp = "fixtures/usage/orders";
const std::string kEnd = "2026-12-07T00:00:00Z";
// describe-stack-resources of the stack that deployed kApp: the worker has no FunctionName.
const std::string kStack = R"({"StackResources": [
  {"StackName": "orders", "LogicalResourceId": "OrdersWorker",
   "PhysicalResourceId": "orders-OrdersWorker-Q1w2E3r4", "ResourceType": "AWS::Lambda::Function",
   "ResourceStatus": "CREATE_COMPLETE"},
  {"StackName": "orders", "LogicalResourceId": "OrdersApi",
   "PhysicalResourceId": "orders-api", "ResourceType": "AWS::Lambda::Function",
   "ResourceStatus": "CREATE_COMPLETE"}]})";

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  return doc;
}

class UsageQuery : public KeptTestDirectory {
 protected:
  std::string q() const { return (dir_ / "q.json").string(); }
  std::string stack() {
    write_text(dir_ / "stack.json", kStack);
    return (dir_ / "stack.json").string();
  }
};

TEST_F(UsageQuery, WritesGetMetricDataInputForTheWorkloadsTheTemplateNames) {
  const auto r = rightfit("usage query " + kApp + " -o " + q() + " --end " + kEnd);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The worker has no FunctionName: listed, not guessed.
  EXPECT_NE(r.err.find("not queried: OrdersWorker (" + kApp +
                       "/template.yaml:25): no physical "
                       "name; pass --stack-resources"),
            std::string::npos)
      << r.err;
  const rapidjson::Document doc = parse_json(read_text(q()));
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["StartTime"].GetString(), "2026-11-23T00:00:00Z");
  EXPECT_STREQ(doc["EndTime"].GetString(), "2026-12-07T00:00:00Z");
  EXPECT_STREQ(doc["ScanBy"].GetString(), "TimestampAscending");
  const auto& queries = doc["MetricDataQueries"];
  ASSERT_TRUE(queries.IsArray());
  std::set<std::string> ids, labels;
  const std::regex id_rule("^[a-z][a-zA-Z0-9_]*$");
  for (const auto& query : queries.GetArray()) {
    const std::string id = query["Id"].GetString();
    EXPECT_TRUE(std::regex_match(id, id_rule)) << id;
    ids.insert(id);
    labels.insert(query["Label"].GetString());
    EXPECT_EQ(query["MetricStat"]["Period"].GetInt(), 3600);
    EXPECT_TRUE(query["ReturnData"].GetBool());
  }
  EXPECT_EQ(ids.size(), queries.Size()) << "Ids must be unique";
  // 9 for the function, 7 for the ECS service, 2 for the queue.
  EXPECT_EQ(queries.Size(), 18u);
  for (const char* label : {"orders-api Invocations Sum 14d", "orders-api Duration p99 14d",
                            "orders-api ConcurrentExecutions Maximum 14d",
                            "orders-queue NumberOfMessagesReceived Sum 14d",
                            "orders-cluster/reports RunningTaskCount Average 14d",
                            "orders-cluster/reports CPUUtilization Maximum 14d"})
    EXPECT_TRUE(labels.count(label)) << label;
  const auto& first = queries[0]["MetricStat"];
  EXPECT_STREQ(first["Metric"]["Namespace"].GetString(), "AWS/Lambda");
  EXPECT_STREQ(first["Metric"]["Dimensions"][0]["Name"].GetString(), "FunctionName");
  EXPECT_STREQ(first["Metric"]["Dimensions"][0]["Value"].GetString(), "orders-api");
}

TEST_F(UsageQuery, StackResourcesNameWhatTheTemplateLeavesUnnamed) {
  const auto r = rightfit("usage query " + kApp + " -o " + q() + " --end " + kEnd +
                          " --stack-resources " + stack());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("not queried"), std::string::npos) << r.err;
  EXPECT_NE(read_text(q()).find("\"orders-OrdersWorker-Q1w2E3r4 Invocations Sum 14d\""),
            std::string::npos);
}

TEST_F(UsageQuery, RefusesAWindowCloudWatchCannotAnswer) {
  for (const char* args :
       {"--period 90", "--period 0", "--days 0", "--period 60 --days 20", "--end yesterday"}) {
    const auto r = rightfit("usage query " + kApp + " -o " + q() + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find("rightfit: --"), std::string::npos) << args << ": " << r.err;
  }
  const auto bad_stack = rightfit("usage query " + kApp + " -o " + q() +
                                  " --stack-resources fixtures/usage/orders/template.yaml");
  EXPECT_EQ(bad_stack.exit_code, 2);
  EXPECT_NE(bad_stack.err.find("template.yaml: not `aws cloudformation describe-stack-resources`"),
            std::string::npos)
      << bad_stack.err;
}

// More than GetMetricData's 500 queries: several request files, each within the limit.
TEST_F(UsageQuery, SplitsAboveFiveHundredQueries) {
  std::string yaml = "Resources:\n";
  for (int i = 0; i < 60; ++i) {
    const std::string n = std::to_string(i);
    yaml += "  Fn" + n +
            ":\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: fn-" + n +
            "\n      Runtime: python3.12\n      Handler: a.b\n      Role: r\n      Code: {ZipFile: "
            "x}\n";
  }
  write_text(dir_ / "app" / "template.yaml", yaml);
  const auto r =
      rightfit("usage query " + (dir_ / "app").string() + " -o " + q() + " --end " + kEnd);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 requests (at most 500 queries each)"), std::string::npos) << r.err;
  const rapidjson::Document one = parse_json(read_text(q()));
  const rapidjson::Document two = parse_json(read_text(dir_ / "q.2.json"));
  EXPECT_EQ(one["MetricDataQueries"].Size(), 495u);  // 55 functions x 9: none split
  EXPECT_EQ(two["MetricDataQueries"].Size(), 45u);
}

// The usage files a user may hand over: each either read, or refused naming the file.
class UsageFile : public KeptTestDirectory {
 protected:
  testing_support::SeparateOutputs cost_with(const std::string& json) {
    write_text(dir_ / "usage.json", json);
    return rightfit("cost " + kApp + " -f json --usage " + (dir_ / "usage.json").string());
  }
  static std::string result(const std::string& label, const std::string& values,
                            const std::string& status = "Complete") {
    return R"({"Id": "w1_x", "Label": ")" + label + R"(", "Values": )" + values +
           R"(, "StatusCode": ")" + status + "\"}";
  }
  static std::string results(const std::string& items) {
    return R"({"MetricDataResults": [)" + items + R"(], "Messages": []})";
  }
};

TEST_F(UsageFile, WrongShapeOrUnreadableIsAnErrorNamingTheFile) {
  for (
      const std::string& text :
      {std::string("not json"), std::string("[]"), std::string(R"({"Results": []})"),
       results(R"({"Id": "a", "Label": "orders-api Invocations Sum 14d", "Values": ["12"]})"),
       results(R"({"Id": "a", "Label": "orders-api Invocations Sum 14d", "Values": [-1]})"),
       results(
           R"({"Id": "a", "Label": "orders-api Invocations Sum 1d", "Values": [1e300], "StatusCode": "Complete"})")}) {
    const auto r = cost_with(text);
    EXPECT_EQ(r.exit_code, 2) << text;
    EXPECT_NE(r.err.find((dir_ / "usage.json").string() + ": "), std::string::npos)
        << text << ": " << r.err;
  }
  const auto missing = rightfit("cost " + kApp + " --usage " + (dir_ / "none.json").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.json"), std::string::npos) << missing.err;
}

TEST_F(UsageFile, PartialEmptyOrUnknownSeriesAreWarnedAboutAndNotMeasured) {
  const auto r = cost_with(results(
      result("orders-api Invocations Sum 14d", "[100, 200]", "PartialData") + "," +
      result("orders-api Duration Average 14d", "[]") + "," +
      result("someone-else Invocations Sum 14d", "[5]") + "," + result("free text", "[5]")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("StatusCode PartialData: not used"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no datapoints in the window; not measured"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no analysed workload is named 'someone-else'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not one `rightfit usage query` asked for"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("\"measured\""), std::string::npos) << "nothing was measured";
}

// The loop of the issue's done-when, with the real AWS CLI and a stub CloudWatch.
class UsageLoop : public UsageQuery {};

TEST_F(UsageLoop, AwsCliFetchesTheQueryAndRightfitReadsTheAnswer) {
  ASSERT_TRUE(fs::exists("/usr/bin/aws")) << "scripts/setup.sh installs Debian's awscli";
  ASSERT_EQ(rightfit("usage query " + kApp + " -o " + q() + " --end " + kEnd +
                     " --stack-resources " + stack())
                .exit_code,
            0);
  // Hourly datapoints over 14 days (336): 1,000 invocations an hour is 730,000 a 730-hour month.
  std::string invocations = "[1000";
  for (int i = 1; i < 336; ++i) invocations += ", 1000";
  invocations += "]";
  write_text(dir_ / "answers.json", R"({"orders-api Invocations Sum 14d": )" + invocations +
                                        R"(, "orders-api Duration Average 14d": [120, 80],
                    "orders-api Duration p99 14d": [450, 700],
                    "orders-api Duration Maximum 14d": [900, 1200],
                    "orders-api ConcurrentExecutions Maximum 14d": [3, 7],
                    "orders-cluster/reports RunningTaskCount Average 14d": [1, 2],
                    "orders-cluster/reports RunningTaskCount Maximum 14d": [4, 2],
                    "orders-queue NumberOfMessagesReceived Sum 14d": [10, 20]})");
  const fs::path port_file = dir_ / "port";
  fs::remove(port_file);
  const auto started =
      run("python3 tests/support/cloudwatch_stub.py --answers " + (dir_ / "answers.json").string() +
          " --record " + (dir_ / "request.json").string() + " --port-file " + port_file.string() +
          " --lifetime 120 >" + (dir_ / "stub.log").string() + " 2>&1 </dev/null & echo $!");
  ASSERT_EQ(started.exit_code, 0);
  const std::string stub_pid = started.out.substr(0, started.out.find('\n'));
  for (int i = 0; i < 300 && !fs::exists(port_file); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(fs::exists(port_file)) << "the stub did not start";
  const std::string port = read_text(port_file);
  fs::create_directories(dir_ / "home");
  const std::string env =
      "env -i PATH=/usr/bin:/bin HOME=" + shell_quote((dir_ / "home").string()) +
      " AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_CONFIG_FILE=/dev/null"
      " AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true"
      " AWS_PAGER= ";
  const auto aws =
      run(env + "/usr/bin/aws cloudwatch get-metric-data --cli-input-json file://" + q() +
          " --endpoint-url http://127.0.0.1:" + port + " --region us-east-1 --output json");
  run("kill " + stub_pid);  // the stub this test started, by its id
  ASSERT_EQ(aws.exit_code, 0) << aws.err;
  write_text(dir_ / "usage.json", aws.out);

  // The request the CLI sent carries our queries.
  const rapidjson::Document request = parse_json(read_text(dir_ / "request.json"));
  ASSERT_TRUE(request.IsObject());
  const auto& form = request["form"];
  EXPECT_STREQ(form["Action"].GetString(), "GetMetricData");
  EXPECT_STREQ(form["MetricDataQueries.member.1.Id"].GetString(), "w1_invocations_sum");
  EXPECT_STREQ(form["MetricDataQueries.member.1.Label"].GetString(),
               "orders-api Invocations Sum 14d");
  EXPECT_STREQ(
      form["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"].GetString(),
      "orders-api");
  EXPECT_TRUE(form.HasMember("StartTime"));

  // rightfit reads what the CLI printed.
  const std::string usage = (dir_ / "usage.json").string();
  const auto cost =
      rightfit("cost " + kApp + " -f json --usage " + usage + " --stack-resources " + stack());
  ASSERT_EQ(cost.exit_code, 0) << cost.err;
  const rapidjson::Document report = parse_json(cost.out);
  ASSERT_TRUE(report.IsObject()) << cost.out;
  bool api_seen = false, service_seen = false;
  for (const auto& w : report["workloads"].GetArray()) {
    const std::string name = w["name"].GetString();
    if (name == "OrdersApi") {
      api_seen = true;
      EXPECT_STREQ(w["usage"]["basis"].GetString(), "measured");
      EXPECT_DOUBLE_EQ(w["usage"]["requestsPerMonth"].GetDouble(), 730000);
      EXPECT_DOUBLE_EQ(w["usage"]["avgDurationMs"].GetDouble(), 100);
      EXPECT_DOUBLE_EQ(w["usage"]["measured"]["durationP99Ms"].GetDouble(), 700);
      EXPECT_DOUBLE_EQ(w["usage"]["measured"]["durationMaxMs"].GetDouble(), 1200);
      EXPECT_DOUBLE_EQ(w["usage"]["measured"]["maxConcurrency"].GetDouble(), 7);
      EXPECT_DOUBLE_EQ(w["usage"]["measured"]["windowDays"].GetDouble(), 14);
    } else if (name == "ReportsService") {
      service_seen = true;
      EXPECT_STREQ(w["usage"]["basis"].GetString(), "measured");
      EXPECT_DOUBLE_EQ(w["fargate"]["tasks"].GetDouble(), 1.5) << "not DesiredCount 4";
    } else if (name == "OrdersWorker") {
      EXPECT_STREQ(w["usage"]["basis"].GetString(), "assumed") << "no datapoints: not measured";
    }
  }
  EXPECT_TRUE(api_seen && service_seen) << cost.out;
  const auto text =
      rightfit("cost " + kApp + " --usage " + usage + " --stack-resources " + stack());
  EXPECT_NE(text.out.find("measured over 14 days"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace rightfit
