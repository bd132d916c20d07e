// Kubernetes manifests: multi-document YAML with positions, quantities, the Fargate size EKS
// gives a pod, cron schedules, the facts of each kind, the links to Fargate profiles,
// Services and scalers, and the figures of RF401/RF406 on the fixtures (prices of rules.md:
// Fargate x86 $0.04048/vCPU-h + $0.004445/GB-h, Lambda $0.0000166667/GB-s + $0.20/M, 730 h).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "analyzer/config.h"
#include "analyzer/cost/cost_model.h"
#include "analyzer/kubernetes_links.h"
#include "analyzer/wildcard.h"
#include "analyzer/workload_graph.h"
#include "driver/engine.h"
#include "parsers/document/document.h"
#include "parsers/kubernetes/cron.h"
#include "parsers/kubernetes/manifest_parser.h"
#include "parsers/kubernetes/quantities.h"

namespace rightfit {
namespace {

constexpr double kCent = 0.005;

TEST(KubernetesQuantities, Cpu) {
  EXPECT_DOUBLE_EQ(*k8s::parse_cpu_quantity("500m"), 0.5);
  EXPECT_DOUBLE_EQ(*k8s::parse_cpu_quantity("1.5"), 1.5);
  EXPECT_DOUBLE_EQ(*k8s::parse_cpu_quantity("2"), 2);
  EXPECT_DOUBLE_EQ(*k8s::parse_cpu_quantity("100m"), 0.1);
  EXPECT_DOUBLE_EQ(*k8s::parse_cpu_quantity("0.25"), 0.25);
  EXPECT_FALSE(k8s::parse_cpu_quantity("one").has_value());
  EXPECT_FALSE(k8s::parse_cpu_quantity("").has_value());
  EXPECT_FALSE(k8s::parse_cpu_quantity("5x").has_value());
  EXPECT_FALSE(k8s::parse_cpu_quantity("{{ .Values.cpu }}").has_value());
}

TEST(KubernetesQuantities, Memory) {
  EXPECT_DOUBLE_EQ(*k8s::parse_memory_quantity("512Mi"), 512);
  EXPECT_DOUBLE_EQ(*k8s::parse_memory_quantity("1Gi"), 1024);
  EXPECT_NEAR(*k8s::parse_memory_quantity("2G"), 2e9 / 1048576, 1e-9);  // 1907.35 MiB
  EXPECT_NEAR(*k8s::parse_memory_quantity("129e6"), 129e6 / 1048576, 1e-9);
  EXPECT_DOUBLE_EQ(*k8s::parse_memory_quantity("1073741824"), 1024);
  EXPECT_DOUBLE_EQ(*k8s::parse_memory_quantity("1024Ki"), 1);
  EXPECT_NEAR(*k8s::parse_memory_quantity("128M"), 128e6 / 1048576, 1e-9);
  EXPECT_DOUBLE_EQ(*k8s::parse_memory_quantity("1Ti"), 1024 * 1024);
  EXPECT_FALSE(k8s::parse_memory_quantity("1GB").has_value());  // not a Kubernetes suffix
  EXPECT_FALSE(k8s::parse_memory_quantity("-1Gi").has_value());
}

std::string size_of(double vcpu, double memory_mb) {
  std::optional<k8s::PodSize> s = k8s::fargate_pod_size({vcpu, memory_mb});
  if (!s) return "none";
  EXPECT_TRUE(is_valid_fargate_size(s->vcpu * 1024, s->memory_gb * 1024))
      << vcpu << " " << memory_mb;
  return format_quantity(s->vcpu) + "/" + format_quantity(s->memory_gb);
}

TEST(KubernetesQuantities, FargatePodSizeAddsTheComponentsAndRoundsUp) {
  EXPECT_EQ(size_of(0, 0), "0.25/0.5");       // no requests: the smallest size
  EXPECT_EQ(size_of(0.25, 256), "0.25/0.5");  // 256 + 256 = 512 MB
  EXPECT_EQ(size_of(0.25, 257), "0.25/1");    // 513 MB
  EXPECT_EQ(size_of(0.25, 512), "0.25/1");    // 768 MB
  EXPECT_EQ(size_of(0.25, 1024), "0.25/2");   // 1.25 GB: no 1.5 GB at 0.25 vCPU
  EXPECT_EQ(size_of(0.25, 2048), "0.5/3");    // 2.25 GB: above 0.25 vCPU's 2 GB
  EXPECT_EQ(size_of(0.5, 1024), "0.5/2");
  EXPECT_EQ(size_of(1, 2e9 / 1048576), "1/3");  // 1907 + 256 MB
  EXPECT_EQ(size_of(1, 8192), "2/9");           // the user guide's example: 8 GB + 256 MB
  EXPECT_EQ(size_of(1.5, 0), "2/4");
  EXPECT_EQ(size_of(4, 30 * 1024), "8/32");
  EXPECT_EQ(size_of(8, 17 * 1024), "8/20");    // 8 vCPU: 4 GB steps
  EXPECT_EQ(size_of(16, 120 * 1024), "none");  // 120 GB + 256 MB
  EXPECT_EQ(size_of(17, 0), "none");
}

double runs(const char* schedule) {
  std::string why;
  std::optional<double> r = k8s::cron_runs_per_month(schedule, 730, &why);
  EXPECT_TRUE(r.has_value()) << schedule << ": " << why;
  return r.value_or(-1);
}

TEST(KubernetesCron, RunsPerMonth) {
  const double days = 730.0 / 24;                      // 30.4167
  EXPECT_NEAR(runs("*/15 * * * *"), 96 * days, 1e-6);  // 2,920
  EXPECT_NEAR(runs("*/5 * * * *"), 8760, 1e-6);
  EXPECT_NEAR(runs("* * * * *"), 1440 * days, 1e-6);
  EXPECT_NEAR(runs("0 * * * *"), 730, 1e-6);
  EXPECT_NEAR(runs("@hourly"), 730, 1e-6);
  EXPECT_NEAR(runs("@daily"), days, 1e-6);
  EXPECT_NEAR(runs("@midnight"), days, 1e-6);
  EXPECT_NEAR(runs("30 2 * * *"), days, 1e-6);
  EXPECT_NEAR(runs("0 9,17 * * *"), 2 * days, 1e-6);
  EXPECT_NEAR(runs("0 9-17/2 * * *"), 5 * days, 1e-6);     // 9, 11, 13, 15, 17
  EXPECT_NEAR(runs("5/20 * * * *"), 3 * 24 * days, 1e-6);  // 5, 25, 45
  // Weekdays: 1,045 of the 1,461 days of 2024-2027 (2024-01-01 is a Monday).
  EXPECT_NEAR(runs("0 3 * * 1-5"), 1045.0 / 1461 * days, 1e-6);
  EXPECT_NEAR(runs("0 3 * * MON-FRI"), 1045.0 / 1461 * days, 1e-6);
  EXPECT_NEAR(runs("@weekly"), 208.0 / 1461 * days, 1e-6);  // 208 Sundays
  EXPECT_NEAR(runs("0 0 * * 7"), runs("0 0 * * 0"), 1e-9);
  EXPECT_NEAR(runs("@monthly"), 48.0 / 1461 * days, 1e-6);
  EXPECT_NEAR(runs("@yearly"), 4.0 / 1461 * days, 1e-6);
  EXPECT_NEAR(runs("0 0 1 JAN *"), 4.0 / 1461 * days, 1e-6);
  EXPECT_NEAR(runs("0 0 29 2 *"), 1.0 / 1461 * days, 1e-6);  // 2024 only
  // Both day fields restricted: either matches (the 1st of each month or any Monday: 48 + 209
  // Mondays - 9 firsts that are Mondays = 248 days).
  EXPECT_NEAR(runs("0 0 1 * 1"), 248.0 / 1461 * days, 1e-6);
  EXPECT_NEAR(runs("CRON_TZ=Europe/Paris 0 * * * *"), 730, 1e-6);
  EXPECT_NEAR(runs("@every 1h30m"), 730 / 1.5, 1e-6);
  EXPECT_NEAR(runs("@every 30s"), 730 * 120, 1e-6);
  std::string why;
  EXPECT_FALSE(k8s::cron_runs_per_month("* * * *", 730, &why));
  EXPECT_NE(why.find("5 fields"), std::string::npos) << why;
  EXPECT_FALSE(k8s::cron_runs_per_month("61 * * * *", 730, &why));
  EXPECT_NE(why.find("minute"), std::string::npos) << why;
  EXPECT_FALSE(k8s::cron_runs_per_month("@often", 730));
  EXPECT_FALSE(k8s::cron_runs_per_month("@every soon", 730));
  EXPECT_FALSE(k8s::cron_runs_per_month("", 730));
  EXPECT_FALSE(k8s::cron_runs_per_month("0 0 31-1 * *", 730));
}

TEST(KubernetesDocuments, EveryDocumentWithItsPositions) {
  const std::string text =
      "---\n"               // 1
      "a: 1\n"              // 2
      "---\n"               // 3
      "# only a comment\n"  // 4
      "---\n"               // 5
      "b:\n"                // 6
      "  c: &x 2\n"         // 7
      "  d: *x\n"           // 8
      "...\n"               // 9
      "---\n"               // 10
      "- e\n";              // 11
  doc::DocumentsResult r = doc::load_yaml_documents(text);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(r.documents.size(), 4u);
  EXPECT_EQ(r.documents[0].find("a")->span.begin.line, 2u);
  EXPECT_TRUE(r.documents[1].is_null());
  const doc::Node* c = r.documents[2].find("b")->find("c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->span.begin.line, 7u);
  EXPECT_EQ(r.documents[2].find("b")->find("d")->text, "2");
  ASSERT_TRUE(r.documents[3].is_sequence());
  EXPECT_EQ(r.documents[3].items[0].span.begin.line, 11u);
}

TEST(KubernetesDocuments, AnErrorInALaterDocumentKeepsTheEarlierOnes) {
  doc::DocumentsResult r = doc::load_yaml_documents("a: 1\n---\nb: [1\n");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.documents.size(), 1u);
  EXPECT_TRUE(doc::load_yaml_documents("a: 1\n").documents.size() == 1);
  EXPECT_TRUE(doc::load_yaml_documents("").documents.empty());
  // Anchors are local to their document.
  EXPECT_TRUE(doc::load_yaml_documents("a: &x 1\n---\nb: *x\n").error);
}

constexpr const char* kWorker =
    "apiVersion: apps/v1\n"                                              // 1
    "kind: Deployment\n"                                                 // 2
    "metadata:\n"                                                        // 3
    "  name: worker\n"                                                   // 4
    "  namespace: jobs\n"                                                // 5
    "spec:\n"                                                            // 6
    "  replicas: 3\n"                                                    // 7
    "  template:\n"                                                      // 8
    "    metadata:\n"                                                    // 9
    "      labels: {app: worker, tier: back}\n"                          // 10
    "    spec:\n"                                                        // 11
    "      initContainers:\n"                                            // 12
    "        - name: migrate\n"                                          // 13
    "          resources: {requests: {cpu: '1', memory: 256Mi}}\n"       // 14
    "      containers:\n"                                                // 15
    "        - name: a\n"                                                // 16
    "          resources: {requests: {cpu: 250m, memory: 512Mi}}\n"      // 17
    "          env:\n"                                                   // 18
    "            - name: JOBS\n"                                         // 19
    "              value: https://sqs.eu-west-1.amazonaws.com/1/jobs\n"  // 20
    "        - name: b\n"                                                // 21
    "          resources: {limits: {cpu: 250m, memory: 1Gi}}\n"          // 22
    "---\n"                                                              // 23
    "apiVersion: autoscaling/v2\n"                                       // 24
    "kind: HorizontalPodAutoscaler\n"                                    // 25
    "metadata: {name: worker, namespace: jobs}\n"                        // 26
    "spec:\n"                                                            // 27
    "  scaleTargetRef: {kind: Deployment, name: worker}\n"               // 28
    "  maxReplicas: 4\n"                                                 // 29
    "  metrics:\n"                                                       // 30
    "    - type: External\n"                                             // 31
    "      external:\n"                                                  // 32
    "        metric:\n"                                                  // 33
    "          name: ApproximateNumberOfMessagesVisible\n";              // 34

TEST(KubernetesManifests, DeploymentBecomesAServiceAndItsPod) {
  std::optional<FileFacts> f = k8s::parse_manifests("k/app.yaml", kWorker);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->services.size(), 1u);
  const Service& s = f->services[0];
  EXPECT_EQ(s.id, (EntityId{"k", "jobs/worker"}));
  EXPECT_EQ(s.kind, "Deployment");
  EXPECT_EQ(s.header.line(), 4u);
  EXPECT_EQ(s.desired_count.value, 3);
  EXPECT_EQ(s.desired_count.written->line(), 7u);
  ASSERT_TRUE(s.pod);
  EXPECT_EQ(s.pod->pod_namespace, "jobs");
  EXPECT_EQ(s.pod->labels, (Labels{{"app", "worker"}, {"tier", "back"}}));
  ASSERT_EQ(f->task_definitions.size(), 1u);
  const TaskDefinition& td = f->task_definitions[0];
  EXPECT_EQ(s.task_definition, td.id.name);
  // Regular: 0.5 vCPU, 1536 MiB (b's limits); init: 1 vCPU, 256 MiB. Max per resource:
  // 1 vCPU, 1536 + 256 MB = 1.75 GB -> 1 vCPU / 2 GB.
  EXPECT_EQ(td.cpu_units.value, 1024);
  EXPECT_EQ(td.memory_mb.value, 2048);
  ASSERT_EQ(td.queues.size(), 1u);
  EXPECT_EQ(td.queues[0].target, "jobs");
  EXPECT_EQ(td.queues[0].where.line(), 20u);
  ASSERT_EQ(f->scaling_targets.size(), 1u);
  const ScalingTarget& t = f->scaling_targets[0];
  EXPECT_EQ(t.kind, "HorizontalPodAutoscaler");
  EXPECT_EQ(t.service, "jobs/worker");
  EXPECT_EQ(t.min_capacity.value, 1);  // the default
  EXPECT_FALSE(t.min_capacity.is_written());
  EXPECT_EQ(t.max_capacity.value, 4);
  EXPECT_TRUE(t.has_policy);
  ASSERT_TRUE(t.queue_metric);
  EXPECT_EQ(t.queue_metric->line(), 34u);
}

TEST(KubernetesManifests, ScalersServicesIngressesAndCronJobs) {
  const std::string text =
      "apiVersion: keda.sh/v1alpha1\n"                                     // 1
      "kind: ScaledObject\n"                                               // 2
      "metadata: {name: s}\n"                                              // 3
      "spec:\n"                                                            // 4
      "  scaleTargetRef: {name: web}\n"                                    // 5
      "  triggers: [{type: cron, metadata: {}}, {type: aws-sqs-queue}]\n"  // 6
      "---\n"                                                              // 7
      "apiVersion: v1\n"                                                   // 8
      "kind: Service\n"                                                    // 9
      "metadata: {name: web}\n"                                            // 10
      "spec: {type: LoadBalancer, selector: {app: web}}\n"                 // 11
      "---\n"                                                              // 12
      "apiVersion: networking.k8s.io/v1\n"                                 // 13
      "kind: Ingress\n"                                                    // 14
      "metadata: {name: i, namespace: shop}\n"                             // 15
      "spec:\n"                                                            // 16
      "  defaultBackend: {service: {name: home}}\n"                        // 17
      "  rules: [{http: {paths: [{backend: {serviceName: old}}]}}]\n"      // 18
      "---\n"                                                              // 19
      "apiVersion: batch/v1\n"                                             // 20
      "kind: CronJob\n"                                                    // 21
      "metadata: {name: c}\n"                                              // 22
      "spec:\n"                                                            // 23
      "  schedule: '@hourly'\n"                                            // 24
      "  jobTemplate:\n"                                                   // 25
      "    spec:\n"                                                        // 26
      "      activeDeadlineSeconds: 60\n"                                  // 27
      "      template:\n"                                                  // 28
      "        spec: {containers: [{name: x, resources: {requests: {memory: 1Gi}}}]}\n"
      "---\n"
      "apiVersion: batch/v1\n"
      "kind: CronJob\n"
      "metadata: {name: paused}\n"
      "spec: {suspend: true, schedule: '* * * * *'}\n";
  std::optional<FileFacts> f = k8s::parse_manifests("m.yaml", text);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->scaling_targets.size(), 1u);
  const ScalingTarget& t = f->scaling_targets[0];
  EXPECT_EQ(t.kind, "ScaledObject");
  EXPECT_EQ(t.service, "default/web");
  EXPECT_EQ(t.min_capacity.value, 0);  // KEDA's default
  EXPECT_EQ(t.schedule->line(), 6u);
  EXPECT_EQ(t.queue_metric->line(), 6u);
  ASSERT_EQ(f->pod_services.size(), 1u);
  EXPECT_EQ(f->pod_services[0].service_type, "LoadBalancer");
  EXPECT_EQ(f->pod_services[0].selector, (Labels{{"app", "web"}}));
  ASSERT_EQ(f->ingress_backends.size(), 2u);
  EXPECT_EQ(f->ingress_backends[0].service, "home");
  EXPECT_EQ(f->ingress_backends[0].pod_namespace, "shop");
  EXPECT_EQ(f->ingress_backends[1].service, "old");
  EXPECT_EQ(f->ingress_backends[1].where.line(), 18u);
  ASSERT_EQ(f->scheduled_jobs.size(), 1u);  // the suspended one does not run
  const ScheduledJob& j = f->scheduled_jobs[0];
  EXPECT_EQ(j.schedule.value, "@hourly");
  EXPECT_EQ(j.max_duration_s.value, 60);
  EXPECT_EQ(j.max_duration_s.written->line(), 27u);
  EXPECT_EQ(j.requested_memory_mb.value, 1024);
  EXPECT_EQ(j.requested_vcpu.value, 0);
  EXPECT_EQ(j.cpu_units.value, 256);   // 0.25 vCPU
  EXPECT_EQ(j.memory_mb.value, 2048);  // 1.25 GB -> 2 GB
}

