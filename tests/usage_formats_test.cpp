// The usage formats `--usage` reads besides CloudWatch's (issue 25): AWS Compute Optimizer's
// Lambda and ECS recommendations (the exported CSV and the CLI's JSON) as measured usage, and
// Infracost's usage file as declared usage; each recognised by its content, each hostile or
// partial file refused naming the file, or warned about, never guessed. The sample files are
// written here to the documented shapes.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "tests/host_process.h"
#include "tests/json_report.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::KeptTestDirectory;
using testing_support::write_text;

const std::string kApp = "fixtures/usage/orders";  // orders-api, orders-cluster/reports

// Exported columns as the Compute Optimizer export writes them (utilizationMetrics_<Name>_
// <STATISTIC>); a few more than rightfit reads, as a real export has.
const std::string kLambdaHeader =
    "accountId,functionArn,functionVersion,finding,numberOfInvocations,"
    "utilizationMetrics_Duration_MAXIMUM,utilizationMetrics_Duration_AVERAGE,"
    "utilizationMetrics_Memory_MAXIMUM,utilizationMetrics_Memory_AVERAGE,lookbackPeriodInDays,"
    "currentConfiguration_memorySize,currentConfiguration_timeout,errorCode,errorMessage\r\n";

using testing_support::parse_json;
using testing_support::workload;

// {"a":{"a":...1...}}, `depth` objects deep.
std::string nested(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += R"({"a":)";
  return text + "1" + std::string(static_cast<std::size_t>(depth), '}');
}

class UsageFormats : public KeptTestDirectory {
 protected:
  std::string file(const std::string& name, const std::string& text) {
    write_text(dir_ / name, text);
    return (dir_ / name).string();
  }
  testing_support::SeparateOutputs cost(const std::string& app, const std::string& usage) {
    return rightfit("cost " + app + " -f json --usage " + usage);
  }
};

TEST_F(UsageFormats, ComputeOptimizerLambdaCsvExportIsMeasured) {
  // A BOM, CRLF line ends, a quoted field holding commas and a quote, and 14 days: 7,000
  // invocations over 14 days is 7,000 x 730 / 336 a month.
  const std::string csv =
      "\xEF\xBB\xBF" + kLambdaHeader +
      "123456789012,arn:aws:lambda:us-east-1:123456789012:function:orders-api:$LATEST,$LATEST,"
      "\"Memory over-provisioned, \"\"mostly\"\"\",7000,1200.5,95,300,210,14,1024,20,,\r\n"
      "123456789012,arn:aws:lambda:us-east-1:123456789012:function:someone-else,$LATEST,"
      "Optimized,5,1,1,1,1,14,128,3,,\r\n";
  const auto r = cost(kApp, file("lambda.csv", csv));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no analysed workload is named 'someone-else'"), std::string::npos) << r.err;
  const rapidjson::Document report = parse_json(r.out);
  const rapidjson::Value* api = workload(report, "OrdersApi");
  ASSERT_NE(api, nullptr) << r.out;
  const auto& usage = (*api)["usage"];
  EXPECT_STREQ(usage["basis"].GetString(), "measured");
  EXPECT_DOUBLE_EQ(usage["requestsPerMonth"].GetDouble(), 7000.0 * 730 / 336);
  EXPECT_DOUBLE_EQ(usage["avgDurationMs"].GetDouble(), 95);
  const auto& m = usage["measured"];
  EXPECT_STREQ(m["source"].GetString(), "AWS Compute Optimizer");
  EXPECT_DOUBLE_EQ(m["windowDays"].GetDouble(), 14);
  EXPECT_DOUBLE_EQ(m["durationMaxMs"].GetDouble(), 1200.5);
  EXPECT_DOUBLE_EQ(m["memoryUsedMaxMb"].GetDouble(), 300);
  EXPECT_DOUBLE_EQ(m["memoryUsedAvgMb"].GetDouble(), 210);
  EXPECT_DOUBLE_EQ(m["memoryConfiguredMb"].GetDouble(), 1024);

  const auto text = rightfit("cost " + kApp + " --usage " + (dir_ / "lambda.csv").string());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("measured over 14 days by AWS Compute Optimizer"), std::string::npos)
      << text.out;
}

