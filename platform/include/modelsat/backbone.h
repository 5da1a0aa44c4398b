// The Backbone interface: a sequence model reading embeddings + mask and returning hidden states.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat {

class Backbone {
 public:
  virtual ~Backbone() = default;
  /// Width of the input embeddings forward() expects.
  virtual int64_t input_dim() const = 0;
  /// Width of the hidden states forward() returns.
  virtual int64_t hidden_dim() const = 0;
  /// embeds: [n, t, input_dim()] float32; mask: [n, t] bool, true = real position. Returns [n, t, hidden_dim()] on the
  /// device of embeds. Differentiable: routers train through it.
  virtual at::Tensor forward(const at::Tensor& embeds, const at::Tensor& mask) = 0;
  /// Trainable tensors, for the platform's optimizer. Owned by the backbone; valid while it lives.
  virtual std::vector<at::Tensor> parameters() = 0;
  /// Switches dropout and similar layers between training and evaluation behaviour.
  virtual void set_training(bool training) = 0;
  /// Moves every parameter to device ("cpu", "cuda", "cuda:1").
  virtual void to_device(const std::string& device) = 0;
  /// Writes the weights to path (atomically) / restores them.
  virtual void save(const std::string& path) const = 0;
  virtual void load(const std::string& path) = 0;
};

}  // namespace modelsat
