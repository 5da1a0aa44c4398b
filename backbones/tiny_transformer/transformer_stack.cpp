// Pre-norm transformer blocks with masked multi-head attention and learned or rotary positions.
#include "transformer_stack.h"

#include <modelsat/backbone.h>
#include <modelsat/error.h>

#include <ATen/ATen.h>

#include <cmath>

namespace modelsat::nn {
namespace {

/// Large negative instead of -inf: a row with no allowed key gives uniform weights instead of NaN.
constexpr double kMaskedScore = -1e9;

/// x: [n, heads, t, head_width]; rotates the two halves of each head by position-dependent angles.
at::Tensor rotate(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  const int64_t half = x.size(-1) / 2;
  const at::Tensor x1 = x.narrow(-1, 0, half);
  const at::Tensor x2 = x.narrow(-1, half, half);
  return at::cat({x1 * cos - x2 * sin, x1 * sin + x2 * cos}, -1);
}

/// Position ids that count real tokens only along the last dimension, after `offset` earlier real tokens (undefined =
/// none; broadcast against real): [..., t] long.
at::Tensor real_positions(const at::Tensor& real, const at::Tensor& offset = at::Tensor()) {
  at::Tensor count = real.to(at::kLong).cumsum(-1);
  if (offset.defined()) count = offset + count;
  return (count - 1).clamp_min(0);
}

/// Query i may attend key j <= i: [1, 1, t, t] bool.
at::Tensor causal_pairs(int64_t t, const at::TensorOptions& options) {
  return at::ones({t, t}, options.dtype(at::kBool)).tril().view({1, 1, t, t});
}

}  // namespace

PositionKind parse_position_kind(const std::string& text, const std::string& where) {
  if (text == "learned") return PositionKind::learned;
  if (text == "rotary") return PositionKind::rotary;
  throw ConfigError(where + ": unknown position encoding (expected \"learned\" or \"rotary\", got \"" + text + "\")");
}

const char* to_string(PositionKind kind) { return kind == PositionKind::rotary ? "rotary" : "learned"; }

void validate(const TransformerConfig& config, const std::string& where) {
  const auto require = [&](bool ok, const std::string& what) {
    if (!ok) throw ConfigError(where + ": " + what);
  };
  require(config.layers >= 1, "layers must be >= 1 (got " + std::to_string(config.layers) + ")");
  require(config.heads >= 1 && config.width % config.heads == 0,
          "width must be divisible by heads (expected width % heads == 0, got width " + std::to_string(config.width) +
              ", heads " + std::to_string(config.heads) + ")");
  require(config.positions != PositionKind::rotary || (config.width / config.heads) % 2 == 0,
          "rotary positions need an even head width (got width / heads = " +
              std::to_string(config.width / config.heads) + ")");
  require(config.context >= 1, "context must be >= 1 (got " + std::to_string(config.context) + ")");
}

TransformerBlockImpl::TransformerBlockImpl(const TransformerConfig& config) : config_(config) {
  const int64_t w = config.width;
  norm_attention_ = register_module("norm_attention", torch::nn::LayerNorm(torch::nn::LayerNormOptions({w})));
  norm_ffn_ = register_module("norm_ffn", torch::nn::LayerNorm(torch::nn::LayerNormOptions({w})));
  qkv_ = register_module("qkv", torch::nn::Linear(w, 3 * w));
  out_ = register_module("out", torch::nn::Linear(w, w));
  up_ = register_module("up", torch::nn::Linear(w, config.ffn_multiplier * w));
  down_ = register_module("down", torch::nn::Linear(config.ffn_multiplier * w, w));
  dropout_ = register_module("dropout", torch::nn::Dropout(config.dropout));
}

std::array<at::Tensor, 3> TransformerBlockImpl::project(const at::Tensor& x, const at::Tensor& cos,
                                                        const at::Tensor& sin) {
  const int64_t n = x.size(0), t = x.size(1), heads = config_.heads, head_width = config_.width / config_.heads;
  const at::Tensor qkv = qkv_(norm_attention_(x)).view({n, t, 3, heads, head_width}).permute({2, 0, 3, 1, 4});
  at::Tensor q = qkv[0], k = qkv[1];  // [n, heads, t, head_width]
  if (cos.defined()) {
    q = rotate(q, cos, sin);
    k = rotate(k, cos, sin);
  }
  return {q, k, qkv[2]};
}

at::Tensor TransformerBlockImpl::finish(const at::Tensor& x, const at::Tensor& attended) {
  const at::Tensor h = x + dropout_(out_(attended.permute({0, 2, 1, 3}).reshape({x.size(0), x.size(1), config_.width})));
  return h + dropout_(down_(at::gelu(up_(norm_ffn_(h)))));
}

at::Tensor TransformerBlockImpl::forward(const at::Tensor& x, const at::Tensor& allowed, const at::Tensor& cos,
                                         const at::Tensor& sin, PrefixKeyValues* kept) {
  const auto [q, k, v] = project(x, cos, sin);
  if (kept != nullptr) *kept = PrefixKeyValues{k, v};
  at::Tensor scores = at::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(q.size(-1)));
  scores = scores.masked_fill(allowed.logical_not(), kMaskedScore);  // [n, heads, t, t]
  return finish(x, at::matmul(dropout_(at::softmax(scores, -1)), v));
}