TEST_F(UsageFormats, ComputeOptimizerCliJsonIsMeasured) {
  // `aws compute-optimizer get-lambda-function-recommendations`: the API returns Maximum only,
  // so the duration a request is billed for stays assumed; the invocations are measured.
  const std::string lambda = R"({"lambdaFunctionRecommendations": [{
      "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
      "functionVersion": "$LATEST", "accountId": "123456789012", "currentMemorySize": 1024,
      "numberOfInvocations": 14000, "lookbackPeriodInDays": 14.0,
      "utilizationMetrics": [{"name": "Duration", "statistic": "Maximum", "value": 850.0},
                             {"name": "Memory", "statistic": "Maximum", "value": 412.0}],
      "finding": "Optimized"}]})";
  const std::string ecs = R"({"ecsServiceRecommendations": [{
      "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/orders-cluster/reports",
      "lookbackPeriodInDays": 14.0, "launchType": "Fargate",
      "currentServiceConfiguration": {"memory": 1024, "cpu": 512},
      "utilizationMetrics": [{"name": "Cpu", "statistic": "Maximum", "value": 12.5},
                             {"name": "Memory", "statistic": "Average", "value": 30.0}]}],
      "errors": []})";
  const auto r = rightfit("cost " + kApp + " -f json --usage " + file("lambda.json", lambda) +
                          " --usage " + file("ecs.json", ecs));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const rapidjson::Document report = parse_json(r.out);
  const rapidjson::Value* api = workload(report, "OrdersApi");
  ASSERT_NE(api, nullptr) << r.out;
  EXPECT_STREQ((*api)["usage"]["basis"].GetString(), "measured");
  EXPECT_DOUBLE_EQ((*api)["usage"]["requestsPerMonth"].GetDouble(), 14000.0 * 730 / 336);
  EXPECT_TRUE((*api)["usage"]["durationAssumed"].GetBool());
  EXPECT_DOUBLE_EQ((*api)["usage"]["measured"]["durationMaxMs"].GetDouble(), 850);
  // Compute Optimizer gives no task count: the service's cost stays on its DesiredCount.
  const rapidjson::Value* service = workload(report, "ReportsService");
  ASSERT_NE(service, nullptr);
  EXPECT_STRNE((*service)["usage"]["basis"].GetString(), "measured");
}

TEST_F(UsageFormats, ComputeOptimizerEcsCsvIsRecognisedByItsColumns) {
  // Named .txt: the columns say what it is.
  const std::string csv =
      "accountId,serviceArn,lookbackPeriodInDays,launchType,utilizationMetrics_Cpu_MAXIMUM,"
      "utilizationMetrics_Memory_MAXIMUM\n"
      "123456789012,arn:aws:ecs:us-east-1:123456789012:service/orders-cluster/reports,14,"
      "Fargate,40,55\n"
      "123456789012,arn:aws:ecs:us-east-1:123456789012:service/other/reports,14,Fargate,1,1\n";
  const auto r = cost(kApp, file("ecs.txt", csv));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no analysed workload is named 'other/reports'"), std::string::npos)
      << r.err;
}

