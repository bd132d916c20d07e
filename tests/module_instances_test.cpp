// Links across the analysed tree (issue 21): one Terraform module called by several root
// modules is reported once per place, with each calling `module` block related, and is one
// entry of the placement report; Kubernetes scalers and Services link to the workloads of
// sibling folders; Fargate profile selectors resolve through Terraform references.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "checks/check.h"
#include "driver/engine.h"
#include "integrations/report/placement.h"
#include "parsers/terraform/evaluator.h"
#include "parsers/terraform/hcl_ast.h"
#include "parsers/terraform/module_instance.h"

namespace rightfit {
namespace {

const std::string kCallers = "fixtures/terraform/many_callers";

Analysis analysis_of(const std::string& root) {
  Analysis a = analyze(AnalysisRequest{{root}, root, Config{}, 2, {}});
  EXPECT_TRUE(a.errors.empty());
  return a;
}

std::vector<const Finding*> findings_at(const Analysis& a, const std::string& file, uint32_t line,
                                        const std::string& rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : a.findings) {
    if (f.location.file == file && f.location.line() == line && f.rule_id == rule)
      out.push_back(&f);
  }
  return out;
}

std::vector<std::string> related_places(const Finding& f) {
  std::vector<std::string> out;
  for (const RelatedLocation& r : f.related)
    out.push_back(r.where.file + ":" + std::to_string(r.where.line()));
  return out;
}

// A Globals Timeout that three API functions inherit is one RF105 on the Globals line, naming
// the other two, with each function (its header) and its API event related and all three as
// its subjects.
TEST(SharedLines, OneFindingForSeveralResourcesOnOneLine) {
  const std::string file = "fixtures/cloudformation/sam_globals_shared_timeout.yaml";
  const Analysis a = analysis_of(file);
  std::vector<const Finding*> at_globals = findings_at(a, file, 6, "RF105");
  ASSERT_EQ(at_globals.size(), 1u);
  const Finding& f = *at_globals.front();
  EXPECT_NE(f.message.find("'Orders'"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("'Refunds'"), std::string::npos) << f.message;
  EXPECT_EQ(f.related.size(), 6u);
  for (const char* fn : {"Listing", "Orders", "Refunds"}) {
    EXPECT_TRUE(is_about(f, EntityId{file, fn})) << fn;
    const std::string uses = "function '" + std::string(fn) + "' uses this Timeout";
    EXPECT_EQ(std::count_if(f.related.begin(), f.related.end(),
                            [&](const RelatedLocation& r) { return r.message == uses; }),
              1)
        << fn;
  }
  EXPECT_EQ(a.findings.size(), 1u);
}

TEST(ModuleInstances, AFindingInASharedModuleIsReportedOnceWithEachCaller) {
  const Analysis a = analysis_of(kCallers);
  std::vector<const Finding*> shared =
      findings_at(a, kCallers + "/modules/app/main.tf", 20, "RF101");
  ASSERT_EQ(shared.size(), 1u);
  std::vector<std::string> related = related_places(*shared.front());
  EXPECT_NE(std::find(related.begin(), related.end(), kCallers + "/dev/main.tf:2"), related.end());
  EXPECT_NE(std::find(related.begin(), related.end(), kCallers + "/production/main.tf:3"),
            related.end());
  EXPECT_EQ(related.size(), 2u);
  // What one caller wrote stays that caller's own finding, with nothing merged into it.
  std::vector<const Finding*> own = findings_at(a, kCallers + "/production/main.tf", 6, "RF101");
  ASSERT_EQ(own.size(), 1u);
  EXPECT_TRUE(own.front()->related.empty() ||
              own.front()->related.front().message.find("instantiated") == std::string::npos);
}

TEST(ModuleInstances, TheReportListsLookAlikeInstancesOnce) {
  const Analysis a = analysis_of(kCallers);
  const PlacementReport report =
      build_placement_report(*a.graph, Config{}, a.findings, all_rules());
  size_t exports = 0;
  for (const PlacedWorkload& w : report.workloads) {
    if (w.id.name != "module.app.aws_lambda_function.export") continue;
    ++exports;
    EXPECT_EQ(w.instances, (std::vector<std::string>{"dev", "production"}));
    EXPECT_EQ(placement_instances(w), "dev, production");
  }
  EXPECT_EQ(exports, 1u);
  EXPECT_NE(format_placement_text(report).find("  instances: dev, production\n"),
            std::string::npos);
  EXPECT_NE(format_placement_json(report).find("\"instances\""), std::string::npos);
}

TEST(ModuleInstances, DifferentRootsOfOneModuleWithDifferentVerdictsStayApart) {
  const Analysis a = analysis_of(kCallers);
  const PlacementReport report =
      build_placement_report(*a.graph, Config{}, a.findings, all_rules());
  std::vector<const PlacedWorkload*> reports;
  for (const PlacedWorkload& w : report.workloads) {
    if (w.id.name == "module.app.aws_lambda_function.report") reports.push_back(&w);
  }
  // 300 s in dev, 1000 s (out of range) in production: two verdicts, two entries, or one
  // entry only if they agree.
  ASSERT_FALSE(reports.empty());
  if (reports.size() == 1) {
    EXPECT_EQ(reports.front()->instances.size(), 2u);
  } else {
    EXPECT_NE(reports[0]->id.scope, reports[1]->id.scope);
    EXPECT_TRUE(reports[0]->instances.empty());
  }
}

TEST(KubernetesLinks, ScalersAndIngressesLinkToTheNearestWorkloadAcrossFolders) {
  const Analysis a = analysis_of("fixtures/kubernetes");
  auto service = [&](const std::string& scope_end, const std::string& name) -> const Service* {
    for (const Service& s : a.graph->services) {
      if (s.id.name == name && s.id.scope.ends_with(scope_end)) return &s;
    }
    return nullptr;
  };
  const Service* ledger = service("kustomize_tree/base", "accounts/ledger");
  const Service* other = service("unscaled_ledger", "accounts/ledger");
  const Service* statement = service("kustomize_tree/base", "accounts/statement");
  const Service* payouts = service("kustomize_tree/base", "accounts/payouts");
  ASSERT_TRUE(ledger && other && statement && payouts);
  EXPECT_EQ(a.graph->scaling_targets_of(*ledger).size(), 1u);
  EXPECT_TRUE(a.graph->scaling_targets_of(*other).empty());
  ASSERT_EQ(a.graph->scaling_targets_of(*payouts).size(), 1u);
  EXPECT_EQ(a.graph->scaling_targets_of(*payouts).front()->kind, "ScaledObject");
  ASSERT_TRUE(statement->load_balancers.has_value());
  EXPECT_TRUE(statement->load_balancers->file.ends_with("ingress/statement.yaml"));
  ASSERT_TRUE(other->load_balancers.has_value());
  EXPECT_TRUE(other->load_balancers->file.ends_with("unscaled_ledger/ledger.yaml"));
}

TEST(KubernetesLinks, FargateProfileSelectorsResolveThroughTerraformReferences) {
  const Analysis a = analysis_of("fixtures/kubernetes/fargate_refs");
  std::vector<std::string> on_fargate, elsewhere;
  for (const ScheduledJob& j : a.graph->scheduled_jobs) {
    (j.launch_type.value == std::optional<std::string>("FARGATE") ? on_fargate : elsewhere)
        .push_back(j.pod->pod_namespace);
  }
  std::sort(on_fargate.begin(), on_fargate.end());
  EXPECT_EQ(on_fargate, (std::vector<std::string>{"audit-jobs", "cleanup-jobs", "export-jobs",
                                                  "ledger-jobs", "nightly-jobs"}));
  EXPECT_EQ(elsewhere, (std::vector<std::string>{"ec2-jobs"}));
  const PlacementReport report =
      build_placement_report(*a.graph, Config{}, a.findings, all_rules());
  for (const PlacedWorkload& w : report.workloads) {
    const bool fargate = w.id.name != "ec2-jobs/ec2-sweep";
    EXPECT_EQ(w.platform.find("Fargate") != std::string::npos, fargate) << w.id.name;
  }
}

// A resource's written argument is what Terraform echoes as its attribute; what is not
// written (computed attributes), or differs by instance, stays unknown with its reference.
TEST(TerraformReferences, AResourceArgumentIsItsWrittenValue) {
  const std::string text = R"(
resource "kubernetes_namespace" "jobs" {
  metadata {
    name = "nightly"
  }
}
resource "aws_sqs_queue" "q" {
  count = 2
  name  = "q-${count.index}"
}
resource "aws_sqs_queue" "a" {
  name = aws_sqs_queue.b.name
}
resource "aws_sqs_queue" "b" {
  name = aws_sqs_queue.a.name
}
locals {
  ns    = kubernetes_namespace.jobs.metadata[0].name
  uid   = kubernetes_namespace.jobs.metadata[0].uid
  qname = aws_sqs_queue.q[0].name
  loop  = aws_sqs_queue.a.name
}
)";
  const std::string dir = "/nonexistent-rightfit-refs";
  tf::ModuleLibrary library;
  library.add(tf::parse_terraform_text(dir + "/main.tf", text));
  const tf::ModuleSource* source = library.load(dir);
  ASSERT_NE(source, nullptr);
  tf::ModuleInstance m(library, *source, "", {}, 0);
  const tf::Value ns = m.local("ns");
  EXPECT_EQ(ns.as_string(), std::optional<std::string>("nightly"));
  ASSERT_FALSE(ns.refs.empty());
  EXPECT_EQ(ns.refs.back().address, "kubernetes_namespace.jobs");
  EXPECT_FALSE(m.local("uid").known());
  EXPECT_FALSE(m.local("qname").known());
  EXPECT_FALSE(m.local("loop").known());
}

}  // namespace
}  // namespace rightfit
