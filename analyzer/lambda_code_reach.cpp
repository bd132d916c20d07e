#include "analyzer/lambda_code_reach.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

namespace rightfit {

namespace {

namespace fs = std::filesystem;

// Directories above the including file where a quoted include is looked for (`-I` roots
// such as the repository's top or `include/` are usually a few levels up).
constexpr int kMaxIncludeLevels = 8;

// `p` absolute and lexically normal, without a trailing '/', so that paths written relative
// to the working directory and absolute ones compare.
std::string absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path whole = fs::absolute(p, ec);
  if (ec) whole = p;
  std::string s = whole.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool lies_in(const std::string& file, const std::string& dir_or_file) {
  if (dir_or_file == "/" || file == dir_or_file) return true;
  return file.size() > dir_or_file.size() && file.starts_with(dir_or_file) &&
         file[dir_or_file.size()] == '/';
}

// A file the scan has looked at: a candidate or a file one of them includes.
struct Scanned {
  std::string path;  // absolute, normal
  const Frontend* frontend = nullptr;
  CodeGlance glance;
  std::vector<std::size_t> includes;  // indexes of the scanned files it includes
  bool readable = true;
  // Where includes are looked for: the include directories of the candidate that led here (a
  // header is compiled with the command of the file that includes it).
  const IncludeDirs* include_dirs = nullptr;
};

// The include graph of the candidates, grown from them one include at a time.
class IncludeScan {
 public:
  IncludeScan(const FileReader& read, const ParseLimits& limits, const ReachBounds& bounds)
      : read_(read), limits_(limits), bounds_(bounds) {}

  void add_candidate(const CodeCandidate& candidate, const std::string& absolute) {
    if (candidate.text)
      add_read(*candidate.text, absolute, candidate.frontend, &candidate.include_dirs);
    else
      add_read(read_(candidate.path, limits_), absolute, candidate.frontend,
               &candidate.include_dirs);
    ++candidates_;
  }

  // Resolves every scanned file's includes, adding the files found; false when a bound
  // stopped it.
  bool grow() {
    for (std::size_t i = 0; i < files_.size() && !stopped_; ++i) {
      resolve_includes(i, false);
      resolve_includes(i, true);
    }
    return !stopped_;
  }

  const std::vector<Scanned>& files() const { return files_; }

 private:
  std::size_t add_read(const SourceText& source, const std::string& absolute,
                       const Frontend* frontend, const IncludeDirs* include_dirs) {
    CodeGlance glance =
        source ? frontend->glance(*source, bounds_.includes_per_file) : CodeGlance{};
    stopped_ = stopped_ || !glance.includes_complete;
    index_.emplace(absolute, files_.size());
    files_.push_back({absolute, frontend, std::move(glance), {}, source.ok(), include_dirs});
    return files_.size() - 1;
  }

  // Resolves files_[i]'s quoted or angle includes. By index: a file found grows files_.
  void resolve_includes(std::size_t i, bool angled) {
    auto names = [this, i, angled]() -> const std::vector<std::string>& {
      return angled ? files_[i].glance.angle_includes : files_[i].glance.includes;
    };
    for (std::size_t k = 0; k < names().size() && !stopped_; ++k) {
      const std::string name = names()[k];
      if (std::optional<std::size_t> found = angled ? resolve_angled(i, name) : resolve(i, name))
        files_[i].includes.push_back(*found);
    }
  }

  // The file `#include "name"` in files_[from] names: next to it, else in an include
  // directory of its build, else in a directory above.
  std::optional<std::size_t> resolve(std::size_t from, const std::string& name) {
    fs::path dir = fs::path(files_[from].path).parent_path();
    if (std::optional<std::size_t> found = look_in(from, dir, name)) return found;
    for (const std::string& include_dir : files_[from].include_dirs->quote) {
      if (std::optional<std::size_t> found = look_in(from, include_dir, name)) return found;
    }
    for (int level = 1; level <= kMaxIncludeLevels && dir != dir.parent_path(); ++level) {
      dir = dir.parent_path();
      if (std::optional<std::size_t> found = look_in(from, dir, name)) return found;
    }
    return std::nullopt;
  }

  // The file `#include <name>` in files_[from] names: in an include directory of its build
  // (the compiler's own directories hold no file of the repository).
  std::optional<std::size_t> resolve_angled(std::size_t from, const std::string& name) {
    for (const std::string& include_dir : files_[from].include_dirs->angle) {
      if (std::optional<std::size_t> found = look_in(from, include_dir, name)) return found;
    }
    return std::nullopt;
  }

