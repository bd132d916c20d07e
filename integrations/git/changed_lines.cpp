#include "integrations/git/changed_lines.h"

#include <charconv>
#include <filesystem>
#include <string_view>

#include "integrations/git/git_command.h"

namespace rightfit {

namespace fs = std::filesystem;

namespace {

std::string canonical(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  fs::path resolved = fs::weakly_canonical(absolute, ec);
  return (ec ? absolute.lexically_normal() : resolved).string();
}

// A path as git writes it in a diff header: plain, or C-quoted ("a\tb") when it holds
// control characters, quotes or backslashes.
std::string unquote(std::string_view path) {
  if (path.size() < 2 || path.front() != '"' || path.back() != '"') return std::string(path);
  std::string out;
  for (std::size_t i = 1; i + 1 < path.size(); ++i) {
    if (path[i] != '\\' || i + 2 >= path.size()) {
      out += path[i];
      continue;
    }
    const char c = path[++i];
    if (c >= '0' && c <= '7' && i + 2 < path.size()) {  // three octal digits: a byte
      out += static_cast<char>(((c - '0') << 6) | ((path[i + 1] - '0') << 3) | (path[i + 2] - '0'));
      i += 2;
    } else {
      out += c == 't' ? '\t' : c == 'n' ? '\n' : c;
    }
  }
  return out;
}

uint32_t number(std::string_view text, std::size_t& at) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data() + at, text.data() + text.size(), value);
  at = static_cast<std::size_t>(end - text.data());
  return ec == std::errc() ? value : 0;
}

// `@@ -a[,b] +c[,d] @@`: the new side's lines; a pure deletion (d = 0) marks the lines
// around it, where what was removed used to be.
std::pair<uint32_t, uint32_t> hunk_lines(std::string_view header) {
  std::size_t at = header.find(" +");
  if (at == std::string_view::npos) return {0, 0};
  at += 2;
  const uint32_t first = number(header, at);
  uint32_t count = 1;
  if (at < header.size() && header[at] == ',') count = number(header, ++at);
  if (count == 0) return {first == 0 ? 1 : first, first + 1};
  return {first, first + count - 1};
}

}  // namespace

bool ChangedLines::covers(const SourceRange& where) const {
  return covers_canonical(canonical(where.file), where.line());
}

bool ChangedLines::covers_canonical(const std::string& path, uint32_t line) const {
  if (new_files.count(path) != 0) return true;
  auto it = ranges.find(path);
  if (it == ranges.end()) return false;
  if (line == 0) return true;  // a finding about the whole file: the file changed
  for (const auto& [first, last] : it->second) {
    if (line >= first && line <= last) return true;
  }
  return false;
}

ChangedLines parse_unified_diff(const std::string& top, const std::string& diff) {
  ChangedLines changed;
  std::string current;  // the new side's canonical path; empty for a deleted file
  bool added = false;
  std::size_t start = 0;
  while (start < diff.size()) {
    std::size_t end = diff.find('\n', start);
    if (end == std::string::npos) end = diff.size();
    const std::string_view line(diff.data() + start, end - start);
    start = end + 1;
    if (line.starts_with("diff --git ")) {
      added = false;
      current.clear();
    } else if (line.starts_with("new file mode")) {
      added = true;
    } else if (line.starts_with("+++ ")) {
      std::string_view path = line.substr(4);
      if (path.ends_with('\t')) path.remove_suffix(1);  // git's mark of a name with blanks
      current = path == "/dev/null" ? "" : canonical(top + "/" + unquote(path));
      if (!current.empty() && added) changed.new_files.insert(current);
    } else if (line.starts_with("@@ ") && !current.empty()) {
      const auto lines = hunk_lines(line);
      if (lines.first != 0) changed.ranges[current].push_back(lines);
    }
  }
  return changed;
}

Result<ChangedLines> changed_since(const std::string& directory, const std::string& revision) {
  Result<std::string> top = run_git(directory, {"rev-parse", "--show-toplevel"});
  if (!top) return fail(directory + " is not in a git work tree (" + top.problem().message + ")");
  std::string root = *top;
  while (!root.empty() && (root.back() == '\n' || root.back() == '\r')) root.pop_back();
  // `--end-of-options`: a revision starting with '-' is a revision, never an option.
  Result<std::string> commit = run_git(
      directory, {"rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"});
  if (!commit || commit->size() < 40) return fail("unknown revision '" + revision + "'");
  const std::string sha = commit->substr(0, commit->find('\n'));
  Result<std::string> diff = run_git(root, {"diff", "--no-ext-diff", "--no-textconv", "--no-color",
                                            "--no-prefix", "-M", "-U0", sha, "--"});
  if (!diff) return fail(diff.problem().message);
  ChangedLines changed = parse_unified_diff(root, *diff);
  changed.revision = revision;
  Result<std::string> untracked =
      run_git(root, {"ls-files", "--others", "--exclude-standard", "--full-name", "-z"});
  if (!untracked) return fail(untracked.problem().message);
  std::size_t at = 0;
  while (at < untracked->size()) {
    const std::size_t end = std::min(untracked->find('\0', at), untracked->size());
    if (end > at) changed.new_files.insert(canonical(root + "/" + untracked->substr(at, end - at)));
    at = end + 1;
  }
  return changed;
}

void keep_changed(std::vector<Finding>& findings, const ChangedLines& changed) {
  // Findings share a few files: resolve each path once (weakly_canonical is system calls).
  std::map<std::string, std::string> resolved;
  auto covers = [&](const SourceRange& where) {
    auto [it, fresh] = resolved.try_emplace(where.file);
    if (fresh) it->second = canonical(where.file);
    return changed.covers_canonical(it->second, where.line());
  };
  for (Finding& f : findings) {
    if (f.suppression || covers(f.location)) continue;
    bool related = false;
    for (const RelatedLocation& r : f.related) related = related || covers(r.where);
    if (related) continue;
    f.suppression = FindingSuppression{FindingSuppression::Kind::External,
                                       "not on a line changed since " + changed.revision};
  }
}

}  // namespace rightfit
