// Query-to-reference similarity: cosine or negative Euclidean distance.
#include "similarity.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

namespace baselines {

Metric metric_from_name(const std::string& name) {
  if (name == "cosine") return Metric::cosine;
  if (name == "l2") return Metric::l2;
  throw modelsat::ConfigError("metric: unknown distance (expected \"cosine\" or \"l2\", got \"" + name + "\")");
}

at::Tensor similarity(const at::Tensor& queries, const at::Tensor& references, Metric metric) {
  if (metric == Metric::l2) return -at::cdist(queries, references);
  const at::Tensor a = queries / queries.norm(2, {1}, true).clamp_min(1e-12);
  const at::Tensor b = references / references.norm(2, {1}, true).clamp_min(1e-12);
  return a.matmul(b.t());
}

}  // namespace baselines
