// CloudFormation and SAM templates (YAML or JSON) -> per-file workload facts.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "parsers/document/document.h"
#include "parsers/file_reader.h"
#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::cfn {

// Reads what another tool wrote into a loaded template (`root`, from the file at `path`) into
// its facts: AWS CDK's construct paths and assets (parsers/cdk). Given by the front-end list,
// so that CloudFormation names no tool that generates templates.
using TemplateHook = void (*)(const std::string& path, const doc::Node& root, FileFacts& facts);

// Facts of the template in `text`; nullopt when the file is not a CloudFormation template
// (other YAML/JSON is ignored silently). A file that fails to parse but looks like a
// template yields facts holding only the parse error; so does one that hits a limit.
// `hooks` run, in order, on the facts of every template read.
std::optional<FileFacts> parse_template(const std::string& path, std::string_view text,
                                        const ParseLimits& limits = {},
                                        std::span<const TemplateHook> hooks = {});

// SAM builds a function from its CodeUri, Metadata.DockerContext and Metadata.Dockerfile, paths
// of this machine: one outside `roots` (`../../x`, "/x", a symlinked directory) is an RF002 on
// its line, as Terraform's `source = "../x"` is, and leaves the facts (nothing reads it). The
// template's own directory counts as inside.
void refuse_build_paths_outside(FileFacts& facts, const ReadRoots& roots);

// The quick test parse_template starts with: a template (or one that failed to load) cannot
// lack both `AWSTemplateFormatVersion` and `AWS::`.
bool may_be_template(std::string_view text);

// Raw CloudFormation inside another format's file (Serverless Framework `resources`), already
// loaded: `root` is template-shaped (Resources, Conditions, Mappings, Parameters).
struct EmbeddedTemplate {
  const doc::Node& root;
  // Resources the embedding format generates (logical ID -> type): references to them are
  // resource references (an event source mapping naming `HelloLambdaFunction`).
  std::map<std::string, std::string> generated = {};
  // Function names (FunctionName values) of generated functions -> their logical IDs.
  std::map<std::string, std::string> function_names = {};
  // Values the embedding format could not resolve, and why; not owned, may be null.
  const std::unordered_map<const doc::Node*, std::string>* unresolved = nullptr;
  // The embedding file's text, which the nodes' positions are in: where fixes write (a queue's
  // VisibilityTimeout). Empty: no fixes.
  std::string_view text = {};
};

// Facts of the resources of `embedded`, scoped to `path` like a template's. Comment
// suppressions are the embedding parser's to read (it knows the whole file).
FileFacts parse_embedded_template(const std::string& path, const EmbeddedTemplate& embedded);

// Cheap textual test used for files that do not parse: does it claim to be a template?
bool looks_like_template(std::string_view text);

}  // namespace rightfit::cfn
