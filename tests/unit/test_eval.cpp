// Policies and metrics on hand-made score and outcome matrices with known answers.
#include "modelsat/error.h"
#include "modelsat/eval/metrics.h"
#include "modelsat/eval/policy.h"

#include <catch2/catch.hpp>

#include <cmath>

using modelsat::eval::Matrix;

namespace {
Matrix matrix(size_t rows, size_t cols, std::vector<float> values) {
  Matrix m(rows, cols);
  m.values = std::move(values);
  return m;
}
}  // namespace

TEST_CASE("policy/argmax: picks the highest score, lowest index on ties", "[unit]") {
  const Matrix scores = matrix(3, 3, {0.1F, 0.9F, 0.3F, 0.5F, 0.5F, 0.2F, 0.0F, 0.0F, 1.0F});
  CHECK(modelsat::eval::route_argmax(scores) == std::vector<size_t>{1, 0, 2});
}

TEST_CASE("policy/argmax within a sub-zoo: only the allowed columns compete, ties to the first allowed", "[unit]") {
  const Matrix scores = matrix(3, 3, {0.1F, 0.9F, 0.3F, 0.5F, 0.5F, 0.2F, 0.0F, 0.0F, 1.0F});
  CHECK(modelsat::eval::route_argmax_within(scores, {0, 2}) == std::vector<size_t>{2, 0, 2});
  CHECK(modelsat::eval::route_argmax_within(scores, {1, 0}) == std::vector<size_t>{1, 1, 1});
  CHECK_THROWS_WITH(modelsat::eval::route_argmax_within(scores, {}),
                    "policy: no candidate models to route to (expected at least 1, got 0)");
  CHECK_THROWS_WITH(modelsat::eval::route_argmax_within(scores, {0, 3}),
                    "policy: a candidate is outside the score matrix (expected a column < 3, got 3)");
}

TEST_CASE("policy/cost_aware: lambda=0 is argmax, a large lambda picks the cheapest", "[unit]") {
  const Matrix scores = matrix(2, 3, {0.9F, 0.8F, 0.2F, 0.6F, 0.7F, 0.65F});
  const std::vector<double> costs = {10.0, 5.0, 1.0};
  CHECK(modelsat::eval::route_cost_aware(scores, costs, 0.0) == std::vector<size_t>{0, 1});
  CHECK(modelsat::eval::route_cost_aware(scores, costs, 0.5) == std::vector<size_t>{1, 2});
  CHECK(modelsat::eval::route_cost_aware(scores, costs, 100.0) == std::vector<size_t>{2, 2});
  REQUIRE_THROWS_WITH(modelsat::eval::route_cost_aware(scores, {1.0}, 0.1),
                      "policy/cost_aware: one cost per model is needed (expected 3, got 1)");
}

TEST_CASE("policy/threshold: calibration hits the requested strong share", "[unit]") {
  Matrix scores(100, 2);
  for (size_t q = 0; q < 100; ++q) {
    scores.at(q, 0) = static_cast<float>(q) / 100.0F;
    scores.at(q, 1) = 0.5F;
  }
  for (double share : {0.0, 0.2, 0.5, 0.8, 1.0}) {
    const double threshold = modelsat::eval::calibrate_threshold(scores, 0, 1, share);
    const auto choices = modelsat::eval::route_threshold(scores, 0, 1, threshold);
    CHECK(std::count(choices.begin(), choices.end(), 0u) == static_cast<long>(std::lround(share * 100)));
  }
  REQUIRE_THROWS_WITH(modelsat::eval::calibrate_threshold(scores, 0, 1, 1.5),
                      Catch::Matchers::StartsWith("policy/threshold: strong share out of range"));
  REQUIRE_THROWS_WITH(modelsat::eval::route_threshold(scores, 0, 0, 0.0),
                      Catch::Matchers::StartsWith("policy/threshold: strong and weak must be two different models"));
}

TEST_CASE("metrics: accuracy, random, oracle and model accuracies", "[unit]") {
  const Matrix correct = matrix(4, 2, {1, 0, 0, 1, 1, 1, 0, 0});
  CHECK(modelsat::eval::accuracy({0, 1, 0, 0}, correct) == 0.75);
  CHECK(modelsat::eval::model_accuracies(correct) == std::vector<double>{0.5, 0.5});
  CHECK(modelsat::eval::random_accuracy(correct) == 0.5);
  CHECK(modelsat::eval::oracle_accuracy(correct) == 0.75);
  CHECK(modelsat::eval::mean_cost({0, 1, 1, 1}, {4.0, 2.0}) == 2.5);
}

