// ExampleRouter: scores every query with the candidate's (smoothed) accuracy on the training split.
#pragma once

#include <modelsat/router.h>

#include <map>
#include <string>

namespace example {

/// Config (validated by the host against kExampleRouterSchema before create()).
struct ExampleRouterConfig {
  double smoothing = 1.0; ///< Laplace smoothing: (correct + s) / (answered + 2 s)
};

/// Scores are query-independent: P(correct) for a model is its training accuracy. A candidate not seen in training is
/// scored by the mean of its aptitude vector when it has one, otherwise by the mean training accuracy of the zoo.
class ExampleRouter final : public modelsat::Router {
 public:
  explicit ExampleRouter(ExampleRouterConfig config) : config_(config) {}
  modelsat::RouterCaps caps() const override;
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  float prior_for(const modelsat::ModelCard& model) const;

  ExampleRouterConfig config_;
  std::map<std::string, float> accuracy_; ///< model name -> smoothed training accuracy
  float zoo_mean_ = 0.5F;
  bool fitted_ = false;
};

/// JSON-Schema subset of ExampleRouterConfig.
extern const char* const kExampleRouterSchema;

}  // namespace example
