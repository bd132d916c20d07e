// New Terraform blocks written as `terraform fmt` lays them out (parsers/new_blocks.h).
#pragma once

#include <string>
#include <vector>

#include "parsers/new_blocks.h"

namespace rightfit::tf {

// Each entry as a block (`resource "t" "n" {`) preceded by a blank line: scalar and sequence
// values are attributes, their `=` aligned within each run of them; mapping values are nested
// blocks, `step` deeper.
std::string hcl_blocks(const std::vector<NewEntry>& entries, const std::string& step);

}  // namespace rightfit::tf
