#include "analyzer/discovery.h"

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "parsers/cdk/cdk_assembly.h"
#include "parsers/file_reader.h"
#include "parsers/frontends.h"
#include "parsers/printable.h"
#include "parsers/text_position.h"

namespace rightfit {

namespace fs = std::filesystem;

namespace {

// --- glob matching -------------------------------------------------------------------

// Matches a `[...]` class starting at pattern[i] (the '['). Returns the index just past the
// class, or npos when the class is unterminated (then '[' is an ordinary character).
std::size_t match_class(std::string_view pattern, std::size_t i, char c, bool& matched) {
  std::size_t j = i + 1;
  const bool negated = j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^');
  if (negated) ++j;
  const std::size_t first = j;
  bool hit = false;
  for (; j < pattern.size(); ++j) {
    if (pattern[j] == ']' && j > first) {
      matched = hit != negated;
      return j + 1;
    }
    char low = pattern[j];
    if (low == '\\' && j + 1 < pattern.size()) low = pattern[++j];
    char high = low;
    if (j + 2 < pattern.size() && pattern[j + 1] == '-' && pattern[j + 2] != ']') {
      high = pattern[j + 2];
      j += 2;
    }
    if (low <= c && c <= high) hit = true;
  }
  return std::string_view::npos;
}

// Matches one literal-or-class-or-'?' element at pattern[p] against c; sets `next` to the
// pattern index after the element.
bool match_element(std::string_view pattern, std::size_t p, char c, std::size_t& next) {
  if (pattern[p] == '?') {
    next = p + 1;
    return true;
  }
  if (pattern[p] == '[') {
    bool matched = false;
    std::size_t end = match_class(pattern, p, c, matched);
    if (end != std::string_view::npos) {
      next = end;
      return matched;
    }
  }
  if (pattern[p] == '\\' && p + 1 < pattern.size()) ++p;
  next = p + 1;
  return pattern[p] == c;
}

// Glob match of one path segment (no '/' on either side): `*` (and a `**` that is not a
// whole segment) matches any run of characters. The classic greedy-with-one-backtrack-point
// algorithm runs in O(pattern * name) time, never exponentially.
bool match_segment(std::string_view pattern, std::string_view name) {
  std::size_t p = 0, n = 0;
  std::size_t star_p = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    std::size_t next = 0;
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_n = n;
    } else if (p < pattern.size() && match_element(pattern, p, name[n], next)) {
      p = next;
      ++n;
    } else if (star_p != std::string_view::npos) {
      p = star_p;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

// Matches pattern segments against path segments. A `**` segment matches zero or more path
// segments, except a trailing one, which matches one or more (gitignore: `dir/**` matches
// what is inside dir, not dir itself). Dynamic programming over (pattern, path) suffixes
// keeps it polynomial however many `**` there are.
bool match_segments(const std::vector<std::string>& pattern,
                    const std::vector<std::string_view>& path) {
  const std::size_t np = pattern.size(), ns = path.size();
  // The commonest shape, an unanchored one-segment pattern (`*.log`, `build`): the name alone.
  if (np == 2 && pattern[0] == "**" && pattern[1] != "**")
    return ns > 0 && match_segment(pattern[1], path.back());
  // can(i, j): pattern[i..] matches path[j..]; one flat table, one allocation per match.
  std::vector<char> table((np + 1) * (ns + 1), 0);
  auto can = [&table, ns](std::size_t i, std::size_t j) -> char& {
    return table[i * (ns + 1) + j];
  };
  can(np, ns) = 1;
  for (std::size_t i = np; i-- > 0;) {
    const bool globstar = pattern[i] == "**";
    const bool trailing = i + 1 == np;
    for (std::size_t j = ns + 1; j-- > 0;) {
      if (globstar) {
        const bool skip_none = !trailing && can(i + 1, j);
        const bool eat_one = j < ns && (can(i, j + 1) || can(i + 1, j + 1));
        can(i, j) = static_cast<char>(skip_none || eat_one);
      } else {
        can(i, j) =
            static_cast<char>(j < ns && can(i + 1, j + 1) && match_segment(pattern[i], path[j]));
      }
    }
  }
  return can(0, 0) != 0;
}

using Rule = ExcludeMatcher::Rule;

// Parses one .gitignore line; nullopt for blank lines and `#` comments.
std::optional<Rule> parse_rule(std::string_view pattern) {
  Rule rule;
  if (pattern.empty() || pattern.front() == '#') return std::nullopt;
  if (pattern.front() == '!') {
    rule.negated = true;
    pattern.remove_prefix(1);
  } else if (pattern.front() == '\\' && pattern.size() > 1 &&
             (pattern[1] == '!' || pattern[1] == '#')) {
    pattern.remove_prefix(1);  // `\!x` and `\#x` name files starting with '!' or '#'
  }
  while (!pattern.empty() && pattern.back() == '/') {
    rule.directories_only = true;
    pattern.remove_suffix(1);
  }
  if (pattern.empty()) return std::nullopt;
  // Without a '/' the pattern matches a name at any depth; with one it is anchored.
  const bool anchored = pattern.find('/') != std::string_view::npos;
  if (!anchored) rule.segments.emplace_back("**");
  for (std::string_view segment : split_segments(pattern)) rule.segments.emplace_back(segment);
  return rule;
}

// How many bytes of a pattern's literal ending key it in ExcludeMatcher::by_ending_.
constexpr std::size_t kEndingBytes = 3;

bool has_wildcard(std::string_view segment) {
  return segment.find_first_of("*?[\\") != std::string_view::npos;
}

// The literal text a segment pattern ends with (`.log` of `*.log`): what every name it
// matches ends with. Empty when it ends with a wildcard.
std::string_view literal_ending(std::string_view segment) {
  const std::size_t last = segment.find_last_of("*?[]\\");
  return last == std::string_view::npos ? segment : segment.substr(last + 1);
}

std::string_view strip_leading_dot_slash(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  while (path.starts_with('/')) path.remove_prefix(1);
  return path;
}

// --- walking ---------------------------------------------------------------------------

// Build outputs are copies of what the user wrote (`sam build`'s .aws-sam/build holds the
// template and every function's code again, `serverless package` writes the CloudFormation it
// generates to .serverless, `terraform init` downloads other people's modules to .terraform):
// reading them would report every finding twice, or on code the user does not own.
constexpr std::array<std::string_view, 6> kSkippedDirectories = {
    ".git", "node_modules", ".rightfit-cache", ".aws-sam", ".serverless", ".terraform"};

bool is_skipped_directory(const fs::path& name) {
  return std::find(kSkippedDirectories.begin(), kSkippedDirectories.end(), name.native()) !=
         kSkippedDirectories.end();
}

// `path` relative to `base` when it lies below (or is) `base`; nullopt otherwise. Purely
// lexical: both are absolute and normalised.
std::optional<fs::path> relative_below(const fs::path& path, const fs::path& base) {
  // Both absolute and normal: `path` is below `base` exactly when `base` is a prefix of it
  // ending at a separator. A string test, not lexically_relative's component-by-component
  // work (a large share of a warm editor analysis, which walks the whole workspace).
  const std::string& p = path.native();
  const std::string& b = base.native();
  if (path.is_absolute() && base.is_absolute()) {
    if (p == b) return fs::path(".");
    if (p.size() <= b.size() || p.compare(0, b.size(), b) != 0) return std::nullopt;
    if (b.back() == '/') return fs::path(p.substr(b.size()));
    if (p[b.size()] == '/') return fs::path(p.substr(b.size() + 1));
    return std::nullopt;
  }
  fs::path rel = path.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel;
}

// Absolute and lexically normal, without a trailing separator; touches no file system.
fs::path absolute_normal(const fs::path& path, const fs::path& cwd) {
  fs::path result = (path.is_absolute() || cwd.empty() ? path : cwd / path).lexically_normal();
  if (!result.has_filename() && result.has_relative_path()) result = result.parent_path();
  return result;
}

std::string error_text(const std::error_code& ec) {
  std::string text = ec.message();
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// Where `key` is first written in `text` (the start when it is not): a refusal's RF002 lands
// on the line that names the refused path.
Position position_of_key(std::string_view text, std::string_view key) {
  const std::size_t at = text.find(key);
  return at == std::string_view::npos ? Position{1, 1} : LineIndex(text).at(at);
}

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::optional<DirectoryStamp> stamp_directory(const std::string& path) {
  // File times come from a clock that ticks every few milliseconds; 100 ms is well above it.
  constexpr std::int64_t kRacyNs = 100'000'000;
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  const std::int64_t mtime = nanoseconds(st.st_mtim);
  return DirectoryStamp{path, static_cast<std::uint64_t>(st.st_ino), mtime,
                        mtime >= nanoseconds(now) - kRacyNs};
}

// Holds what one discover() call needs while it walks; nothing outlives the call.
class Walker {
 public:
  Walker(const fs::path& cwd, const fs::path& root, const ExcludeMatcher& excludes, ReadRoots roots,
         const ParseLimits& limits, bool stamp_directories)
      : cwd_(cwd),
        root_(root),
        excludes_(excludes),
        roots_(std::move(roots)),
        limits_(limits),
        stamp_directories_(stamp_directories) {}

  void visit_argument(const std::string& argument);
  Discovery finish();

 private:
  void walk(const fs::path& top);
  void visit_entry(const fs::directory_entry& entry, std::vector<fs::path>& pending);
  void visit_symlink(const fs::path& path);
  void visit_cdk_app(const fs::path& cdk_json, std::vector<fs::path>& pending);
  bool is_excluded(const fs::path& path, bool is_directory) const;
  std::string display(const fs::path& path) const;
  void add_problem(const fs::path& path, std::string message);
  Discovery sort_problems();

  std::size_t arguments_ = 0;
  fs::path cwd_;
  fs::path root_;
  const ExcludeMatcher& excludes_;
  ReadRoots roots_;
  const ParseLimits& limits_;
  bool stamp_directories_;
  // CDK cloud assemblies read whatever the excludes say (cdk.out is usually ignored).
  std::vector<fs::path> assemblies_;
  Discovery result_;
};

std::string Walker::display(const fs::path& path) const {
  if (cwd_.empty()) return path.generic_string();
  if (auto rel = relative_below(path, cwd_)) return rel->generic_string();
  return path.generic_string();
}

void Walker::add_problem(const fs::path& path, std::string message) {
  result_.problems.push_back({display(path), std::move(message)});
}

bool Walker::is_excluded(const fs::path& path, bool is_directory) const {
  for (const fs::path& assembly : assemblies_) {
    if (relative_below(path, assembly)) return false;
  }
  std::optional<fs::path> rel = relative_below(path, root_);
  if (!rel || *rel == ".") return false;  // excludes only speak about what lies below root
  return excludes_.excluded(rel->generic_string(), is_directory);
}

// Explicitly named files are always analysed when they are candidates, even if an exclude
// matches (as eslint and most linters do: naming a file is the stronger statement).
// Explicitly named directories are still filtered: excludes describe the tree, whichever
// part of it is walked. A named CDK cloud assembly is the exception: cdk.out is usually ignored
// by habit, and naming it asks for it.
void Walker::visit_argument(const std::string& argument) {
  ++arguments_;
  const fs::path path = absolute_normal(argument, cwd_);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    result_.problems.push_back({argument, "no such file or directory"});
  } else if (ec) {
    result_.problems.push_back({argument, error_text(ec)});
  } else if (fs::is_directory(status)) {
    if (cdk::is_cloud_assembly(path.string())) assemblies_.push_back(path);
    if (!is_excluded(path, true)) walk(path);
  } else if (fs::is_regular_file(status)) {
    if (is_candidate_file(path.string())) result_.files.push_back({display(path)});
  } else {
    result_.problems.push_back({argument, "not a regular file or directory"});
  }
}

// Iterative, so deep trees cannot overflow the stack.
void Walker::walk(const fs::path& top) {
  std::vector<fs::path> pending{top};
  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    if (stamp_directories_) {
      // Before the listing: an entry made while it is read changes the mtime after this.
      std::optional<DirectoryStamp> stamp = stamp_directory(dir.string());
      result_.directories.push_back(stamp.value_or(DirectoryStamp{dir.string()}));
    }
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      add_problem(dir, error_text(ec));
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      visit_entry(*it, pending);
    }
    if (ec) add_problem(dir, error_text(ec));
  }
}

void Walker::visit_entry(const fs::directory_entry& entry, std::vector<fs::path>& pending) {
  const fs::path& path = entry.path();
  // The entry's own type comes from the directory listing (d_type) where the file system gives
  // it: no stat per entry. A symlink is never followed here, so the next two see the entry.
  std::error_code ec;
  const bool link = entry.is_symlink(ec);
  const bool directory = !ec && !link && entry.is_directory(ec);
  const bool regular = !ec && !link && !directory && entry.is_regular_file(ec);
  if (ec) {
    add_problem(path, error_text(ec));
  } else if (link) {
    visit_symlink(path);
  } else if (directory) {
    if (!is_skipped_directory(path.filename()) && !is_excluded(path, true)) {
      pending.push_back(path);
    }
  } else if (regular) {
    if (is_candidate_file(path.string()) && !is_excluded(path, false)) {
      result_.files.push_back({display(path)});
    }
    if (path.filename() == "cdk.json") visit_cdk_app(path, pending);
  } else if (is_candidate_file(path.string()) && !is_excluded(path, false)) {
    // A FIFO, socket or device named like input: never opened (a FIFO would block), but said.
    add_problem(path, "not a regular file: not read");
  }
}

// Symlinked files are followed; symlinked directories are not (that is what keeps a link
// to a parent directory from looping). Broken links only matter when they look like input.
void Walker::visit_symlink(const fs::path& path) {
  if (!is_candidate_file(path.string()) || is_excluded(path, false)) return;
  std::error_code ec;
  const fs::file_status target = fs::status(path, ec);
  if (target.type() == fs::file_type::not_found) {
    add_problem(path, "broken symbolic link");
  } else if (ec) {
    add_problem(path, error_text(ec));  // e.g. a loop: "too many levels of symbolic links"
  } else if (fs::is_regular_file(target) && !roots_.contains(path.string())) {
    result_.refused.push_back(
        {display(path), "a symbolic link to a file outside the analysed directories: not read"});
  } else if (fs::is_regular_file(target)) {
    result_.files.push_back({display(path)});
  } else if (!fs::is_directory(target)) {
    add_problem(path, "a symbolic link to something that is not a regular file: not read");
  }
}

// The file a shown path names: its directory resolved through symlinks, and its own name.
// Two spellings of one file (`x`, `./x`, absolute, through a symlinked directory) get one key;
// a symlinked *file* keeps its own directory, because a Terraform module is the files of one
// directory and the same file linked into two modules is a member of both.
struct Spelling {
  std::string identity;
  bool through_symlink = false;  // its directory is reached through a symlinked directory
};

Spelling spelling_of(const std::string& shown, const fs::path& cwd,
                     std::map<std::string, std::string>& resolved_dirs) {
  const fs::path path = absolute_normal(shown, cwd);
  const std::string dir = path.parent_path().native();
  auto [it, inserted] = resolved_dirs.try_emplace(dir);
  if (inserted) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(dir, ec);
    it->second = ec ? dir : real.native();
  }
  return {it->second + "/" + path.filename().native(), it->second != dir};
}

