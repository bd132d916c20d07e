// RF202: outside /tmp a Lambda's file system is read-only, so the open fails at run time.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

bool under_tmp(const std::string& path) { return path == "/tmp" || path.rfind("/tmp/", 0) == 0; }

class LambdaWriteOutsideTmp : public Check {
 public:
  LambdaWriteOutsideTmp()
      : Check(describe_rule("RF202", "lambda-write-outside-tmp", Severity::Error,
                            "Handler code opens a file for writing outside /tmp, where the "
                            "Lambda file system is read-only.",
                            "lambda_write_outside_tmp")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::State, Lean::Fargate, Strength::Soft))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Handler, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const FileWrite& w : f.file_writes) {
            if (under_tmp(w.path)) continue;
            Finding finding = diag(w.where, "");
            std::string where =
                place_in_lambda(ctx.graph, handler, f, w.api + " " + w.path, finding);
            std::string shown = w.path.empty() || w.path.front() != '/'
                                    ? "'" + w.path + "' (relative to /var/task)"
                                    : "'" + w.path + "'";
            finding.message = "'" + f.name + "' opens " + shown + " for writing with " + w.api +
                              ", but a Lambda can only write below /tmp: the rest of its file "
                              "system is read-only and the open fails. ";
            finding.message += where;
            finding.message +=
                " Write to /tmp (up to the function's EphemeralStorage), or to S3 or "
                "EFS for data that must outlive the invocation";
            out.push_back(std::move(finding));
          }
        });
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_write_outside_tmp() {
  return std::make_unique<LambdaWriteOutsideTmp>();
}

}  // namespace rightfit
