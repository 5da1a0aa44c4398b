// Input checks shared by the baseline routers: correctness matrices, embeddings, and candidate-to-column mapping.
#pragma once

#include <modelsat/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace baselines {

/// Checks that train.correct is a non-empty [n_queries, n_models] float matrix matching the candidates and returns it
/// as a contiguous float32 CPU tensor. Throws modelsat::DataError "<router>: fit: ..." otherwise.
at::Tensor checked_correct(const std::string& router, const modelsat::RoutingSet& train);

/// Checks that batch.embeddings is defined, 2-d, one row per query and expected_dim wide (expected_dim < 0: any width).
/// Returns it as contiguous float32 on CPU. Throws modelsat::DataError
/// "<router>: <operation>: ... (expected X, got Y)".
at::Tensor checked_embeddings(const std::string& router, const std::string& operation,
                              const modelsat::QueryBatch& batch, int64_t expected_dim);

/// The names of the candidates, in column order.
std::vector<std::string> model_names(const modelsat::CandidateSet& candidates);

/// For each candidate, its column among the fitted models (matched by name). Throws modelsat::DataError
/// "<router>: score: unknown candidate '<name>' ..." for a model the router was not fitted on.
std::vector<int64_t> candidate_columns(const std::string& router, const std::vector<std::string>& fitted_models,
                                       const modelsat::CandidateSet& candidates);

/// matrix[:, columns] for a [rows, n_fitted] tensor; the result is [rows, columns.size()] float32, contiguous, on CPU.
at::Tensor select_columns(const at::Tensor& matrix, const std::vector<int64_t>& columns);

/// Throws modelsat::Error "<router>: <operation>: called before fit() or load()" unless fitted.
void require_fitted(bool fitted, const std::string& router, const std::string& operation);

}  // namespace baselines
