// The runtime's transformer forward pass: int8-weight projections, float attention, the last layer at the last position.
#include "transformer.h"

#include "msq/kernels.h"
#include "scratch.h"
#include "weights.h"

#include <algorithm>
#include <cmath>

namespace msq {
namespace {

/// Layer norm of n rows of x (row width w), then per-row int8 quantisation into q (padded rows) / scales.
void norm_and_quantize(const float* x, int64_t n, int64_t w, const std::vector<float>& gamma,
                       const std::vector<float>& beta, int32_t levels, std::vector<int16_t>& q,
                       std::vector<float>& scales) {
  std::vector<float> row(static_cast<size_t>(w));
  const int64_t stride = padded(w);
  q.resize(static_cast<size_t>(n * stride));
  scales.resize(static_cast<size_t>(n));
  for (int64_t r = 0; r < n; ++r) {
    layer_norm(x + r * w, w, gamma.data(), beta.data(), row.data());
    scales[static_cast<size_t>(r)] = quantize_row(row.data(), w, q.data() + r * stride, levels);
  }
}

void quantize_rows_into(const float* x, int64_t n, int64_t w, int32_t levels, std::vector<int16_t>& q,
                        std::vector<float>& scales) {
  const int64_t stride = padded(w);
  q.resize(static_cast<size_t>(n * stride));
  scales.resize(static_cast<size_t>(n));
  for (int64_t r = 0; r < n; ++r) {
    scales[static_cast<size_t>(r)] = quantize_row(x + r * w, w, q.data() + r * stride, levels);
  }
}

}  // namespace

Transformer::Transformer(const ModelFile& file, const std::string& source) {
  const RouterSettings& s = file.settings;
  width_ = s.width;
  heads_ = s.heads;
  head_width_ = s.width / s.heads;
  context_ = s.context;
  ffn_width_ = s.ffn_multiplier * s.width;
  rotary_ = s.positions == "rotary";
  const int64_t w = width_;
  if (rotary_) {
    const int64_t half = head_width_ / 2;
    cos_.resize(static_cast<size_t>(context_ * half));
    sin_.resize(cos_.size());
    for (int64_t p = 0; p < context_; ++p) {
      for (int64_t i = 0; i < half; ++i) {
        // As torch computes it: pow(10000, -(2i) / head_width) and the angle in float32.
        const float inv_freq = std::pow(10000.0F, -static_cast<float>(2 * i) / static_cast<float>(head_width_));
        const float angle = static_cast<float>(p) * inv_freq;
        cos_[static_cast<size_t>(p * half + i)] = std::cos(angle);
        sin_[static_cast<size_t>(p * half + i)] = std::sin(angle);
      }
    }
  } else {
    position_ = take_float(file, "position", {context_, w}, source);
  }
  for (int64_t i = 0; i < s.layers; ++i) {
    const std::string p = "blocks." + std::to_string(i) + ".";
    BlockWeights b;
    b.norm_attention_weight = take_float(file, p + "norm_attention.weight", {w}, source);
    b.norm_attention_bias = take_float(file, p + "norm_attention.bias", {w}, source);
    b.norm_ffn_weight = take_float(file, p + "norm_ffn.weight", {w}, source);
    b.norm_ffn_bias = take_float(file, p + "norm_ffn.bias", {w}, source);
    b.qkv = {pack(take_quant(file, p + "qkv", 3 * w, w, source)), take_float(file, p + "qkv.bias", {3 * w}, source)};
    b.out = {pack(take_quant(file, p + "out", w, w, source)), take_float(file, p + "out.bias", {w}, source)};
    b.up = {pack(take_quant(file, p + "up", ffn_width_, w, source)), take_float(file, p + "up.bias", {ffn_width_}, source)};
    b.down = {pack(take_quant(file, p + "down", w, ffn_width_, source)), take_float(file, p + "down.bias", {w}, source)};
    blocks_.push_back(std::move(b));
  }
  norm_final_weight_ = take_float(file, "norm_final.weight", {w}, source);
  norm_final_bias_ = take_float(file, "norm_final.bias", {w}, source);
}

ActivationLevels Transformer::activation_levels_for(int activation_bits) const {
  return {activation_levels(activation_bits, width_), activation_levels(activation_bits, ffn_width_)};
}

void Transformer::add_positions(float* x, int64_t first, int64_t n) const {
  if (rotary_) return;
  for (int64_t r = 0; r < n; ++r) {
    const float* p = position_.data() + (first + r) * width_;
    for (int64_t c = 0; c < width_; ++c) x[r * width_ + c] += p[c];
  }
}

void Transformer::project_qkv(const BlockWeights& block, const float* x, int64_t n, int64_t first_channel,
                              int64_t last_channel, const ActivationLevels& levels, float* qkv) const {
  std::vector<int16_t>& q = scratch<int16_t, Scratch::quantized>(0);
  std::vector<float>& scales = scratch<float, Scratch::row_scales>(0);
  norm_and_quantize(x, n, width_, block.norm_attention_weight, block.norm_attention_bias, levels.width, q, scales);
  linear_q8(q.data(), scales.data(), n, block.qkv.weight, block.qkv.bias.data(), first_channel, last_channel,
            qkv + first_channel, 3 * width_);
}

void Transformer::project_rows(const BlockWeights& block, const float* h, int64_t n, int64_t first_position,
                               bool only_last_query, const ActivationLevels& levels, float* qkv) const {
  const int64_t w = width_;
  if (!only_last_query) {
    project_qkv(block, h, n, 0, 3 * w, levels, qkv);
    rotate(qkv, first_position, n, true, true);
    return;
  }
  const int64_t last_row = n - 1;
  project_qkv(block, h, n, w, 3 * w, levels, qkv);  // keys and values of every row
  project_qkv(block, h + last_row * w, 1, 0, w, levels, qkv + last_row * 3 * w);
  rotate(qkv, first_position, n, false, true);
  rotate(qkv + last_row * 3 * w, first_position + last_row, 1, true, false);
}

void Transformer::rotate(float* qkv, int64_t first_position, int64_t n, bool queries, bool keys) const {
  if (!rotary_) return;
  const int64_t half = head_width_ / 2;
  for (int64_t r = 0; r < n; ++r) {
    const float* cos = cos_.data() + (first_position + r) * half;
    const float* sin = sin_.data() + (first_position + r) * half;
    for (int part = queries ? 0 : 1; part < (keys ? 2 : 1); ++part) {
      for (int64_t h = 0; h < heads_; ++h) {
        float* x = qkv + r * 3 * width_ + part * width_ + h * head_width_;
        for (int64_t i = 0; i < half; ++i) {
          const float x1 = x[i], x2 = x[i + half];
          x[i] = x1 * cos[i] - x2 * sin[i];
          x[i + half] = x1 * sin[i] + x2 * cos[i];
        }
      }
    }
  }
}

void Transformer::split_head(const float* qkv, int64_t n, int64_t head, float* keys, float* values) const {
  const int64_t stride = 3 * width_, hw = head_width_;
  for (int64_t j = 0; j < n; ++j) {
    const float* row = qkv + j * stride + head * hw;
    for (int64_t c = 0; c < hw; ++c) keys[c * n + j] = row[width_ + c];
    std::copy(row + 2 * width_, row + 2 * width_ + hw, values + j * hw);
  }
}

void Transformer::attend(const PrefixCache& prefix, int64_t layer, const float* qkv, int64_t n, int64_t first_query,
                         float* out) const {
  const int64_t hw = head_width_, lead = prefix.rows;
  const float scale = 1.0F / std::sqrt(static_cast<float>(hw));
  std::vector<float>& keys = scratch<float, Scratch::head_keys>(static_cast<size_t>(n * hw));
  std::vector<float>& values = scratch<float, Scratch::head_values>(keys.size());
  std::vector<float>& weights = scratch<float, Scratch::head_weights>(static_cast<size_t>(lead + n));
  for (int64_t h = 0; h < heads_; ++h) {
    const size_t head_offset = static_cast<size_t>((layer * heads_ + h) * lead * hw);
    const float* cached_keys = prefix.keys.data() + head_offset;  // [head_width, lead]
    const float* cached_values = prefix.values.data() + head_offset;
    split_head(qkv, n, h, keys.data(), values.data());
    for (int64_t i = first_query; i < n; ++i) {
      // Scores over the cached keys, then over the rows' own keys [0, i]: key lead + j is row j.
      const float* q = qkv + i * 3 * width_ + h * hw;
      attention_scores(q, cached_keys, hw, lead, lead, scale, weights.data());
      attention_scores(q, keys.data(), hw, n, i + 1, scale, weights.data() + lead);
      softmax(weights.data(), lead + i + 1);
      float* o = out + (i - first_query) * width_ + h * hw;
      for (int64_t c = 0; c < hw; ++c) o[c] = 0.0F;
      add_weighted_values(weights.data(), cached_values, lead, hw, o);
      add_weighted_values(weights.data() + lead, values.data(), i + 1, hw, o);
    }
  }
}

void Transformer::finish_block(const BlockWeights& block, const float* attended, float* h, int64_t n,
                               const ActivationLevels& levels) const {
  const int64_t w = width_;
  std::vector<int16_t>& q = scratch<int16_t, Scratch::quantized>(0);
  std::vector<float>& scales = scratch<float, Scratch::row_scales>(0);
  std::vector<float>& projected = scratch<float, Scratch::projected>(static_cast<size_t>(n * std::max(w, ffn_width_)));
  quantize_rows_into(attended, n, w, levels.width, q, scales);
  linear_q8(q.data(), scales.data(), n, block.out.weight, block.out.bias.data(), 0, w, projected.data(), w);
  for (int64_t i = 0; i < n * w; ++i) h[i] += projected[static_cast<size_t>(i)];
  norm_and_quantize(h, n, w, block.norm_ffn_weight, block.norm_ffn_bias, levels.width, q, scales);
  linear_q8(q.data(), scales.data(), n, block.up.weight, block.up.bias.data(), 0, ffn_width_, projected.data(),
            ffn_width_);
  gelu(projected.data(), n * ffn_width_);
  quantize_rows_into(projected.data(), n, ffn_width_, levels.ffn, q, scales);
  std::vector<float>& down = scratch<float, Scratch::down>(static_cast<size_t>(n * w));
  linear_q8(q.data(), scales.data(), n, block.down.weight, block.down.bias.data(), 0, w, down.data(), w);
  for (int64_t i = 0; i < n * w; ++i) h[i] += down[static_cast<size_t>(i)];
}

SharedSuffix Transformer::share(const float* embeds, int64_t first_row, int64_t rows,
                                const ActivationLevels& levels) const {
  SharedSuffix suffix;
  suffix.first_row = first_row;
  suffix.input.assign(embeds, embeds + rows * width_);
  add_positions(suffix.input.data(), first_row, rows);
  suffix.qkv.resize(static_cast<size_t>(rows * 3 * width_));
  project_qkv(blocks_[0], suffix.input.data(), rows, 0, 3 * width_, levels, suffix.qkv.data());
  rotate(suffix.qkv.data(), first_row, rows, true, true);
  return suffix;
}

void Transformer::last_hidden(const float* head, const SharedSuffix& suffix, const ActivationLevels& levels,
                              float* out) const {
  const int64_t w = width_, lead = suffix.first_row;
  const int64_t t = lead + static_cast<int64_t>(suffix.input.size()) / w;
  std::vector<float>& h = scratch<float, Scratch::hidden>(static_cast<size_t>(t * w));
  std::copy(head, head + lead * w, h.begin());
  add_positions(h.data(), 0, lead);
  std::copy(suffix.input.begin(), suffix.input.end(), h.begin() + lead * w);

  std::vector<float>& qkv = scratch<float, Scratch::qkv>(static_cast<size_t>(t * 3 * w));
  std::vector<float>& attended = scratch<float, Scratch::attended>(static_cast<size_t>(t * w));
  const auto n_layers = static_cast<int64_t>(blocks_.size());
  for (int64_t l = 0; l < n_layers; ++l) {
    const BlockWeights& block = blocks_[static_cast<size_t>(l)];
    const bool last = l + 1 == n_layers;
    const int64_t first_query = last ? t - 1 : 0;  // the last layer only needs the last position's output
    if (l == 0) {
      project_qkv(block, h.data(), lead, 0, 3 * w, levels, qkv.data());
      rotate(qkv.data(), 0, lead, true, true);
      std::copy(suffix.qkv.begin(), suffix.qkv.end(), qkv.begin() + lead * 3 * w);
    } else {
      project_rows(block, h.data(), t, 0, last, levels, qkv.data());
    }
    attend(PrefixCache{}, l, qkv.data(), t, first_query, attended.data());
    finish_block(block, attended.data(), h.data() + first_query * w, t - first_query, levels);
  }
  layer_norm(h.data() + (t - 1) * w, w, norm_final_weight_.data(), norm_final_bias_.data(), out);
}

PrefixCache Transformer::cache_prefix(const float* embeds, int64_t rows, const ActivationLevels& levels) const {
  const int64_t w = width_, hw = head_width_;
  const auto n_layers = static_cast<int64_t>(blocks_.size());
  PrefixCache prefix;
  prefix.rows = rows;
  prefix.keys.resize(static_cast<size_t>(n_layers * rows * w));
  prefix.values.resize(prefix.keys.size());
  std::vector<float>& h = scratch<float, Scratch::hidden>(0);
  h.assign(embeds, embeds + rows * w);
  add_positions(h.data(), 0, rows);
  std::vector<float>& qkv = scratch<float, Scratch::qkv>(static_cast<size_t>(rows * 3 * w));
  std::vector<float>& attended = scratch<float, Scratch::attended>(h.size());
  for (int64_t l = 0; l < n_layers; ++l) {
    const BlockWeights& block = blocks_[static_cast<size_t>(l)];
    const bool last = l + 1 == n_layers;
    if (last) {  // the last layer's outputs of the prefix rows feed nothing: keys and values suffice
      project_qkv(block, h.data(), rows, w, 3 * w, levels, qkv.data());
      rotate(qkv.data(), 0, rows, false, true);
    } else {
      project_rows(block, h.data(), rows, 0, false, levels, qkv.data());
    }
    for (int64_t head = 0; head < heads_; ++head) {
      const int64_t offset = (l * heads_ + head) * rows * hw;
      split_head(qkv.data(), rows, head, prefix.keys.data() + offset, prefix.values.data() + offset);
    }
    if (!last) {
      attend(PrefixCache{}, l, qkv.data(), rows, 0, attended.data());
      finish_block(block, attended.data(), h.data(), rows, levels);
    }
  }
  return prefix;
}

void Transformer::last_hidden(const PrefixCache& prefix, const float* embeds, int64_t rows, int64_t sequences,
                              const ActivationLevels& levels, float* out) const {
  const int64_t w = width_, lead = prefix.rows, total = rows * sequences, stride = rows * 3 * w;
  std::vector<float>& h = scratch<float, Scratch::hidden>(0);
  h.assign(embeds, embeds + total * w);
  for (int64_t s = 0; s < sequences; ++s) add_positions(h.data() + s * rows * w, lead, rows);
  std::vector<float>& qkv = scratch<float, Scratch::qkv>(static_cast<size_t>(total * 3 * w));
  std::vector<float>& attended = scratch<float, Scratch::attended>(h.size());
  // The rows whose final state is the output: the last row of each sequence ([sequences, w], row stride last_stride).
  float* last_rows = h.data() + (rows - 1) * w;
  int64_t last_stride = rows * w;
  const auto n_layers = static_cast<int64_t>(blocks_.size());
  for (int64_t l = 0; l < n_layers; ++l) {
    const BlockWeights& block = blocks_[static_cast<size_t>(l)];
    if (l + 1 < n_layers || rows == 1) {
      project_qkv(block, h.data(), total, 0, 3 * w, levels, qkv.data());
      for (int64_t s = 0; s < sequences; ++s) {
        rotate(qkv.data() + s * stride, lead, rows, true, true);
        attend(prefix, l, qkv.data() + s * stride, rows, 0, attended.data() + s * rows * w);
      }
      finish_block(block, attended.data(), h.data(), total, levels);
      continue;
    }
    // The last layer only needs each sequence's last position: keys and values of every row, one query per sequence.
    project_qkv(block, h.data(), total, w, 3 * w, levels, qkv.data());
    std::vector<float>& tails = scratch<float, Scratch::tails>(static_cast<size_t>(sequences * w));
    std::vector<float>& queries = scratch<float, Scratch::queries>(static_cast<size_t>(sequences * 3 * w));
    for (int64_t s = 0; s < sequences; ++s) {
      std::copy(last_rows + s * last_stride, last_rows + s * last_stride + w, tails.begin() + s * w);
    }
    project_qkv(block, tails.data(), sequences, 0, w, levels, queries.data());
    for (int64_t s = 0; s < sequences; ++s) {
      float* sequence_qkv = qkv.data() + s * stride;
      std::copy(queries.begin() + s * 3 * w, queries.begin() + s * 3 * w + w, sequence_qkv + (rows - 1) * 3 * w);
      rotate(sequence_qkv, lead, rows, false, true);
      rotate(sequence_qkv + (rows - 1) * 3 * w, lead + rows - 1, 1, true, false);
      attend(prefix, l, sequence_qkv, rows, rows - 1, attended.data() + s * w);
    }
    finish_block(block, attended.data(), tails.data(), sequences, levels);
    last_rows = tails.data();
    last_stride = w;
  }
  for (int64_t s = 0; s < sequences; ++s) {
    layer_norm(last_rows + s * last_stride, w, norm_final_weight_.data(), norm_final_bias_.data(), out + s * w);
  }
}

}  // namespace msq
