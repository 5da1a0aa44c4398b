// [export] `modelsat export --int8`: CLI errors, parity of the int8 runtime with the fp32 router on the synthetic set
// for every supported architecture, and on the MMLU-Pro test split for the quickstart's Model-SAT router.
#include "export_support.h"
#include "run_command.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/json_util.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

namespace {

const std::string kSynthetic = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/synthetic";

/// A manifest on the synthetic set with the given routers (written into dir).
std::string synthetic_manifest(const modelsat::test::TempDir& dir, const nlohmann::json& routers) {
  const nlohmann::json manifest = {{"schema_version", 1},
                                   {"name", "export-test"},
                                   {"dataset", kSynthetic},
                                   {"split", kSynthetic + "/splits/id-seed1.json"},
                                   {"aptitude", kSynthetic + "/aptitude/aptitude-t12-s5.json"},
                                   {"encoder", {{"name", "hashing"}}},
                                   {"routers", routers},
                                   {"seeds", {1}},
                                   {"threads", 1}};
  const std::string path = dir.file("manifest.json");
  modelsat::write_file_atomic(path, manifest.dump(2));
  return path;
}

/// A Model-SAT config small enough for the synthetic set, with the given changes.
nlohmann::json tiny_model_sat(const nlohmann::json& changes) {
  nlohmann::json config = {{"inquiry_prompt", "can it answer? yes or no"},
                           {"builtin_backbone", {{"width", 32}, {"heads", 2}, {"layers", 2}, {"context", 64}}},
                           {"capability_width", 32},
                           {"max_instruction_tokens", 24},
                           {"stage1_training", {{"epochs", 1}}},
                           {"stage2_training", {{"epochs", 6}, {"batch_size", 32}, {"learning_rate", 3e-3}}}};
  config.merge_patch(changes);
  return config;
}

modelsat::test::CommandResult modelsat_cli(const std::string& args) {
  return modelsat::test::run_modelsat("--log-level warn " + args);
}

void train(const std::string& manifest, const std::string& id, const std::string& out) {
  const auto result = modelsat_cli("train '" + manifest + "' --router " + id + " --out '" + out + "'");
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

}  // namespace

TEST_CASE("modelsat export: usage errors, unsupported routers and configs are refused clearly", "[export]") {
  modelsat::test::TempDir dir;
  const std::string manifest = synthetic_manifest(
      dir, {{{"id", "knn"}, {"name", "knn"}},
            {{"id", "embedding"}, {"name", "model_sat"},
             {"config", tiny_model_sat({{"instruction_input", "embedding"}, {"stage2_training", {{"epochs", 1}}}})}}});

  auto result = modelsat_cli("export --router '" + dir.file("none") + "' -o '" + dir.file("x.msq") + "'");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("modelsat export: missing --int8 (expected --int8, the only export format, got none)"));
  result = modelsat_cli("export --router '" + dir.file("none") + "' --int8 -o '" + dir.file("x.msq") + "'");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains(dir.file("none")));

  train(manifest, "knn", dir.file("knn"));
  result = modelsat_cli("export --router '" + dir.file("knn") + "' --int8 -o '" + dir.file("knn.msq") + "'");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("router/knn: export: plugin does not support int8 export (no msat_knn_export_int8 in "));

  train(manifest, "embedding", dir.file("embedding"));
  result = modelsat_cli("export --router '" + dir.file("embedding") + "' --int8 -o '" + dir.file("e.msq") + "'");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("router/model_sat: export: instruction_input not supported by the int8 runtime "
                                         "(expected \"tokens\", got \"embedding\")"));
  CHECK_FALSE(std::filesystem::exists(dir.file("e.msq")));

  result = modelsat_cli("export --router '" + dir.file("embedding") + "' --int8 -o '" + dir.file("e.msq") +
                        "' --examples many");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("--examples: not a count (expected an integer 0..100000, got \"many\")"));
}