// Which of two spellings of one file is shown: the real directory's, then one relative to
// the cwd, then the shorter.
struct Shown {
  std::string path;
  bool through_symlink = false;

  bool better_than(const Shown& other) const {
    if (through_symlink != other.through_symlink) return !through_symlink;
    const bool relative = !path.starts_with('/');
    if (relative != !other.path.starts_with('/')) return relative;
    if (path.size() != other.path.size()) return path.size() < other.path.size();
    return path < other.path;
  }
};

// A CDK app: the assembly its last `cdk synth` wrote is read even when excluded (or outside
// the walked tree); rightfit never synthesizes it. Files met twice are merged by finish().
void Walker::visit_cdk_app(const fs::path& cdk_json, std::vector<fs::path>& pending) {
  SourceText text = read_source_file(cdk_json.string(), limits_);
  if (!text.ok()) {
    add_problem(cdk_json, text.problem().message);
    return;
  }
  const std::string written = cdk::assembly_directory(*text);
  const fs::path output = absolute_normal(cdk_json.parent_path() / written, cwd_);
  if (!roots_.contains(output.string())) {
    result_.refused.push_back({display(cdk_json),
                               "'" + excerpt(written) + "' " + std::string(kRefersOutside),
                               position_of_key(*text, "\"output\"")});
    return;
  }
  if (!cdk::is_cloud_assembly(output.string())) return;
  for (const fs::path& known : assemblies_) {
    if (known == output) return;
  }
  // Below cdk.json and not excluded: the walk reaches it anyway.
  const bool walked = relative_below(output, cdk_json.parent_path()) && !is_excluded(output, true);
  assemblies_.push_back(output);
  if (!walked) pending.push_back(output);
}

