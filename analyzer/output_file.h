// Writes files atomically: an unnamed temporary file (O_TMPFILE) beside the target, then linked
// and renamed over it, so a run killed halfway leaves the previous file intact and no temporary
// behind.
#pragma once

#include <string>
#include <string_view>

namespace rightfit {

// Replaces `path`, whatever is there, with `content` atomically. For rightfit's own files (the
// cache). Returns an empty string on success, else the cause (naming the path).
std::string write_file_atomically(const std::string& path, std::string_view content);

// A file the user named (`-o`, `--write-baseline`): a symlink is followed and kept; a device,
// FIFO or socket is written in place (renaming over it would turn /dev/null into a regular
// file); a regular file or none is written atomically.
std::string write_output_file(const std::string& path, std::string_view content);

}  // namespace rightfit
