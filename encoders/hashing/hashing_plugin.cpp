// Entry point of the hashing encoder plugin: registers encoder/hashing.
#include "hashing_encoder.h"

#include <modelsat/plugin.h>

namespace {

std::unique_ptr<modelsat::Encoder> create_hashing(const modelsat::CreateContext& /*context*/,
                                                  const std::string& config_json) {
  return std::make_unique<modelsat::hashing::HashingEncoder>(
      modelsat::hashing::hashing_options_from_json(nlohmann::json::parse(config_json)));
}

void register_hashing(modelsat::Registrar& registrar) {
  registrar.add_encoder({"hashing", "weightless hashed character and word n-grams, L2-normalised (wasm-ready)",
                         modelsat::hashing::kHashingEncoderSchema},
                        &create_hashing);
}

}  // namespace

MODELSAT_PLUGIN("hashing_encoder", "1.0.0", register_hashing)
