// Entry point of the TorchScript encoder plugin: registers encoder/torchscript.
#include "torchscript_encoder.h"

#include <modelsat/plugin.h>

namespace {

std::unique_ptr<modelsat::Encoder> create_torchscript_encoder(const modelsat::CreateContext& context,
                                                              const std::string& config_json) {
  return std::make_unique<modelsat::ts::TorchScriptEncoder>(nlohmann::json::parse(config_json), context.device);
}

void register_torchscript_encoder(modelsat::Registrar& registrar) {
  registrar.add_encoder({"torchscript", "a user-supplied TorchScript text encoder with a WordPiece or BPE tokenizer",
                         modelsat::ts::kTorchScriptEncoderSchema},
                        &create_torchscript_encoder);
}

}  // namespace

MODELSAT_PLUGIN("torchscript_encoder", "1.0.0", register_torchscript_encoder)
