#include "parsers/dockerfile/dependency_installs.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace rightfit::dockerfile::detail {
namespace {

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), word) != options.end();
}

// The command without what only sets up its environment: `exec`, `env`, `sudo`, `VAR=x`.
std::vector<std::string> without_prefixes(std::vector<std::string> words) {
  while (!words.empty()) {
    const std::string& w = words.front();
    const bool assignment = !w.empty() && w[0] != '-' && w.find('=') != std::string::npos;
    if (w != "exec" && w != "env" && w != "sudo" && !assignment) break;
    words.erase(words.begin());
  }
  return words;
}

// pip's options that take a value as the next word (the rest are switches).
bool pip_option_takes_value(std::string_view option) {
  return is_one_of(option, {"-c",
                            "--constraint",
                            "-t",
                            "--target",
                            "-i",
                            "--index-url",
                            "--extra-index-url",
                            "-f",
                            "--find-links",
                            "--prefix",
                            "--root",
                            "--platform",
                            "--python-version",
                            "--implementation",
                            "--abi",
                            "--only-binary",
                            "--no-binary",
                            "--trusted-host",
                            "--cache-dir",
                            "--src",
                            "--progress-bar",
                            "--upgrade-strategy",
                            "-C",
                            "--config-settings",
                            "--report",
                            "--log",
                            "--proxy",
                            "--timeout",
                            "--retries",
                            "--python",
                            "--root-user-action"});
}

// A positional pip argument that names a local project directory (`.`, `./svc`, `/src`),
// not a requirement specifier, an archive or a URL.
bool is_local_project(std::string_view word) {
  if (word.empty() || word.find("://") != std::string_view::npos || word.starts_with("git+")) {
    return false;
  }
  for (std::string_view archive : {".whl", ".tar.gz", ".zip", ".tgz"}) {
    if (word.ends_with(archive)) return false;
  }
  return word[0] == '.' || word[0] == '/' || word[0] == '$' || word[0] == '~';
}

std::string pyproject_of(std::string project) {
  if (const std::size_t extras = project.find('['); extras != std::string::npos) {
    project.resize(extras);  // `.[gpu]`
  }
  while (project.size() > 1 && project.back() == '/') project.pop_back();
  return project + "/pyproject.toml";
}

std::vector<InstallSource> pip_sources(const std::vector<std::string>& w, std::size_t from) {
  std::vector<InstallSource> out;
  for (std::size_t i = from; i < w.size(); ++i) {
    const std::string& word = w[i];
    if (word == "-r" || word == "--requirement") {
      if (i + 1 < w.size()) out.push_back({"requirements", w[++i]});
    } else if (word.starts_with("--requirement=")) {
      out.push_back({"requirements", word.substr(14)});
    } else if (word.starts_with("-r") && word.size() > 2) {
      out.push_back({"requirements", word.substr(2)});
    } else if (word == "-e" || word == "--editable") {
      if (i + 1 < w.size() && is_local_project(w[i + 1])) {
        out.push_back({"pyproject", pyproject_of(w[++i])});
      }
    } else if (!word.empty() && word[0] == '-') {
      if (pip_option_takes_value(word)) ++i;
    } else if (is_local_project(word)) {
      out.push_back({"pyproject", pyproject_of(word)});
    }
  }
  return out;
}

std::vector<InstallSource> conda_sources(const std::vector<std::string>& w) {
  const bool env_command = w.size() > 2 && w[1] == "env" && is_one_of(w[2], {"create", "update"});
  if (!env_command && (w.size() < 2 || !is_one_of(w[1], {"create", "install", "update"}))) {
    return {};
  }
  for (std::size_t i = 1; i < w.size(); ++i) {
    std::string file;
    if ((w[i] == "-f" || w[i] == "--file") && i + 1 < w.size()) file = w[i + 1];
    if (w[i].starts_with("--file=")) file = w[i].substr(7);
    if (file.empty()) continue;
    // A .txt file is a list of specifications, read like requirements.txt.
    return {{file.ends_with(".txt") ? "requirements" : "conda", file}};
  }
  if (env_command) return {{"conda", "environment.yml"}};  // conda's default file
  return {};
}

// `npm ci`, `npm install` (no package named), `yarn [install]`, `pnpm install`, `bun install`:
// what package.json in the working directory (or `--prefix dir`) depends on.
std::vector<InstallSource> npm_sources(const std::string& tool, const std::vector<std::string>& w) {
  const bool installs =
      (tool == "npm" && w.size() > 1 && is_one_of(w[1], {"ci", "install", "i"})) ||
      (tool == "yarn" && (w.size() == 1 || w[1] == "install" || w[1][0] == '-')) ||
      ((tool == "pnpm" || tool == "bun") && w.size() > 1 && is_one_of(w[1], {"install", "i"}));
  if (!installs) return {};
  std::string directory;
  for (std::size_t i = 1; i < w.size(); ++i) {
    const std::string& word = w[i];
    if (word == "--prefix" && i + 1 < w.size()) {
      directory = w[++i];
    } else if (word.starts_with("--prefix=")) {
      directory = word.substr(9);
    } else if (i > 1 && !word.empty() && word[0] != '-') {
      return {};  // `npm install sharp`: packages named on the line, read by the rule itself
    }
  }
  return {{"npm", directory.empty() ? "package.json" : directory + "/package.json"}};
}

