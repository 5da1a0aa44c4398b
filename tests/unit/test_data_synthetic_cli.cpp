// The synthetic generator's known structure, and the `modelsat data` / `modelsat aptitude` commands end to end.
#include "run_command.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/aptitude.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/data/summary.h"
#include "modelsat/data/synthetic.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using Catch::Matchers::Contains;
using modelsat::test::run_modelsat;
using modelsat::test::TempDir;
namespace data = modelsat::data;

TEST_CASE("data/synthetic: seeded, and a per-topic router beats the best single model", "[unit]") {
  data::SyntheticOptions options;
  options.questions = 3000;
  const data::Dataset d = data::make_synthetic_dataset(options);
  CHECK(data::make_synthetic_dataset(options).scores == d.scores);
  options.seed = 2;
  CHECK(data::make_synthetic_dataset(options).scores != d.scores);

  const auto split = data::make_stratified_split(d, {}, 0.5, 0.0, 1);
  std::map<std::string, std::vector<double>> train_acc;  // category -> per-model sum on train
  for (const auto& id : split.train) {
    const size_t q = d.question_index(id);
    auto& sums = train_acc[d.questions[q].category];
    sums.resize(d.n_models());
    for (size_t m = 0; m < d.n_models(); ++m) sums[m] += d.score(q, m);
  }
  std::map<std::string, size_t> best_per_topic;
  std::vector<double> overall(d.n_models());
  for (const auto& [category, sums] : train_acc) {
    size_t best = 0;
    for (size_t m = 0; m < sums.size(); ++m) {
      overall[m] += sums[m];
      if (sums[m] > sums[best]) best = m;
    }
    best_per_topic[category] = best;
  }
  std::set<size_t> distinct;
  for (const auto& entry : best_per_topic) distinct.insert(entry.second);
  CHECK(distinct.size() >= 2);
  size_t single = 0;
  for (size_t m = 0; m < overall.size(); ++m)
    if (overall[m] > overall[single]) single = m;
  double routed = 0, best_single = 0;
  for (const auto& id : split.test) {
    const size_t q = d.question_index(id);
    routed += d.score(q, best_per_topic[d.questions[q].category]);
    best_single += d.score(q, single);
  }
  routed /= static_cast<double>(split.test.size());
  best_single /= static_cast<double>(split.test.size());
  INFO("routed " << routed << " vs best single " << best_single);
  CHECK(routed > best_single + 0.05);
}

TEST_CASE("data/cli: info on the committed MMLU-Pro dataset reports 25 models and >= 12,000 questions", "[unit]") {
  const auto result = run_modelsat("data info '" MODELSAT_SOURCE_DIR "/experiments/data/mmlu-pro' --json");
  REQUIRE(result.exit_code == 0);
  const auto info = nlohmann::json::parse(result.out);
  CHECK(info["models"] == 25);
  CHECK(info["questions"].get<size_t>() >= 12000);
  CHECK(info["categories"].size() == 14);
  CHECK(info["sources"].size() == 91);
  CHECK(info["per_model"].size() == 25);
  CHECK(info["oracle"].get<double>() > info["best_single"]["accuracy"].get<double>());
  CHECK(info["best_single"]["model"] == "gemini-1.5-flash-002");
  CHECK(info["load_seconds"].get<double>() < 3.0);  // ~0.3 s on an idle 2-core machine; loose for busy CI
  const auto zoo = run_modelsat("data info '" MODELSAT_SOURCE_DIR "/experiments/data/mmlu-pro' --json --zoo small "
                                "--split '" MODELSAT_SOURCE_DIR "/experiments/data/mmlu-pro/splits/id-seed1.json'");
  REQUIRE(zoo.exit_code == 0);
  CHECK(nlohmann::json::parse(zoo.out)["models"] == 5);
}

