#include "checks/handler_code.h"

#include "checks/check.h"
#include "parsers/aws_limits.h"
#include "parsers/frontends.h"

namespace rightfit {

void for_each_handler_code(
    const WorkloadGraph& graph, Reach reach,
    const std::function<void(const CodeFunction& f, const CodeFunction* handler)>& visit) {
  for (const CodeFunction& f : graph.code_functions) {
    const CodeFunction* handler =
        reach == Reach::Invocation ? graph.invocation_handler(f) : graph.reaching_handler(f);
    if (handler || (reach == Reach::Binary && graph.in_lambda_binary(f))) visit(f, handler);
  }
}

const CodeIdioms& idioms_of(const CodeFunction& f) { return code_idioms(f.language); }

std::string format_duration(double seconds) {
  if (seconds >= 120) return format_number(seconds / 60) + " minutes";
  if (seconds == 60) return "1 minute";
  return format_number(seconds) + (seconds == 1 ? " second" : " seconds");
}

std::optional<SharedEnvironment> shared_environment(const WorkloadGraph& graph,
                                                    const CodeFunction* handler) {
  if (!handler) return std::nullopt;
  for (const Function* fn : graph.functions_running(*handler)) {
    if (!fn->capacity_provider) continue;
    const Property<double>& requests = fn->requests_per_environment;
    if (requests.is_unresolved()) continue;  // RF002's: not guessed
    if (requests.value && *requests.value <= aws::kClassicLambdaRequestsPerEnvironment) continue;
    return SharedEnvironment{fn, requests.value, requests.written.value_or(*fn->capacity_provider)};
  }
  return std::nullopt;
}

std::string place_in_lambda(const WorkloadGraph& graph, const CodeFunction* handler,
                            const CodeFunction& f, std::string substance, Finding& finding) {
  finding.substance = f.name + ": " + std::move(substance);
  if (!handler) return "It is code of a Lambda binary (it calls run_handler).";
  if (handler != &f) {
    finding.related.push_back(
        {handler->where, "Lambda handler '" + handler->name + "' reaches this code"});
  }
  std::string text = handler == &f ? "It runs in Lambda handler '" + handler->name + "'"
                                   : "It runs in Lambda handler '" + handler->name +
                                         "' (through '" + f.name + "')";
  std::vector<const Function*> lambdas = graph.functions_running(*handler);
  for (size_t i = 0; i < lambdas.size(); ++i) {
    const Function& fn = *lambdas[i];
    if (i == 0) finding.subject = fn.id;
    Effective timeout = effective_timeout(fn);
    std::string shown = timeout.value ? format_number(*timeout.value) + " s" : "unknown";
    finding.related.push_back({timeout.where, "Lambda function '" + fn.id.name + "' Timeout " +
                                                  shown + (timeout.defaulted ? " (default)" : "")});
    text += i == 0 ? ", deployed as Lambda function '" : " and '";
    text += fn.id.name + "' (Timeout " + shown + ")";
  }
  return text + ".";
}

}  // namespace rightfit
