// What a parser learned from one file (or one Terraform module), in format-neutral terms.
// References between facts use the local name of the target within the same scope
// (a CloudFormation template, a Terraform module); the analyzer's linker joins them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit {

// Identifies a resource: `scope` is the template path or Terraform module directory,
// `name` the logical ID or Terraform address.
struct EntityId {
  std::string scope;
  std::string name;

  friend bool operator==(const EntityId&, const EntityId&) = default;
  friend auto operator<=>(const EntityId&, const EntityId&) = default;
};

// Where a fix writes a property's new value, in its file's own syntax: the text at `range`
// becomes `before` + the new value + `after`. `range` is the value's literal as written (quotes
// included; `before`/`after` then repeat the quotes), or, for an absent property, an empty range
// where the front-end would write it (`before` then holds the key and indentation).
struct ValueSlot {
  SourceRange range;
  std::string before;
  std::string after;
};

// Where a fix adds whole new blocks to a fact's file (resources beside a service, a document
// after a manifest's), in the file's own syntax: parsers/new_blocks.h renders them at `at`, an
// empty range, as `lead` + the blocks + `trail`.
struct BlockSlot {
  enum class Syntax : unsigned char { Yaml, Json, Hcl, YamlDocument };
  SourceRange at;
  Syntax syntax = Syntax::Yaml;
  std::string indent;  // of each new entry's key (YAML, JSON); HCL blocks start their line
  std::string step;    // one level deeper, as the file indents
  std::string lead;    // before the blocks: a newline the file's last line lacks
  std::string trail;   // after them
};

// A property as written. Three states: absent (a default applies; `value` may carry the
// format's own default where it differs from AWS's), written with a value known statically,
// written but not statically known (`unresolved` says why).
template <class T>
struct Property {
  std::optional<T> value;
  std::optional<SourceRange> written;  // the property's key line
  std::string unresolved;
  // Where a fix changes it; absent when the value is not a literal written in place (a
  // reference, a variable, a value inherited through a module input) or when the front-end
  // cannot place a new one.
  std::optional<ValueSlot> slot;

  bool is_written() const { return written.has_value(); }
  bool is_unresolved() const { return !unresolved.empty(); }
};

// What a resource's deployment depends on, as written: a CloudFormation `Condition: IsProd`
// (`text` the condition's name), a Terraform `count` or `for_each` (`text` the expression).
struct DeployCondition {
  std::string kind;  // "Condition" | "count" | "for_each"
  std::string text;
  SourceRange where;
};

// Common to every resource fact.
struct ResourceFact {
  EntityId id;
  std::string type;        // e.g. "AWS::Lambda::Function", "aws_lambda_function"
  SourceRange header;      // logical ID key / `resource "t" "n" {` line
  uint32_t last_line = 0;  // last line of the resource's definition
  // Set where the resource is deployed only under a condition (Function and Service facts).
  std::optional<DeployCondition> condition = std::nullopt;
};

// A reference from a property to another resource of the same scope.
struct Reference {
  std::string target;  // local name
  SourceRange where;
};

struct Function : ResourceFact {
  Property<double> timeout_s;
  Property<double> memory_mb;
  Property<std::string> architecture;  // "x86_64" | "arm64"
  Property<std::string> package_type;  // "Zip" | "Image"
  Property<double> reserved_concurrency;
  Property<double> provisioned_concurrency;
  Property<std::string> code_uri;  // SAM CodeUri / Terraform source_path
  // `code_uri` as a path of the analysed tree ("src/orders"), where it names a local one.
  std::optional<std::string> code_dir;
  Property<std::string> dockerfile;      // the Dockerfile that builds its image (path as shown)
  Property<std::string> docker_context;  // SAM Metadata.DockerContext
  // Where a durable execution is configured (DurableConfig / durable_config): the function
  // checkpoints and resumes across invocations, so its work is not bounded by one Timeout.
  std::optional<SourceRange> durable;
  // Where Lambda Managed Instances are configured (CapacityProviderConfig /
  // capacity_provider_config): the function runs on a capacity provider's EC2 instances.
  std::optional<SourceRange> capacity_provider;
  // Requests one execution environment serves at once, as written
  // (PerExecutionEnvironmentMaxConcurrency); absent: 1 on classic Lambda, the runtime's own
  // default (above 1) on Managed Instances.
  Property<double> requests_per_environment;
  std::vector<Reference> references;  // every resource its properties reference
  // The entry point as written (SAM/CloudFormation `Handler`, Terraform `handler`), e.g.
  // "app.lambda_handler": for a Python function, module app.py of `code_dir`.
  Property<std::string> handler;
  // The name AWS knows it by (CloudWatch's FunctionName dimension): FunctionName /
  // function_name, or the name a framework gives it (Serverless: <service>-<stage>-<function>).
  Property<std::string> physical_name;
};