PrefixKeyValues TransformerBlockImpl::keys_values(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  const auto [q, k, v] = project(x, cos, sin);
  return PrefixKeyValues{k, v};
}

at::Tensor TransformerBlockImpl::forward_after_prefix(const at::Tensor& x, const PrefixKeyValues& prefix,
                                                      const at::Tensor& allowed, const at::Tensor& cos,
                                                      const at::Tensor& sin) {
  const auto [q, k, v] = project(x, cos, sin);  // [n * c, heads, s, head_width]
  const int64_t rows = q.size(0), heads = q.size(1), s = q.size(2), head_width = q.size(3);
  const int64_t n = prefix.keys.size(0), c = rows / n, p = prefix.keys.size(2);
  // Each prefix's keys and values are read by its c continuations through broadcasting, never copied c times.
  const at::Tensor prefix_scores = at::matmul(q.view({n, c, heads, s, head_width}),
                                              prefix.keys.unsqueeze(1).transpose(-2, -1)).view({rows, heads, s, p});
  at::Tensor scores = at::cat({prefix_scores, at::matmul(q, k.transpose(-2, -1))}, -1) /
                      std::sqrt(static_cast<double>(head_width));
  scores = scores.masked_fill(allowed.logical_not(), kMaskedScore);  // [n * c, heads, s, p + s]
  const at::Tensor weights = dropout_(at::softmax(scores, -1));
  const at::Tensor from_prefix =
      at::matmul(weights.narrow(-1, 0, p).reshape({n, c, heads, s, p}), prefix.values.unsqueeze(1));
  return finish(x, from_prefix.view({rows, heads, s, head_width}) + at::matmul(weights.narrow(-1, p, s), v));
}

TransformerStackImpl::TransformerStackImpl(const TransformerConfig& config) : config_(config) {
  validate(config, "transformer");
  if (config.positions == PositionKind::learned) {
    position_ = register_module("position", torch::nn::Embedding(config.context, config.width));
  }
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < config.layers; ++i) blocks_->push_back(TransformerBlock(config));
  norm_final_ = register_module("norm_final", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})));
}

at::Tensor TransformerStackImpl::forward(const at::Tensor& x, const at::Tensor& mask) {
  if (x.dim() != 3 || x.size(2) != config_.width || mask.dim() != 2 || mask.size(0) != x.size(0) ||
      mask.size(1) != x.size(1)) {
    throw Error("transformer: forward: bad input shapes (expected x [n, t, " + std::to_string(config_.width) +
                "] and mask [n, t], got x " + std::to_string(x.dim()) + "-d, mask " + std::to_string(mask.dim()) + "-d)");
  }
  const int64_t n = x.size(0), t = x.size(1);
  if (t > config_.context) {
    throw Error("transformer: forward: sequence longer than the context (expected <= " +
                std::to_string(config_.context) + " positions, got " + std::to_string(t) + ")");
  }
  // Positions count real tokens only, so padding (anywhere in a row) never changes the outputs of real positions.
  const at::Tensor positions = real_positions(mask).to(x.device());  // [n, t]
  at::Tensor cos, sin;
  at::Tensor h = add_positions(x, positions, cos, sin);
  at::Tensor allowed = mask.to(at::kBool).view({n, 1, 1, t});
  if (config_.causal) allowed = allowed & causal_pairs(t, mask.options());
  for (const auto& block : *blocks_) h = block->as<TransformerBlock>()->forward(h, allowed, cos, sin);
  return norm_final_(h);
}

