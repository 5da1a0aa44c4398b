// shape_text: a tensor's sizes as "[2, 5, 32]" for error messages.
#include "shape_text.h"

namespace modelsat {

std::string shape_text(const at::Tensor& tensor) {
  if (!tensor.defined()) return "an undefined tensor";
  std::string out = "[";
  for (int64_t i = 0; i < tensor.dim(); ++i) out += (i ? ", " : "") + std::to_string(tensor.size(i));
  return out + "]";
}

}  // namespace modelsat
