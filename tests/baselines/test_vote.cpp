// vote: the majority answer among the candidates beats the best single model; ties go to the better prior.
#include "baseline_harness.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::test::make_router;

TEST_CASE("vote: majority voting beats best_single on the synthetic set", "[baselines]") {
  const auto data = modelsat::test::split_tiny_set(21, 600, 400, 5, 4, 8);
  auto router = make_router("vote");
  CHECK(router.caps().sees_candidate_answers);
  CHECK_FALSE(router.caps().needs_embeddings);
  router.fit(data.train, nullptr);
  const at::Tensor scores = router.score(data.test.queries, data.test.candidates);
  const double routed = modelsat::test::routed_accuracy(scores, data.test.correct);
  const double best_single = modelsat::test::best_single_accuracy(data);
  INFO("vote " << routed << " vs best_single " << best_single);
  CHECK(routed > best_single + 0.03);
  CHECK(scores.max().item<float>() < 1.0F);
}

TEST_CASE("vote: a strict majority wins, a tie goes to the model with the better prior", "[baselines]") {
  auto data = modelsat::test::split_tiny_set(21, 60, 2, 4, 2, 8);
  data.train.correct.select(1, 3).fill_(1.0F);                   // model_3 is the strongest on training
  data.train.correct.select(1, 0).fill_(0.0F);                   // model_0 the weakest
  auto router = make_router("vote");
  router.fit(data.train, nullptr);
  data.test.queries.candidate_answers = {"A", "A", "B", "B",   // tie 2:2 -> model_3's answer B wins
                                         "C", "C", "C", "D"};  // majority C beats the strong model's D
  const at::Tensor scores = router.score(data.test.queries, data.test.candidates);
  CHECK(scores[0].argmax().item<int64_t>() == 3);
  CHECK(scores[1].argmax().item<int64_t>() != 3);
}

TEST_CASE("vote: needs every candidate's answer", "[baselines]") {
  const auto data = modelsat::test::split_tiny_set(21, 60, 10, 4, 2, 8);
  auto router = make_router("vote");
  router.fit(data.train, nullptr);
  auto queries = data.test.queries;
  queries.candidate_answers.resize(7);
  CHECK(modelsat::test::error_message([&] { router.score(queries, data.test.candidates); }) ==
        "router/vote: score: the queries need every candidate's answer: the host fills "
        "QueryBatch::candidate_answers for routers with caps.sees_candidate_answers (expected 40 answers, got 7)");
}
