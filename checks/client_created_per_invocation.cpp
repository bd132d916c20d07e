// RF205: an SDK client or database connection built on every invocation pays its setup
// (TLS, credentials, connection) each time instead of once per execution environment.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

// A type (`Aws::S3::S3Client`, `pqxx::connection`) is constructed; a C function
// (`PQconnectdb`, `mysql_real_connect`) opens a connection.
std::string what_it_creates(const ClientConstruction& c) {
  const std::string& type = c.type;
  if (c.kind.empty() ? type.find("::") == std::string::npos : c.kind == "connection") {
    return "opens a database connection with " + type +
           "() on every invocation: each one pays the connection's setup (TLS handshake, "
           "authentication) again, and a burst of invocations holds one connection each. ";
  }
  return "creates " + type +
         " on every invocation: each one pays the client's setup (TLS handshake, credentials, "
         "connection) again. ";
}

// The parser's rewrite: `static ` before a C++ declaration, or the statement moved above the
// function at module level (inserted there, removed from its lines).
Fix once_fix(const CodeFunction& f, const ClientConstruction& c, const ValueSlot& slot) {
  std::string title = f.language == "c++" ? "Make the " + c.type + " a static local"
                                          : "Create the " + c.type + " once, at module level";
  Fix fix = value_fix(std::move(title), slot, "");
  if (c.moved_from) fix.edits.push_back(TextEdit{*c.moved_from, ""});
  return fix;
}

class ClientCreatedPerInvocation : public Check {
 public:
  ClientCreatedPerInvocation()
      : Check(describe_rule("RF205", "client-created-per-invocation", Severity::Info,
                            "An AWS SDK client or database connection is created on every "
                            "invocation instead of once at initialization.",
                            "client_created_per_invocation")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::State, Lean::Neutral, Strength::None))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Invocation, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const ClientConstruction& c : f.clients) {
            if (c.once) continue;
            Finding finding = diag(c.where, "");
            std::string where = place_in_lambda(ctx.graph, handler, f, c.type, finding);
            finding.message = "'" + f.name + "' " + what_it_creates(c) + where +
                              " Create it once per execution environment (" +
                              std::string(idioms_of(f).once) + ") and reuse it";
            if (c.once_slot) finding.fixes.push_back(once_fix(f, c, *c.once_slot));
            out.push_back(std::move(finding));
          }
        });
  }
};

}  // namespace

std::unique_ptr<Check> make_client_created_per_invocation() {
  return std::make_unique<ClientCreatedPerInvocation>();
}

}  // namespace rightfit
