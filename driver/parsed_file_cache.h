// What an editor session keeps between analyses of a workspace: the parse results, declared
// with the front-ends that fill them (parsers/parsed_file_cache.h), and the walk.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/discovery.h"
#include "analyzer/workload_graph.h"
#include "parsers/frontends.h"
#include "parsers/parse_cache.h"
#include "parsers/parsed_file_cache.h"

namespace rightfit {

// A walked file that is parsed on its own, with what its name says of its front-ends.
struct ClaimedFile {
  std::string path;
  NameClaim claim;
};

// A walk sorted for the parse: the files parsed one by one, in the walk's order, and those
// parsed with the other files of their project-level front-end (Terraform's modules), in the
// list's order. Asked of the front-ends once per walk, not at every edit.
struct WalkedFiles {
  std::vector<ClaimedFile> single;
  std::vector<std::pair<const Frontend*, std::vector<std::string>>> project;
  Discovery discovery;  // what the walk could not use, and the directories (files: above)
};

// The last walk of a workspace and the disk stamps taken since the disk last changed: an
// analysis after an edit of a buffer (DiskChange::None) neither walks nor stats. The walk is
// shared with the analyses that use it, never copied.
struct KeptWalk {
  std::string key;  // what the walk depended on (paths, root, excludes, limits)
  std::shared_ptr<const WalkedFiles> walked;  // null: none kept
  std::mutex mutex;                           // guards stamps: parse jobs stamp files in parallel
  // By path, as the engine stamps them: one hash of the path per file and edit.
  std::unordered_map<std::string, std::optional<InputStamp>> stamps;
  // The last link's resolved calls: an edit that changes no code reuses them.
  KeptCodeLinks code_links;
};

}  // namespace rightfit
