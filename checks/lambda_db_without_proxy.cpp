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

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Function& fn : ctx.graph.functions) {
      if (fn.reserved_concurrency.is_written()) continue;
      for (const WorkloadGraph::DatabaseUse& use : ctx.graph.databases_used_by(fn)) {
        if (!ctx.graph.fronted_by_proxy(*use.database))
          out.push_back(report(fn, *use.database, *use.reference));
      }
    }
  }

 private:
  Finding report(const Function& fn, const Database& db, const Reference& ref) const {
    std::string kind = db.is_cluster ? "RDS cluster" : "RDS instance";
    Finding f =
        diag(fn.header, "Lambda function '" + fn.id.name + "' uses " + kind + " '" + db.id.name +
                            "' directly, with no RDS Proxy in front and no "
                            "ReservedConcurrentExecutions: each concurrent execution environment "
                            "opens its own connection and a burst exhausts the database. Put an "
                            "RDS Proxy in front or cap the function's concurrency");
    f.subject = fn.id;
    f.substance = "database:" + db.id.name;
    f.related.push_back({db.header, "the " + kind});
    f.related.push_back({ref.where, "referenced here"});
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_db_without_proxy() {
  return std::make_unique<LambdaDbWithoutProxy>();
}

}  // namespace rightfit
