#include "analyzer/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace rightfit {
namespace {

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
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string write_file_atomically(const std::string& path, std::string_view content) {
  const std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> temp(pattern.c_str(), pattern.c_str() + pattern.size() + 1);  // mutable
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return failure(path, errno);

  const bool ok = write_all(fd, content) && ::fchmod(fd, final_mode(path)) == 0 && ::fsync(fd) == 0;
  int error = ok ? 0 : errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.data(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.data());
    return failure(path, error);
  }
  sync_directory_of(path);
  return "";
}

}  // namespace rightfit
