// The files of an AWS CDK cloud assembly (`cdk.out/`, what `cdk synth` writes) besides its
// templates: the metadata that says where the app created each construct, and bookkeeping
// that holds nothing about workloads. rightfit only reads an assembly; it never runs synth.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::cdk {

// Whether the directory of `path` is a cloud assembly (see is_cloud_assembly).
bool in_cloud_assembly(const std::string& path);

// Construct metadata: `manifest.json` (`artifacts.<id>.metadata`, older CDK) and
// `<Stack>.metadata.json` (its `additionalMetadataFile`, newer CDK); and the asset manifests
// `<Stack>.assets.json` (Docker image assets), inside an assembly.
bool is_assembly_metadata(const std::string& path);

// Files of an assembly with nothing to analyse: `tree.json`, `validation-report.json`,
// `performance-counters.json`. Left unread: `tree.json` of a large app easily exceeds the file size
// limit and would be a false RF001.
bool is_assembly_bookkeeping(const std::string& path);

// The construct traces (or image assets) of a metadata file (nullopt: the JSON is not
// assembly metadata); a file that is not valid JSON is a parse error.
std::optional<FileFacts> parse_assembly_metadata(const std::string& path, std::string_view text,
                                                 const ParseLimits& limits = {});

// Where an app's `cdk.json` says `cdk synth` writes the assembly: its "output", relative to
// the directory of cdk.json; "cdk.out" (the CLI's default) when absent or unreadable.
std::string assembly_directory(std::string_view cdk_json_text);

// Whether a directory is a cloud assembly: it holds `manifest.json` and the `cdk.out`
// marker (or `tree.json`).
bool is_cloud_assembly(const std::string& directory);

// One frame of a node stack trace: "fn (/app/app.js:9:12)", "/app/app.js:9:12",
// "file:///app/app.mjs:9:12". nullopt for frames without a position, elided ones
// ("...node internals...") and node's own (`node:internal/...`).
std::optional<SourceRange> parse_trace_frame(std::string_view frame);

}  // namespace rightfit::cdk
