// MlpRouter: per-model correctness classifiers on query embeddings, sharing one hidden layer (the "encoder + MLP" row).
#pragma once

#include "gradient_router.h"

#include <memory>
#include <string>

namespace baselines {

struct MlpConfig {
  int64_t hidden = 64;   ///< width of the shared hidden layer
  double dropout = 0.1;  ///< dropout on the hidden layer while training
};

/// P(m correct | x) = sigmoid(W2 dropout(relu(W1 x + b1)) + b2)[m]: M binary classifiers over a shared hidden layer,
/// trained with binary cross-entropy on every (query, model) cell by the shared trainer. Calibrated probabilities.
class MlpRouter final : public GradientRouter {
 public:
  MlpRouter(const modelsat::CreateContext& context, MlpConfig config, nlohmann::json training)
      : GradientRouter("mlp", context, std::move(training)), config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);
  /// The config schema, with the shared trainer's "training" block.
  static const std::string& schema();

 protected:
  std::unique_ptr<CorrectnessTrainable> make_net(const modelsat::RoutingSet* train, int64_t dim, int64_t n_models,
                                                 modelsat::Rng& rng) const override;

 private:
  MlpConfig config_;
};

}  // namespace baselines
