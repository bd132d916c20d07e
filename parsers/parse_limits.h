// Bounds that keep every run finite on hostile input (huge files, alias bombs, deep nesting,
// slow inputs), and the checks every parser applies to a file's bytes before parsing them.
// `.rightfit.yaml` sets them under `limits:`; a limit that stops a file is an RF001 naming it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/result.h"
#include "parsers/source_range.h"

namespace rightfit {

// A point in time after which a parse gives up. Loaders and evaluators check it
// cooperatively between steps, so no thread is ever killed.
class Deadline {
 public:
  Deadline() = default;  // never passes
  static Deadline after(std::chrono::milliseconds budget);
  static Deadline already_passed();

  bool passed() const { return at_ && std::chrono::steady_clock::now() >= *at_; }

 private:
  std::optional<std::chrono::steady_clock::time_point> at_;
};

struct ParseLimits {
  // 4 MiB: four times CloudFormation's own template limit (1 MB), and room for generated
  // Terraform; larger files are almost always data or build output.
  std::size_t max_file_bytes = 4u << 20;
  std::size_t max_yaml_nodes = 1'000'000;   // counts alias expansions ("billion laughs")
  std::size_t max_nesting_depth = 1'000;    // YAML/JSON collections, HCL expressions
  std::uint64_t parse_timeout_ms = 10'000;  // per file, while it is parsed
  // Terraform evaluation of one root module with the modules it calls: doubling locals,
  // nested `for`s and fan-out through module outputs grow exponentially in few lines. Counted
  // as values produced (each list, map and scalar an expression yields, by size), string bytes
  // produced, and expressions evaluated.
  std::size_t max_eval_values = 1'000'000;
  std::size_t max_eval_bytes = 64u << 20;
  std::size_t max_eval_steps = 1'000'000;

  // The deadline of a parse starting now.
  Deadline deadline() const;
};

// Documents are trees that every stage walks recursively: deeper ones could overflow the stack
// whatever the configuration says.
inline constexpr std::size_t kMaxNestingDepthCeiling = 10'000;

// Names of the limits as written in `.rightfit.yaml`, for messages.
inline constexpr std::string_view kMaxFileBytesKey = "limits.max_file_bytes";
inline constexpr std::string_view kMaxYamlNodesKey = "limits.max_yaml_nodes";
inline constexpr std::string_view kMaxNestingDepthKey = "limits.max_nesting_depth";
inline constexpr std::string_view kParseTimeoutKey = "limits.parse_timeout_ms";
inline constexpr std::string_view kMaxEvalValuesKey = "limits.max_eval_values";
inline constexpr std::string_view kMaxEvalBytesKey = "limits.max_eval_bytes";
inline constexpr std::string_view kMaxEvalStepsKey = "limits.max_eval_steps";

// "<what>: raise limits.x in .rightfit.yaml ..." for a message about a limit that was hit.
std::string limit_hint(std::string_view key);

// Why a file's text was not handed to a parser.
struct SourceProblem {
  Position where;
  std::string message;
  // A file too large to read: its first bytes (kHeadBytes), so that front-ends which decide by
  // content can tell whether it is theirs at all (a 5 MB package-lock.json is nobody's).
  std::optional<std::string> head = std::nullopt;
};

// How much of a file too large to read is looked at (SourceProblem::head).
inline constexpr std::size_t kHeadBytes = 64u << 10;

// A file's text, or why it was not read.
using SourceText = Result<std::string, SourceProblem>;

// The one way rightfit reads a file: its text when it is a regular file (symbolic links
// followed) of at most `max_bytes` bytes, else why not, naming the cause (missing, no
// permission, a directory, FIFO, socket or device, too large). Never waits on a FIFO and never
// reads more than `max_bytes` + 1 bytes. `limit_key` names the setting that raises the bound
// in the message ("": a fixed bound).
SourceText read_regular_file(const std::string& path, std::size_t max_bytes,
                             std::string_view limit_key = {});

// read_regular_file within `limits.max_file_bytes`: an analysed file. UTF-16 and UTF-32 text
// comes back as UTF-8 (wide_text.h); a file too large keeps its head (SourceProblem::head).
SourceText read_source_file(const std::string& path, const ParseLimits& limits);

// The first reason `text` is not text a parser should see: a NUL byte (a binary file) or a
// byte sequence that is not UTF-8. nullopt for valid UTF-8 text (a BOM is fine).
std::optional<SourceProblem> check_text_encoding(std::string_view text);

}  // namespace rightfit
