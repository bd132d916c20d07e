// CloudFormation and SAM templates (YAML or JSON) -> per-file workload facts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::cfn {

// Facts of the template in `text`; nullopt when the file is not a CloudFormation template
// (other YAML/JSON is ignored silently). A file that fails to parse but looks like a
// template yields facts holding only the parse error; so does one that hits a limit.
std::optional<FileFacts> parse_template(const std::string& path, std::string_view text,
                                        const ParseLimits& limits = {});

// Cheap textual test used for files that do not parse: does it claim to be a template?
bool looks_like_template(std::string_view text);

}  // namespace rightfit::cfn
