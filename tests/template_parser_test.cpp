// Tests of the CloudFormation/SAM template reader (parsers/cloudformation/template_parser): the
// facts it emits for inline templates, with exact values and positions.
#include "parsers/cloudformation/template_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rightfit::cfn {
namespace {

FileFacts Parse(std::string_view text, const std::string& path = "template.yaml") {
  std::optional<FileFacts> facts = parse_template(path, text);
  EXPECT_TRUE(facts.has_value()) << "not read as a template";
  return facts.value_or(FileFacts{});
}

// Positions as "line:column" so failures read well; "-" when absent.
std::string At(const SourceRange& r) {
  return std::to_string(r.line()) + ":" + std::to_string(r.column());
}
std::string At(const std::optional<SourceRange>& r) { return r ? At(*r) : "-"; }

// The fact whose logical ID is `name`; fails the test when there is none.
template <class T>
const T& Named(const std::vector<T>& facts, std::string_view name) {
  static const T kMissing{};
  for (const T& f : facts) {
    if (f.id.name == name) return f;
  }
  ADD_FAILURE() << "no fact for " << name;
  return kMissing;
}

const Trigger* TriggerOf(const FileFacts& facts, std::string_view function,
                         std::string_view where) {
  for (const Trigger& t : facts.triggers) {
    if (t.function == function && At(t.where) == where) return &t;
  }
  return nullptr;
}

const Unresolved* UnresolvedOf(const FileFacts& facts, std::string_view resource,
                               std::string_view property) {
  for (const Unresolved& u : facts.unresolved) {
    if (u.resource.name == resource && u.property == property) return &u;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Functions

TEST(TemplateParser, FunctionPropertiesWithPositions) {
  FileFacts f = Parse(R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 300
      MemorySize: "1024"
      Architectures: [arm64]
      PackageType: Image
      ReservedConcurrentExecutions: 5
  Defaults:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
)");
  EXPECT_EQ(f.file, "template.yaml");
  ASSERT_EQ(f.functions.size(), 2u);
  const Function& w = Named(f.functions, "Worker");
  EXPECT_EQ(w.id.scope, "template.yaml");
  EXPECT_EQ(w.type, "AWS::Lambda::Function");
  EXPECT_EQ(At(w.header), "3:3");
  EXPECT_EQ(w.header.file, "template.yaml");
  EXPECT_EQ(w.last_line, 10u);
  EXPECT_EQ(w.timeout_s.value, 300);
  EXPECT_EQ(At(w.timeout_s.written), "6:7");
  EXPECT_EQ(w.timeout_s.written->span.end, (Position{6, 14}));  // the key, not the value
  EXPECT_EQ(w.memory_mb.value, 1024);
  EXPECT_EQ(At(w.memory_mb.written), "7:7");
  EXPECT_EQ(w.architecture.value, "arm64");
  EXPECT_EQ(w.package_type.value, "Image");
  EXPECT_EQ(w.reserved_concurrency.value, 5);
  EXPECT_FALSE(w.provisioned_concurrency.is_written());

  const Function& d = Named(f.functions, "Defaults");
  EXPECT_EQ(At(d.header), "11:3");
  EXPECT_FALSE(d.timeout_s.is_written());
  EXPECT_FALSE(d.timeout_s.value.has_value());
  EXPECT_FALSE(d.timeout_s.is_unresolved());
  EXPECT_FALSE(d.memory_mb.is_written());
  EXPECT_FALSE(d.reserved_concurrency.is_written());
}

TEST(TemplateParser, FunctionInJsonWithPositions) {
  FileFacts f = Parse(R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "MemorySize": 2048,
        "Timeout": {"Fn::FindInMap": ["M", "prod", "T"]}
      }
    }
  },
  "Mappings": {"M": {"prod": {"T": 720}}}
})",
                      "stack.json");
  const Function& fn = Named(f.functions, "Fn");
  EXPECT_EQ(fn.id.scope, "stack.json");
  EXPECT_EQ(At(fn.header), "4:5");
  EXPECT_EQ(fn.last_line, 10u);
  EXPECT_EQ(fn.timeout_s.value, 720);
  EXPECT_EQ(At(fn.timeout_s.written), "8:9");
  EXPECT_EQ(fn.memory_mb.value, 2048);
  EXPECT_EQ(At(fn.memory_mb.written), "7:9");
}

