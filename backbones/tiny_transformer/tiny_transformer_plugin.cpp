// Entry point of the tiny transformer plugin: registers backbone/tiny_transformer.
#include "tiny_transformer_backbone.h"

#include <modelsat/plugin.h>

namespace {

std::unique_ptr<modelsat::Backbone> create_tiny_transformer(const modelsat::CreateContext& context,
                                                            const std::string& config_json) {
  const auto config = modelsat::nn::tiny_transformer_config(nlohmann::json::parse(config_json));
  return std::make_unique<modelsat::nn::TinyTransformerBackbone>(config, context.input_dim, context.device,
                                                                 context.seed);
}

void register_tiny_transformer(modelsat::Registrar& registrar) {
  static const std::string schema = modelsat::nn::tiny_transformer_schema().dump();
  registrar.add_backbone({"tiny_transformer", "small causal pre-norm transformer (learned or rotary positions)",
                          schema.c_str()},
                         &create_tiny_transformer);
}

}  // namespace

MODELSAT_PLUGIN("tiny_transformer", "1.0.0", register_tiny_transformer)
