// Findings on resources that AWS CDK synthesized, told in the terms of the CDK app: the
// construct path always, and, when the app recorded stack traces (CDK_DEBUG=true), the line
// of the app's source that created the construct as the primary location.
#pragma once

#include <string>
#include <vector>

#include "analyzer/finding.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

// For each finding located inside a synthesized resource: appends "(construct <path>)" to
// the message; when a trace of that construct names a file below `root` (outside
// node_modules), moves the primary location to it and keeps the template's line as the
// first related location ("the synthesized template"). `origin` keeps the template location
// so fingerprints and baselines do not depend on whether traces were recorded. Runs after
// suppressions (they are written in the template's Metadata). Findings on the custom
// resource handlers aws-cdk-lib adds by itself (marked in the assembly's metadata) are
// suppressed: the app cannot change them.
void map_to_cdk_source(std::vector<Finding>& findings, const WorkloadGraph& graph,
                       const std::string& root);

}  // namespace rightfit
