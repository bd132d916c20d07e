// Text saved as UTF-16 or UTF-32 (Windows editors and PowerShell's `Out-File` write templates
// so): the shared reader transcodes it to UTF-8, the one encoding the parsers read. A line is
// still a line and a column still counts code points, so every position stays where the user
// sees it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rightfit {

// The UTF-8 of `bytes` when they are UTF-16 or UTF-32: with a byte order mark (kept, as a
// UTF-8 one), or UTF-16 without one when the first two characters are ASCII (a NUL beside each).
// Code units that form no character (an unpaired surrogate, a last odd byte) become U+FFFD.
// nullopt for anything else (UTF-8 text, or bytes that are not text at all).
std::optional<std::string> utf8_of_wide_text(std::string_view bytes);

}  // namespace rightfit
