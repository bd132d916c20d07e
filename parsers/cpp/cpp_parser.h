// C++ Lambda handlers (aws-lambda-cpp) through Clang: parses one source file, with its real
// compile command when the project has a compile database, else standalone with rightfit's
// in-memory stand-in for <aws/lambda-runtime/runtime.h>. Missing headers are skipped, not
// fatal, so a file parses where the AWS SDK is not installed. Nothing is compiled or run.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/workload_facts.h"

namespace rightfit::cpp {

struct CppSource {
  std::string path;  // as shown in findings
  std::string text;  // its content (a file's, or an editor's unsaved buffer)
  // The compile command from compile_commands.json, already sanitised (compile_flags.h);
  // empty: parse standalone.
  std::vector<std::string> command;
  std::string directory;  // the command's working directory
  // A crash inside the parse becomes an RF001 (run_contained); the fuzz target turns this
  // off so that crashes in rightfit's own collector reach the fuzzer.
  bool contain_crashes = true;
};

// A project header the file included, as shown, with the hash of the text Clang read.
struct Dependency {
  std::string path;
  std::string content_hash;
};

struct CppParse {
  FileFacts facts;  // code_functions (and a parse error if Clang could not run at all)
  // A cached result is valid while these headers and the file itself are unchanged.
  std::vector<Dependency> dependencies;
};

CppParse parse_cpp(const CppSource& source);

// `// rightfit:ignore RF201 <reason>` comments: on the finding's line or alone on the line
// above (also for facts that come from the cache).
std::vector<Suppression> cpp_suppressions(const std::string& path, std::string_view text);

// Runs `work` so that a crash in it (a signal: Clang has crash-on-invalid bugs) returns false
// instead of ending the process, as libclang does. The first call installs LLVM's crash
// recovery signal handlers for the process; a crash outside `work` still ends it.
bool run_contained(const std::function<void()>& work);

// XXH3-128 of `text`, in hex: what a cached result's inputs are compared by.
std::string content_hash(std::string_view text);

// .cpp .cc .cxx .c++ (translation units; headers are read through them).
bool is_cpp_source(std::string_view path);

// Stand-in declarations for the AWS SDK and libpqxx types a file names while their headers
// are not installed (each block is guarded by __has_include of the library), so that
// `Aws::S3::S3Client client(config);` still parses into a construction.
std::string stand_in_declarations(std::string_view text);

// The stand-in for <aws/lambda-runtime/runtime.h> (parsers/cpp/overlay, embedded at build).
std::string_view lambda_runtime_header();

}  // namespace rightfit::cpp
