// SwRankingRouter: RouteLLM's similarity-weighted ranking, generalised to M models by a per-query Bradley-Terry fit.
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

struct SwRankingConfig {
  double weight_base = 10.0;  ///< training query i weighs weight_base^(sim_i / max_sim) (RouteLLM: 10 * 10^(...))
  double prior_ties = 1.0;    ///< pseudo-ties between every pair of models (keeps strengths finite)
  int64_t iterations = 50;    ///< Bradley-Terry minorisation-maximisation steps
};

/// For query q: every training query i is a set of pairwise "battles" (a beats b when a was correct and b was not; a
/// tie when both were right or both wrong), weighted by cosine similarity as in RouteLLM; a Bradley-Terry fit of
/// these battles (ties count half a win each) gives per-model strengths pi. score(q, m) = mean over the other fitted
/// models b of pi_m / (pi_m + pi_b): the expected win rate of m on queries like q, in (0, 1). A ranking score, not a
/// calibrated P(correct). Keeps training embeddings and correctness.
class SwRankingRouter final : public modelsat::Router {
 public:
  explicit SwRankingRouter(SwRankingConfig config) : config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override { return modelsat::RouterCaps{}; }
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  /// [n, n_models] win rates for a chunk of query embeddings.
  at::Tensor win_rates(const at::Tensor& x) const;

  SwRankingConfig config_;
  std::vector<std::string> models_;
  at::Tensor embeddings_; ///< [n_train, d]
  at::Tensor correct_;    ///< [n_train, n_models]
};

extern const char* const kSwRankingSchema;

}  // namespace baselines
