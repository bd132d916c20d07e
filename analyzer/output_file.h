// Writes output files atomically: a temporary file beside the target, then rename, so a run
// killed halfway leaves the previous file intact.
#pragma once

#include <string>
#include <string_view>

namespace rightfit {

// Returns an empty string on success, else the cause (naming the path).
std::string write_file_atomically(const std::string& path, std::string_view content);

}  // namespace rightfit