TEST(TemplateParser, UnresolvedPropertySaysWhy) {
  FileFacts f = Parse(R"(Parameters:
  T:
    Type: Number
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Ref T
      MemorySize: !If [IsProd, 1024, !Ref AWS::NoValue]
)");
  const Function& fn = Named(f.functions, "Fn");
  EXPECT_FALSE(fn.timeout_s.value.has_value());
  EXPECT_EQ(At(fn.timeout_s.written), "8:7");
  EXPECT_EQ(fn.timeout_s.unresolved, "Parameter 'T' has no Default");
  EXPECT_EQ(fn.memory_mb.unresolved, "it depends on Condition 'IsProd'");
}

TEST(TemplateParser, NoValueMakesAPropertyAbsent) {
  FileFacts f = Parse(R"(Parameters:
  Stage:
    Type: String
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !If [IsProd, 900, !Ref AWS::NoValue]
      MemorySize:
        Ref: AWS::NoValue
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: !If [IsProd, !Ref AWS::NoValue, 90]
)");
  const Function& fn = Named(f.functions, "Fn");
  EXPECT_FALSE(fn.timeout_s.is_written());
  EXPECT_FALSE(fn.memory_mb.is_written());
  const Queue& q = Named(f.queues, "Queue");
  EXPECT_EQ(q.visibility_timeout_s.value, 90);
  EXPECT_EQ(At(q.visibility_timeout_s.written), "17:7");
}

TEST(TemplateParser, SamGlobalsFallback) {
  FileFacts f = Parse(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 800
    MemorySize: 4096
    ReservedConcurrentExecutions: 3
Resources:
  Inherits:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
  Overrides:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/key.zip
      Timeout: 60
  Plain:
    Type: AWS::Lambda::Function
)");
  const Function& inherits = Named(f.functions, "Inherits");
  EXPECT_EQ(inherits.timeout_s.value, 800);
  EXPECT_EQ(At(inherits.timeout_s.written), "4:5");
  EXPECT_EQ(inherits.memory_mb.value, 4096);
  EXPECT_EQ(At(inherits.memory_mb.written), "5:5");
  EXPECT_EQ(inherits.reserved_concurrency.value, 3);
  EXPECT_EQ(inherits.code_uri.value, "src/");
  EXPECT_EQ(At(inherits.code_uri.written), "11:7");

  const Function& overrides = Named(f.functions, "Overrides");
  EXPECT_EQ(overrides.timeout_s.value, 60);
  EXPECT_EQ(At(overrides.timeout_s.written), "16:7");
  EXPECT_EQ(overrides.memory_mb.value, 4096);
  EXPECT_EQ(overrides.code_uri.value, "s3://bucket/key.zip");

  // Globals apply to AWS::Serverless::Function only.
  const Function& plain = Named(f.functions, "Plain");
  EXPECT_FALSE(plain.timeout_s.is_written());
  EXPECT_FALSE(plain.memory_mb.is_written());
  EXPECT_FALSE(plain.reserved_concurrency.is_written());
}

TEST(TemplateParser, SamImageMetadataAndCodeUriObject) {
  FileFacts f = Parse(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Image:
    Type: AWS::Serverless::Function
    Metadata:
      Dockerfile: Dockerfile.lambda
      DockerContext: ./app
    Properties:
      PackageType: Image
  FromBucket:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri:
        Bucket: my-bucket
        Key: code.zip
)");
  const Function& image = Named(f.functions, "Image");
  EXPECT_EQ(image.package_type.value, "Image");
  // SAM builds the Dockerfile inside DockerContext, both relative to the template.
  EXPECT_EQ(image.dockerfile.value, "app/Dockerfile.lambda");
  EXPECT_EQ(At(image.dockerfile.written), "6:7");
  EXPECT_EQ(image.docker_context.value, "./app");
  // An S3 location is no local source: CodeUri counts as absent.
  EXPECT_FALSE(Named(f.functions, "FromBucket").code_uri.is_written());
}

TEST(TemplateParser, FunctionReferences) {
  FileFacts f = Parse(R"(Resources:
  Db:
    Type: AWS::RDS::DBInstance
  Queue:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          HOST: !GetAtt Db.Endpoint.Address
          URL: !Sub "https://${Queue}"
          NAME: literal
)");
  const Function& fn = Named(f.functions, "Fn");
  ASSERT_EQ(fn.references.size(), 2u);
  EXPECT_EQ(fn.references[0].target, "Db");
  EXPECT_EQ(At(fn.references[0].where), "11:25");  // the name, after the tag
  EXPECT_EQ(fn.references[1].target, "Queue");
  EXPECT_EQ(At(fn.references[1].where), "12:21");
  ASSERT_EQ(f.databases.size(), 1u);
  EXPECT_FALSE(f.databases[0].is_cluster);
}

