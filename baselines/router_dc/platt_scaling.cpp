// Per-model Platt scaling by Newton's method, vectorised over models.
#include "platt_scaling.h"

#include <ATen/ATen.h>

namespace baselines {

std::pair<at::Tensor, at::Tensor> fit_platt(const at::Tensor& scores, const at::Tensor& labels) {
  constexpr double kRidge = 1e-3;
  constexpr int kSteps = 25;
  const at::Tensor s = scores.detach().to(at::kDouble);
  const at::Tensor y = labels.detach().to(at::kDouble);
  at::Tensor a = at::ones({s.size(1)}, s.options());
  at::Tensor b = at::zeros({s.size(1)}, s.options());
  for (int step = 0; step < kSteps; ++step) {
    const at::Tensor p = at::sigmoid(a * s + b);
    const at::Tensor r = p - y;
    const at::Tensor w = p * (1.0 - p);
    const at::Tensor g_a = (r * s).sum(0) + kRidge * a;
    const at::Tensor g_b = r.sum(0) + kRidge * b;
    const at::Tensor h_aa = (w * s * s).sum(0) + kRidge;
    const at::Tensor h_ab = (w * s).sum(0);
    const at::Tensor h_bb = w.sum(0) + kRidge;
    const at::Tensor det = h_aa * h_bb - h_ab * h_ab;
    a = a - (h_bb * g_a - h_ab * g_b) / det;
    b = b - (h_aa * g_b - h_ab * g_a) / det;
  }
  return {a.to(at::kFloat), b.to(at::kFloat)};
}

}  // namespace baselines
