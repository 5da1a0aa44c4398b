// Turns an experiment's data into the QueryBatch, CandidateSet and RoutingSet values routers consume.
#pragma once

#include "modelsat/experiment/experiment_data.h"
#include "modelsat/router.h"

#include <vector>

namespace modelsat::experiment {

/// What the host reveals to a router beyond the question: the gold outcomes (oracle) or the candidates' answers
/// (post-generation routers), according to its RouterCaps.
struct Disclosure {
  bool gold = false;
  bool answers = false;
};

/// The candidates at `columns` (zoo column indices) with names, costs and aptitude vectors.
CandidateSet make_candidates(const ExperimentData& data, const std::vector<size_t>& columns);

/// The questions at `rows`. embeddings: [data.dataset.n_questions(), d] for every row of the dataset, or undefined.
QueryBatch make_queries(const ExperimentData& data, const std::vector<size_t>& rows, const at::Tensor& embeddings,
                        const std::vector<size_t>& columns, Disclosure disclosure);

/// Queries at rows, candidates at columns, and their [rows, columns] correctness matrix (float32).
RoutingSet make_routing_set(const ExperimentData& data, const std::vector<size_t>& rows,
                            const std::vector<size_t>& columns, const at::Tensor& embeddings, Disclosure disclosure);

}  // namespace modelsat::experiment
