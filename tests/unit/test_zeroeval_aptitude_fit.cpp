// Aptitude predictiveness: correlation helpers, per-task fits on synthetic data, errors, and the committed ZeroEval test.
#include "modelsat/data/aptitude_predictiveness.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/data/synthetic.h"
#include "modelsat/error.h"

#include <catch2/catch.hpp>

#include <set>

using Catch::Matchers::Contains;
namespace data = modelsat::data;

TEST_CASE("aptitude fit: Pearson and Spearman correlations", "[unit]") {
  CHECK(data::pearson_correlation({1, 2, 3}, {2, 4, 6}) == Approx(1.0));
  CHECK(data::pearson_correlation({1, 2, 3}, {3, 2, 1}) == Approx(-1.0));
  CHECK(data::pearson_correlation({1, 1, 1}, {1, 2, 3}) == 0.0);
  CHECK(data::spearman_correlation({1, 2, 3, 4}, {1, 4, 9, 100}) == Approx(1.0));
  CHECK(data::spearman_correlation({1, 2, 2, 3}, {1, 2, 2, 3}) == Approx(1.0));  // ties get average ranks
}

TEST_CASE("aptitude fit: aptitude vectors predict routing accuracy per model and per task", "[unit]") {
  data::SyntheticOptions options;
  options.models = 8;
  options.questions = 2400;
  const data::Dataset d = data::make_synthetic_dataset(options);
  data::AptitudeOptions aptitude;
  aptitude.tasks = 12;
  aptitude.shots = 10;
  const data::AptitudeTest test = data::build_aptitude_test(d, aptitude);
  std::set<std::string> items;
  for (const std::string& id : test.item_ids()) items.insert(id);
  std::vector<std::string> routing;
  for (const auto& q : d.questions)
    if (!items.count(q.id)) routing.push_back(q.id);
  const data::AptitudePredictiveness fit = data::aptitude_predictiveness(test, d, d.models, routing);
  REQUIRE(fit.models.size() == 8);
  REQUIRE(fit.tasks.size() == 12);
  for (const auto& task : fit.tasks) CHECK(task.questions > 0);
  CHECK(fit.pearson > 0.5);
  CHECK(fit.mean_abs_error_points > 0);
  const auto json = data::to_json(fit);
  CHECK(json["tasks"].size() == 12);
  CHECK_THROWS_WITH(data::aptitude_predictiveness(test, d, {d.models[0], d.models[1]}, routing),
                    Contains("too few models (expected at least 3, got 2)"));
  CHECK_THROWS_WITH(data::aptitude_predictiveness(test, d, d.models, {"no-such-id"}), Contains("no-such-id"));
}

TEST_CASE("aptitude fit: the committed ZeroEval aptitude test ranks the 39 models like their test-split accuracy", "[unit]") {
  const std::string dir = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/zeroeval";
  const data::Dataset d = data::load_dataset(dir, data::LoadOptions{false, false});
  const data::AptitudeTest test = data::load_aptitude_test(dir + "/aptitude/aptitude-t12-s10.json");
  const data::QuestionSplit split = data::load_question_split(dir + "/splits/id-seed1.json");
  const data::AptitudePredictiveness fit = data::aptitude_predictiveness(test, d, d.models, split.test);
  REQUIRE(fit.models.size() == 39);
  REQUIRE(fit.tasks.size() == 12);
  CHECK(fit.spearman > 0.8);
}
