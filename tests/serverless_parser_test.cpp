// Tests of the Serverless Framework front-end (parsers/serverless): the variable resolver and
// the facts it gives, with exact values and positions.
#include "parsers/serverless/serverless_parser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "analyzer/discovery.h"
#include "driver/engine.h"
#include "parsers/serverless/variables.h"

namespace rightfit::sls {
namespace {

// Files `${file(...)}` may read, served from memory.
FileReader files(std::map<std::string, std::string> contents) {
  return [contents](const std::string& path, const ParseLimits&) -> SourceText {
    auto it = contents.find(path);
    if (it == contents.end()) return fail_with(SourceProblem{{}, "no such file"});
    return SourceText{it->second};
  };
}

FileFacts Parse(std::string_view text, std::map<std::string, std::string> more = {},
                const std::string& path = "app/serverless.yml") {
  return parse_serverless(path, text, ParseLimits{}, files(std::move(more)));
}

std::string At(const SourceRange& r) {
  return std::to_string(r.line()) + ":" + std::to_string(r.column());
}
std::string At(const std::optional<SourceRange>& r) { return r ? At(*r) : "-"; }

template <class T>
const T& Named(const std::vector<T>& facts, std::string_view name) {
  static const T kMissing{};
  for (const T& f : facts) {
    if (f.id.name == name) return f;
  }
  ADD_FAILURE() << "no fact for " << name;
  return kMissing;
}

// The resolved value at a dotted path of `text` (scalars only), or "unresolved: why".
std::string Resolve(std::string_view text, const std::string& address,
                    std::map<std::string, std::string> more = {}) {
  doc::LoadResult loaded = doc::load_yaml(text);
  EXPECT_TRUE(loaded.ok());
  if (!loaded.ok()) return "";
  FileReader reader = files(std::move(more));
  ResolvedDocument r =
      resolve_variables(*loaded, VariableContext{"app/serverless.yml", &reader, {}});
  if (!r.root) return "error: " + r.error.value_or("");
  const doc::Node* at = r.root.get();
  for (std::size_t start = 0; at && start <= address.size();) {
    std::size_t dot = std::min(address.find('.', start), address.size());
    at = at->find(address.substr(start, dot - start));
    start = dot + 1;
  }
  if (!at) return "absent";
  if (auto it = r.unresolved.find(at); it != r.unresolved.end()) return "unresolved: " + it->second;
  return at->is_scalar() ? at->text : "(not a scalar)";
}

TEST(ServerlessVariables, SelfOptEnvAndNested) {
  const char* text = R"(service: shop
custom:
  timeouts:
    dev: 40
    prod: 20
  name: ${self:service}-${opt:stage, 'dev'}
provider:
  stage: ${opt:stage, "dev"}
values:
  a: ${self:custom.timeouts.${opt:stage, 'dev'}}
  b: ${self:custom.timeouts.${sls:stage}}
  c: ${env:NOT_SET, 12}
  d: ${env:NOT_SET}
  e: ${self:custom.name}
  f: ${opt:region, self:custom.missing, 'us-east-1'}
  g: arn:aws:sqs:${aws:region}:${aws:accountId}:jobs
  h: ${ssm:/shop/timeout}
  i: ${self:custom.nothing}
  j: arn:aws:s3:::${AWS::Region}-${Bucket}
  k: ${self:custom.timeouts.9}
)";
  EXPECT_EQ(Resolve(text, "values.a"), "40");
  EXPECT_EQ(Resolve(text, "values.b"), "40");
  EXPECT_EQ(Resolve(text, "values.c"), "12");
  EXPECT_EQ(Resolve(text, "values.d"),
            "unresolved: it is read from the environment variable NOT_SET when deploying");
  EXPECT_EQ(Resolve(text, "values.e"), "shop-dev");
  EXPECT_EQ(Resolve(text, "values.f"), "us-east-1");
  EXPECT_EQ(Resolve(text, "values.g"),
            "unresolved: it depends on the AWS account or region deployed to (${aws:region})");
  EXPECT_EQ(Resolve(text, "values.h"),
            "unresolved: it is read from SSM Parameter Store when deploying "
            "(${ssm:/shop/timeout})");
  EXPECT_EQ(Resolve(text, "values.i"),
            "unresolved: 'custom.nothing' is not set in the serverless file");
  // CloudFormation's Fn::Sub placeholders are not Serverless variables.
  EXPECT_EQ(Resolve(text, "values.j"), "arn:aws:s3:::${AWS::Region}-${Bucket}");
  EXPECT_EQ(Resolve(text, "values.k"),
            "unresolved: 'custom.timeouts.9' is not set in the serverless file");
}

TEST(ServerlessVariables, CyclesAndDepthAreUnresolved) {
  const char* text = R"(custom:
  a: ${self:custom.b}
  b: ${self:custom.a}
  self: ${self:custom}
  deep: ${self:custom.deep}
values:
  x: ${self:custom.a}
  y: ${self:custom.deep}
)";
  EXPECT_EQ(Resolve(text, "values.x"), "unresolved: its variables refer to each other in a cycle");
  EXPECT_EQ(Resolve(text, "values.y"), "unresolved: its variables refer to each other in a cycle");
}

