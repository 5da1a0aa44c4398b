// Per-model accuracy on a training split, overall and per group (category), smoothed so that small counts stay sane.
#pragma once

#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace baselines {

/// Laplace-smoothed accuracy of each model: (hits + smoothing) / (n_queries + 2 smoothing). correct is
/// [n_queries, n_models] float32 on CPU; returns [n_models] float32.
at::Tensor smoothed_accuracy(const at::Tensor& correct, double smoothing);

/// Hits of each model within each group of queries (groups[q] labels row q) and the group's number of queries:
/// group -> {[n_models] float64, n_g}. correct is [n_queries, n_models] float32 on CPU.
std::map<std::string, std::pair<at::Tensor, double>> group_hits(const at::Tensor& correct,
                                                                const std::vector<std::string>& groups);

/// Accuracy of each model within each group of queries (groups[q] labels row q), shrunk towards overall [n_models]:
/// (hits_g + strength * overall) / (n_g + strength). Returns group -> [n_models] float32.
std::map<std::string, at::Tensor> group_accuracy(const at::Tensor& correct, const std::vector<std::string>& groups,
                                                 const at::Tensor& overall, double strength);

}  // namespace baselines
