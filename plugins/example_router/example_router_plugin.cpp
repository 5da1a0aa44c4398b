// Entry point of the example plugin: registers router/example_router.
#include "example_router.h"

#include <modelsat/plugin.h>

#include <nlohmann/json.hpp>

namespace {

std::unique_ptr<modelsat::Router> create_example_router(const modelsat::CreateContext& /*context*/,
                                                        const std::string& config_json) {
  const nlohmann::json config = nlohmann::json::parse(config_json);
  return std::make_unique<example::ExampleRouter>(example::ExampleRouterConfig{config.at("smoothing").get<double>()});
}

void register_example(modelsat::Registrar& registrar) {
  registrar.add_router({"example_router", "always routes to the model with the best training accuracy",
                        example::kExampleRouterSchema},
                       &create_example_router);
}

}  // namespace

MODELSAT_PLUGIN("example_router", "1.0.0", register_example)
