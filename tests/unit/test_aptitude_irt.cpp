// IRT scoring of the aptitude test: parameter recovery on seeded 2PL data, monotone abilities, shrunken per-task
// scores, adaptive item choice, and the error messages.
#include "modelsat/data/aptitude.h"
#include "modelsat/data/aptitude_irt.h"
#include "modelsat/data/synthetic.h"
#include "modelsat/error.h"
#include "modelsat/rng.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <vector>

using Catch::Matchers::Contains;
namespace data = modelsat::data;

namespace {

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / static_cast<double>(x.size());
    my += y[i] / static_cast<double>(y.size());
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

double mean_abs_difference(const std::vector<double>& x, const std::vector<double>& y) {
  double sum = 0;
  for (size_t i = 0; i < x.size(); ++i) sum += std::fabs(x[i] - y[i]) / static_cast<double>(x.size());
  return sum;
}

/// Seeded 2PL responses: theta ~ N(0, 1), b ~ N(0, 1), log a ~ N(0, 0.3^2); items spread over `tasks` tasks.
struct Synthetic2pl {
  std::vector<double> theta, b, a, responses;
  std::vector<size_t> task;
};

Synthetic2pl synthetic_2pl(size_t models, size_t items, size_t tasks, uint64_t seed) {
  modelsat::Rng rng(seed);
  Synthetic2pl s;
  for (size_t m = 0; m < models; ++m) s.theta.push_back(rng.normal());
  for (size_t i = 0; i < items; ++i) {
    s.b.push_back(rng.normal());
    s.a.push_back(std::exp(0.3 * rng.normal()));
    s.task.push_back(i % tasks);
  }
  for (size_t m = 0; m < models; ++m)
    for (size_t i = 0; i < items; ++i) {
      const double p = 1.0 / (1.0 + std::exp(-s.a[i] * (s.theta[m] - s.b[i])));
      s.responses.push_back(rng.uniform() < p ? 1.0 : 0.0);
    }
  return s;
}

/// A hand-made calibration of `items` identical items in one task.
data::IrtCalibration equal_items(size_t items, double a, double b) {
  data::IrtCalibration c;
  c.n_tasks = 1;
  c.item_task.assign(items, 0);
  c.difficulty.assign(items, b);
  c.discrimination.assign(items, a);
  c.task_deviation_sd = 0.5;
  return c;
}

}  // namespace

TEST_CASE("aptitude/irt: a 2PL fit recovers known parameters of seeded synthetic data", "[unit]") {
  const Synthetic2pl truth = synthetic_2pl(400, 60, 3, 7);
  data::IrtOptions options;
  const data::IrtCalibration fit = data::fit_irt(truth.responses, 400, truth.task, 3, options, "synthetic");
  CHECK(fit.converged);
  CHECK(correlation(fit.training_ability, truth.theta) > 0.93);
  CHECK(correlation(fit.difficulty, truth.b) > 0.97);
  CHECK(mean_abs_difference(fit.difficulty, truth.b) < 0.2);
  CHECK(correlation(fit.discrimination, truth.a) > 0.6);
  CHECK(mean_abs_difference(fit.discrimination, truth.a) < 0.2);
  // The data have no per-task deviations, so the marginal likelihood picks the smallest tau on the grid.
  CHECK(fit.task_deviation_sd == Approx(0.05));
  CHECK(data::fit_irt(truth.responses, 400, truth.task, 3, options, "synthetic").difficulty == fit.difficulty);

  options.kind = data::IrtKind::OnePl;
  const data::IrtCalibration rasch = data::fit_irt(truth.responses, 400, truth.task, 3, options, "synthetic");
  CHECK(rasch.converged);
  for (double a : rasch.discrimination) CHECK(a == rasch.discrimination[0]);
  CHECK(correlation(rasch.difficulty, truth.b) > 0.95);
}

TEST_CASE("aptitude/irt: the MAP ability grows with the number of correct answers to equal items", "[unit]") {
  const data::IrtCalibration c = equal_items(30, 1.3, 0.4);
  double previous = -INFINITY;
  for (size_t correct = 0; correct <= 30; ++correct) {
    std::vector<data::ItemAnswer> answers;
    for (size_t i = 0; i < 30; ++i) answers.push_back({i, i < correct ? 1.0 : 0.0});
    const data::AbilityEstimate estimate = data::estimate_ability(c, answers, "equal");
    INFO(correct);
    CHECK(estimate.ability > previous);
    CHECK(estimate.standard_error > 0);
    CHECK(estimate.standard_error < 1);
    previous = estimate.ability;
  }
  // Which items are right does not matter when the items are equal.
  std::vector<data::ItemAnswer> first, last;
  for (size_t i = 0; i < 30; ++i) {
    first.push_back({i, i < 10 ? 1.0 : 0.0});
    last.push_back({i, i >= 20 ? 1.0 : 0.0});
  }
  CHECK(data::estimate_ability(c, first, "equal").ability == Approx(data::estimate_ability(c, last, "equal").ability));
  // The test characteristic curve is increasing and stays in [0, 1].
  CHECK(data::expected_accuracy(c, {0, 1}, -1.0) < data::expected_accuracy(c, {0, 1}, 1.0));
  CHECK(data::expected_accuracy(c, {0, 1}, 40.0) <= 1.0);
}

