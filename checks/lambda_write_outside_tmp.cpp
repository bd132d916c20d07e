// RF202: outside /tmp a Lambda's file system is read-only, so the open fails at run time.
#include <optional>

#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

bool under_tmp(const std::string& path) { return path == "/tmp" || path.rfind("/tmp/", 0) == 0; }

// The same file name under /tmp, written into the path's literal; none for a path that names
// no file (`/var/data/`) or that is not one literal at the call.
std::optional<Fix> fix_of(const FileWrite& w) {
  const std::string name = w.path.substr(w.path.rfind('/') + 1);
  if (!w.path_slot || name.empty() || name == "." || name == "..") return std::nullopt;
  const std::string moved = "/tmp/" + name;
  return value_fix("Write to " + moved, *w.path_slot, moved);
}

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
            if (std::optional<Fix> fix = fix_of(w)) finding.fixes.push_back(*fix);
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
