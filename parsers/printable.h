// Text from the analysed repository made safe to print.
#pragma once

#include <string>
#include <string_view>

namespace rightfit {

// `text` with control characters (ESC, CR, LF, ... and DEL) written as `\xNN`: file names,
// logical ids and literals come from the analysed repository, and raw they could recolour a
// terminal or spoof a line (`fake:1:1: error: ... [RF101]`).
std::string escape_controls(std::string_view text);

}  // namespace rightfit
