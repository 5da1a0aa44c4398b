// Entry point of the transformer encoder plugin: registers encoder/transformer.
#include "transformer_encoder.h"

#include <modelsat/plugin.h>

namespace {

std::unique_ptr<modelsat::Encoder> create_transformer_encoder(const modelsat::CreateContext& context,
                                                              const std::string& config_json) {
  return std::make_unique<modelsat::tenc::TransformerEncoder>(nlohmann::json::parse(config_json), context.device,
                                                              context.seed, context.work_dir);
}

void register_transformer_encoder(modelsat::Registrar& registrar) {
  registrar.add_encoder({"transformer", "small transformer text encoder trained in-platform (BPE + masked LM)",
                         modelsat::tenc::transformer_encoder_schema().c_str()},
                        &create_transformer_encoder);
}

}  // namespace

MODELSAT_PLUGIN("transformer_encoder", "1.0.0", register_transformer_encoder)