TEST(TemplateParser, ProvisionedConcurrency) {
  FileFacts f = Parse(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 5
  Legacy:
    Type: AWS::Lambda::Function
  LegacyVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Legacy
  LegacyAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Legacy
      FunctionVersion: !GetAtt LegacyVersion.Version
      Name: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 2
)");
  const Function& sam = Named(f.functions, "Sam");
  EXPECT_EQ(sam.provisioned_concurrency.value, 5);
  EXPECT_EQ(At(sam.provisioned_concurrency.written), "8:9");
  const Function& legacy = Named(f.functions, "Legacy");
  EXPECT_EQ(legacy.provisioned_concurrency.value, 2);
  EXPECT_EQ(At(legacy.provisioned_concurrency.written), "22:9");
  EXPECT_EQ(f.functions.size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Events, event source mappings and API integrations

TEST(TemplateParser, SamEvents) {
  FileFacts f = Parse(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Clicks:
    Type: AWS::Kinesis::Stream
  Orders:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get:
          Type: Api
          Properties:
            Path: /
            Method: get
        Post:
          Type: HttpApi
          Properties:
            TimeoutInMillis: 5000
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
        External:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:123456789012:elsewhere
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt [Clicks, Arn]
        Table:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Orders.StreamArn
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
)");
  ASSERT_EQ(f.api_integrations.size(), 2u);
  const ApiIntegration& rest = f.api_integrations[0];
  EXPECT_EQ(rest.scope, "template.yaml");
  EXPECT_EQ(rest.kind, "Api");
  EXPECT_EQ(rest.function, "Fn");
  EXPECT_EQ(At(rest.where), "13:9");
  EXPECT_FALSE(rest.timeout_ms.is_written());
  const ApiIntegration& http = f.api_integrations[1];
  EXPECT_EQ(http.kind, "HttpApi");
  EXPECT_EQ(At(http.where), "18:9");
  EXPECT_EQ(http.timeout_ms.value, 5000);
  EXPECT_EQ(At(http.timeout_ms.written), "21:13");

  ASSERT_EQ(f.triggers.size(), 5u);
  const Trigger* sqs = TriggerOf(f, "Fn", "22:9");
  ASSERT_NE(sqs, nullptr);
  EXPECT_EQ(sqs->kind, "SQS");
  EXPECT_EQ(sqs->source, "Jobs");
  const Trigger* external = TriggerOf(f, "Fn", "26:9");
  ASSERT_NE(external, nullptr);
  EXPECT_EQ(external->kind, "SQS");
  EXPECT_EQ(external->source, std::nullopt);  // outside this template, not unresolved
  const Trigger* stream = TriggerOf(f, "Fn", "30:9");
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->kind, "Kinesis");
  EXPECT_EQ(stream->source, "Clicks");
  const Trigger* table = TriggerOf(f, "Fn", "34:9");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->kind, "DynamoDB");
  EXPECT_EQ(table->source, "Orders");
  const Trigger* nightly = TriggerOf(f, "Fn", "38:9");
  ASSERT_NE(nightly, nullptr);
  EXPECT_EQ(nightly->kind, "Schedule");
  EXPECT_EQ(nightly->source, std::nullopt);
  EXPECT_TRUE(f.unresolved.empty());
}

