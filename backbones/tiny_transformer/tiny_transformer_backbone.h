// TinyTransformerBackbone: the platform's small causal transformer behind the Backbone interface.
#pragma once

#include "transformer_stack.h"

#include <modelsat/backbone.h>

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::nn {

/// JSON-Schema subset of the config (layers, width, heads, context, ffn_multiplier, dropout, positions); also embedded
/// by routers that build this backbone themselves.
nlohmann::json tiny_transformer_schema();
/// Reads a config validated against tiny_transformer_schema(); causal is always true.
TransformerConfig tiny_transformer_config(const nlohmann::json& config);

/// Causal pre-norm transformer. input_dim() may differ from the width: a linear input projection is added then.
/// Parameters are initialised from seed alone. save/load write a checksummed, config-tagged state file.
class TinyTransformerBackbone final : public Backbone {
 public:
  /// input_dim <= 0 means "the width". Throws ConfigError on an invalid config.
  TinyTransformerBackbone(const TransformerConfig& config, int64_t input_dim, const std::string& device,
                          uint64_t seed);
  int64_t input_dim() const override { return input_dim_; }
  int64_t hidden_dim() const override { return config_.width; }
  /// embeds [n, t, input_dim] float32, mask [n, t] bool -> [n, t, width] on the device of embeds. Throws Error when
  /// t exceeds the context.
  at::Tensor forward(const at::Tensor& embeds, const at::Tensor& mask) override;
  /// Runs each prefix once and its continuations against the prefix's cached keys and values (see Backbone).
  at::Tensor forward_shared_prefix(const at::Tensor& prefix_embeds, const at::Tensor& prefix_mask,
                                   const at::Tensor& embeds, const at::Tensor& mask) override;
  std::vector<at::Tensor> parameters() override;
  void set_training(bool training) override;
  void to_device(const std::string& device) override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;
  const TransformerConfig& config() const { return config_; }

 private:
  class Net;
  std::string tag() const;

  TransformerConfig config_;
  int64_t input_dim_;
  std::shared_ptr<torch::nn::Module> root_;
  TransformerStack stack_{nullptr};
  torch::nn::Linear input_projection_{nullptr};
};

}  // namespace modelsat::nn