// `*` and `?` in one path segment, as COPY's sources use them.
bool matches_glob(std::string_view pattern, std::string_view name) {
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string join(std::string_view directory, std::string_view name) {
  while (directory.ends_with('/')) directory.remove_suffix(1);
  if (directory.empty() || directory == ".") return std::string(name);
  return std::string(directory) + "/" + std::string(name);
}

// The directory part of a context path ("" for a file at the context's top).
std::string_view directory_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// A COPY source as a context path: no `./`, no trailing slash, "" for the context itself.
std::string context_path(std::string_view source) {
  std::string normal = image_path("", std::string(source));
  return normal == "." ? std::string() : normal;
}

// A source written as a directory (`.`, `app/`) or that may be one (no extension).
bool may_be_directory(std::string_view written, std::string_view normal) {
  return normal.empty() || written.ends_with('/') ||
         base_name(normal).find('.') == std::string_view::npos;
}

// `target` relative to `directory` when it lies below it (both image_path()s).
std::optional<std::string> below(const std::string& target, const std::string& directory) {
  const bool target_relative = target.empty() || (target[0] != '/' && target[0] != '$');
  if (directory.empty()) {
    if (target_relative && !target.starts_with("..")) return target;
    return std::nullopt;
  }
  if (directory == "/") {
    if (target.size() > 1 && target[0] == '/') return target.substr(1);
    return std::nullopt;
  }
  if (target.size() > directory.size() + 1 && target.starts_with(directory) &&
      target[directory.size()] == '/') {
    return target.substr(directory.size() + 1);
  }
  return std::nullopt;
}

void add_unique(std::vector<std::string>& to, std::string path) {
  if (std::find(to.begin(), to.end(), path) == to.end()) to.push_back(std::move(path));
}

// Where `copy` may have put `target` from, by the destination's path.
void sources_by_path(const ContextCopy& copy, const std::string& target,
                     std::vector<std::string>& out) {
  for (const std::string& written : copy.sources) {
    const std::string source = context_path(written);
    const std::string_view name = base_name(source);
    const bool glob = name.find_first_of("*?") != std::string_view::npos;
    if (!copy.into_directory && !glob && target == copy.destination) add_unique(out, source);
    std::optional<std::string> rel = below(target, copy.destination);
    if (!rel) continue;
    const bool same_name = rel->find('/') == std::string::npos && matches_glob(name, *rel);
    if (same_name) {
      add_unique(out, join(directory_of(source), *rel));
    }
    if (may_be_directory(written, source) && !glob) add_unique(out, join(source, *rel));
  }
}

// ... by the file name alone, when a variable hides the destination (`${LAMBDA_TASK_ROOT}`).
void sources_by_name(const ContextCopy& copy, const std::string& target,
                     std::vector<std::string>& out) {
  const std::string_view file = base_name(target);
  for (const std::string& written : copy.sources) {
    const std::string source = context_path(written);
    const std::string_view name = base_name(source);
    if (matches_glob(name, file)) {
      add_unique(out, join(directory_of(source), file));
    } else if (may_be_directory(written, source) &&
               name.find_first_of("*?") == std::string_view::npos) {
      add_unique(out, join(source, file));
    }
  }
}

}  // namespace

std::vector<InstallSource> install_sources(const std::vector<std::string>& command) {
  const std::vector<std::string> w = without_prefixes(command);
  if (w.empty()) return {};
  const std::string tool(base_name(w[0]));
  auto has = [&w](std::size_t i, std::string_view word) { return i < w.size() && w[i] == word; };
  if (tool.starts_with("pip") && has(1, "install")) return pip_sources(w, 2);
  if (tool.starts_with("python") && has(1, "-m") && w.size() > 3 && w[2].starts_with("pip") &&
      w[3] == "install") {
    return pip_sources(w, 4);
  }
  if (tool == "uv" && has(1, "pip") && has(2, "install")) return pip_sources(w, 3);
  if ((tool == "poetry" || tool == "pdm") && has(1, "install")) {
    return {{"pyproject", "pyproject.toml"}};
  }
  if (tool == "conda" || tool == "mamba" || tool == "micromamba") return conda_sources(w);
  return npm_sources(tool, w);
}

std::string image_path(const std::string& workdir, const std::string& path) {
  std::string whole;
  if (path.empty()) {
    whole = workdir;
  } else if (path[0] == '/' || path[0] == '$' || workdir.empty()) {
    whole = path;
  } else {
    whole = workdir + "/" + path;
  }
  const bool absolute = !whole.empty() && whole[0] == '/';
  std::vector<std::string_view> parts;
  std::string_view rest(whole);
  while (!rest.empty()) {
    const std::size_t slash = std::min(rest.find('/'), rest.size());
    const std::string_view part = rest.substr(0, slash);
    rest.remove_prefix(std::min(slash + 1, rest.size()));
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else if (part != ".." || !absolute) {
      parts.push_back(part);
    }
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out;
}

std::vector<std::string> context_sources(const std::vector<ContextCopy>& copies,
                                         const std::string& target) {
  std::vector<std::string> out;
  for (auto copy = copies.rbegin(); copy != copies.rend(); ++copy) {
    sources_by_path(*copy, target, out);
  }
  if (!out.empty()) return out;
  for (auto copy = copies.rbegin(); copy != copies.rend(); ++copy) {
    sources_by_name(*copy, target, out);
  }
  return out;
}

}  // namespace rightfit::dockerfile::detail
