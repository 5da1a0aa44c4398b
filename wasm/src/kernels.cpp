// The runtime's numeric kernels, with SSE2 and wasm SIMD128 paths (simd.h for the float ones) and a portable fallback.
#include "msq/kernels.h"

#include "simd.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace msq {

namespace {

using simd::F32x4;

/// max |x[i]| over n values (0 for n = 0); the lanes hold partial maxima, which leaves the result exact.
float largest_magnitude(const float* x, int64_t n) {
  const F32x4 minus_one = simd::splat(-1.0F);
  F32x4 lanes = simd::splat(0.0F);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const F32x4 v = simd::load(x + i);
    lanes = simd::max(lanes, simd::max(v, simd::mul(v, minus_one)));
  }
  float largest = simd::max_lanes(lanes);
  for (; i < n; ++i) largest = std::max(largest, std::fabs(x[i]));
  return largest;
}

/// Sum of x[i] over n values: four lane sums finished in a fixed order, then the tail.
float lane_sum(const float* x, int64_t n) {
  F32x4 lanes = simd::splat(0.0F);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) lanes = simd::add(lanes, simd::load(x + i));
  float total = simd::sum_lanes(lanes);
  for (; i < n; ++i) total += x[i];
  return total;
}

/// Sum of (x[i] - mean)^2 over n values, in lanes as lane_sum.
float lane_squared_deviation(const float* x, int64_t n, float mean) {
  const F32x4 m = simd::splat(mean);
  F32x4 lanes = simd::splat(0.0F);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const F32x4 d = simd::sub(simd::load(x + i), m);
    lanes = simd::add(lanes, simd::mul(d, d));
  }
  float total = simd::sum_lanes(lanes);
  for (; i < n; ++i) total += (x[i] - mean) * (x[i] - mean);
  return total;
}

}  // namespace

PackedMatrix pack(const QuantMatrix& matrix) {
  PackedMatrix out;
  out.rows = matrix.rows;
  out.cols = matrix.cols;
  out.stride = padded(matrix.cols);
  out.values.assign(static_cast<size_t>(out.rows * out.stride), 0);
  for (int64_t r = 0; r < matrix.rows; ++r) {
    for (int64_t c = 0; c < matrix.cols; ++c) {
      out.values[static_cast<size_t>(r * out.stride + c)] = matrix.q[static_cast<size_t>(r * matrix.cols + c)];
    }
  }
  out.scales = matrix.scales;
  return out;
}

int32_t activation_levels(int activation_bits, int64_t k) {
  if (activation_bits == 8) return 127;
  if (activation_bits != 16) {
    throw std::invalid_argument("activation_bits: not supported (expected 8 or 16, got " +
                                std::to_string(activation_bits) + ")");
  }
  const int64_t no_overflow = std::numeric_limits<int32_t>::max() / (127 * std::max<int64_t>(k, 1));
  return static_cast<int32_t>(std::max<int64_t>(127, std::min<int64_t>(32767, no_overflow)));
}

float quantize_row(const float* x, int64_t n, int16_t* q, int32_t levels) noexcept {
  float largest = largest_magnitude(x, n);
  const auto top = static_cast<float>(levels);
  const float scale = largest > 0.0F ? largest / top : 1.0F;
  const float inverse = 1.0F / scale;
  constexpr float kRound = 12582912.0F;  // 1.5 * 2^23: adding and subtracting it rounds half to even (|v| < 2^22)
  const F32x4 inverse4 = simd::splat(inverse), top4 = simd::splat(top), bottom4 = simd::splat(-top),
              round4 = simd::splat(kRound);
  const auto level = [&](const float* p) {  // as the scalar loop below, four values at a time
    const F32x4 v = simd::max(simd::min(simd::mul(simd::load(p), inverse4), top4), bottom4);
    return simd::sub(simd::add(v, round4), round4);
  };
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) simd::store_i16(q + i, level(x + i), level(x + i + 4));
  for (; i < n; ++i) {
    const float v = std::max(-top, std::min(top, x[i] * inverse));
    q[i] = static_cast<int16_t>((v + kRound) - kRound);
  }
  for (int64_t i = n; i < padded(n); ++i) q[i] = 0;
  return scale;
}

