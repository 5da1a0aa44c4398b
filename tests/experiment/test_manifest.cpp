// Manifest validation: every mistake a user can make is reported with the file and JSON pointer.
#include "modelsat/atomic_file.h"
#include "modelsat/data/compression.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/manifest.h"
#include "run_command.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using modelsat::test::run_modelsat;
using nlohmann::json;

namespace {
/// A valid manifest pointing at the committed synthetic dataset.
json base_manifest() {
  const std::string data = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/synthetic";
  return {{"schema_version", 1},
          {"name", "t"},
          {"dataset", data},
          {"split", data + "/splits/id-seed1.json"},
          {"aptitude", data + "/aptitude/aptitude-t12-s5.json"},
          {"routers", {{{"id", "example"}, {"name", "example_router"}}}},
          {"seeds", {1}},
          {"threads", 1}};
}

modelsat::test::CommandResult check(const modelsat::test::TempDir& dir, const json& manifest) {
  const std::string path = dir.write("m.json", manifest.dump(2));
  return run_modelsat("run --check '" + path + "'");
}
}  // namespace

TEST_CASE("manifest: a valid manifest passes --check", "[e2e]") {
  modelsat::test::TempDir dir;
  const auto result = check(dir, base_manifest());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains(": ok: 1 routers x 1 seeds = 1 jobs; 6 models; 323 train, 108 val, 109 test"));
}

TEST_CASE("manifest: an unknown key names its pointer", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["sed"] = 3;
  const auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/sed: unknown key: not part of this config"));
}

TEST_CASE("manifest: an unknown router plugin lists the available ones", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["routers"][0]["name"] = "exmaple_router";
  const auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/routers/0/name: unknown router 'exmaple_router' (expected one of ") &&
                             Contains("example_router"));
}

TEST_CASE("manifest: a bad component config value names its pointer", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["routers"][0]["config"] = {{"smoothing", -1}};
  const auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/routers/0/config/smoothing: out of range (expected number >= 0, got integer -1)"));
}

TEST_CASE("manifest: duplicated router ids and seeds are refused", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["routers"].push_back(manifest["routers"][0]);
  auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/routers/1/id: duplicated router id"));
  manifest = base_manifest();
  manifest["seeds"] = {1, 1};
  result = check(dir, manifest);
  CHECK_THAT(result.err, Contains("m.json#/seeds: duplicated seed"));
}

TEST_CASE("manifest: wrong types and missing keys name their pointer", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["threads"] = "two";
  auto result = check(dir, manifest);
  CHECK_THAT(result.err, Contains("m.json#/threads: wrong type (expected integer, got string \"two\")"));
  manifest = base_manifest();
  manifest.erase("split");
  result = check(dir, manifest);
  CHECK_THAT(result.err, Contains("m.json#/split: missing key: required by the schema"));
  manifest = base_manifest();
  manifest["device"] = "tpu";
  result = check(dir, manifest);
  CHECK_THAT(result.err, Contains("m.json#/device: invalid value: unknown device (expected cpu, cuda or cuda:N, got \"tpu\")"));
}

TEST_CASE("manifest: models outside the zoo are named", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["unseen_models"] = {"gpt-9"};
  const auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/unseen_models/0: unknown model: not in the zoo") && Contains("\"gpt-9\""));
}

TEST_CASE("manifest: a missing dataset is named", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["dataset"] = dir.file("nowhere");
  const auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains(dir.file("nowhere")));
}

TEST_CASE("manifest: malformed JSON names line and column", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string path = dir.write("m.json", "{\n  \"name\": \"x\",\n}\n");
  const auto result = run_modelsat("run --check '" + path + "'");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json:3:1: invalid JSON"));
}

TEST_CASE("manifest: a release timeline needs newcomers and a positive top_k", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["policies"] = {{"timeline", {{"top_k", 3}}}};
  auto result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/policies/timeline: no newcomers") &&
                             Contains("expected a non-empty \"unseen_models\", got none"));
  manifest["unseen_models"] = {"synth-model-5"};
  manifest["policies"]["timeline"]["top_k"] = 0;
  result = check(dir, manifest);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("m.json#/policies/timeline/top_k"));
  manifest["policies"]["timeline"]["top_k"] = 2;
  CHECK(check(dir, manifest).exit_code == 0);
}

TEST_CASE("manifest: query_text question_and_choices appends lettered choices; other values are refused", "[e2e]") {
  modelsat::test::TempDir dir;
  json manifest = base_manifest();
  manifest["query_text"] = "question_and_choices";
  const std::string path = dir.write("m.json", manifest.dump(2));
  const auto data = modelsat::experiment::load_experiment_data(modelsat::experiment::load_manifest(path));
  const auto& question = data.dataset.questions.front();
  REQUIRE(question.choices.size() == 4);
  CHECK_THAT(question.text, Catch::Matchers::EndsWith("\nA. " + question.choices[0] + "\nB. " + question.choices[1] +
                                                      "\nC. " + question.choices[2] + "\nD. " + question.choices[3]));
  manifest.erase("query_text");
  const auto plain = modelsat::experiment::load_experiment_data(
      modelsat::experiment::load_manifest(dir.write("plain.json", manifest.dump(2))));
  CHECK(question.text.rfind(plain.dataset.questions.front().text + "\nA. ", 0) == 0);

  CHECK(modelsat::experiment::with_lettered_choices("Which?", {"x", "y"}) == "Which?\nA. x\nB. y");
  CHECK_THROWS_WITH(modelsat::experiment::with_lettered_choices("Which?", std::vector<std::string>(27, "x")),
                    "lettered choices: too many choices (expected at most 26, A to Z, got 27)");

  // A dataset question with more choices than letters names itself under #/query_text.
  const std::string copy = dir.file("synthetic");
  std::filesystem::copy(manifest["dataset"].get<std::string>(), copy, std::filesystem::copy_options::recursive);
  std::istringstream lines(modelsat::data::read_gzip_file(copy + "/questions.jsonl.gz"));
  std::string line, rewritten;
  std::string first_id;
  while (std::getline(lines, line)) {
    json question = json::parse(line);
    if (first_id.empty()) {
      first_id = question["id"].get<std::string>();
      question["choices"] = std::vector<std::string>(27, "x");
    }
    rewritten += question.dump() + "\n";
  }
  modelsat::write_file_atomic(copy + "/questions.jsonl.gz", modelsat::data::gzip_compress(rewritten));
  json many_choices = manifest;
  many_choices["query_text"] = "question_and_choices";
  many_choices["dataset"] = copy;
  CHECK_THROWS_WITH(modelsat::experiment::load_experiment_data(
                        modelsat::experiment::load_manifest(dir.write("many.json", many_choices.dump(2)))),
                    Catch::Contains("many.json#/query_text: question '" + first_id +
                                    "': lettered choices: too many choices (expected at most 26, A to Z, got 27)"));

  manifest["query_text"] = "choices";
  CHECK_THAT(check(dir, manifest).err,
             Contains("m.json#/query_text: invalid value: not an allowed choice (expected one of \"question\", "
                      "\"question_and_choices\", got string \"choices\")"));
}