TEST(ServerlessVariables, ExpansionIsBounded) {
  std::string text = "custom:\n  l0: [x, x]\n";
  for (int i = 1; i < 40; ++i) {
    text += "  l" + std::to_string(i) + ": [\"${self:custom.l" + std::to_string(i - 1) +
            "}\", \"${self:custom.l" + std::to_string(i - 1) + "}\"]\n";
  }
  EXPECT_EQ(Resolve(text, "custom.l0").substr(0, 6), "error:");
}

TEST(ServerlessVariables, NestingIsBounded) {
  // Each level inserts the previous one below 40 mappings: the resolved document would nest
  // far deeper (29 x 40) than any written one may (limits.max_nesting_depth, 1000).
  std::string open, close;
  for (int i = 0; i < 40; ++i) {
    open += "{a: ";
    close += "}";
  }
  std::string text = "custom:\n  l0: x\n";
  for (int i = 1; i < 30; ++i) {
    text += "  l" + std::to_string(i) + ": " + open + "\"${self:custom.l" + std::to_string(i - 1) +
            "}\"" + close + "\n";
  }
  EXPECT_EQ(Resolve(text, "custom.l0").substr(0, 34), "error: stopped at limits.max_nesti");
}

TEST(ServerlessVariables, FilesOfTheRepository) {
  const char* text = R"(custom: ${file(./config/${opt:stage, 'dev'}.yml)}
values:
  a: ${self:custom.timeout}
  b: ${file(./defaults.json):memory}
  c: ${file(./absent.yml):x, 7}
  d: ${file(./absent.yml):x}
  e: ${file(./handler.js):value}
  f: ${file(/etc/passwd)}
)";
  std::map<std::string, std::string> more = {{"app/config/dev.yml", "timeout: 25\n"},
                                             {"app/defaults.json", R"({"memory": 2048})"}};
  EXPECT_EQ(Resolve(text, "values.a", more), "25");
  EXPECT_EQ(Resolve(text, "values.b", more), "2048");
  EXPECT_EQ(Resolve(text, "values.c", more), "7");
  EXPECT_EQ(Resolve(text, "values.d", more),
            "unresolved: './absent.yml' cannot be read (no such file)");
  EXPECT_EQ(Resolve(text, "values.e", more),
            "unresolved: it is computed by JavaScript (./handler.js)");
  EXPECT_EQ(Resolve(text, "values.f", more),
            "unresolved: '/etc/passwd' is not a file of the repository");
}

TEST(ServerlessParser, ProviderDefaultsOverridesAndPositions) {
  FileFacts f = Parse(R"(service: shop
custom:
  slow: 45
provider:
  name: aws
  timeout: 20
  memorySize: 512
  architecture: arm64
functions:
  inherits:
    handler: src/orders/list.handler
  own:
    handler: handler.main
    timeout: 60
    memorySize: 2048
    architecture: x86_64
    reservedConcurrency: 3
    provisionedConcurrency: 2
  fromCustom:
    handler: handler.main
    timeout: ${self:custom.slow}
)");
  ASSERT_EQ(f.functions.size(), 3u);
  const Function& inherits = Named(f.functions, "inherits");
  EXPECT_EQ(inherits.id.scope, "app/serverless.yml");
  EXPECT_EQ(inherits.timeout_s.value, 20);
  EXPECT_EQ(At(inherits.timeout_s.written), "6:3");  // the provider's line
  EXPECT_EQ(inherits.memory_mb.value, 512);
  EXPECT_EQ(inherits.architecture.value, "arm64");
  EXPECT_EQ(inherits.code_dir, "app/src/orders");
  EXPECT_EQ(inherits.handler.value, "list.handler");  // as SAM's Handler, in its code dir
  EXPECT_EQ(At(inherits.header), "10:3");
  const Function& own = Named(f.functions, "own");
  EXPECT_EQ(own.timeout_s.value, 60);
  EXPECT_EQ(At(own.timeout_s.written), "14:5");
  EXPECT_EQ(own.memory_mb.value, 2048);
  EXPECT_EQ(own.architecture.value, "x86_64");
  EXPECT_EQ(own.reserved_concurrency.value, 3);
  EXPECT_EQ(own.provisioned_concurrency.value, 2);
  EXPECT_EQ(own.code_dir, "app");
  EXPECT_EQ(own.handler.value, "handler.main");
  // A value from custom is located where its number is written.
  const Function& custom = Named(f.functions, "fromCustom");
  EXPECT_EQ(custom.timeout_s.value, 45);
  EXPECT_EQ(At(custom.timeout_s.written), "3:9");
}