TEST(KubernetesManifests, JsonListsAndWhatIsNotAManifest) {
  const std::string list =
      "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
      "  {\"apiVersion\": \"apps/v1\", \"kind\": \"StatefulSet\",\n"
      "   \"metadata\": {\"name\": \"db\"},\n"
      "   \"spec\": {\"template\": {\"spec\": {\"containers\": []}}}}]}\n";
  std::optional<FileFacts> f = k8s::parse_manifests("list.json", list);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->services.size(), 1u);
  EXPECT_EQ(f->services[0].kind, "StatefulSet");
  EXPECT_EQ(f->services[0].header.line(), 3u);
  EXPECT_EQ(f->task_definitions[0].cpu_units.value, 256);  // no requests: 0.25 vCPU / 0.5 GB
  EXPECT_EQ(f->task_definitions[0].memory_mb.value, 512);

  EXPECT_FALSE(k8s::parse_manifests("a.yaml", "kind: pipeline\nsteps: []\n"));
  EXPECT_FALSE(k8s::parse_manifests("package.json", "{\"name\": \"x\"}"));
  EXPECT_FALSE(k8s::parse_manifests("a.yaml", "apiVersion: [broken\n"));  // no kind line
  // An unrendered Helm template is not parsed.
  EXPECT_FALSE(k8s::parse_manifests(
      "t.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Name }}\n  {{- x }}\n"));
  // A broken manifest: RF001 material.
  std::optional<FileFacts> broken =
      k8s::parse_manifests("b.yaml", "apiVersion: v1\nkind: Service\nmetadata: [oops\n");
  ASSERT_TRUE(broken.has_value());
  ASSERT_EQ(broken->parse_errors.size(), 1u);
  EXPECT_NE(broken->parse_errors[0].message.find("invalid YAML"), std::string::npos);
  // Unknown quantities leave the pod size unresolved, with the reason.
  std::optional<FileFacts> odd = k8s::parse_manifests(
      "o.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: o}\nspec:\n  template:\n"
      "    spec: {containers: [{name: a, resources: {requests: {cpu: lots}}}]}\n");
  ASSERT_TRUE(odd.has_value());
  EXPECT_FALSE(odd->task_definitions[0].cpu_units.value);
  EXPECT_NE(odd->task_definitions[0].cpu_units.unresolved.find("'lots'"), std::string::npos);
}

