// SwRankingRouter: similarity-weighted pairwise battles -> per-query Bradley-Terry strengths -> mean win rate.
#include "sw_ranking_router.h"

#include "routing_checks.h"
#include "similarity.h"
#include "state_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace baselines {
namespace {

constexpr int64_t kChunk = 64;  // queries per batched Bradley-Terry fit (bounds memory at chunk * n_train * n_models)

}  // namespace

const char* const kSwRankingSchema = R"json({
  "type": "object",
  "properties": {
    "weight_base": {"type": "number", "exclusiveMinimum": 1, "default": 10.0,
                    "description": "a training query weighs weight_base^(similarity / max similarity)"},
    "prior_ties": {"type": "number", "exclusiveMinimum": 0, "default": 1.0,
                   "description": "pseudo-ties between every pair of models, keeping Bradley-Terry strengths finite"},
    "iterations": {"type": "integer", "minimum": 1, "default": 50,
                   "description": "Bradley-Terry minorisation-maximisation steps per query"}
  }
})json";

std::unique_ptr<modelsat::Router> SwRankingRouter::create(const modelsat::CreateContext& /*context*/,
                                                          const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<SwRankingRouter>(SwRankingConfig{config.at("weight_base").get<double>(),
                                                           config.at("prior_ties").get<double>(),
                                                           config.at("iterations").get<int64_t>()});
}

void SwRankingRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  correct_ = checked_correct("sw_ranking", train);
  embeddings_ = checked_embeddings("sw_ranking", "fit", train.queries, -1);
  models_ = model_names(train.candidates);
}

at::Tensor SwRankingRouter::win_rates(const at::Tensor& x) const {
  const at::Tensor sims = similarity(x, embeddings_, Metric::cosine).to(at::kDouble);              // [n, N]
  const at::Tensor max_sim = std::get<0>(sims.max(1, true)).clamp_min(1e-6);
  const at::Tensor weights = at::pow(config_.weight_base, sims / max_sim);                        // [n, N]
  const at::Tensor c = correct_.to(at::kDouble);                                                  // [N, M]
  const at::Tensor weighted = weights.unsqueeze(2) * c.unsqueeze(0);                              // [n, N, M]
  const at::Tensor wins = at::bmm(weighted.transpose(1, 2), (1.0 - c).unsqueeze(0).expand({x.size(0), -1, -1}));
  const at::Tensor total = weights.sum(1).view({-1, 1, 1});
  const at::Tensor ties = total - wins - wins.transpose(1, 2);
  const int64_t m = c.size(1);
  const at::Tensor off_diagonal = 1.0 - at::eye(m, at::kDouble);
  const at::Tensor effective = (wins + 0.5 * ties + 0.5 * config_.prior_ties) * off_diagonal;     // [n, M, M]
  const at::Tensor games = effective + effective.transpose(1, 2);
  const at::Tensor won = effective.sum(2);                                                         // [n, M]
  at::Tensor strength = at::ones({x.size(0), m}, at::kDouble);
  for (int64_t step = 0; step < config_.iterations; ++step) {
    const at::Tensor pair_sum = strength.unsqueeze(2) + strength.unsqueeze(1);
    strength = won / (games / pair_sum).sum(2);
    strength = strength / at::exp(at::log(strength).mean(1, true));
  }
  const at::Tensor beat = strength.unsqueeze(2) / (strength.unsqueeze(2) + strength.unsqueeze(1)) * off_diagonal;
  return (beat.sum(2) / static_cast<double>(std::max<int64_t>(m - 1, 1))).to(at::kFloat);
}

at::Tensor SwRankingRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  require_fitted(embeddings_.defined(), "sw_ranking", "score");
  const std::vector<int64_t> columns = candidate_columns("sw_ranking", models_, candidates);
  const at::Tensor x = checked_embeddings("sw_ranking", "score", queries, embeddings_.size(1));
  std::vector<at::Tensor> chunks;
  for (int64_t begin = 0; begin < x.size(0); begin += kChunk) chunks.push_back(win_rates(x.slice(0, begin, begin + kChunk)));
  const at::Tensor rates = chunks.empty() ? at::empty({0, correct_.size(1)}, at::kFloat) : at::cat(chunks);
  return select_columns(rates, columns);
}

void SwRankingRouter::save(const std::string& path) const {
  require_fitted(embeddings_.defined(), "sw_ranking", "save");
  save_state(path, RouterState{"sw_ranking", 1, {{"models", models_}},
                               {{"embeddings", embeddings_}, {"correct", correct_}}});
}

void SwRankingRouter::load(const std::string& path) {
  const RouterState state = load_state(path, "sw_ranking", 1);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  embeddings_ = state_tensor(state, "embeddings", path);
  correct_ = state_tensor(state, "correct", path);
}

}  // namespace baselines
