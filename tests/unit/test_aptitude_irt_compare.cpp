// The aptitude scoring comparison (plain vs IRT vs adaptive on held-out models), rank statistics, model folds, and
// `modelsat aptitude compare` / `aptitude score --irt` end to end.
#include "run_command.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/aptitude_compare.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/synthetic.h"
#include "modelsat/error.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using Catch::Matchers::Contains;
using modelsat::test::run_modelsat;
using modelsat::test::TempDir;
namespace data = modelsat::data;

namespace {

data::Dataset synthetic_zoo() {
  data::SyntheticOptions options;
  options.models = 12;
  options.questions = 2400;
  return data::make_synthetic_dataset(options);
}

data::AptitudeCompareOptions small_options() {
  data::AptitudeCompareOptions options;
  options.tasks = 6;
  options.shots = 10;
  options.pool_shots = 20;
  options.resamples = 20;
  return options;
}

}  // namespace

TEST_CASE("aptitude/compare: Kendall tau-b on known values", "[unit]") {
  CHECK(data::kendall_tau_b({1, 2, 3, 4}, {1, 3, 2, 4}) == Approx(4.0 / 6.0));
  CHECK(data::kendall_tau_b({1, 1, 2}, {1, 2, 3}) == Approx(2.0 / std::sqrt(6.0)));
  CHECK(data::kendall_tau_b({4, 3, 2, 1}, {1, 2, 3, 4}) == Approx(-1.0));
  CHECK(data::kendall_tau_b({5, 5, 5}, {1, 2, 3}) == 0.0);
  CHECK_THROWS_WITH(data::kendall_tau_b({1, 2}, {1, 2, 3}),
                    "kendall tau-b: wrong sizes (expected two equally long lists of at least 2 values, got 2 and 3)");
  CHECK_THROWS_WITH(data::kendall_tau_b({1}, {1}),
                    "kendall tau-b: wrong sizes (expected two equally long lists of at least 2 values, got 1 and 1)");
}

TEST_CASE("aptitude/compare: model folds hold every model out exactly once per repeat", "[unit]") {
  const data::Dataset d = synthetic_zoo();
  const auto groups = data::model_fold_groups(d, 3, 2, 5);
  REQUIRE(groups.size() == 6);
  CHECK(groups[0].name == "fold 1.1");
  CHECK(groups[5].name == "fold 2.3");
  for (size_t repeat = 0; repeat < 2; ++repeat) {
    std::multiset<std::string> held;
    for (size_t fold = 0; fold < 3; ++fold) {
      const data::ModelGroup& g = groups[repeat * 3 + fold];
      CHECK(g.held_out.size() == 4);
      CHECK(g.training.size() == 8);
      held.insert(g.held_out.begin(), g.held_out.end());
    }
    CHECK(held == std::multiset<std::string>(d.models.begin(), d.models.end()));
  }
  CHECK(data::model_fold_groups(d, 3, 2, 5)[1].held_out == groups[1].held_out);
  CHECK(data::model_fold_groups(d, 3, 1, 6)[0].held_out != groups[0].held_out);
  CHECK_THROWS_WITH(data::model_fold_groups(d, 7, 1, 1),
                    d.name + ": model folds: wrong count (expected 2..6 so that every fold holds at least two models, "
                             "got 7)");
  CHECK_THROWS_AS(data::model_fold_groups(d, 1, 1, 1), modelsat::ConfigError);
}

