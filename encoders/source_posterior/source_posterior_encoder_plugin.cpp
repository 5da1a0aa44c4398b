// Entry point of the source_posterior encoder plugin: registers encoder/source_posterior.
#include "source_posterior_encoder.h"

#include <modelsat/plugin.h>

#include <nlohmann/json.hpp>

namespace {

std::unique_ptr<modelsat::Encoder> create_source_posterior(const modelsat::CreateContext& /*context*/,
                                                           const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<modelsat::source_posterior::SourcePosteriorEncoder>(
      modelsat::source_posterior::SourcePosteriorEncoderConfig{
          config.at("alpha").get<double>(), config.at("word_pairs").get<bool>(),
          config.at("max_sources").get<int64_t>()});
}

void register_source_posterior(modelsat::Registrar& registrar) {
  registrar.add_encoder({"source_posterior",
                         "supervised: naive-Bayes posterior over the training questions' source labels, from the text",
                         modelsat::source_posterior::kSourcePosteriorEncoderSchema},
                        &create_source_posterior);
}

}  // namespace

MODELSAT_PLUGIN("source_posterior_encoder", "1.0.0", register_source_posterior)
