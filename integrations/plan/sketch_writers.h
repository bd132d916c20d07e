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
// A Kubernetes CronJob (batch/v1) for a scheduled function.
std::string write_kubernetes_fargate(const MigrationPlan& plan, const FargatePlan& fargate);

// The names a sketch gives what it adds, clear of what the source's template or module
// declares (`plan.taken`), deterministically: resources are named from one base, the
// workload's own name unless one of `patterns` ("{}Function", "aws_lambda_function.{}") with
// it is taken, else the base + `join` + 2, 3, ...; an input (a Parameter, a variable) keeps its
// name unless taken, else it takes the base as a prefix.
class SketchNames {
 public:
  struct Style {
    std::string join;          // between a base and its number, a base and an input: "", "_"
    std::string input_prefix;  // how the source names an input: "" (logical ID), "var."
  };
  SketchNames(const MigrationPlan& plan, const std::string& base,
              const std::vector<std::string>& patterns, Style style);
  const std::string& base() const { return base_; }
  std::string input(const std::string& name) const;

 private:
  const std::set<std::string>& taken_;
  Style style_;
  std::string base_;
};

// A name safe as a CloudFormation logical ID ("thumbnailer" -> "Thumbnailer",
// "aws_ecs_service.thumbnailer" -> "Thumbnailer") or a Terraform name ("thumbnailer").
std::string logical_id_of(const std::string& workload);
std::string terraform_name_of(const std::string& workload);
// A Kubernetes object name (DNS-1123): "WarehouseLoad" -> "warehouse-load".
std::string kubernetes_name_of(const std::string& workload);

}  // namespace rightfit
