// Base of the gradient-trained baselines: BCE on per-model correctness, parameters drawn from the seeded Rng.
#include "correctness_trainable.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

#include <limits>

namespace baselines {

void CorrectnessTrainable::set_data(at::Tensor train_x, at::Tensor train_y, at::Tensor validation_x,
                                    at::Tensor validation_y) {
  train_x_ = std::move(train_x);
  train_y_ = std::move(train_y);
  validation_x_ = std::move(validation_x);
  validation_y_ = std::move(validation_y);
}

void CorrectnessTrainable::release_data() {
  train_x_ = at::Tensor();
  train_y_ = at::Tensor();
  validation_x_ = at::Tensor();
  validation_y_ = at::Tensor();
}

at::Tensor CorrectnessTrainable::probabilities(const at::Tensor& x) const { return logits(x).sigmoid(); }

std::vector<modelsat::ParamGroup> CorrectnessTrainable::param_groups() {
  modelsat::ParamGroup group;
  for (const auto& named : named_parameters()) group.params.push_back(*named.second);
  return {group};
}

int64_t CorrectnessTrainable::n_examples() const { return train_x_.defined() ? train_x_.size(0) : 0; }

at::Tensor CorrectnessTrainable::batch_loss(const std::vector<int64_t>& batch, modelsat::Rng& /*rng*/) {
  const at::Tensor index = at::tensor(batch, at::kLong).to(train_x_.device());
  return at::binary_cross_entropy_with_logits(logits(train_x_.index_select(0, index)),
                                              train_y_.index_select(0, index));
}

double CorrectnessTrainable::validation_loss() {
  if (!validation_x_.defined()) return std::numeric_limits<double>::quiet_NaN();
  return at::binary_cross_entropy_with_logits(logits(validation_x_), validation_y_).item<double>();
}

at::Tensor random_parameter(modelsat::Rng& rng, const std::vector<int64_t>& shape, double bound,
                            const at::Device& device) {
  at::Tensor values = at::empty(shape, at::kFloat);
  float* data = values.data_ptr<float>();
  for (int64_t i = 0; i < values.numel(); ++i) data[i] = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
  return values.to(device).set_requires_grad(true);
}

void store_parameters(CorrectnessTrainable& net, std::map<std::string, at::Tensor>& tensors) {
  for (const auto& [name, parameter] : net.named_parameters()) tensors[name] = parameter->detach().to(at::kCPU).clone();
  for (const auto& [name, buffer] : net.named_buffers()) tensors[name] = buffer->to(at::kCPU).clone();
}

void restore_parameters(CorrectnessTrainable& net, const std::map<std::string, at::Tensor>& tensors,
                        const at::Device& device, const std::string& path) {
  for (const auto& [name, parameter] : net.named_parameters()) {
    const auto it = tensors.find(name);
    if (it == tensors.end()) throw modelsat::DataError(path + ": the state file has no parameter '" + name + "'");
    if (it->second.sizes() != parameter->sizes()) {
      throw modelsat::DataError(path + ": parameter '" + name + "' has the wrong shape (expected " +
                                c10::str(parameter->sizes()) + ", got " + c10::str(it->second.sizes()) + ")");
    }
    *parameter = it->second.to(device, at::kFloat).clone().set_requires_grad(true);
  }
  for (const auto& [name, buffer] : net.named_buffers()) {
    const auto it = tensors.find(name);
    if (it == tensors.end()) throw modelsat::DataError(path + ": the state file has no tensor '" + name + "'");
    *buffer = it->second.to(device).clone();
  }
}

}  // namespace baselines
