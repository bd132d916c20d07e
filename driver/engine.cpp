#include "driver/engine.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "analyzer/cdk_assets.h"
#include "analyzer/cdk_source_map.h"
#include "analyzer/discovery.h"
#include "analyzer/image_dependencies.h"
#include "analyzer/lambda_code_reach.h"
#include "analyzer/suppressions.h"
#include "analyzer/workload_graph.h"
#include "checks/check.h"
#include "driver/code_cache.h"
#include "driver/usage_command.h"
#include "parsers/cpp/compile_database.h"
#include "parsers/cpp/cpp_parser.h"
#include "parsers/frontends.h"
#include "parsers/parallel_for.h"
#include "parsers/parse_cache.h"
#include "parsers/parse_limits.h"

namespace rightfit {

namespace {

namespace fs = std::filesystem;

// Whether `path` is in lexically normal form (no ".", "..", "//"), so normalizing it would
// give it back unchanged; `absolute`: and starts with "/".
bool plainly_normal(std::string_view path, bool absolute = true) {
  if (path.empty() || (absolute && path[0] != '/')) return false;
  for (std::size_t at = path[0] == '/' ? 1 : 0; at <= path.size();) {
    const std::size_t end = std::min(path.find('/', at), path.size());
    const std::string_view part = path.substr(at, end - at);
    if (part == "." || part == "..") return false;
    if (part.empty()) return path.size() == 1;  // "//", or a trailing "/"
    at = end + 1;
  }
  return true;
}

// The editor's buffers (the overlays: absolute, normalized paths) under each spelling a walked
// file can have: that path, and the one relative to the working directory that discovery
// shows for a file below it. A file is asked about several times per edit, so a path in
// normal form costs one hash lookup; only another spelling is normalized first.
class OpenBuffers {
 public:
  explicit OpenBuffers(const std::map<std::string, std::string>& overlays) {
    if (overlays.empty()) return;
    std::error_code ec;
    cwd_ = fs::current_path(ec);
    const std::string below = ec ? std::string() : (cwd_ / "").generic_string();
    for (const auto& [path, text] : overlays) {
      by_path_.emplace(path, &text);
      if (!below.empty() && path.size() > below.size() && path.starts_with(below))
        by_path_.emplace(path.substr(below.size()), &text);
    }
  }

  bool empty() const { return by_path_.empty(); }

  // The editor's text of `path` when it is open, else null.
  const std::string* find(const std::string& path) const {
    if (by_path_.empty()) return nullptr;
    if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
    if (plainly_normal(path, false) || cwd_.empty()) return nullptr;
    auto it = by_path_.find((cwd_ / path).lexically_normal().string());
    return it == by_path_.end() ? nullptr : it->second;
  }

