// Input checks shared by the baseline routers.
#include "routing_checks.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

#include <unordered_map>

namespace baselines {

at::Tensor checked_correct(const std::string& router, const modelsat::RoutingSet& train) {
  const int64_t n_models = train.candidates.size();
  const int64_t n_queries = train.queries.size();
  const std::string where = router + ": fit: ";
  if (n_models == 0) throw modelsat::DataError(where + "the training set has no candidate models");
  if (n_queries == 0) throw modelsat::DataError(where + "the training set has no queries");
  if (!train.correct.defined() || train.correct.dim() != 2 || train.correct.size(0) != n_queries ||
      train.correct.size(1) != n_models) {
    const std::string got = train.correct.defined() ? c10::str(train.correct.sizes()) : std::string("undefined");
    throw modelsat::DataError(where + "the correctness matrix does not match the queries and candidates (expected [" +
                              std::to_string(n_queries) + ", " + std::to_string(n_models) + "], got " + got + ")");
  }
  return train.correct.to(at::kCPU, at::kFloat).contiguous();
}

at::Tensor checked_embeddings(const std::string& router, const std::string& operation,
                              const modelsat::QueryBatch& batch, int64_t expected_dim) {
  const std::string where = router + ": " + operation + ": ";
  if (!batch.embeddings.defined()) {
    throw modelsat::DataError(where + "the queries have no embeddings: this router reads them, so the experiment needs "
                              "an encoder (expected [" + std::to_string(batch.size()) + ", d], got undefined)");
  }
  if (batch.embeddings.dim() != 2 || batch.embeddings.size(0) != batch.size()) {
    throw modelsat::DataError(where + "the embeddings need one row per query (expected [" +
                              std::to_string(batch.size()) + ", d], got " + c10::str(batch.embeddings.sizes()) + ")");
  }
  if (expected_dim >= 0 && batch.embeddings.size(1) != expected_dim) {
    throw modelsat::DataError(where + "the embedding width differs from the one the router was fitted on (expected " +
                              std::to_string(expected_dim) + ", got " + std::to_string(batch.embeddings.size(1)) + ")");
  }
  return batch.embeddings.to(at::kCPU, at::kFloat).contiguous();
}

std::vector<std::string> model_names(const modelsat::CandidateSet& candidates) {
  std::vector<std::string> names;
  names.reserve(candidates.models.size());
  for (const auto& model : candidates.models) names.push_back(model.name);
  return names;
}

std::vector<int64_t> candidate_columns(const std::string& router, const std::vector<std::string>& fitted_models,
                                       const modelsat::CandidateSet& candidates) {
  std::unordered_map<std::string, int64_t> column_of;
  for (size_t m = 0; m < fitted_models.size(); ++m) column_of.emplace(fitted_models[m], static_cast<int64_t>(m));
  std::vector<int64_t> columns;
  columns.reserve(candidates.models.size());
  for (const auto& model : candidates.models) {
    const auto it = column_of.find(model.name);
    if (it == column_of.end()) {
      throw modelsat::DataError(router + ": score: unknown candidate '" + model.name +
                                "': this router scores only the models it was fitted on (expected one of " +
                                std::to_string(fitted_models.size()) + " fitted models, got a new one)");
    }
    columns.push_back(it->second);
  }
  return columns;
}

at::Tensor select_columns(const at::Tensor& matrix, const std::vector<int64_t>& columns) {
  const at::Tensor index = at::tensor(columns, at::kLong).to(matrix.device());
  return matrix.index_select(1, index).to(at::kCPU, at::kFloat).contiguous();
}

void require_fitted(bool fitted, const std::string& router, const std::string& operation) {
  if (!fitted) throw modelsat::Error(router + ": " + operation + ": called before fit() or load()");
}

}  // namespace baselines
