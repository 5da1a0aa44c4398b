// The runtime's numeric kernels: int8-weight linear layers (8- or 16-bit activations, int32 sums), norms, softmax.
#pragma once

#include "msq/format.h"

#include <cstdint>
#include <vector>

namespace msq {

/// A QuantMatrix prepared for the kernels: the int8 values widened to int16 lanes (exact; products still accumulate in
/// int32) and each row zero-padded to a multiple of 8 columns.
struct PackedMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t stride = 0;            ///< cols rounded up to a multiple of 8
  std::vector<int16_t> values;   ///< [rows, stride]
  std::vector<float> scales;     ///< [rows]
};

PackedMatrix pack(const QuantMatrix& matrix);

/// Activation rows are quantised into int16 lanes, with the same padded stride as the matrix.
inline int64_t padded(int64_t cols) { return (cols + 7) / 8 * 8; }

/// The largest quantised activation magnitude ("levels") for activation rows of k values that meet int8 weights:
/// 127 for activation_bits 8; for 16, 32767 lowered where needed so that k products of an int8 weight (|w| <= 127)
/// and an activation cannot overflow the int32 sum (levels <= (2^31 - 1) / (127 k); 32767 up to k = 516). Throws
/// std::invalid_argument "activation_bits: not supported (expected 8 or 16, got N)".
int32_t activation_levels(int activation_bits, int64_t k);

/// Dynamic symmetric quantisation of one activation row: scale = max|x| / levels (1 for an all-zero row),
/// q[i] = round(x[i] / scale) in [-levels, levels] for i < n, q[i] = 0 for n <= i < padded(n). Returns the scale.
float quantize_row(const float* x, int64_t n, int16_t* q, int32_t levels) noexcept;

/// Sum of a[i] * b[i] over n values (n a multiple of 8) accumulated in int32 (SSE2 or wasm SIMD128 when compiled
/// for them).
int32_t dot_i16(const int16_t* a, const int16_t* b, int64_t n) noexcept;

/// y[r * y_stride + o - first] = (sum_k xq[r][k] * w[o][k]) * x_scales[r] * w.scales[o] + bias[o] for rows r < n_rows
/// and output channels o in [first, last). xq: [n_rows, w.stride] quantised rows (quantize_row) with x_scales.
void linear_q8(const int16_t* xq, const float* x_scales, int64_t n_rows, const PackedMatrix& w, const float* bias,
               int64_t first, int64_t last, float* y, int64_t y_stride) noexcept;

/// Float reference linear layer: y[r][o] = sum_k x[r][k] * w[o][k] + bias[o]; x: [n_rows, in], w: [out, in].
void linear_f32(const float* x, int64_t n_rows, const float* w, const float* bias, int64_t in, int64_t out,
                float* y) noexcept;

/// Layer norm over n values (biased variance, eps 1e-5, as torch::nn::LayerNorm): y = (x - mean) / sqrt(var + eps) *
/// gamma + beta (mean and variance summed in four lanes). x and y may alias.
void layer_norm(const float* x, int64_t n, const float* gamma, const float* beta, float* y) noexcept;

/// erf(x) to an absolute error below 5e-7 (a rational approximation on [-4, 4], clamped outside); vectorisable.
float fast_erf(float x) noexcept;

/// The exact GELU's formula, x * 0.5 * (1 + erf(x / sqrt 2)), with fast_erf, in place over n values (within 2e-6 of
/// it for |x| <= 10).
void gelu(float* x, int64_t n) noexcept;

/// exp(x) to a relative error below 5e-6 for x in [-87, 88] (clamped outside); vectorisable.
float fast_exp(float x) noexcept;

/// Softmax in place over n values >= 1 (max-subtracted, fast_exp; the normalising sum runs in four lanes).
void softmax(float* x, int64_t n) noexcept;

/// Attention scores of one query over n keys: scores[j] = (sum over c < head_width of q[c] * keys[c * stride + j]) *
/// scale, each summed in the order of c (as a dot product); keys: one head's keys transposed, [head_width, stride].
void attention_scores(const float* q, const float* keys, int64_t head_width, int64_t stride, int64_t n, float scale,
                      float* scores) noexcept;

/// out[c] += sum over j < n of weights[j] * values[j * head_width + c] for c < head_width, summed in the order of j;
/// values: [n, head_width].
void add_weighted_values(const float* weights, const float* values, int64_t n, int64_t head_width,
                         float* out) noexcept;

/// 1 / (1 + exp(-x)).
double sigmoid(double x) noexcept;

}  // namespace msq
