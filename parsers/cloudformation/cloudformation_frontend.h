// CloudFormation/SAM templates (YAML or JSON) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>
#include <vector>

#include "parsers/cloudformation/template_parser.h"
#include "parsers/frontend.h"

namespace rightfit::cfn {

// `hooks` run on every template read (what tools that generate templates wrote into it).
std::unique_ptr<Frontend> make_frontend(std::vector<TemplateHook> hooks);

}  // namespace rightfit::cfn
