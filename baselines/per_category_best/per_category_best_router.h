// PerCategoryBestRouter: each candidate's training accuracy within the query's category, falling back to overall.
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace baselines {

struct PerCategoryBestConfig {
  double smoothing = 1.0; ///< Laplace smoothing of the overall accuracy
  double strength = 10.0; ///< pseudo-queries pulling a category's accuracy towards the overall one
};

/// score(q, m) = (hits of m in category(q) + strength * overall_m) / (n in category(q) + strength), from
/// QueryBatch::categories on the training split; a category never seen in training (or "") gets overall_m, i.e. the
/// best_single score. Reads no embeddings.
class PerCategoryBestRouter final : public modelsat::Router {
 public:
  explicit PerCategoryBestRouter(PerCategoryBestConfig config) : config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  /// Throws modelsat::DataError when categories are not one per query.
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  PerCategoryBestConfig config_;
  std::vector<std::string> models_;
  at::Tensor overall_;                          ///< [n_models]
  std::map<std::string, at::Tensor> by_category_; ///< category -> [n_models]
};

extern const char* const kPerCategoryBestSchema;

}  // namespace baselines