TEST_CASE("metrics: the bootstrap interval contains the mean and narrows with more queries", "[unit]") {
  Matrix small(40, 2), large(4000, 2);
  for (size_t q = 0; q < 4000; ++q) {
    if (q < 40) small.at(q, 0) = (q % 3 == 0) ? 1.0F : 0.0F;
    large.at(q, 0) = (q % 3 == 0) ? 1.0F : 0.0F;
  }
  const auto a = modelsat::eval::bootstrap_accuracy({std::vector<size_t>(40, 0)}, small, 500, 1, 0.95);
  const auto b = modelsat::eval::bootstrap_accuracy({std::vector<size_t>(4000, 0)}, large, 500, 1, 0.95);
  CHECK(a.lo <= a.mean);
  CHECK(a.mean <= a.hi);
  CHECK(b.hi - b.lo < (a.hi - a.lo) / 4);
  CHECK(b.mean == Approx(1334.0 / 4000));
}

TEST_CASE("metrics: a paired test separates a better router and not an identical one", "[unit]") {
  Matrix correct(1000, 2);
  for (size_t q = 0; q < 1000; ++q) {
    correct.at(q, 0) = q % 2 == 0 ? 1.0F : 0.0F;
    correct.at(q, 1) = q % 10 < 7 ? 1.0F : 0.0F;
  }
  std::vector<size_t> always0(1000, 0), oracle(1000);
  for (size_t q = 0; q < 1000; ++q) oracle[q] = correct.at(q, 0) > 0 ? 0 : 1;
  const auto better = modelsat::eval::paired_bootstrap({oracle}, {always0}, correct, 1000, 3, 0.95);
  CHECK(better.difference > 0.1);
  CHECK(better.lo > 0.0);
  CHECK(better.p_value < 0.01);
  const auto same = modelsat::eval::paired_bootstrap({always0}, {always0}, correct, 200, 3, 0.95);
  CHECK(same.difference == 0.0);
  CHECK(same.p_value == 1.0);
}

TEST_CASE("metrics: selection shares and entropy", "[unit]") {
  const auto shares = modelsat::eval::selection_shares({{0, 0, 1, 1}, {0, 0, 0, 0}}, 3);
  CHECK(shares == std::vector<double>{0.75, 0.25, 0.0});
  CHECK(modelsat::eval::entropy_bits({0.5, 0.5}) == Approx(1.0));
  CHECK(modelsat::eval::entropy_bits({1.0, 0.0}) == 0.0);
}

TEST_CASE("metrics: per-category accuracy", "[unit]") {
  const Matrix correct = matrix(4, 1, {1, 0, 1, 1});
  const auto per = modelsat::eval::per_category_accuracy({{0, 0, 0, 0}}, correct, {"a", "a", "b", "b"});
  CHECK(per.at("a") == 0.5);
  CHECK(per.at("b") == 1.0);
}

TEST_CASE("metrics: the cost-quality hull drops dominated and concave-violating points; AIQ integrates it", "[unit]") {
  using P = modelsat::eval::CostQualityPoint;
  const auto hull = modelsat::eval::upper_hull({{1, 0.5, 0}, {2, 0.55, 0}, {3, 0.7, 0}, {4, 0.6, 0}, {5, 0.75, 0}});
  REQUIRE(hull.size() == 3);
  CHECK(hull[0].cost == 1);
  CHECK(hull[1].cost == 3);
  CHECK(hull[2].cost == 5);
  const std::vector<P> flat = {{0, 0.6, 0}};
  CHECK(modelsat::eval::average_improvement_in_quality(flat, 0, 10) == Approx(0.6));
  const std::vector<P> ramp = {{0, 0.0, 0}, {10, 1.0, 0}};
  CHECK(modelsat::eval::average_improvement_in_quality(ramp, 0, 10) == Approx(0.5).margin(1e-3));
}

TEST_CASE("metrics: two-model APGR and CPT of a perfect and of an uninformative router", "[unit]") {
  Matrix correct(200, 2), perfect(200, 2), blind(200, 2);
  for (size_t q = 0; q < 200; ++q) {
    correct.at(q, 0) = q < 120 ? 1.0F : 0.0F;  // strong: 60%
    correct.at(q, 1) = q < 60 ? 1.0F : 0.0F;   // weak: 30%, a subset of strong's
    perfect.at(q, 0) = (q >= 60 && q < 120) ? 1.0F + static_cast<float>(q) / 1000.0F : -static_cast<float>(q) / 1000.0F;
    blind.at(q, 0) = static_cast<float>((q * 37) % 200) / 200.0F;
  }
  const auto best = modelsat::eval::two_model_summary(perfect, correct, 0, 1);
  CHECK(best.strong_accuracy == Approx(0.6));
  CHECK(best.weak_accuracy == Approx(0.3));
  CHECK(best.cpt50 == Approx(0.15));
  // Quality rises linearly from 0.3 to 0.6 over the first 30% of strong calls, then stays: area 0.555.
  CHECK(best.apgr == Approx((0.555 - 0.3) / 0.3));
  const auto random = modelsat::eval::two_model_summary(blind, correct, 0, 1);
  CHECK(random.apgr == Approx(0.5).margin(0.1));
  CHECK(random.cpt80 > best.cpt80);
}
