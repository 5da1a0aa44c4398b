// Per-model Platt scaling: P(correct) = sigmoid(a_m * s + b_m) fitted by Newton's method on training scores.
#pragma once

#include <ATen/core/Tensor.h>

#include <utility>

namespace baselines {

/// scores and labels are [n, n_models] (float32, same device); returns (a, b), each [n_models] float32, maximising the
/// Bernoulli likelihood of labels under sigmoid(a * scores + b) with a small ridge penalty (keeps separable data finite).
std::pair<at::Tensor, at::Tensor> fit_platt(const at::Tensor& scores, const at::Tensor& labels);

}  // namespace baselines
