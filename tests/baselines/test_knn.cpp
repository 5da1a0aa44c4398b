// knn: neighbours' correctness beats best_single on topic-structured data, with either metric; its own errors.
#include "baseline_harness.h"
#include "temp_dir.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::test::make_router;

TEST_CASE("knn: beats best_single with cosine and with l2 neighbours", "[baselines]") {
  const auto data = modelsat::test::split_tiny_set(21, 600, 400, 5, 4, 8);
  const double best_single = modelsat::test::best_single_accuracy(data);
  for (const char* metric : {"cosine", "l2"}) {
    auto router = make_router("knn", {{"k", 15}, {"metric", metric}});
    router.fit(data.train, nullptr);
    const at::Tensor scores = router.score(data.test.queries, data.test.candidates);
    const double routed = modelsat::test::routed_accuracy(scores, data.test.correct);
    INFO(metric << ": knn " << routed << " vs best_single " << best_single);
    CHECK(routed > best_single + 0.05);
    CHECK(scores.min().item<float>() > 0.0F);
    CHECK(scores.max().item<float>() < 1.0F);
  }
}

TEST_CASE("knn: says when embeddings are missing or have another width", "[baselines]") {
  const auto data = modelsat::test::split_tiny_set(21, 60, 10, 4, 2, 8);
  auto router = make_router("knn");
  auto train = data.train;
  train.queries.embeddings = at::Tensor();
  CHECK(modelsat::test::error_message([&] { router.fit(train, nullptr); }) ==
        "router/knn: fit: the queries have no embeddings: this router reads them, so the experiment needs an "
        "encoder (expected [60, d], got undefined)");
  router.fit(data.train, nullptr);
  auto queries = data.test.queries;
  queries.embeddings = at::zeros({10, 5});
  CHECK(modelsat::test::error_message([&] { router.score(queries, data.test.candidates); }) ==
        "router/knn: score: the embedding width differs from the one the router was fitted on (expected "
        "8, got 5)");
  queries.embeddings = at::zeros({3, 8});
  CHECK(modelsat::test::error_message([&] { router.score(queries, data.test.candidates); }) ==
        "router/knn: score: the embeddings need one row per query (expected [10, d], got [3, 8])");
}

TEST_CASE("knn: refuses to load another router's state", "[baselines]") {
  const auto data = modelsat::test::split_tiny_set(21, 60, 10, 4, 2, 8);
  modelsat::test::TempDir dir;
  auto vote = make_router("vote");
  vote.fit(data.train, nullptr);
  vote.save(dir.file("vote.state"));
  auto knn = make_router("knn");
  CHECK(modelsat::test::error_message([&] { knn.load(dir.file("vote.state")); }) ==
        "router/knn: load: " + dir.file("vote.state") +
            ": not a knn state file (expected format \"knn\" version 1, got format \"vote\" version 1)");
}
