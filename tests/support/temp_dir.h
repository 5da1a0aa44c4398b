// A temporary directory for one test, removed with everything in it when the object goes out of scope.
#pragma once

#include <string>

namespace modelsat::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// path()/name (not created).
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  /// Writes contents to path()/name (plain write, for fixtures) and returns the full path.
  std::string write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

}  // namespace modelsat::test