TEST(TemplateParser, EventSourceMappingKinds) {
  FileFacts f = Parse(R"(Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: worker
  Queue:
    Type: AWS::SQS::Queue
  Stream:
    Type: AWS::Kinesis::Stream
  Table:
    Type: AWS::DynamoDB::Table
  ByQueue:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Queue.Arn
  ByStream:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !GetAtt Fn.Arn
      EventSourceArn: !GetAtt Stream.Arn
  ByTable:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: worker
      EventSourceArn: !GetAtt Table.StreamArn
  BySqsArn:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: arn:aws:lambda:us-east-1:123456789012:function:worker
      EventSourceArn: arn:aws:sqs:us-east-1:123456789012:jobs
  ByKinesisArn:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: 123456789012:function:worker:live
      EventSourceArn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks
  ByDynamoArn:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024
  ByKafka:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: arn:aws:kafka:us-east-1:123456789012:cluster/c/1
  OtherFunction:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: not-in-this-template
      EventSourceArn: !GetAtt Queue.Arn
)");
  ASSERT_EQ(f.triggers.size(), 7u);
  struct Want {
    const char* where;
    const char* kind;
    std::optional<std::string> source;
  };
  const Want wants[] = {
      {"12:3", "SQS", "Queue"},
      {"17:3", "Kinesis", "Stream"},
      {"22:3", "DynamoDB", "Table"},
      {"27:3", "SQS", std::nullopt},
      {"32:3", "Kinesis", std::nullopt},
      {"37:3", "DynamoDB", std::nullopt},
      {"42:3", "EventSourceMapping", std::nullopt},
  };
  for (const Want& w : wants) {
    const Trigger* t = TriggerOf(f, "Fn", w.where);
    ASSERT_NE(t, nullptr) << w.where;
    EXPECT_EQ(t->kind, w.kind) << w.where;
    EXPECT_EQ(t->source, w.source) << w.where;
    EXPECT_EQ(t->scope, "template.yaml");
  }
  EXPECT_TRUE(f.unresolved.empty());
}

TEST(TemplateParser, MappingToAnAliasFindsTheFunction) {
  FileFacts f = Parse(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
  Legacy:
    Type: AWS::Lambda::Function
  LegacyAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Legacy
      FunctionVersion: "1"
      Name: live
  ToSamAlias:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Sam.Alias
      EventSourceArn: !GetAtt Queue.Arn
  ToAliasResource:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref LegacyAlias
      EventSourceArn: !GetAtt Queue.Arn
)");
  ASSERT_NE(TriggerOf(f, "Sam", "17:3"), nullptr);
  ASSERT_NE(TriggerOf(f, "Legacy", "22:3"), nullptr);
  EXPECT_TRUE(f.unresolved.empty());
}

TEST(TemplateParser, ApiGatewayIntegrations) {
  FileFacts f = Parse(R"(Resources:
  Fn:
    Type: AWS::Lambda::Function
  Other:
    Type: AWS::Lambda::Function
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      Integration:
        Type: AWS_PROXY
        TimeoutInMillis: 10000
        Uri: !Join ["", ["arn:aws:apigateway:", !Ref "AWS::Region", ":lambda:path/2015-03-31/functions/", !GetAtt Fn.Arn, "/invocations"]]
  V2:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations"
  NotAFunction:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      IntegrationType: HTTP_PROXY
      IntegrationUri: https://example.com
)");
  ASSERT_EQ(f.api_integrations.size(), 2u);
  const ApiIntegration& rest = f.api_integrations[0];
  EXPECT_EQ(rest.kind, "AWS::ApiGateway::Method");
  EXPECT_EQ(rest.function, "Fn");
  EXPECT_EQ(At(rest.where), "6:3");
  EXPECT_EQ(rest.timeout_ms.value, 10000);
  EXPECT_EQ(At(rest.timeout_ms.written), "11:9");
  const ApiIntegration& v2 = f.api_integrations[1];
  EXPECT_EQ(v2.kind, "AWS::ApiGatewayV2::Integration");
  EXPECT_EQ(v2.function, "Other");
  EXPECT_EQ(At(v2.where), "13:3");
  EXPECT_FALSE(v2.timeout_ms.is_written());
}

// ---------------------------------------------------------------------------------------------
// Queues, ECS, scaling, databases

TEST(TemplateParser, QueueVisibilityTimeout) {
  FileFacts f = Parse(R"(Resources:
  Written:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 120
  Absent:
    Type: AWS::SQS::Queue
)");
  const Queue& written = Named(f.queues, "Written");
  EXPECT_EQ(written.visibility_timeout_s.value, 120);
  EXPECT_EQ(At(written.visibility_timeout_s.written), "5:7");
  const Queue& absent = Named(f.queues, "Absent");
  EXPECT_EQ(At(absent.header), "6:3");
  EXPECT_FALSE(absent.visibility_timeout_s.is_written());
}

