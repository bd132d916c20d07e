// `file://` URIs <-> absolute paths (RFC 8089; percent-encoding of UTF-8 bytes).
#pragma once

#include <optional>
#include <string>

namespace rightfit::lsp {

std::string uri_from_path(const std::string& absolute_path);
// nullopt for anything but a local `file:` URI.
std::optional<std::string> path_from_uri(const std::string& uri);

}  // namespace rightfit::lsp