TEST_CASE("aptitude/compare: every scoring is measured on held-out models, seeded", "[unit]") {
  const data::Dataset d = synthetic_zoo();
  const auto groups = data::model_fold_groups(d, 3, 1, 1);
  const data::AptitudeCompareOptions options = small_options();
  const data::AptitudeComparison result = data::compare_aptitude_scorings(d, groups, options);
  REQUIRE(result.groups.size() == 3);
  REQUIRE(result.overall.size() == 5);
  const std::vector<std::string> names = data::aptitude_scorings(true);
  CHECK(names == std::vector<std::string>{"plain", "irt-1pl", "irt-2pl", "adaptive-1pl", "adaptive-2pl"});
  for (const data::GroupComparison& g : result.groups) {
    CHECK(g.truth_questions == d.n_questions() - 6 * 20);  // every source has far more than 20 questions
    const size_t best = static_cast<size_t>(
        std::max_element(g.held_out_accuracy.begin(), g.held_out_accuracy.end()) - g.held_out_accuracy.begin());
    CHECK(g.strongest_held_out == g.group.held_out[best]);
    CHECK(g.margin_held_out >= 0);
    CHECK(g.margin_all >= 0);
  }
  for (size_t s = 0; s < names.size(); ++s) {
    const data::ScoringMetrics& m = result.overall[s];
    INFO(m.scoring);
    CHECK(m.scoring == names[s]);
    for (double rate : {m.top1_held_out, m.top1_all}) CHECK((rate >= 0 && rate <= 1));
    for (double regret : {m.regret_held_out, m.regret_all}) CHECK(regret >= 0);
    // The synthetic models share one general ability, so every scoring orders the whole zoo better than chance.
    CHECK(m.spearman_all > 0.3);
    CHECK(m.kendall_all > 0.2);
    CHECK(m.task_correlation > 0.2);
    CHECK(m.standard_error > 0);
    CHECK(m.gap_standard_error > 0);
    CHECK(m.test_top1_held_out <= 3);
  }
  // A 1PL ability is monotone in the raw score on the same items: it ranks exactly as the plain test.
  CHECK(result.overall[1].top1_held_out == Approx(result.overall[0].top1_held_out));
  CHECK(result.overall[1].top1_all == Approx(result.overall[0].top1_all));
  const data::AptitudeComparison again = data::compare_aptitude_scorings(d, groups, options);
  for (size_t s = 0; s < names.size(); ++s) {
    CHECK(again.overall[s].top1_all == result.overall[s].top1_all);
    CHECK(again.overall[s].standard_error == result.overall[s].standard_error);
  }
  data::AptitudeCompareOptions no_pool = options;
  no_pool.pool_shots = 0;
  const data::AptitudeComparison plain_only = data::compare_aptitude_scorings(d, groups, no_pool);
  CHECK(plain_only.overall.size() == 3);
  CHECK(plain_only.groups[0].truth_questions == d.n_questions() - 6 * 10);
}

TEST_CASE("aptitude/compare: bad groups and options get a clear error", "[unit]") {
  const data::Dataset d = synthetic_zoo();
  const data::AptitudeCompareOptions options = small_options();
  const std::vector<std::string> training = {"synth-model-0", "synth-model-1", "synth-model-2"};
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {{"g", training, {"synth-model-5"}}}, options),
                    d.name + ": model group 'g': too few held-out models (expected at least 2, got 1)");
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {{"g", {"synth-model-0"}, {"synth-model-5", "synth-model-6"}}},
                                                    options),
                    d.name + ": model group 'g': too few training models (expected at least 2, got 1)");
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {{"g", training, {"synth-model-5", "synth-model-1"}}}, options),
                    d.name + ": model group 'g': model 'synth-model-1' is listed twice");
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {{"g", training, {"synth-model-5", "nobody"}}}, options),
                    Contains(d.name + ": unknown model name 'nobody'"));
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {}, options),
                    "aptitude compare: no model groups (expected at least one)");
  data::AptitudeCompareOptions bad = options;
  bad.pool_shots = 10;
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {{"g", training, {"synth-model-5", "synth-model-6"}}}, bad),
                    "aptitude compare: pool_shots: the pool must be larger than the test (expected more than 10 items "
                    "per task, got 10)");
  bad = options;
  bad.resamples = 0;
  CHECK_THROWS_WITH(data::compare_aptitude_scorings(d, {{"g", training, {"synth-model-5", "synth-model-6"}}}, bad),
                    "aptitude compare: resamples: must be positive (expected >= 1, got 0)");
}