TEST(KubernetesManifests, EksctlFargateProfiles) {
  std::optional<FileFacts> f = k8s::parse_manifests("infra/cluster.yaml",
                                                    "apiVersion: eksctl.io/v1alpha5\n"      // 1
                                                    "kind: ClusterConfig\n"                 // 2
                                                    "metadata: {name: main}\n"              // 3
                                                    "fargateProfiles:\n"                    // 4
                                                    "  - name: fp\n"                        // 5
                                                    "    selectors:\n"                      // 6
                                                    "      - namespace: etl\n"              // 7
                                                    "      - namespace: 'team-*'\n"         // 8
                                                    "        labels: {fargate: 'yes'}\n");  // 9
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->fargate_profiles.size(), 1u);
  const FargateProfile& p = f->fargate_profiles[0];
  ASSERT_EQ(p.selectors.size(), 2u);
  EXPECT_EQ(p.selectors[0].pod_namespace, "etl");
  EXPECT_EQ(p.selectors[0].where.line(), 7u);
  EXPECT_EQ(p.selectors[1].labels, (Labels{{"fargate", "yes"}}));
}

TEST(KubernetesLinks, FargateProfileSelectors) {
  EXPECT_TRUE(wildcard_match("batch-*", "batch-reports"));
  EXPECT_TRUE(wildcard_match("queue-?", "queue-a"));
  EXPECT_FALSE(wildcard_match("queue-?", "queue-ab"));
  EXPECT_TRUE(wildcard_match("*", "default"));
  EXPECT_FALSE(wildcard_match("web", "webapp"));
  FargateProfile p;
  p.selectors.push_back({"prod-*", {{"app", "api"}}, {}});
  PodTemplate pod{"prod-eu", {{"app", "api"}, {"v", "2"}}, {}};
  EXPECT_NE(fargate_selector({p}, pod), nullptr);
  pod.labels = {{"app", "web"}};
  EXPECT_EQ(fargate_selector({p}, pod), nullptr);
  pod.labels = {{"app", "api"}};
  pod.pod_namespace = "default";
  EXPECT_EQ(fargate_selector({p}, pod), nullptr);
}

