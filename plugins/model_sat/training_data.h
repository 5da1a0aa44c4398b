// TrainingData: who answered what, indexed for sampling capability-instruction groups and pointwise pairs.
#pragma once

#include <modelsat/rng.h>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace modelsat::msat {

/// Built from a [n_queries, n_models] correctness matrix (values >= 0.5 count as correct).
class TrainingData {
 public:
  /// power: a group's model is drawn with probability proportional to accuracy^power among models that have both
  /// right and wrong answers. Throws DataError when no model has both (nothing to contrast).
  TrainingData(const at::Tensor& correct, double power, const char* where);
  int64_t n_queries() const { return n_queries_; }
  int64_t n_models() const { return n_models_; }
  bool correct(int64_t query, int64_t model) const { return correct_[static_cast<size_t>(query * n_models_ + model)] != 0; }
  /// A model for a model-sharing group (weighted by accuracy).
  int64_t sample_model(Rng& rng) const;
  /// 1 query the model got right followed by k-1 it got wrong (drawn with replacement when it has fewer).
  std::vector<int64_t> sample_model_group(int64_t model, int64_t k, Rng& rng) const;
  /// For a mixed-model group: a query some models got right and some wrong, then 1 right model and k-1 wrong ones.
  /// Returns false when no query has both.
  bool sample_instruction_group(int64_t k, Rng& rng, int64_t& query, std::vector<int64_t>& models) const;

 private:
  int64_t n_queries_ = 0;
  int64_t n_models_ = 0;
  std::vector<uint8_t> correct_;
  std::vector<std::vector<int64_t>> right_, wrong_;             ///< per model: queries
  std::vector<std::vector<int64_t>> right_models_, wrong_models_; ///< per query: models
  std::vector<int64_t> mixed_queries_;
  std::vector<int64_t> eligible_models_;
  std::vector<double> cumulative_;  ///< [eligible] cumulative sampling weights
};

}  // namespace modelsat::msat
