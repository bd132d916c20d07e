// RF403: lots of memory for a long time is batch compute, which Fargate or AWS Batch run
// without the 15-minute cap.
#include "checks/check.h"

namespace rightfit {
namespace {

class LambdaHeavyCompute : public Check {
 public:
  LambdaHeavyCompute()
      : Check(describe_rule("RF403", "lambda-heavy-compute", Severity::Info,
                            "A Lambda with very large memory and a long Timeout is batch "
                            "compute better run on Fargate or AWS Batch.",
                            "lambda_heavy_compute")
                  .with_option({"memory_mb", 8192, "the MemorySize (MB) from which it reports",
                                "heavy_compute_memory_mb"})
                  .with_option({"timeout_s", 600, "the Timeout (seconds) from which it reports",
                                "heavy_compute_timeout_s"})
                  .bearing_on(PlacementBearing(PlacementAxis::Duration, Lean::Fargate,
                                               Strength::Strong))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const double memory_mb = option(ctx, "memory_mb");
    const double timeout_s = option(ctx, "timeout_s");
    for (const Function& fn : ctx.graph.functions) {
      Effective memory = effective_memory(fn);
      Effective timeout = effective_timeout(fn);
      if (!memory.value || !timeout.value) continue;
      if (*memory.value < memory_mb || *timeout.value < timeout_s) {
        continue;
      }
      Finding f =
          diag(memory.where, "Lambda function '" + fn.id.name + "' has MemorySize " +
                                 format_number(*memory.value) + " MB and Timeout " +
                                 format_number(*timeout.value) +
                                 " s: long heavy compute (batch, ML inference, encoding) runs on "
                                 "Fargate or AWS Batch without the 15-minute cap");
      f.subject = fn.id;
      f.substance = "MemorySize";
      f.related.push_back({timeout.where, "Timeout"});
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_heavy_compute() {
  return std::make_unique<LambdaHeavyCompute>();
}

}  // namespace rightfit
