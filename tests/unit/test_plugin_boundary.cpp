// plugin_call: plugin exceptions become PluginError "<kind>/<name>: <operation>: <message>", naming the component once.
#include "modelsat/plugin_boundary.h"

#include <catch2/catch.hpp>

#include <stdexcept>

namespace {
std::string message_of(const std::string& thrown) {
  try {
    modelsat::plugin_call("router/knn", "score", [&]() -> int { throw std::runtime_error(thrown); });
  } catch (const modelsat::PluginError& error) {
    return error.what();
  }
  return "no PluginError";
}
}  // namespace

TEST_CASE("plugin_call: the component is named once, whether or not the plugin prefixed its message", "[unit]") {
  CHECK(message_of("the embeddings need one row per query") == "router/knn: score: the embeddings need one row per query");
  CHECK(message_of("knn: score: the embeddings need one row per query") ==
        "router/knn: score: the embeddings need one row per query");
  CHECK(message_of("knn: fit (validation): bad") == "router/knn: score: fit (validation): bad");
  CHECK(message_of("knnx: score: other") == "router/knn: score: knnx: score: other");
  CHECK(message_of("") == "router/knn: score: ");
}

TEST_CASE("plugin_call: a non-standard exception and a PluginError pass as documented", "[unit]") {
  try {
    modelsat::plugin_call("encoder/e", "encode", []() -> int { throw 42; });
    FAIL("no exception");
  } catch (const modelsat::PluginError& error) {
    CHECK(std::string(error.what()) == "encoder/e: encode: unknown exception (not derived from std::exception)");
    CHECK(error.component() == "encoder/e");
    CHECK(error.operation() == "encode");
  }
  CHECK(modelsat::plugin_call("encoder/e", "encode", [] { return 7; }) == 7);
}
