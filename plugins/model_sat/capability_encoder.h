// The capability encoder psi: aptitude results (task-description vector + accuracy per task) -> capability vectors.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <cstdint>

namespace modelsat::msat {

/// psi_t = W2 gelu(W1 [d_t; a_t; a_t * d_t] + b1) + b2 for every task t: the accuracy scales the task's description
/// vector, so the same accuracy on different tasks gives different vectors.
class CapabilityEncoderImpl : public torch::nn::Module {
 public:
  CapabilityEncoderImpl(int64_t description_dim, int64_t width);
  /// descriptions: [n_tasks, description_dim]; accuracy: [n_models, n_tasks] in [0, 1].
  /// Returns [n_models, n_tasks, width] on the module's device.
  at::Tensor forward(const at::Tensor& descriptions, const at::Tensor& accuracy);

 private:
  torch::nn::Linear first_{nullptr}, second_{nullptr};
};
TORCH_MODULE(CapabilityEncoder);

}  // namespace modelsat::msat
