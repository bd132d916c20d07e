#include "analyzer/cdk_assets.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "parsers/cdk/cdk_assembly.h"

namespace rightfit {

namespace {

namespace fs = std::filesystem;

// A file inside `<assembly>/asset.<hash>/`: that directory and the path below it.
struct AssetFile {
  std::string dir;
  std::string tail;
};

std::optional<AssetFile> asset_file(const std::string& path) {
  const fs::path p = fs::path(path).lexically_normal();
  fs::path dir;
  for (auto it = p.begin(); it != p.end(); ++it) {
    const std::string part = it->string();
    dir /= *it;
    if (!part.starts_with("asset.") || std::next(it) == p.end()) continue;
    if (!cdk::is_cloud_assembly(dir.parent_path().string())) continue;
    return AssetFile{dir.generic_string(),
                     fs::path(path).lexically_normal().lexically_relative(dir).generic_string()};
  }
  return std::nullopt;
}

bool same_text(const std::string& a, const std::string& b, const FileReader& read,
               const ParseLimits& limits) {
  SourceText ta = read(a, limits), tb = read(b, limits);
  return ta.text && tb.text && *ta.text == *tb.text;
}

// How well a source directory matches an asset: files equal in content, then files of the
// same relative path.
using Score = std::pair<size_t, size_t>;

// `path` below `from` moved below `to`.
std::string moved(const std::string& path, const std::string& from, const std::string& to) {
  const std::string p = fs::path(path).lexically_normal().generic_string();
  if (p != from && !p.starts_with(from + "/")) return path;
  const std::string rest = p.substr(from.size());
  std::string out = (fs::path(to) / fs::path(rest.empty() ? "." : rest.substr(1)))
                        .lexically_normal()
                        .generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

void repoint(std::vector<FileFacts>& files, const std::string& from, const std::string& to) {
  for (FileFacts& facts : files) {
    for (Function& f : facts.functions) {
      if (f.code_dir) f.code_dir = moved(*f.code_dir, from, to);
      if (f.dockerfile.value) f.dockerfile.value = moved(*f.dockerfile.value, from, to);
      if (f.docker_context.value) f.docker_context.value = moved(*f.docker_context.value, from, to);
    }
    for (ImageAsset& a : facts.image_assets) a.dockerfile = moved(a.dockerfile, from, to);
  }
}

}  // namespace

void resolve_asset_copies(std::vector<FileFacts>& files, const FileReader& read,
                          const ParseLimits& limits) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> assets;  // dir -> files
  std::vector<std::string> sources;  // files outside any assembly
  for (const FileFacts& f : files) {
    if (std::optional<AssetFile> a = asset_file(f.file)) {
      assets[a->dir].emplace_back(f.file, a->tail);
    } else if (!cdk::in_cloud_assembly(f.file)) {
      sources.push_back(fs::path(f.file).lexically_normal().generic_string());
    }
  }
  std::set<std::string> copies;  // asset files whose source is analysed
  for (const auto& [dir, members] : assets) {
    std::map<std::string, Score> candidates;  // source directory -> score
    for (const auto& [file, tail] : members) {
      for (const std::string& source : sources) {
        if (source != tail && !source.ends_with("/" + tail)) continue;
        const std::string base =
            source == tail ? "." : source.substr(0, source.size() - tail.size() - 1);
        Score& s = candidates[base];
        ++s.second;
        if (same_text(file, source, read, limits)) ++s.first;
      }
    }
    if (candidates.empty()) continue;
    auto best = candidates.begin();
    bool tie = false;
    for (auto it = std::next(candidates.begin()); it != candidates.end(); ++it) {
      if (it->second > best->second) {
        best = it;
        tie = false;
      } else if (it->second == best->second) {
        tie = true;
      }
    }
    if (tie) continue;  // two equally good sources: keep the copy rather than guess
    for (const auto& [file, tail] : members) {
      const std::string source = (fs::path(best->first) / tail).lexically_normal().generic_string();
      if (std::find(sources.begin(), sources.end(), source) != sources.end()) copies.insert(file);
    }
    repoint(files, dir, best->first);
  }
  std::erase_if(files, [&](const FileFacts& f) { return copies.count(f.file) > 0; });
}

}  // namespace rightfit
