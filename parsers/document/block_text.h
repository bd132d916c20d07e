// New YAML and JSON entries written as a file's neighbours are (parsers/new_blocks.h).
#pragma once

#include <string>
#include <vector>

#include "parsers/new_blocks.h"

namespace rightfit::doc {

// Each entry as a block-style YAML mapping entry at `indent`, one level `step` deeper per
// nesting, each line ending in a newline. CloudFormation intrinsics take their short forms.
std::string yaml_entries(const std::vector<NewEntry>& entries, const std::string& indent,
                         const std::string& step);

// Each entry as a JSON member on a line of its own at `indent` (its value laid out one member
// a line, `step` deeper per level), preceded by a newline; members joined by commas.
std::string json_members(const std::vector<NewEntry>& entries, const std::string& indent,
                         const std::string& step);

}  // namespace rightfit::doc
