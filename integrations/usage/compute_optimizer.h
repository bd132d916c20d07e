// AWS Compute Optimizer's recommendations for Lambda functions and for ECS services on Fargate,
// read as measured usage: the CSV file ExportLambdaFunctionRecommendations /
// ExportECSServiceRecommendations write, and the JSON `aws compute-optimizer
// get-lambda-function-recommendations` / `get-ecs-service-recommendations` print.
//
// Shapes (read 2026-12-07): Compute Optimizer User Guide, "Exported files"
// (docs.aws.amazon.com/compute-optimizer/latest/ug/exported-files.html); API Reference,
// LambdaFunctionRecommendation, LambdaFunctionUtilizationMetric (Duration | Memory, Maximum |
// Average), ECSServiceRecommendation, ECSServiceUtilizationMetric (Cpu | Memory, percent),
// ExportLambdaFunctionRecommendations / ExportECSServiceRecommendations (fieldsToExport).
// A column is matched by its name without underscores and case, so the API's field name
// (UtilizationMetricsDurationMaximum) and the export's column (utilizationMetrics_Duration_MAXIMUM)
// are one column.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/cloudwatch/metric_results.h"

namespace rightfit::usage {

enum class OptimizerResource { Function, Service };

// Which resource a CSV header describes: a functionArn or serviceArn column.
std::optional<OptimizerResource> optimizer_csv_resource(const std::vector<std::string>& header);

// Reads one file's recommendations into `reading`. A value no measurement gives (not a number,
// negative, beyond the configuration's ceilings or AWS's limits, so not in the documented unit)
// is a problem "<row>: <cause>"; a row naming no analysed workload, without a look-back period,
// or with Compute Optimizer's errorCode is left out with a warning.
std::string read_optimizer_csv(const std::string& file, std::string_view text,
                               const std::vector<cloudwatch::NamedWorkload>& workloads,
                               double hours_per_month, cloudwatch::UsageReading& reading);
// `text` holds lambdaFunctionRecommendations[] or ecsServiceRecommendations[].
std::string read_optimizer_json(const std::string& file, std::string_view text,
                                const std::vector<cloudwatch::NamedWorkload>& workloads,
                                double hours_per_month, cloudwatch::UsageReading& reading);

}  // namespace rightfit::usage
