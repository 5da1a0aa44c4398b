// `modelsat train`, `route` and `onboard` on experiments/router-ci.json: checkpoints, onboarding without retraining,
// and every error a user can hit.
#include "run_command.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/json_util.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using Catch::Matchers::Contains;
using modelsat::test::run_modelsat;
using nlohmann::json;

namespace {
const std::string kManifest = std::string(MODELSAT_SOURCE_DIR) + "/experiments/router-ci.json";
const std::string kAptitude12 = "0.9,0.8,0.7,0.9,0.8,0.7,0.9,0.8,0.7,0.9,0.8,0.7";

std::string train(const modelsat::test::TempDir& dir, const std::string& router) {
  const std::string out = dir.file(router);
  const auto result = run_modelsat("--log-level warn train '" + kManifest + "' --router " + router + " --out '" + out + "'");
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("checkpoint: " + out));
  return out;
}

json route_json(const std::string& checkpoint, const std::string& extra) {
  const auto result = run_modelsat("--log-level warn route --json --router '" + checkpoint + "' " + extra);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

void check_fails(const std::string& args, int exit_code, const std::string& message) {
  const auto result = run_modelsat("--log-level warn " + args);
  INFO(args);
  CHECK(result.exit_code == exit_code);
  CHECK_THAT(result.err, Contains(message));
}
}  // namespace

TEST_CASE("router commands: train, route and onboard a Model-SAT checkpoint", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string checkpoint = train(dir, "model_sat");
  const json record = modelsat::read_json_file(checkpoint + "/router.json");
  CHECK(record.at("router").at("plugin") == "model_sat");
  CHECK(record.at("router").at("config").at("capability_width") == 32);
  CHECK(record.at("tasks").size() == 12);
  CHECK(record.at("models").size() == 6);
  CHECK(record.at("models")[5].at("seen_in_training") == false);

  // Every model takes part, the unseen one included; the choice is the argmax of the printed scores.
  const json routed = route_json(checkpoint, "'first instruction' 'second instruction'");
  REQUIRE(routed.at("results").size() == 2);
  for (const json& result : routed.at("results")) {
    REQUIRE(result.at("scores").size() == 6);
    std::string best;
    double best_score = -1.0;
    for (const auto& name : routed.at("candidates")) {
      const double score = result.at("scores").at(name.get<std::string>()).get<double>();
      CHECK(score >= 0.0);
      CHECK(score <= 1.0);
      if (score > best_score) {
        best_score = score;
        best = name.get<std::string>();
      }
    }
    CHECK(result.at("choice") == best);
  }

  // A new model with the aptitude results of synth-model-5 gets exactly its score: no retraining, aptitude only.
  std::vector<std::string> values;
  for (const auto& value : record.at("models")[5].at("aptitude")) values.push_back(std::to_string(value.get<double>()));
  std::string aptitude;
  for (const auto& value : values) aptitude += (aptitude.empty() ? "" : ",") + value;
  const auto onboarded = run_modelsat("onboard --router '" + checkpoint + "' --name New-Model --cost 2 --aptitude '" + aptitude + "'");
  INFO(onboarded.err);
  REQUIRE(onboarded.exit_code == 0);
  CHECK_THAT(onboarded.out, Contains("onboarded New-Model"));
  const json twin = route_json(checkpoint, "--models synth-model-5 'a question about numbers'");
  const json added = route_json(checkpoint, "--models New-Model 'a question about numbers'");
  CHECK(added.at("results")[0].at("scores").at("New-Model").get<double>() ==
        Approx(twin.at("results")[0].at("scores").at("synth-model-5").get<double>()).epsilon(1e-4));
  CHECK(route_json(checkpoint, "'q'").at("candidates").size() == 7);

  const std::string apt_file = dir.write("apt.json", "{\"tasks\": [], \"vector\": [" + kAptitude12 + "]}");
  const auto from_file = run_modelsat("onboard --router '" + checkpoint + "' --name Filed --aptitude-file '" + apt_file + "'");
  CHECK(from_file.exit_code == 0);

  check_fails("onboard --router '" + checkpoint + "' --name New-Model --aptitude '" + kAptitude12 + "'", 2,
              "--name: \"New-Model\" is already in the zoo");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude '0.5,0.5'", 2,
              "aptitude results of the wrong length (expected 12 accuracies, one per task, got 2)");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude '" + kAptitude12 + ",1.5'", 2,
              "wrong length");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude '1.5,0.8,0.7,0.9,0.8,0.7,0.9,0.8,0.7,0.9,0.8,0.7'",
              2, "aptitude result 1 out of range (expected an accuracy in [0, 1], got 1.5)");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude '0.5,abc'", 2,
              "--aptitude: entry 2 is not a number (expected an accuracy in [0, 1], got \"abc\")");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude '" + kAptitude12 + "' --zoo nope", 2,
              "--zoo: unknown zoo (expected one of all, got \"nope\")");
  check_fails("onboard --router '" + checkpoint + "' --name X", 2,
              "expected exactly one of --aptitude and --aptitude-file, got neither");
  const std::string bad_file = dir.write("bad.json", "{\"scores\": [1]}");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude-file '" + bad_file + "'", 1,
              "bad.json#: no aptitude results");

  check_fails("route --router '" + checkpoint + "' --models synth-model-0,Nobody q", 2,
              "unknown model \"Nobody\": not in the checkpoint's zoo");
  check_fails("route --router '" + checkpoint + "' --zoo nope q", 2, "--zoo: unknown zoo (expected one of all, got \"nope\")");
  check_fails("route --router '" + checkpoint + "' '  '", 2, "instruction 1 is empty");

  // A state file changed after the checkpoint was written is refused, and so is a folder that is not a checkpoint.
  std::string bytes = modelsat::read_file(checkpoint + "/router.state");
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
  modelsat::write_file_atomic(checkpoint + "/router.state", bytes);
  check_fails("route --router '" + checkpoint + "' q", 1, "router.state: checksum mismatch");
  check_fails("route --router '" + dir.path() + "' q", 1, "router.json: missing: not a finished router checkpoint");
  check_fails("train '" + kManifest + "' --router model_sat --out '" + checkpoint + "'", 2, "already holds a checkpoint");
}

