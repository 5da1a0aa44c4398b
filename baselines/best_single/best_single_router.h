// BestSingleRouter: every query gets each candidate's smoothed training accuracy, so argmax picks the best model.
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

struct BestSingleConfig {
  double smoothing = 1.0; ///< Laplace smoothing: (hits + s) / (n + 2 s)
};

/// Query-independent: score(q, m) = P(m correct) estimated on the training split. Reads no embeddings. Scoring a
/// model it was not fitted on throws modelsat::DataError.
class BestSingleRouter final : public modelsat::Router {
 public:
  explicit BestSingleRouter(BestSingleConfig config) : config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  BestSingleConfig config_;
  std::vector<std::string> models_;
  at::Tensor accuracy_; ///< [n_models] float32
};

extern const char* const kBestSingleSchema;

}  // namespace baselines