TEST_F(UsageFormats, HostileComputeOptimizerFilesAreRefusedNamingFileAndLine) {
  const std::string row = "1,arn:aws:lambda:us-east-1:1:function:orders-api,$LATEST,x,";
  struct Case {
    std::string text;
    std::string says;
  };
  const Case cases[] = {
      {kLambdaHeader + row + "abc,1,1,1,1,14,1024,20,,\n", "line 2: numberofinvocations"},
      {kLambdaHeader + row + "-5,1,1,1,1,14,1024,20,,\n", "not a number >= 0"},
      {kLambdaHeader + row + "1e300,1,1,1,1,14,1024,20,,\n", "above the ceiling"},
      // Seconds where milliseconds belong: 10 million is beyond any Lambda timeout.
      {kLambdaHeader + row + "1,10000000,1,1,1,14,1024,20,,\n", "is it in milliseconds?"},
      {kLambdaHeader + row + "1,1,1,1,1,400,1024,20,,\n", "above Compute Optimizer's 93 days"},
      {kLambdaHeader + row + "1,1,1,1,1,14,1024,20,,,extra\n", "line 2: 15 fields"},
      {kLambdaHeader + "1,\"never closed\n", "a quoted field is never closed"},
      {R"({"lambdaFunctionRecommendations": {}})", "must be a list"},
      {R"({"lambdaFunctionRecommendations": [{"functionArn": "x", "numberOfInvocations": "7"}]})",
       "not a number"},
      {"name,value\nx,1\n", "not a usage file rightfit reads"},
      {nested(100), "nested deeper"},
  };
  for (const Case& c : cases) {
    const std::string path = file("co.csv", c.text);
    const auto r = cost(kApp, path);
    EXPECT_EQ(r.exit_code, 2) << c.text << "\n" << r.err;
    EXPECT_NE(r.err.find(path + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.text << "\n" << r.err;
  }
}

TEST_F(UsageFormats, PartialComputeOptimizerRowsAreWarnedAboutNotGuessed) {
  const std::string csv = kLambdaHeader +
                          "1,arn:aws:lambda:us-east-1:1:function:orders-api,$LATEST,Unavailable,,"
                          ",,,,,,,InsufficientData,Not enough data\n";
  const auto r = cost(kApp, file("partial.csv", csv));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Compute Optimizer says InsufficientData: Not enough data"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("\"measured\""), std::string::npos) << "nothing was measured";
  const std::string no_lookback =
      kLambdaHeader + "1,arn:aws:lambda:us-east-1:1:function:orders-api,$LATEST,x,5,,,,,,,,,\n";
  const auto again = cost(kApp, file("nolookback.csv", no_lookback));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("no lookbackPeriodInDays; not measured"), std::string::npos)
      << again.err;
  EXPECT_EQ(again.out.find("\"measured\""), std::string::npos);
}

// A Terraform app with a function at the root, one in a module called twice, and a Fargate
// service.
class InfracostUsage : public UsageFormats {
 protected:
  std::string app() {
    write_text(dir_ / "app" / "main.tf", R"(
resource "aws_lambda_function" "api" {
  function_name = "tf-api"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "app.handle"
  runtime       = "python3.12"
  filename      = "app.zip"
  memory_size   = 512
}

module "jobs" {
  source = "./modules/worker"
  name   = "jobs"
}
)");
    write_text(dir_ / "app" / "modules" / "worker" / "main.tf", R"(
variable "name" {}

resource "aws_lambda_function" "worker" {
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "worker.handle"
  runtime       = "python3.12"
  filename      = "worker.zip"
  memory_size   = 256
}
)");
    return (dir_ / "app").string();
  }
};

