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
  return ta.ok() && tb.ok() && *ta == *tb;
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

// A file of an asset directory: its path and its path below the asset directory.
struct Member {
  std::string file;
  std::string tail;
};

// The source directory an asset was copied from: the directory holding files at the same
// relative paths as the asset's, the most with equal content winning, then the most by path;
// nullopt when none, or when two are equally good (keeping the copy is better than a guess).
std::optional<std::string> source_of(const std::vector<Member>& members,
                                     const std::vector<std::string>& sources,
                                     const FileReader& read, const ParseLimits& limits) {
  std::map<std::string, Score> candidates;  // source directory -> score
  for (const Member& m : members) {
    for (const std::string& source : sources) {
      if (source != m.tail && !source.ends_with("/" + m.tail)) continue;
      const std::string base =
          source == m.tail ? "." : source.substr(0, source.size() - m.tail.size() - 1);
      Score& s = candidates[base];
      ++s.second;
      if (same_text(m.file, source, read, limits)) ++s.first;
    }
  }
  if (candidates.empty()) return std::nullopt;
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
  if (tie) return std::nullopt;
  return best->first;
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
  std::map<std::string, std::vector<Member>> assets;  // asset directory -> its analysed files
  std::vector<const FileFacts*> outside;              // files in no asset directory
  for (const FileFacts& f : files) {
    if (std::optional<AssetFile> a = asset_file(f.file)) {
      assets[a->dir].push_back({f.file, a->tail});
    } else {
      outside.push_back(&f);
    }
  }
  if (assets.empty()) return;  // no CDK assembly: nothing to stat (editors run this per keystroke)
  std::vector<std::string> sources;  // files outside any assembly
  for (const FileFacts* f : outside) {
    if (!cdk::in_cloud_assembly(f->file))
      sources.push_back(fs::path(f->file).lexically_normal().generic_string());
  }
  std::set<std::string> copies;  // asset files whose source is analysed
  for (const auto& [dir, members] : assets) {
    std::optional<std::string> source = source_of(members, sources, read, limits);
    if (!source) continue;
    for (const Member& m : members) {
      const std::string file = (fs::path(*source) / m.tail).lexically_normal().generic_string();
      if (std::find(sources.begin(), sources.end(), file) != sources.end()) copies.insert(m.file);
    }
    repoint(files, dir, *source);
  }
  std::erase_if(files, [&](const FileFacts& f) { return copies.count(f.file) > 0; });
}

}  // namespace rightfit
