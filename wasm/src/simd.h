// Four-lane float vectors (SSE2, wasm SIMD128 or plain arrays): the runtime's float kernels are written once on them.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace msq::simd {

#if defined(__wasm_simd128__)
struct F32x4 {
  v128_t v;
};
inline F32x4 load(const float* p) { return {wasm_v128_load(p)}; }
inline void store(float* p, F32x4 a) { wasm_v128_store(p, a.v); }
inline F32x4 splat(float x) { return {wasm_f32x4_splat(x)}; }
inline F32x4 add(F32x4 a, F32x4 b) { return {wasm_f32x4_add(a.v, b.v)}; }
inline F32x4 mul(F32x4 a, F32x4 b) { return {wasm_f32x4_mul(a.v, b.v)}; }
inline F32x4 sub(F32x4 a, F32x4 b) { return {wasm_f32x4_sub(a.v, b.v)}; }
/// Lane-wise a > b ? a : b (the x86 maxps rule, which wasm's pmax also follows).
inline F32x4 max(F32x4 a, F32x4 b) { return {wasm_f32x4_pmax(b.v, a.v)}; }
/// Lane-wise a < b ? a : b (the x86 minps rule).
inline F32x4 min(F32x4 a, F32x4 b) { return {wasm_f32x4_pmin(b.v, a.v)}; }
/// The float whose bits are (k + 127) << 23, i.e. 2^k, for integral lanes k in [-126, 127].
inline F32x4 exp2_integral(F32x4 k) {
  return {wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k.v), wasm_i32x4_splat(127)), 23)};
}
/// Stores the integral lanes of a, then b, as 8 int16 values (each within the int16 range).
inline void store_i16(int16_t* p, F32x4 a, F32x4 b) {
  wasm_v128_store(p, wasm_i16x8_narrow_i32x4(wasm_i32x4_trunc_sat_f32x4(a.v), wasm_i32x4_trunc_sat_f32x4(b.v)));
}
#elif defined(__SSE2__)
struct F32x4 {
  __m128 v;
};
inline F32x4 load(const float* p) { return {_mm_loadu_ps(p)}; }
inline void store(float* p, F32x4 a) { _mm_storeu_ps(p, a.v); }
inline F32x4 splat(float x) { return {_mm_set1_ps(x)}; }
inline F32x4 add(F32x4 a, F32x4 b) { return {_mm_add_ps(a.v, b.v)}; }
inline F32x4 mul(F32x4 a, F32x4 b) { return {_mm_mul_ps(a.v, b.v)}; }
inline F32x4 sub(F32x4 a, F32x4 b) { return {_mm_sub_ps(a.v, b.v)}; }
inline F32x4 max(F32x4 a, F32x4 b) { return {_mm_max_ps(a.v, b.v)}; }
inline F32x4 min(F32x4 a, F32x4 b) { return {_mm_min_ps(a.v, b.v)}; }
inline F32x4 exp2_integral(F32x4 k) {
  return {_mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(_mm_cvttps_epi32(k.v), _mm_set1_epi32(127)), 23))};
}
inline void store_i16(int16_t* p, F32x4 a, F32x4 b) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_packs_epi32(_mm_cvttps_epi32(a.v), _mm_cvttps_epi32(b.v)));
}
#else
struct F32x4 {
  float v[4];
};
inline F32x4 load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, F32x4 a) {
  for (int i = 0; i < 4; ++i) p[i] = a.v[i];
}
inline F32x4 splat(float x) { return {{x, x, x, x}}; }
inline F32x4 add(F32x4 a, F32x4 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline F32x4 mul(F32x4 a, F32x4 b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}}; }
inline F32x4 sub(F32x4 a, F32x4 b) { return {{a.v[0] - b.v[0], a.v[1] - b.v[1], a.v[2] - b.v[2], a.v[3] - b.v[3]}}; }
inline F32x4 max(F32x4 a, F32x4 b) {
  F32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] > b.v[i] ? a.v[i] : b.v[i];
  return r;
}
inline F32x4 min(F32x4 a, F32x4 b) {
  F32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] < b.v[i] ? a.v[i] : b.v[i];
  return r;
}
inline F32x4 exp2_integral(F32x4 k) {
  F32x4 r;
  for (int i = 0; i < 4; ++i) {
    const int32_t bits = (static_cast<int32_t>(k.v[i]) + 127) << 23;
    std::memcpy(&r.v[i], &bits, sizeof(float));
  }
  return r;
}
inline void store_i16(int16_t* p, F32x4 a, F32x4 b) {
  for (int i = 0; i < 4; ++i) {
    p[i] = static_cast<int16_t>(a.v[i]);
    p[4 + i] = static_cast<int16_t>(b.v[i]);
  }
}
#endif

/// Sixteen lanes held as four vectors: the register blocks of the attention kernels.
struct F32x16 {
  F32x4 part[4];
};
inline F32x16 splat16(float x) { return {{splat(x), splat(x), splat(x), splat(x)}}; }
inline F32x16 load16(const float* p) { return {{load(p), load(p + 4), load(p + 8), load(p + 12)}}; }
inline void store16(float* p, const F32x16& a) {
  for (int i = 0; i < 4; ++i) store(p + 4 * i, a.part[i]);
}
inline F32x16 mul16(const F32x16& a, F32x4 b) {
  return {{mul(a.part[0], b), mul(a.part[1], b), mul(a.part[2], b), mul(a.part[3], b)}};
}
/// a + w * (the 16 values at p), lane by lane: a product, then a sum (never fused).
inline F32x16 add_product(const F32x16& a, F32x4 w, const float* p) {
  F32x16 r;
  for (int i = 0; i < 4; ++i) r.part[i] = add(a.part[i], mul(w, load(p + 4 * i)));
  return r;
}

/// (l0 + l1) + (l2 + l3): the fixed order in which lane-parallel sums are finished.
inline float sum_lanes(F32x4 a) {
  alignas(16) float l[4];
  store(l, a);
  return (l[0] + l[1]) + (l[2] + l[3]);
}

inline float max_lanes(F32x4 a) {
  alignas(16) float l[4];
  store(l, a);
  const float x = l[0] > l[1] ? l[0] : l[1], y = l[2] > l[3] ? l[2] : l[3];
  return x > y ? x : y;
}

}  // namespace msq::simd