int32_t dot_i16(const int16_t* a, const int16_t* b, int64_t n) noexcept {
  int64_t k = 0;
  int32_t sum = 0;
#if defined(__wasm_simd128__)
  v128_t acc = wasm_i32x4_splat(0);
  for (; k + 8 <= n; k += 8) acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(a + k), wasm_v128_load(b + k)));
  sum = wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) +
        wasm_i32x4_extract_lane(acc, 3);
#elif defined(__SSE2__)
  __m128i acc = _mm_setzero_si128();
  for (; k + 8 <= n; k += 8) {
    acc = _mm_add_epi32(acc, _mm_madd_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + k)),
                                            _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + k))));
  }
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(1, 0, 3, 2)));
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(2, 3, 0, 1)));
  sum = _mm_cvtsi128_si32(acc);
#endif
  for (; k < n; ++k) sum += static_cast<int32_t>(a[k]) * static_cast<int32_t>(b[k]);
  return sum;
}

namespace {

/// The four int32 dot products of x with rows w0..w3 (n a multiple of 8).
void dot4(const int16_t* x, const int16_t* w0, const int16_t* w1, const int16_t* w2, const int16_t* w3, int64_t n,
          int32_t* out) {
#if defined(__wasm_simd128__)
  v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (int64_t k = 0; k < n; k += 8) {
    const v128_t xv = wasm_v128_load(x + k);
    a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(xv, wasm_v128_load(w0 + k)));
    a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(xv, wasm_v128_load(w1 + k)));
    a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(xv, wasm_v128_load(w2 + k)));
    a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(xv, wasm_v128_load(w3 + k)));
  }
  // Transpose-and-add: lane i of the result is the sum of the lanes of a<i>.
  const v128_t t0 = wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7);
  const v128_t t2 = wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7);
  const v128_t s01 = wasm_i32x4_add(t0, t1), s23 = wasm_i32x4_add(t2, t3);
  const v128_t r = wasm_i32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
  wasm_v128_store(out, r);
#elif defined(__SSE2__)
  __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
  for (int64_t k = 0; k < n; k += 8) {
    const __m128i xv = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + k));
    a0 = _mm_add_epi32(a0, _mm_madd_epi16(xv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(w0 + k))));
    a1 = _mm_add_epi32(a1, _mm_madd_epi16(xv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(w1 + k))));
    a2 = _mm_add_epi32(a2, _mm_madd_epi16(xv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(w2 + k))));
    a3 = _mm_add_epi32(a3, _mm_madd_epi16(xv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(w3 + k))));
  }
  const __m128i t0 = _mm_unpacklo_epi32(a0, a1), t1 = _mm_unpackhi_epi32(a0, a1);
  const __m128i t2 = _mm_unpacklo_epi32(a2, a3), t3 = _mm_unpackhi_epi32(a2, a3);
  const __m128i s01 = _mm_add_epi32(t0, t1), s23 = _mm_add_epi32(t2, t3);
  const __m128i r = _mm_add_epi32(_mm_unpacklo_epi64(s01, s23), _mm_unpackhi_epi64(s01, s23));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), r);
#else
  out[0] = dot_i16(x, w0, n);
  out[1] = dot_i16(x, w1, n);
  out[2] = dot_i16(x, w2, n);
  out[3] = dot_i16(x, w3, n);
#endif
}

}  // namespace

void linear_q8(const int16_t* xq, const float* x_scales, int64_t n_rows, const PackedMatrix& w, const float* bias,
               int64_t first, int64_t last, float* y, int64_t y_stride) noexcept {
  const int64_t n = w.stride;
  const int16_t* weights = w.values.data();
  for (int64_t r = 0; r < n_rows; ++r) {
    const int16_t* x = xq + r * n;
    float* out = y + r * y_stride - first;
    const float xs = x_scales[r];
    int64_t o = first;
    for (; o + 4 <= last; o += 4) {
      alignas(16) int32_t acc[4];
      dot4(x, weights + o * n, weights + (o + 1) * n, weights + (o + 2) * n, weights + (o + 3) * n, n, acc);
      for (int j = 0; j < 4; ++j) {
        out[o + j] = static_cast<float>(acc[j]) * (xs * w.scales[static_cast<size_t>(o + j)]) + bias[o + j];
      }
    }
    for (; o < last; ++o) {
      out[o] = static_cast<float>(dot_i16(x, weights + o * n, n)) * (xs * w.scales[static_cast<size_t>(o)]) + bias[o];
    }
  }
}

