// psi: a two-layer MLP over [description; accuracy; accuracy * description] per task.
#include "capability_encoder.h"

#include <ATen/ATen.h>

namespace modelsat::msat {

CapabilityEncoderImpl::CapabilityEncoderImpl(int64_t description_dim, int64_t width) {
  first_ = register_module("first", torch::nn::Linear(2 * description_dim + 1, width));
  second_ = register_module("second", torch::nn::Linear(width, width));
}

at::Tensor CapabilityEncoderImpl::forward(const at::Tensor& descriptions, const at::Tensor& accuracy) {
  const int64_t n_models = accuracy.size(0), n_tasks = accuracy.size(1);
  const at::Tensor d = descriptions.unsqueeze(0).expand({n_models, n_tasks, descriptions.size(1)});
  const at::Tensor a = accuracy.unsqueeze(-1);  // [n_models, n_tasks, 1]
  return second_(at::gelu(first_(at::cat({d, a, a * d}, -1))));
}

}  // namespace modelsat::msat