 private:
  fs::path cwd_;
  std::unordered_map<std::string, const std::string*> by_path_;
};

// Reads the editor's text for files in `open`, the disk (within the limits, inside the roots)
// for the others.
FileReader overlay_reader(const std::shared_ptr<const OpenBuffers>& open,
                          std::optional<ReadRoots> roots) {
  FileReader disk = read_within_limits;
  if (roots) disk = confined_reader(read_within_limits, std::move(*roots));
  if (open->empty()) return disk;
  return [open, disk](const std::string& path, const ParseLimits& limits) -> SourceText {
    if (const std::string* text = open->find(path)) return SourceText{*text};
    return disk(path, limits);
  };
}

// The root and every path the user named (paths, --var-file, --terraform-plan).
ReadRoots read_roots(const AnalysisRequest& request) {
  std::vector<std::string> roots = request.paths;
  roots.insert(roots.end(), request.var_files.begin(), request.var_files.end());
  roots.insert(roots.end(), request.terraform_plans.begin(), request.terraform_plans.end());
  roots.push_back(request.root.empty() ? "." : request.root);
  return ReadRoots(roots);
}

// The disk's stamper, remembering each stamp in `kept` (when there is one) until the disk
// changes: an analysis after an edit of a buffer stats no file.
InputStamper kept_disk_stamper(KeptWalk* kept) {
  if (!kept) return stamp_disk_file;
  return [kept](const std::string& path) -> std::optional<InputStamp> {
    {
      std::lock_guard lock(kept->mutex);
      if (auto it = kept->stamps.find(path); it != kept->stamps.end()) return it->second;
    }
    std::optional<InputStamp> stamp = stamp_disk_file(path);
    std::lock_guard lock(kept->mutex);
    kept->stamps.insert_or_assign(path, stamp);
    return stamp;
  };
}

// The stamp of what overlay_reader reads: the buffer's text, or the disk file's identity.
InputStamper overlay_stamper(const std::shared_ptr<const OpenBuffers>& open, KeptWalk* kept) {
  InputStamper disk = kept_disk_stamper(kept);
  if (open->empty()) return disk;
  return [open, disk](const std::string& path) -> std::optional<InputStamp> {
    if (const std::string* text = open->find(path)) return InputStamp{*text};
    return disk(path);
  };
}

// What a walk depends on besides the disk.
std::string walk_key(const AnalysisRequest& request) {
  std::string key = request.root + '\n' + request.config.exclude_prefix + '\n' +
                    limits_key(request.config.limits);
  for (const std::string& p : request.paths) key += "\npath " + p;
  for (const std::string& p : request.config.exclude) key += "\nexclude " + p;
  return key;
}

// The walk sorted for the parse, each file's front-ends asked once (by its name).
std::shared_ptr<const WalkedFiles> sort_walk(Discovery found) {
  auto walked = std::make_shared<WalkedFiles>();
  for (const auto& frontend : frontends()) {
    if (frontend->project_level()) walked->project.push_back({frontend.get(), {}});
  }
  for (DiscoveredFile& f : found.files) {
    const NameClaim claim = name_claim(f.path);
    auto project = std::find_if(walked->project.begin(), walked->project.end(),
                                [&claim](const auto& p) { return p.first == claim.first; });
    if (project != walked->project.end())
      project->second.push_back(std::move(f.path));
    else
      walked->single.push_back({std::move(f.path), claim});
  }
  found.files.clear();
  walked->discovery = std::move(found);
  return walked;
}

// Deleted, renamed or excluded files leave the cache, once per walk: between walks only the
// walked files are parsed, so nothing else enters it.
void keep_only_walked(const WalkedFiles& walked, ParsedFileCache* cache) {
  if (!cache) return;
  std::set<std::string> paths;
  for (const ClaimedFile& f : walked.single) paths.insert(f.path);
  cache->files.keep_only(paths);
}

// A new walk of the request's paths; `stamp_directories` for a walk an editor keeps.
std::shared_ptr<const WalkedFiles> walk_anew(const AnalysisRequest& request,
                                             bool stamp_directories) {
  const ExcludeMatcher excludes(request.config.exclude, request.config.exclude_prefix);
  std::shared_ptr<const WalkedFiles> walked = sort_walk(
      discover(request.paths, request.root, excludes, request.config.limits, stamp_directories));
  keep_only_walked(*walked, request.parse_cache.get());
  return walked;
}

// The files to analyse: the kept walk when nothing on disk says it is stale (an editor's
// analysis after a buffer edit, or a disk change that left every directory as it was), else
// a new walk, kept when the request keeps one.
std::shared_ptr<const WalkedFiles> walk(const AnalysisRequest& request) {
  KeptWalk* kept = request.kept_walk.get();
  if (!kept) return walk_anew(request, false);
  if (request.disk_change != DiskChange::None) {
    std::lock_guard lock(kept->mutex);
    kept->stamps.clear();
  }
  const std::string key = walk_key(request);
  const bool current = kept->walked && kept->key == key &&
                       request.disk_change != DiskChange::Entries &&
                       (request.disk_change == DiskChange::None ||
                        directories_unchanged(kept->walked->discovery.directories));
  if (!current) {
    kept->walked.reset();  // a walk that throws leaves none kept
    kept->walked = walk_anew(request, true);
    kept->key = key;
  }
  return kept->walked;
}

FileFacts unreadable(const std::string& path, const std::string& why, Position where = {1, 1}) {
  FileFacts facts;
  facts.file = path;
  facts.parse_errors.push_back({SourceRange{path, Span{where, where}}, why});
  return facts;
}

// RF002 where `path` names something outside the analysed directories (cdk.json's "output").
FileFacts refers_outside(const std::string& path, const std::string& why, Position where) {
  FileFacts facts;
  facts.file = path;
  const SourceRange at{path, Span{where, where}};
  facts.unresolved.push_back(
      Unresolved{EntityId{path, fs::path(path).filename().string()}, at, "output", at, why});
  return facts;
}

// The RF002s on lines that name a path outside the roots, for --verbose ("file:line: why").
void list_references_outside(const std::vector<FileFacts>& facts, const ReadRoots& roots,
                             std::vector<std::string>& refused) {
  for (const FileFacts& f : facts) {
    for (const Unresolved& u : f.unresolved) {
      if (!u.reason.ends_with(kRefersOutside)) continue;
      refused.push_back(u.where.file + ":" + std::to_string(u.where.line()) + ": " + u.property +
                        " " + u.reason + " (analysed: " + roots.describe() + ")");
    }
  }
}

// What the parse of each file needs; `cache` may be null.
struct ParseSetup {
  const ParseContext& context;
  InputStamper stamp;
  ParsedFileCache* cache;
  std::string limits = limits_key(context.limits);  // the cache key's part, made once
};

// A file's parse: its facts, and the code functions of a kept parse (not in the facts then),
// which the graph shares with the cache.
struct ParsedFile {
  std::optional<FileFacts> facts;
  std::shared_ptr<const std::vector<CodeFunction>> shared_code;
};

// A parse to keep: its code functions apart, so an edit never copies them.
std::shared_ptr<const KeptFacts> to_keep(std::optional<FileFacts> facts) {
  auto kept = std::make_shared<KeptFacts>();
  if (facts && !facts->code_functions.empty()) {
    kept->code_functions =
        std::make_shared<const std::vector<CodeFunction>>(std::move(facts->code_functions));
    facts->code_functions.clear();
  }
  kept->facts = std::move(facts);
  return kept;
}

// A file's facts, from the cache when its input is unchanged. Kept: every result except one a
// time limit stopped (the next parse may finish). Files whose facts depend on other files too
// (Frontend::cacheable) skip this cache.
ParsedFile facts_of(const ClaimedFile& file, const ParseSetup& setup) {
  const std::string& path = file.path;
  auto parse = [&] { return parse_claimed(path, setup.context); };
  if (!setup.cache || !file.claim.cacheable) return {parse(), nullptr};
  auto keep = [](const std::shared_ptr<const KeptFacts>& f) {
    return !f->facts || !stopped_by_time_limit(f->facts->parse_errors);
  };
  std::shared_ptr<const KeptFacts> kept = setup.cache->files.get_or_parse(
      path, setup.stamp(path), setup.limits, [&] { return to_keep(parse()); }, keep);
  // Copied outside the cache's lock, for the linker to consume; the code is shared.
  return {kept->facts, kept->code_functions};
}

// Parses files[i] for every i in `which` on `jobs` threads into results[i].
void parse_each(const std::vector<ClaimedFile>& files, const std::vector<std::size_t>& which,
                unsigned jobs, const ParseSetup& setup, std::vector<ParsedFile>& results) {
  parallel_for(which.size(), jobs,
               [&](std::size_t k) { results[which[k]] = facts_of(files[which[k]], setup); });
}

// The front-end of `file` when it parses only code a Lambda can reach (C++), else null.
const Frontend* reach_gated(const ClaimedFile& file) {
  const Frontend* first = file.claim.first;
  return first && first->parses_only_reachable() ? first : nullptr;
}

// A file whose front-end parses it only where a Lambda can reach it (C++).
struct GatedFile {
  std::size_t index;  // in the files
  const Frontend* frontend;
};

// The candidates of the reach scan, each file read once: the scan glances at the text and the
// parse gets the same text.
std::vector<CodeCandidate> reach_candidates(const std::vector<ClaimedFile>& files,
                                            const std::vector<GatedFile>& gated,
                                            const ParseContext& context) {
  std::vector<CodeCandidate> candidates;
  candidates.reserve(gated.size());
  for (const GatedFile& g : gated) {
    const std::string& path = files[g.index].path;
    candidates.push_back({path, g.frontend, context.read(path, context.limits),
                          g.frontend->include_dirs(path, context)});
  }
  return candidates;
}

// Parses the files of `gated` a Lambda can reach. The others keep empty facts, so that their
// names still count where files are matched (CDK asset copies), and are listed in
// `not_parsed` ("path: why").
void parse_reachable(const std::vector<ClaimedFile>& files, const std::vector<GatedFile>& gated,
                     const std::vector<std::string>& code_paths, unsigned jobs,
                     const ParseSetup& setup, std::vector<ParsedFile>& results,
                     std::vector<std::string>& not_parsed) {
  if (gated.empty()) return;
  std::vector<CodeCandidate> candidates = reach_candidates(files, gated, setup.context);
  const std::vector<bool> reachable =
      reachable_by_lambda(candidates, code_paths, setup.context.read, setup.context.limits);
  std::vector<std::size_t> parse;
  std::map<std::string, SourceText> texts;  // of the files to parse, read by the scan
  for (std::size_t k = 0; k < gated.size(); ++k) {
    const std::string& path = files[gated[k].index].path;
    if (reachable[k]) {
      parse.push_back(gated[k].index);
      if (std::optional<SourceText>& text = candidates[k].text)
        texts.emplace(path, std::move(*text));
      continue;
    }
    FileFacts none;
    none.file = path;
    results[gated[k].index].facts = std::move(none);
    not_parsed.push_back(path + ": " + kUnreachableCode);
  }
  const FileReader read = [&texts, &setup](const std::string& path, const ParseLimits& limits) {
    const auto it = texts.find(path);
    return it != texts.end() ? it->second : setup.context.read(path, limits);
  };
  const ParseContext context{setup.context.limits, read, setup.context.compile_database,
                             setup.context.code_cache, setup.context.roots};
  parse_each(files, parse, jobs, ParseSetup{context, setup.stamp, setup.cache, setup.limits},
             results);
}

bool enabled(const AnalysisRequest& request, const RuleInfo& rule) {
  const std::vector<std::string>& on = request.turned_on;
  return std::find(on.begin(), on.end(), rule.id) != on.end() || request.config.enabled(rule);
}

// A finding about a function or service built from a Dockerfile of the repository points at
// that Dockerfile too (the image findings point back at the workload themselves).
void relate_images(std::vector<Finding>& findings, const WorkloadGraph& graph) {
  for (Finding& f : findings) {
    const Image* image = f.subject ? graph.image_of(*f.subject) : nullptr;
    if (!image || image->stages.empty() || f.location.file == image->dockerfile) continue;
    f.related.push_back(
        {image->stages[image->final_stage].from, "its image is built from this Dockerfile"});
  }
}

// Dockerfiles the IaC names (SAM Metadata.Dockerfile, Serverless provider.ecr.images, a CDK
// image asset, Terraform's docker-build module) under a name no front-end claims, such as
// `build/lambda.df`. The choice of where this lives: discovery only lists files and the
// Dockerfile front-end only knows the format, so the engine, which sees both the facts and
// the front-ends, parses in a second pass the named files that no front-end claimed.
void parse_named_dockerfiles(std::vector<FileFacts>& facts, const AnalysisRequest& request,
                             const FileReader& read, std::size_t& files_analyzed) {
  std::vector<std::string> named;
  for (const FileFacts& f : facts) {
    for (const Function& fn : f.functions) {
      if (fn.dockerfile.value) named.push_back(*fn.dockerfile.value);
    }
    for (const ImageAsset& a : f.image_assets) named.push_back(a.dockerfile);
  }
  if (named.empty()) return;
  // An editor's paths are absolute and normal already: normalising each one per keystroke
  // was a measurable part of an edit in a large workspace.
  auto normal = [](const std::string& p) {
    return plainly_normal(p) ? p : fs::path(p).lexically_normal().generic_string();
  };
  std::set<std::string> parsed;
  for (const FileFacts& f : facts) parsed.insert(normal(f.file));
  std::erase_if(named, [&](const std::string& p) { return parsed.count(normal(p)) > 0; });
  if (named.empty()) return;
  const Frontend* dockerfile = frontend_named("Dockerfile");
  const ParseContext context{request.config.limits, read};
  for (const DiscoveredFile& file :
       discover_named(named, request.paths, request.root,
                      ExcludeMatcher(request.config.exclude, request.config.exclude_prefix))) {
    if (parsed.count(normal(file.path))) continue;
    ++files_analyzed;
    facts.push_back(parse_as(*dockerfile, file.path, context));
  }
}

void apply_severity_overrides(std::vector<Finding>& findings, const Config& config) {
  for (Finding& f : findings) {
    auto it = config.rules.find(f.rule_id);
    if (it == config.rules.end()) continue;
    if (const std::optional<Severity>& severity = it->second.severity) f.severity = *severity;
  }
}

// The compile database C++ handlers are parsed with: the one named, else the root's when it
// has one and C++ files are to be parsed (reading it loads Clang, cpp_module.h). False (and
// the problem in `errors`) when the one named cannot be read, or Clang cannot be loaded; one
// found that is broken is a warning, and C++ is parsed without compile commands (a stale build
// directory must not stop a review). A database found in the tree that is a symbolic link out
// of it is refused (in `refused`).
bool load_compile_database(const AnalysisRequest& request, const std::vector<ClaimedFile>& files,
                           const ReadRoots& roots, std::optional<cpp::CompileDatabase>& database,
                           Analysis& result) {
  const bool any_cpp = std::any_of(files.begin(), files.end(),
                                   [](const ClaimedFile& f) { return cpp::is_cpp_source(f.path); });
  std::optional<std::string> path = !request.compile_commands.empty()
                                        ? std::optional<std::string>(request.compile_commands)
                                    : any_cpp ? cpp::CompileDatabase::find(request.root)
                                              : std::nullopt;
  if (!path) return true;
  if (request.compile_commands.empty() && !roots.contains(*path)) {
    result.refused.push_back(*path + ": a symbolic link to a file outside the analysed " +
                             "directories: not read (analysed: " + roots.describe() + ")");
    return true;
  }
  Result<cpp::CompileDatabase, cpp::DatabaseProblem> loaded = cpp::CompileDatabase::load(*path);
  if (!loaded && loaded.problem().in_the_file && request.compile_commands.empty()) {
    result.warnings.push_back(loaded.problem().message +
                              "; C++ files are parsed without compile commands");
    return true;
  }
  if (!loaded) {
    result.errors.push_back(loaded.problem().message);
    return false;
  }
  database = std::move(loaded).value();
  // `-include` is read like every other file: within the configured size.
  for (std::string& line : database->drop_includes_over(request.config.limits.max_file_bytes))
    result.warnings.push_back(std::move(line));
  return true;
}

// The facts of every discovered file: those parsed one by one in the files' order, then those
// of the project-level front-ends. The IaC comes first: where it deploys Lambda code decides
// which code files are worth a parse (parse_reachable). Code kept by the cache goes to
// `shared`, for the linker.
std::vector<FileFacts> parse_files(const WalkedFiles& split, const AnalysisRequest& request,
                                   const ParseSetup& setup, const ProjectContext& project,
                                   std::vector<std::string>& not_parsed,
                                   std::vector<SharedCode>& shared) {
  std::vector<ParsedFile> parsed(split.single.size());
  std::vector<std::size_t> first;
  std::vector<GatedFile> gated;
  for (std::size_t i = 0; i < split.single.size(); ++i) {
    if (const Frontend* frontend = reach_gated(split.single[i]))
      gated.push_back({i, frontend});
    else
      first.push_back(i);
  }
  parse_each(split.single, first, request.jobs, setup, parsed);
  std::vector<FileFacts> project_facts;
  for (const auto& [frontend, files] : split.project) {
    for (FileFacts& f : frontend->analyze_project(files, project))
      project_facts.push_back(std::move(f));
  }
  std::vector<const FileFacts*> iac;
  for (const ParsedFile& f : parsed) {
    if (f.facts) iac.push_back(&*f.facts);
  }
  for (const FileFacts& f : project_facts) iac.push_back(&f);
  parse_reachable(
      split.single, gated,
      lambda_code_paths(iac, request.root, request.config.handlers, request.config.images),
      request.jobs, setup, parsed, not_parsed);
  std::vector<FileFacts> facts;
  for (ParsedFile& f : parsed) {
    if (!f.facts) continue;
    if (f.shared_code) shared.push_back({f.facts->file, std::move(f.shared_code)});
    facts.push_back(std::move(*f.facts));
  }
  for (FileFacts& f : project_facts) facts.push_back(std::move(f));
  return facts;
}

// What discovery could not use: unreadable named paths are errors, others RF001 facts; paths
// outside the roots are RF002 where a line names them, else `refused` lines.
void account_for_discovery(const Discovery& found, const AnalysisRequest& request,
                           const ReadRoots& roots, std::vector<FileFacts>& facts,
                           Analysis& result) {
  for (const DiscoveryProblem& p : found.problems) {
    bool named = false;
    for (const std::string& path : request.paths) named = named || path == p.path;
    if (named) {
      result.errors.push_back(p.path + ": " + p.message);
    } else {
      facts.push_back(unreadable(p.path, p.message));
    }
  }
  for (const DiscoveryProblem& p : found.refused) {
    if (p.at) {
      facts.push_back(refers_outside(p.path, p.message, *p.at));
    } else {
      result.refused.push_back(p.path + ": " + p.message + " (analysed: " + roots.describe() + ")");
    }
  }
  list_references_outside(facts, roots, result.refused);
  // A compile database linked from outside is met by the walk too (it is JSON): said once.
  std::sort(result.refused.begin(), result.refused.end());
  result.refused.erase(std::unique(result.refused.begin(), result.refused.end()),
                       result.refused.end());
}

// The enabled rules over the graph, then the filters that need every finding: suppressions,
// the rules about suppressions, severity overrides.
void run_checks(const AnalysisRequest& request, const Config& config, WorkloadGraph& graph,
                std::vector<Finding>& findings) {
  resolve_rule_names(graph.suppressions, all_rules());
  const CheckContext ctx{graph, config};
  std::vector<std::unique_ptr<Check>> checks = make_all_checks();
  std::erase_if(checks, [&](const auto& check) { return !enabled(request, check->info()); });
  for (const std::unique_ptr<Check>& check : checks) check->run(ctx, findings);
  relate_images(findings, graph);
  apply_suppressions(findings, graph.suppressions);
  for (const std::unique_ptr<Check>& check : checks) check->after_suppressions(ctx, findings);
  apply_severity_overrides(findings, request.config);
}

}  // namespace

Analysis analyze(const AnalysisRequest& request) {
  Analysis result;
  const std::shared_ptr<const WalkedFiles> walked = walk(request);
  const WalkedFiles& split = *walked;
  const ReadRoots roots = read_roots(request);
  const auto open = std::make_shared<const OpenBuffers>(request.overlays);
  FileReader read = overlay_reader(open, roots);
  InputStamper stamp = overlay_stamper(open, request.kept_walk.get());
  std::optional<cpp::CompileDatabase> database;
  if (!load_compile_database(request, split.single, roots, database, result)) return result;
  const CodeCache code_cache(request.cache_dir);
  const ParseContext context{request.config.limits, read, database ? &*database : nullptr,
                             &code_cache, &roots};
  const ProjectContext project{request.config.limits,
                               request.jobs,
                               read,
                               stamp,
                               request.var_files,
                               request.terraform_plans,
                               request.parse_cache.get(),
                               roots};
  std::vector<SharedCode> shared_code;
  std::vector<FileFacts> facts =
      parse_files(split, request, ParseSetup{context, stamp, request.parse_cache.get()}, project,
                  result.not_parsed, shared_code);
  std::size_t project_files = 0;
  for (const auto& [frontend, files] : split.project) project_files += files.size();
  account_for_discovery(split.discovery, request, roots, facts, result);
  result.files_analyzed = split.single.size() + project_files;
  resolve_asset_copies(facts, read, request.config.limits);
  parse_named_dockerfiles(facts, request, read, result.files_analyzed);
  read_image_dependencies(facts, read, request.config.limits);
  WorkloadGraph graph = WorkloadGraph::link(
      std::move(facts), LinkHints{request.root, request.config.images, request.config.handlers},
      std::move(shared_code), request.kept_walk ? &request.kept_walk->code_links : nullptr);
  // Measured usage needs the graph (its names) and the checks need it: it joins the
  // configuration here, on a copy only when there is some.
  std::optional<Config> measured_config;
  if (!request.usage.usage.empty()) {
    measured_config = request.config;
    std::string problem =
        load_measured_usage(request.usage, graph, *measured_config, result.warnings);
    if (!problem.empty()) {
      result.errors.push_back(std::move(problem));
      return result;
    }
    result.measured = measured_config->measured;
    result.declared_usage = measured_config->usage;
  }
  const Config& config = measured_config ? *measured_config : request.config;
  run_checks(request, config, graph, result.findings);
  merge_module_instances(result.findings, graph.module_calls);
  merge_shared_lines(result.findings);
  map_to_cdk_source(result.findings, graph, request.root);
  sort_findings(result.findings);
  for (const ParseError& e : graph.parse_errors) result.unparsed.insert(e.where.file);
  result.max_file_bytes = request.config.limits.max_file_bytes;
  result.graph = std::make_shared<const WorkloadGraph>(std::move(graph));
  return result;
}

}  // namespace rightfit
