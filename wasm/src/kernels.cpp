// Numeric kernels of the runtime; the int8 dot product has SSE2 and wasm SIMD128 paths and a portable fallback.
#include "msq/kernels.h"

#include <algorithm>
#include <cmath>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace msq {

float quantize_row(const float* x, int64_t n, int8_t* q) {
  float largest = 0.0F;
  for (int64_t i = 0; i < n; ++i) largest = std::max(largest, std::fabs(x[i]));
  const float scale = largest > 0.0F ? largest / 127.0F : 1.0F;
  const float inverse = 1.0F / scale;
  for (int64_t i = 0; i < n; ++i) {
    const float v = std::nearbyint(x[i] * inverse);
    q[i] = static_cast<int8_t>(std::max(-127.0F, std::min(127.0F, v)));
  }
  return scale;
}

int32_t dot_i8(const int8_t* a, const int8_t* b, int64_t n) {
  int64_t k = 0;
  int32_t sum = 0;
#if defined(__wasm_simd128__)
  v128_t acc = wasm_i32x4_splat(0);
  for (; k + 16 <= n; k += 16) {
    const v128_t va = wasm_v128_load(a + k);
    const v128_t vb = wasm_v128_load(b + k);
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(va), wasm_i16x8_extend_low_i8x16(vb)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(va), wasm_i16x8_extend_high_i8x16(vb)));
  }
  sum = wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) +
        wasm_i32x4_extract_lane(acc, 3);
#elif defined(__SSE2__)
  __m128i acc = _mm_setzero_si128();
  for (; k + 16 <= n; k += 16) {
    const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + k));
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + k));
    // Sign-extend bytes to 16 bits: interleave each byte with itself, then shift right arithmetically by 8.
    const __m128i a_low = _mm_srai_epi16(_mm_unpacklo_epi8(va, va), 8);
    const __m128i a_high = _mm_srai_epi16(_mm_unpackhi_epi8(va, va), 8);
    const __m128i b_low = _mm_srai_epi16(_mm_unpacklo_epi8(vb, vb), 8);
    const __m128i b_high = _mm_srai_epi16(_mm_unpackhi_epi8(vb, vb), 8);
    acc = _mm_add_epi32(acc, _mm_madd_epi16(a_low, b_low));
    acc = _mm_add_epi32(acc, _mm_madd_epi16(a_high, b_high));
  }
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(1, 0, 3, 2)));
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(2, 3, 0, 1)));
  sum = _mm_cvtsi128_si32(acc);
#endif
  for (; k < n; ++k) sum += static_cast<int32_t>(a[k]) * static_cast<int32_t>(b[k]);
  return sum;
}

void linear_q8(const int8_t* xq, const float* x_scales, int64_t n_rows, const QuantMatrix& w, const float* bias,
               int64_t first, int64_t last, float* y, int64_t y_stride) {
  const int64_t in = w.cols;
  for (int64_t r = 0; r < n_rows; ++r) {
    const int8_t* x = xq + r * in;
    float* out = y + r * y_stride;
    for (int64_t o = first; o < last; ++o) {
      const int32_t acc = dot_i8(x, w.q.data() + o * in, in);
      out[o - first] = static_cast<float>(acc) * (x_scales[r] * w.scales[static_cast<size_t>(o)]) + bias[o];
    }
  }
}

void linear_f32(const float* x, int64_t n_rows, const float* w, const float* bias, int64_t in, int64_t out, float* y) {
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

void layer_norm(const float* x, int64_t n, const float* gamma, const float* beta, float* y) {
  float mean = 0.0F;
  for (int64_t i = 0; i < n; ++i) mean += x[i];
  mean /= static_cast<float>(n);
  float variance = 0.0F;
  for (int64_t i = 0; i < n; ++i) variance += (x[i] - mean) * (x[i] - mean);
  variance /= static_cast<float>(n);
  const float inverse = 1.0F / std::sqrt(variance + 1e-5F);
  for (int64_t i = 0; i < n; ++i) y[i] = (x[i] - mean) * inverse * gamma[i] + beta[i];
}

void gelu(float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] = x[i] * 0.5F * (1.0F + std::erf(x[i] * 0.70710678118654752F));
}

void softmax(float* x, int64_t n) {
  float largest = x[0];
  for (int64_t i = 1; i < n; ++i) largest = std::max(largest, x[i]);
  float total = 0.0F;
  for (int64_t i = 0; i < n; ++i) {
    x[i] = std::exp(x[i] - largest);
    total += x[i];
  }
  for (int64_t i = 0; i < n; ++i) x[i] /= total;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace msq