TEST_CASE("aptitude/irt: per-task scores shrink each task toward the overall ability", "[unit]") {
  data::IrtCalibration c = equal_items(20, 1.0, 0.0);
  c.n_tasks = 2;
  for (size_t i = 10; i < 20; ++i) c.item_task[i] = 1;
  std::vector<data::ItemAnswer> answers;  // task 0: 9 of 10 right, task 1: 3 of 10 right
  for (size_t i = 0; i < 20; ++i) answers.push_back({i, (i < 9 || (i >= 10 && i < 13)) ? 1.0 : 0.0});
  std::vector<size_t> all(20);
  for (size_t i = 0; i < 20; ++i) all[i] = i;
  const double theta = data::estimate_ability(c, answers, "tasks").ability;
  const double overall = data::expected_accuracy(c, all, theta);
  const std::vector<double> scores = data::irt_task_scores(c, answers, theta, all, "tasks");
  REQUIRE(scores.size() == 2);
  CHECK(scores[0] > overall);
  CHECK(scores[0] < 0.9);  // shrunk from the raw 9/10
  CHECK(scores[1] < overall);
  CHECK(scores[1] > 0.3);  // shrunk from the raw 3/10
  c.task_deviation_sd = 1e-4;  // no room for per-task deviations: every task gets the overall expectation
  for (double score : data::irt_task_scores(c, answers, theta, all, "tasks")) CHECK(score == Approx(overall).epsilon(1e-3));
  const std::vector<data::ItemAnswer> only_task_0(answers.begin(), answers.begin() + 10);
  CHECK(data::irt_task_scores(c, only_task_0, theta, all, "tasks")[1] == Approx(overall));
  CHECK_THROWS_WITH(data::irt_task_scores(c, answers, theta, {0, 1}, "tasks"),
                    "tasks: task 1: no reference items (expected at least one)");
  CHECK_THROWS_WITH(data::irt_task_scores(c, answers, theta, {0, 20}, "tasks"),
                    "tasks: reference item 20: unknown item (expected an index below 20)");
}

TEST_CASE("aptitude/irt: adaptive choice asks the most informative items at the current ability", "[unit]") {
  data::IrtCalibration c = equal_items(6, 1.0, 0.0);
  c.n_tasks = 2;
  c.difficulty = {-3.0, 0.2, 3.0, -0.5, 2.0, 1.0};
  c.item_task = {0, 0, 0, 1, 1, 1};
  std::vector<size_t> asked_order;
  const auto always_right = [&](size_t item) {
    asked_order.push_back(item);
    return 1.0;
  };
  const auto answers = data::adaptive_answers(c, {{0, 1, 2}, {3, 4, 5}}, 2, always_right);
  REQUIRE(answers.size() == 4);
  // Round 1 at theta = 0: the items nearest 0 in each task; round 2 after all-correct answers: the harder items.
  CHECK(asked_order == std::vector<size_t>{1, 3, 2, 5});
  for (const auto& answer : answers) CHECK(answer.score == 1.0);
  // Repeated slots are separate; a task with fewer slots than asked gives what it has.
  asked_order.clear();
  CHECK(data::adaptive_answers(c, {{1, 1}, {4}}, 3, always_right).size() == 3);
  CHECK(asked_order == std::vector<size_t>{1, 4, 1});
  CHECK_THROWS_WITH(data::adaptive_answers(c, {{0}, {9}}, 1, always_right),
                    "adaptive item choice: task 1: unknown item 9 (expected an index below 6)");
}

