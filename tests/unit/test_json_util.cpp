// JSON helpers: positioned parse errors, value descriptions and JSON-pointer locations.
#include "temp_dir.h"

#include "modelsat/error.h"
#include "modelsat/json_util.h"
#include "modelsat/sha256.h"

#include <catch2/catch.hpp>

using Catch::Matchers::StartsWith;

TEST_CASE("json: parse errors name the source, line and column", "[unit]") {
  REQUIRE_THROWS_AS(modelsat::parse_json("{\n  \"a\": 1,\n  \"b\": ]\n}", "run.json"), modelsat::ConfigError);
  REQUIRE_THROWS_WITH(modelsat::parse_json("{\n  \"a\": 1,\n  \"b\": ]\n}", "run.json"),
                      StartsWith("run.json:3:8: invalid JSON: "));
}

TEST_CASE("json: a missing file is an IoError naming it", "[unit]") {
  REQUIRE_THROWS_MATCHES(modelsat::read_json_file("/nonexistent/run.json"), modelsat::IoError,
                         Catch::Matchers::Message("/nonexistent/run.json: cannot read: file does not exist"));
}

TEST_CASE("json: a file is read and parsed", "[unit]") {
  modelsat::test::TempDir dir;
  const auto path = dir.write("a.json", R"({"k": [1, 2]})");
  CHECK(modelsat::read_json_file(path).at("k").size() == 2);
}

TEST_CASE("json: values are described with their type", "[unit]") {
  CHECK(modelsat::describe_json(nlohmann::json(-3)) == "integer -3");
  CHECK(modelsat::describe_json(nlohmann::json("abc")) == "string \"abc\"");
  CHECK(modelsat::describe_json(nlohmann::json(2.5)) == "number 2.5");
  CHECK(modelsat::describe_json(nlohmann::json::array({1, 2})) == "array of 2");
  CHECK(modelsat::describe_json(nlohmann::json()) == "null null");
  CHECK(modelsat::describe_json(nlohmann::json(std::string(100, 'x'))).size() < 80);
}

TEST_CASE("json: pointer_join builds locations", "[unit]") {
  CHECK(modelsat::pointer_join("a.json", "routers") == "a.json#/routers");
  CHECK(modelsat::pointer_join(modelsat::pointer_join("a.json", "routers"), 0) == "a.json#/routers/0");
  CHECK(modelsat::pointer_join("a.json#", "x") == "a.json#/x");
}

TEST_CASE("sha256: known test vectors", "[unit]") {
  CHECK(modelsat::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(modelsat::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(modelsat::sha256_hex(std::string(1000, 'a')) ==
        "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}
