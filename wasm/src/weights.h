// Takes named tensors out of a parsed .msq file with their shapes checked.
#pragma once

#include "msq/format.h"

#include <string>
#include <vector>

namespace msq {

/// The float tensor name of shape `shape`. Throws FormatError "<source>: tensor '<name>': missing" or
/// "...: wrong shape (expected [a, b], got [c])".
std::vector<float> take_float(const ModelFile& file, const std::string& name, const std::vector<int64_t>& shape,
                              const std::string& source);
/// The int8 matrix name of shape [rows, cols]; throws like take_float.
QuantMatrix take_quant(const ModelFile& file, const std::string& name, int64_t rows, int64_t cols,
                       const std::string& source);

}  // namespace msq
