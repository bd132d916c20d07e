// What the C++ handler rules (RF102, RF103, RF201-RF205) share: walking the code a handler
// reaches, and saying where that code runs (the handler, the Lambda function and its Timeout).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/finding.h"
#include "analyzer/workload_graph.h"
#include "parsers/frontend.h"

namespace rightfit {

enum class Reach {
  Handler,     // runs in an invocation (static initializers included)
  Invocation,  // runs on every invocation (not in a static's one-time initializer)
  Binary,      // code of a Lambda binary at all (also its `main`)
};

// Calls `visit(function, handler)` for every function of handler code `reach` selects;
// `handler` is null for Binary code that no handler reaches (e.g. `main`).
void for_each_handler_code(
    const WorkloadGraph& graph, Reach reach,
    const std::function<void(const CodeFunction& f, const CodeFunction* handler)>& visit);

// Completes a finding about handler code: subject (the Lambda function, when linked),
// substance, related locations (the handler; each linked function's Timeout). Returns the
// sentence that says where the code runs, e.g. "It runs in Lambda function 'Worker'
// (Timeout 900 s) through handler 'handle'."
std::string place_in_lambda(const WorkloadGraph& graph, const CodeFunction* handler,
                            const CodeFunction& f, std::string substance, Finding& finding);

// A Lambda function running a handler whose execution environment serves several requests at
// once (Lambda Managed Instances with PerExecutionEnvironmentMaxConcurrency above 1, or unset:
// the runtime's default is above 1).
struct SharedEnvironment {
  const Function* function = nullptr;
  std::optional<double> requests;  // as written; nullopt: the runtime's default
  SourceRange where;               // the setting, else CapacityProviderConfig
};

// The first function running `handler` that serves several requests per environment, if any.
std::optional<SharedEnvironment> shared_environment(const WorkloadGraph& graph,
                                                    const CodeFunction* handler);

// How a finding names what the handler's language offers (its front-end's CodeIdioms).
const CodeIdioms& idioms_of(const CodeFunction& f);

// 900 -> "15 minutes", 3 -> "3 seconds", 90 -> "1.5 minutes".
std::string format_duration(double seconds);

}  // namespace rightfit