Discovery Walker::finish() {
  auto& files = result_.files;
  // One argument cannot name a file twice (walks do not follow symlinked directories), so the
  // editor's single-root analysis pays for no path resolution.
  auto by_path = [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; };
  if (arguments_ <= 1) {
    std::sort(files.begin(), files.end(), by_path);
    files.erase(std::unique(files.begin(), files.end(),
                            [](const DiscoveredFile& a, const DiscoveredFile& b) {
                              return a.path == b.path;
                            }),
                files.end());
    return sort_problems();
  }
  std::map<std::string, std::string> resolved_dirs;
  std::map<std::string, Shown> by_identity;
  for (DiscoveredFile& f : files) {
    Spelling s = spelling_of(f.path, cwd_, resolved_dirs);
    Shown candidate{std::move(f.path), s.through_symlink};
    auto [it, inserted] = by_identity.try_emplace(std::move(s.identity), candidate);
    if (!inserted && candidate.better_than(it->second)) it->second = std::move(candidate);
  }
  files.clear();
  for (auto& [identity, shown] : by_identity) files.push_back({std::move(shown.path)});
  std::sort(files.begin(), files.end(), by_path);
  return sort_problems();
}

Discovery Walker::sort_problems() {
  std::stable_sort(
      result_.problems.begin(), result_.problems.end(),
      [](const DiscoveryProblem& a, const DiscoveryProblem& b) { return a.path < b.path; });
  return std::move(result_);
}

}  // namespace

