#include "integrations/git/git_command.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace rightfit {

namespace {

// Settings placed before the subcommand: they win over the repository's configuration.
const std::vector<std::string> kHardening = {
    "-c", "core.fsmonitor=false", "-c", "core.pager=cat",           "-c",        "diff.external=",
    "-c", "core.quotePath=false", "-c", "core.hooksPath=/dev/null", "--no-pager"};

struct Pipe {
  std::array<int, 2> fds{-1, -1};
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  bool open() { return ::pipe2(fds.data(), O_CLOEXEC) == 0; }
};

struct Captured {
  std::string out;
  std::string err;
  bool too_big = false;
};

// Reads both pipes until git closes them (reading one alone could block git on the other).
void drain(int out_fd, int err_fd, std::size_t max_bytes, Captured& into) {
  std::array<pollfd, 2> polled{{{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&into.out, &into.err};
  int open_fds = 2;
  std::array<char, 65536> buffer{};
  while (open_fds > 0) {
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (std::size_t i = 0; i < polled.size(); ++i) {
      if (polled[i].fd < 0 || polled[i].revents == 0) continue;
      const ssize_t got = ::read(polled[i].fd, buffer.data(), buffer.size());
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        polled[i].fd = -1;
        --open_fds;
        continue;
      }
      std::string& sink = *sinks[i];
      const std::size_t limit = i == 0 ? max_bytes : 4096;
      if (sink.size() + static_cast<std::size_t>(got) > limit) {
        into.too_big = into.too_big || i == 0;
        continue;  // keep reading so git can finish, but keep nothing more
      }
      sink.append(buffer.data(), static_cast<std::size_t>(got));
    }
  }
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "no message" : line;
}

}  // namespace

Result<std::string> run_git(const std::string& directory, const std::vector<std::string>& args,
                            std::size_t max_bytes) {
  std::vector<std::string> argv_text = {"git", "-C", directory};
  argv_text.insert(argv_text.end(), kHardening.begin(), kHardening.end());
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  return run_program(std::move(argv_text), "git " + args.front(), max_bytes);
}

Result<std::string> run_program(std::vector<std::string> argv_text, const std::string& label,
                                std::size_t max_bytes) {
  const std::string program = argv_text.front();
  std::vector<char*> argv;
  argv.reserve(argv_text.size() + 1);
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  Pipe out;
  Pipe err;
  if (!out.open() || !err.open())
    return fail("cannot run " + program + ": " + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return fail("cannot run " + program + ": " + std::strerror(spawned));
  ::close(out.fds[1]);
  out.fds[1] = -1;
  ::close(err.fds[1]);
  err.fds[1] = -1;

  Captured captured;
  drain(out.fds[0], err.fds[0], max_bytes, captured);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // posix_spawnp reports a missing git as exit status 127 of the child.
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      return fail("cannot run " + program + ": not found");
    return fail(label + ": " + first_line(captured.err));
  }
  if (captured.too_big) {
    return fail(label + ": output larger than " + std::to_string(max_bytes >> 20U) + " MB");
  }
  return std::move(captured.out);
}

}  // namespace rightfit