TEST(TemplateParser, EcsServiceFields) {
  FileFacts f = Parse(R"(Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: "1 vCPU"
      Memory: "2 GB"
      RequiresCompatibilities: [FARGATE, EC2]
      RuntimePlatform:
        CpuArchitecture: ARM64
  Web:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      DesiredCount: 2
      TaskDefinition: !Ref Task
      LoadBalancers:
        - ContainerName: web
          ContainerPort: 8080
  Spot:
    Type: AWS::ECS::Service
    Properties:
      CapacityProviderStrategy:
        - CapacityProvider: FARGATE_SPOT
          Weight: 3
        - CapacityProvider: FARGATE
          Weight: 1
      TaskDefinition: !GetAtt Task.TaskDefinitionArn
      LoadBalancers: []
  Bare:
    Type: AWS::ECS::Service
)");
  const Service& web = Named(f.services, "Web");
  EXPECT_EQ(At(web.header), "10:3");
  EXPECT_EQ(web.launch_type.value, "FARGATE");
  EXPECT_EQ(At(web.launch_type.written), "13:7");
  EXPECT_EQ(web.desired_count.value, 2);
  EXPECT_EQ(At(web.desired_count.written), "14:7");
  EXPECT_EQ(web.task_definition, "Task");
  EXPECT_EQ(At(web.load_balancers), "16:7");
  EXPECT_TRUE(web.capacity_providers.empty());

  const Service& spot = Named(f.services, "Spot");
  EXPECT_FALSE(spot.launch_type.is_written());
  EXPECT_EQ(spot.capacity_providers, (std::vector<std::string>{"FARGATE_SPOT", "FARGATE"}));
  EXPECT_EQ(spot.task_definition, "Task");
  EXPECT_EQ(spot.load_balancers, std::nullopt);  // an empty list attaches nothing

  const Service& bare = Named(f.services, "Bare");
  EXPECT_FALSE(bare.desired_count.is_written());
  EXPECT_EQ(bare.load_balancers, std::nullopt);
  EXPECT_EQ(bare.task_definition, std::nullopt);

  const TaskDefinition& task = Named(f.task_definitions, "Task");
  EXPECT_EQ(task.cpu_units.value, 1024);
  EXPECT_EQ(At(task.cpu_units.written), "5:7");
  EXPECT_EQ(task.memory_mb.value, 2048);
  EXPECT_EQ(At(task.memory_mb.written), "6:7");
  EXPECT_EQ(task.cpu_architecture.value, "ARM64");
  EXPECT_EQ(task.compatibilities, (std::vector<std::string>{"FARGATE", "EC2"}));
}

TEST(TemplateParser, TaskDefinitionUnitForms) {
  FileFacts f = Parse(R"(Resources:
  Numbers:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: 512
      Memory: "1024"
  Fractions:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: 0.25 vCPU
      Memory: 0.5GB
  Unknown:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: lots
      Memory: 2 TB
)");
  const TaskDefinition& numbers = Named(f.task_definitions, "Numbers");
  EXPECT_EQ(numbers.cpu_units.value, 512);
  EXPECT_EQ(numbers.memory_mb.value, 1024);
  const TaskDefinition& fractions = Named(f.task_definitions, "Fractions");
  EXPECT_EQ(fractions.cpu_units.value, 256);
  EXPECT_EQ(fractions.memory_mb.value, 512);
  const TaskDefinition& unknown = Named(f.task_definitions, "Unknown");
  EXPECT_FALSE(unknown.cpu_units.value.has_value());
  EXPECT_EQ(unknown.cpu_units.unresolved, "'lots' is not a size rightfit understands");
  EXPECT_EQ(unknown.memory_mb.unresolved, "'2 TB' is not a size rightfit understands");
  EXPECT_EQ(At(unknown.memory_mb.written), "16:7");
}

