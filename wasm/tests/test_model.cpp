// Seeded random .msq models: every tensor the runtime reads, with plausible scales.
#include "test_model.h"

#include <modelsat/rng.h>

#include <cmath>
#include <string>
#include <vector>

namespace msq::test {
namespace {

FloatTensor random_tensor(modelsat::Rng& rng, std::vector<int64_t> shape, double scale, double offset = 0.0) {
  FloatTensor t;
  t.shape = std::move(shape);
  int64_t count = 1;
  for (int64_t d : t.shape) count *= d;
  for (int64_t i = 0; i < count; ++i) t.values.push_back(static_cast<float>(offset + scale * rng.normal()));
  return t;
}

void add_linear(ModelFile& file, modelsat::Rng& rng, const std::string& name, int64_t out, int64_t in, bool quantised) {
  const FloatTensor w = random_tensor(rng, {out, in}, 1.0 / std::sqrt(static_cast<double>(in)));
  if (quantised) {
    file.quants[name] = quantize_rows(w.values.data(), out, in);
    file.floats[name + ".bias"] = random_tensor(rng, {out}, 0.05);
  } else {
    file.floats[name + ".weight"] = w;
    file.floats[name + ".bias"] = random_tensor(rng, {out}, 0.05);
  }
}

}  // namespace

ModelFile make_test_model(uint64_t seed, const TestModelShape& shape) {
  modelsat::Rng rng(seed);
  ModelFile file;
  file.router_id = "test_router";
  RouterSettings& s = file.settings;
  s.capability = shape.capability;
  s.capability_width = shape.capability_width;
  s.connector_mlp = shape.connector_mlp;
  s.routing_shuffles = shape.routing_shuffles;
  s.seed = seed;
  s.max_instruction_tokens = 24;
  s.inquiry_prompt = "can the model answer? yes or no";
  s.layers = shape.layers;
  s.width = shape.width;
  s.heads = shape.heads;
  s.context = shape.context;
  s.ffn_multiplier = 2;
  s.positions = shape.positions;
  s.sequence_order = shape.sequence_order;
  file.lowercase = true;
  const auto byte = [](char c) { return static_cast<int32_t>(5 + static_cast<unsigned char>(c)); };
  file.merges = {{byte('t'), byte('h')}, {261, byte('e')}, {byte(' '), 262}, {byte('a'), byte('n')}};
  for (int64_t t = 0; t < shape.tasks; ++t) file.tasks.push_back("topic " + std::to_string(t) + ", physics, math");
  for (int m = 0; m < 3; ++m) {
    ModelEntry entry{"model_" + std::to_string(m), 0.5 * (m + 1), {}};
    for (int64_t t = 0; t < shape.tasks; ++t) entry.aptitude.push_back(static_cast<float>(rng.uniform()));
    file.models.push_back(entry);
  }
  file.zoos["small"] = {"model_0", "model_2"};

  const int64_t d = shape.width, cw = shape.capability_width, vocab = 261 + static_cast<int64_t>(file.merges.size());
  file.floats["token_embedding"] = random_tensor(rng, {vocab, d}, 1.0);
  if (shape.positions == "learned") file.floats["position"] = random_tensor(rng, {shape.context, d}, 0.3);
  add_linear(file, rng, "psi.first", cw, 2 * d + 1, false);
  add_linear(file, rng, "psi.second", cw, cw, false);
  if (shape.connector_mlp) {
    add_linear(file, rng, "connector", cw, cw, false);
    add_linear(file, rng, "connector_out", d, cw, false);
  } else {
    add_linear(file, rng, "connector", d, cw, false);
  }
  for (int64_t i = 0; i < shape.layers; ++i) {
    const std::string p = "blocks." + std::to_string(i) + ".";
    file.floats[p + "norm_attention.weight"] = random_tensor(rng, {d}, 0.1, 1.0);
    file.floats[p + "norm_attention.bias"] = random_tensor(rng, {d}, 0.1);
    file.floats[p + "norm_ffn.weight"] = random_tensor(rng, {d}, 0.1, 1.0);
    file.floats[p + "norm_ffn.bias"] = random_tensor(rng, {d}, 0.1);
    add_linear(file, rng, p + "qkv", 3 * d, d, true);
    add_linear(file, rng, p + "out", d, d, true);
    add_linear(file, rng, p + "up", 2 * d, d, true);
    add_linear(file, rng, p + "down", d, 2 * d, true);
  }
  file.floats["norm_final.weight"] = random_tensor(rng, {d}, 0.1, 1.0);
  file.floats["norm_final.bias"] = random_tensor(rng, {d}, 0.1);
  add_linear(file, rng, "head", 1, d, false);
  return file;
}

}  // namespace msq::test
