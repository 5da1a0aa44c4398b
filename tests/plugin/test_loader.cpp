// Loader errors: each broken fixture library fails with a one-line message naming the file and the cause.
#include "temp_dir.h"

#include "modelsat/component_registry.h"
#include "modelsat/error.h"
#include "modelsat/plugin_abi.h"

#include <catch2/catch.hpp>

#include <filesystem>

using Catch::Matchers::Contains;
using modelsat::ComponentKind;
using modelsat::ComponentRegistry;
using modelsat::PluginLoadError;

namespace {
std::string fixture(const std::string& name) {
  return std::filesystem::canonical(std::string(MODELSAT_FIXTURE_DIR) + "/lib" + name + ".so").string();
}
}  // namespace

TEST_CASE("loader: a missing file is named with its cause", "[plugin]") {
  ComponentRegistry registry;
  const std::string path = std::string(MODELSAT_FIXTURE_DIR) + "/libdoes_not_exist.so";
  REQUIRE_THROWS_MATCHES(registry.load_library(path), PluginLoadError,
                         Catch::Matchers::Message("plugin '" + path + "': cannot load: file does not exist"));
}

TEST_CASE("loader: a file that is not a shared library is rejected", "[plugin]") {
  modelsat::test::TempDir dir;
  const std::string path = dir.write("libtext.so", "this is not an ELF file\n");
  ComponentRegistry registry;
  REQUIRE_THROWS_WITH(registry.load_library(path),
                      Contains("plugin '" + std::filesystem::canonical(path).string() + "'") &&
                          Contains("cannot load: not a loadable shared library"));
}

TEST_CASE("loader: a library without the entry point is rejected", "[plugin]") {
  ComponentRegistry registry;
  REQUIRE_THROWS_WITH(registry.load_library(fixture("no_entry")),
                      Contains("plugin '" + fixture("no_entry") + "': no entry point") &&
                          Contains(MSAT_PLUGIN_ENTRY_POINT));
}

TEST_CASE("loader: an entry point returning null is rejected", "[plugin]") {
  ComponentRegistry registry;
  REQUIRE_THROWS_WITH(registry.load_library(fixture("null_info")),
                      Contains("plugin '" + fixture("null_info") + "': invalid plugin info") && Contains("null"));
}

TEST_CASE("loader: an ABI version mismatch names both numbers", "[plugin]") {
  ComponentRegistry registry;
  const std::string expected = "(expected " + std::to_string(MSAT_PLUGIN_ABI_VERSION) + ", got " +
                               std::to_string(MSAT_PLUGIN_ABI_VERSION + 1000) + ")";
  REQUIRE_THROWS_WITH(registry.load_library(fixture("wrong_abi")),
                      Contains("plugin '" + fixture("wrong_abi") + "': ABI version mismatch") && Contains(expected));
}

TEST_CASE("loader: a build fingerprint mismatch shows both fingerprints", "[plugin]") {
  ComponentRegistry registry;
  REQUIRE_THROWS_WITH(registry.load_library(fixture("wrong_fingerprint")),
                      Contains("plugin '" + fixture("wrong_fingerprint") + "': build fingerprint mismatch") &&
                          Contains("got \"clang 99.0; cxx11abi=0; libtorch 0.1.0; json 1.0.0\"") &&
                          Contains("expected \"gcc"));
}

TEST_CASE("loader: a registration that throws is reported with the plugin's message", "[plugin]") {
  ComponentRegistry registry;
  REQUIRE_THROWS_MATCHES(registry.load_library(fixture("throws_on_register")), PluginLoadError,
                         Catch::Matchers::Message("plugin '" + fixture("throws_on_register") +
                                                  "': registration failed: cannot find my weights file"));
  CHECK(registry.components().empty());
  CHECK(registry.libraries().empty());
}

TEST_CASE("loader: two libraries registering the same kind/name are both named", "[plugin]") {
  ComponentRegistry registry;
  registry.load_library(fixture("dup_router_a"));
  REQUIRE_THROWS_MATCHES(registry.load_library(fixture("dup_router_b")), PluginLoadError,
                         Catch::Matchers::Message("plugin '" + fixture("dup_router_b") +
                                                  "': duplicate component router/dup_router: already registered by '" +
                                                  fixture("dup_router_a") + "'"));
  CHECK(registry.components().size() == 1);
}

TEST_CASE("loader: an invalid config schema is rejected at load time with its JSON pointer", "[plugin]") {
  ComponentRegistry registry;
  REQUIRE_THROWS_WITH(registry.load_library(fixture("bad_schema")),
                      Contains("plugin '" + fixture("bad_schema") + "': invalid component router/bad_schema") &&
                          Contains("#/properties/k: invalid schema: unknown keyword 'minimun'"));
}

TEST_CASE("loader: an invalid component name is rejected", "[plugin]") {
  ComponentRegistry registry;
  REQUIRE_THROWS_WITH(registry.load_library(fixture("bad_component_name")),
                      Contains("plugin '" + fixture("bad_component_name") + "': invalid component") &&
                          Contains("(got \"Bad-Name\")"));
}

TEST_CASE("loader: loading the same file twice is a no-op", "[plugin]") {
  ComponentRegistry registry;
  registry.load_library(fixture("configurable"));
  registry.load_library(fixture("configurable"));
  CHECK(registry.libraries().size() == 1);
  CHECK(registry.components(ComponentKind::router).size() == 1);
}

TEST_CASE("loader: a plugin directory that does not exist is named", "[plugin]") {
  ComponentRegistry registry;
  modelsat::PluginSearchOptions options;
  options.include_builtin = false;
  options.use_environment = false;
  options.extra_dirs = {"/nonexistent/modelsat-plugins"};
  REQUIRE_THROWS_MATCHES(modelsat::load_plugins(registry, options), PluginLoadError,
                         Catch::Matchers::Message("--plugin-dir '/nonexistent/modelsat-plugins': not a directory"));
}

TEST_CASE("loader: the built-in directory holds the example router", "[plugin]") {
  ComponentRegistry registry;
  modelsat::PluginSearchOptions options;
  options.use_environment = false;
  modelsat::load_plugins(registry, options);
  const auto& spec = registry.find(ComponentKind::router, "example_router", "test");
  CHECK(spec.library->plugin_name == "example_router");
  CHECK_THAT(spec.library->path, Contains("lib/modelsat/plugins/libmodelsat_example_router.so"));
}

TEST_CASE("registry: an unknown component lists the available ones", "[plugin]") {
  ComponentRegistry registry;
  registry.load_library(fixture("configurable"));
  REQUIRE_THROWS_MATCHES(registry.find(ComponentKind::router, "knn", "run.json#/routers/0/name"), modelsat::ConfigError,
                         Catch::Matchers::Message("run.json#/routers/0/name: unknown router 'knn' (expected one of "
                                                  "configurable)"));
  REQUIRE_THROWS_WITH(registry.find(ComponentKind::encoder, "hashing", "x"),
                      Contains("unknown encoder 'hashing' (expected one of nothing: no encoder plugin is loaded)"));
}
