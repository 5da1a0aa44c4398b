// Entry point of the Model-SAT plugin: registers router/model_sat.
#include "model_sat_router.h"

#include <modelsat/plugin.h>

namespace {

std::unique_ptr<modelsat::Router> create_model_sat(const modelsat::CreateContext& context,
                                                   const std::string& config_json) {
  return std::make_unique<modelsat::msat::ModelSatRouter>(nlohmann::json::parse(config_json), context);
}

void register_model_sat(modelsat::Registrar& registrar) {
  registrar.add_router({"model_sat", "Model-SAT: capability instruction tuning over aptitude results (AAAI 2025)",
                        modelsat::msat::model_sat_schema().c_str()},
                       &create_model_sat);
}

}  // namespace

MODELSAT_PLUGIN("model_sat", "1.0.0", register_model_sat)
