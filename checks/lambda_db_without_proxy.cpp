// RF404: every Lambda execution environment opens its own database connection; without an
// RDS Proxy or a concurrency cap, a burst exhausts the database's connections.
#include "checks/check.h"

namespace rightfit {
namespace {

class LambdaDbWithoutProxy : public Check {
 public:
  LambdaDbWithoutProxy()
      : Check(describe_rule("RF404", "lambda-db-without-proxy", Severity::Warning,
                            "A Lambda connects to an RDS database that no RDS Proxy fronts, "
                            "with no reserved concurrency.",
                            "lambda_db_without_proxy")
                  .bearing_on(PlacementBearing(PlacementAxis::TrafficCost, Lean::Neutral,
                                               Strength::None, {PatternRole::ApiFunction}))) {}

  // One finding per function, naming every database it reaches without a proxy: the fix
  // (a proxy per database, or one concurrency cap) is decided at the function.
  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Function& fn : ctx.graph.functions) {
      if (fn.reserved_concurrency.is_written()) continue;
      std::vector<WorkloadGraph::DatabaseUse> unproxied;
      for (const WorkloadGraph::DatabaseUse& use : ctx.graph.databases_used_by(fn)) {
        if (!ctx.graph.fronted_by_proxy(*use.database)) unproxied.push_back(use);
      }
      if (!unproxied.empty()) out.push_back(report(fn, unproxied));
    }
  }

 private:
  static std::string kind_of(const Database& db) {
    return db.is_cluster ? "RDS cluster" : "RDS instance";
  }

  // "RDS instance 'A'", "RDS instance 'A' and RDS cluster 'B'", "..., ... and ...".
  static std::string named(const std::vector<WorkloadGraph::DatabaseUse>& uses) {
    std::string out;
    for (std::size_t i = 0; i < uses.size(); ++i) {
      if (i > 0) out += i + 1 == uses.size() ? " and " : ", ";
      out += kind_of(*uses[i].database) + " '" + uses[i].database->id.name + "'";
    }
    return out;
  }

  Finding report(const Function& fn, const std::vector<WorkloadGraph::DatabaseUse>& uses) const {
    const bool several = uses.size() > 1;
    Finding f =
        diag(fn.header, "Lambda function '" + fn.id.name + "' uses " + named(uses) +
                            " directly, with no RDS Proxy in front and no "
                            "ReservedConcurrentExecutions: each concurrent execution environment "
                            "opens its own connection and a burst exhausts the " +
                            (several ? "databases" : "database") + ". Put an RDS Proxy in front" +
                            (several ? " of each" : "") + " or cap the function's concurrency");
    f.subject = fn.id;
    f.substance = "database:";
    for (const WorkloadGraph::DatabaseUse& use : uses) {
      const Database& db = *use.database;
      f.substance += (&use == uses.data() ? "" : ",") + db.id.name;
      f.related.push_back({db.header, "the " + kind_of(db)});
      f.related.push_back({use.reference->where, "'" + db.id.name + "' referenced here"});
    }
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_db_without_proxy() {
  return std::make_unique<LambdaDbWithoutProxy>();
}

}  // namespace rightfit