// Something that invokes a function: a SAM event or an event source mapping.
struct Trigger {
  std::string scope;                  // where `function` and `source` are named
  std::string kind;                   // "SQS", "Kinesis", "DynamoDB", "Schedule", "S3", ...
  std::string function;               // local name of the invoked function
  std::optional<std::string> source;  // local name of the queue/stream, when in scope
  SourceRange where;                  // the event's key / the mapping's header
  // How long the event source gathers records before invoking (MaximumBatchingWindowInSeconds;
  // absent: 0 for SQS and streams).
  Property<double> batching_window_s;
  // A "Schedule" trigger's expression, `rate(...)` or `cron(...)` (parsers/aws_schedule.h), as
  // written; the cost model counts its runs. A disabled schedule (SAM `Enabled: false`,
  // `State: DISABLED`, Serverless `enabled: false`) runs nothing.
  Property<std::string> schedule;
  bool enabled = true;
};

// An API Gateway integration that calls a function synchronously.
struct ApiIntegration {
  std::string scope;
  std::string kind;             // "Api", "HttpApi", "AWS::ApiGateway::Method", ...
  std::string function;         // local name of the invoked function
  SourceRange where;            // the event key / integration resource header
  Property<double> timeout_ms;  // explicit integration timeout
  // The integration invokes the function with InvocationType Event (request header
  // X-Amz-Invocation-Type 'Event'): API Gateway answers at once and waits for nothing.
  bool asynchronous = false;
  // An HTTP API (API Gateway v2): it waits at most 30 s, a limit no quota raises; REST APIs
  // wait 29 s unless the account raised its quota.
  bool http_api = false;
};

struct Queue : ResourceFact {
  Property<double> visibility_timeout_s;
  Property<std::string> physical_name;  // QueueName / name (CloudWatch's QueueName dimension)
};

struct TaskDefinition : ResourceFact {
  Property<double> cpu_units;  // 1024 = 1 vCPU
  Property<double> memory_mb;
  Property<std::string> cpu_architecture;    // RuntimePlatform.CpuArchitecture
  std::vector<std::string> compatibilities;  // RequiresCompatibilities
  // Queues its container definitions name (environment, secrets, command): work it consumes.
  std::vector<Reference> queues;
  // A container image that AWS CDK builds from a local Docker context: the asset's ID (the
  // image tag `cdk synth` writes), joined with the assembly's `*.assets.json` by the linker.
  Property<std::string> image_asset;
};

// Kubernetes labels as written (`key: value`), in document order.
using Labels = std::vector<std::pair<std::string, std::string>>;

// The pods a Kubernetes workload runs (its pod template).
struct PodTemplate {
  std::string pod_namespace;  // "default" when unset
  Labels labels;              // the template's labels
  SourceRange where;          // the template's `metadata` (else `template`) key
};

