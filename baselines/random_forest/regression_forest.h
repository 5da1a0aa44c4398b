// A native multi-output regression forest (bagged CART trees with random feature subsets), seeded and serialisable.
#pragma once

#include <modelsat/rng.h>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>

namespace baselines {

struct ForestConfig {
  int64_t n_trees = 50;
  int64_t max_depth = 8;
  int64_t min_samples_leaf = 5;
  int64_t features_per_split = 0; ///< features tried at each split; 0 = round(sqrt(d))
  bool bootstrap = true;          ///< each tree sees a bootstrap sample of the rows
};

/// Each tree splits on the feature/threshold that most reduces the summed squared error over all outputs (one tree
/// serves all models, like scikit-learn's multi-output RandomForestRegressor); a leaf predicts the mean output row.
/// The forest predicts the mean of its trees. Nodes are stored flat: tree t's root is node roots[t].
class RegressionForest {
 public:
  /// x [n, d], y [n, n_outputs], float32 CPU. Deterministic for a given rng state.
  void fit(const at::Tensor& x, const at::Tensor& y, const ForestConfig& config, modelsat::Rng& rng);
  /// [n, n_outputs] mean leaf values for x [n, d] float32 CPU.
  at::Tensor predict(const at::Tensor& x) const;
  bool empty() const { return !roots_.defined(); }
  /// The flat arrays, for state files: roots, feature, threshold, left, right, value.
  std::map<std::string, at::Tensor> tensors() const;
  /// Restores from tensors(); path names the file in modelsat::DataError when an array is missing or inconsistent.
  void restore(const std::map<std::string, at::Tensor>& tensors, const std::string& path);

 private:
  at::Tensor roots_;     ///< [n_trees] int64
  at::Tensor feature_;   ///< [n_nodes] int64, -1 for a leaf
  at::Tensor threshold_; ///< [n_nodes] float32: go left when x[feature] <= threshold
  at::Tensor left_;      ///< [n_nodes] int64
  at::Tensor right_;     ///< [n_nodes] int64
  at::Tensor value_;     ///< [n_nodes, n_outputs] float32 mean output at the node
};

}  // namespace baselines
