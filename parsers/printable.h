// Text from the analysed repository made safe to print.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rightfit {

// `text` with control characters (ESC, CR, LF, ... and DEL) written as `\xNN`: file names,
// logical ids and literals come from the analysed repository, and raw they could recolour a
// terminal or spoof a line (`fake:1:1: error: ... [RF101]`).
std::string escape_controls(std::string_view text);

// At most 40 bytes of `text` for a message (cut on a character boundary, then "..."), control
// characters escaped: a message quotes what the analysed file says, never pages of it.
std::string excerpt(std::string_view text);

// Appends `byte` as two hexadecimal digits ("0a", or "0A" with `upper`).
void append_hex_byte(std::string& out, unsigned char byte, bool upper = false);

// Length of the well-formed UTF-8 sequence that starts `text` (the Unicode Standard's table of
// well-formed byte sequences: no overlong forms, surrogates or code points past U+10FFFF), or
// 0 when its first byte starts none.
std::size_t utf8_sequence_length(std::string_view text);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool is_valid_utf8(std::string_view text);

// `text` with each byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD:
// JSON, SARIF and LSP messages must be UTF-8 whatever bytes a file name or a file holds.
std::string to_valid_utf8(std::string_view text);

}  // namespace rightfit
