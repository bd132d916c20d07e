// Text helpers for building the HCL AST (private to parsers/terraform): the decoding of
// literal text inside strings and heredocs. Positions in code points: parsers/text_position.h.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace rightfit::hcl::detail {

// A quoted string's literal text: backslash escapes (\n \r \t \" \\ \uXXXX \UXXXXXXXX) and
// the template escapes `$${` / `%%{`.
std::string decode_quoted_literal(std::string_view raw);

// A heredoc's literal text: only `$${` / `%%{` are escapes (backslashes stay as written).
std::string decode_template_escapes(std::string_view raw);

// `<<-` heredocs: removes the smallest indentation (spaces and tabs) of the non-blank lines
// from every line. The content is a sequence of literal pieces and interpolations; a nullptr
// stands for an interpolation or directive, which is content on its line like any text.
void remove_heredoc_indentation(std::span<std::string* const> literals);

// Whitespace that the `~` strip markers of `${~ x ~}` remove.
void trim_trailing_whitespace(std::string& text);
void trim_leading_whitespace(std::string& text);

}  // namespace rightfit::hcl::detail
