// End-to-end runs of experiments/smoke.json: results folder, kill -9 + --resume, --shard + merge.
#include "run_command.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/json_util.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

using Catch::Matchers::Contains;
using modelsat::test::run_command;
using modelsat::test::run_modelsat;
using nlohmann::json;

namespace {
const std::string kSmoke = std::string(MODELSAT_SOURCE_DIR) + "/experiments/smoke.json";

/// metrics.json without the timing fields, which differ between runs by nature.
json metrics_without_timing(const std::string& dir) {
  json metrics = modelsat::read_json_file(dir + "/metrics.json");
  for (auto& entry : metrics.at("routers")) {
    entry.erase("fit_seconds");
    entry.erase("score_seconds");
  }
  return metrics;
}

std::string run_smoke(const std::string& out, const std::string& extra = "") {
  const auto result = run_modelsat("--log-level warn run '" + kSmoke + "' --out '" + out + "' " + extra);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}
}  // namespace

TEST_CASE("runner: the smoke manifest writes a complete results folder", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string out = dir.file("smoke");
  const std::string printed = run_smoke(out);
  CHECK_THAT(printed, Contains("report: " + out + "/report.html"));
  for (const char* file : {"resolved.json", "provenance.json", "metrics.json", "report.md", "report.html",
                           "jobs/example/seed-1/scores_test.f32", "jobs/example/seed-2/job.json"}) {
    CHECK(std::filesystem::exists(out + "/" + file));
  }
  const json metrics = modelsat::read_json_file(out + "/metrics.json");
  const json& example = metrics.at("routers").at("example");
  const double accuracy = example.at("accuracy").at("mean").get<double>();
  CHECK(accuracy >= 0.0);
  CHECK(accuracy <= 1.0);
  // example_router always picks the best training model among the seen ones: exactly the best single model.
  CHECK(accuracy == Approx(metrics.at("zoo").at("best_single").at("accuracy").get<double>()));
  CHECK(example.at("imp_max").get<double>() == Approx(0.0).margin(1e-12));
  CHECK(example.at("selection_entropy").get<double>() == 0.0);
  CHECK(example.at("accuracy").at("ci95")[0].get<double>() <= accuracy);
  CHECK(example.contains("cost_sweep"));
  CHECK(example.at("threshold").at("calibrated").size() == 3);
  CHECK(metrics.at("zoo").at("oracle").get<double>() >= accuracy);

  // best_single cannot score a model it was not trained on: the runner keeps it off the unseen synth-model-5.
  CHECK(metrics.at("routers").at("best_single").at("selection_share").at("synth-model-5").get<double>() == 0.0);
  CHECK(std::filesystem::exists(out + "/cache"));
  const json& knn = metrics.at("routers").at("knn");
  CHECK(knn.at("accuracy").at("mean").get<double>() > metrics.at("zoo").at("random").get<double>());

  // The release timeline: synth-model-5 (the unseen, latest release) joins the top 3 earlier models. Routers that
  // cannot read aptitude results never route to it; every router stays between zero and the step's oracle.
  const json& timeline = metrics.at("timeline");
  REQUIRE(timeline.size() == 1);
  CHECK(timeline[0].at("newcomer") == "synth-model-5");
  CHECK(timeline[0].at("zoo").size() == 4);
  CHECK(timeline[0].at("zoo")[3] == "synth-model-5");
  for (const char* id : {"example", "best_single", "knn"}) {
    CHECK(timeline[0].at("newcomer_share").at(id).get<double>() == 0.0);
    CHECK(timeline[0].at("routers").at(id).get<double>() <= timeline[0].at("oracle").get<double>());
  }
  CHECK_THAT(modelsat::read_file(out + "/report.md"), Contains("## Incremental release timeline"));

  // With synth-model-5 held out, every router also gets the same scores routed among the seen models only. These
  // routers cannot read aptitude results, so the newcomer changes nothing for them.
  const json& seen_zoo = metrics.at("zoo").at("without_new_models");
  CHECK(seen_zoo.at("models").size() + 1 == metrics.at("zoo").at("models").size());
  CHECK(seen_zoo.at("oracle").get<double>() <= metrics.at("zoo").at("oracle").get<double>());
  for (const char* id : {"example", "best_single", "knn"}) {
    const json& added = metrics.at("routers").at(id).at("new_models");
    CHECK(added.at("share").get<double>() == 0.0);
    CHECK(added.at("gain").at("difference").get<double>() == 0.0);
    CHECK(added.at("accuracy_without").at("mean").get<double>() ==
          Approx(metrics.at("routers").at(id).at("accuracy").at("mean").get<double>()));
  }
  CHECK_THAT(modelsat::read_file(out + "/report.md"), Contains("## New models by aptitude test only"));

  // Each router is also compared with the most accurate other deployable router (here: never the post-generation or
  // oracle routers), paired over the same questions.
  for (const auto& [id, entry] : metrics.at("routers").items()) {
    const json& other = entry.at("vs_best_other");
    const std::string rival = other.at("router").get<std::string>();
    CHECK(rival != id);
    const json& rival_caps = metrics.at("routers").at(rival).at("caps");
    CHECK_FALSE(rival_caps.value("sees_gold", false));
    CHECK_FALSE(rival_caps.value("sees_candidate_answers", false));
    CHECK(other.at("difference").get<double>() ==
          Approx(entry.at("accuracy").at("mean").get<double>() -
                 metrics.at("routers").at(rival).at("accuracy").at("mean").get<double>()).margin(1e-9));
  }

  const json provenance = modelsat::read_json_file(out + "/provenance.json");
  CHECK_FALSE(provenance.at("plugins").empty());
  CHECK(provenance.at("plugins")[0].at("sha256").get<std::string>().size() == 64);

  const auto again = run_modelsat("run '" + kSmoke + "' --out '" + out + "'");
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Contains(out + ": results folder exists: continue it with --resume"));
}