TEST(TemplateParser, ScalingTargetsAndPolicies) {
  FileFacts f = Parse(R"(Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  Web:
    Type: AWS::ECS::Service
  Api:
    Type: AWS::ECS::Service
  Batch:
    Type: AWS::ECS::Service
  WebTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      MinCapacity: 1
      MaxCapacity: 10
      ResourceId: !Join ["/", [service, !Ref Cluster, !GetAtt Web.Name]]
  ApiTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      MinCapacity: 0
      MaxCapacity: 4
      ResourceId: !Sub service/${Cluster}/${Api.Name}
  BatchTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ResourceId:
        Fn::Sub:
          - service/${C}/${S}
          - C: !Ref Cluster
            S: !GetAtt Batch.Name
  WebPolicy:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      ScalingTargetId: !Ref WebTarget
  ApiPolicy:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      ResourceId: !Sub service/${Cluster}/${Api.Name}
      ScalableDimension: ecs:service:DesiredCount
      ServiceNamespace: ecs
)");
  const ScalingTarget& web = Named(f.scaling_targets, "WebTarget");
  EXPECT_EQ(web.service, "Web");
  EXPECT_EQ(web.min_capacity.value, 1);
  EXPECT_EQ(At(web.min_capacity.written), "13:7");
  EXPECT_EQ(web.max_capacity.value, 10);
  EXPECT_TRUE(web.has_policy);
  const ScalingTarget& api = Named(f.scaling_targets, "ApiTarget");
  EXPECT_EQ(api.service, "Api");
  EXPECT_EQ(api.min_capacity.value, 0);
  EXPECT_TRUE(api.has_policy);  // the policy names the target by ResourceId
  const ScalingTarget& batch = Named(f.scaling_targets, "BatchTarget");
  EXPECT_EQ(batch.service, "Batch");
  EXPECT_FALSE(batch.min_capacity.is_written());
  EXPECT_FALSE(batch.has_policy);
}

TEST(TemplateParser, DatabaseProxyTargets) {
  FileFacts f = Parse(R"(Resources:
  Instance:
    Type: AWS::RDS::DBInstance
  Cluster:
    Type: AWS::RDS::DBCluster
  Proxy:
    Type: AWS::RDS::DBProxy
  Targets:
    Type: AWS::RDS::DBProxyTargetGroup
    Properties:
      DBProxyName: !Ref Proxy
      DBInstanceIdentifiers: [!Ref Instance]
      DBClusterIdentifiers:
        - Ref: Cluster
)");
  ASSERT_EQ(f.databases.size(), 2u);
  EXPECT_FALSE(Named(f.databases, "Instance").is_cluster);
  EXPECT_TRUE(Named(f.databases, "Cluster").is_cluster);
  const DatabaseProxy& proxy = Named(f.database_proxies, "Targets");
  EXPECT_EQ(At(proxy.header), "8:3");
  EXPECT_EQ(proxy.targets, (std::vector<std::string>{"Instance", "Cluster"}));
}

TEST(TemplateParser, ResourceConditions) {
  FileFacts f = Parse(R"(Parameters:
  Stage:
    Type: String
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  InUsEast: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  ProdOnly:
    Type: AWS::Lambda::Function
    Condition: IsProd
  EastOnly:
    Type: AWS::Lambda::Function
    Condition: InUsEast
  Always:
    Type: AWS::Lambda::Function
)");
  ASSERT_EQ(f.functions.size(), 2u);
  EXPECT_EQ(f.functions[0].id.name, "EastOnly");
  EXPECT_EQ(f.functions[1].id.name, "Always");
}

// ---------------------------------------------------------------------------------------------
// Unresolved values

