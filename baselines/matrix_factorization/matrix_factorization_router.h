// MatrixFactorizationRouter: learned model embeddings x projected query embeddings (RouteLLM's MF, EmbedLLM).
#pragma once

#include "gradient_router.h"

#include <memory>
#include <string>

namespace baselines {

struct MatrixFactorizationConfig {
  int64_t latent_dim = 32; ///< width of the shared latent space of queries and models
};

/// logit(q, m) = w . (v_m * normalize(P x_q)) + b_m: P projects the query embedding into a latent space where each model
/// has an embedding v_m; w weighs the latent dimensions (RouteLLM's MF router; EmbedLLM's correctness factorisation).
/// Trained with binary cross-entropy on every (query, model) cell by the shared trainer; scores are sigmoid(logit).
class MatrixFactorizationRouter final : public GradientRouter {
 public:
  MatrixFactorizationRouter(const modelsat::CreateContext& context, MatrixFactorizationConfig config,
                            nlohmann::json training)
      : GradientRouter("matrix_factorization", context, std::move(training)), config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);
  /// The config schema, with the shared trainer's "training" block.
  static const std::string& schema();

 protected:
  std::unique_ptr<CorrectnessTrainable> make_net(const modelsat::RoutingSet* train, int64_t dim, int64_t n_models,
                                                 modelsat::Rng& rng) const override;

 private:
  MatrixFactorizationConfig config_;
};

}  // namespace baselines