ExcludeMatcher::ExcludeMatcher(const std::vector<std::string>& patterns, std::string prefix)
    : prefix_(std::move(prefix)) {
  for (const std::string& pattern : patterns) {
    if (std::optional<Rule> rule = parse_rule(pattern)) rules_.push_back(std::move(*rule));
  }
  for (std::size_t i = 0; i < rules_.size(); ++i) index_rule(i);
}

void ExcludeMatcher::index_rule(std::size_t i) {
  const std::vector<std::string>& segments = rules_[i].segments;
  const std::string& last = segments.back();
  const std::string& first = segments.front();
  const std::string_view ending = literal_ending(last);
  if (last != "**" && !has_wildcard(last)) {
    by_last_[last].push_back(i);
  } else if (first != "**" && !has_wildcard(first)) {
    by_first_[first].push_back(i);
  } else if (last != "**" && !ending.empty()) {
    by_ending_[std::string(ending.substr(ending.size() - std::min(ending.size(), kEndingBytes)))]
        .push_back(i);
  } else {
    others_.push_back(i);
  }
}

// Last matching rule wins: the highest index among the rules that match.
bool ExcludeMatcher::decide(const std::vector<std::string_view>& path, bool directory) const {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t winner = kNone;
  const auto later_match = [&](std::size_t i) {
    const Rule& rule = rules_[i];
    return (winner == kNone || i > winner) && (directory || !rule.directories_only) &&
           match_segments(rule.segments, path);
  };
  const auto try_each = [&](const RuleIndex& index, std::string_view key) {
    auto found = index.find(key);
    if (found == index.end()) return;
    for (std::size_t i : found->second) {
      if (later_match(i)) winner = i;
    }
  };
  try_each(by_last_, path.back());
  try_each(by_first_, path.front());
  const std::string_view name = path.back();
  for (std::size_t n = 1; n <= std::min(name.size(), kEndingBytes); ++n)
    try_each(by_ending_, name.substr(name.size() - n));
  for (auto i = others_.rbegin(); i != others_.rend() && (winner == kNone || *i > winner); ++i) {
    if (later_match(*i)) winner = *i;
  }
  return winner != kNone && !rules_[winner].negated;
}

