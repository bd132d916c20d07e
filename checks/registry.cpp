// The registry: every rule rightfit knows, in ID order. Adding a rule adds one line here.
#include "checks/check.h"

namespace rightfit {

std::unique_ptr<Check> make_parse_error();
std::unique_ptr<Check> make_unresolved_reference();
std::unique_ptr<Check> make_invalid_suppression();
std::unique_ptr<Check> make_unused_suppression();
std::unique_ptr<Check> make_lambda_timeout_out_of_range();
std::unique_ptr<Check> make_lambda_timeout_near_limit();
std::unique_ptr<Check> make_lambda_unbounded_loop();
std::unique_ptr<Check> make_lambda_polling_loop();
std::unique_ptr<Check> make_api_timeout_exceeds_integration();
std::unique_ptr<Check> make_sqs_visibility_timeout_too_short();
std::unique_ptr<Check> make_lambda_timeout_far_above_measured();
std::unique_ptr<Check> make_lambda_duration_near_timeout();
std::unique_ptr<Check> make_function_mutable_global_state();
std::unique_ptr<Check> make_lambda_write_outside_tmp();
std::unique_ptr<Check> make_lambda_background_thread();
std::unique_ptr<Check> make_lambda_listens_on_socket();
std::unique_ptr<Check> make_client_created_per_invocation();
std::unique_ptr<Check> make_lambda_image_heavy_dependencies();
std::unique_ptr<Check> make_lambda_image_runs_server();
std::unique_ptr<Check> make_lambda_image_missing_runtime_client();
std::unique_ptr<Check> make_fargate_idle_always_on();
std::unique_ptr<Check> make_lambda_steady_load_cheaper_on_fargate();
std::unique_ptr<Check> make_lambda_heavy_compute();
std::unique_ptr<Check> make_lambda_db_without_proxy();
std::unique_ptr<Check> make_ecs_service_without_autoscaling();
std::unique_ptr<Check> make_cronjob_fits_lambda();
std::unique_ptr<Check> make_fargate_measured_underused();

std::vector<std::unique_ptr<Check>> make_all_checks() {
  std::vector<std::unique_ptr<Check>> checks;
  checks.push_back(make_parse_error());
  checks.push_back(make_unresolved_reference());
  checks.push_back(make_invalid_suppression());
  checks.push_back(make_unused_suppression());
  checks.push_back(make_lambda_timeout_out_of_range());
  checks.push_back(make_lambda_unbounded_loop());
  checks.push_back(make_lambda_polling_loop());
  checks.push_back(make_lambda_timeout_near_limit());
  checks.push_back(make_api_timeout_exceeds_integration());
  checks.push_back(make_sqs_visibility_timeout_too_short());
  checks.push_back(make_lambda_timeout_far_above_measured());
  checks.push_back(make_lambda_duration_near_timeout());
  checks.push_back(make_function_mutable_global_state());
  checks.push_back(make_lambda_write_outside_tmp());
  checks.push_back(make_lambda_background_thread());
  checks.push_back(make_lambda_listens_on_socket());
  checks.push_back(make_client_created_per_invocation());
  checks.push_back(make_lambda_image_heavy_dependencies());
  checks.push_back(make_lambda_image_runs_server());
  checks.push_back(make_lambda_image_missing_runtime_client());
  checks.push_back(make_fargate_idle_always_on());
  checks.push_back(make_lambda_steady_load_cheaper_on_fargate());
  checks.push_back(make_lambda_heavy_compute());
  checks.push_back(make_lambda_db_without_proxy());
  checks.push_back(make_ecs_service_without_autoscaling());
  checks.push_back(make_cronjob_fits_lambda());
  checks.push_back(make_fargate_measured_underused());
  return checks;
}

std::vector<RuleInfo> all_rules() {
  std::vector<RuleInfo> rules;
  for (const std::unique_ptr<Check>& check : make_all_checks()) rules.push_back(check->info());
  return rules;
}

}  // namespace rightfit
