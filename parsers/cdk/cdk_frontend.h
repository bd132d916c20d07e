// The files of an AWS CDK cloud assembly besides its templates (construct metadata, asset
// manifests, bookkeeping) as a front-end (parsers/frontend.h). The templates are
// CloudFormation's; what CDK wrote into them is read by read_cdk_metadata, a hook the
// front-end list gives CloudFormation.
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::cdk {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::cdk
