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

void print_parity(const std::string& what, const modelsat::test::Parity& parity) {
  std::cout << "int8 export parity, " << what << ": " << parity.questions << " questions, agreement "
            << parity.agreement << " (" << parity.decisive_agreement << " on the " << parity.decisive
            << " with a clear fp32 margin), accuracy fp32 " << parity.accuracy_fp32 << " int8 " << parity.accuracy_int8
            << ", max |dp| " << parity.max_abs_error << ", mean |dp| " << parity.mean_abs_error
            << ", centered correlation " << parity.centered_correlation << " (fp32 spread " << parity.candidate_spread
            << ")\n";
}

}  // namespace

TEST_CASE("modelsat export: usage errors, unsupported routers and configs are refused clearly", "[export]") {
  modelsat::test::TempDir dir;
  const std::string manifest = synthetic_manifest(
      dir, {{{"id", "knn"}, {"name", "knn"}},
            {{"id", "embedding"}, {"name", "model_sat"},
             {"config", tiny_model_sat({{"instruction_input", "embedding"}, {"stage2_training", {{"epochs", 1}}}})}},
            {{"id", "weighted"}, {"name", "model_sat"},
             {"config", tiny_model_sat({{"capability", "source_weighted"}, {"stage2_training", {{"epochs", 1}}}})}}});

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

  // source_weighted: trained through a manifest (task names and sources from the experiment), routed from its
  // checkpoint (which stores its task classifier), refused by the int8 runtime.
  train(manifest, "weighted", dir.file("weighted"));
  result = modelsat_cli("route --router '" + dir.file("weighted") + "' --json 'a question about topic 3'");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("\"choice\""));
  result = modelsat_cli("export --router '" + dir.file("weighted") + "' --int8 -o '" + dir.file("w.msq") + "'");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("router/model_sat: export: capability not supported by the int8 runtime "
                                         "(expected \"per_task\" or \"pooled\", got \"source_weighted\")"));

  result = modelsat_cli("export --router '" + dir.file("embedding") + "' --int8 -o '" + dir.file("e.msq") +
                        "' --examples many");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("--examples: not a count (expected an integer 0..100000, got \"many\")"));
}

TEST_CASE("modelsat export: the int8 runtime reproduces the fp32 router on the synthetic set", "[export]") {
  modelsat::test::TempDir dir;
  // per_task + learned positions + 2 task orders per decision; the same with the instruction first and with the
  // capability tokens last (the runtime computes the shared prefix once per decision); pooled + rotary + MLP
  // connector + logit output.
  const std::string manifest = synthetic_manifest(
      dir, {{{"id", "per_task"}, {"name", "model_sat"}, {"config", tiny_model_sat({{"routing_shuffles", 2}})}},
            {{"id", "instruction_first"},
             {"name", "model_sat"},
             {"config", tiny_model_sat({{"routing_shuffles", 2}, {"sequence_order", "instruction_first"}})}},
            {{"id", "capability_last"},
             {"name", "model_sat"},
             {"config", tiny_model_sat({{"routing_shuffles", 2}, {"sequence_order", "capability_last"}})}},
            {{"id", "pooled"},
             {"name", "model_sat"},
             {"config", tiny_model_sat({{"capability", "pooled"},
                                        {"connector", "mlp"},
                                        {"score_output", "logit"},
                                        {"builtin_backbone", {{"positions", "rotary"}}}})}}});
  for (const std::string id : {"per_task", "instruction_first", "capability_last", "pooled"}) {
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
    print_parity("synthetic " + id, parity);
    // The tiny routers' scores differ little across the synthetic models (fp32 spread across candidates: per_task
    // about 0.009, instruction_first 0.002, capability_last 0.003, pooled 0.0002), so close calls decide most questions
    // and decisions are only compared on MMLU-Pro. The probabilities and their differences between candidates must
    // match: measured max |dp| 0.0019 / 0.0008 / 0.0007 / 0.0010 and centered correlations 0.99999 / 0.99999 / 0.9998 /
    // 0.9997 with 16-bit activations. The instruction-first and capability-last routers check that the runtime's
    // reused prefix gives libtorch's whole-sequence scores.
    CHECK(parity.max_abs_error < 0.005);
    CHECK(parity.mean_abs_error < 0.002);
    CHECK(parity.centered_correlation > (id == "pooled" ? 0.99 : 0.999));
  }
}

TEST_CASE("modelsat export: int8 parity with the fp32 router on the MMLU-Pro test split", "[export]") {
  modelsat::test::TempDir dir;
  const std::string manifest = std::string(MODELSAT_SOURCE_DIR) + "/experiments/mmlu-pro/int8-parity.json";
  const std::string ckpt = dir.file("ckpt");
  train(manifest, "model_sat", ckpt);
  const auto result = modelsat_cli("export --router '" + ckpt + "' --int8 -o '" + dir.file("model.msq") + "'");
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // The runtime's default: int8 weights, activations quantised per row to 16 bits. The targets hold (measured
  // on this router: agreement 1.000, accuracy equal, max |dp| 0.0070, mean |dp| 0.0010, centered correlation
  // 0.99996); the remaining error is the int8 weights' and moves every candidate's probability alike.
  const auto wide = modelsat::test::compare_on_test_split(manifest, ckpt, dir.file("model.msq"));
  print_parity("MMLU-Pro test split (int8-parity.json), 16-bit activations", wide);
  CHECK(wide.questions == 2207);
  CHECK(wide.agreement >= 0.98);
  CHECK(std::fabs(wide.accuracy_int8 - wide.accuracy_fp32) <= 0.005);
  CHECK(wide.max_abs_error < 0.01);
  CHECK(wide.mean_abs_error < 0.002);
  CHECK(wide.centered_correlation > 0.999);
  // 8-bit activations (int8 x int8 products): regression bounds around the measured agreement 0.911, accuracy -0.59
  // points, max |dp| 0.0124, mean |dp| 0.0015, centered correlation 0.985. This router's probabilities for the five
  // models differ by less than that error on most questions, so close calls flip.
  const auto narrow = modelsat::test::compare_on_test_split(manifest, ckpt, dir.file("model.msq"), msq::RouteOptions{true, 8});
  print_parity("MMLU-Pro test split (int8-parity.json), 8-bit activations", narrow);
  CHECK(narrow.agreement >= 0.88);
  CHECK(narrow.agreement < wide.agreement);
  CHECK(std::fabs(narrow.accuracy_int8 - narrow.accuracy_fp32) <= 0.01);
  CHECK(narrow.max_abs_error < 0.02);
  CHECK(narrow.mean_abs_error < 0.003);
  CHECK(narrow.centered_correlation > 0.97);
}
