// Atomic file replacement via temporary file + fsync + rename, and whole-file reads.
#include "modelsat/atomic_file.h"

#include "modelsat/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace modelsat {
namespace {
std::string errno_text() { return std::strerror(errno); }

void write_all(int fd, const std::string& contents, const std::string& path) {
  size_t offset = 0;
  while (offset < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + offset, contents.size() - offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path + ": cannot write: " + errno_text());
    }
    offset += static_cast<size_t>(n);
  }
}
}  // namespace

void write_file_atomic(const std::string& path, const std::string& contents) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw IoError(path + ": cannot write: cannot create directory '" + parent.string() + "': " + ec.message());

  static std::atomic<unsigned> counter{0};
  const std::string temp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError(path + ": cannot write: " + errno_text());
  try {
    write_all(fd, contents, path);
    if (::fsync(fd) != 0) throw IoError(path + ": cannot write: fsync failed: " + errno_text());
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = errno_text();
    ::unlink(temp.c_str());
    throw IoError(path + ": cannot write: rename failed: " + reason);
  }
  const int dir_fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw IoError(path + ": cannot read: file does not exist");
  if (std::filesystem::is_directory(path, ec)) throw IoError(path + ": cannot read: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot read: " + errno_text());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError(path + ": cannot read: " + errno_text());
  return buffer.str();
}

}  // namespace modelsat