struct Service : ResourceFact {
  Property<std::string> launch_type;
  std::vector<std::string> capacity_providers;
  Property<double> desired_count;
  std::optional<SourceRange> load_balancers;  // where attached, if any
  // Where other services find it without a load balancer (Cloud Map ServiceRegistries,
  // Service Connect with services of its own): it serves requests.
  std::optional<SourceRange> service_discovery;
  std::optional<std::string> task_definition;  // local name
  // The service's name as far as known, `*` for unknown parts: Application Auto Scaling
  // names services by it ("service/<cluster>/<name>").
  std::string name_pattern;
  // ECS: the service's and its cluster's names as CloudWatch's ServiceName and ClusterName
  // dimensions take them (a service without Cluster runs in the cluster named "default").
  Property<std::string> physical_name;
  Property<std::string> cluster_name;
  // Kubernetes: what the workload is ("Deployment", "StatefulSet"; empty: an ECS service) and
  // the pods it runs, which the linker matches to EKS Fargate profiles and Services.
  std::string kind;
  std::optional<PodTemplate> pod;
  // ECS: the cluster resource of the same scope it runs in (local name), when `Cluster`
  // references one: new resources name the cluster through it.
  std::optional<std::string> cluster;
  // Where a fix adds its scaling (a scalable target and policies, a HorizontalPodAutoscaler):
  // absent where the front-end cannot place them, or where the new text could not name the
  // service statically (a Terraform `count`/`for_each` instance, a module's resource, a
  // Serverless `resources` section).
  std::optional<BlockSlot> new_blocks;
};

// Application Auto Scaling target of an ECS service (and its policies).
struct ScalingTarget : ResourceFact {
  std::optional<std::string> service;  // local name of the ECS service it scales
  std::string service_name_pattern;    // else: the service name in its ResourceId (`*` unknown)
  // Kubernetes: the folders of the tree holding the workload `service` names, the nearest to
  // the scaler's own (the linker sets them: kustomize overlays and Helm output keep scalers
  // beside, not with, their workloads). Empty: the scaler's own scope.
  std::vector<std::string> service_scopes;
  Property<double> min_capacity;
  Property<double> max_capacity;
  bool has_policy = false;
  // A policy that follows a queue's depth (an SQS metric, itself or through its alarm).
  std::optional<SourceRange> queue_metric;
  // A scheduled action that changes its capacity.
  std::optional<SourceRange> schedule;
  // What scales it: empty for Application Auto Scaling, else "HorizontalPodAutoscaler",
  // "ScaledObject".
  std::string kind;
};

struct Database : ResourceFact {
  bool is_cluster = false;
};

// An RDS Proxy and the databases it fronts.
struct DatabaseProxy : ResourceFact {
  std::vector<std::string> targets;  // local names of instances/clusters
};

// One simple command of a shell script (a RUN, a heredoc, a shell-form CMD/ENTRYPOINT):
// its words after quote removal; a word with an expansion that was not resolved keeps its
// text as written (`$HOME/bin`).
struct ShellCommand {
  std::vector<std::string> words;
  SourceRange where;  // the command's first word
};

// CMD or ENTRYPOINT as the image will run it.
struct ImageCommand {
  bool exec_form = false;              // JSON array form
  std::vector<std::string> words;      // exec form: the array; shell form: {"/bin/sh", "-c", text}
  std::vector<ShellCommand> commands;  // the commands it runs (exec form: one; shell: parsed)
  SourceRange where;                   // the instruction
};

// `COPY --from=x` / `ADD --from=x` (and `RUN --mount=from=x` is not one).
struct CopyFrom {
  std::optional<size_t> stage;  // a stage of this Dockerfile
  std::string image;            // otherwise the external image it copies from
  std::vector<std::string> sources;
  std::string destination;
  SourceRange where;
};

// A package a dependency file of the build context lists (requirements.txt, pyproject.toml,
// environment.yml, package.json).
struct DeclaredPackage {
  std::string name;   // as the package manager knows it, lowercase ("torch", "@scope/pkg")
  SourceRange where;  // its line in the dependency file
};

// A RUN command that installs what a dependency file lists: `pip install -r requirements.txt`,
// `pip install .` (pyproject.toml), `conda env create -f environment.yml`, `npm ci`.
struct DependencyInstall {
  std::string format;  // "requirements" | "pyproject" | "conda" | "npm"
  // Where the file comes from in the build context (relative to it, COPY destinations mapped
  // back to their sources), most likely first; the Dockerfile parser cannot see the context.
  std::vector<std::string> sources;
  SourceRange run;  // the install command
  // Filled from the build context after parsing (analyzer/image_dependencies.h):
  std::string file;  // the dependency file read, path as shown; empty when none was found
  std::vector<DeclaredPackage> packages;
};

