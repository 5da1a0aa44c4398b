// VoteRouter: post-generation majority vote over the candidates' answers, ties broken by training accuracy.
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

struct VoteConfig {
  double smoothing = 1.0; ///< Laplace smoothing of the training accuracy used as the prior
};

/// score(q, m) = (votes for m's answer + prior_m) / (candidates that answered + 1), where votes counts the candidates
/// of this call that gave the same non-empty answer (m included) and prior_m < 1 is m's smoothed training accuracy.
/// So a larger majority always wins and the prior only breaks ties; a model that gave no answer scores below every
/// model that did. A candidate unseen in training gets the mean prior. Needs QueryBatch::candidate_answers (the host
/// fills it because caps().sees_candidate_answers): all M candidates run, so its cost is the whole zoo's.
class VoteRouter final : public modelsat::Router {
 public:
  explicit VoteRouter(VoteConfig config) : config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  /// Throws modelsat::DataError when candidate_answers is not [n_queries * n_models].
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  std::vector<float> priors_for(const modelsat::CandidateSet& candidates) const;

  VoteConfig config_;
  std::vector<std::string> models_;
  at::Tensor prior_; ///< [n_models] float32
};

extern const char* const kVoteSchema;

}  // namespace baselines
