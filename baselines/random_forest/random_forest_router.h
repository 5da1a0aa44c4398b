// RandomForestRouter: a multi-output regression forest from query embeddings to every model's correctness.
#pragma once

#include "regression_forest.h"

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

/// score(q, m) = mean over trees of the leaf's training correctness rate for model m: a probability of correctness.
/// Native implementation (regression_forest.h): no dependency, seeded by CreateContext::seed, deterministic, and its
/// state is a handful of flat arrays. Reads embeddings; trains on CPU.
class RandomForestRouter final : public modelsat::Router {
 public:
  RandomForestRouter(ForestConfig config, uint64_t seed) : config_(config), seed_(seed) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override { return modelsat::RouterCaps{}; }
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  ForestConfig config_;
  uint64_t seed_;
  std::vector<std::string> models_;
  int64_t dim_ = 0;
  RegressionForest forest_;
};

extern const char* const kRandomForestSchema;

}  // namespace baselines