TEST_CASE("modelsat export: the int8 runtime reproduces the fp32 router on the synthetic set", "[export]") {
  modelsat::test::TempDir dir;
  // per_task + learned positions + 2 task orders per decision; the same with the instruction first (the runtime
  // computes the instruction prefix once per decision); pooled + rotary + MLP connector + logit output.
  const std::string manifest = synthetic_manifest(
      dir, {{{"id", "per_task"}, {"name", "model_sat"}, {"config", tiny_model_sat({{"routing_shuffles", 2}})}},
            {{"id", "instruction_first"},
             {"name", "model_sat"},
             {"config", tiny_model_sat({{"routing_shuffles", 2}, {"sequence_order", "instruction_first"}})}},
            {{"id", "pooled"},
             {"name", "model_sat"},
             {"config", tiny_model_sat({{"capability", "pooled"},
                                        {"connector", "mlp"},
                                        {"score_output", "logit"},
                                        {"builtin_backbone", {{"positions", "rotary"}}}})}}});
  for (const std::string id : {"per_task", "instruction_first", "pooled"}) {
    INFO(id);
    train(manifest, id, dir.file(id));
    const auto result = modelsat_cli("export --router '" + dir.file(id) + "' --int8 -o '" + dir.file(id + ".msq") +
                                     "' --examples 3");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::Contains("wrote " + dir.file(id + ".msq")));
    const nlohmann::json examples = modelsat::read_json_file(dir.file("examples.json"));
    REQUIRE(examples.at("questions").size() == 3);
    CHECK(examples.at("questions").at(0).at("correct").size() == 6);

    const auto parity = modelsat::test::compare_on_test_split(manifest, dir.file(id), dir.file(id + ".msq"));
    std::cout << "int8 export parity, synthetic " << id << ": " << parity.questions << " questions, agreement "
              << parity.agreement << " (" << parity.decisive_agreement << " on the " << parity.decisive
              << " with a clear fp32 margin), accuracy fp32 " << parity.accuracy_fp32 << " int8 " << parity.accuracy_int8
              << ", max |dp| " << parity.max_abs_error << ", mean |dp| " << parity.mean_abs_error
              << ", centered correlation " << parity.centered_correlation << " (fp32 spread " << parity.candidate_spread
              << ")\n";
    // The tiny routers' scores differ little across the synthetic models (by less than the quantisation error), so
    // decisions are not compared here (the MMLU-Pro case does). The probabilities must match, and for per_task (fp32
    // spread across candidates about 0.009, 10x the int8 error) so must their differences between candidates, which
    // the task orders and capability tokens shape. The instruction-first router (spread about 0.002, measured
    // correlation 0.978) checks that the runtime's reused instruction prefix gives libtorch's whole-sequence scores.
    // The pooled router's spread (about 0.0002) is below int8 noise.
    CHECK(parity.max_abs_error < 0.03);
    CHECK(parity.mean_abs_error < 0.005);
    if (id == "per_task") CHECK(parity.centered_correlation > 0.95);
    if (id == "instruction_first") CHECK(parity.centered_correlation > 0.9);
  }
}

TEST_CASE("modelsat export: int8 parity with the fp32 router on the MMLU-Pro test split", "[export]") {
  modelsat::test::TempDir dir;
  const std::string manifest = std::string(MODELSAT_SOURCE_DIR) + "/experiments/mmlu-pro/int8-parity.json";
  train(manifest, "model_sat", dir.file("ckpt"));
  const auto result = modelsat_cli("export --router '" + dir.file("ckpt") + "' --int8 -o '" + dir.file("model.msq") + "'");
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto parity = modelsat::test::compare_on_test_split(manifest, dir.file("ckpt"), dir.file("model.msq"));
  std::cout << "int8 export parity, MMLU-Pro test split (int8-parity.json): " << parity.questions
            << " questions, agreement " << parity.agreement << " (" << parity.decisive_agreement << " on the "
            << parity.decisive << " with a clear fp32 margin), accuracy fp32 " << parity.accuracy_fp32 << " int8 "
            << parity.accuracy_int8 << ", max |dp| " << parity.max_abs_error << ", mean |dp| " << parity.mean_abs_error
            << ", centered correlation " << parity.centered_correlation << "\n";
  // Regression bounds around what this router measures (README "Performance"): agreement 0.911, accuracy -0.59
  // points, max |dp| 0.0124, mean |dp| 0.0015, centered correlation 0.985. The targets (>= 98% agreement,
  // accuracy within 0.5 points) are NOT met: this router's scores for the five models differ by less than the int8
  // error on most questions (no question has a top-2 margin above 2 * max |dp|), so close calls flip.
  CHECK(parity.questions == 2207);
  CHECK(parity.agreement >= 0.88);
  CHECK(std::fabs(parity.accuracy_int8 - parity.accuracy_fp32) <= 0.01);
  CHECK(parity.max_abs_error < 0.02);
  CHECK(parity.mean_abs_error < 0.003);
  CHECK(parity.centered_correlation > 0.97);
}
