// A small pre-norm transformer stack (causal or bidirectional, learned or rotary positions) shared by the tiny
// transformer backbone, the transformer encoder and the Model-SAT router's built-in backbone.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <array>
#include <cstdint>
#include <string>

namespace modelsat::nn {

enum class PositionKind { learned, rotary };

/// Parses "learned" or "rotary"; throws ConfigError naming where otherwise.
PositionKind parse_position_kind(const std::string& text, const std::string& where);
const char* to_string(PositionKind kind);

struct TransformerConfig {
  int64_t layers = 2;
  int64_t width = 64;         ///< model width; divisible by heads (and head width even for rotary positions)
  int64_t heads = 4;
  int64_t context = 128;      ///< longest sequence forward() accepts
  int64_t ffn_multiplier = 4; ///< feed-forward width = ffn_multiplier * width
  double dropout = 0.0;       ///< on attention weights and residual branches; draws from torch's global generator
  PositionKind positions = PositionKind::learned;
  bool causal = true;         ///< position i attends to positions <= i only
};

/// Checks a config; throws ConfigError "<where>: <what> (expected X, got Y)".
void validate(const TransformerConfig& config, const std::string& where);

/// One block's keys (rotated) and values over n prefixes: [n, heads, p, head_width] each.
struct PrefixKeyValues {
  at::Tensor keys, values;
};

/// One pre-norm block: x + attn(ln(x)), then x + ffn(ln(x)).
class TransformerBlockImpl : public torch::nn::Module {
 public:
  explicit TransformerBlockImpl(const TransformerConfig& config);
  /// x: [n, t, width]; allowed: [n, 1, t, t] bool (query i may attend key j); cos/sin: [n, 1, t, head_width / 2] for rotary
  /// positions, undefined otherwise. Returns [n, t, width]. With `kept`, also stores this block's keys and values.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& allowed, const at::Tensor& cos, const at::Tensor& sin,
                     PrefixKeyValues* kept = nullptr);
  /// This block's keys and values of x alone, without running attention or the feed-forward.
  PrefixKeyValues keys_values(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
  /// Continuations of cached prefixes: x [n * c, s, width], rows i * c .. i * c + c - 1 continuing prefix i of
  /// `prefix`; allowed: [n * c, 1, s, p + s] bool over the prefix's keys, then the row's own; cos/sin as forward() for
  /// the continuation's positions. Returns [n * c, s, width].
  at::Tensor forward_after_prefix(const at::Tensor& x, const PrefixKeyValues& prefix, const at::Tensor& allowed,
                                  const at::Tensor& cos, const at::Tensor& sin);

 private:
  /// Queries, keys (rotated when cos is defined) and values of x: [n, heads, t, head_width] each.
  std::array<at::Tensor, 3> project(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
  /// The output projection, residual and feed-forward around attended [n, heads, t, head_width].
  at::Tensor finish(const at::Tensor& x, const at::Tensor& attended);

  TransformerConfig config_;
  torch::nn::LayerNorm norm_attention_{nullptr}, norm_ffn_{nullptr};
  torch::nn::Linear qkv_{nullptr}, out_{nullptr}, up_{nullptr}, down_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(TransformerBlock);

/// Positions + blocks + final layer norm. Not thread-safe in training mode; forward() in eval mode is read-only.
class TransformerStackImpl : public torch::nn::Module {
 public:
  explicit TransformerStackImpl(const TransformerConfig& config);
  /// x: [n, t, width] float32 (t <= context); mask: [n, t] bool, true = real position (padded keys are never
  /// attended to; outputs at padded positions are defined but meaningless). Position ids count real tokens, so
  /// padding never changes the outputs at real positions. Returns [n, t, width] on x's device.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& mask);
  /// Causal stacks only: prefixes [n, p, width] with prefix_mask [n, p], continuations [n, c, s, width] with mask
  /// [n, c, s]. Each prefix runs once; its c continuations attend to its cached keys and values. Returns
  /// [n, c, s, width], what forward() gives at the continuation's positions of the rows [prefix i; continuation (i, j)]
  /// up to float rounding. Throws Error when p + s exceeds the context or the stack is bidirectional.
  at::Tensor forward_shared_prefix(const at::Tensor& prefix, const at::Tensor& prefix_mask, const at::Tensor& x,
                                   const at::Tensor& mask);
  const TransformerConfig& config() const { return config_; }

 private:
  /// x + learned position embeddings, or x unchanged with cos/sin set for rotary positions ([rows, t] ids).
  at::Tensor add_positions(const at::Tensor& x, const at::Tensor& positions, at::Tensor& cos, at::Tensor& sin);

  TransformerConfig config_;
  torch::nn::Embedding position_{nullptr};  ///< learned positions only
  torch::nn::ModuleList blocks_{nullptr};
  torch::nn::LayerNorm norm_final_{nullptr};
};
TORCH_MODULE(TransformerStack);

}  // namespace modelsat::nn
