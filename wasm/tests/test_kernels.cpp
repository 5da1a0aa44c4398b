// [runtime] int8 kernels against float/double references: exact int32 dot products, bounded quantisation error.
#include "msq/kernels.h"

#include <modelsat/rng.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

std::vector<float> normal_values(modelsat::Rng& rng, size_t n, double scale = 1.0) {
  std::vector<float> out;
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<float>(scale * rng.normal()));
  return out;
}

}  // namespace

TEST_CASE("runtime kernels: the SIMD dot product of int8 values equals the scalar sum for every length", "[runtime]") {
  modelsat::Rng rng(3);
  for (int64_t n = 0; n <= 100; ++n) {
    std::vector<int16_t> a, b;
    int32_t expected = 0;
    for (int64_t i = 0; i < n; ++i) {
      a.push_back(static_cast<int16_t>(static_cast<int>(rng.below(255)) - 127));
      b.push_back(static_cast<int16_t>(static_cast<int>(rng.below(255)) - 127));
      expected += static_cast<int32_t>(a.back()) * static_cast<int32_t>(b.back());
    }
    INFO("n = " << n);
    CHECK(msq::dot_i16(a.data(), b.data(), n) == expected);
  }
  const std::vector<int16_t> extreme(256, -127);
  CHECK(msq::dot_i16(extreme.data(), extreme.data(), 256) == 256 * 127 * 127);
}

TEST_CASE("runtime kernels: row quantisation is within half a step and keeps the largest value", "[runtime]") {
  modelsat::Rng rng(4);
  const std::vector<float> x = normal_values(rng, 64, 3.0);
  for (const int32_t levels : {127, 32767}) {
    INFO("levels = " << levels);
    std::vector<int16_t> q(64);
    const float scale = msq::quantize_row(x.data(), 64, q.data(), levels);
    float largest = 0.0F;
    for (float v : x) largest = std::max(largest, std::fabs(v));
    CHECK(scale == Approx(largest / static_cast<float>(levels)));
    for (size_t i = 0; i < x.size(); ++i) CHECK(std::fabs(q[i] * scale - x[i]) <= 0.5F * scale * (1.0F + 1e-5F));
    CHECK(*std::max_element(q.begin(), q.end(), [](int16_t a, int16_t b) { return std::abs(a) < std::abs(b); }) ==
          (x[static_cast<size_t>(std::max_element(x.begin(), x.end(), [](float a, float b) {
             return std::fabs(a) < std::fabs(b);
           }) - x.begin())] < 0 ? -levels : levels));
    std::vector<float> zeros(8, 0.0F);
    CHECK(msq::quantize_row(zeros.data(), 8, q.data(), levels) == 1.0F);
    CHECK(q[0] == 0);
    std::vector<int16_t> padded(16, 99);
    msq::quantize_row(x.data(), 11, padded.data(), levels);  // 11 values, padded with zeros to 16
    CHECK(std::abs(padded[10]) <= levels);
    for (size_t i = 11; i < 16; ++i) CHECK(padded[i] == 0);
  }

  const msq::QuantMatrix m = msq::quantize_rows(x.data(), 4, 16);
  for (int64_t r = 0; r < 4; ++r) {
    for (int64_t c = 0; c < 16; ++c) {
      const float value = x[static_cast<size_t>(r * 16 + c)];
      CHECK(std::fabs(m.q[static_cast<size_t>(r * 16 + c)] * m.scales[static_cast<size_t>(r)] - value) <=
            0.5F * m.scales[static_cast<size_t>(r)] * (1.0F + 1e-5F));
    }
  }
}

