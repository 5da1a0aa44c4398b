// Query-to-reference similarity for neighbour-based routers: cosine similarity or negative Euclidean distance.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

namespace baselines {

enum class Metric { cosine, l2 };

/// "cosine" or "l2"; anything else throws modelsat::ConfigError (the host's schema enum normally prevents it).
Metric metric_from_name(const std::string& name);

/// [n, k] similarities of queries [n, d] to references [k, d] (both float32, same device): cosine similarity in
/// [-1, 1], or minus the Euclidean distance for l2. Higher is more similar in both cases.
at::Tensor similarity(const at::Tensor& queries, const at::Tensor& references, Metric metric);

}  // namespace baselines
