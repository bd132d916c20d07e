// The cache of C++ facts (default: `$XDG_CACHE_HOME/rightfit/<repository>-<hash>/`, never
// inside the analysed tree, whose content is not to be trusted): the facts of each C++ file,
// so an unchanged file costs a read and a hash instead of a Clang parse. An entry is keyed by the file's path, content, compile
// command and rightfit's version, and records the project headers the file included with
// their hashes: it is used only while they are unchanged too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cpp/cpp_parser.h"
#include "parsers/cpp/parse_store.h"

namespace rightfit {

class CodeCache : public cpp::ParseStore {
 public:
  explicit CodeCache(std::string directory) : directory_(std::move(directory)) {}

  bool enabled() const { return !directory_.empty(); }
  static std::string key(std::string_view path, std::string_view text,
                         const std::vector<std::string>& command);

  std::optional<cpp::CppParse> load(const std::string& key) const;
  // Best effort: a cache that cannot be written costs speed, not results.
  void store(const std::string& key, const cpp::CppParse& parse) const;

  // The C++ front-end's view: keyed by the source's path, text and compile command.
  std::optional<cpp::CppParse> recall(const cpp::CppSource& source) const override {
    return load(key(source.path, source.text, source.command));
  }
  void remember(const cpp::CppSource& source, const cpp::CppParse& parse) const override {
    store(key(source.path, source.text, source.command), parse);
  }

 private:
  std::string directory_;
};

// The cache directory for an analysis of `root`: one per repository (the nearest ancestor
// holding `.git`, else `root`) below $XDG_CACHE_HOME/rightfit (or ~/.cache/rightfit); "" (no
// cache) when neither variable names an absolute directory.
std::string default_cache_directory(const std::string& root);

// Serialization of code facts (exposed for tests).
std::string code_facts_to_json(const cpp::CppParse& parse);
std::optional<cpp::CppParse> code_facts_from_json(std::string_view json);

}  // namespace rightfit
