// Deterministic parameter initialisation from a seed, independent of torch's global generator.
#pragma once

#include <torch/nn/module.h>

#include <cstdint>

namespace modelsat::nn {

/// Re-initialises every parameter of module from a local generator seeded with seed: matrices [out, in] (and
/// embeddings [n, width]) ~ N(0, 1 / in), biases 0, one-dimensional weights (layer-norm gains) 1. Bit-identical for a
/// seed on CPU.
void seeded_init(torch::nn::Module& module, uint64_t seed);

}  // namespace modelsat::nn