TEST_CASE("aptitude/irt: bad input gets a clear error", "[unit]") {
  const data::IrtCalibration c = equal_items(5, 1.0, 0.0);
  CHECK_THROWS_AS(data::estimate_ability(c, {}, "new.jsonl"), modelsat::DataError);
  CHECK_THROWS_WITH(data::estimate_ability(c, {}, "new.jsonl"),
                    "new.jsonl: no answered items (expected at least one answer)");
  CHECK_THROWS_WITH(data::estimate_ability(c, {{0, 1.0}, {7, 0.0}}, "new"),
                    "new: answer 1: unknown item 7 (expected an index below 5)");
  CHECK_THROWS_WITH(data::estimate_ability(c, {{0, 1.5}}, "new"),
                    "new: answer 0: score out of range (expected a value in [0, 1], got 1.5)");
  CHECK_THROWS_WITH(data::estimate_ability(c, {{0, std::nan("")}}, "new"),
                    "new: answer 0: score out of range (expected a value in [0, 1], got nan)");

  const data::IrtOptions options;
  CHECK_THROWS_WITH(data::fit_irt({1, 0}, 1, {0, 0}, 1, options, "syn"),
                    "syn: IRT fit: too few training models (expected at least 2, got 1)");
  CHECK_THROWS_WITH(data::fit_irt({}, 2, {}, 1, options, "syn"), "syn: IRT fit: no items (expected at least one)");
  CHECK_THROWS_WITH(data::fit_irt({1, 0, 1}, 2, {0, 0}, 1, options, "syn"),
                    "syn: IRT fit: response matrix has the wrong size (expected 4, got 3)");
  CHECK_THROWS_WITH(data::fit_irt({1, 0, 1, 0}, 2, {0, 3}, 2, options, "syn"),
                    "syn: IRT fit: item 1: task index out of range (expected below 2, got 3)");
  CHECK_THROWS_WITH(data::fit_irt({1, 0, 2, 0}, 2, {0, 0}, 1, options, "syn"),
                    "syn: IRT fit: model 1, item 0: score out of range (expected a value in [0, 1], got 2)");
  data::IrtOptions flat = options;
  flat.ability_prior_sd = 0;
  CHECK_THROWS_AS(data::fit_irt({1, 0, 1, 0}, 2, {0, 0}, 1, flat, "syn"), modelsat::ConfigError);
  CHECK_THROWS_WITH(data::fit_irt({1, 0, 1, 0}, 2, {0, 0}, 1, flat, "syn"),
                    "syn: IRT fit: prior standard deviations must be positive (expected > 0, got ability 0, "
                    "difficulty 3, log discrimination 0.5)");

  CHECK(data::parse_irt_kind("1pl", "--irt") == data::IrtKind::OnePl);
  CHECK(data::irt_kind_name(data::parse_irt_kind("2pl", "--irt")) == "2pl");
  CHECK_THROWS_WITH(data::parse_irt_kind("3pl", "--irt"), "--irt: not an IRT model (expected 1pl or 2pl, got '3pl')");
}

TEST_CASE("aptitude/irt: the aptitude test's items calibrate on its training models and score a new model",
          "[unit]") {
  data::SyntheticOptions synthetic;
  synthetic.models = 8;
  synthetic.questions = 1200;
  const data::Dataset d = data::make_synthetic_dataset(synthetic);
  data::AptitudeOptions build;
  build.tasks = 4;
  build.shots = 10;
  build.training_models = {"synth-model-0", "synth-model-1", "synth-model-2", "synth-model-3", "synth-model-4",
                           "synth-model-5"};
  const data::AptitudeTest test = data::build_aptitude_test(d, build);
  const data::IrtCalibration c = data::calibrate_aptitude_irt(test, d, data::IrtOptions{});
  CHECK(c.n_items() == 40);
  CHECK(c.training_ability.size() == 6);
  std::map<std::string, double> answers;
  for (const std::string& id : test.item_ids()) answers[id] = d.score(d.question_index(id), 7);
  const data::IrtAptitudeScore score = data::irt_aptitude_vector(test, c, answers, "new.jsonl");
  REQUIRE(score.vector.size() == 4);
  for (double v : score.vector) CHECK((v > 0 && v < 1));
  CHECK((score.expected_accuracy > 0 && score.expected_accuracy < 1));
  answers.erase(test.item_ids()[3]);
  CHECK_THROWS_WITH(data::irt_aptitude_vector(test, c, answers, "new.jsonl"),
                    "new.jsonl: no answer for aptitude item '" + test.item_ids()[3] + "' of task '" +
                        test.tasks[0].name + "'");
  data::AptitudeTest unknown = test;
  unknown.training_models.push_back("nobody");
  CHECK_THROWS_WITH(data::calibrate_aptitude_irt(unknown, d, data::IrtOptions{}),
                    Contains("unknown model name 'nobody'"));
  data::AptitudeTest smaller = test;
  smaller.tasks.pop_back();
  CHECK_THROWS_WITH(data::irt_aptitude_vector(smaller, c, answers, "new.jsonl"),
                    "new.jsonl: IRT calibration does not match the aptitude test (expected 30 items in 3 tasks, got 40 "
                    "in 4)");
}
