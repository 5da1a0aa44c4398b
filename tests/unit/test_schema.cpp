// ConfigSchema: schema checking, default filling and the JSON-pointer messages of invalid configs.
#include "modelsat/error.h"
#include "modelsat/schema.h"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::Message;
using modelsat::ConfigError;
using modelsat::ConfigSchema;
using nlohmann::json;

namespace {
const char* const kSchema = R"({
  "type": "object",
  "properties": {
    "rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.1},
    "name": {"type": "string", "minLength": 1, "default": "x"},
    "layers": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1, "default": [4]},
    "flag": {"type": "boolean"}
  }
})";
}

TEST_CASE("schema: a null config resolves to all defaults", "[unit]") {
  const auto schema = ConfigSchema::parse(kSchema, "test");
  CHECK(schema.resolve(nullptr, "c.json") == json({{"rate", 0.1}, {"name", "x"}, {"layers", {4}}}));
}

TEST_CASE("schema: given values are kept and checked", "[unit]") {
  const auto schema = ConfigSchema::parse(kSchema, "test");
  CHECK(schema.resolve({{"rate", 1}, {"flag", true}}, "c.json").at("rate") == 1);
  REQUIRE_THROWS_MATCHES(schema.resolve({{"rate", 0}}, "c.json"), ConfigError,
                         Message("c.json#/rate: out of range (expected number > 0, got integer 0)"));
  REQUIRE_THROWS_MATCHES(schema.resolve({{"rate", 1.5}}, "c.json"), ConfigError,
                         Message("c.json#/rate: out of range (expected number <= 1, got number 1.5)"));
  REQUIRE_THROWS_MATCHES(schema.resolve({{"name", ""}}, "c.json"), ConfigError,
                         Message("c.json#/name: string too short (expected at least 1 characters, got string \"\")"));
  REQUIRE_THROWS_MATCHES(schema.resolve({{"flag", 1}}, "c.json"), ConfigError,
                         Message("c.json#/flag: wrong type (expected boolean, got integer 1)"));
}

TEST_CASE("schema: array items are checked with their index in the pointer", "[unit]") {
  const auto schema = ConfigSchema::parse(kSchema, "test");
  REQUIRE_THROWS_MATCHES(schema.resolve({{"layers", {4, 0}}}, "m.json#/encoder/config"), ConfigError,
                         Message("m.json#/encoder/config/layers/1: out of range (expected integer >= 1, got integer 0)"));
  REQUIRE_THROWS_WITH(schema.resolve({{"layers", json::array()}}, "c.json"),
                      "c.json#/layers: too few items (expected at least 1, got array of 0)");
}

TEST_CASE("schema: a config that is not an object is rejected", "[unit]") {
  const auto schema = ConfigSchema::parse(kSchema, "test");
  REQUIRE_THROWS_MATCHES(schema.resolve(json::array({1}), "c.json#/routers/0/config"), ConfigError,
                         Message("c.json#/routers/0/config: wrong type (expected object, got array of 1)"));
}

TEST_CASE("schema: pointer tokens are escaped as RFC 6901 requires", "[unit]") {
  const auto schema = ConfigSchema::parse(kSchema, "test");
  REQUIRE_THROWS_WITH(schema.resolve({{"a/b~c", 1}}, "c.json"), Contains("c.json#/a~1b~0c: unknown key"));
}

TEST_CASE("schema: invalid schemas are rejected with a pointer into the schema", "[unit]") {
  REQUIRE_THROWS_MATCHES(ConfigSchema::parse(R"({"type": "object", "properties": {"k": {"type": "int"}}})", "s"),
                         ConfigError,
                         Message("s#/properties/k: invalid schema: type must be one of object, integer, number, string, "
                                 "boolean, array, got string \"int\""));
  REQUIRE_THROWS_WITH(ConfigSchema::parse(R"({"type": "object", "properties": {"k": {"type": "integer", "minimum": 2, "default": 1}}})", "s"),
                      Contains("s#/properties/k: invalid schema: default does not satisfy its own schema"));
  REQUIRE_THROWS_WITH(ConfigSchema::parse(R"({"type": "object", "required": ["missing"]})", "s"),
                      "s#: invalid schema: required names string \"missing\", which is not a property");
  REQUIRE_THROWS_WITH(ConfigSchema::parse(R"({"type": "array"})", "s"),
                      "s#: invalid schema: a component config schema must have \"type\": \"object\"");
  REQUIRE_THROWS_WITH(ConfigSchema::parse(R"({"type": "object", "additionalProperties": 1})", "s"),
                      Contains("additionalProperties must be true or false"));
  REQUIRE_THROWS_WITH(
      ConfigSchema::parse(R"({"type": "object", "additionalProperties": true, "properties": {"a": {}}})", "s"),
      Contains("cannot list properties"));
  REQUIRE_THROWS_WITH(ConfigSchema::parse("{\"type\": ", "s"), Contains("s:1:10: invalid JSON"));
}

TEST_CASE("schema: free-form objects pass through; optional objects with required keys stay absent", "[unit]") {
  const auto schema = ConfigSchema::parse(R"({"type": "object", "properties": {
      "config": {"type": "object", "additionalProperties": true, "default": {}},
      "encoder": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}})",
                                          "s");
  CHECK(schema.resolve({{"config", {{"anything", 1}}}}, "m.json") == json({{"config", {{"anything", 1}}}}));
  CHECK(schema.resolve(nullptr, "m.json") == json({{"config", json::object()}}));
  REQUIRE_THROWS_WITH(schema.resolve({{"encoder", json::object()}}, "m.json"),
                      "m.json#/encoder/name: missing key: required by the schema (expected string, got nothing)");
}