TEST_CASE("runtime kernels: the int8 linear layer is within its quantisation bound of the float one", "[runtime]") {
  modelsat::Rng rng(5);
  const int64_t rows = 7, in = 60, out = 50;  // not multiples of the SIMD widths: padding and tails are exercised
  const std::vector<float> x = normal_values(rng, static_cast<size_t>(rows * in));
  const std::vector<float> w = normal_values(rng, static_cast<size_t>(out * in), 1.0 / 8.0);
  const std::vector<float> bias = normal_values(rng, static_cast<size_t>(out), 0.1);
  const msq::QuantMatrix qw = msq::quantize_rows(w.data(), out, in);
  const msq::PackedMatrix packed = msq::pack(qw);
  CHECK(packed.stride == 64);
  const int activation_bits = GENERATE(8, 16);
  INFO("activation_bits = " << activation_bits);
  const int64_t stride = msq::padded(in);
  std::vector<int16_t> qx(static_cast<size_t>(rows * stride));
  std::vector<float> x_scales(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    x_scales[static_cast<size_t>(r)] =
        msq::quantize_row(x.data() + r * in, in, qx.data() + r * stride, msq::activation_levels(activation_bits, in));
  }
  std::vector<float> exact(static_cast<size_t>(rows * out)), quantised(exact.size());
  msq::linear_f32(x.data(), rows, w.data(), bias.data(), in, out, exact.data());
  msq::linear_q8(qx.data(), x_scales.data(), rows, packed, bias.data(), 0, out, quantised.data(), out);
  double worst_relative = 0.0;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t o = 0; o < out; ++o) {
      // |x w - x~ w~| <= sum |x| |dw| + |w~| |dx| with |dw| <= sw / 2, |dx| <= sx / 2.
      double bound = 0.0, magnitude = 0.0;
      for (int64_t k = 0; k < in; ++k) {
        const double xv = x[static_cast<size_t>(r * in + k)];
        const double wq = qw.q[static_cast<size_t>(o * in + k)] * static_cast<double>(qw.scales[static_cast<size_t>(o)]);
        bound += std::fabs(xv) * qw.scales[static_cast<size_t>(o)] / 2 + std::fabs(wq) * x_scales[static_cast<size_t>(r)] / 2;
        magnitude += std::fabs(xv * w[static_cast<size_t>(o * in + k)]);
      }
      const double error = std::fabs(exact[static_cast<size_t>(r * out + o)] - quantised[static_cast<size_t>(r * out + o)]);
      CHECK(error <= bound * 1.001 + 1e-5);
      worst_relative = std::max(worst_relative, error / magnitude);
    }
  }
  CHECK(worst_relative < 0.02);  // measured 0.0055 (8-bit) and 0.0043 (16-bit): the int8 weights dominate here

  // A channel range writes into a strided output and matches the full result.
  std::vector<float> part(static_cast<size_t>(rows * out), -1.0F);
  msq::linear_q8(qx.data(), x_scales.data(), rows, packed, bias.data(), 15, 34, part.data() + 15, out);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t o = 0; o < out; ++o) {
      const float v = part[static_cast<size_t>(r * out + o)];
      if (o >= 15 && o < 34) {
        CHECK(v == quantised[static_cast<size_t>(r * out + o)]);
      } else {
        CHECK(v == -1.0F);
      }
    }
  }
}

TEST_CASE("runtime kernels: activation levels keep 16-bit sums inside int32, and other widths are refused",
          "[runtime]") {
  CHECK(msq::activation_levels(8, 64) == 127);
  CHECK(msq::activation_levels(8, 100000) == 127);
  CHECK(msq::activation_levels(16, 64) == 32767);
  CHECK(msq::activation_levels(16, 516) == 32767);
  CHECK(msq::activation_levels(16, 1024) == 16513);  // (2^31 - 1) / (127 * 1024)
  // The worst case at that length: every product at its largest magnitude, summed exactly.
  const std::vector<int16_t> weights(1024, 127), activations(1024, 16513);
  CHECK(msq::dot_i16(weights.data(), activations.data(), 1024) == 1024 * 127 * 16513);
  CHECK_THROWS_WITH(msq::activation_levels(4, 64), "activation_bits: not supported (expected 8 or 16, got 4)");
}

TEST_CASE("runtime kernels: layer norm, GELU, softmax and sigmoid match double references", "[runtime]") {
  modelsat::Rng rng(6);
  const std::vector<float> x = normal_values(rng, 64, 2.0);
  const std::vector<float> gamma = normal_values(rng, 64), beta = normal_values(rng, 64);
  std::vector<float> y(64);
  msq::layer_norm(x.data(), 64, gamma.data(), beta.data(), y.data());
  double mean = 0.0, variance = 0.0;
  for (float v : x) mean += v / 64.0;
  for (float v : x) variance += (v - mean) * (v - mean) / 64.0;
  for (size_t i = 0; i < 64; ++i) {
    CHECK(y[i] == Approx((x[i] - mean) / std::sqrt(variance + 1e-5) * gamma[i] + beta[i]).margin(1e-5));
  }
  std::vector<float> g = x;
  msq::gelu(g.data(), 64);  // fast_erf: up to 2e-6 from the exact formula at |x| near 5
  for (size_t i = 0; i < 64; ++i) CHECK(g[i] == Approx(x[i] * 0.5 * (1.0 + std::erf(x[i] / std::sqrt(2.0)))).margin(2e-6));
  std::vector<float> s = {1000.0F, 1001.0F, 999.0F};
  msq::softmax(s.data(), 3);
  const double total = std::exp(0.0) + std::exp(1.0) + std::exp(-1.0);
  CHECK(s[0] == Approx(1.0 / total).margin(1e-6));
  CHECK(s[1] == Approx(std::exp(1.0) / total).margin(1e-6));
  CHECK(msq::sigmoid(0.0) == 0.5);
  CHECK(msq::sigmoid(-800.0) == Approx(0.0).margin(1e-300));
}

