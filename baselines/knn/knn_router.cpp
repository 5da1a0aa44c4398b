// KnnRouter: smoothed mean correctness of the nearest training queries.
#include "knn_router.h"

#include "accuracy_table.h"
#include "gradient_fit.h"
#include "routing_checks.h"
#include "state_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace baselines {

const char* const kKnnSchema = R"json({
  "type": "object",
  "properties": {
    "k": {"type": "integer", "minimum": 1, "default": 10, "description": "neighbours per query"},
    "metric": {"type": "string", "enum": ["cosine", "l2"], "default": "cosine",
               "description": "cosine similarity or Euclidean distance between embeddings"},
    "smoothing": {"type": "number", "minimum": 0, "default": 1.0,
                  "description": "pseudo-neighbours that carry the model's overall training accuracy"}
  }
})json";

std::unique_ptr<modelsat::Router> KnnRouter::create(const modelsat::CreateContext& context,
                                                    const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<KnnRouter>(KnnConfig{config.at("k").get<int64_t>(),
                                               metric_from_name(config.at("metric").get<std::string>()),
                                               config.at("smoothing").get<double>()},
                                     device_from_context(context, "knn"));
}

modelsat::RouterCaps KnnRouter::caps() const { return modelsat::RouterCaps{}; }

void KnnRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  const at::Tensor correct = checked_correct("knn", train);
  embeddings_ = checked_embeddings("knn", "fit", train.queries, -1).to(device_);
  correct_ = correct.to(device_);
  prior_ = smoothed_accuracy(correct, 1.0).to(device_);
  models_ = model_names(train.candidates);
}

at::Tensor KnnRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  require_fitted(embeddings_.defined(), "knn", "score");
  const at::Tensor x = checked_embeddings("knn", "score", queries, embeddings_.size(1)).to(device_);
  const int64_t k = std::min(config_.k, embeddings_.size(0));
  const at::Tensor neighbours = std::get<1>(similarity(x, embeddings_, config_.metric).topk(k, 1));  // [n, k]
  const at::Tensor hits = correct_.index_select(0, neighbours.reshape({-1})).view({x.size(0), k, -1}).sum(1);
  const at::Tensor estimate = (hits + config_.smoothing * prior_) / (static_cast<double>(k) + config_.smoothing);
  return select_columns(estimate, candidate_columns("knn", models_, candidates));
}

void KnnRouter::save(const std::string& path) const {
  require_fitted(embeddings_.defined(), "knn", "save");
  save_state(path, RouterState{"knn", 1, {{"models", models_}},
                               {{"embeddings", embeddings_}, {"correct", correct_}, {"prior", prior_}}});
}

void KnnRouter::load(const std::string& path) {
  const RouterState state = load_state(path, "knn", 1);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  embeddings_ = state_tensor(state, "embeddings", path).to(device_);
  correct_ = state_tensor(state, "correct", path).to(device_);
  prior_ = state_tensor(state, "prior", path).to(device_);
}

}  // namespace baselines