struct ImageStage {
  std::string name;                // `AS name`, may be empty
  std::string base;                // FROM's image with ARGs substituted
  std::optional<size_t> parent;    // the stage it is built FROM, if any
  SourceRange from;                // the FROM instruction
  std::vector<ShellCommand> runs;  // every command of its RUN instructions, in order
  std::vector<CopyFrom> copies;
  std::vector<SourceRange> exposes;
  std::optional<ImageCommand> entrypoint;  // declared in this stage
  std::optional<ImageCommand> cmd;
  // SHELL in effect at the end of the stage (inherited from a parent stage); empty: the
  // default ["/bin/sh", "-c"].
  std::vector<std::string> shell;
  // Its RUN commands that install from a dependency file, in order.
  std::vector<DependencyInstall> installs;
};

// A Dockerfile: its stages and what the final one runs.
struct Image {
  std::string dockerfile;  // path as shown
  std::vector<ImageStage> stages;
  size_t final_stage = 0;
  // Effective for the final stage, following FROM-stage inheritance; an ENTRYPOINT set in a
  // stage clears the CMD inherited from its parent, as Docker does.
  std::optional<ImageCommand> entrypoint;
  std::optional<ImageCommand> cmd;
};

// C++ handler code (parsers/cpp): what one function definition does that matters on Lambda.
// Functions are identified across files by Clang's USR; the linker decides which of them run
// per invocation (reachable from a handler) and which belong to a Lambda binary at all.

// A `while`, `for`, `do` or range-`for` loop.
struct CodeLoop {
  SourceRange keyword;
  std::string kind;                    // "while" | "for" | "do" | "range-for"
  bool condition_always_true = false;  // absent, or a constant that is true
  bool has_exit = false;               // a break/return/throw/goto/co_return that leaves this loop
  std::optional<SourceRange> sleep_call;  // the first sleep in its condition or body
  std::string sleep_name;                 // e.g. "std::this_thread::sleep_for"
  bool reads_deadline = false;  // get_time_remaining() or a `deadline` in condition or body
  // A loop over the invocation's event (its records): it ends with the batch, and a sleep in
  // it paces the work instead of waiting for something.
  bool over_event = false;
};

// A write to an object of static storage duration.
struct StaticMutation {
  SourceRange where;      // the mutating expression
  std::string variable;   // qualified name
  std::string storage;    // "namespace-scope" | "class static" | "function-local static"
  std::string operation;  // "assignment", "++", "call to insert()", ...
  SourceRange declared;
};

// A file opened for writing with a path written as a string literal.
struct FileWrite {
  SourceRange where;  // the call or construction
  std::string api;    // "std::ofstream", "fopen", "open", ...
  std::string path;
  // Where a fix writes another path: inside the quotes of the path's literal, when the path
  // is one literal written at the call.
  std::optional<ValueSlot> path_slot = std::nullopt;
};

// A thread started; `outlives` says why it can outlive the invocation (empty: it is joined).
struct ThreadStart {
  SourceRange where;
  std::string api;       // "std::thread" | "pthread_create" | "std::async"
  std::string outlives;  // "detached" | "never joined" | "its future is discarded" | ""
};

// A call that makes a listening server: listen(), accept(), an acceptor's accept().
struct ServerCall {
  SourceRange where;
  std::string call;
};

// An AWS SDK client or database connection being constructed.
struct ClientConstruction {
  SourceRange where;
  std::string type;   // as written, e.g. "Aws::S3::S3Client", "PQconnectdb"
  bool once = false;  // in a static's initializer: runs once per execution environment
  // "client" | "connection" where the parser says which; empty: told by `type` (C++).
  std::string kind;
  // The rewrite that makes it once per execution environment, with `before` as the whole new
  // text of `range`: the statement inserted at module level above its function (Python,
  // Node), `static ` before the declaration (C++). Absent when its value uses the function's
  // own names, or the statement is not alone on its lines.
  std::optional<ValueSlot> once_slot = std::nullopt;
  // Python, Node: the statement's own lines, which the move removes (the rewrite's other
  // half). Two edits, not one from the function to the statement, so that the moves of two
  // clients of one function do not overlap: both insert at one point.
  std::optional<SourceRange> moved_from = std::nullopt;
};

