// Whether a JSON/YAML file may be a Kubernetes manifest, decided from its bytes before any
// load: a repository's other JSON (vendored API models that mention "apiVersion" deep inside)
// is declined without paying for a parse.
#pragma once

#include <string_view>

namespace rightfit::k8s {

// Whether `apiVersion` and `kind` both occur as top-level keys: keys of the outermost object
// of a JSON text (or YAML flow mapping), or keys at the start of a line of a YAML text (any
// of its documents). Byte-level and lenient: text that fails to load still says so.
bool has_top_level_manifest_keys(std::string_view text);

}  // namespace rightfit::k8s
