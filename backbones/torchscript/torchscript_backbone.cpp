// TorchScriptBackbone: load + probe a user module, forward with shape checks, save as TorchScript.
#include "torchscript_backbone.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>

#include <ATen/ATen.h>
#include <torch/csrc/jit/serialization/import.h>

#include <sstream>

namespace modelsat::ts {

const char* const kTorchScriptBackboneSchema = R"json({
  "type": "object",
  "required": ["module"],
  "properties": {
    "module": {"type": "string", "minLength": 1,
               "description": "TorchScript file: forward(embeds [n,t,in] float, mask [n,t] bool) -> [n,t,hidden]"},
    "input_dim": {"type": "integer", "minimum": 0, "default": 0,
                  "description": "width of the input embeddings; 0 = the module's integer attribute input_dim"}
  }
})json";

namespace {

std::string shape_of(const at::Tensor& tensor) {
  std::string out = "[";
  for (int64_t i = 0; i < tensor.dim(); ++i) out += (i ? ", " : "") + std::to_string(tensor.size(i));
  return out + "]";
}

}  // namespace

TorchScriptBackbone::TorchScriptBackbone(const std::string& module_path, int64_t input_dim, const std::string& device)
    : device_(device) {
  open(module_path, input_dim);
}

void TorchScriptBackbone::open(const std::string& path, int64_t requested_input_dim) {
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, at::Device(device_));
  } catch (const std::exception& error) {
    throw DataError(path + ": cannot load TorchScript backbone: " + std::string(error.what()).substr(0, 300));
  }
  int64_t input_dim = requested_input_dim;
  if (input_dim <= 0) {
    if (!module.hasattr("input_dim") || !module.attr("input_dim").isInt()) {
      throw DataError(path + ": TorchScript backbone: unknown input width (expected config input_dim > 0 or an "
                             "integer attribute input_dim on the module, got neither)");
    }
    input_dim = module.attr("input_dim").toInt();
  }
  std::swap(module_, module);
  path_ = path;
  input_dim_ = input_dim;
  module_.eval();
  const at::Tensor probe = call(at::zeros({1, 2, input_dim_}), at::ones({1, 2}, at::kBool), "load");
  hidden_dim_ = probe.size(2);
}

at::Tensor TorchScriptBackbone::call(const at::Tensor& embeds, const at::Tensor& mask, const std::string& where) {
  const at::Device device(device_);
  c10::IValue output;
  try {
    output = module_.forward({embeds.to(device, at::kFloat), mask.to(device, at::kBool)});
  } catch (const std::exception& error) {
    throw DataError(path_ + ": TorchScript backbone: " + where + ": forward failed: " +
                    std::string(error.what()).substr(0, 300));
  }
  if (!output.isTensor()) {
    throw DataError(path_ + ": TorchScript backbone: " + where + ": forward must return a Tensor (got " +
                    output.tagKind() + ")");
  }
  at::Tensor hidden = output.toTensor();
  const bool ok = hidden.dim() == 3 && hidden.size(0) == embeds.size(0) && hidden.size(1) == embeds.size(1) &&
                  (hidden_dim_ == 0 || hidden.size(2) == hidden_dim_);
  if (!ok) {
    throw DataError(path_ + ": TorchScript backbone: " + where + ": wrong output shape (expected [" +
                    std::to_string(embeds.size(0)) + ", " + std::to_string(embeds.size(1)) + ", hidden], got " +
                    shape_of(hidden) + ")");
  }
  return hidden.to(embeds.device(), at::kFloat);
}

at::Tensor TorchScriptBackbone::forward(const at::Tensor& embeds, const at::Tensor& mask) {
  if (embeds.dim() != 3 || embeds.size(2) != input_dim_) {
    throw Error("backbone/torchscript: forward: bad embeddings (expected [n, t, " + std::to_string(input_dim_) +
                "], got " + shape_of(embeds) + ")");
  }
  return call(embeds, mask, "forward");
}

std::vector<at::Tensor> TorchScriptBackbone::parameters() {
  std::vector<at::Tensor> out;
  for (const at::Tensor& p : module_.parameters()) out.push_back(p);
  return out;
}

void TorchScriptBackbone::set_training(bool training) { module_.train(training); }

void TorchScriptBackbone::to_device(const std::string& device) {
  device_ = device;
  module_.to(at::Device(device));
}

void TorchScriptBackbone::save(const std::string& path) const {
  std::ostringstream bytes;
  module_.save(bytes);
  write_file_atomic(path, bytes.str());
}

void TorchScriptBackbone::load(const std::string& path) {
  const int64_t input_dim = input_dim_, hidden_dim = hidden_dim_;
  hidden_dim_ = 0;
  open(path, input_dim);
  if (hidden_dim_ != hidden_dim) {
    throw DataError(path + ": TorchScript backbone: another hidden width than the module it replaces (expected " +
                    std::to_string(hidden_dim) + ", got " + std::to_string(hidden_dim_) + ")");
  }
}

}  // namespace modelsat::ts
