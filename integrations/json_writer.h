// The few RapidJSON writing steps every JSON output of rightfit takes (the findings report,
// SARIF, the cost and placement reports): strings with their length (they may hold NULs),
// keyed members, and numbers without a spurious fraction.
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/printable.h"

namespace rightfit::json {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

// Any byte string (a file name, a literal) is written as valid UTF-8: RapidJSON copies bytes
// as they are, and one stray byte makes the whole report unreadable to a strict consumer.
// Any RapidJSON writer (the LSP's is compact).
template <typename AnyWriter>
void write_string(AnyWriter& w, std::string_view text) {
  if (is_valid_utf8(text)) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    return;
  }
  const std::string repaired = to_valid_utf8(text);
  w.String(repaired.data(), static_cast<rapidjson::SizeType>(repaired.size()));
}

inline void write_member(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  write_string(w, value);
}

inline void write_member(Writer& w, const char* key, uint32_t value) {
  w.Key(key);
  w.Uint(value);
}

// Whole numbers are written without a fraction ("1024", not "1024.0"); JSON has no NaN or
// infinity, so the caller leaves such values out (or writes null).
inline void write_number(Writer& w, double value) {
  if (value == std::trunc(value) && std::fabs(value) < 9.0e15) {
    w.Int64(static_cast<int64_t>(value));
  } else {
    w.Double(value);
  }
}

}  // namespace rightfit::json
