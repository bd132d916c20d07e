// Where a fix writes a value into a YAML or JSON document, in the document's own style: a
// scalar replaced with its quoting kept, a new entry at its siblings' indentation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/document/document.h"
#include "parsers/workload_facts.h"

namespace rightfit::doc {

// The scalar `value` as written in `text` (its span covers its quotes): a new value keeps the
// quote character. nullopt for anything but a scalar on one line.
std::optional<ValueSlot> scalar_slot(const std::string& path, std::string_view text,
                                     const Node& value);

// Where entry `key` goes in the mapping `parent_key` of `owner`'s value (a resource's
// `Properties`), created after its `after_key` entry (`Type`) when absent. Block-style YAML and
// JSON; nullopt for a flow-style YAML mapping, an empty JSON object, or text not laid out one entry
// a line where the new one must stand on its own.
std::optional<ValueSlot> new_entry_slot(const std::string& path, std::string_view text,
                                        const Entry& owner, std::string_view parent_key,
                                        std::string_view after_key, std::string_view key);

// Where new entries go right after entry `after` of the block mapping `mapping` (a service in
// a template's `Resources`): in YAML on the line after its last, at its indentation; in JSON
// after its value, with the comma. `step` is the file's own indentation step. Each entry has
// its own place, so that fixes adding beside different entries never meet. nullopt for a
// flow-style YAML mapping, or JSON members that do not stand on lines of their own.
std::optional<BlockSlot> new_entries_slot(const std::string& path, std::string_view text,
                                          const Node& mapping, const Entry& after);

// Where a new YAML document goes after `document` (one of a multi-document stream): on the
// line after its last, or at the end of the text.
std::optional<BlockSlot> new_document_slot(const std::string& path, std::string_view text,
                                           const Node& document);

}  // namespace rightfit::doc