TEST(KubernetesLinks, AcrossFilesAndFormats) {
  std::optional<FileFacts> manifest = k8s::parse_manifests(
      "app/worker.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: jobs}\n"
      "spec:\n  template:\n    metadata: {labels: {app: w}}\n    spec: {containers: []}\n");
  std::optional<FileFacts> service =
      k8s::parse_manifests("app/svc.yaml",
                           "apiVersion: v1\nkind: Service\nmetadata: {name: w, namespace: jobs}\n"
                           "spec: {selector: {app: w}}\n");
  // Another application of the tree with the same names: its LoadBalancer Service selects
  // its own (nearer) workload, not app/'s. Links cross folders only to the nearest match.
  std::optional<FileFacts> elsewhere =
      k8s::parse_manifests("other/svc.yaml",
                           "apiVersion: v1\nkind: Service\nmetadata: {name: w, namespace: jobs}\n"
                           "spec: {type: LoadBalancer, selector: {app: w}}\n");
  std::optional<FileFacts> other_workload = k8s::parse_manifests(
      "other/worker.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: jobs}\n"
      "spec:\n  template:\n    metadata: {labels: {app: w}}\n    spec: {containers: []}\n");
  ASSERT_TRUE(manifest && service && elsewhere && other_workload);
  FileFacts profiles;
  profiles.file = "infra/eks.tf";
  FargateProfile p;
  p.selectors.push_back({"jobs", {}, SourceRange{"infra/eks.tf", Span{{7, 3}, {7, 11}}}});
  profiles.fargate_profiles.push_back(p);
  WorkloadGraph g =
      WorkloadGraph::link({*manifest, *service, *elsewhere, *other_workload, profiles});
  ASSERT_EQ(g.services.size(), 2u);
  const Service& s = g.services[0];
  ASSERT_EQ(s.id.scope, "app");
  ASSERT_TRUE(g.services[1].load_balancers);
  EXPECT_EQ(g.services[1].load_balancers->file, "other/svc.yaml");
  EXPECT_EQ(s.launch_type.value, "FARGATE");
  EXPECT_EQ(s.launch_type.written->file, "infra/eks.tf");
  EXPECT_FALSE(s.load_balancers);    // the LoadBalancer Service is the other application's
  ASSERT_TRUE(s.service_discovery);  // the ClusterIP Service serves it inside the cluster
  EXPECT_EQ(s.service_discovery->file, "app/svc.yaml");
  EXPECT_EQ(terms_of(s).noun, "Deployment");

  WorkloadGraph ec2 = WorkloadGraph::link({*manifest});
  EXPECT_EQ(ec2.services[0].launch_type.value, "EC2");
  WorkloadCost cost = estimate_service_cost(ec2, ec2.services[0], Config{});
  EXPECT_FALSE(cost.priced());
  EXPECT_EQ(cost.platform, Platform::EksOnEc2);
  EXPECT_STREQ(platform_name(cost.platform), "EKS on EC2");
  EXPECT_NE(cost.unpriced.find("no EKS Fargate profile"), std::string::npos) << cost.unpriced;
}