TEST(ServerlessParser, FrameworkDefaultsWhenNothingIsWritten) {
  FileFacts f = Parse(R"(service: shop
provider:
  name: aws
functions:
  hello:
    handler: handler.hello
)");
  ASSERT_EQ(f.functions.size(), 1u);
  EXPECT_EQ(f.functions[0].timeout_s.value, 6);  // Serverless's default, not AWS's 3 s
  EXPECT_FALSE(f.functions[0].timeout_s.is_written());
  EXPECT_EQ(f.functions[0].memory_mb.value, 1024);
  EXPECT_FALSE(f.functions[0].memory_mb.is_written());
}

TEST(ServerlessParser, EventsLinkToResourcesInOneScope) {
  FileFacts f = Parse(R"(service: jobs
provider:
  name: aws
functions:
  worker:
    handler: w.main
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
      - sqs: arn:aws:sqs:us-east-1:123456789012:named-queue
      - http: GET /x
      - httpApi: "*"
      - stream:
          type: dynamodb
          arn: !GetAtt Table.StreamArn
      - schedule: rate(1 hour)
      - sqs: arn:aws:sqs:${aws:region}:${aws:accountId}:named-queue
  my-reports:
    handler: r.main
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
    Named:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: named-queue
    Table:
      Type: AWS::DynamoDB::Table
    Mapping:
      Type: AWS::Lambda::EventSourceMapping
      Properties:
        EventSourceArn: !GetAtt Jobs.Arn
        FunctionName: !Ref MyDashreportsLambdaFunction
)");
  ASSERT_EQ(f.triggers.size(), 6u);
  EXPECT_EQ(f.triggers[0].kind, "SQS");
  EXPECT_EQ(f.triggers[0].source, "Jobs");
  EXPECT_EQ(At(f.triggers[0].where), "8:9");
  EXPECT_EQ(f.triggers[1].source, "Named");
  EXPECT_EQ(f.triggers[2].kind, "DynamoDB");
  EXPECT_EQ(f.triggers[2].source, "Table");
  EXPECT_EQ(f.triggers[3].kind, "Schedule");
  // Region and account are known only when deploying; the queue's name is enough.
  EXPECT_EQ(f.triggers[4].source, "Named");
  EXPECT_TRUE(f.unresolved.empty());
  // The mapping names the generated logical ID; the fact names the function's key.
  EXPECT_EQ(f.triggers[5].kind, "SQS");
  EXPECT_EQ(f.triggers[5].function, "my-reports");
  EXPECT_EQ(f.triggers[5].scope, "app/serverless.yml");
  ASSERT_EQ(f.api_integrations.size(), 2u);
  EXPECT_EQ(f.api_integrations[0].kind, "http");
  EXPECT_EQ(f.api_integrations[1].kind, "httpApi");
  EXPECT_EQ(f.api_integrations[1].function, "worker");
  EXPECT_EQ(f.queues.size(), 2u);
}

TEST(ServerlessParser, ImageFunctionsLinkToTheirDockerfile) {
  FileFacts f = Parse(R"(service: img
provider:
  name: aws
  ecr:
    images:
      app:
        path: ./services/app
        file: Dockerfile.lambda
      plain:
        path: ./
        platform: linux/arm64
functions:
  a:
    image:
      name: app
  b:
    image: plain
  c:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1
)");
  const Function& a = Named(f.functions, "a");
  EXPECT_EQ(a.package_type.value, "Image");
  EXPECT_EQ(a.dockerfile.value, "app/services/app/Dockerfile.lambda");
  EXPECT_EQ(At(a.dockerfile.written), "14:5");
  EXPECT_EQ(Named(f.functions, "b").dockerfile.value, "app/Dockerfile");
  EXPECT_EQ(Named(f.functions, "b").architecture.value, "arm64");
  EXPECT_FALSE(a.architecture.is_written());
  EXPECT_FALSE(Named(f.functions, "c").dockerfile.value.has_value());
  EXPECT_EQ(Named(f.functions, "c").package_type.value, "Image");
}