TEST(TemplateParser, UnresolvedEntries) {
  FileFacts f = Parse(R"(Transform: AWS::Serverless-2016-10-31
Parameters:
  FnName:
    Type: String
  Limit:
    Type: Number
Resources:
  Fn:
    Type: AWS::Lambda::Function
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName:
        Ref: FnName
      EventSourceArn: arn:aws:sqs:us-east-1:123456789012:q
  ImportedArn:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !ImportValue shared-queue
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue:
              Fn::ImportValue: shared-queue
        Get:
          Type: HttpApi
          Properties:
            TimeoutInMillis: !Ref Limit
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      IntegrationUri: !GetAtt Fn.Arn
      TimeoutInMillis: !Ref Limit
)");
  ASSERT_EQ(f.unresolved.size(), 5u);
  const Unresolved* fn_name = UnresolvedOf(f, "Mapping", "FunctionName");
  ASSERT_NE(fn_name, nullptr);
  EXPECT_EQ(fn_name->resource.scope, "template.yaml");
  EXPECT_EQ(At(fn_name->header), "10:3");
  EXPECT_EQ(At(fn_name->where), "13:7");  // the key, though the value is on the next line
  EXPECT_EQ(fn_name->reason, "Parameter 'FnName' has no Default");

  const Unresolved* arn = UnresolvedOf(f, "ImportedArn", "EventSourceArn");
  ASSERT_NE(arn, nullptr);
  EXPECT_EQ(At(arn->where), "20:7");
  EXPECT_EQ(arn->reason, "it is imported from another stack (Fn::ImportValue)");

  const Unresolved* queue = UnresolvedOf(f, "Sam", "Events.Jobs.Properties.Queue");
  ASSERT_NE(queue, nullptr);
  EXPECT_EQ(At(queue->where), "28:13");
  const Unresolved* sam_limit = UnresolvedOf(f, "Sam", "Events.Get.Properties.TimeoutInMillis");
  ASSERT_NE(sam_limit, nullptr);
  EXPECT_EQ(At(sam_limit->where), "33:13");
  EXPECT_EQ(sam_limit->reason, "Parameter 'Limit' has no Default");
  const Unresolved* limit = UnresolvedOf(f, "Integration", "TimeoutInMillis");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(At(limit->where), "38:7");

  // The mapping with an unknown function is not a trigger; the one with an unknown source is,
  // without a source.
  ASSERT_EQ(f.triggers.size(), 2u);
  const Trigger* imported = TriggerOf(f, "Fn", "16:3");
  ASSERT_NE(imported, nullptr);
  EXPECT_EQ(imported->source, std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Suppressions

TEST(TemplateParser, CommentSuppressions) {
  FileFacts f = Parse(R"(Resources:
  SameLine:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 700 # rightfit:ignore RF104 nightly export
      # rightfit:ignore RF101 RF104 migrating
      MemorySize: 128
  Header: # rightfit:ignore RF403, RF104 batch job
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 700

  # rightfit:ignore RF101 covers the resource below
  Above:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 1000
)");
  ASSERT_EQ(f.suppressions.size(), 4u);
  const Suppression& same = f.suppressions[0];
  EXPECT_EQ(same.kind, Suppression::Kind::Comment);
  EXPECT_EQ(same.file, "template.yaml");
  EXPECT_EQ(same.first_line, 5u);
  EXPECT_EQ(same.last_line, 5u);  // a trailing comment speaks for its own line only
  EXPECT_EQ(same.rules, (std::vector<std::string>{"RF104"}));
  EXPECT_EQ(same.reason, "nightly export");
  EXPECT_EQ(same.resource, std::nullopt);

  const Suppression& above_line = f.suppressions[1];
  EXPECT_EQ(above_line.first_line, 6u);
  EXPECT_EQ(above_line.last_line, 7u);
  EXPECT_EQ(above_line.rules, (std::vector<std::string>{"RF101", "RF104"}));
  EXPECT_EQ(above_line.resource, std::nullopt);

  const Suppression& header = f.suppressions[2];
  EXPECT_EQ(header.first_line, 8u);
  EXPECT_EQ(header.last_line, 11u);
  EXPECT_EQ(header.rules, (std::vector<std::string>{"RF403", "RF104"}));
  EXPECT_EQ(header.reason, "batch job");
  ASSERT_TRUE(header.resource.has_value());
  EXPECT_EQ(header.resource->name, "Header");
  EXPECT_EQ(header.resource->scope, "template.yaml");

  const Suppression& above = f.suppressions[3];
  EXPECT_EQ(above.first_line, 13u);
  EXPECT_EQ(above.last_line, 17u);
  ASSERT_TRUE(above.resource.has_value());
  EXPECT_EQ(above.resource->name, "Above");
}

TEST(TemplateParser, MetadataSuppressions) {
  FileFacts f = Parse(R"({
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Metadata": {"rightfit": {"ignore": ["RF104 reviewed", "RF403"]}},
      "Properties": {"Timeout": 700}
    },
    "NotIgnored": {
      "Type": "AWS::Lambda::Function",
      "Metadata": {"rightfit": {"ignore": "RF104"}, "Note": "# rightfit:ignore RF101 no comments in JSON"}
    }
  }
})",
                      "stack.json");
  ASSERT_EQ(f.suppressions.size(), 1u);
  const Suppression& s = f.suppressions[0];
  EXPECT_EQ(s.kind, Suppression::Kind::Metadata);
  EXPECT_EQ(s.file, "stack.json");
  EXPECT_EQ(s.first_line, 3u);
  EXPECT_EQ(s.last_line, 7u);
  EXPECT_EQ(s.rules, (std::vector<std::string>{"RF104", "RF403"}));
  EXPECT_EQ(s.reason, "reviewed");
  ASSERT_TRUE(s.resource.has_value());
  EXPECT_EQ(s.resource->name, "Fn");
}

