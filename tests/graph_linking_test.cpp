// The graph's links looked up by normalised path and name (issue 23): which functions a
// handler's file is deployed as, which Dockerfile a function or a CDK service is built from,
// and which Kubernetes workloads a Service selects and an HPA scales. Facts are built here,
// with no parsing, so each case names exactly the paths it is about.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/workload_graph.h"

namespace rightfit {
namespace {

SourceRange at(const std::string& file, uint32_t line) {
  SourceRange r;
  r.file = file;
  r.span.begin.line = line;
  r.span.begin.column = 1;
  r.span.end = r.span.begin;
  return r;
}

FileFacts template_with(const std::string& file, const std::vector<std::string>& code_dirs) {
  FileFacts t;
  t.file = file;
  for (size_t i = 0; i < code_dirs.size(); ++i) {
    Function fn;
    fn.id = {file, "Fn" + std::to_string(i)};
    fn.header = at(file, static_cast<uint32_t>(i + 1));
    fn.code_dir = code_dirs[i];
    t.functions.push_back(fn);
  }
  return t;
}

FileFacts handler_in(const std::string& file) {
  FileFacts code;
  code.file = file;
  CodeFunction c;
  c.usr = file + ":handler";
  c.name = "handler";
  c.where = at(file, 1);
  c.is_handler = true;
  c.language = "c++";
  code.code_functions.push_back(c);
  return code;
}

std::vector<std::string> running(const WorkloadGraph& g, const std::string& file) {
  std::vector<std::string> names;
  for (const CodeFunction& c : g.code_functions) {
    if (c.where.file != file || !c.is_handler) continue;
    for (const Function* f : g.functions_running(c)) names.push_back(f->id.name);
  }
  return names;
}

TEST(GraphLinking, TheClosestCodeDirectoryWinsAndTiesKeepEveryFunction) {
  std::vector<FileFacts> files{
      template_with("t.yaml", {"src", "src/./orders/", "./src/orders", "src/orders/../orders",
                               "src/ord", "other"}),
      handler_in("src/orders/main.cpp"), handler_in("src/billing/main.cpp")};
  const WorkloadGraph g = WorkloadGraph::link(std::move(files));
  // "src/./orders/" normalises to "src/orders/", which holds nothing (a trailing separator);
  // the other two spellings of src/orders tie and both run the handler, in template order.
  EXPECT_EQ(running(g, "src/orders/main.cpp"), (std::vector<std::string>{"Fn2", "Fn3"}));
  // "src/ord" is a prefix of the text, not a directory of the path.
  EXPECT_EQ(running(g, "src/billing/main.cpp"), (std::vector<std::string>{"Fn0"}));
}

TEST(GraphLinking, TheRepositoryRootHoldsEveryFileAndTiesWithAOneLetterDirectory) {
  std::vector<FileFacts> files{template_with("t.yaml", {"a", ".", "b"}), handler_in("a/main.cpp"),
                               handler_in("c/main.cpp")};
  const WorkloadGraph g = WorkloadGraph::link(std::move(files));
  // Closeness is the length of the directory's path: "a" and "." are both one character.
  EXPECT_EQ(running(g, "a/main.cpp"), (std::vector<std::string>{"Fn0", "Fn1"}));
  EXPECT_EQ(running(g, "c/main.cpp"), (std::vector<std::string>{"Fn1"}));
}

TEST(GraphLinking, ConfiguredHandlerLinksComeFirst) {
  std::vector<FileFacts> files{template_with("t.yaml", {"src", "other"}),
                               handler_in("src/main.cpp")};
  LinkHints hints;
  hints.root = ".";
  hints.handlers["Fn1"] = "src/./main.cpp";
  const WorkloadGraph g = WorkloadGraph::link(std::move(files), hints);
  EXPECT_EQ(running(g, "src/main.cpp"), (std::vector<std::string>{"Fn1"}));
}

TEST(GraphLinking, DeploymentCopiesAreHandlersOnlyWhereAFunctionDeploysThem) {
  std::vector<FileFacts> files{template_with("t.yaml", {"cdk.out/.cdk.staging/app"}),
                               handler_in("cdk.out/.cdk.staging/app/main.cpp"),
                               handler_in("cdk.out/.cdk.staging/stale/main.cpp")};
  const WorkloadGraph g = WorkloadGraph::link(std::move(files));
  EXPECT_EQ(running(g, "cdk.out/.cdk.staging/app/main.cpp"), (std::vector<std::string>{"Fn0"}));
  for (const CodeFunction& c : g.code_functions) {
    if (c.where.file == "cdk.out/.cdk.staging/stale/main.cpp") {
      EXPECT_FALSE(c.is_handler);
    }
  }
}

TEST(GraphLinking, DockerfilesAndImageAssetsAreFoundByNormalisedPath) {
  FileFacts t = template_with("app/template.yaml", {});
  Function fn;
  fn.id = {t.file, "Fn"};
  fn.header = at(t.file, 3);
  fn.dockerfile = {"app/./docker/../Dockerfile", at(t.file, 5), {}, {}};
  t.functions.push_back(fn);
  Function missing = fn;
  missing.id.name = "Missing";
  missing.dockerfile = {"app/Nowhere", at(t.file, 9), {}, {}};
  t.functions.push_back(missing);
  FileFacts cdk;
  cdk.file = "app/cdk.out/Stack.template.json";
  TaskDefinition td;
  td.id = {cdk.file, "Task"};
  td.image_asset = {"abc", at(cdk.file, 4), {}, {}};
  cdk.task_definitions.push_back(td);
  Service s;
  s.id = {cdk.file, "Service"};
  s.task_definition = "Task";
  cdk.services.push_back(s);
  cdk.image_assets.push_back({"app/./cdk.out", "abc", "app/Dockerfile", at(cdk.file, 1)});
  cdk.image_assets.push_back({"elsewhere/cdk.out", "abc", "app/Dockerfile", at(cdk.file, 1)});
  FileFacts docker;
  docker.file = "app/Dockerfile";
  docker.images.push_back(Image{"app/Dockerfile", {}, 0, {}, {}});
  const WorkloadGraph g = WorkloadGraph::link({t, cdk, docker});
  ASSERT_NE(g.image_of(EntityId{t.file, "Fn"}), nullptr);
  EXPECT_EQ(g.image_of(EntityId{t.file, "Missing"}), nullptr);
  ASSERT_EQ(g.missing_images.size(), 1u);
  EXPECT_EQ(g.missing_images[0].first.name, "Missing");
  // The asset of the service's own assembly, once (the other assembly's asset is not its).
  EXPECT_EQ(g.links_to(g.images[0]).size(), 2u);
}

TEST(GraphLinking, KubernetesServicesSelectByEveryLabelAndScalersByName) {
  FileFacts m;
  m.file = "k8s/app.yaml";
  auto workload = [&](const std::string& name, const Labels& labels) {
    Service d;
    d.id = {m.file, name};
    d.kind = "Deployment";
    d.pod = PodTemplate{"default", labels, at(m.file, 1)};
    m.services.push_back(d);
  };
  workload("web", {{"app", "shop"}, {"tier", "web"}});
  workload("worker", {{"app", "shop"}, {"tier", "worker"}});
  PodService ps;
  ps.id = {m.file, "web-svc"};
  ps.name = "web-svc";
  ps.pod_namespace = "default";
  ps.selector = {{"app", "shop"}, {"tier", "web"}};
  ps.service_type = "ClusterIP";
  ps.header = at(m.file, 20);
  m.pod_services.push_back(ps);
  m.ingress_backends.push_back({m.file, "default", "web-svc", at(m.file, 30)});
  ScalingTarget hpa;
  hpa.id = {m.file, "worker-hpa"};
  hpa.kind = "HorizontalPodAutoscaler";
  hpa.service = "worker";
  m.scaling_targets.push_back(hpa);
  const WorkloadGraph g = WorkloadGraph::link({m});
  ASSERT_EQ(g.services.size(), 2u);
  ASSERT_TRUE(g.services[0].load_balancers.has_value());
  EXPECT_EQ(g.services[0].load_balancers->line(), 30u);  // the Ingress backend fronts it
  EXPECT_FALSE(g.services[1].load_balancers.has_value());
  EXPECT_EQ(g.scaling_targets_of(g.services[1]).size(), 1u);
  EXPECT_TRUE(g.scaling_targets_of(g.services[0]).empty());
}

}  // namespace
}  // namespace rightfit