TEST(ServerlessParser, UnresolvedValuesSayWhy) {
  FileFacts f = Parse(R"(service: u
provider:
  name: aws
functions:
  a:
    handler: a.main
    timeout: ${ssm:/a/timeout}
    events:
      - sqs: ${cf:other.QueueArn}
)");
  const Function& a = Named(f.functions, "a");
  EXPECT_TRUE(a.timeout_s.is_unresolved());
  EXPECT_EQ(a.timeout_s.unresolved,
            "it is read from SSM Parameter Store when deploying (${ssm:/a/timeout})");
  EXPECT_EQ(At(a.timeout_s.written), "7:5");
  ASSERT_EQ(f.unresolved.size(), 1u);
  EXPECT_EQ(f.unresolved[0].property, "events.sqs.arn");
  EXPECT_EQ(At(f.unresolved[0].where), "9:9");
}

TEST(ServerlessParser, OtherProvidersAndBrokenFiles) {
  FileFacts google =
      Parse("service: g\nprovider:\n  name: google\nfunctions:\n  a:\n    handler: x\n");
  EXPECT_TRUE(google.functions.empty());
  EXPECT_TRUE(google.parse_errors.empty());
  FileFacts broken = Parse("service: b\nprovider: [\n");
  ASSERT_EQ(broken.parse_errors.size(), 1u);
  EXPECT_EQ(broken.parse_errors[0].message.rfind("invalid YAML: ", 0), 0u);
  FileFacts list = Parse("- a\n- b\n");
  ASSERT_EQ(list.parse_errors.size(), 1u);
}

TEST(ServerlessParser, FileNames) {
  EXPECT_TRUE(is_serverless_file("serverless.yml"));
  EXPECT_TRUE(is_serverless_file("a/b/serverless.yaml"));
  EXPECT_TRUE(is_serverless_file("a/serverless.json"));
  EXPECT_FALSE(is_serverless_file("a/serverless.ts"));
  EXPECT_FALSE(is_serverless_file("a/my-serverless.yml"));
  EXPECT_TRUE(is_candidate_file("a/serverless.json"));
  EXPECT_TRUE(is_candidate_file("a/serverless.yaml"));
}

TEST(ServerlessParser, QueueSettingFromCustomLandsWhereItIsWritten) {
  FileFacts f = Parse(R"(service: q
custom:
  visibility: 20
provider:
  name: aws
resources:
  - Resources:
      Jobs:
        Type: AWS::SQS::Queue
        Properties:
          VisibilityTimeout: ${self:custom.visibility}
  - Resources:
      Other:
        Type: AWS::SQS::Queue
        Properties:
          VisibilityTimeout: ${ssm:/q/visibility}
)");
  ASSERT_EQ(f.queues.size(), 2u);
  EXPECT_EQ(f.queues[0].visibility_timeout_s.value, 20);
  EXPECT_EQ(At(f.queues[0].visibility_timeout_s.written), "3:15");
  EXPECT_EQ(At(f.queues[0].header), "8:7");
  // A list of resource mappings is merged (v3); its unresolved values stay unresolved.
  EXPECT_EQ(f.queues[1].visibility_timeout_s.unresolved,
            "it is read from SSM Parameter Store when deploying (${ssm:/q/visibility})");
  EXPECT_EQ(At(f.queues[1].visibility_timeout_s.written), "16:11");
}

TEST(ServerlessParser, OverridesOfGeneratedFunctionsApply) {
  FileFacts f = Parse(R"(service: o
provider:
  name: aws
functions:
  my_job:
    handler: h.main
resources:
  Resources:
    MyUnderscorejobLambdaFunction:
      Properties:
        Timeout: 40
)");
  ASSERT_EQ(f.functions.size(), 1u);
  EXPECT_EQ(f.functions[0].timeout_s.value, 40);
  EXPECT_EQ(At(f.functions[0].timeout_s.written), "11:9");
}

// The engine reads a service by its name: a binary or broken one is RF001, never skipped.
TEST(ServerlessEngine, BrokenServicesAreParseErrors) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("rightfit-sls-" + std::to_string(::getpid()));
  fs::create_directories(root / "bin");
  fs::create_directories(root / "yaml");
  std::ofstream(root / "bin/serverless.yml") << std::string(
      "\x7f"
      "ELF\0\0",
      6);
  std::ofstream(root / "yaml/serverless.yml") << "service: x\nprovider: {name: aws\n";
  Analysis a = analyze(AnalysisRequest{{root.string()}, root.string(), Config{}, 1, {}, {}, {}});
  std::vector<std::string> errors;
  for (const Finding& finding : a.findings) {
    EXPECT_EQ(finding.rule_id, "RF001");
    errors.push_back(fs::path(finding.location.file).parent_path().filename().string() + ": " +
                     finding.message.substr(0, 11));
  }
  std::sort(errors.begin(), errors.end());
  EXPECT_EQ(errors, (std::vector<std::string>{"bin: binary file", "yaml: invalid YAM"}));
  fs::remove_all(root);
}

}  // namespace
}  // namespace rightfit::sls
