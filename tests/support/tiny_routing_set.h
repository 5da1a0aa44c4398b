// A tiny seeded routing set for contract tests: queries in a few topics, models with per-topic skills.
#pragma once

#include "modelsat/types.h"

#include <cstdint>

namespace modelsat::test {

/// n_queries queries spread over n_topics topics (category "topic<t>", source "source<t>"; the text names the topic),
/// n_models models. Correctness is Bernoulli(sigmoid(skill[m][topic] -
/// difficulty[q])) with seeded draws; embeddings [n_queries, embedding_dim] are a topic centroid plus noise; each model
/// gets an aptitude vector of n_topics per-topic accuracies and a cost. Every model answers a letter A-D (the gold
/// letter when correct), so answers, queries.candidate_answers and queries.gold_correct (= correct) are filled for
/// routers that read them (oracle, vote). Identical for identical arguments.
RoutingSet make_tiny_routing_set(uint64_t seed, int64_t n_queries = 48, int64_t n_models = 4, int64_t n_topics = 3,
                                 int64_t embedding_dim = 8);

}  // namespace modelsat::test
