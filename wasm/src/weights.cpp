// Named tensor look-ups with shape checks and clear messages.
#include "weights.h"

namespace msq {
namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

}  // namespace

std::vector<float> take_float(const ModelFile& file, const std::string& name, const std::vector<int64_t>& shape,
                              const std::string& source) {
  const auto it = file.floats.find(name);
  if (it == file.floats.end()) throw FormatError(source + ": tensor '" + name + "': missing (expected a float tensor)");
  if (it->second.shape != shape) {
    throw FormatError(source + ": tensor '" + name + "': wrong shape (expected " + shape_text(shape) + ", got " +
                      shape_text(it->second.shape) + ")");
  }
  return it->second.values;
}

QuantMatrix take_quant(const ModelFile& file, const std::string& name, int64_t rows, int64_t cols,
                       const std::string& source) {
  const auto it = file.quants.find(name);
  if (it == file.quants.end()) throw FormatError(source + ": tensor '" + name + "': missing (expected an int8 matrix)");
  if (it->second.rows != rows || it->second.cols != cols) {
    throw FormatError(source + ": tensor '" + name + "': wrong shape (expected " + shape_text({rows, cols}) + ", got " +
                      shape_text({it->second.rows, it->second.cols}) + ")");
  }
  for (float scale : it->second.scales) {
    if (!(scale > 0.0F) || scale > 1e30F) {
      throw FormatError(source + ": tensor '" + name + "': bad scale (expected a finite value > 0, got " +
                        std::to_string(scale) + ")");
    }
  }
  return it->second;
}

}  // namespace msq
