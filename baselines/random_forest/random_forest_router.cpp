// RandomForestRouter: fit a regression forest on (embedding -> correctness row); score with its mean leaf values.
#include "random_forest_router.h"

#include "routing_checks.h"
#include "state_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace baselines {

const char* const kRandomForestSchema = R"json({
  "type": "object",
  "properties": {
    "n_trees": {"type": "integer", "minimum": 1, "default": 50, "description": "trees in the forest"},
    "max_depth": {"type": "integer", "minimum": 1, "default": 8, "description": "maximum depth of a tree"},
    "min_samples_leaf": {"type": "integer", "minimum": 1, "default": 5, "description": "fewest training rows in a leaf"},
    "features_per_split": {"type": "integer", "minimum": 0, "default": 0,
                           "description": "embedding dimensions tried at each split; 0 = round(sqrt(d))"},
    "bootstrap": {"type": "boolean", "default": true, "description": "each tree sees a bootstrap sample of the rows"}
  }
})json";

std::unique_ptr<modelsat::Router> RandomForestRouter::create(const modelsat::CreateContext& context,
                                                             const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<RandomForestRouter>(
      ForestConfig{config.at("n_trees").get<int64_t>(), config.at("max_depth").get<int64_t>(),
                   config.at("min_samples_leaf").get<int64_t>(), config.at("features_per_split").get<int64_t>(),
                   config.at("bootstrap").get<bool>()},
      context.seed);
}

void RandomForestRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  const at::Tensor correct = checked_correct("random_forest", train);
  const at::Tensor x = checked_embeddings("random_forest", "fit", train.queries, -1);
  modelsat::Rng rng(seed_);
  forest_.fit(x, correct, config_, rng);
  models_ = model_names(train.candidates);
  dim_ = x.size(1);
}

at::Tensor RandomForestRouter::score(const modelsat::QueryBatch& queries,
                                     const modelsat::CandidateSet& candidates) const {
  require_fitted(!forest_.empty(), "random_forest", "score");
  const std::vector<int64_t> columns = candidate_columns("random_forest", models_, candidates);
  return select_columns(forest_.predict(checked_embeddings("random_forest", "score", queries, dim_)), columns);
}

void RandomForestRouter::save(const std::string& path) const {
  require_fitted(!forest_.empty(), "random_forest", "save");
  save_state(path, RouterState{"random_forest", 1, {{"models", models_}, {"dim", dim_}}, forest_.tensors()});
}

void RandomForestRouter::load(const std::string& path) {
  const RouterState state = load_state(path, "random_forest", 1);
  forest_.restore(state.tensors, path);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  dim_ = state.settings.at("dim").get<int64_t>();
}

}  // namespace baselines
