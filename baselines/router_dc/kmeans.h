// Seeded k-means (Lloyd's algorithm) on embedding rows: the query clusters of RouterDC's sample-sample loss.
#pragma once

#include <modelsat/rng.h>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace baselines {

/// Cluster index in [0, k) of every row of x [n, d] (float32), after `iterations` Lloyd steps from k distinct rows
/// drawn with rng. k is capped at n.
std::vector<int64_t> kmeans_labels(const at::Tensor& x, int64_t k, int64_t iterations, modelsat::Rng& rng);

}  // namespace baselines
