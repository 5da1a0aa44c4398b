// The runtime's numeric kernels: int8 linear layers with int32 accumulation, float layer norm, GELU, softmax.
#pragma once

#include "msq/format.h"

#include <cstdint>

namespace msq {

/// Dynamic symmetric int8 quantisation of one activation row: scale = max|x| / 127 (1 for an all-zero row),
/// q[i] = round(x[i] / scale). q holds n values. Returns the scale.
float quantize_row(const float* x, int64_t n, int8_t* q);

/// Sum of a[i] * b[i] over n int8 values, accumulated in int32 (SSE2 or wasm SIMD128 when compiled for them).
int32_t dot_i8(const int8_t* a, const int8_t* b, int64_t n);

/// y[r * y_stride + o - first] = (sum_k xq[r][k] * w.q[o][k]) * x_scales[r] * w.scales[o] + bias[o] for rows
/// r < n_rows and output channels o in [first, last). xq: [n_rows, w.cols] int8 with per-row x_scales.
void linear_q8(const int8_t* xq, const float* x_scales, int64_t n_rows, const QuantMatrix& w, const float* bias,
               int64_t first, int64_t last, float* y, int64_t y_stride);

/// Float reference linear layer: y[r][o] = sum_k x[r][k] * w[o][k] + bias[o]; x: [n_rows, in], w: [out, in].
void linear_f32(const float* x, int64_t n_rows, const float* w, const float* bias, int64_t in, int64_t out, float* y);

/// Layer norm over n values (biased variance, eps 1e-5, as torch::nn::LayerNorm): y = (x - mean) / sqrt(var + eps) *
/// gamma + beta. x and y may alias.
void layer_norm(const float* x, int64_t n, const float* gamma, const float* beta, float* y);

/// Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), in place over n values.
void gelu(float* x, int64_t n);

/// Softmax in place over n values (max-subtracted).
void softmax(float* x, int64_t n);

/// 1 / (1 + exp(-x)).
double sigmoid(double x);

}  // namespace msq
