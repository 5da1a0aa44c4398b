// shape_text: a tensor's sizes as "[2, 5, 32]" for error messages.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

namespace modelsat {

/// "[d0, d1, ...]", or "an undefined tensor".
std::string shape_text(const at::Tensor& tensor);

}  // namespace modelsat