TEST_CASE("runner: the results folder reproduces itself from resolved.json", "[e2e]") {
  modelsat::test::TempDir dir;
  run_smoke(dir.file("first"));
  const auto result = run_modelsat("--log-level warn run '" + dir.file("first/resolved.json") + "' --out '" +
                                   dir.file("second") + "'");
  REQUIRE(result.exit_code == 0);
  CHECK(metrics_without_timing(dir.file("first")) == metrics_without_timing(dir.file("second")));
}

TEST_CASE("runner: a run killed with SIGKILL resumes to the same metrics", "[e2e]") {
  modelsat::test::TempDir dir;
  run_smoke(dir.file("reference"));

  const std::string out = dir.file("killed");
  const std::string command = "MODELSAT_PLUGIN_PATH= '" + std::string(MODELSAT_CLI_PATH) + "' --log-level quiet run '" +
                              kSmoke + "' --out '" + out + "' > /dev/null 2>&1 & echo $! > '" + dir.file("pid") + "'";
  REQUIRE(run_command(command).exit_code == 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(out + "/jobs/example/seed-1/job.json") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run_command("kill -9 $(cat '" + dir.file("pid") + "')");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  const std::string printed = run_smoke(out, "--resume");
  CHECK_THAT(printed, Contains("jobs: "));
  CHECK(metrics_without_timing(out) == metrics_without_timing(dir.file("reference")));
}

TEST_CASE("runner: --resume refuses a folder of another manifest", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string out = dir.file("r");
  run_smoke(out);
  json other = modelsat::read_json_file(kSmoke);
  other["seeds"] = {3};
  other["dataset"] = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/synthetic";
  other["split"] = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/synthetic/splits/id-seed1.json";
  other["aptitude"] = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/synthetic/aptitude/aptitude-t12-s5.json";
  const std::string path = dir.write("other.json", other.dump());
  const auto result = run_modelsat("run '" + path + "' --out '" + out + "' --resume");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("cannot resume: the folder holds a run of another manifest"));
}

TEST_CASE("runner: --resume accepts a folder whose configs lack keys a plugin gained since, at their defaults", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string out = dir.file("r");
  run_smoke(out);
  const json reference = metrics_without_timing(out);
  // As if knn had gained its first config key after the run: the stored manifest lacks it.
  json stored = modelsat::read_json_file(out + "/resolved.json");
  json* knn_config = nullptr;
  for (json& router : stored.at("routers"))
    if (router.at("id") == "knn") knn_config = &router.at("config");
  REQUIRE(knn_config != nullptr);
  REQUIRE_FALSE(knn_config->empty());
  knn_config->erase(knn_config->begin().key());
  modelsat::write_file_atomic(out + "/resolved.json", stored.dump(2));

  CHECK_THAT(run_smoke(out, "--resume"), Contains("jobs: 0 run"));
  CHECK(metrics_without_timing(out) == reference);

  // A key at another value than its default is another run.
  (*knn_config)[knn_config->begin().key()] = "not the default";
  modelsat::write_file_atomic(out + "/resolved.json", stored.dump(2));
  const auto result = run_modelsat("run '" + kSmoke + "' --out '" + out + "' --resume");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("cannot resume: the folder holds a run of another manifest"));
}

TEST_CASE("runner: two shards merged equal a single run", "[e2e]") {
  modelsat::test::TempDir dir;
  run_smoke(dir.file("single"));
  const std::string shard0 = run_smoke(dir.file("s0"), "--shard 0/2");
  CHECK_THAT(shard0, Contains("shard 0/2 done"));
  CHECK_FALSE(std::filesystem::exists(dir.file("s0/metrics.json")));
  run_smoke(dir.file("s1"), "--shard 1/2");
  const auto merged = run_modelsat("--log-level warn merge --out '" + dir.file("merged") + "' '" + dir.file("s0") +
                                   "' '" + dir.file("s1") + "'");
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(metrics_without_timing(dir.file("merged")) == metrics_without_timing(dir.file("single")));

  const auto incomplete = run_modelsat("merge --out '" + dir.file("half") + "' '" + dir.file("s0") + "'");
  CHECK(incomplete.exit_code == 1);
  CHECK_THAT(incomplete.err, Contains("job not finished"));
}

TEST_CASE("runner: a bad --shard is a usage error", "[e2e]") {
  const auto result = run_modelsat("run '" + kSmoke + "' --shard 2/2");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("--shard: invalid shard (expected i/N with 0 <= i < N, got \"2/2\")"));
}
