// The reference points: random is chance level, oracle reaches "any model correct", best_single and per_category_best
// follow training accuracy; plus their own error messages.
#include "baseline_harness.h"
#include "temp_dir.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::test::make_router;
using modelsat::test::split_tiny_set;

namespace {

const modelsat::test::TrainTest& data() {
  static const auto split = split_tiny_set(21, 600, 400, 5, 4, 8);
  return split;
}

}  // namespace

TEST_CASE("random: picks every model about equally often, so it scores the mean accuracy", "[baselines]") {
  auto router = make_router("random");
  router.fit(data().train, nullptr);
  const at::Tensor scores = router.score(data().test.queries, data().test.candidates);
  CHECK(scores.min().item<float>() >= 0.0F);
  CHECK(scores.max().item<float>() < 1.0F);
  const at::Tensor picks = at::bincount(scores.argmax(1), {}, 5).to(at::kDouble) / 400.0;
  CHECK(picks.min().item<double>() > 0.14);
  CHECK(picks.max().item<double>() < 0.26);
  CHECK(modelsat::test::routed_accuracy(scores, data().test.correct) ==
        Approx(modelsat::test::random_pick_accuracy(data())).margin(0.05));
}

TEST_CASE("random: a (query, model) pair gets the same score in any batch", "[baselines]") {
  auto router = make_router("random");
  const at::Tensor all = router.score(data().test.queries, data().test.candidates);
  const auto part = split_tiny_set(21, 600 + 10, 390, 5, 4, 8).test;  // the last 390 test queries alone
  CHECK(at::equal(all.slice(0, 10), router.score(part.queries, part.candidates)));
}

TEST_CASE("oracle: routing reaches the share of queries that some model answers", "[baselines]") {
  auto router = make_router("oracle");
  CHECK(router.caps().sees_gold);
  router.fit(data().train, nullptr);
  const at::Tensor scores = router.score(data().test.queries, data().test.candidates);
  const double any_correct = std::get<0>(data().test.correct.max(1)).to(at::kDouble).mean().item<double>();
  CHECK(modelsat::test::routed_accuracy(scores, data().test.correct) == Approx(any_correct));
}

TEST_CASE("oracle: says when the host gave it no gold correctness", "[baselines]") {
  auto router = make_router("oracle");
  auto queries = data().test.queries;
  queries.gold_correct = at::Tensor();
  CHECK(modelsat::test::error_message([&] { router.score(queries, data().test.candidates); }) ==
        "router/oracle: score: the queries carry no gold correctness: the host fills "
        "QueryBatch::gold_correct for routers with caps.sees_gold (expected [400, 5], got undefined)");
}

TEST_CASE("best_single: routes every query to the best training model", "[baselines]") {
  auto router = make_router("best_single");
  CHECK_FALSE(router.caps().needs_embeddings);
  router.fit(data().train, nullptr);
  const at::Tensor scores = router.score(data().test.queries, data().test.candidates);
  CHECK(modelsat::test::routed_accuracy(scores, data().test.correct) ==
        Approx(modelsat::test::best_single_accuracy(data())));
}

TEST_CASE("best_single: refuses a candidate it was not fitted on", "[baselines]") {
  auto router = make_router("best_single");
  router.fit(data().train, nullptr);
  auto candidates = data().test.candidates;
  candidates.models[2].name = "newcomer";
  CHECK(modelsat::test::error_message([&] { router.score(data().test.queries, candidates); }) ==
        "router/best_single: score: unknown candidate 'newcomer': this router scores only the "
        "models it was fitted on (expected one of 5 fitted models, got a new one)");
}

TEST_CASE("per_category_best: beats best_single when the best model differs per category", "[baselines]") {
  auto router = make_router("per_category_best");
  router.fit(data().train, nullptr);
  const double routed =
      modelsat::test::routed_accuracy(router.score(data().test.queries, data().test.candidates), data().test.correct);
  const double best_single = modelsat::test::best_single_accuracy(data());
  INFO("per_category_best " << routed << " vs best_single " << best_single);
  CHECK(routed > best_single + 0.05);
}

TEST_CASE("per_category_best: an unseen category falls back to best_single", "[baselines]") {
  auto router = make_router("per_category_best");
  auto best = make_router("best_single");
  router.fit(data().train, nullptr);
  best.fit(data().train, nullptr);
  auto queries = data().test.queries;
  for (auto& category : queries.categories) category = "never seen";
  CHECK(at::allclose(router.score(queries, data().test.candidates), best.score(queries, data().test.candidates)));
}

TEST_CASE("per_category_best: needs one category per query", "[baselines]") {
  auto router = make_router("per_category_best");
  auto train = data().train;
  train.queries.categories.clear();
  CHECK(modelsat::test::error_message([&] { router.fit(train, nullptr); }) ==
        "router/per_category_best: fit: the queries need one category each (expected 600, "
        "got 0)");
}

TEST_CASE("reference routers: score before fit and load of another router's file are refused", "[baselines]") {
  modelsat::test::TempDir dir;
  auto best = make_router("best_single");
  CHECK(modelsat::test::error_message([&] { best.score(data().test.queries, data().test.candidates); }) ==
        "router/best_single: score: called before fit() or load()");
  best.fit(data().train, nullptr);
  best.save(dir.file("best.state"));
  auto category = make_router("per_category_best");
  CHECK(modelsat::test::error_message([&] { category.load(dir.file("best.state")); }) ==
        "router/per_category_best: load: " + dir.file("best.state") +
            ": not a per_category_best state file (expected format \"per_category_best\" version 1, got format "
            "\"best_single\" version 1)");
  const std::string text_file = dir.write("notes.txt", "hello");
  CHECK(modelsat::test::error_message([&] { category.load(text_file); }) ==
        "router/per_category_best: load: " + text_file +
            ": not a per_category_best state file (expected format \"per_category_best\" version 1, got a file "
            "without the MSBL header)");
}