TEST(TemplateParser, YamlMetadataSuppression) {
  FileFacts f = Parse(R"(Resources:
  Queue:
    Type: AWS::SQS::Queue
    Metadata:
      rightfit:
        ignore: [RF106 consumer is idempotent]
)");
  ASSERT_EQ(f.suppressions.size(), 1u);
  EXPECT_EQ(f.suppressions[0].kind, Suppression::Kind::Metadata);
  EXPECT_EQ(f.suppressions[0].first_line, 2u);
  EXPECT_EQ(f.suppressions[0].last_line, 6u);
  EXPECT_EQ(f.suppressions[0].rules, (std::vector<std::string>{"RF106"}));
  EXPECT_EQ(f.suppressions[0].reason, "consumer is idempotent");
}

// ---------------------------------------------------------------------------------------------
// What is a template, and parse errors

TEST(TemplateParser, OtherFilesAreNotTemplates) {
  EXPECT_EQ(parse_template("ci.yaml", "name: build\non: [push]\n"), std::nullopt);
  EXPECT_EQ(parse_template("k8s.yaml", "Resources:\n  X:\n    Type: Kubernetes::Pod\n"),
            std::nullopt);
  EXPECT_EQ(parse_template("list.json", "[1, 2, 3]"), std::nullopt);
  EXPECT_EQ(parse_template("package.json", R"({"name": "x", "Resources": "none"})"), std::nullopt);
  EXPECT_EQ(parse_template("empty.yaml", ""), std::nullopt);
}

TEST(TemplateParser, WhatMakesATemplate) {
  // The version alone, or a Resources map with an AWS:: type.
  std::optional<FileFacts> version = parse_template("a.yaml", "AWSTemplateFormatVersion: x\n");
  ASSERT_TRUE(version.has_value());
  EXPECT_TRUE(version->functions.empty());
  EXPECT_TRUE(version->parse_errors.empty());
  EXPECT_TRUE(parse_template("b.yml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"));
  // JSON content is recognized by its first character whatever the extension.
  std::optional<FileFacts> json =
      parse_template("c.template", R"({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->queues.size(), 1u);
}

TEST(TemplateParser, ParseErrorOfATemplate) {
  std::optional<FileFacts> yaml =
      parse_template("broken.yaml", R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap: main
)");
  ASSERT_TRUE(yaml.has_value());
  EXPECT_TRUE(yaml->functions.empty());
  ASSERT_EQ(yaml->parse_errors.size(), 1u);
  const ParseError& e = yaml->parse_errors[0];
  EXPECT_EQ(e.where.file, "broken.yaml");
  EXPECT_EQ(At(e.where), "6:25");
  EXPECT_EQ(e.message.rfind("invalid YAML: ", 0), 0u) << e.message;

  std::optional<FileFacts> json = parse_template("broken.json", R"({
  "Resources": {
    "Fn": {"Type": "AWS::Lambda::Function",}
  }
})");
  ASSERT_TRUE(json.has_value());
  ASSERT_EQ(json->parse_errors.size(), 1u);
  EXPECT_EQ(At(json->parse_errors[0].where), "3:44");
  EXPECT_EQ(json->parse_errors[0].message.rfind("invalid JSON: ", 0), 0u);
}

TEST(TemplateParser, ParseErrorOfAnotherFileIsIgnored) {
  EXPECT_EQ(parse_template("chart.yaml", "name: {{ .Values.name }}\nlabels: [a, b\n"),
            std::nullopt);
  EXPECT_EQ(parse_template("package.json", R"({"scripts": {"build": "make",}})"), std::nullopt);
}

TEST(TemplateParser, LooksLikeTemplate) {
  EXPECT_TRUE(looks_like_template("AWSTemplateFormatVersion: x"));
  EXPECT_TRUE(looks_like_template("Resources:\n  X:\n    Type: AWS::SQS::Queue"));
  EXPECT_TRUE(looks_like_template(R"({"Type": "AWS::SQS::Queue")"));
  EXPECT_TRUE(looks_like_template("Type:  'AWS::SQS::Queue'"));
  EXPECT_FALSE(looks_like_template("Kind: AWS::SQS::Queue"));
  EXPECT_FALSE(looks_like_template("name: x"));
}

}  // namespace
}  // namespace rightfit::cfn