struct CodeFunction {
  std::string usr;
  std::string name;                     // as shown: "handler", "Cache::put", "lambda in main"
  SourceRange where;                    // the name in its definition (a lambda's introducer)
  bool is_handler = false;              // passed to run_handler or has the handler signature
  bool calls_run_handler = false;       // e.g. `main` of a Lambda binary
  std::vector<std::string> handlers;    // USRs of the functions it passes to run_handler
  std::vector<std::string> calls;       // USRs of the functions it calls or takes the address of
  std::vector<std::string> init_calls;  // ... from a static's initializer: once per environment
  std::vector<std::string> overrides;   // USRs of the virtual functions it overrides (C++)
  std::vector<CodeLoop> loops;
  std::vector<StaticMutation> static_mutations;
  std::vector<FileWrite> file_writes;
  std::vector<ThreadStart> threads;
  std::vector<ServerCall> server_calls;
  std::vector<ClientConstruction> clients;
  std::string language = "c++";  // "c++" | "python": how findings name its idioms
};

// AWS CDK (a `cdk synth` cloud assembly). A resource of a synthesized template and the
// construct that made it (Metadata `aws:cdk:path`), so findings can be told in CDK terms.
struct SynthesizedResource {
  EntityId id;            // template path, logical ID
  std::string construct;  // "Orders/Worker/Resource"
  SourceRange header;     // the logical ID key
  uint32_t last_line = 0;
};

// A Docker image asset of a cloud assembly (`<Stack>.assets.json` `dockerImages`).
struct ImageAsset {
  std::string assembly;    // the assembly directory (that of the assets file)
  std::string id;          // the asset's ID (its source hash)
  std::string dockerfile;  // the Dockerfile it builds, as a path of the analysed tree
  SourceRange declared;    // the asset's entry
};

// Where the app created a construct, from the assembly's metadata (manifest.json or
// `<Stack>.metadata.json`), recorded only with stack traces on (CDK_DEBUG=true).
struct ConstructTrace {
  std::string assembly;    // the cloud assembly directory (that of the metadata file)
  std::string construct;   // "Orders/Worker/Resource" (without the leading '/')
  std::string logical_id;  // aws:cdk:logicalId, when recorded
  // Marked `aws:cdk:is-custom-resource-handler-*`: a custom resource handler aws-cdk-lib
  // adds on its own (S3 auto-delete, log retention, ...), with everything below it.
  bool library_handler = false;
  SourceRange declared;  // the metadata entry
  // Frames outside node_modules and node's internals, innermost first; `file` as recorded
  // by node (usually absolute), lines and columns as in the trace.
  std::vector<SourceRange> frames;
};

// A value a rule needs that could not be resolved statically.
struct Unresolved {
  EntityId resource;
  SourceRange header;
  std::string property;  // e.g. "Timeout"
  SourceRange where;
  std::string reason;
};

// `rightfit:ignore` comments and Metadata ignores.
struct Suppression {
  enum class Kind { Comment, Metadata };
  Kind kind = Kind::Comment;
  std::string file;
  uint32_t first_line = 0;  // lines covered, inclusive
  uint32_t last_line = 0;
  uint32_t line = 0;    // where the directive is written (the finding line of an invalid one)
  uint32_t column = 0;  // 1-based; 0 when only the line is known
  // As written: rule IDs (unknown ones included) or, in Metadata, IDs or names. The
  // analyzer maps names to IDs (resolve_rule_names) before anything matches on them.
  std::vector<std::string> rules;
  std::string reason;
  std::optional<EntityId> resource;  // set when it covers a whole resource
};

// An EKS Fargate profile selector: pods of the namespace (`*`, `?` wildcards) that carry all
// the labels run on Fargate.
struct PodSelector {
  std::string pod_namespace;
  Labels labels;
  SourceRange where;  // the selector block / list item
};

// aws_eks_fargate_profile / AWS::EKS::FargateProfile.
struct FargateProfile : ResourceFact {
  std::vector<PodSelector> selectors;
};

// A Kubernetes Service (or what an Ingress routes to): how requests reach pods.
struct PodService : ResourceFact {
  std::string pod_namespace;
  std::string name;
  std::string service_type;  // "ClusterIP" (default), "NodePort", "LoadBalancer", ...
  Labels selector;           // empty: selects no pods by label
};

