// Serverless Framework variables (`${self:custom.x}`, `${opt:stage, 'dev'}`, `${env:X, y}`,
// `${file(./config.yml):key}`, `${sls:stage}`) resolved statically over a loaded serverless.yml.
// What cannot be known before deployment (`${ssm:...}`, `${cf:...}`, `${aws:...}`, a missing
// key, a cycle) is never guessed: the value is marked unresolved with the reason.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "parsers/document/document.h"
#include "parsers/file_reader.h"
#include "parsers/parse_limits.h"

namespace rightfit::sls {

struct VariableContext {
  std::string path;  // the serverless file, as shown (included files are relative to it)
  const FileReader* read = nullptr;  // reads `${file(...)}` files; null: they are unresolved
  ParseLimits limits;
};

struct ResolvedDocument {
  // The document with every variable replaced. A whole-value variable takes the referenced
  // node (with its positions: a value from `${self:...}` is located where it is written, and
  // the key holding it moves there too; what an included file gives is located at the
  // `${file(...)}` that includes it). Null when a limit stopped the resolution.
  std::unique_ptr<doc::Node> root;
  // Values that could not be resolved, and why (nodes of `root`).
  std::unordered_map<const doc::Node*, std::string> unresolved;
  // Set when a limit stopped it: the message and the limit's key.
  std::optional<std::string> error;
};

ResolvedDocument resolve_variables(const doc::Node& root, const VariableContext& context);

// The unresolved values of `node` (a part of a resolved document, or a copy of one), and why.
void collect_unresolved(const doc::Node& node,
                        std::unordered_map<const doc::Node*, std::string>& into);

// A scalar's text; for an unresolved value, its text with each unknown part as `*`
// ("arn:aws:sqs:*:*:jobs").
std::string partial_text(const doc::Node& node);

}  // namespace rightfit::sls