TEST_CASE("router commands: a router without aptitude input routes only its training models", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string checkpoint = train(dir, "knn");
  const json routed = route_json(checkpoint, "'some question'");
  CHECK(routed.at("candidates").size() == 5);
  check_fails("route --router '" + checkpoint + "' --models synth-model-5 q", 2,
              "router/knn cannot route to a model it was not trained on");
  check_fails("onboard --router '" + checkpoint + "' --name X --aptitude '" + kAptitude12 + "'", 2,
              "router/knn does not read aptitude results, so a new model cannot join it without retraining");

  json record = modelsat::read_json_file(checkpoint + "/router.json");
  record["version"] = 7;
  modelsat::write_file_atomic(checkpoint + "/router.json", record.dump());
  check_fails("route --router '" + checkpoint + "' q", 1, "router.json#/version: unsupported checkpoint version (expected 1, got 7)");
  record["version"] = 1;
  record["surprise"] = true;
  modelsat::write_file_atomic(checkpoint + "/router.json", record.dump());
  check_fails("route --router '" + checkpoint + "' q", 1, "router.json#/surprise");
}

TEST_CASE("router commands: train needs a router id when the manifest has several", "[cli]") {
  modelsat::test::TempDir dir;
  check_fails("train '" + kManifest + "' --out '" + dir.file("x") + "'", 2,
              "has 2 routers: name one with --router (expected one of model_sat, knn, got none)");
  check_fails("train '" + kManifest + "' --router nope --out '" + dir.file("x") + "'", 2,
              "--router: no router with this id");
  check_fails("train '" + kManifest + "' --router knn --seed x1 --out '" + dir.file("x") + "'", 2,
              "--seed: not a seed (expected a non-negative integer, got \"x1\")");
  check_fails("train '" + kManifest + "' --router knn", 2, "missing --out DIR");
}

TEST_CASE("router commands: route appends --choice lines and warns when the text differs from training", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string question_only = train(dir, "knn");
  CHECK(modelsat::read_json_file(question_only + "/router.json").at("query_text") == "question");
  auto result = run_modelsat("route --json --router '" + question_only + "' --choice yes --choice no 'Is it?'");
  REQUIRE(result.exit_code == 0);
  CHECK(json::parse(result.out).at("results")[0].at("instruction") == "Is it?\nA. yes\nB. no");
  CHECK_THAT(result.err, Contains("router/knn was trained on questions alone (query_text question); --choice gives it "
                                  "text of another form than it was trained on"));

  // The same router trained with query_text question_and_choices records it and asks for the choices.
  json manifest = modelsat::read_json_file(kManifest);
  const std::string experiments = std::string(MODELSAT_SOURCE_DIR) + "/experiments/";
  for (const char* key : {"dataset", "split", "aptitude"}) manifest[key] = experiments + manifest[key].get<std::string>();
  manifest["query_text"] = "question_and_choices";
  const std::string choices_manifest = dir.file("choices.json");
  modelsat::write_file_atomic(choices_manifest, manifest.dump());
  const std::string with_choices = dir.file("knn-choices");
  REQUIRE(run_modelsat("--log-level warn train '" + choices_manifest + "' --router knn --out '" + with_choices + "'")
              .exit_code == 0);
  CHECK(modelsat::read_json_file(with_choices + "/router.json").at("query_text") == "question_and_choices");
  result = run_modelsat("route --router '" + with_choices + "' 'Is it?'");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, Contains("router/knn was trained on questions followed by their lettered choices (query_text "
                                  "question_and_choices); pass the choices with --choice to give it that text"));
  result = run_modelsat("route --router '" + with_choices + "' --choice yes 'Is it?'");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, !Contains("[warn]"));

  // A checkpoint written before query_text was recorded reads the question alone, without a warning.
  json record = modelsat::read_json_file(question_only + "/router.json");
  record.erase("query_text");
  modelsat::write_file_atomic(question_only + "/router.json", record.dump());
  result = run_modelsat("route --router '" + question_only + "' 'Is it?'");
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, !Contains("[warn]"));

  std::string many;
  for (int c = 0; c < 27; ++c) many += " --choice c" + std::to_string(c);
  check_fails("route --router '" + question_only + "'" + many + " q", 2,
              "modelsat route: --choice: too many choices (expected at most 26, lettered A to Z, got 27)");
  check_fails("route --router '" + question_only + "' --choice yes --choice ' ' q", 2,
              "modelsat route: --choice 2 is empty (expected the choice's text, got \" \")");
}