void linear_f32(const float* x, int64_t n_rows, const float* w, const float* bias, int64_t in, int64_t out,
                float* y) noexcept {
  for (int64_t r = 0; r < n_rows; ++r) {
    for (int64_t o = 0; o < out; ++o) {
      float sum = 0.0F;
      const float* wo = w + o * in;
      const float* xr = x + r * in;
      for (int64_t k = 0; k < in; ++k) sum += xr[k] * wo[k];
      y[r * out + o] = sum + bias[o];
    }
  }
}

void layer_norm(const float* x, int64_t n, const float* gamma, const float* beta, float* y) noexcept {
  const float mean = lane_sum(x, n) / static_cast<float>(n);
  const float variance = lane_squared_deviation(x, n, mean) / static_cast<float>(n);
  const float inverse = 1.0F / std::sqrt(variance + 1e-5F);
  for (int64_t i = 0; i < n; ++i) y[i] = (x[i] - mean) * inverse * gamma[i] + beta[i];
}

namespace {

/// See fast_erf. The rational approximation of erf on [-4, 4] that Eigen and XLA use for float (odd polynomial of
/// degree 13 over an even one of degree 8).
inline float erf_approx(float x) {
  x = std::max(-4.0F, std::min(4.0F, x));
  const float x2 = x * x;
  float p = -2.72614225801306e-10F;
  p = p * x2 + 2.77068142495902e-08F;
  p = p * x2 - 2.10102402082508e-06F;
  p = p * x2 - 5.69250639462346e-05F;
  p = p * x2 - 7.34990630326855e-04F;
  p = p * x2 - 2.95459980854025e-03F;
  p = p * x2 - 1.60960333262415e-02F;
  float q = -1.45660718464996e-05F;
  q = q * x2 - 2.13374055278905e-04F;
  q = q * x2 - 1.68282697438203e-03F;
  q = q * x2 - 7.37332916720468e-03F;
  q = q * x2 - 1.42647390514189e-02F;
  return x * p / q;
}

/// See fast_exp. exp(x) = 2^k * exp(r), k = round(x / ln 2), |r| <= ln(2) / 2, exp(r) by its degree-6 Taylor
/// polynomial (relative error below 5e-6, mostly from the float range reduction); one template for a float and for
/// four lanes, so that both give the same bits.
template <typename Value, typename Ops>
Value exp_steps(Value x, const Ops& ops) {
  constexpr float kRound = 12582912.0F;
  x = ops.max(ops.min(x, ops.splat(88.0F)), ops.splat(-87.0F));
  const Value k = ops.sub(ops.add(ops.mul(x, ops.splat(1.44269504F)), ops.splat(kRound)), ops.splat(kRound));
  const Value r =
      ops.sub(ops.sub(x, ops.mul(k, ops.splat(0.693145751953125F))), ops.mul(k, ops.splat(1.428606765330187e-06F)));
  Value p = ops.splat(1.0F / 720.0F);
  for (const float c : {1.0F / 120.0F, 1.0F / 24.0F, 1.0F / 6.0F, 0.5F, 1.0F, 1.0F}) {
    p = ops.add(ops.mul(p, r), ops.splat(c));
  }
  return ops.mul(p, ops.exp2_integral(k));
}

struct ScalarOps {
  float splat(float x) const { return x; }
  float add(float a, float b) const { return a + b; }
  float sub(float a, float b) const { return a - b; }
  float mul(float a, float b) const { return a * b; }
  float min(float a, float b) const { return a < b ? a : b; }
  float max(float a, float b) const { return a > b ? a : b; }
  float exp2_integral(float k) const {
    const int32_t bits = (static_cast<int32_t>(k) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof(scale));
    return scale;
  }
};

struct LaneOps {
  F32x4 splat(float x) const { return simd::splat(x); }
  F32x4 add(F32x4 a, F32x4 b) const { return simd::add(a, b); }
  F32x4 sub(F32x4 a, F32x4 b) const { return simd::sub(a, b); }
  F32x4 mul(F32x4 a, F32x4 b) const { return simd::mul(a, b); }
  F32x4 min(F32x4 a, F32x4 b) const { return simd::min(a, b); }
  F32x4 max(F32x4 a, F32x4 b) const { return simd::max(a, b); }
  F32x4 exp2_integral(F32x4 k) const { return simd::exp2_integral(k); }
};

inline float exp_approx(float x) { return exp_steps(x, ScalarOps{}); }

}  // namespace

