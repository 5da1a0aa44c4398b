// Entry point of the TorchScript backbone plugin: registers backbone/torchscript.
#include "torchscript_backbone.h"

#include <modelsat/plugin.h>

#include <nlohmann/json.hpp>

namespace {

std::unique_ptr<modelsat::Backbone> create_torchscript_backbone(const modelsat::CreateContext& context,
                                                                const std::string& config_json) {
  const nlohmann::json config = nlohmann::json::parse(config_json);
  return std::make_unique<modelsat::ts::TorchScriptBackbone>(config.at("module").get<std::string>(),
                                                             config.at("input_dim").get<int64_t>(), context.device);
}

void register_torchscript_backbone(modelsat::Registrar& registrar) {
  registrar.add_backbone({"torchscript", "a user-supplied TorchScript sequence model (embeds, mask) -> hidden",
                          modelsat::ts::kTorchScriptBackboneSchema},
                         &create_torchscript_backbone);
}

}  // namespace

MODELSAT_PLUGIN("torchscript_backbone", "1.0.0", register_torchscript_backbone)
