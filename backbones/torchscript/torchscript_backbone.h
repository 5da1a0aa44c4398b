// TorchScriptBackbone: a user-supplied TorchScript module behind the Backbone interface.
#pragma once

#include <modelsat/backbone.h>

#include <torch/csrc/jit/api/module.h>

#include <string>

namespace modelsat::ts {

/// JSON-Schema subset of the config: module (path, required), input_dim (0 = read the module's `input_dim` attribute).
extern const char* const kTorchScriptBackboneSchema;

/// The module's forward(embeds: Tensor[n, t, input_dim] float32, mask: Tensor[n, t] bool) -> Tensor[n, t, hidden]
/// is called as is; hidden_dim() is found by a probe forward at load. Parameters are the module's parameters.
/// save() writes the (trained) module as a TorchScript file; load() reads one with the same dimensions.
class TorchScriptBackbone final : public Backbone {
 public:
  /// Loads module_path and probes it on device. Throws DataError naming the file when it does not load, has no usable
  /// input_dim, or returns the wrong shape.
  TorchScriptBackbone(const std::string& module_path, int64_t input_dim, const std::string& device);
  int64_t input_dim() const override { return input_dim_; }
  int64_t hidden_dim() const override { return hidden_dim_; }
  at::Tensor forward(const at::Tensor& embeds, const at::Tensor& mask) override;
  std::vector<at::Tensor> parameters() override;
  void set_training(bool training) override;
  void to_device(const std::string& device) override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  /// Loads path, resolves input_dim (requested, or the module's attribute) and probes hidden_dim.
  void open(const std::string& path, int64_t requested_input_dim);
  at::Tensor call(const at::Tensor& embeds, const at::Tensor& mask, const std::string& where);

  std::string path_;
  std::string device_;
  int64_t input_dim_ = 0;
  int64_t hidden_dim_ = 0;
  mutable torch::jit::Module module_;
};

}  // namespace modelsat::ts