float fast_erf(float x) noexcept { return erf_approx(x); }

float fast_exp(float x) noexcept { return exp_approx(x); }

void gelu(float* x, int64_t n) noexcept {
  for (int64_t i = 0; i < n; ++i) x[i] = x[i] * 0.5F * (1.0F + erf_approx(x[i] * 0.70710678118654752F));
}

void softmax(float* x, int64_t n) noexcept {
  F32x4 lanes = simd::splat(x[0]);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) lanes = simd::max(lanes, simd::load(x + i));
  float largest = simd::max_lanes(lanes);
  for (; i < n; ++i) largest = std::max(largest, x[i]);
  const F32x4 shift = simd::splat(largest);
  int64_t k = 0;
  for (; k + 4 <= n; k += 4) simd::store(x + k, exp_steps(simd::sub(simd::load(x + k), shift), LaneOps{}));
  for (; k < n; ++k) x[k] = exp_approx(x[k] - largest);
  const float inverse = 1.0F / lane_sum(x, n);
  for (int64_t k = 0; k < n; ++k) x[k] *= inverse;
}

void attention_scores(const float* q, const float* keys, int64_t head_width, int64_t stride, int64_t n, float scale,
                      float* scores) noexcept {
  int64_t j = 0;
  for (; j + 16 <= n; j += 16) {
    simd::F32x16 block = simd::splat16(0.0F);
    for (int64_t c = 0; c < head_width; ++c) block = simd::add_product(block, simd::splat(q[c]), keys + c * stride + j);
    simd::store16(scores + j, simd::mul16(block, simd::splat(scale)));
  }
  for (; j + 4 <= n; j += 4) {
    F32x4 a = simd::splat(0.0F);
    for (int64_t c = 0; c < head_width; ++c) {
      a = simd::add(a, simd::mul(simd::splat(q[c]), simd::load(keys + c * stride + j)));
    }
    simd::store(scores + j, simd::mul(a, simd::splat(scale)));
  }
  for (; j < n; ++j) {
    float sum = 0.0F;
    for (int64_t c = 0; c < head_width; ++c) sum += q[c] * keys[c * stride + j];
    scores[j] = sum * scale;
  }
}

void add_weighted_values(const float* weights, const float* values, int64_t n, int64_t head_width,
                         float* out) noexcept {
  int64_t c = 0;
  for (; c + 16 <= head_width; c += 16) {
    simd::F32x16 block = simd::load16(out + c);
    for (int64_t j = 0; j < n; ++j) {
      block = simd::add_product(block, simd::splat(weights[j]), values + j * head_width + c);
    }
    simd::store16(out + c, block);
  }
  for (; c + 4 <= head_width; c += 4) {
    F32x4 a = simd::load(out + c);
    for (int64_t j = 0; j < n; ++j) {
      a = simd::add(a, simd::mul(simd::splat(weights[j]), simd::load(values + j * head_width + c)));
    }
    simd::store(out + c, a);
  }
  for (; c < head_width; ++c) {
    float sum = out[c];
    for (int64_t j = 0; j < n; ++j) sum += weights[j] * values[j * head_width + c];
    out[c] = sum;
  }
}

double sigmoid(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace msq
