// A dense row-major float matrix for score and outcome tables ([n_queries x n_models]) without libtorch.
#pragma once

#include <cstddef>
#include <vector>

namespace modelsat::eval {

struct Matrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<float> values;  ///< rows * cols entries, row-major

  Matrix() = default;
  Matrix(size_t n_rows, size_t n_cols, float fill = 0.0F) : rows(n_rows), cols(n_cols), values(n_rows * n_cols, fill) {}
  float at(size_t r, size_t c) const { return values[r * cols + c]; }
  float& at(size_t r, size_t c) { return values[r * cols + c]; }
};

}  // namespace modelsat::eval