// The fixtures of fixtures/kubernetes, analysed as a whole.
class KubernetesFixtures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    analysis_ = new Analysis(
        analyze(AnalysisRequest{{"fixtures/kubernetes"}, "fixtures/kubernetes", Config{}, 2, {}}));
  }
  static void TearDownTestSuite() { delete analysis_; }
  static const Finding* find(const std::string& rule, const std::string& subject) {
    for (const Finding& f : analysis_->findings) {
      if (f.rule_id == rule && f.subject && f.subject->name == subject) return &f;
    }
    return nullptr;
  }
  static Analysis* analysis_;
};
Analysis* KubernetesFixtures::analysis_ = nullptr;

TEST_F(KubernetesFixtures, AlwaysOnQueueWorkerIsPricedLikeAnEcsTask) {
  // 250m + 512Mi + 256 MB -> 0.25 vCPU / 1 GB: (0.25 x 0.04048 + 1 x 0.004445) x 730
  // = 10.63245 a pod, 2 pods = 21.2649.
  const Finding* f = find("RF401", "workers/orders-worker");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(f->properties.at("alwaysOnMonthlyUsd"), 21.2649, kCent);
  EXPECT_NE(f->message.find("Deployment 'workers/orders-worker' keeps 2 x 0.25 vCPU/1 GB "
                            "Fargate pods running around the clock (bursty work: it consumes "
                            "queue 'orders'"),
            std::string::npos)
      << f->message;
  EXPECT_NE(f->message.find("KEDA ScaledObject with minReplicaCount 0"), std::string::npos);
  // The same task on ECS costs the same and breaks even at the same load.
  Service ecs;
  ecs.id = {"t", "Worker"};
  ecs.launch_type.value = "FARGATE";
  ecs.desired_count.value = 2;
  ecs.desired_count.written = SourceRange{};
  ecs.task_definition = "Task";
  TaskDefinition td;
  td.id = {"t", "Task"};
  td.cpu_units.value = 256;
  td.memory_mb.value = 1024;
  FileFacts facts;
  facts.services.push_back(ecs);
  facts.task_definitions.push_back(td);
  WorkloadGraph g = WorkloadGraph::link({facts});
  WorkloadCost cost = estimate_service_cost(g, g.services[0], Config{});
  EXPECT_DOUBLE_EQ(*cost.current_monthly, f->properties.at("alwaysOnMonthlyUsd"));
  EXPECT_DOUBLE_EQ(*cost.break_even, f->properties.at("breakEvenRequestsPerMonth"));
}

