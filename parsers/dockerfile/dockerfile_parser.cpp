// Dockerfile -> Image facts. The line level (directives, continuations, heredocs) is in
// dockerfile_lines, instruction arguments in dockerfile_words, shell scripts in
// shell_commands; this file gives the instructions their meaning: stages, ARG/ENV, RUN
// commands, COPY --from, EXPOSE, SHELL and the effective ENTRYPOINT/CMD.
#include "parsers/dockerfile/dockerfile_parser.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <optional>

#include "parsers/dockerfile/dependency_installs.h"
#include "parsers/dockerfile/dockerfile_lines.h"
#include "parsers/dockerfile/dockerfile_text.h"
#include "parsers/dockerfile/dockerfile_words.h"
#include "parsers/dockerfile/shell_commands.h"
#include "parsers/suppression_comments.h"
#include "parsers/text_position.h"

namespace rightfit::dockerfile {
namespace {

using detail::ContextCopy;
using detail::DockerfileLines;
using detail::Flag;
using detail::JsonString;
using detail::LogicalInstruction;
using detail::MappedText;
using detail::ParsedCommand;
using detail::RawWord;
using detail::Variables;
using detail::VariableScope;

constexpr std::string_view kInstructions[] = {
    "add",    "arg",   "cmd",         "copy",  "entrypoint", "env",
    "expose", "from",  "healthcheck", "label", "maintainer", "onbuild",
    "run",    "shell", "stopsignal",  "user",  "volume",     "workdir"};

// Build arguments BuildKit declares itself: usable in FROM, values unknown here.
constexpr std::string_view kPlatformArgs[] = {"TARGETPLATFORM", "TARGETOS",      "TARGETARCH",
                                              "TARGETVARIANT",  "BUILDPLATFORM", "BUILDOS",
                                              "BUILDARCH",      "BUILDVARIANT"};

const std::vector<std::string> kDefaultShell{"/bin/sh", "-c"};

bool is_instruction(std::string_view keyword) {
  return std::find(std::begin(kInstructions), std::end(kInstructions), keyword) !=
         std::end(kInstructions);
}

std::string_view view_of(const std::string& text, RawWord word) {
  return std::string_view(text).substr(word.begin, word.end - word.begin);
}

std::size_t trimmed_end(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && (detail::is_blank(text[end - 1]) || text[end - 1] == '\r')) --end;
  return end;
}

// Parses a non-negative stage index; nullopt when `text` is not all digits.
std::optional<std::size_t> stage_index(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t index = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

// An instruction split into its keyword, flags and arguments.
struct Instruction {
  const LogicalInstruction* source = nullptr;
  std::string keyword;  // lowercase
  std::size_t keyword_end = 0;
  std::vector<Flag> flags;
  std::size_t args_begin = 0;  // in source->text
  MappedText args;             // source->text from args_begin on
};

Instruction split_instruction(const LogicalInstruction& source, char escape) {
  Instruction in;
  in.source = &source;
  std::string_view text = source.text.text();
  while (in.keyword_end < text.size() && !detail::is_blank(text[in.keyword_end])) {
    ++in.keyword_end;
  }
  in.keyword = detail::to_lower(text.substr(0, in.keyword_end));
  detail::FlagsAndArgs flags = detail::extract_flags(text, in.keyword_end, escape);
  in.flags = std::move(flags.flags);
  in.args_begin = flags.args_begin;
  in.args.append_slice(source.text, in.args_begin, trimmed_end(text));
  return in;
}

// What the parser keeps per stage besides the facts.
struct StageState {
  ImageStage stage;
  Variables args;  // ARGs declared in the stage
  Variables env;   // ENV, inherited from the parent stage
  // WORKDIR and what was copied from the build context, inherited from the parent stage:
  // they tell which context file a RUN installs from.
  std::string workdir;  // "" while the base image's (unknown) one applies
  std::vector<ContextCopy> context_copies;
};

std::string unquoted(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

// `RUN --mount=type=bind,source=x,target=y`: the build context's `x` seen at `y` while the RUN
// runs; nullopt for other mounts (caches, secrets, another stage's or image's files).
std::optional<ContextCopy> context_mount(std::string_view spec, const std::string& workdir) {
  std::string type = "bind", source = ".", target;
  bool from_elsewhere = false;
  while (!spec.empty()) {
    const std::size_t comma = std::min(spec.find(','), spec.size());
    const std::string_view field = spec.substr(0, comma);
    spec.remove_prefix(std::min(comma + 1, spec.size()));
    const std::size_t equals = field.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string key = detail::to_lower(field.substr(0, equals));
    const std::string value = unquoted(field.substr(equals + 1));
    if (key == "type") type = value;
    if (key == "source" || key == "src") source = value;
    if (key == "target" || key == "dst" || key == "destination") target = value;
    if (key == "from") from_elsewhere = true;
  }
  if (type != "bind" || from_elsewhere || target.empty()) return std::nullopt;
  return ContextCopy{{source}, detail::image_path(workdir, target), false};
}

// Whether a heredoc body runs as a script of a POSIX shell: a `#!` line naming another
// interpreter makes BuildKit run it with that one.
bool has_foreign_shebang(const MappedText& body) {
  std::string_view text = body.text();
  if (!text.starts_with("#!")) return false;
  std::vector<RawWord> words = detail::split_blanks(text.substr(2, text.find('\n') - 2));
  if (words.empty()) return false;
  std::string_view line = text.substr(2);
  std::string_view interpreter = line.substr(words[0].begin, words[0].end - words[0].begin);
  if (interpreter.ends_with("/env") && words.size() > 1) {
    interpreter = line.substr(words[1].begin, words[1].end - words[1].begin);
  }
  return !detail::is_posix_shell(interpreter);
}

class DockerfileParser {
 public:
  DockerfileParser(const std::string& path, std::string_view text, Deadline deadline)
      : path_(path), text_(text), positions_(text), deadline_(deadline) {}

  FileFacts parse() {
    facts_.file = path_;
    DockerfileLines lines = detail::read_dockerfile_lines(text_);
    escape_ = lines.escape;
    for (const detail::LineError& error : lines.errors) {
      add_error(error.file_offset, error.message);
    }
    const std::size_t line_errors = facts_.parse_errors.size();
    for (std::string_view keyword : kPlatformArgs) globals_.emplace(keyword, std::nullopt);
    note_stage_names(lines);
    for (const LogicalInstruction& instruction : lines.instructions) {
      if (deadline_.passed()) {  // an error keeps the image out: nothing half-read is used
        add_error(instruction.text.file_offset(0), "stopped at " + std::string(kParseTimeoutKey) +
                                                       ": parsing took too long; " +
                                                       limit_hint(kParseTimeoutKey));
        break;
      }
      handle(instruction);
      // Docker stops at the first bad instruction, and so does this parser: what follows
      // one would be judged in a state it never reaches (every later line "before the first
      // FROM" when the FROM is the bad one).
      if (facts_.parse_errors.size() > line_errors) break;
    }
    if (stages_.empty() && facts_.parse_errors.empty()) {
      add_error(0, "no FROM instruction: a Dockerfile builds at least one stage");
    }
    // One error: the first in the file (the line reader's may come after an instruction's).
    std::stable_sort(facts_.parse_errors.begin(), facts_.parse_errors.end(),
                     [](const ParseError& a, const ParseError& b) {
                       return a.where.span.begin < b.where.span.begin;
                     });
    if (facts_.parse_errors.size() > 1) facts_.parse_errors.resize(1);
    if (facts_.parse_errors.empty()) facts_.images.push_back(image());
    facts_.suppressions = suppressions(lines);
    return std::move(facts_);
  }

 private:
  // --- positions and errors ---

  SourceRange range(const MappedText& text, std::size_t begin, std::size_t end) const {
    Position from = positions_.at(text.file_offset(begin));
    Position to = end > begin ? positions_.at(text.file_offset(end - 1) + 1) : from;
    return SourceRange{path_, Span{from, to}};
  }

  SourceRange instruction_range(const Instruction& in) const {
    const MappedText& text = in.source->text;
    return range(text, 0, trimmed_end(text.text()));
  }

  void add_error(std::size_t file_offset, std::string message) {
    Position at = positions_.at(file_offset);
    facts_.parse_errors.push_back({SourceRange{path_, Span{at, at}}, std::move(message)});
  }

  void add_error(const Instruction& in, std::size_t offset, std::string message) {
    add_error(in.source->text.file_offset(offset), std::move(message));
  }

  // The usual cause: a RUN's command went on to the next line without a `\` at the end.
  std::string unknown_instruction(const Instruction& in) const {
    std::string message = "unknown instruction `" + upper_keyword(in) + "`";
    if (previous_keyword_ == "run") {
      message += " (does the RUN above it lack a `" + std::string(1, escape_) +
                 "` at the end of its line?)";
    }
    return message + "; Docker stops here";
  }

  std::string upper_keyword(const Instruction& in) const {
    return std::string(in.source->text.text().substr(0, in.keyword_end));
  }

  // --- scopes ---

  StageState& stage() { return stages_.back(); }

  VariableScope global_scope() const { return {nullptr, &globals_, true}; }

  // What instructions of the current stage see (ENV overrides ARG).
  VariableScope build_scope() const {
    if (stages_.empty()) return global_scope();
    return {&stages_.back().env, &stages_.back().args, false};
  }

  // What CMD and ENTRYPOINT see when the container runs: ENV only, ARGs are gone.
  VariableScope runtime_scope() const { return {&stages_.back().env, nullptr, false}; }

  // --- instructions ---

  // Stage names of the whole file, so that COPY --from can tell a later stage from an image.
  void note_stage_names(const DockerfileLines& lines) {
    for (const LogicalInstruction& source : lines.instructions) {
      Instruction in = split_instruction(source, escape_);
      if (in.keyword != "from") continue;
      std::vector<RawWord> words = detail::split_words(in.args.text(), escape_);
      std::string name;
      if (words.size() == 3) name = detail::to_lower(view_of(in.args.text(), words[2]));
      stage_names_.push_back(std::move(name));
    }
  }

  void handle(const LogicalInstruction& source) {
    Instruction in = split_instruction(source, escape_);
    if (!is_instruction(in.keyword)) {
      add_error(in, 0, unknown_instruction(in));
      return;
    }
    previous_keyword_ = in.keyword;
    if (stages_.empty() && in.keyword != "arg" && in.keyword != "from") {
      add_error(in, 0,
                "`" + upper_keyword(in) + "` before the first FROM (only ARG can come before it)");
      return;
    }
    dispatch(in);
  }

  void dispatch(const Instruction& in) {
    const std::string& k = in.keyword;
    if (k == "from") return from(in);
    if (k == "arg") return arg(in);
    if (k == "env") return env(in);
    if (k == "run") return run(in);
    if (k == "cmd") return command(in, stage().stage.cmd);
    if (k == "entrypoint") return command(in, stage().stage.entrypoint);
    if (k == "shell") return shell(in);
    if (k == "copy" || k == "add") return copy(in);
    if (k == "expose") return expose(in);
    if (k == "workdir") return workdir(in);
    if (k == "onbuild") return onbuild(in);
    // LABEL, USER, VOLUME, ...: nothing any rule needs.
  }

  void from(const Instruction& in) {
    const std::string& args = in.args.text();
    std::vector<RawWord> words = detail::split_words(args, escape_);
    StageState state;
    state.stage.from = instruction_range(in);
    if (words.empty()) {
      add_error(in, 0, "FROM without an image (FROM [--platform=<platform>] <image> [AS <name>])");
    } else if (words.size() == 2 || words.size() > 3 ||
               (words.size() == 3 && detail::to_lower(view_of(args, words[1])) != "as")) {
      add_error(in, in.args_begin, "FROM takes an image and an optional `AS <name>`");
    } else {
      state.stage.base = detail::process_word(view_of(args, words[0]), escape_, global_scope());
      if (state.stage.base.empty()) {
        add_error(in, in.args_begin, "FROM's image is empty after ARG substitution");
      }
      if (words.size() == 3) state.stage.name = std::string(view_of(args, words[2]));
      check_unique_name(in, state.stage.name);
    }
    std::string base = detail::to_lower(state.stage.base);
    for (std::size_t i = 0; i < stages_.size() && !base.empty(); ++i) {
      if (detail::to_lower(stages_[i].stage.name) != base) continue;
      state.stage.parent = i;  // the last stage of that name before this one
    }
    if (state.stage.parent) {
      const StageState& parent = stages_[*state.stage.parent];
      state.env = parent.env;
      state.stage.shell = parent.stage.shell;
      state.workdir = parent.workdir;
      state.context_copies = parent.context_copies;
    }
    stages_.push_back(std::move(state));
  }

  void check_unique_name(const Instruction& in, const std::string& name) {
    if (name.empty()) return;
    for (const StageState& earlier : stages_) {
      if (detail::to_lower(earlier.stage.name) == detail::to_lower(name)) {
        add_error(in, in.args_begin, "duplicate stage name `" + name + "`");
        return;
      }
    }
  }

  void arg(const Instruction& in) {
    const std::string& args = in.args.text();
    std::vector<RawWord> words = detail::split_words(args, escape_);
    if (words.empty()) return add_error(in, 0, "ARG without a name (ARG <name>[=<default>])");
    VariableScope scope = build_scope();
    for (RawWord word : words) {
      std::string_view written = view_of(args, word);
      std::size_t equals = written.find('=');
      std::string name(written.substr(0, equals));
      std::optional<std::string> value;
      if (equals != std::string_view::npos) {
        value = detail::process_word(written.substr(equals + 1), escape_, scope);
      }
      declare_arg(name, std::move(value));
    }
  }

  void declare_arg(const std::string& name, std::optional<std::string> value) {
    Variables& scope = stages_.empty() ? globals_ : stage().args;
    if (!value && !stages_.empty()) {
      // `ARG NAME` in a stage brings in the global ARG's value.
      auto global = globals_.find(name);
      if (global != globals_.end()) value = global->second;
    }
    auto [it, inserted] = scope.try_emplace(name, value);
    if (!inserted && value) it->second = std::move(value);
  }

  void env(const Instruction& in) {
    const std::string& args = in.args.text();
    std::vector<RawWord> words = detail::split_words(args, escape_);
    if (words.empty()) return add_error(in, 0, "ENV without a name and value");
    VariableScope scope = build_scope();
    std::vector<std::pair<std::string, std::string>> assignments;
    if (view_of(args, words[0]).find('=') == std::string_view::npos) {
      // The old form `ENV NAME value with blanks`.
      if (words.size() < 2) return add_error(in, 0, "ENV needs a value for its name");
      std::string_view value(args.data() + words[1].begin, args.size() - words[1].begin);
      assignments.emplace_back(view_of(args, words[0]),
                               detail::process_word(value, escape_, scope));
    } else {
      for (RawWord word : words) {
        std::string_view written = view_of(args, word);
        std::size_t equals = written.find('=');
        if (equals == std::string_view::npos || equals == 0) {
          return add_error(in, in.args_begin + word.begin,
                           "ENV expects NAME=value, found `" + std::string(written) + "`");
        }
        assignments.emplace_back(written.substr(0, equals),
                                 detail::process_word(written.substr(equals + 1), escape_, scope));
      }
    }
    // All values of one ENV see the variables as they were before it.
    for (auto& [name, value] : assignments) stage().env[name] = std::move(value);
  }

  void run(const Instruction& in) {
    VariableScope scope = build_scope();
    std::optional<std::vector<JsonString>> exec = detail::parse_json_strings(in.args, 0);
    std::vector<ShellCommand> commands =
        exec ? exec_commands(in, *exec, scope) : shell_form_commands(in, scope);
    note_installs(in, commands);
    std::vector<ShellCommand>& runs = stage().stage.runs;
    std::move(commands.begin(), commands.end(), std::back_inserter(runs));
  }

  // The RUN's commands that install from a dependency file, with the context files it may be.
  void note_installs(const Instruction& in, const std::vector<ShellCommand>& commands) {
    std::vector<ContextCopy> copies = stage().context_copies;
    for (const Flag& flag : in.flags) {
      if (detail::to_lower(flag.name) != "mount") continue;
      if (std::optional<ContextCopy> mount = context_mount(flag.value, stage().workdir)) {
        copies.push_back(std::move(*mount));
      }
    }
    for (const ShellCommand& command : commands) {
      for (const detail::InstallSource& source : detail::install_sources(command.words)) {
        std::vector<std::string> candidates =
            detail::context_sources(copies, detail::image_path(stage().workdir, source.path));
        if (candidates.empty()) continue;
        stage().stage.installs.push_back(
            DependencyInstall{source.format, std::move(candidates), command.where, {}, {}});
      }
    }
  }

  void workdir(const Instruction& in) {
    std::vector<RawWord> words = detail::split_words(in.args.text(), escape_);
    if (words.empty()) return add_error(in, 0, "WORKDIR without a path");
    std::string path =
        detail::process_word(view_of(in.args.text(), words[0]), escape_, build_scope());
    stage().workdir = detail::image_path(stage().workdir, path);
  }

  // A RUN's (shell form) commands: its line, then the heredocs that run as scripts.
  std::vector<ShellCommand> shell_form_commands(const Instruction& in, const VariableScope& scope) {
    if (!uses_posix_shell()) return blank_split_command(in.args);
    MappedText line = in.args;
    for (const detail::Heredoc& heredoc : in.source->heredocs) {
      if (heredoc.word_begin < in.args_begin) continue;
      // A same-length input redirection stands in for `<<EOF`: bash then sees which command
      // the heredoc feeds, and no body follows in the line.
      std::string stand_in(heredoc.word_end - heredoc.word_begin, 'x');
      stand_in[0] = '<';
      line.overwrite(heredoc.word_begin - in.args_begin, stand_in);
    }
    std::vector<ParsedCommand> parsed = shell_.commands(line.text(), scope);
    std::vector<ShellCommand> commands = to_shell_commands(line, parsed);
    for (const detail::Heredoc& heredoc : in.source->heredocs) {
      if (heredoc.word_begin < in.args_begin) continue;
      if (!heredoc_is_script(parsed, heredoc.word_begin - in.args_begin, heredoc.body)) continue;
      std::vector<ShellCommand> body = script_commands(heredoc.body, scope);
      std::move(body.begin(), body.end(), std::back_inserter(commands));
    }
    return commands;
  }

  // A heredoc body is a shell script when the RUN is nothing but heredocs (`RUN <<EOF`), or
  // when the heredoc is the input of a shell (`RUN bash -e <<EOF`); otherwise it is data for
  // its command (`python3 <<EOF`, `cat > file <<EOF`).
  static bool heredoc_is_script(const std::vector<ParsedCommand>& line, std::size_t word,
                                const MappedText& body) {
    if (has_foreign_shebang(body)) return false;
    if (line.empty()) return true;
    for (const ParsedCommand& command : line) {
      if (std::find(command.redirects.begin(), command.redirects.end(), word) ==
          command.redirects.end()) {
        continue;
      }
      // `bash -c script <<EOF` reads the heredoc as input of its script, not as one.
      return detail::is_posix_shell(command.words[0]) && !detail::shell_script_index(command.words);
    }
    return false;
  }

  std::vector<ShellCommand> script_commands(const MappedText& script, const VariableScope& scope) {
    return to_shell_commands(script, shell_.commands(script.text(), scope));
  }

  std::vector<ShellCommand> to_shell_commands(const MappedText& script,
                                              const std::vector<ParsedCommand>& parsed) const {
    std::vector<ShellCommand> commands;
    commands.reserve(parsed.size());
    for (const ParsedCommand& command : parsed) {
      commands.push_back({command.words, range(script, command.begin, command.end)});
    }
    return commands;
  }

  // Exec form: the command itself, then the commands of its script if it is `sh -c script`.
  std::vector<ShellCommand> exec_commands(const Instruction& in,
                                          const std::vector<JsonString>& exec,
                                          const VariableScope& scope) {
    if (exec.empty()) return {};
    ShellCommand command;
    for (const JsonString& word : exec) command.words.push_back(word.value.text());
    command.where = range(in.args, exec[0].begin, exec[0].end);
    std::vector<ShellCommand> commands{command};
    if (std::optional<std::size_t> script = detail::shell_script_index(command.words)) {
      std::vector<ShellCommand> inner = script_commands(exec[*script].value, scope);
      std::move(inner.begin(), inner.end(), std::back_inserter(commands));
    }
    return commands;
  }

  // Non-POSIX shells (PowerShell, cmd): the text split at blanks, as one command.
  std::vector<ShellCommand> blank_split_command(const MappedText& text) const {
    std::vector<RawWord> words = detail::split_blanks(text.text());
    if (words.empty()) return {};
    ShellCommand command;
    for (RawWord word : words) command.words.emplace_back(view_of(text.text(), word));
    command.where = range(text, words[0].begin, words[0].end);
    return {command};
  }

  bool uses_posix_shell() {
    const std::vector<std::string>& shell = stage().stage.shell;
    return shell.empty() || detail::is_posix_shell(shell[0]);
  }

  void command(const Instruction& in, std::optional<ImageCommand>& slot) {
    ImageCommand result;
    result.where = instruction_range(in);
    VariableScope scope = runtime_scope();
    if (std::optional<std::vector<JsonString>> exec = detail::parse_json_strings(in.args, 0)) {
      result.exec_form = true;
      for (const JsonString& word : *exec) result.words.push_back(word.value.text());
      result.commands = exec_commands(in, *exec, scope);
    } else {
      const std::vector<std::string>& shell = stage().stage.shell;
      result.words = shell.empty() ? kDefaultShell : shell;
      result.words.push_back(in.args.text());
      result.commands =
          uses_posix_shell() ? script_commands(in.args, scope) : blank_split_command(in.args);
    }
    slot = std::move(result);
  }

  void shell(const Instruction& in) {
    std::optional<std::vector<JsonString>> exec = detail::parse_json_strings(in.args, 0);
    if (!exec || exec->empty()) {
      return add_error(in, 0, "SHELL takes a JSON array, e.g. SHELL [\"/bin/bash\", \"-c\"]");
    }
    std::vector<std::string>& shell = stage().stage.shell;
    shell.clear();
    for (const JsonString& word : *exec) shell.push_back(word.value.text());
  }

  void copy(const Instruction& in) {
    const Flag* from = detail::find_flag(in.flags, "from");
    if (from == nullptr) return context_copy(in);
    std::vector<std::string> args = copy_arguments(in);
    if (args.size() < 2) {
      return add_error(in, 0, upper_keyword(in) + " needs at least one source and a destination");
    }
    CopyFrom copy;
    copy.where = instruction_range(in);
    copy.destination = args.back();
    args.pop_back();
    copy.sources = std::move(args);
    std::string source = detail::process_word(from->value, escape_, build_scope());
    if (!resolve_copy_source(in, *from, source, copy)) return;
    stage().stage.copies.push_back(std::move(copy));
  }

  // COPY/ADD from the build context (not URLs, git repositories or heredocs).
  void context_copy(const Instruction& in) {
    if (!in.source->heredocs.empty()) return;
    std::vector<std::string> args = copy_arguments(in);
    if (args.size() < 2) return;
    ContextCopy copy;
    copy.into_directory = args.size() > 2 || args.back().ends_with('/');
    copy.destination = detail::image_path(stage().workdir, args.back());
    args.pop_back();
    for (std::string& source : args) {
      if (source.find("://") != std::string::npos || source.starts_with("git@")) continue;
      copy.sources.push_back(std::move(source));
    }
    if (!copy.sources.empty()) stage().context_copies.push_back(std::move(copy));
  }

  std::vector<std::string> copy_arguments(const Instruction& in) const {
    std::vector<std::string> args;
    if (std::optional<std::vector<JsonString>> json = detail::parse_json_strings(in.args, 0)) {
      for (const JsonString& word : *json) args.push_back(word.value.text());
      return args;
    }
    const std::string& text = in.args.text();
    for (RawWord word : detail::split_words(text, escape_)) {
      args.push_back(detail::process_word(view_of(text, word), escape_, build_scope()));
    }
    return args;
  }

  // `--from=` names an earlier stage (by name or index) or else an image; a later stage is
  // an error, as in BuildKit.
  bool resolve_copy_source(const Instruction& in, const Flag& flag, const std::string& source,
                           CopyFrom& copy) {
    const std::size_t current = stages_.size() - 1;
    const std::string name = detail::to_lower(source);
    auto named = std::find(stage_names_.begin(), stage_names_.end(), name);
    if (!name.empty() && named != stage_names_.end()) {
      const auto index = static_cast<std::size_t>(named - stage_names_.begin());
      if (index >= current) {
        add_error(in, flag.begin,
                  "--from=" + source + " refers to a stage that is not built before this one");
        return false;
      }
      copy.stage = index;
      return true;
    }
    if (std::optional<std::size_t> index = stage_index(source)) {
      if (*index >= current) {
        add_error(in, flag.begin,
                  "--from=" + source + ": there is no stage " + source + " before this one");
        return false;
      }
      copy.stage = index;
      return true;
    }
    copy.image = source;
    return true;
  }

  void expose(const Instruction& in) {
    if (in.args.text().empty()) return add_error(in, 0, "EXPOSE without a port");
    stage().stage.exposes.push_back(instruction_range(in));
  }

  // ONBUILD's instruction runs in the builds FROM this image, not in this one.
  void onbuild(const Instruction& in) {
    const std::string& text = in.args.text();
    std::size_t end = 0;
    while (end < text.size() && !detail::is_blank(text[end])) ++end;
    std::string keyword = detail::to_lower(std::string_view(text).substr(0, end));
    if (!is_instruction(keyword) || keyword == "onbuild" || keyword == "from" ||
        keyword == "maintainer") {
      add_error(in, in.args_begin,
                "ONBUILD needs an instruction other than ONBUILD, FROM or MAINTAINER");
    }
  }

  // --- results ---

  // The final stage with ENTRYPOINT/CMD followed through its parent stages.
  Image image() const {
    Image image;
    image.dockerfile = path_;
    for (const StageState& state : stages_) image.stages.push_back(state.stage);
    image.final_stage = image.stages.size() - 1;
    std::vector<std::size_t> chain;  // final stage first
    for (std::optional<std::size_t> at = image.final_stage; at; at = image.stages[*at].parent) {
      chain.push_back(*at);
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const ImageStage& stage = image.stages[*it];
      // An ENTRYPOINT resets the CMD the stage inherited, not one the stage sets itself.
      if (stage.entrypoint) {
        image.entrypoint = stage.entrypoint;
        image.cmd.reset();
      }
      if (stage.cmd) image.cmd = stage.cmd;
    }
    return image;
  }

  // `# rightfit:ignore` in whole-line comments only: `#` elsewhere is an argument. A
  // comment alone above an instruction covers all its lines.
  std::vector<Suppression> suppressions(const DockerfileLines& lines) const {
    std::vector<bool> is_comment;
    for (uint32_t line : lines.comment_lines) {
      if (line > is_comment.size()) is_comment.resize(line, false);
      is_comment[line - 1] = true;
    }
    // The file with every line that is not a comment emptied: line numbers stay.
    std::string comments_only;
    std::size_t line_start = 0;
    for (std::size_t line = 0; line < is_comment.size() && line_start <= text_.size(); ++line) {
      std::size_t newline = std::min(text_.find('\n', line_start), text_.size());
      if (is_comment[line]) comments_only.append(text_.substr(line_start, newline - line_start));
      comments_only += '\n';
      line_start = newline + 1;
    }
    std::map<uint32_t, CoverableBlock> blocks;
    for (const LogicalInstruction& instruction : lines.instructions) {
      blocks[instruction.first_line] = CoverableBlock{instruction.last_line, std::nullopt};
    }
    return comment_suppressions(path_, comments_only, {"#"}, blocks);
  }

  std::string path_;
  std::string_view text_;
  LineIndex positions_;
  char escape_ = '\\';
  detail::ShellParser shell_;
  Variables globals_;                     // ARGs before the first FROM
  std::vector<std::string> stage_names_;  // lowercase, empty for unnamed stages
  std::vector<StageState> stages_;
  FileFacts facts_;
  Deadline deadline_;
  std::string previous_keyword_;  // of the instruction handled last, lowercase
};

std::string_view file_name(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

FileFacts parse_dockerfile(const std::string& path, std::string_view text, Deadline deadline) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    FileFacts facts;
    facts.file = path;
    facts.parse_errors.push_back(
        {SourceRange{path, Span{{1, 1}, {1, 1}}}, "file too large for the Dockerfile parser"});
    return facts;
  }
  return DockerfileParser(path, text, deadline).parse();
}

bool is_dockerfile(std::string_view path) {
  std::string_view name = file_name(path);
  // `Dockerfile.dockerignore` and `x.Dockerfile.dockerignore` are ignore files.
  if (name.ends_with(".dockerignore")) return false;
  // `docker build` falls back to the lowercase name.
  if (name == "dockerfile") return true;
  for (std::string_view base : {"Dockerfile", "Containerfile"}) {
    if (name == base) return true;
    if (name.size() > base.size() + 1 && name.starts_with(base) && name[base.size()] == '.') {
      return true;
    }
  }
  for (std::string_view suffix : {".Dockerfile", ".dockerfile"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) return true;
  }
  return false;
}

}  // namespace rightfit::dockerfile
