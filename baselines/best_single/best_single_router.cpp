// BestSingleRouter: per-model smoothed training accuracy, the same for every query.
#include "best_single_router.h"

#include "accuracy_table.h"
#include "routing_checks.h"
#include "state_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace baselines {

const char* const kBestSingleSchema = R"json({
  "type": "object",
  "properties": {
    "smoothing": {"type": "number", "minimum": 0, "default": 1.0,
                  "description": "Laplace smoothing of each model's training accuracy: (hits + s) / (n + 2 s)"}
  }
})json";

std::unique_ptr<modelsat::Router> BestSingleRouter::create(const modelsat::CreateContext& /*context*/,
                                                           const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<BestSingleRouter>(BestSingleConfig{config.at("smoothing").get<double>()});
}

modelsat::RouterCaps BestSingleRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  return caps;
}

void BestSingleRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  accuracy_ = smoothed_accuracy(checked_correct("best_single", train), config_.smoothing);
  models_ = model_names(train.candidates);
}

at::Tensor BestSingleRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  require_fitted(accuracy_.defined(), "best_single", "score");
  const at::Tensor row = select_columns(accuracy_.unsqueeze(0), candidate_columns("best_single", models_, candidates));
  return row.expand({queries.size(), candidates.size()}).contiguous();
}

void BestSingleRouter::save(const std::string& path) const {
  require_fitted(accuracy_.defined(), "best_single", "save");
  save_state(path, RouterState{"best_single", 1, {{"models", models_}, {"smoothing", config_.smoothing}},
                               {{"accuracy", accuracy_}}});
}

void BestSingleRouter::load(const std::string& path) {
  const RouterState state = load_state(path, "best_single", 1);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  config_.smoothing = state.settings.at("smoothing").get<double>();
  accuracy_ = state_tensor(state, "accuracy", path);
}

}  // namespace baselines
