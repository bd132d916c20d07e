#include "analyzer/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace rightfit {
namespace {

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "./" : path.substr(0, slash + 1);
}

std::string failure(const std::string& path, int error) {
  return "cannot write " + path + ": " + std::generic_category().message(error);
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

// The process umask, read without umask(2), which would change it for a moment under every
// other thread's feet. Linux 4.7+ lists it in /proc/self/status.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    }
  }
  return 022;
}

// mkstemp creates files readable by the owner only; the result should look like any other
// file the user creates, or keep the mode of the file it replaces.
mode_t final_mode(const std::string& path) {
  struct stat existing;
  if (::stat(path.c_str(), &existing) == 0) return existing.st_mode & 07777;
  return 0666 & ~current_umask();
}

// Makes the rename itself durable; failing here loses nothing already written, so it is
// not reported.
void sync_directory_of(const std::string& path) {
  const int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// `-o link` writes the file the link names and keeps the link, as a shell's `>` does; a
// dangling link names the file to create. Bounded like the kernel's own link following.
std::string followed_path(std::string path) {
  for (int hops = 0; hops < 40; ++hops) {
    struct stat info;
    if (::lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
    std::vector<char> target(static_cast<size_t>(PATH_MAX) + 1);
    const ssize_t length = ::readlink(path.c_str(), target.data(), target.size() - 1);
    if (length < 0) return path;
    const std::string link(target.data(), static_cast<size_t>(length));
    if (link.front() == '/') {
      path = link;
    } else {
      path = directory_of(path).append(link);
    }
  }
  return path;  // still a link: a loop, refused by the caller
}

// A device, FIFO or socket is written in place: renaming over it would turn /dev/null into a
// regular file (it did, as root). Nothing to make atomic there.
std::string write_in_place(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return failure(path, errno);
  int error = write_all(fd, content) ? 0 : errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  return error == 0 ? "" : failure(path, error);
}

bool fill(int fd, const std::string& path, std::string_view content) {
  return write_all(fd, content) && ::fchmod(fd, final_mode(path)) == 0 && ::fsync(fd) == 0;
}

// The named fallback where the file system has no O_TMPFILE: a temporary beside the target,
// renamed over it (a kill in between leaves the temporary behind).
std::string replace_through_named_temporary(const std::string& path, std::string_view content) {
  const std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> temp(pattern.c_str(), pattern.c_str() + pattern.size() + 1);  // mutable
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return failure(path, errno);
  int error = fill(fd, path, content) ? 0 : errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.data(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.data());
    return failure(path, error);
  }
  return "";
}

// Gives the unnamed file `fd` the name `path`: directly when nothing is there (linkat never
// replaces), else under a fresh name that is then renamed over the old file.
int publish(int fd, const std::string& path) {
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
  if (errno != EEXIST) return errno;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string temp =
        path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(attempt);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      if (errno == EEXIST) continue;
      return errno;
    }
    if (::rename(temp.c_str(), path.c_str()) == 0) return 0;
    const int error = errno;
    ::unlink(temp.c_str());
    return error;
  }
  return EEXIST;
}

// A regular file (or none) is replaced atomically through an unnamed O_TMPFILE file in the
// same directory: a run killed before the end leaves neither a half-written target nor a
// temporary file.
std::string replace_atomically(const std::string& path, std::string_view content) {
  const int fd = ::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
      return replace_through_named_temporary(path, content);
    }
    return failure(path, errno);
  }
  int error = fill(fd, path, content) ? 0 : errno;
  if (error == 0) error = publish(fd, path);
  if (::close(fd) != 0 && error == 0) error = errno;
  return error == 0 ? "" : failure(path, error);
}

}  // namespace

std::string write_file_atomically(const std::string& path, std::string_view content) {
  std::string error = replace_atomically(path, content);
  if (error.empty()) sync_directory_of(path);
  return error;
}

std::string write_output_file(const std::string& requested, std::string_view content) {
  const std::string path = followed_path(requested);
  struct stat info;
  if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
    return failure(requested, ELOOP);  // never replace the link itself
  }
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) return failure(requested, EISDIR);
    return write_in_place(path, content);
  }
  return write_file_atomically(path, content);
}

}  // namespace rightfit