// An Ingress backend: the Service it sends outside requests to.
struct IngressBackend {
  std::string scope;
  std::string pod_namespace;
  std::string service;
  SourceRange where;  // the backend's service name
};

// Work that runs on a schedule and ends: a Kubernetes CronJob (an ECS task a schedule starts
// is a ScheduledTask).
struct ScheduledJob : ResourceFact {
  std::string kind;                 // "CronJob"
  Property<std::string> schedule;   // cron expression as written
  Property<double> max_duration_s;  // activeDeadlineSeconds: runs stop by then
  Property<double> requested_vcpu;  // what the job asks for (pod requests, task size)
  Property<double> requested_memory_mb;
  Property<double> cpu_units;  // as billed on Fargate (1024 = 1 vCPU)
  Property<double> memory_mb;
  Property<std::string> launch_type;  // "FARGATE" when it runs there (linker)
  std::optional<PodTemplate> pod;
};

// An ECS task that a schedule or an event pattern starts and that ends: an EventBridge rule's
// target or an EventBridge Scheduler schedule with ECS parameters (CloudFormation
// `EcsParameters`, Terraform `ecs_target` / `ecs_parameters`). It runs per run, not always on:
// the cost model prices it by its runs. `id` is the rule's or schedule's (Terraform: the event
// target's) own name, `header` its header; a rule with several ECS targets names each
// `<rule>/<target Id>` (`<rule>/<index>` without a literal Id), its header the target's.
struct ScheduledTask : ResourceFact {
  // The rule or schedule that starts it (Terraform: its aws_cloudwatch_event_rule's or
  // aws_scheduler_schedule's address): where usage may be declared when not under `id`.
  std::string rule;
  // The expression, `rate(...)` or `cron(...)` (parsers/aws_schedule.h), as written. Not
  // written: an event pattern starts it, so no schedule says how often it runs.
  Property<std::string> schedule;
  bool enabled = true;  // `State: DISABLED`, `is_enabled = false`: it runs nothing
  std::optional<std::string> task_definition;  // local name
  Property<double> task_count;                 // tasks per run; absent: 1
  Property<std::string> launch_type;           // "FARGATE", "EC2", ...; absent: see providers
  std::vector<std::string> capacity_providers;

  bool on_events() const { return !schedule.is_written(); }
};

// A Terraform `module` block that instantiates a module of the tree from a root module: a
// module that several roots (`dev/`, `production/`) call is one place to change, and its
// callers are where each of its instances comes from.
struct ModuleCall {
  std::string scope;    // the root module
  std::string address;  // "module.app", "module.app.module.queue"
  SourceRange where;    // the block's header
};

struct ParseError {
  SourceRange where;
  std::string message;
};

// Everything known about workloads: what one file (or module) declares, and, joined, the
// whole repository.
struct Facts {
  std::vector<Function> functions;
  std::vector<Trigger> triggers;
  std::vector<ApiIntegration> api_integrations;
  std::vector<Queue> queues;
  std::vector<TaskDefinition> task_definitions;
  std::vector<Service> services;
  std::vector<ScalingTarget> scaling_targets;
  std::vector<Database> databases;
  std::vector<DatabaseProxy> database_proxies;
  std::vector<Image> images;
  std::vector<CodeFunction> code_functions;
  std::vector<SynthesizedResource> synthesized_resources;
  std::vector<ConstructTrace> construct_traces;
  std::vector<ImageAsset> image_assets;
  std::vector<FargateProfile> fargate_profiles;
  std::vector<PodService> pod_services;
  std::vector<IngressBackend> ingress_backends;
  std::vector<ScheduledJob> scheduled_jobs;
  std::vector<ScheduledTask> scheduled_tasks;
  std::vector<ModuleCall> module_calls;
  // Every name a template or module declares (CloudFormation logical IDs of Parameters,
  // Resources and Outputs; Terraform `type.name` of resources, `var.x`, `output.x`, with the
  // module's prefix): what new resources written beside them must not reuse.
  std::vector<EntityId> declared_names;
  std::vector<Unresolved> unresolved;
  std::vector<Suppression> suppressions;
  std::vector<ParseError> parse_errors;
};

struct FileFacts : Facts {
  std::string file;
};

}  // namespace rightfit