bool ExcludeMatcher::excluded(const std::string& relative, bool is_directory) const {
  if (rules_.empty()) return false;
  const std::string below_prefix =
      prefix_.empty() ? std::string()
                      : prefix_ + "/" + std::string(strip_leading_dot_slash(relative));
  const std::vector<std::string_view> segments =
      split_segments(prefix_.empty() ? strip_leading_dot_slash(relative) : below_prefix);
  if (segments.empty()) return false;
  // A path below an excluded directory stays excluded (as in git, a file cannot be
  // re-included when a parent directory is excluded).
  std::vector<std::string_view> prefix;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    prefix.push_back(segments[i]);
    if (decide(prefix, true)) return true;
  }
  return decide(segments, is_directory);
}

// The front-ends decide, by name; a file none claims (a fixture's `<name>.expect`, a README)
// is not listed.
bool is_candidate_file(const std::string& path) { return is_claimed(path); }

std::vector<DiscoveredFile> discover_named(const std::vector<std::string>& named,
                                           const std::vector<std::string>& paths,
                                           const std::string& root,
                                           const ExcludeMatcher& excludes) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) cwd.clear();
  const fs::path top = absolute_normal(root, cwd);
  std::vector<DiscoveredFile> out;
  for (const std::string& name : named) {
    const fs::path path = absolute_normal(name, cwd);
    if (!fs::is_regular_file(path, ec)) continue;
    bool walked = false;
    for (const std::string& argument : paths) {
      const fs::path walked_from = absolute_normal(argument, cwd);
      std::optional<fs::path> rel = relative_below(path, walked_from);
      if (!rel) continue;
      walked = std::none_of(rel->begin(), rel->end(),
                            [](const fs::path& part) { return is_skipped_directory(part); });
      if (walked) break;
    }
    std::optional<fs::path> below_root = relative_below(path, top);
    if (!walked || (below_root && excludes.excluded(below_root->generic_string(), false))) {
      continue;
    }
    std::string shown = path.generic_string();
    if (auto rel = cwd.empty() ? std::nullopt : relative_below(path, cwd)) {
      shown = rel->generic_string();
    }
    out.push_back({std::move(shown)});
  }
  std::sort(out.begin(), out.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  out.erase(std::unique(
                out.begin(), out.end(),
                [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path == b.path; }),
            out.end());
  return out;
}

bool directories_unchanged(const std::vector<DirectoryStamp>& walked) {
  return std::all_of(walked.begin(), walked.end(), [](const DirectoryStamp& d) {
    std::optional<DirectoryStamp> now = stamp_directory(d.path);
    return !d.racy && now && now->inode == d.inode && now->mtime_ns == d.mtime_ns;
  });
}

Discovery discover(const std::vector<std::string>& paths, const std::string& root,
                   const ExcludeMatcher& excludes, const ParseLimits& limits,
                   bool stamp_directories) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) cwd.clear();  // cwd removed under us: paths are shown as given/absolute
  std::vector<std::string> roots = paths;
  roots.push_back(root.empty() ? "." : root);
  Walker walker(cwd, absolute_normal(root, cwd), excludes, ReadRoots(roots), limits,
                stamp_directories);
  for (const std::string& path : paths) walker.visit_argument(path);
  return walker.finish();
}

}  // namespace rightfit
