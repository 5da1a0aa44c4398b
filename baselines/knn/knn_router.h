// KnnRouter: each candidate's correctness on the query's k nearest training queries (RouterBench / EmbedLLM kNN).
#pragma once

#include "similarity.h"

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

struct KnnConfig {
  int64_t k = 10;
  Metric metric = Metric::cosine;
  double smoothing = 1.0; ///< pseudo-neighbours carrying the model's overall training accuracy
};

/// score(q, m) = (sum of m's correctness on the k nearest training queries + smoothing * accuracy_m) / (k + smoothing),
/// a calibrated estimate of P(m correct | q). Neighbours by cosine similarity or Euclidean distance of the embeddings.
/// Keeps the training embeddings [n_train, d] and correctness [n_train, n_models] (on the context's device).
class KnnRouter final : public modelsat::Router {
 public:
  KnnRouter(KnnConfig config, at::Device device) : config_(config), device_(device) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  /// Throws modelsat::DataError when the training queries have no embeddings.
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  /// Throws modelsat::DataError when embeddings are missing or their width differs from fit time.
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  KnnConfig config_;
  at::Device device_;
  std::vector<std::string> models_;
  at::Tensor embeddings_; ///< [n_train, d]
  at::Tensor correct_;    ///< [n_train, n_models]
  at::Tensor prior_;      ///< [n_models]
};

extern const char* const kKnnSchema;

}  // namespace baselines
