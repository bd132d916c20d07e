// Parse results kept between analyses by a long-lived caller (the language server), one per
// file, each valid only while the file's input is the same: a disk file's stat identity, or an
// editor buffer's text, plus a key naming everything else the parse depended on (its limits).
// Parsers stay pure: they never see the cache; their callers
// look results up before parsing and store them after.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// A disk file as stat(2) sees it. Writing a file changes its size or mtime (nanoseconds) and
// always its ctime; replacing it (an editor's save-by-rename) changes its inode.
struct DiskStamp {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;

  friend bool operator==(const DiskStamp&, const DiskStamp&) = default;
};

// What a parse read: a disk file, or an editor's unsaved buffer (by its whole text).
using InputStamp = std::variant<DiskStamp, std::string>;

// The stamp of `path` as the matching FileReader would read it; nullopt when it cannot be
// taken (a missing file), and the result is then not cached.
using InputStamper = std::function<std::optional<InputStamp>(const std::string& path)>;

// The disk's stamper (stat of the file, following symlinks like the reader does).
std::optional<InputStamp> stamp_disk_file(const std::string& path);

// The part of a cache key that the limits make: a parse under other limits is another parse.
std::string limits_key(const ParseLimits& limits);

// Whether a parse gave up at limits.parse_timeout_ms: such a result depends on the machine's
// load, so it is not kept (every other result, errors included, depends on the input only).
bool stopped_by_time_limit(const std::vector<ParseError>& errors);

// Thread-safe: parallel parse jobs look up and store concurrently (a mutex guards the map;
// parsing itself runs outside it).
struct ParseCacheCounts {
  std::size_t hits = 0;    // lookups answered from the cache
  std::size_t misses = 0;  // lookups that had to parse (new, changed or uncacheable file)
};

template <class Parsed>
class ParseCache {
 public:
  using Counts = ParseCacheCounts;

  // The result of parsing `path`: the stored one when the stamp and key match, otherwise
  // `parse()`, stored when `cacheable(result)`. The stamp is taken before parsing, so a file
  // that changes while it is read is parsed again next time.
  template <class Parse, class Cacheable>
  Parsed get_or_parse(const std::string& path, const std::optional<InputStamp>& stamp,
                      const std::string& key, Parse&& parse, Cacheable&& cacheable) {
    if (stamp) {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(path);
          it != entries_.end() && it->second.stamp == *stamp && it->second.key == key) {
        ++counts_.hits;
        return it->second.parsed;
      }
    }
    Parsed parsed = parse();
    std::lock_guard lock(mutex_);
    ++counts_.misses;
    if (stamp && cacheable(parsed)) {
      entries_.insert_or_assign(path, Entry{*stamp, key, parsed});
    } else {
      entries_.erase(path);  // an older result is stale now
    }
    return parsed;
  }

  // Drops every file not in `paths` (deleted, renamed, excluded): the cache never holds
  // more than the workspace's last analysis read.
  void keep_only(const std::set<std::string>& paths) {
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const auto& entry) { return !paths.count(entry.first); });
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  Counts counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  struct Entry {
    InputStamp stamp;
    std::string key;
    Parsed parsed;
  };
  mutable std::mutex mutex_;
  // By the path the caller parsed it under: one hash of the path per lookup (an editor looks
  // up every file of the workspace at every edit).
  std::unordered_map<std::string, Entry> entries_;
  Counts counts_;
};

}  // namespace rightfit
