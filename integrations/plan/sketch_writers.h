// The sketch writers: one per (target, format family). CloudFormation and SAM share one tree
// rendered as YAML or JSON (integrations/plan/sketch_tree.h); Terraform writes HCL.
#pragma once

#include <string>
#include <vector>

#include "integrations/plan/migration_plan.h"

namespace rightfit {

// The comment lines every sketch starts with (without the comment marker): the banner, what
// it does, why, how it was sized, and what to review.
std::vector<std::string> sketch_header(const MigrationPlan& plan);
// What the sketch's image input holds: the workload's image, rebuilt for the target.
std::string image_input_description(const MigrationPlan& plan);

// CloudFormation (SAM for SAM sources): YAML or JSON as `plan.format` says.
std::string write_cloudformation_lambda(const MigrationPlan& plan, const LambdaPlan& lambda);
std::string write_cloudformation_fargate(const MigrationPlan& plan, const FargatePlan& fargate);
// Terraform HCL.
std::string write_terraform_lambda(const MigrationPlan& plan, const LambdaPlan& lambda);
std::string write_terraform_fargate(const MigrationPlan& plan, const FargatePlan& fargate);

// A name safe as a CloudFormation logical ID ("thumbnailer" -> "Thumbnailer",
// "aws_ecs_service.thumbnailer" -> "Thumbnailer") or a Terraform name ("thumbnailer").
std::string logical_id_of(const std::string& workload);
std::string terraform_name_of(const std::string& workload);

}  // namespace rightfit
