// MlpRouter: a one-hidden-layer network with one correctness logit per model.
#include "mlp_router.h"

#include "gradient_fit.h"

#include <ATen/ATen.h>

#include <cmath>

namespace baselines {
namespace {

class MlpNet final : public CorrectnessTrainable {
 public:
  MlpNet(int64_t dim, int64_t hidden, int64_t n_models, double dropout, modelsat::Rng& rng, const at::Device& device)
      : dropout_(dropout) {
    const double bound1 = 1.0 / std::sqrt(static_cast<double>(dim));
    const double bound2 = 1.0 / std::sqrt(static_cast<double>(hidden));
    w1_ = random_parameter(rng, {hidden, dim}, bound1, device);
    b1_ = random_parameter(rng, {hidden}, bound1, device);
    w2_ = random_parameter(rng, {n_models, hidden}, bound2, device);
    b2_ = random_parameter(rng, {n_models}, bound2, device);
  }
  at::Tensor logits(const at::Tensor& x) const override {
    const at::Tensor hidden = at::dropout(at::relu(at::linear(x, w1_, b1_)), dropout_, training());
    return at::linear(hidden, w2_, b2_);
  }
  NamedParameters named_parameters() override { return {{"w1", &w1_}, {"b1", &b1_}, {"w2", &w2_}, {"b2", &b2_}}; }

 private:
  double dropout_;
  at::Tensor w1_, b1_, w2_, b2_;
};

const char* const kOwnSchema = R"json({
  "type": "object",
  "properties": {
    "hidden": {"type": "integer", "minimum": 1, "default": 64, "description": "width of the shared hidden layer"},
    "dropout": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.1,
                "description": "dropout on the hidden layer while training"}
  }
})json";

}  // namespace

const std::string& MlpRouter::schema() {
  static const std::string text = schema_with_training(kOwnSchema, default_baseline_training());
  return text;
}

std::unique_ptr<modelsat::Router> MlpRouter::create(const modelsat::CreateContext& context,
                                                    const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<MlpRouter>(
      context, MlpConfig{config.at("hidden").get<int64_t>(), config.at("dropout").get<double>()}, config.at("training"));
}

std::unique_ptr<CorrectnessTrainable> MlpRouter::make_net(const modelsat::RoutingSet* /*train*/, int64_t dim,
                                                          int64_t n_models, modelsat::Rng& rng) const {
  return std::make_unique<MlpNet>(dim, config_.hidden, n_models, config_.dropout, rng, device());
}

}  // namespace baselines
