// RouterDcRouter: query encoder + LLM embeddings trained with RouterDC's sample-LLM and sample-sample losses.
#include "router_dc_router.h"

#include "gradient_fit.h"
#include "kmeans.h"
#include "platt_scaling.h"
#include "routing_checks.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace baselines {
namespace {

class RouterDcNet final : public CorrectnessTrainable {
 public:
  RouterDcNet(int64_t dim, int64_t n_models, const RouterDcConfig& config, std::vector<int64_t> cluster_of,
              modelsat::Rng& rng, const at::Device& device)
      : config_(config), cluster_of_(std::move(cluster_of)) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(dim));
    w1_ = random_parameter(rng, {config.hidden, dim}, bound, device);
    b1_ = random_parameter(rng, {config.hidden}, bound, device);
    w2_ = random_parameter(rng, {config.hidden, config.hidden}, 1.0 / std::sqrt(static_cast<double>(config.hidden)), device);
    llm_ = random_parameter(rng, {n_models, config.hidden}, 1.0, device);
    scale_ = at::ones({n_models}, at::TensorOptions().device(device));
    shift_ = at::zeros({n_models}, at::TensorOptions().device(device));
  }

  /// [n, hidden] unit-length query encodings.
  at::Tensor encode(const at::Tensor& x) const {
    const at::Tensor h = at::linear(at::tanh(at::linear(x, w1_, b1_)), w2_);
    return h / h.norm(2, {1}, true).clamp_min(1e-6);
  }
  /// [n, n_models] cos(E(x), k_m) / temperature.
  at::Tensor similarities(const at::Tensor& x) const {
    const at::Tensor keys = llm_ / llm_.norm(2, {1}, true).clamp_min(1e-6);
    return at::matmul(encode(x), keys.t()) / config_.temperature;
  }
  at::Tensor logits(const at::Tensor& x) const override { return similarities(x) * scale_ + shift_; }
  NamedParameters named_parameters() override { return {{"w1", &w1_}, {"b1", &b1_}, {"w2", &w2_}, {"llm", &llm_}}; }
  NamedParameters named_buffers() override { return {{"platt_scale", &scale_}, {"platt_shift", &shift_}}; }

  at::Tensor batch_loss(const std::vector<int64_t>& batch, modelsat::Rng& rng) override {
    const at::Tensor index = at::tensor(batch, at::kLong).to(train_x_.device());
    const at::Tensor x = train_x_.index_select(0, index);
    at::Tensor loss = sample_llm_loss(similarities(x), train_y_.index_select(0, index));
    if (config_.sample_sample_weight > 0) loss = loss + config_.sample_sample_weight * sample_sample_loss(batch, x, rng);
    return loss;
  }
  double validation_loss() override {
    if (!validation_x_.defined()) return std::numeric_limits<double>::quiet_NaN();
    return sample_llm_loss(similarities(validation_x_), validation_y_).item<double>();
  }
  void after_training() override {
    auto [scale, shift] = fit_platt(similarities(train_x_), train_y_);
    scale_ = scale;
    shift_ = shift;
  }

 private:
  /// Mean over (query, correct model) pairs of -log(e^{s+} / (e^{s+} + sum over wrong models e^{s-})); queries where
  /// every or no model is correct carry no contrast and are skipped.
  static at::Tensor sample_llm_loss(const at::Tensor& s, const at::Tensor& y) {
    const at::Tensor positive = y > 0.5;
    const at::Tensor negatives_lse = at::logsumexp(s.masked_fill(positive, -1e9), 1, true);  // [n, 1]
    const at::Tensor per_pair = at::softplus(negatives_lse - s);                                // -log softmax pair
    const at::Tensor usable = positive & (~positive).any(1, true);
    const at::Tensor count = usable.sum().clamp_min(1);
    return (per_pair * usable).sum() / count;
  }

  /// InfoNCE over encodings: for each batch query, one same-cluster positive against `negatives` other-cluster ones.
  at::Tensor sample_sample_loss(const std::vector<int64_t>& batch, const at::Tensor& x, modelsat::Rng& rng) const {
    const auto n = static_cast<uint64_t>(cluster_of_.size());
    std::vector<int64_t> positives, negatives;
    for (int64_t q : batch) {
      const int64_t cluster = cluster_of_[static_cast<size_t>(q)];
      int64_t pick = q;
      for (int tries = 0; tries < 32 && (pick == q || cluster_of_[static_cast<size_t>(pick)] != cluster); ++tries) {
        pick = static_cast<int64_t>(rng.below(n));
      }
      positives.push_back(cluster_of_[static_cast<size_t>(pick)] == cluster ? pick : q);
      for (int64_t j = 0; j < config_.negatives; ++j) {
        int64_t other = static_cast<int64_t>(rng.below(n));
        for (int tries = 0; tries < 32 && cluster_of_[static_cast<size_t>(other)] == cluster; ++tries) {
          other = static_cast<int64_t>(rng.below(n));
        }
        negatives.push_back(other);
      }
    }
    const at::Device device = train_x_.device();
    const at::Tensor anchor = encode(x);                                                             // [b, h]
    const at::Tensor positive = encode(train_x_.index_select(0, at::tensor(positives, at::kLong).to(device)));
    const at::Tensor negative = encode(train_x_.index_select(0, at::tensor(negatives, at::kLong).to(device)))
                                    .view({x.size(0), config_.negatives, -1});                        // [b, k, h]
    const at::Tensor pos_logit = (anchor * positive).sum(1, true) / config_.temperature;             // [b, 1]
    const at::Tensor neg_logit = at::bmm(negative, anchor.unsqueeze(2)).squeeze(2) / config_.temperature;
    const at::Tensor logits = at::cat({pos_logit, neg_logit}, 1);
    return (at::logsumexp(logits, 1) - pos_logit.squeeze(1)).mean();
  }

  RouterDcConfig config_;
  std::vector<int64_t> cluster_of_;
  at::Tensor w1_, b1_, w2_, llm_, scale_, shift_;
};

