// The hybrid patterns a system follows, from the links the graph knows: API Gateway in front
// of Lambdas that use a database; an ECS service behind a load balancer next to RDS; an ECS
// front with SQS queues drained by Lambda or Fargate workers. Each lists its members, the
// pieces that deviate from the pattern (mostly findings of the members) and what the graph
// does not model, so a reader knows what was inferred.
#include <algorithm>
#include <map>
#include <set>

#include "analyzer/placement/placement.h"

namespace rightfit {

namespace {

const char* const kApiNotModelled =
    "API Gateway stages, authorizers and throttling are not read; a database reached only "
    "through a secret or parameter store value is not linked";
const char* const kAlbNotModelled =
    "the load balancer is known only as the service's attachment (listeners and target groups "
    "are not read); the tasks' link to the database is not modelled: every database of the "
    "same template or module is listed";
const char* const kQueueNotModelled =
    "who sends to a queue is known only where the front's task definition names it; otherwise "
    "the front is paired with the queue by sharing its template or module";

std::vector<const Database*> databases_used_by(const WorkloadGraph& graph, const Function& fn) {
  std::vector<const Database*> out;
  for (const WorkloadGraph::DatabaseUse& use : graph.databases_used_by(fn))
    out.push_back(use.database);
  return out;
}

void add_member(DetectedPattern& p, const std::string& role, const std::string& name,
                const SourceRange& where) {
  for (const PatternMember& m : p.members) {
    if (m.role == role && m.name == name) return;
  }
  p.members.push_back(PatternMember{role, name, where});
}

// Whether findings of the rule `id` are deviations of a member in `role`.
bool deviates_as(const std::vector<RuleInfo>& rules, const std::string& id, PatternRole role) {
  const RuleInfo* rule = find_rule(rules, id);
  if (!rule || !rule->bearing) return false;
  const std::vector<PatternRole>& roles = rule->bearing->deviation_of;
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// The findings and rules the patterns read.
struct PatternInput {
  const std::vector<Finding>& findings;
  const std::vector<RuleInfo>& rules;
};

// Unsuppressed findings about `subject` whose rules count them as deviations of `role`.
void add_finding_deviations(DetectedPattern& p, const PatternInput& in, const EntityId& subject,
                            PatternRole role) {
  for (const Finding& f : in.findings) {
    if (f.suppression || !is_about(f, subject)) continue;
    if (deviates_as(in.rules, f.rule_id, role))
      p.deviations.push_back(PatternDeviation{f.message, f.location, f.rule_id});
  }
}

void add_proxies_and_databases(const WorkloadGraph& graph, DetectedPattern& p,
                               const std::vector<const Database*>& dbs) {
  for (const Database* db : dbs) {
    add_member(p, "database", db->id.name, db->header);
    for (const DatabaseProxy* proxy : graph.proxies_of(*db))
      add_member(p, "proxy", proxy->id.name, proxy->header);
  }
}

// API Gateway + Lambda + database, one per template/module.
std::vector<DetectedPattern> api_lambda_db(const WorkloadGraph& graph, const PatternInput& in) {
  std::map<std::string, DetectedPattern> by_scope;
  for (const Function& fn : graph.functions) {
    const std::vector<const ApiIntegration*> apis = graph.api_integrations_of(fn);
    const std::vector<const Database*> dbs = databases_used_by(graph, fn);
    if (apis.empty() || dbs.empty()) continue;
    DetectedPattern& p = by_scope[fn.id.scope];
    p.name = "api-gateway-lambda-db";
    p.scope = fn.id.scope;
    for (const ApiIntegration* api : apis)
      add_member(p, "api", "API Gateway (" + api->kind + ")", api->where);
    add_member(p, "function", fn.id.name, fn.header);
    add_proxies_and_databases(graph, p, dbs);
    add_finding_deviations(p, in, fn.id, PatternRole::ApiFunction);
    for (const Database* db : dbs) {
      if (graph.fronted_by_proxy(*db) || !fn.reserved_concurrency.value) continue;
      p.deviations.push_back(PatternDeviation{
          "'" + fn.id.name + "' reaches '" + db->id.name +
              "' with no RDS Proxy; only its reserved concurrency caps the connections",
          fn.header, ""});
    }
  }
  std::vector<DetectedPattern> out;
  for (auto& [scope, p] : by_scope) {
    p.not_modelled.push_back(kApiNotModelled);
    out.push_back(std::move(p));
  }
  return out;
}

bool is_ecs(const Service& s) { return s.kind.empty(); }

// An ECS service behind a load balancer in a template/module that declares a database.
std::vector<DetectedPattern> ecs_alb_rds(const WorkloadGraph& graph, const PatternInput& in) {
  std::map<std::string, DetectedPattern> by_scope;
  for (const Service& s : graph.services) {
    if (!is_ecs(s) || !s.load_balancers) continue;
    std::vector<const Database*> dbs;
    for (const Database& db : graph.databases) {
      if (db.id.scope == s.id.scope) dbs.push_back(&db);
    }
    if (dbs.empty()) continue;
    DetectedPattern& p = by_scope[s.id.scope];
    p.name = "ecs-alb-rds";
    p.scope = s.id.scope;
    add_member(p, "load-balancer", "load balancer of " + s.id.name, *s.load_balancers);
    add_member(p, "service", s.id.name, s.header);
    add_proxies_and_databases(graph, p, dbs);
    add_finding_deviations(p, in, s.id, PatternRole::FrontService);
  }
  std::vector<DetectedPattern> out;
  for (auto& [scope, p] : by_scope) {
    p.not_modelled.push_back(kAlbNotModelled);
    out.push_back(std::move(p));
  }
  return out;
}

bool names_queue(const WorkloadGraph& graph, const Service& s, const std::string& queue) {
  const std::vector<const Queue*> queues = queues_named_by(graph, s);
  return std::any_of(queues.begin(), queues.end(),
                     [&](const Queue* q) { return q->id.name == queue; });
}

// The workers of a queue (Lambdas it triggers, services without a load balancer that name
// it) added to `p`; false when it has none.
bool add_workers(const WorkloadGraph& graph, const Queue& q, DetectedPattern& p,
                 const PatternInput& in) {
  bool any = false;
  for (const Trigger& t : graph.triggers) {
    if (t.kind != "SQS" || t.scope != q.id.scope || t.source != q.id.name) continue;
    const Function* fn = graph.function(t.scope, t.function);
    if (!fn) continue;
    add_member(p, "worker", fn->id.name, fn->header);
    add_finding_deviations(p, in, fn->id, PatternRole::WorkerFunction);
    any = true;
  }
  for (const Service& s : graph.services) {
    if (s.id.scope != q.id.scope || s.load_balancers || !names_queue(graph, s, q.id.name)) continue;
    add_member(p, "worker", s.id.name, s.header);
    add_finding_deviations(p, in, s.id, PatternRole::WorkerService);
    any = true;
  }
  return any;
}

// An ECS front (behind a load balancer) with SQS queues drained by workers.
std::vector<DetectedPattern> ecs_front_sqs_workers(const WorkloadGraph& graph,
                                                   const PatternInput& in) {
  std::vector<DetectedPattern> out;
  std::set<std::string> scopes;
  for (const Service& s : graph.services) {
    if (is_ecs(s) && s.load_balancers) scopes.insert(s.id.scope);
  }
  for (const std::string& scope : scopes) {
    DetectedPattern p{"ecs-front-sqs-workers", scope, {}, {}, {}};
    for (const Queue& q : graph.queues) {
      if (q.id.scope != scope) continue;
      if (!add_workers(graph, q, p, in)) continue;
      add_member(p, "queue", q.id.name, q.header);
      add_finding_deviations(p, in, q.id, PatternRole::Queue);
    }
    if (p.members.empty()) continue;
    for (const Service& s : graph.services) {
      if (s.id.scope == scope && is_ecs(s) && s.load_balancers) {
        p.members.insert(p.members.begin(), PatternMember{"front", s.id.name, s.header});
        add_finding_deviations(p, in, s.id, PatternRole::FrontService);
      }
    }
    p.not_modelled.push_back(kQueueNotModelled);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::vector<DetectedPattern> detect_patterns(const WorkloadGraph& graph,
                                             const std::vector<Finding>& findings,
                                             const std::vector<RuleInfo>& rules) {
  const PatternInput in{findings, rules};
  std::vector<DetectedPattern> out = api_lambda_db(graph, in);
  for (DetectedPattern& p : ecs_alb_rds(graph, in)) out.push_back(std::move(p));
  for (DetectedPattern& p : ecs_front_sqs_workers(graph, in)) out.push_back(std::move(p));
  return out;
}

}  // namespace rightfit
