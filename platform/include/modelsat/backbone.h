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
  /// Shared prefixes: prefix_embeds [n, p, input_dim()] with prefix_mask [n, p] bool, and continuations
  /// [n, c, s, input_dim()] with mask [n, c, s] bool (c continuations per prefix). Returns [n, c, s, hidden_dim()]:
  /// the hidden states forward() gives at the continuation's positions of each row [prefix i; continuation (i, j)],
  /// up to float rounding. The default builds those n * c rows and calls forward(); a causal backbone overrides it to
  /// run each prefix once and let its continuations read the prefix's cached keys and values. Throws Error on shapes
  /// that disagree (naming both).
  virtual at::Tensor forward_shared_prefix(const at::Tensor& prefix_embeds, const at::Tensor& prefix_mask,
                                           const at::Tensor& embeds, const at::Tensor& mask);
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

/// Checks forward_shared_prefix's arguments: prefix_embeds [n, p, width], prefix_mask [n, p], embeds [n, c, s, width],
/// mask [n, c, s], with p, c, s >= 1. Throws Error "<where>: forward_shared_prefix: <what> (expected X, got Y)".
void check_shared_prefix_shapes(const std::string& where, int64_t width, const at::Tensor& prefix_embeds,
                                const at::Tensor& prefix_mask, const at::Tensor& embeds, const at::Tensor& mask);

}  // namespace modelsat
