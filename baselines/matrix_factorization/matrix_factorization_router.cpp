// MatrixFactorizationRouter: bilinear scores between projected queries and learned model embeddings.
#include "matrix_factorization_router.h"

#include "gradient_fit.h"

#include <ATen/ATen.h>

#include <cmath>

namespace baselines {
namespace {

class FactorizationNet final : public CorrectnessTrainable {
 public:
  FactorizationNet(int64_t dim, int64_t latent, int64_t n_models, modelsat::Rng& rng, const at::Device& device) {
    projection_ = random_parameter(rng, {latent, dim}, 1.0 / std::sqrt(static_cast<double>(dim)), device);
    model_embeddings_ = random_parameter(rng, {n_models, latent}, 1.0, device);
    weights_ = random_parameter(rng, {latent}, 1.0 / std::sqrt(static_cast<double>(latent)), device);
    bias_ = random_parameter(rng, {n_models}, 0.1, device);
  }
  at::Tensor logits(const at::Tensor& x) const override {
    const at::Tensor projected = at::linear(x, projection_);                                    // [n, latent]
    const at::Tensor query = projected / projected.norm(2, {1}, true).clamp_min(1e-6);         // [n, latent]
    return at::matmul(query, (model_embeddings_ * weights_).t()) + bias_;                      // [n, n_models]
  }
  NamedParameters named_parameters() override {
    return {{"projection", &projection_}, {"model_embeddings", &model_embeddings_}, {"weights", &weights_},
            {"bias", &bias_}};
  }

 private:
  at::Tensor projection_, model_embeddings_, weights_, bias_;
};

const char* const kOwnSchema = R"json({
  "type": "object",
  "properties": {
    "latent_dim": {"type": "integer", "minimum": 1, "default": 32,
                   "description": "width of the latent space shared by projected queries and model embeddings"}
  }
})json";

modelsat::TrainerConfig training_defaults() {
  modelsat::TrainerConfig defaults;
  defaults.epochs = 30;
  defaults.batch_size = 64;
  defaults.learning_rate = 1e-2;
  defaults.weight_decay = 1e-4;
  defaults.patience = 5;
  return defaults;
}

}  // namespace

const std::string& MatrixFactorizationRouter::schema() {
  static const std::string text = schema_with_training(kOwnSchema, training_defaults());
  return text;
}

std::unique_ptr<modelsat::Router> MatrixFactorizationRouter::create(const modelsat::CreateContext& context,
                                                                    const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<MatrixFactorizationRouter>(
      context, MatrixFactorizationConfig{config.at("latent_dim").get<int64_t>()}, config.at("training"));
}

std::unique_ptr<CorrectnessTrainable> MatrixFactorizationRouter::make_net(const modelsat::RoutingSet* /*train*/,
                                                                          int64_t dim, int64_t n_models,
                                                                          modelsat::Rng& rng) const {
  return std::make_unique<FactorizationNet>(dim, config_.latent_dim, n_models, rng, device());
}

}  // namespace baselines
