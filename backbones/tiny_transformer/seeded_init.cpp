// Seeded initialisation: one local CPU generator walks the parameters in registration order.
#include "seeded_init.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

namespace modelsat::nn {

void seeded_init(torch::nn::Module& module, uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  at::NoGradGuard no_grad;
  for (auto& item : module.named_parameters(/*recurse=*/true)) {
    at::Tensor& param = item.value();
    const std::string& name = item.key();
    const bool is_bias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
    at::Tensor value;
    if (is_bias) {
      value = at::zeros(param.sizes(), at::kFloat);
    } else if (param.dim() == 1) {
      value = at::ones(param.sizes(), at::kFloat);
    } else {
      const double std = 1.0 / std::sqrt(static_cast<double>(param.size(param.dim() - 1)));
      value = at::normal(0.0, std, param.sizes(), generator, at::TensorOptions().dtype(at::kFloat));
    }
    param.copy_(value.to(param.device()));
  }
}

}  // namespace modelsat::nn
