// Host-side handles: config validation before create, plugin exceptions turned into PluginError, output checks.
#include "tiny_routing_set.h"

#include "modelsat/component_handles.h"
#include "modelsat/error.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::Message;
using modelsat::ComponentKind;
using modelsat::RouterHandle;
using nlohmann::json;

namespace {
const modelsat::ComponentSpec& configurable_spec() {
  static modelsat::ComponentRegistry registry = [] {
    modelsat::ComponentRegistry r;
    r.load_library(std::string(MODELSAT_FIXTURE_DIR) + "/libconfigurable.so");
    return r;
  }();
  return registry.find(ComponentKind::router, "configurable", "test");
}

RouterHandle make(const json& config) {
  return RouterHandle(configurable_spec(), config, modelsat::CreateContext{}, "run.json#/routers/0/config");
}
}  // namespace

TEST_CASE("config: defaults are filled, nested objects included", "[plugin]") {
  RouterHandle handle = make({{"k", 2}});
  CHECK(handle.config() == json({{"k", 2}, {"metric", "cosine"}, {"fault", "none"}, {"training", {{"epochs", 3}}}}));
}

TEST_CASE("config: an unknown key is an error with its JSON pointer", "[plugin]") {
  REQUIRE_THROWS_MATCHES(make({{"k", 2}, {"kk", 3}}), modelsat::ConfigError,
                         Message("run.json#/routers/0/config/kk: unknown key: not part of this config (expected one of "
                                 "fault, k, metric, training)"));
}

TEST_CASE("config: a wrong type names expected and got", "[plugin]") {
  REQUIRE_THROWS_MATCHES(make({{"k", "five"}}), modelsat::ConfigError,
                         Message("run.json#/routers/0/config/k: wrong type (expected integer, got string \"five\")"));
}

TEST_CASE("config: a value out of range names the bound", "[plugin]") {
  REQUIRE_THROWS_MATCHES(make({{"k", -3}}), modelsat::ConfigError,
                         Message("run.json#/routers/0/config/k: out of range (expected integer >= 1, got integer -3)"));
}

TEST_CASE("config: a value outside the enum lists the choices", "[plugin]") {
  REQUIRE_THROWS_WITH(make({{"k", 1}, {"metric", "dot"}}),
                      Contains("run.json#/routers/0/config/metric: invalid value: not an allowed choice (expected one of "
                               "\"cosine\", \"l2\", got string \"dot\")"));
}

TEST_CASE("config: errors inside nested objects point into them", "[plugin]") {
  REQUIRE_THROWS_WITH(make({{"k", 1}, {"training", {{"epochs", 0}}}}),
                      Contains("run.json#/routers/0/config/training/epochs: out of range"));
}

TEST_CASE("config: a missing required key is named", "[plugin]") {
  REQUIRE_THROWS_MATCHES(make(json::object()), modelsat::ConfigError,
                         Message("run.json#/routers/0/config/k: missing key: required by the schema (expected integer, "
                                 "got nothing)"));
}

TEST_CASE("boundary: a plugin's exception becomes a PluginError naming component and operation", "[plugin]") {
  RouterHandle handle = make({{"k", 1}, {"fault", "throw_in_fit"}});
  const auto data = modelsat::test::make_tiny_routing_set(1);
  REQUIRE_THROWS_MATCHES(handle.fit(data, nullptr), modelsat::PluginError,
                         Message("router/configurable: fit: training diverged at step 3"));
}

TEST_CASE("boundary: a non-standard exception is caught too", "[plugin]") {
  RouterHandle handle = make({{"k", 1}, {"fault", "throw_int_in_fit"}});
  const auto data = modelsat::test::make_tiny_routing_set(1);
  REQUIRE_THROWS_WITH(handle.fit(data, nullptr),
                      "router/configurable: fit: unknown exception (not derived from std::exception)");
}

TEST_CASE("boundary: a factory returning null is an error", "[plugin]") {
  REQUIRE_THROWS_WITH(make({{"k", 1}, {"fault", "null"}}), "router/configurable: create: the factory returned null");
}

TEST_CASE("boundary: scores of the wrong shape are rejected", "[plugin]") {
  RouterHandle handle = make({{"k", 1}, {"fault", "wrong_shape"}});
  const auto data = modelsat::test::make_tiny_routing_set(1, 10, 4);
  REQUIRE_THROWS_WITH(handle.score(data.queries, data.candidates),
                      "router/configurable: score: returned a tensor of the wrong shape (expected [10, 4], got [11, 4])");
}

TEST_CASE("boundary: non-finite scores are rejected", "[plugin]") {
  RouterHandle handle = make({{"k", 1}, {"fault", "nan"}});
  const auto data = modelsat::test::make_tiny_routing_set(1, 10, 4);
  REQUIRE_THROWS_WITH(handle.score(data.queries, data.candidates),
                      "router/configurable: score: returned non-finite values (NaN or infinity)");
}
