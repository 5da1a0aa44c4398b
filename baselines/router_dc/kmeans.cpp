// Seeded k-means on embedding rows.
#include "kmeans.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <numeric>

namespace baselines {

std::vector<int64_t> kmeans_labels(const at::Tensor& x, int64_t k, int64_t iterations, modelsat::Rng& rng) {
  const at::Tensor data = x.to(at::kCPU, at::kFloat).contiguous();
  const int64_t n = data.size(0);
  k = std::min(k, n);
  std::vector<int64_t> rows(static_cast<size_t>(n));
  std::iota(rows.begin(), rows.end(), 0);
  rng.shuffle(rows);
  rows.resize(static_cast<size_t>(k));
  at::Tensor centres = data.index_select(0, at::tensor(rows, at::kLong));
  at::Tensor labels = at::zeros({n}, at::kLong);
  for (int64_t step = 0; step < iterations; ++step) {
    labels = at::cdist(data, centres).argmin(1);
    for (int64_t c = 0; c < k; ++c) {
      const at::Tensor members = labels.eq(c);
      if (members.any().item<bool>()) centres[c].copy_(data.index_select(0, members.nonzero().squeeze(1)).mean(0));
    }
  }
  labels = labels.contiguous();
  return std::vector<int64_t>(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + n);
}

}  // namespace baselines
