// A small .msq model with seeded random weights, for the runtime's tests (native and wasm) and benchmark.
#pragma once

#include "msq/format.h"

#include <cstdint>
#include <string>

namespace msq::test {

/// Shape of the generated model.
struct TestModelShape {
  int64_t tasks = 5;
  int64_t width = 16;
  int64_t heads = 2;
  int64_t layers = 2;
  int64_t context = 64;
  int64_t capability_width = 8;
  int64_t routing_shuffles = 2;
  std::string capability = "per_task";
  std::string positions = "learned";
  bool connector_mlp = false;
  std::string sequence_order = "capability_first";
};

/// A complete model file (3 zoo models, one named zoo "small", a few BPE merges) with weights drawn from seed.
ModelFile make_test_model(uint64_t seed, const TestModelShape& shape = TestModelShape());

}  // namespace msq::test