const char* const kOwnSchema = R"json({
  "type": "object",
  "properties": {
    "hidden": {"type": "integer", "minimum": 1, "default": 64,
               "description": "width of the query encoding and of the LLM embeddings"},
    "temperature": {"type": "number", "exclusiveMinimum": 0, "default": 0.2,
                    "description": "similarities are cosine / temperature"},
    "clusters": {"type": "integer", "minimum": 1, "default": 5,
                 "description": "k-means clusters of training queries for the sample-sample loss"},
    "negatives": {"type": "integer", "minimum": 1, "default": 4,
                  "description": "out-of-cluster negatives per query in the sample-sample loss"},
    "sample_sample_weight": {"type": "number", "minimum": 0, "default": 1.0,
                             "description": "weight of the sample-sample loss (0 = sample-LLM loss only)"}
  }
})json";

}  // namespace

const std::string& RouterDcRouter::schema() {
  static const std::string text = schema_with_training(kOwnSchema, default_baseline_training());
  return text;
}

std::unique_ptr<modelsat::Router> RouterDcRouter::create(const modelsat::CreateContext& context,
                                                         const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<RouterDcRouter>(
      context,
      RouterDcConfig{config.at("hidden").get<int64_t>(), config.at("temperature").get<double>(),
                     config.at("clusters").get<int64_t>(), config.at("negatives").get<int64_t>(),
                     config.at("sample_sample_weight").get<double>()},
      config.at("training"));
}

std::unique_ptr<CorrectnessTrainable> RouterDcRouter::make_net(const modelsat::RoutingSet* train, int64_t dim,
                                                               int64_t n_models, modelsat::Rng& rng) const {
  std::vector<int64_t> clusters;
  if (train != nullptr) {
    modelsat::Rng cluster_rng = rng.fork(1);
    clusters = kmeans_labels(checked_embeddings("router_dc", "fit", train->queries, dim), config_.clusters, 20,
                             cluster_rng);
  }
  return std::make_unique<RouterDcNet>(dim, n_models, config_, std::move(clusters), rng, device());
}

}  // namespace baselines