TEST_CASE("data/cli: import, synth, split, aptitude build/score, check, help and usage errors", "[unit]") {
  TempDir dir;
  const std::string jsonl = dir.write("bench.jsonl", R"({"id": "a", "question": "x", "outcomes": {"m1": 1, "m2": 0}})"
                                                     "\n");
  auto ok = [](const modelsat::test::CommandResult& r) {
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  };
  ok(run_modelsat("data import-jsonl '" + jsonl + "' --out '" + dir.file("bench") + "'"));
  CHECK(data::load_dataset(dir.file("bench")).n_models() == 2);
  ok(run_modelsat("data synth --out '" + dir.file("syn") + "' --questions 600 --seed 4"));
  ok(run_modelsat("aptitude build '" + dir.file("syn") + "' --tasks 4 --shots 5 --out '" + dir.file("syn/aptitude/a.json") + "'"));
  ok(run_modelsat("data split '" + dir.file("syn") + "' --exclude-aptitude '" + dir.file("syn/aptitude/a.json") +
                  "' --out '" + dir.file("syn/splits/s.json") + "'"));
  ok(run_modelsat("data check '" + dir.file("syn") + "'"));
  const auto score = run_modelsat("aptitude score '" + dir.file("syn/aptitude/a.json") + "' --dataset '" +
                                  dir.file("syn") + "' --model synth-model-0");
  ok(score);
  CHECK_THAT(score.out, Contains("The model achieves accuracy "));
  std::string answers;
  for (const std::string& id : data::load_aptitude_test(dir.file("syn/aptitude/a.json")).item_ids())
    answers += "{\"id\": \"" + id + "\", \"correct\": true}\n";
  const auto onboard = run_modelsat("aptitude score '" + dir.file("syn/aptitude/a.json") + "' --json --answers '" +
                                    dir.write("new-model.jsonl", answers) + "'");
  ok(onboard);
  CHECK(nlohmann::json::parse(onboard.out)["vector"] == std::vector<double>(4, 1.0));
  const auto partial = run_modelsat("aptitude score '" + dir.file("syn/aptitude/a.json") + "' --answers '" +
                                    dir.write("partial.jsonl", answers.substr(0, answers.find('\n') + 1)) + "'");
  CHECK(partial.exit_code == 1);
  CHECK_THAT(partial.err, Contains("partial.jsonl: no answer for aptitude item"));
  CHECK(run_modelsat("aptitude score '" + dir.file("syn/aptitude/a.json") + "'").exit_code == 2);
  const auto help = run_modelsat("data --help");
  ok(help);
  CHECK_THAT(help.out, Contains("import-mmlu-pro"));
  ok(run_modelsat("aptitude score --help"));
  const auto unknown = run_modelsat("data frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Contains("unknown command 'frobnicate'"));
  const auto bad_number = run_modelsat("data synth --out x --models many");
  CHECK(bad_number.exit_code == 2);
  CHECK_THAT(bad_number.err, Contains("--models: not a non-negative integer (got 'many')"));
  const auto missing = run_modelsat("data info '" + dir.file("nowhere") + "'");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains("nowhere/dataset.json"));
}

TEST_CASE("data/cli: aptitude build --from-split draws from one split's training questions; data check knows it",
          "[unit]") {
  TempDir dir;
  auto ok = [](const modelsat::test::CommandResult& r) {
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  };
  ok(run_modelsat("data synth --out '" + dir.file("syn") + "' --questions 600 --seed 4"));
  ok(run_modelsat("data split '" + dir.file("syn") + "' --seed 1 --out '" + dir.file("syn/splits/s1.json") + "'"));
  ok(run_modelsat("data split '" + dir.file("syn") + "' --seed 2 --out '" + dir.file("syn/splits/s2.json") + "'"));
  const auto built = run_modelsat("aptitude build '" + dir.file("syn") + "' --tasks all --shots 25 --min-shots 3 "
                                  "--from-split '" + dir.file("syn/splits/s1.json") + "' --out '" +
                                  dir.file("syn/aptitude/drawn.json") + "'");
  ok(built);
  CHECK_THAT(built.out, Contains("12 tasks x 3-25 items ("));
  CHECK_THAT(built.out, Contains("from the training questions of s1.json"));
  const data::AptitudeTest test = data::load_aptitude_test(dir.file("syn/aptitude/drawn.json"));
  const data::QuestionSplit s1 = data::load_question_split(dir.file("syn/splits/s1.json"));
  const std::set<std::string> train(s1.train.begin(), s1.train.end());
  for (const std::string& id : test.item_ids()) CHECK(train.count(id) == 1);
  ok(run_modelsat("data check '" + dir.file("syn") + "'"));  // s2 holds these items in every part: not its test

  nlohmann::json file = nlohmann::json::parse(modelsat::read_file(dir.file("syn/aptitude/drawn.json")));
  file["split"] = "s3.json";
  dir.write("syn/aptitude/drawn.json", file.dump());
  const auto missing = run_modelsat("data check '" + dir.file("syn") + "'");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains("drawn.json: split: no such split in " + dir.file("syn/splits") +
                                   " (expected a split file, got 's3.json')"));
  file["split"] = "s1.json";
  file["tasks"][0]["items"][0] = s1.test[0];
  dir.write("syn/aptitude/drawn.json", file.dump());
  const auto evaluation = run_modelsat("data check '" + dir.file("syn") + "'");
  CHECK(evaluation.exit_code == 1);
  CHECK_THAT(evaluation.err, Contains("drawn.json: aptitude item '" + s1.test[0] + "' is not a training question of "
                                      "split '" + dir.file("syn/splits/s1.json") + "' (expected training questions "
                                      "only, got a validation or test question)"));
  const auto all_but_count = run_modelsat("aptitude build '" + dir.file("syn") + "' --tasks some --out '" +
                                          dir.file("x.json") + "'");
  CHECK(all_but_count.exit_code == 2);
  CHECK_THAT(all_but_count.err, Contains("--tasks"));
}
