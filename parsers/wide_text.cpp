#include "parsers/wide_text.h"

#include <cstddef>
#include <cstdint>

#include "parsers/text_position.h"

namespace rightfit {

namespace {

struct WideForm {
  std::size_t unit;  // bytes per code unit: 2 or 4
  bool big_endian;
};

unsigned byte_at(std::string_view bytes, std::size_t i) {
  return static_cast<unsigned char>(bytes[i]);
}

std::optional<WideForm> wide_form_of(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) return WideForm{4, true};
  if (bytes.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) return WideForm{4, false};
  if (bytes.starts_with("\xFE\xFF")) return WideForm{2, true};
  if (bytes.starts_with("\xFF\xFE")) return WideForm{2, false};
  // No mark: UTF-8 text never holds a NUL, so two ASCII characters each beside a NUL are
  // UTF-16 (a binary file that looks so decodes to nothing a front-end claims).
  if (bytes.size() < 4) return std::nullopt;
  const auto ascii = [&](std::size_t i) {
    return byte_at(bytes, i) != 0 && byte_at(bytes, i) < 0x80;
  };
  const auto nul = [&](std::size_t i) { return byte_at(bytes, i) == 0; };
  if (ascii(0) && nul(1) && ascii(2) && nul(3)) return WideForm{2, false};
  if (nul(0) && ascii(1) && nul(2) && ascii(3)) return WideForm{2, true};
  return std::nullopt;
}

uint32_t unit_at(std::string_view bytes, std::size_t i, const WideForm& form) {
  uint32_t value = 0;
  for (std::size_t k = 0; k < form.unit; ++k) {
    const std::size_t at = form.big_endian ? i + k : i + form.unit - 1 - k;
    value = (value << 8) | byte_at(bytes, at);
  }
  return value;
}

bool is_high_surrogate(uint32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low_surrogate(uint32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

constexpr uint32_t kReplacement = 0xFFFD;

}  // namespace

std::optional<std::string> utf8_of_wide_text(std::string_view bytes) {
  const std::optional<WideForm> form = wide_form_of(bytes);
  if (!form) return std::nullopt;
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  for (; i + form->unit <= bytes.size(); i += form->unit) {
    uint32_t code_point = unit_at(bytes, i, *form);
    if (form->unit == 2 && is_high_surrogate(code_point)) {
      const std::size_t next = i + 2;
      const uint32_t low = next + 2 <= bytes.size() ? unit_at(bytes, next, *form) : 0;
      if (is_low_surrogate(low)) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        i = next;
      }
    }
    append_utf8(out, code_point);  // a lone surrogate or a value past U+10FFFF: U+FFFD
  }
  if (i < bytes.size()) append_utf8(out, kReplacement);
  return out;
}

}  // namespace rightfit
