// Writes output files atomically: an unnamed temporary file (O_TMPFILE) beside the target, then
// linked and renamed over it, so a run killed halfway leaves the previous file intact and no
// temporary behind. A device, FIFO or socket is written in place (never replaced); a symlink is
// followed and kept.
#pragma once

#include <string>
#include <string_view>

namespace rightfit {

// Returns an empty string on success, else the cause (naming the path).
std::string write_file_atomically(const std::string& path, std::string_view content);

}  // namespace rightfit
