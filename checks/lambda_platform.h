// Which Lambda a function runs on (on demand, or Lambda Managed Instances), for the rules whose
// limits differ between them (RF101, RF104, the memory rules).
#pragma once

#include "analyzer/workload_graph.h"
#include "parsers/aws_limits.h"

namespace rightfit {

// Each platform's own Timeout ceiling: Managed Instances let asynchronous and event-source
// invocations run up to 90 minutes.
inline double lambda_timeout_ceiling_s(const Function& fn) {
  return fn.capacity_provider ? aws::kManagedInstancesMaxTimeoutS : aws::kLambdaMaxTimeoutS;
}

// "Lambda" or "Lambda Managed Instances": what the messages call the platform.
inline const char* lambda_platform_name(const Function& fn) {
  return fn.capacity_provider ? "Lambda Managed Instances" : "Lambda";
}

}  // namespace rightfit