TEST_F(KubernetesFixtures, DepthScaledWorkerOnTheCloudFormationProfile) {
  // 1 vCPU / 3 GB: (0.04048 + 3 x 0.004445) x 730 = 39.2886 a pod, 1 pod (no replicas).
  const Finding* f = find("RF401", "queue-a/depth-worker");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(f->properties.at("alwaysOnMonthlyUsd"), 39.2886, kCent);
  EXPECT_NE(f->message.find("scales on queue depth but never below 1 pod"), std::string::npos)
      << f->message;
  bool profile = std::any_of(f->related.begin(), f->related.end(), [](const RelatedLocation& r) {
    return r.where.file.ends_with("fargate_profiles.yaml");
  });
  EXPECT_TRUE(profile);
}

TEST_F(KubernetesFixtures, CronJobCostsOnBothSides) {
  // queue-sweeper: 8,760 runs of 30 s; pod 0.25 vCPU / 0.5 GB billed 60 s a run:
  // 8760 x 60 / 3600 x (0.01012 + 0.0022225) = 146 x 0.0123425 = 1.802; Lambda
  // max(128, 0.1 x 1769 = 176.9 -> 177) MB: 8760 x (177/1024 x 30 x 0.0000166667 + 0.0000002)
  // = 8760 x 0.00008662 = 0.7588.
  const Finding* f = find("RF406", "batch-jobs/queue-sweeper");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(f->properties.at("runsPerMonth"), 8760, 1e-6);
  EXPECT_NEAR(f->properties.at("fargateMonthlyUsd"), 1.802005, kCent);
  EXPECT_NEAR(f->properties.at("lambdaMonthlyUsd"), 0.7588, kCent);
  // 177 MB x $0.0000166667/GB-s = $0.00000288/s < the pod's $0.00000343/s: cheaper at any length.
  EXPECT_EQ(f->properties.count("breakEvenRunSeconds"), 0u);
  EXPECT_NE(f->message.find("The Lambda costs less at any run length"), std::string::npos);
  EXPECT_NE(f->message.find("$1.80/month; as a Lambda with 177 MB: $0.76/month"), std::string::npos)
      << f->message;
  // usage-report: 2,920 runs of 300 s on 0.5 vCPU / 2 GB: 2920 x 300/3600 x 0.02913 = 7.0883;
  // Lambda 1024 MB: 2920 x (300 x 0.0000166667 + 0.0000002) = 14.6006; Lambda is cheaper
  // only below (60 x 0.02913/3600 - 0.0000002) / 0.0000166667 = 29.118 s a run.
  const Finding* g = find("RF406", "batch-reports/usage-report");
  ASSERT_NE(g, nullptr);
  EXPECT_NEAR(g->properties.at("fargateMonthlyUsd"), 7.0883, kCent);
  EXPECT_NEAR(g->properties.at("lambdaMonthlyUsd"), 14.6006, kCent);
  EXPECT_NEAR(g->properties.at("breakEvenRunSeconds"), 29.118, 0.001);
  EXPECT_NE(g->message.find("runs under 29 s"), std::string::npos) << g->message;
}

TEST_F(KubernetesFixtures, SuppressionCommentsApply) {
  bool suppressed = false;
  for (const Finding& f : analysis_->findings) {
    if (f.rule_id == "RF405" && f.subject && f.subject->name == "web/checkout")
      suppressed = f.suppression.has_value();
  }
  EXPECT_TRUE(suppressed);
}

}  // namespace
}  // namespace rightfit
