// Builds the tiny seeded routing set used by contract tests.
#include "tiny_routing_set.h"

#include "modelsat/rng.h"

#include <ATen/ATen.h>

#include <cmath>

namespace modelsat::test {

RoutingSet make_tiny_routing_set(uint64_t seed, int64_t n_queries, int64_t n_models, int64_t n_topics,
                                 int64_t embedding_dim) {
  Rng rng(seed);
  std::vector<std::vector<double>> centroids(static_cast<size_t>(n_topics));
  for (auto& centroid : centroids) {
    for (int64_t d = 0; d < embedding_dim; ++d) centroid.push_back(rng.normal());
  }
  std::vector<std::vector<double>> skill(static_cast<size_t>(n_models));
  for (auto& row : skill) {
    for (int64_t t = 0; t < n_topics; ++t) row.push_back(1.5 * rng.normal());
  }

  RoutingSet set;
  set.correct = at::zeros({n_queries, n_models}, at::kFloat);
  set.queries.embeddings = at::zeros({n_queries, embedding_dim}, at::kFloat);
  auto correct = set.correct.accessor<float, 2>();
  auto embeddings = set.queries.embeddings.accessor<float, 2>();
  for (int64_t q = 0; q < n_queries; ++q) {
    const int64_t topic = q % n_topics;
    const double difficulty = rng.normal();
    set.queries.ids.push_back("q" + std::to_string(q));
    set.queries.texts.push_back("question " + std::to_string(q) + " about topic " + std::to_string(topic));
    set.queries.categories.push_back("topic" + std::to_string(topic));
    set.sources.push_back("source" + std::to_string(topic));
    for (int64_t d = 0; d < embedding_dim; ++d) {
      embeddings[q][d] = static_cast<float>(centroids[static_cast<size_t>(topic)][static_cast<size_t>(d)] + 0.3 * rng.normal());
    }
    for (int64_t m = 0; m < n_models; ++m) {
      const double logit = skill[static_cast<size_t>(m)][static_cast<size_t>(topic)] - difficulty;
      correct[q][m] = rng.uniform() < 1.0 / (1.0 + std::exp(-logit)) ? 1.0F : 0.0F;
    }
  }
  set.queries.gold_correct = set.correct.clone();
  Rng letters = rng.fork(0xA15);  // a separate stream, so the draws above do not depend on answers
  for (int64_t q = 0; q < n_queries; ++q) {
    const auto gold = static_cast<char>('A' + letters.below(4));
    for (int64_t m = 0; m < n_models; ++m) {
      const auto wrong = static_cast<char>('A' + (gold - 'A' + 1 + static_cast<int>(letters.below(3))) % 4);
      set.answers.emplace_back(1, correct[q][m] > 0.5F ? gold : wrong);
    }
  }
  set.queries.candidate_answers = set.answers;
  for (int64_t t = 0; t < n_topics; ++t) {
    set.candidates.task_descriptions.push_back("topic" + std::to_string(t));
    set.candidates.task_names.push_back("source" + std::to_string(t));
  }
  for (int64_t m = 0; m < n_models; ++m) {
    ModelCard card;
    card.name = "model_" + std::to_string(m);
    card.cost = 1.0 + static_cast<double>(m);
    for (int64_t t = 0; t < n_topics; ++t) {
      card.aptitude.push_back(static_cast<float>(1.0 / (1.0 + std::exp(-skill[static_cast<size_t>(m)][static_cast<size_t>(t)]))));
    }
    set.candidates.models.push_back(card);
  }
  return set;
}

}  // namespace modelsat::test
