// How linking the workload graph grows with the workspace (issue 23): a synthetic workspace of
// N applications, generated here, linked by WorkloadGraph::link at each size given.
// Each application is what the real ones in the corpus hold, in facts (no parsing):
//   - a SAM template with a Python function (CodeUri src/, Handler app.handler) built from
//     the application's Dockerfile, and an ECS service whose task definition runs a CDK image
//     asset of that Dockerfile;
//   - the function's code: the handler the setting names, a helper it calls, and a second
//     module with a handler by convention only (the linker must demote it);
//   - a Kubernetes Deployment, the Service that selects its pods, an Ingress backend naming
//     that Service and the HPA that scales the Deployment.
// Prints one JSON line per size: {"workloads":N,"median_us":...,"ratio":...}, the ratio being
// the median over that of the previous size (2.0 per doubling is linear).
//
//   rightfit_link_scaling [--rounds R] N [N...]
// With `--rounds 1` under `valgrind --tool=callgrind --toggle-collect='*WorkloadGraph::link*'`
// the instruction count of one link at one size.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analyzer/workload_graph.h"
#include "parsers/frontends.h"

namespace {

using rightfit::FileFacts;

rightfit::SourceRange at(const std::string& file, uint32_t line) {
  rightfit::SourceRange r;
  r.file = file;
  r.span.begin.line = line;
  r.span.begin.column = 1;
  r.span.end = r.span.begin;
  return r;
}

FileFacts template_of(const std::string& app, size_t k) {
  FileFacts t;
  t.file = app + "/template.yaml";
  rightfit::Function fn;
  fn.id = {t.file, "Fn" + std::to_string(k)};
  fn.type = "AWS::Serverless::Function";
  fn.header = at(t.file, 3);
  fn.code_dir = app + "/src";
  fn.handler = {"app.handler", at(t.file, 6), {}};
  fn.timeout_s = {30.0, at(t.file, 7), {}};
  fn.dockerfile = {app + "/./Dockerfile", at(t.file, 9), {}};
  t.functions.push_back(fn);
  rightfit::Queue q;
  q.id = {t.file, "Queue" + std::to_string(k)};
  q.header = at(t.file, 12);
  t.queues.push_back(q);
  t.triggers.push_back({t.file, "SQS", fn.id.name, q.id.name, at(t.file, 10)});
  return t;
}

FileFacts cdk_template_of(const std::string& app, size_t k) {
  FileFacts t;
  t.file = app + "/cdk.out/Stack.template.json";
  rightfit::TaskDefinition td;
  td.id = {t.file, "Task" + std::to_string(k)};
  td.header = at(t.file, 2);
  td.image_asset = {"asset" + std::to_string(k), at(t.file, 4), {}};
  t.task_definitions.push_back(td);
  rightfit::Service s;
  s.id = {t.file, "Service" + std::to_string(k)};
  s.header = at(t.file, 20);
  s.task_definition = td.id.name;
  t.services.push_back(s);
  t.image_assets.push_back(
      {app + "/cdk.out", "asset" + std::to_string(k), app + "/Dockerfile", at(t.file, 1)});
  return t;
}

FileFacts dockerfile_of(const std::string& app) {
  FileFacts d;
  d.file = app + "/Dockerfile";
  rightfit::Image image;
  image.dockerfile = d.file;
  d.images.push_back(image);
  return d;
}

rightfit::CodeFunction python_function(const std::string& file, const std::string& usr,
                                       bool handler_by_convention) {
  rightfit::CodeFunction c;
  c.usr = usr;
  c.name = usr.substr(usr.rfind('.') + 1);
  c.where = at(file, 1);
  c.is_handler = handler_by_convention;
  c.language = "python";
  return c;
}

std::vector<FileFacts> code_of(const std::string& app) {
  const std::vector<std::string> named = rightfit::handler_usrs(app + "/src", "app.handler");
  const std::string usr = named.empty() ? app + "/src/app.py:handler" : named.front();
  FileFacts main_module;
  main_module.file = app + "/src/app.py";
  rightfit::CodeFunction handler = python_function(main_module.file, usr, true);
  handler.calls.push_back(usr + "_helper");
  main_module.code_functions.push_back(handler);
  main_module.code_functions.push_back(python_function(main_module.file, usr + "_helper", false));
  FileFacts other;
  other.file = app + "/src/tools/legacy.py";
  other.code_functions.push_back(python_function(other.file, app + "/legacy:handler", true));
  return {main_module, other};
}

FileFacts manifest_of(const std::string& app, size_t k) {
  FileFacts m;
  m.file = app + "/k8s/deploy.yaml";
  const std::string name = "web" + std::to_string(k);
  rightfit::Service d;
  d.id = {m.file, name};
  d.kind = "Deployment";
  d.header = at(m.file, 1);
  d.desired_count = {2.0, at(m.file, 6), {}};
  d.pod = rightfit::PodTemplate{"default", {{"app", name}}, at(m.file, 8)};
  m.services.push_back(d);
  rightfit::PodService ps;
  ps.id = {m.file, name + "-svc"};
  ps.name = name;
  ps.pod_namespace = "default";
  ps.selector = {{"app", name}};
  ps.service_type = "ClusterIP";
  ps.header = at(m.file, 20);
  m.pod_services.push_back(ps);
  m.ingress_backends.push_back({m.file, "default", ps.name, at(m.file, 40)});
  rightfit::ScalingTarget hpa;
  hpa.id = {m.file, name + "-hpa"};
  hpa.kind = "HorizontalPodAutoscaler";
  hpa.service = name;
  hpa.header = at(m.file, 30);
  m.scaling_targets.push_back(hpa);
  return m;
}

std::vector<FileFacts> workspace(size_t applications) {
  std::vector<FileFacts> files;
  for (size_t k = 0; k < applications; ++k) {
    const std::string app = "ws/app" + std::to_string(k);
    files.push_back(template_of(app, k));
    files.push_back(cdk_template_of(app, k));
    files.push_back(dockerfile_of(app));
    for (FileFacts& f : code_of(app)) files.push_back(std::move(f));
    files.push_back(manifest_of(app, k));
  }
  return files;
}

// Median microseconds of `rounds` links of the workspace (built outside the timing).
double median_link_us(size_t applications, int rounds) {
  std::vector<double> us;
  size_t linked = 0;
  for (int r = 0; r < rounds; ++r) {
    std::vector<FileFacts> files = workspace(applications);
    const auto start = std::chrono::steady_clock::now();
    rightfit::WorkloadGraph g = rightfit::WorkloadGraph::link(std::move(files));
    const auto stop = std::chrono::steady_clock::now();
    linked = g.functions.size() + g.services.size();
    us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
  }
  if (linked != 3 * applications) std::fprintf(stderr, "unexpected workload count %zu\n", linked);
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      sizes.push_back(static_cast<size_t>(std::strtoull(argv[i], nullptr, 10)));
    }
  }
  if (sizes.empty()) {
    std::fprintf(stderr, "usage: rightfit_link_scaling [--rounds R] N [N...]\n");
    return 2;
  }
  double previous = 0;
  for (size_t n : sizes) {
    const double us = median_link_us(n, rounds);
    std::printf("{\"workloads\":%zu,\"median_us\":%.1f,\"ratio\":%.2f}\n", 3 * n, us,
                previous > 0 ? us / previous : 0.0);
    previous = us;
  }
  return 0;
}
