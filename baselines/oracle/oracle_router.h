// OracleRouter: the upper bound that reads the answers: a candidate scores 1 when it answered the query correctly.
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <memory>
#include <string>

namespace baselines {

/// score = QueryBatch::gold_correct ([n, n_models], filled by the host because caps().sees_gold), so argmax routing
/// reaches "any model correct" accuracy. Never a real router: it is the ceiling the others are measured against.
/// Nothing to learn; fit() only checks its input.
class OracleRouter final : public modelsat::Router {
 public:
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  /// Throws modelsat::DataError when gold_correct is missing or not [n_queries, n_models].
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;
};

extern const char* const kOracleSchema;

}  // namespace baselines
