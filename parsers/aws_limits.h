// AWS limits and defaults that rightfit's judgments rest on, each written once, with the AWS
// page that documents it (all read 2026-12-07). Checks, the cost model and the placement
// report compare against these; front-ends give them to properties a file leaves unwritten.
// It lives on the parsers floor, the lowest that uses it: the registry-module front-end
// (parsers/terraform) applies AWS's Lambda defaults, and parsers/ may not include analyzer/
// (tests/layering_test.cpp). Framework defaults that differ from AWS's (Serverless's 6 s and
// 1024 MB, Terraform's desired_count 0) stay with the front-end of that framework.
#pragma once

namespace rightfit::aws {

// "The default value for this setting is 3 seconds, but you can adjust this in increments of
// 1 second up to a maximum value of 900 seconds (15 minutes)."
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html (2026-12-07)
inline constexpr double kLambdaDefaultTimeoutS = 3;
inline constexpr double kLambdaMinTimeoutS = 1;
inline constexpr double kLambdaMaxTimeoutS = 900;
// Lambda Managed Instances (a function with CapacityProviderConfig): "For functions using AWS
// Lambda Managed Instances, asynchronous invocations and event source mapping invocations
// (except Amazon MQ and Amazon DocumentDB) support a maximum allowed value of 5,400 seconds
// (90 minutes)." Same page (2026-12-07).
inline constexpr double kManagedInstancesMaxTimeoutS = 5400;
// PerExecutionEnvironmentMaxConcurrency: "Minimum: 1 Maximum: 1600"; absent, each runtime
// applies its own default above 1 (Node.js: 64 concurrent requests per vCPU).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-lambdamanagedinstancescapacityproviderconfig.html
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-nodejs-runtime.html
// (2026-12-07)
inline constexpr double kClassicLambdaRequestsPerEnvironment = 1;
// "The minimum supported function size is 2GB and 1 vCPU"; "Lambda launches three instances
// by default for AZ resiliency".
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-best-practices.html
// (2026-12-07). The largest Managed Instances function is stated only outside AWS's pages
// found on 2026-12-07 (32 GB, blogs of March 2026), so no maximum is kept here.
inline constexpr double kManagedInstancesMinMemoryMb = 2048;
inline constexpr double kManagedInstancesMinInstances = 3;
// ExecutionEnvironmentMemoryGiBPerVCpu: "Minimum value of 2.0. Maximum value of 8.0."
// https://docs.aws.amazon.com/lambda/latest/api/API_LambdaManagedInstancesCapacityProviderConfig.html
// (2026-12-07). The cost model sizes environments at 2, the most vCPUs per GiB (the dearest).
inline constexpr double kManagedInstancesMinGibPerVcpu = 2;

// "You can configure memory between 128 MB and 10,240 MB in 1-MB increments. At 1,769 MB, a
// function has the equivalent of one vCPU"; "The default setting, 128 MB, is the lowest".
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (2026-12-07)
inline constexpr double kLambdaDefaultMemoryMb = 128;
inline constexpr double kLambdaMinMemoryMb = 128;
inline constexpr double kLambdaMaxMemoryMb = 10240;
inline constexpr double kLambdaMbPerVcpu = 1769;

// SQS VisibilityTimeout: "The default visibility timeout for a message is 30 seconds. The
// minimum is 0 seconds. The maximum is 12 hours."
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
// (2026-12-07)
inline constexpr double kSqsDefaultVisibilityTimeoutS = 30;
inline constexpr double kSqsMaxVisibilityTimeoutS = 12 * 60 * 60;

// An ECS service created without DesiredCount "starts up with a desired count of 1"
// (CloudFormation made the property optional with that default).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
// (2026-12-07)
inline constexpr double kEcsDefaultDesiredCount = 1;
// The longest look-back AWS Compute Optimizer analyses: 14 days by default, 93 with enhanced
// infrastructure metrics (Compute Optimizer User Guide, "Resource requirements",
// docs.aws.amazon.com/compute-optimizer/latest/ug/requirements.html, read 2026-12-07). Its
// Lambda figures are CloudWatch's Invocations and Duration (milliseconds) and the memory a
// request used (MB) ("Lambda function metrics", .../ug/lambda-metrics-analyzed.html).
inline constexpr double kComputeOptimizerMaxLookbackDays = 93;

// Values the rule options' defaults are taken from (RF105, RF106); users may configure others.
// A REST API waits at most 29 s for an integration unless the account raised the quota
// ("You can raise the integration timeout to greater than 29 seconds for Regional REST APIs
// and private REST APIs"): an integration's own TimeoutInMillis above 29,000 is then its limit.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
// https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
// (2026-12-07)
inline constexpr double kApiGatewayIntegrationTimeoutS = 29;
// HTTP APIs: "Maximum integration timeout | 30 seconds | Can be increased: No", also the
// default. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
// (2026-12-07)
inline constexpr double kHttpApiIntegrationTimeoutS = 30;
// "set the source queue's visibility timeout to at least six times the configuration timeout
// on your function". https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
// (2026-12-07). A batching window comes on top: the Lambda guide's SQS page
// (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-queueconfig) gives
// "at least six times the timeout that you configure on your function, plus the value of
// MaximumBatchingWindowInSeconds", the wording AWS's own samples quote; the configure page
// read on 2026-12-07 keeps only the six times, so RF106 adds the window where one is set.
inline constexpr double kSqsVisibilityPerFunctionTimeout = 6;

}  // namespace rightfit::aws