TEST_CASE("aptitude/cli: compare prints a table and JSON; score --irt onboards with IRT weights", "[unit]") {
  TempDir dir;
  auto ok = [](const modelsat::test::CommandResult& r) {
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  };
  ok(run_modelsat("data synth --out '" + dir.file("syn") + "' --models 8 --questions 1200 --seed 3"));
  ok(run_modelsat("data model-split '" + dir.file("syn") + "' --unseen 3 --out '" + dir.file("split.json") + "'"));
  const std::string compare = "aptitude compare '" + dir.file("syn") + "' --tasks 4 --shots 8 --resamples 5";
  const auto table = run_modelsat(compare + " --split '" + dir.file("split.json") + "' --folds 2 --pool-shots 12");
  ok(table);
  CHECK_THAT(table.out, Contains("split: 3 held out, 5 training"));
  CHECK_THAT(table.out, Contains("adaptive-2pl"));
  CHECK_THAT(table.out, Contains("fold 1.2"));
  const auto json_run = run_modelsat(compare + " --folds 2 --json --out '" + dir.file("cmp.json") + "'");
  ok(json_run);
  const nlohmann::json printed = nlohmann::json::parse(json_run.out);
  CHECK(printed == nlohmann::json::parse(modelsat::read_file(dir.file("cmp.json"))));
  CHECK(printed["groups"].size() == 2);
  CHECK(printed["overall"].size() == 3);
  CHECK(printed["overall"][2]["scoring"] == "irt-2pl");
  CHECK(printed["options"]["resamples"] == 5);

  const auto none = run_modelsat(compare);
  CHECK(none.exit_code == 2);
  CHECK(none.err ==
        "modelsat aptitude compare: give --split FILE and/or --folds K; see 'modelsat aptitude compare --help'\n");
  const auto few = run_modelsat(compare + " --folds 2 --pool-shots 8");
  CHECK(few.exit_code == 1);
  CHECK(few.err ==
        "modelsat: error: aptitude compare: pool_shots: the pool must be larger than the test (expected more than 8 "
        "items per task, got 8)\n");

  ok(run_modelsat("aptitude build '" + dir.file("syn") + "' --tasks 4 --shots 8 --model-split '" +
                  dir.file("split.json") + "' --out '" + dir.file("a.json") + "'"));
  const std::string score = "aptitude score '" + dir.file("a.json") + "'";
  const auto irt = run_modelsat(score + " --irt 2pl --json --dataset '" + dir.file("syn") + "' --model synth-model-2");
  ok(irt);
  const nlohmann::json scored = nlohmann::json::parse(irt.out);
  CHECK(scored["vector"].size() == 4);
  CHECK(scored["irt"]["model"] == "2pl");
  CHECK(scored["irt"]["standard_error"].get<double>() > 0);
  std::string answers;
  for (const std::string& id : data::load_aptitude_test(dir.file("a.json")).item_ids())
    answers += "{\"id\": \"" + id + "\", \"correct\": false}\n";
  const auto onboard = run_modelsat(score + " --irt 1pl --dataset '" + dir.file("syn") + "' --answers '" +
                                    dir.write("new.jsonl", answers) + "'");
  ok(onboard);
  CHECK_THAT(onboard.out, Contains("ability (1pl, MAP): -"));
  const auto no_data = run_modelsat(score + " --irt 2pl --answers '" + dir.file("new.jsonl") + "'");
  CHECK(no_data.exit_code == 2);
  CHECK(no_data.err == "modelsat aptitude score: --irt needs --dataset DIR (its training models' answers calibrate the "
                       "items); see 'modelsat aptitude score --help'\n");
  const auto bad_kind = run_modelsat(score + " --irt 3pl --dataset '" + dir.file("syn") + "' --model synth-model-2");
  CHECK(bad_kind.exit_code == 2);
  CHECK(bad_kind.err == "modelsat aptitude score: --irt: not an IRT model (expected 1pl or 2pl, got '3pl'); see "
                        "'modelsat aptitude score --help'\n");
}
