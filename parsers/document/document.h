// A YAML or JSON document as a tree of positioned nodes. YAML short-form intrinsic tags
// (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) are rewritten to their long form (`{Ref: X}`,
// `{Fn::GetAtt: [A, B]}`, `{Fn::Sub: ...}`) while loading, so consumers see one shape.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/result.h"
#include "parsers/source_range.h"

namespace rightfit::doc {

struct Entry;

struct Node {
  enum class Kind : unsigned char { Null, Scalar, Sequence, Mapping };
  // Plain scalars may be numbers or booleans; quoted ones are always strings. JSON strings
  // are Quoted, JSON numbers/booleans Plain, JSON null is Kind::Null.
  enum class Style : unsigned char { Plain, Quoted };

  Kind kind = Kind::Null;
  Style style = Style::Plain;
  std::string text;            // scalar value (after unescaping / block folding)
  Span span;                   // begin = first character of the node; end = just past it
  std::vector<Node> items;     // Kind::Sequence
  std::vector<Entry> entries;  // Kind::Mapping, in document order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }

  // The value of the first entry whose key is the scalar `key`; nullptr when absent or
  // when this is not a mapping.
  const Node* find(std::string_view key) const;
  // The entry (key and value) of `key`; nullptr when absent.
  const Entry* find_entry(std::string_view key) const;
  // The last line this node or anything nested in it reaches (a resource's extent).
  uint32_t last_line() const;
};

struct Entry {
  Node key;
  Node value;
};

struct LoadError {
  Position where;  // where the parser stopped
  std::string message;
  std::string_view limit;  // the `.rightfit.yaml` key of the limit that stopped it, if any
};

// Bounds that keep loading hostile input finite.
struct LoadLimits {
  std::size_t max_nodes = 1'000'000;  // counts alias expansions too ("billion laughs")
  std::size_t max_depth = 1'000;      // nesting depth of sequences/mappings
  Deadline deadline;                  // checked every few hundred nodes
};

// The document's root (Kind::Null for an empty document), or why it was not loaded.
using LoadResult = Result<Node, LoadError>;

// The loaders' bounds from an analysis's limits.
LoadLimits load_limits_of(const ParseLimits& limits);
// What to report for `error`: `prefix` and its message ("invalid YAML: ..."), or, when a limit
// stopped the loader, "stopped at <limit>: <message>; <how to raise it>".
std::string describe_load_error(const LoadError& error, std::string_view prefix);
// Whether a file is JSON: named *.json, or its first non-blank character is `{`.
bool looks_like_json(const std::string& path, std::string_view text);
// Whether a file is named as a JSON or YAML document (*.json, *.yaml, *.yml, *.template, in
// any case): what the formats that share those extensions look into.
bool has_document_extension(std::string_view path);

// Parses YAML text (first document only) with yaml-cpp's event parser.
LoadResult load_yaml(std::string_view text, const LoadLimits& limits = {});
// Every document of a YAML stream (`---` separated), in order, positions in the whole text;
// an empty document is a Kind::Null node. On an error, `documents` holds those read before it:
// both sides at once, so this is not a Result.
struct DocumentsResult {
  std::vector<Node> documents;
  std::optional<LoadError> error;
};
DocumentsResult load_yaml_documents(std::string_view text, const LoadLimits& limits = {});
// Parses JSON text with RapidJSON, tracking the position of every value.
LoadResult load_json(std::string_view text, const LoadLimits& limits = {});

// Whether JSON `text` nests arrays and objects deeper than `limit` levels, by one linear scan
// (strings skipped; broken JSON answers for what it holds). For JSON read into a RapidJSON
// Document (a baseline, an LSP message), whose parse and walks recurse once per level.
bool json_nests_deeper_than(std::string_view text, std::size_t limit);

}  // namespace rightfit::doc
