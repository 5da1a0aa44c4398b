// Temporary directories for tests, made with mkdtemp and removed recursively.
#include "temp_dir.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace modelsat::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "modelsat-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& contents) const {
  const std::string full = file(name);
  std::filesystem::create_directories(std::filesystem::path(full).parent_path());
  std::ofstream out(full, std::ios::binary);
  out << contents;
  if (!out) throw std::runtime_error("cannot write test file " + full);
  return full;
}

}  // namespace modelsat::test
