// RandomRouter: a seeded uniform draw per (query, model), the chance-level reference point of every routing table.
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

namespace baselines {

/// score(q, m) = uniform [0, 1) drawn from (seed, query id, model name): the same pair always gets the same draw,
/// whatever batch it comes in, so argmax routing picks each candidate with probability 1/M. Its expected accuracy is
/// the mean of the candidates' accuracies; fit() records that value on the training split (expected_accuracy()).
/// Reads no embeddings; scores any candidate set, fitted or not.
class RandomRouter final : public modelsat::Router {
 public:
  explicit RandomRouter(uint64_t seed) : seed_(seed) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;
  /// Mean training accuracy over the candidates = accuracy of a uniformly random pick; NaN before fit().
  double expected_accuracy() const { return expected_accuracy_; }

 private:
  uint64_t seed_;
  double expected_accuracy_ = std::numeric_limits<double>::quiet_NaN();
};

extern const char* const kRandomSchema;

}  // namespace baselines