TEST_F(InfracostUsage, ResourceUsageByAddressIsDeclared) {
  const std::string usage = file("infracost-usage.yml", R"(version: 0.1
resource_usage:
  aws_lambda_function.api:
    monthly_requests: 2000000 # requests a month
    request_duration_ms: 250
  module.jobs[*].aws_lambda_function.worker:
    monthly_requests: 1000
  module.jobs.aws_lambda_function.worker:
    monthly_requests: 3000
    request_duration_ms: 40
    storage_gb: 1
  aws_lambda_function.gone:
    monthly_requests: 5
  aws_s3_bucket.assets:
    storage_gb: 10
)");
  const std::string path = app();
  const auto r = cost(path, usage);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const rapidjson::Document report = parse_json(r.out);
  const rapidjson::Value* api = workload(report, "aws_lambda_function.api");
  ASSERT_NE(api, nullptr) << r.out;
  EXPECT_STREQ((*api)["usage"]["basis"].GetString(), "declared");
  EXPECT_STREQ((*api)["usage"]["declaredBy"].GetString(), "infracost usage file");
  EXPECT_DOUBLE_EQ((*api)["usage"]["requestsPerMonth"].GetDouble(), 2000000);
  EXPECT_DOUBLE_EQ((*api)["usage"]["avgDurationMs"].GetDouble(), 250);
  EXPECT_EQ((*api).FindMember("measured"), (*api).MemberEnd());
  const rapidjson::Value* worker = workload(report, "module.jobs.aws_lambda_function.worker");
  ASSERT_NE(worker, nullptr) << r.out;
  // The wildcard entry comes first: the exact one after it is refused, not merged.
  EXPECT_DOUBLE_EQ((*worker)["usage"]["requestsPerMonth"].GetDouble(), 1000);
  EXPECT_NE(r.err.find("line 8: module.jobs.aws_lambda_function.worker has usage declared "
                       "already"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("line 12: 'aws_lambda_function.gone' names no analysed"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("line 11: storage_gb is not a key rightfit uses"), std::string::npos)
      << r.err;

  const auto text = rightfit("cost " + path + " --usage " + usage);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("declared (infracost usage file)"), std::string::npos) << text.out;
}

TEST_F(InfracostUsage, WildcardsMatchCountedResourcesAndModuleInstances) {
  app();
  fs::create_directories(dir_ / "fleet" / "modules");
  fs::copy(dir_ / "app" / "modules" / "worker", dir_ / "fleet" / "modules" / "worker",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  write_text(dir_ / "fleet" / "main.tf", R"(
module "fleet" {
  source   = "./modules/worker"
  for_each = toset(["a", "b"])
  name     = "fleet-${each.key}"
}

resource "aws_lambda_function" "many" {
  count         = 2
  function_name = "many-${count.index}"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "h.handle"
  runtime       = "python3.12"
  filename      = "x.zip"
}
)");
  const std::string usage = file("usage.yml", R"(version: 0.1
resource_usage:
  module.fleet[*].aws_lambda_function.worker:
    monthly_requests: 1000
  aws_lambda_function.many[*]:
    monthly_requests: 7
  aws_lambda_function.many[1]:
    monthly_requests: 9
)");
  const auto plain = cost((dir_ / "fleet").string(), usage);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const rapidjson::Document report = parse_json(plain.out);
  const rapidjson::Value* worker = workload(report, "module.fleet.aws_lambda_function.worker");
  ASSERT_NE(worker, nullptr) << plain.out;
  EXPECT_DOUBLE_EQ((*worker)["usage"]["requestsPerMonth"].GetDouble(), 1000);
  const rapidjson::Value* many = workload(report, "aws_lambda_function.many");
  ASSERT_NE(many, nullptr) << plain.out;
  EXPECT_DOUBLE_EQ((*many)["usage"]["requestsPerMonth"].GetDouble(), 7);
  // An explicit index names one instance; rightfit analyses the resource, not that instance.
  EXPECT_NE(plain.err.find("'aws_lambda_function.many[1]' names no analysed"), std::string::npos)
      << plain.err;
}

TEST_F(InfracostUsage, HostileFilesAreRefusedNamingFileAndLine) {
  const std::string path = app();
  struct Case {
    std::string text;
    std::string says;
  };
  const Case cases[] = {
      {"version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: .nan\n",
       "line 4: monthly_requests: '.nan' is not a number >= 0"},
      {"version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: -1\n",
       "is not a number >= 0"},
      {"version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: 1e300\n",
       "above the ceiling of 1e13"},
      {"version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    request_duration_ms: [1]\n",
       "must be a number"},
      {"version: 0.1\nresource_usage:\n  aws_lambda_function.api: 5\n",
       "must map usage keys to numbers"},
      {"version: 0.1\nresource_usage: [1, 2]\n", "not an Infracost usage file"},
      {"version: 0.1\nresource_usage:\n  a: {b: [\n", "invalid YAML"},
  };
  for (const Case& c : cases) {
    const std::string usage = file("usage.yml", c.text);
    const auto r = cost(path, usage);
    EXPECT_EQ(r.exit_code, 2) << c.text << "\n" << r.err;
    EXPECT_NE(r.err.find(usage + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.text << "\n" << r.err;
  }
}

TEST_F(UsageFormats, TerraformClusterReferenceNamesTheClusterForTheQuery) {
  write_text(dir_ / "ecs" / "main.tf", R"(
resource "aws_ecs_cluster" "main" {
  name = "main-cluster"
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions    = "[]"
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  launch_type     = "FARGATE"
  desired_count   = 2
  task_definition = aws_ecs_task_definition.web.arn
}
)");
  const std::string q = (dir_ / "q.json").string();
  const auto r = rightfit("usage query " + (dir_ / "ecs").string() + " -o " + q +
                          " --end 2026-12-07T00:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string request = testing_support::read_text(q);
  EXPECT_NE(request.find(R"("Label": "main-cluster/web RunningTaskCount Average 14d")"),
            std::string::npos)
      << request;
  EXPECT_NE(request.find(R"("Value": "main-cluster")"), std::string::npos) << request;
}

TEST_F(UsageFormats, ReportShowsMeasuredQueues) {
  const std::string usage = file("usage.json", R"({"MetricDataResults": [
    {"Id": "a", "Label": "orders-queue NumberOfMessagesReceived Sum 14d", "Values": [1000, 2000],
     "StatusCode": "Complete"},
    {"Id": "b", "Label": "orders-queue ApproximateAgeOfOldestMessage Maximum 14d",
     "Values": [12, 35], "StatusCode": "Complete"}], "Messages": []})");
  const auto text = rightfit("report " + kApp + " --usage " + usage);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Measured queues:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("OrdersQueue: 6.52K messages/month, oldest message 35 s at most, "
                          "measured over 14 days"),
            std::string::npos)
      << text.out;
  const auto json = rightfit("report " + kApp + " -f json --usage " + usage);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const rapidjson::Document doc = parse_json(json.out);
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("queues")) << json.out;
  EXPECT_DOUBLE_EQ(doc["queues"][0]["messagesPerMonth"].GetDouble(), 3000.0 * 730 / 336);
  EXPECT_DOUBLE_EQ(doc["queues"][0]["oldestMessageAgeMaxS"].GetDouble(), 35);
  for (const char* format : {"markdown", "html"}) {
    const auto other = rightfit("report " + kApp + " -f " + format + " --usage " + usage);
    ASSERT_EQ(other.exit_code, 0) << other.err;
    EXPECT_NE(other.out.find("Measured queues"), std::string::npos) << format;
  }
  // Without --usage there is no such section.
  const auto plain = rightfit("report " + kApp + " -f json");
  EXPECT_EQ(plain.out.find("\"queues\""), std::string::npos);
}

// The cost page and the placement page (which carries the same cost table) both tell measured
// figures from assumed ones at a glance.
TEST_F(UsageFormats, HtmlCostTableMarksEachFigureMeasuredDeclaredOrAssumed) {
  const std::string usage = file("usage.json", R"({"MetricDataResults": [
    {"Id": "a", "Label": "orders-api Invocations Sum 14d", "Values": [1000],
     "StatusCode": "Complete"}], "Messages": []})");
  for (const char* command : {"cost ", "report "}) {
    const auto r = rightfit(command + kApp + " -f html --usage " + usage);
    ASSERT_EQ(r.exit_code, 0) << command << r.err;
    EXPECT_NE(r.out.find("<span class=\"basis basis-measured\" title=\"measured over 14 days"),
              std::string::npos)
        << command << r.out;
    EXPECT_NE(r.out.find("<span class=\"basis basis-assumed\""), std::string::npos)
        << command << r.out;
  }
}

}  // namespace
}  // namespace rightfit
