// Atomic writes: complete replacement, parent creation, no temporaries left behind, clear errors.
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"

#include <catch2/catch.hpp>

#include <filesystem>

using Catch::Matchers::StartsWith;

TEST_CASE("atomic_file: writes, replaces and creates parent directories", "[unit]") {
  modelsat::test::TempDir dir;
  const std::string path = dir.file("nested/deeper/state.json");
  modelsat::write_file_atomic(path, "first");
  CHECK(modelsat::read_file(path) == "first");
  modelsat::write_file_atomic(path, std::string("second\0binary", 13));
  CHECK(modelsat::read_file(path) == std::string("second\0binary", 13));
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("nested/deeper"))) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("atomic_file: an unwritable target is an IoError naming it", "[unit]") {
  modelsat::test::TempDir dir;
  const std::string blocker = dir.write("file", "x");
  REQUIRE_THROWS_AS(modelsat::write_file_atomic(blocker + "/child.json", "y"), modelsat::IoError);
  REQUIRE_THROWS_WITH(modelsat::write_file_atomic(blocker + "/child.json", "y"),
                      StartsWith(blocker + "/child.json: cannot write: "));
}

TEST_CASE("atomic_file: reading a directory is an IoError", "[unit]") {
  modelsat::test::TempDir dir;
  REQUIRE_THROWS_WITH(modelsat::read_file(dir.path()), dir.path() + ": cannot read: is a directory");
}
