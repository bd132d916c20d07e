// Reading text rightfit reads for itself (`.rightfit.yaml`, a baseline), as opposed to an
// analysed file (read_source_file): the same confined reader, the same encodings.
#pragma once

#include <cstddef>
#include <string>

#include "parsers/parse_limits.h"

namespace rightfit {

// read_regular_file within `max_bytes`; UTF-16 and UTF-32 text (an editor's, or PowerShell's
// `>`) comes back as UTF-8, as read_source_file gives an analysed file.
SourceText read_text_file(const std::string& path, std::size_t max_bytes);

}  // namespace rightfit