at::Tensor TransformerStackImpl::add_positions(const at::Tensor& x, const at::Tensor& positions, at::Tensor& cos,
                                               at::Tensor& sin) {
  if (config_.positions == PositionKind::learned) return x + position_(positions);
  const auto options = x.options();
  const int64_t head_width = config_.width / config_.heads;
  const at::Tensor inv_freq = at::pow(10000.0, -at::arange(0, head_width, 2, options) / static_cast<double>(head_width));
  const at::Tensor angles = positions.to(options.dtype()).unsqueeze(-1) * inv_freq;  // [rows, t, head_width / 2]
  cos = angles.cos().unsqueeze(1);  // [rows, 1, t, head_width / 2]
  sin = angles.sin().unsqueeze(1);
  return x;
}

at::Tensor TransformerStackImpl::forward_shared_prefix(const at::Tensor& prefix, const at::Tensor& prefix_mask,
                                                       const at::Tensor& x, const at::Tensor& mask) {
  check_shared_prefix_shapes("transformer", config_.width, prefix, prefix_mask, x, mask);
  if (!config_.causal) {
    throw Error("transformer: forward_shared_prefix: a bidirectional stack cannot reuse a prefix (expected a causal "
                "stack, got causal = false)");
  }
  const int64_t n = x.size(0), c = x.size(1), s = x.size(2), p = prefix.size(1), rows = n * c;
  if (p + s > config_.context) {
    throw Error("transformer: forward_shared_prefix: prefix and continuation longer than the context (expected <= " +
                std::to_string(config_.context) + " positions, got " + std::to_string(p) + " + " + std::to_string(s) +
                ")");
  }
  const at::Device device = x.device();
  const at::Tensor real_prefix = prefix_mask.to(device, at::kBool);
  const at::Tensor real = mask.to(device, at::kBool);
  const at::Tensor prefix_positions = real_positions(real_prefix);  // [n, p]
  const at::Tensor prefix_count = real_prefix.to(at::kLong).sum(1).view({n, 1, 1});
  const at::Tensor positions = real_positions(real, prefix_count).view({rows, s});

  at::Tensor prefix_cos, prefix_sin, cos, sin;
  at::Tensor h_prefix = add_positions(prefix, prefix_positions, prefix_cos, prefix_sin);
  at::Tensor h = add_positions(x.reshape({rows, s, config_.width}), positions, cos, sin);
  const at::Tensor prefix_allowed = real_prefix.view({n, 1, 1, p}) & causal_pairs(p, real.options());
  const at::Tensor own_allowed = real.view({rows, 1, 1, s}) & causal_pairs(s, real.options());
  const at::Tensor allowed = at::cat(
      {real_prefix.view({n, 1, 1, 1, p}).expand({n, c, 1, s, p}).reshape({rows, 1, s, p}), own_allowed}, -1);
  for (size_t i = 0; i < blocks_->size(); ++i) {
    auto* block = blocks_[i]->as<TransformerBlock>();
    PrefixKeyValues kept;
    if (i + 1 < blocks_->size()) {
      h_prefix = block->forward(h_prefix, prefix_allowed, prefix_cos, prefix_sin, &kept);
    } else {
      kept = block->keys_values(h_prefix, prefix_cos, prefix_sin);  // the last block's prefix outputs are never read
    }
    h = block->forward_after_prefix(h, kept, allowed, cos, sin);
  }
  return norm_final_(h).view({n, c, s, config_.width});
}

}  // namespace modelsat::nn
