#include "parsers/dockerfile/dependency_files.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>

#include "parsers/document/document.h"
#include "parsers/text_position.h"

namespace rightfit::dockerfile {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// The distribution name of a requirement specifier, as pip compares them: lowercase, `_` and
// `.` read as `-` ("Torch>=2", "opencv_python[contrib]", "name @ https://..."); "" for none.
std::string requirement_name(std::string_view spec) {
  std::size_t end = 0;
  while (end < spec.size() && (std::isalnum(static_cast<unsigned char>(spec[end])) ||
                               spec[end] == '-' || spec[end] == '_' || spec[end] == '.')) {
    ++end;
  }
  std::string name(spec.substr(0, end));
  for (char& c : name) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '_' || c == '.') c = '-';
  }
  return name;
}

SourceRange range_at(const std::string& path, const LineIndex& lines, std::size_t begin,
                     std::size_t end) {
  return SourceRange{path, Span{lines.at(begin), lines.at(end)}};
}

// requirements.txt: one specifier a line, `#` comments, `\` continuations, options (`-r`,
// `-c`, `--index-url`, `-e`) on lines of their own.
DependencyList read_requirements(const std::string& path, std::string_view text) {
  DependencyList out;
  LineIndex lines(text);
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    // A comment starts at `#` at the line's start or after a blank.
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) {
        line = line.substr(0, i);
        break;
      }
    }
    const std::string_view spec = trimmed(line);
    if (spec.empty()) continue;
    const auto offset = static_cast<std::size_t>(spec.data() - text.data());
    if (spec.starts_with("-r") || spec.starts_with("--requirement")) {
      std::string_view file = spec.substr(spec.starts_with("-r") ? 2 : 13);
      if (!file.empty() && file.front() == '=') file.remove_prefix(1);
      file = trimmed(file);
      if (!file.empty()) out.includes.emplace_back(file);
      continue;
    }
    if (spec.front() == '-') continue;  // other options
    std::string name = requirement_name(spec);
    if (name.empty()) continue;
    out.packages.push_back({std::move(name), range_at(path, lines, offset, offset + spec.size())});
  }
  return out;
}

// The string literals of a TOML array that starts at text[from] (`[`), with their offsets.
std::vector<std::pair<std::string_view, std::size_t>> toml_strings(std::string_view text,
                                                                   std::size_t from) {
  std::vector<std::pair<std::string_view, std::size_t>> out;
  int depth = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[') ++depth;
    if (c == ']' && --depth == 0) break;
    if (c == '#') {
      i = std::min(text.find('\n', i), text.size());
      continue;
    }
    if (c != '"' && c != '\'') continue;
    const std::size_t close = text.find(c, i + 1);
    if (close == std::string_view::npos) break;
    out.emplace_back(text.substr(i + 1, close - i - 1), i + 1);
    i = close;
  }
  return out;
}

// pyproject.toml: `[project] dependencies = [...]`, and `[tool.poetry.dependencies]` keys
// (without `python`). A line-level reading: tables and keys as PEP 621 and Poetry write them.
DependencyList read_pyproject(const std::string& path, std::string_view text) {
  DependencyList out;
  LineIndex lines(text);
  std::string table;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = trimmed(text.substr(at, end - at));
    at = end + 1;
    if (line.starts_with('[')) {
      table = std::string(trimmed(line.substr(1, line.find(']') - 1)));
      continue;
    }
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos || line.starts_with('#')) continue;
    const std::string_view key = trimmed(line.substr(0, equals));
    const auto key_at = static_cast<std::size_t>(line.data() - text.data());
    if (table == "project" && key == "dependencies") {
      const std::size_t open = text.find('[', key_at + equals);
      if (open == std::string_view::npos) continue;
      for (auto [spec, offset] : toml_strings(text, open)) {
        std::string name = requirement_name(trimmed(spec));
        if (!name.empty()) {
          out.packages.push_back(
              {std::move(name), range_at(path, lines, offset, offset + spec.size())});
        }
      }
    } else if (table == "tool.poetry.dependencies" && key != "python" && !key.empty()) {
      std::string name = requirement_name(key);
      if (!name.empty()) {
        out.packages.push_back(
            {std::move(name), range_at(path, lines, key_at, key_at + key.size())});
      }
    }
  }
  return out;
}

void add_conda_spec(const std::string& path, const doc::Node& item, DependencyList& out) {
  std::string_view spec = item.text;
  // `conda-forge::pytorch=2.3`: the channel is not part of the name.
  if (const std::size_t channel = spec.find("::"); channel != std::string_view::npos) {
    spec.remove_prefix(channel + 2);
  }
  std::string name = requirement_name(trimmed(spec));
  if (!name.empty()) out.packages.push_back({std::move(name), SourceRange{path, item.span}});
}

// environment.yml: `dependencies:` conda specs, and a `pip:` list of requirement specifiers.
DependencyList read_conda(const std::string& path, std::string_view text,
                          const ParseLimits& limits) {
  DependencyList out;
  doc::LoadResult loaded = doc::load_yaml(text, doc::load_limits_of(limits));
  const doc::Node* dependencies = loaded.ok() ? loaded->find("dependencies") : nullptr;
  if (!dependencies || !dependencies->is_sequence()) return out;
  for (const doc::Node& item : dependencies->items) {
    if (item.is_scalar()) add_conda_spec(path, item, out);
    const doc::Node* pip = item.find("pip");
    if (!pip || !pip->is_sequence()) continue;
    for (const doc::Node& spec : pip->items) {
      if (!spec.is_scalar() || spec.text.starts_with("-")) continue;
      std::string name = requirement_name(trimmed(spec.text));
      if (!name.empty()) out.packages.push_back({std::move(name), SourceRange{path, spec.span}});
    }
  }
  return out;
}

// package.json: the keys of `dependencies`, scoped names included.
DependencyList read_package_json(const std::string& path, std::string_view text,
                                 const ParseLimits& limits) {
  DependencyList out;
  doc::LoadResult loaded = doc::load_json(text, doc::load_limits_of(limits));
  const doc::Node* dependencies = loaded.ok() ? loaded->find("dependencies") : nullptr;
  if (!dependencies || !dependencies->is_mapping()) return out;
  for (const doc::Entry& e : dependencies->entries) {
    if (!e.key.is_scalar() || e.key.text.empty()) continue;
    std::string name = e.key.text;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.packages.push_back({std::move(name), SourceRange{path, e.key.span}});
  }
  return out;
}

}  // namespace

DependencyList read_dependency_file(std::string_view format, const std::string& path,
                                    std::string_view text, const ParseLimits& limits) {
  if (format == "requirements") return read_requirements(path, text);
  if (format == "pyproject") return read_pyproject(path, text);
  if (format == "conda") return read_conda(path, text, limits);
  if (format == "npm") return read_package_json(path, text, limits);
  return {};
}

}  // namespace rightfit::dockerfile