TEST_CASE("runtime kernels: fast_erf is within 5e-7 of erf everywhere", "[runtime]") {
  double worst = 0.0;
  for (double x = -10.0; x <= 10.0; x += 1e-4) {
    worst = std::max(worst, std::fabs(msq::fast_erf(static_cast<float>(x)) - std::erf(x)));
  }
  CHECK(worst < 5e-7);  // measured 4.2e-7, near |x| = 3.3
  CHECK(msq::fast_erf(0.0F) == 0.0F);
  CHECK(msq::fast_erf(100.0F) == Approx(1.0).margin(1e-6));
  CHECK(msq::fast_erf(-100.0F) == Approx(-1.0).margin(1e-6));
}

TEST_CASE("runtime kernels: fast_exp is within 5e-6 relative of exp and clamps outside its range", "[runtime]") {
  double worst = 0.0;
  for (int i = -8700; i <= 8800; ++i) {
    const double x = i / 100.0;
    worst = std::max(worst, std::fabs(msq::fast_exp(static_cast<float>(x)) / std::exp(x) - 1.0));
  }
  CHECK(worst < 5e-6);  // measured 3.9e-6 at the ends of the range (float range reduction)
  CHECK(msq::fast_exp(-1000.0F) == Approx(std::exp(-87.0)).epsilon(1e-6));
  CHECK(std::isfinite(msq::fast_exp(1000.0F)));
}

TEST_CASE("runtime kernels: row quantisation's SIMD blocks round exactly as the scalar formula, at every length",
          "[runtime]") {
  modelsat::Rng rng(9);
  for (int64_t n = 1; n <= 40; ++n) {
    INFO("n = " << n);
    const std::vector<float> x = normal_values(rng, static_cast<size_t>(n), 5.0);
    std::vector<int16_t> q(static_cast<size_t>(msq::padded(n)));
    const float scale = msq::quantize_row(x.data(), n, q.data(), 32767);
    const float inverse = 1.0F / scale;
    for (int64_t i = 0; i < n; ++i) {
      const float v = std::max(-32767.0F, std::min(32767.0F, x[static_cast<size_t>(i)] * inverse));
      CHECK(q[static_cast<size_t>(i)] == static_cast<int16_t>(std::nearbyint(v)));  // half to even
    }
  }
}

TEST_CASE("runtime kernels: attention scores and weighted values equal their plain loops bit for bit, at every length",
          "[runtime]") {
  modelsat::Rng rng(10);
  for (const int64_t head_width : {1, 4, 6, 16, 20, 36}) {
    for (int64_t n = 0; n <= 37; ++n) {
      INFO("head width " << head_width << ", n = " << n);
      const int64_t stride = n + 3;  // keys: [head_width, stride], the first n columns used
      const std::vector<float> q = normal_values(rng, static_cast<size_t>(head_width));
      const std::vector<float> keys = normal_values(rng, static_cast<size_t>(head_width * stride));
      std::vector<float> scores(static_cast<size_t>(n) + 1, -7.0F);
      msq::attention_scores(q.data(), keys.data(), head_width, stride, n, 0.25F, scores.data());
      for (int64_t j = 0; j < n; ++j) {
        float sum = 0.0F;
        for (int64_t c = 0; c < head_width; ++c) {
          sum += q[static_cast<size_t>(c)] * keys[static_cast<size_t>(c * stride + j)];
        }
        CHECK(scores[static_cast<size_t>(j)] == sum * 0.25F);
      }
      CHECK(scores[static_cast<size_t>(n)] == -7.0F);  // nothing written past n

      const std::vector<float> weights = normal_values(rng, static_cast<size_t>(n));
      const std::vector<float> values = normal_values(rng, static_cast<size_t>(n * head_width));
      std::vector<float> out = normal_values(rng, static_cast<size_t>(head_width));
      std::vector<float> expected = out;
      msq::add_weighted_values(weights.data(), values.data(), n, head_width, out.data());
      for (int64_t c = 0; c < head_width; ++c) {
        for (int64_t j = 0; j < n; ++j) {
          expected[static_cast<size_t>(c)] +=
              weights[static_cast<size_t>(j)] * values[static_cast<size_t>(j * head_width + c)];
        }
        CHECK(out[static_cast<size_t>(c)] == expected[static_cast<size_t>(c)]);
      }
    }
  }
}

TEST_CASE("runtime kernels: softmax weights are fast_exp(x - max) times one normaliser, bit for bit, at every length",
          "[runtime]") {
  modelsat::Rng rng(11);
  for (int64_t n = 1; n <= 40; ++n) {
    INFO("n = " << n);
    const std::vector<float> x = normal_values(rng, static_cast<size_t>(n), 4.0);
    std::vector<float> s = x;
    msq::softmax(s.data(), n);
    const auto top = static_cast<size_t>(std::max_element(x.begin(), x.end()) - x.begin());
    const float normaliser = s[top];  // fast_exp(0) is exactly 1
    double total = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
      CHECK(s[i] == msq::fast_exp(x[i] - x[top]) * normaliser);  // the SIMD and scalar exp give the same bits
      total += s[i];
    }
    CHECK(total == Approx(1.0).margin(1e-6));
  }
}
