// VoteRouter: agreement among candidate answers plus a fractional prior vote.
#include "vote_router.h"

#include "accuracy_table.h"
#include "routing_checks.h"
#include "state_file.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <map>

namespace baselines {

const char* const kVoteSchema = R"json({
  "type": "object",
  "properties": {
    "smoothing": {"type": "number", "minimum": 0, "default": 1.0,
                  "description": "Laplace smoothing of the training accuracy that breaks ties between equal votes"}
  }
})json";

std::unique_ptr<modelsat::Router> VoteRouter::create(const modelsat::CreateContext& /*context*/,
                                                     const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<VoteRouter>(VoteConfig{config.at("smoothing").get<double>()});
}

modelsat::RouterCaps VoteRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  caps.sees_candidate_answers = true;
  return caps;
}

void VoteRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  prior_ = smoothed_accuracy(checked_correct("vote", train), config_.smoothing);
  models_ = model_names(train.candidates);
}

std::vector<float> VoteRouter::priors_for(const modelsat::CandidateSet& candidates) const {
  const float mean_prior = prior_.mean().item<float>();
  std::vector<float> priors;
  for (const auto& model : candidates.models) {
    float prior = mean_prior;
    for (size_t m = 0; m < models_.size(); ++m) {
      if (models_[m] == model.name) prior = prior_[static_cast<int64_t>(m)].item<float>();
    }
    priors.push_back(prior);
  }
  return priors;
}

at::Tensor VoteRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  require_fitted(prior_.defined(), "vote", "score");
  const auto n_queries = static_cast<size_t>(queries.size());
  const auto n_models = static_cast<size_t>(candidates.size());
  if (queries.candidate_answers.size() != n_queries * n_models) {
    throw modelsat::DataError("vote: score: the queries need every candidate's answer: the host fills "
                              "QueryBatch::candidate_answers for routers with caps.sees_candidate_answers (expected " +
                              std::to_string(n_queries * n_models) + " answers, got " +
                              std::to_string(queries.candidate_answers.size()) + ")");
  }
  const std::vector<float> priors = priors_for(candidates);
  at::Tensor scores = at::empty({queries.size(), candidates.size()}, at::kFloat);
  auto out = scores.accessor<float, 2>();
  for (size_t q = 0; q < n_queries; ++q) {
    std::map<std::string, int> votes;
    int answered = 0;
    for (size_t m = 0; m < n_models; ++m) {
      const std::string& answer = queries.candidate_answers[q * n_models + m];
      if (answer.empty()) continue;
      ++votes[answer];
      ++answered;
    }
    for (size_t m = 0; m < n_models; ++m) {
      const std::string& answer = queries.candidate_answers[q * n_models + m];
      const int agreeing = answer.empty() ? 0 : votes[answer];
      out[static_cast<int64_t>(q)][static_cast<int64_t>(m)] =
          (static_cast<float>(agreeing) + priors[m]) / static_cast<float>(answered + 1);
    }
  }
  return scores;
}

void VoteRouter::save(const std::string& path) const {
  require_fitted(prior_.defined(), "vote", "save");
  save_state(path, RouterState{"vote", 1, {{"models", models_}}, {{"prior", prior_}}});
}

void VoteRouter::load(const std::string& path) {
  const RouterState state = load_state(path, "vote", 1);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  prior_ = state_tensor(state, "prior", path);
}

}  // namespace baselines