  // Looks for `name` in `dir`; a bound reached stops the scan.
  std::optional<std::size_t> look_in(std::size_t from, const fs::path& dir,
                                     const std::string& name) {
    const std::string wanted = absolute_normal(dir / name);
    if (auto it = index_.find(wanted); it != index_.end()) return it->second;
    if (absent_.count(wanted)) return std::nullopt;
    if (lookups_ == bounds_.lookups) return stop();
    ++lookups_;
    SourceText source = read_(wanted, limits_);
    if (!source) {
      absent_.insert(wanted);
      return std::nullopt;
    }
    if (files_.size() == candidates_ + bounds_.included_files) return stop();
    return add_read(source, wanted, files_[from].frontend, files_[from].include_dirs);
  }

  std::optional<std::size_t> stop() {
    stopped_ = true;
    return std::nullopt;
  }

  const FileReader& read_;
  const ParseLimits& limits_;
  const ReachBounds& bounds_;
  std::vector<Scanned> files_;
  std::map<std::string, std::size_t> index_;
  std::set<std::string> absent_;
  std::size_t candidates_ = 0;
  std::size_t lookups_ = 0;
  bool stopped_ = false;  // by a bound (ReachBounds)
};

// Every scanned file connected to a seed through includes, in either direction.
std::vector<bool> connected_to(const std::vector<Scanned>& files, std::vector<bool> reached) {
  std::vector<std::vector<std::size_t>> neighbours(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (std::size_t j : files[i].includes) {
      neighbours[i].push_back(j);
      neighbours[j].push_back(i);
    }
  }
  std::vector<std::size_t> work;
  for (std::size_t i = 0; i < reached.size(); ++i) {
    if (reached[i]) work.push_back(i);
  }
  while (!work.empty()) {
    const std::size_t i = work.back();
    work.pop_back();
    for (std::size_t j : neighbours[i]) {
      if (!reached[j]) {
        reached[j] = true;
        work.push_back(j);
      }
    }
  }
  return reached;
}

}  // namespace

std::vector<std::string> lambda_code_paths(const std::vector<const FileFacts*>& facts,
                                           const std::string& root,
                                           const std::map<std::string, std::string>& handlers,
                                           const std::map<std::string, std::string>& images) {
  std::set<std::string> paths;
  auto add = [&paths](const fs::path& p) { paths.insert(absolute_normal(p)); };
  for (const FileFacts* file : facts) {
    const FileFacts& f = *file;
    const fs::path beside = fs::path(f.file).parent_path();
    for (const Function& fn : f.functions) {
      if (fn.code_dir) add(*fn.code_dir);
      if (fn.dockerfile.value) add(fs::path(*fn.dockerfile.value).parent_path());
      if (fn.docker_context.value) add(beside / *fn.docker_context.value);
    }
    for (const ImageAsset& a : f.image_assets) add(fs::path(a.dockerfile).parent_path());
  }
  const fs::path top = root.empty() ? fs::path(".") : fs::path(root);
  for (const auto& [workload, path] : handlers) add(top / path);
  for (const auto& [workload, path] : images) add((top / path).parent_path());
  return {paths.begin(), paths.end()};
}

std::vector<bool> reachable_by_lambda(const std::vector<CodeCandidate>& candidates,
                                      const std::vector<std::string>& code_paths,
                                      const FileReader& read, const ParseLimits& limits,
                                      const ReachBounds& bounds) {
  std::vector<bool> in_code_path(candidates.size(), false);
  std::vector<std::string> absolute(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    absolute[i] = absolute_normal(candidates[i].path);
    in_code_path[i] = std::any_of(code_paths.begin(), code_paths.end(),
                                  [&](const std::string& p) { return lies_in(absolute[i], p); });
  }
  if (std::all_of(in_code_path.begin(), in_code_path.end(), [](bool b) { return b; }))
    return in_code_path;
  IncludeScan scan(read, limits, bounds);
  for (std::size_t i = 0; i < candidates.size(); ++i)
    scan.add_candidate(candidates[i], absolute[i]);
  if (!scan.grow()) return std::vector<bool>(candidates.size(), true);
  const std::vector<Scanned>& files = scan.files();
  // The directories of the files that name an entry point hold that binary's other sources,
  // which may call each other without a shared header (a declaration written in place).
  std::vector<std::string> entry_dirs;
  for (const Scanned& f : files) {
    if (f.glance.names_entry_point) entry_dirs.push_back(fs::path(f.path).parent_path().string());
  }
  std::vector<bool> seeds(files.size(), false);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const bool in_entry_dir = std::any_of(entry_dirs.begin(), entry_dirs.end(),
                                          [&](const auto& d) { return lies_in(files[i].path, d); });
    seeds[i] = files[i].glance.names_entry_point || in_entry_dir ||
               (i < candidates.size() && in_code_path[i]);
  }
  std::vector<bool> reached = connected_to(files, std::move(seeds));
  reached.resize(candidates.size());
  // A file that cannot be read goes on to the parse, which reports why without Clang.
  for (std::size_t i = 0; i < candidates.size(); ++i) reached[i] = reached[i] || !files[i].readable;
  return reached;
}

}  // namespace rightfit
