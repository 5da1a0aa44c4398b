// The learned routers: each beats best_single on held-out queries of the topic-structured synthetic set, and each
// reports missing or mis-sized embeddings in its own words.
#include "baseline_harness.h"
#include "temp_dir.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

#include <fstream>

using modelsat::test::make_router;

namespace {

const nlohmann::json kQuickTraining = {{"epochs", 20}, {"batch_size", 32}, {"learning_rate", 0.01}, {"patience", 0}};

struct LearnedCase {
  const char* name;
  nlohmann::json config;
  double margin = 0.05;  ///< required accuracy gain over best_single on held-out queries
};

std::vector<LearnedCase> learned_cases() {
  return {{"knn", {{"k", 15}}},
          {"mlp", {{"training", kQuickTraining}}},
          {"random_forest", {{"n_trees", 30}}},
          {"matrix_factorization", {{"training", kQuickTraining}}},
          {"router_dc", {{"training", kQuickTraining}}},
          // RouteLLM's weights 10^(sim / max_sim) keep every training query at weight >= 1, diluting the topic signal.
          {"sw_ranking", nlohmann::json::object(), 0.02},
          {"graph_router", {{"training", kQuickTraining}}}};
}

const modelsat::test::TrainTest& data() {
  static const auto split = modelsat::test::split_tiny_set(21, 600, 400, 5, 4, 8);
  return split;
}

}  // namespace

TEST_CASE("learned routers: each beats best_single on held-out synthetic queries", "[baselines]") {
  const double best_single = modelsat::test::best_single_accuracy(data());
  for (const auto& learned : learned_cases()) {
    DYNAMIC_SECTION(learned.name) {
      auto router = make_router(learned.name, learned.config);
      router.fit(data().train, &data().test);
      const at::Tensor scores = router.score(data().test.queries, data().test.candidates);
      const double routed = modelsat::test::routed_accuracy(scores, data().test.correct);
      INFO(learned.name << " " << routed << " vs best_single " << best_single);
      CHECK(routed > best_single + learned.margin);
      CHECK(scores.min().item<float>() >= 0.0F);
      CHECK(scores.max().item<float>() <= 1.0F);
    }
  }
}

TEST_CASE("learned routers: missing embeddings and another width are refused with the expected sizes", "[baselines]") {
  const auto small = modelsat::test::split_tiny_set(21, 60, 10, 4, 2, 8);
  for (const auto& learned : learned_cases()) {
    DYNAMIC_SECTION(learned.name) {
      const std::string name = learned.name;
      auto router = make_router(name, learned.config);
      CHECK(router.caps().needs_embeddings);
      auto train = small.train;
      train.queries.embeddings = at::Tensor();
      CHECK(modelsat::test::error_message([&] { router.fit(train, nullptr); }) ==
            "router/" + name + ": fit: the queries have no embeddings: this router reads them, so "
            "the experiment needs an encoder (expected [60, d], got undefined)");
      router.fit(small.train, nullptr);
      auto queries = small.test.queries;
      queries.embeddings = at::zeros({10, 5});
      CHECK(modelsat::test::error_message([&] { router.score(queries, small.test.candidates); }) ==
            "router/" + name + ": score: the embedding width differs from the one the router was "
            "fitted on (expected 8, got 5)");
    }
  }
}

TEST_CASE("gradient routers: a fit with a work_dir checkpoints there and a wrong state file is refused", "[baselines]") {
  const auto small = modelsat::test::split_tiny_set(21, 60, 10, 4, 2, 8);
  modelsat::test::TempDir dir;
  auto router = make_router("mlp", {{"training", {{"epochs", 2}}}}, 8, 3, dir.path());
  router.fit(small.train, nullptr);
  CHECK(std::ifstream(dir.file("mlp.ckpt")).good());
  router.save(dir.file("mlp.state"));
  auto other = make_router("matrix_factorization");
  CHECK(modelsat::test::error_message([&] { other.load(dir.file("mlp.state")); }) ==
        "router/matrix_factorization: load: " + dir.file("mlp.state") +
            ": not a matrix_factorization state file (expected format \"matrix_factorization\" version 1, got format "
            "\"mlp\" version 1)");
}

TEST_CASE("gradient routers: the validation set must have the training models", "[baselines]") {
  const auto small = modelsat::test::split_tiny_set(21, 60, 10, 4, 2, 8);
  auto validation = small.test;
  validation.candidates.models.pop_back();
  validation.correct = validation.correct.slice(1, 0, 3).contiguous();
  auto router = make_router("mlp", {{"training", {{"epochs", 1}}}});
  CHECK(modelsat::test::error_message([&] { router.fit(small.train, &validation); }) ==
        "router/mlp: fit: the validation set has other candidates than the training set (expected 4 models, "
        "got 3)");
}
