// What an editor session keeps between analyses of a workspace: the parse results, declared
// with the front-ends that fill them (parsers/parsed_file_cache.h), and the walk.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "analyzer/discovery.h"
#include "parsers/parse_cache.h"
#include "parsers/parsed_file_cache.h"

namespace rightfit {

// The last walk of a workspace and the disk stamps taken since the disk last changed: an
// analysis after an edit of a buffer (DiskChange::None) neither walks nor stats.
struct KeptWalk {
  std::string key;  // what the walk depended on (paths, root, excludes, limits)
  std::optional<Discovery> discovery;
  std::mutex mutex;  // guards stamps: parse jobs stamp files in parallel
  std::map<std::string, std::optional<InputStamp>> stamps;  // by path, as the engine stamps them
};

}  // namespace rightfit
