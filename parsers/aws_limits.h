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

// An ECS service created without DesiredCount "starts up with a desired count of 1"
// (CloudFormation made the property optional with that default).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
// (2026-12-07)
inline constexpr double kEcsDefaultDesiredCount = 1;

// Values the rule options' defaults are taken from (RF105, RF106); users may configure others.
// API Gateway waits at most 29 s for an integration unless the account raised the quota
// (Regional and private REST APIs only).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (2026-12-07)
inline constexpr double kApiGatewayIntegrationTimeoutS = 29;
// "set the source queue's visibility timeout to at least six times the configuration timeout
// on your function". https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
// (2026-12-07)
inline constexpr double kSqsVisibilityPerFunctionTimeout = 6;

}  // namespace rightfit::aws
