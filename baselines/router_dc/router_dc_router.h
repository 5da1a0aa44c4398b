// RouterDcRouter: RouterDC's dual contrastive learning of a query encoder and LLM embeddings (Chen et al., 2024).
#pragma once

#include "gradient_router.h"

#include <memory>
#include <string>

namespace baselines {

struct RouterDcConfig {
  int64_t hidden = 64;                 ///< width of the query encoder's output and of the LLM embeddings
  double temperature = 0.2;            ///< similarities are cosine / temperature
  int64_t clusters = 5;                ///< k-means clusters of training queries for the sample-sample loss
  int64_t negatives = 4;               ///< out-of-cluster negatives per query in the sample-sample loss
  double sample_sample_weight = 1.0;   ///< weight of the sample-sample loss against the sample-LLM loss
};

/// s(q, m) = cos(E(x_q), k_m) / temperature, with E a one-hidden-layer encoder over the query embedding and k_m a
/// learnable LLM embedding. Loss = sample-LLM contrastive loss (each model that answered q correctly against all that
/// did not) + weight * sample-sample loss (InfoNCE: a query from the same k-means cluster against out-of-cluster
/// queries). RouterDC routes by argmax s; for probabilities, each model's s is Platt-scaled on the training split
/// after training: P(m correct | q) = sigmoid(a_m s(q, m) + b_m). Trained by the shared trainer.
class RouterDcRouter final : public GradientRouter {
 public:
  RouterDcRouter(const modelsat::CreateContext& context, RouterDcConfig config, nlohmann::json training)
      : GradientRouter("router_dc", context, std::move(training)), config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);
  /// The config schema, with the shared trainer's "training" block.
  static const std::string& schema();

 protected:
  std::unique_ptr<CorrectnessTrainable> make_net(const modelsat::RoutingSet* train, int64_t dim, int64_t n_models,
                                                 modelsat::Rng& rng) const override;

 private:
  RouterDcConfig config_;
};

}  // namespace baselines
