// The `modelsat` CLI: help, version, plugin discovery and the exit-status contract (0 ok, 1 failure, 2 usage).
#include "run_command.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

using Catch::Matchers::Contains;
using modelsat::test::run_command;
using modelsat::test::run_modelsat;

namespace {
/// A directory holding a copy of one fixture plugin.
std::string plugin_dir_with(const modelsat::test::TempDir& dir, const std::string& fixture) {
  const std::string target = dir.file("plugins");
  std::filesystem::create_directories(target);
  std::filesystem::copy_file(std::string(MODELSAT_FIXTURE_DIR) + "/lib" + fixture + ".so",
                             target + "/lib" + fixture + ".so");
  return target;
}
}  // namespace

TEST_CASE("cli: --help lists the commands and exits 0", "[cli]") {
  const auto result = run_modelsat("--help");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("usage: modelsat") && Contains("plugins") && Contains("--plugin-dir"));
}

TEST_CASE("cli: --version prints the version, commit and fingerprint", "[cli]") {
  const auto result = run_modelsat("--version");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("modelsat 0.") && Contains("(commit ") && Contains("plugin ABI"));
}

TEST_CASE("cli: no command is a usage error", "[cli]") {
  const auto result = run_modelsat("");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("modelsat: missing command; see 'modelsat --help'"));
}

TEST_CASE("cli: an unknown command is a usage error listing the commands", "[cli]") {
  const auto result = run_modelsat("plugns");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("modelsat: unknown command 'plugns' (expected one of ") && Contains("plugins"));
}

TEST_CASE("cli: an unknown option of a command is a usage error", "[cli]") {
  const auto result = run_modelsat("plugins --jsn");
  CHECK(result.exit_code == 2);
  CHECK(result.err == "modelsat plugins: unknown option '--jsn' (expected one of --json, --help); see 'modelsat "
                      "plugins --help'\n");
}

TEST_CASE("cli: a bad log level is a usage error", "[cli]") {
  const auto result = run_modelsat("--log-level loud plugins");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("--log-level: unknown log level (expected debug, info, warn, error or quiet, got \"loud\")"));
}

TEST_CASE("cli: every command has --help", "[cli]") {
  const auto result = run_modelsat("plugins --help");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("usage: modelsat plugins") && Contains("--json"));
}

TEST_CASE("cli: plugins prints a table with the example router", "[cli]") {
  const auto result = run_modelsat("plugins");
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("KIND") && Contains("router") && Contains("example_router"));
}

TEST_CASE("cli: plugins --json prints {kind, name, version, summary, library, schema} objects", "[cli]") {
  const auto result = run_modelsat("plugins --json");
  REQUIRE(result.exit_code == 0);
  const auto list = nlohmann::json::parse(result.out);
  REQUIRE(list.is_array());
  bool found = false;
  for (const auto& item : list) {
    for (const char* key : {"kind", "name", "version", "summary", "library", "schema"}) CHECK(item.contains(key));
    if (item.at("name") == "example_router") {
      found = true;
      CHECK(item.at("kind") == "router");
      CHECK(item.at("schema").at("properties").contains("smoothing"));
    }
  }
  CHECK(found);
}

TEST_CASE("cli: --plugin-dir adds a directory of plugins", "[cli]") {
  modelsat::test::TempDir dir;
  const std::string plugins = plugin_dir_with(dir, "configurable");
  const auto result = run_modelsat("--plugin-dir '" + plugins + "' plugins --json");
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("\"configurable\"") && Contains("\"example_router\""));
}

TEST_CASE("cli: MODELSAT_PLUGIN_PATH adds directories of plugins", "[cli]") {
  modelsat::test::TempDir dir;
  const std::string plugins = plugin_dir_with(dir, "configurable");
  const auto result = run_command("MODELSAT_PLUGIN_PATH='" + plugins + "' '" + MODELSAT_CLI_PATH + "' plugins");
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("configurable"));
}

TEST_CASE("cli: --no-builtin-plugins loads only what is asked for", "[cli]") {
  const auto result = run_modelsat("--no-builtin-plugins plugins");
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == "no components loaded\n");
}

TEST_CASE("cli: a broken plugin fails the command with exit 1 and names the file", "[cli]") {
  modelsat::test::TempDir dir;
  const std::string plugins = plugin_dir_with(dir, "wrong_abi");
  const auto result = run_modelsat("--plugin-dir '" + plugins + "' plugins");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("modelsat: error: plugin '") && Contains("libwrong_abi.so': ABI version mismatch"));
}

TEST_CASE("cli: a missing --plugin-dir fails with exit 1", "[cli]") {
  const auto result = run_modelsat("--plugin-dir /nonexistent/dir plugins");
  CHECK(result.exit_code == 1);
  CHECK(result.err == "modelsat: error: --plugin-dir '/nonexistent/dir': not a directory\n");
}

TEST_CASE("cli: every command listed by --help has its own --help", "[cli]") {
  const auto help = run_modelsat("--help");
  REQUIRE(help.exit_code == 0);
  const auto begin = help.out.find("commands:\n");
  const auto end = help.out.find("\nglobal options");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::istringstream lines(help.out.substr(begin + 10, end - begin - 10));
  std::string line;
  int commands = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("  ", 0) != 0 || line.rfind("      ", 0) == 0) continue;
    const std::string name = line.substr(2);
    const auto result = run_modelsat(name + " --help");
    INFO(name);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("usage: modelsat " + name));
    ++commands;
  }
  CHECK(commands >= 4);
}
