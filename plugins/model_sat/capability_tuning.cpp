// Capability instruction tuning: group sampling, the group + pointwise loss, validation; and LM pretraining.
#include "capability_tuning.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>
#include <numeric>

namespace modelsat::msat {
namespace {

/// Validation pairs are capped so that an epoch's validation stays cheap.
constexpr int64_t kMaxValidationPairs = 4096;

}  // namespace

std::vector<int64_t> task_order(int64_t n_tasks, bool shuffle, Rng& rng) {
  std::vector<int64_t> order(static_cast<size_t>(n_tasks));
  std::iota(order.begin(), order.end(), 0);
  if (shuffle) rng.shuffle(order);
  return order;
}

CapabilityTuning::CapabilityTuning(std::shared_ptr<ModelSatNetImpl> net, Backbone& backbone,
                                   const ModelSatConfig& config, int stage, const Inputs& train_inputs,
                                   const TrainingData& train, const Inputs* validation_inputs,
                                   const TrainingData* validation)
    : net_(std::move(net)), backbone_(backbone), config_(config), stage_(stage), train_inputs_(train_inputs),
      train_(train), validation_inputs_(validation_inputs), validation_(validation) {
  if (validation_ == nullptr || validation_inputs_ == nullptr) return;
  const int64_t n_models = validation_->n_models();
  const int64_t n_queries = std::min(validation_->n_queries(), std::max<int64_t>(1, kMaxValidationPairs / n_models));
  Rng unused(0);
  const std::vector<int64_t> identity = task_order(validation_inputs_->aptitude.size(1), false, unused);
  for (int64_t q = 0; q < n_queries; ++q) {
    for (int64_t m = 0; m < n_models; ++m) validation_rows_.push_back(Row{q, m, identity});
  }
}

std::vector<ParamGroup> CapabilityTuning::param_groups() {
  return net_->stage_groups(stage_, config_.encoder_lr_scale, backbone_);
}

int64_t CapabilityTuning::n_examples() const {
  return config_.groups_per_epoch > 0 ? config_.groups_per_epoch : train_.n_queries();
}

at::Tensor CapabilityTuning::batch_loss(const std::vector<int64_t>& batch, Rng& rng) {
  const int64_t k = config_.group_size, n_tasks = train_inputs_.aptitude.size(1);
  std::vector<Row> group_rows, pair_rows;
  std::vector<float> labels;
  for (size_t b = 0; b < batch.size(); ++b) {
    if (config_.group_weight > 0) {
      int64_t query = 0;
      std::vector<int64_t> models;
      if (config_.group_mode == GroupMode::instruction && train_.sample_instruction_group(k, rng, query, models)) {
        for (int64_t m : models) group_rows.push_back(Row{query, m, task_order(n_tasks, config_.shuffle_tasks, rng)});
      } else {
        const int64_t model = train_.sample_model(rng);
        for (int64_t q : train_.sample_model_group(model, k, rng)) {
          group_rows.push_back(Row{q, model, task_order(n_tasks, config_.shuffle_tasks, rng)});
        }
      }
    }
    if (config_.pointwise_weight > 0) {
      for (int64_t i = 0; i < config_.pointwise_pairs; ++i) {
        const auto q = static_cast<int64_t>(rng.below(static_cast<uint64_t>(train_.n_queries())));
        const auto m = static_cast<int64_t>(rng.below(static_cast<uint64_t>(train_.n_models())));
        pair_rows.push_back(Row{q, m, task_order(n_tasks, config_.shuffle_tasks, rng)});
        labels.push_back(train_.correct(q, m) ? 1.0F : 0.0F);
      }
    }
  }
  std::vector<Row> rows = group_rows;
  rows.insert(rows.end(), pair_rows.begin(), pair_rows.end());
  const at::Tensor logits = net_->forward(rows, train_inputs_, backbone_);
  at::Tensor loss = at::zeros({}, logits.options());
  if (!group_rows.empty()) {
    const auto n_groups = static_cast<int64_t>(group_rows.size()) / k;
    const at::Tensor grouped = logits.narrow(0, 0, n_groups * k).view({n_groups, k});
    loss = loss + config_.group_weight * (-at::log_softmax(grouped, 1).select(1, 0).mean());
  }
  if (!pair_rows.empty()) {
    const at::Tensor target = at::tensor(labels, at::kFloat).to(logits.device());
    const at::Tensor pair_logits = logits.narrow(0, static_cast<int64_t>(group_rows.size()), static_cast<int64_t>(pair_rows.size()));
    loss = loss + config_.pointwise_weight * at::binary_cross_entropy_with_logits(pair_logits, target);
  }
  return loss;
}

double CapabilityTuning::validation_loss() {
  if (validation_rows_.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<float> logits;
  for (size_t start = 0; start < validation_rows_.size(); start += static_cast<size_t>(config_.score_batch)) {
    const size_t end = std::min(validation_rows_.size(), start + static_cast<size_t>(config_.score_batch));
    const std::vector<Row> chunk(validation_rows_.begin() + static_cast<std::ptrdiff_t>(start),
                                 validation_rows_.begin() + static_cast<std::ptrdiff_t>(end));
    const at::Tensor z = net_->forward(chunk, *validation_inputs_, backbone_).to(at::kCPU, at::kFloat).contiguous();
    logits.insert(logits.end(), z.data_ptr<float>(), z.data_ptr<float>() + z.numel());
  }
  if (config_.validation_metric == ValidationMetric::bce) {
    double sum = 0.0;
    for (size_t i = 0; i < logits.size(); ++i) {
      const double z = logits[i];
      const double y = validation_->correct(validation_rows_[i].query, validation_rows_[i].model) ? 1.0 : 0.0;
      sum += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
    }
    return sum / static_cast<double>(logits.size());
  }
  const int64_t n_models = validation_->n_models();
  const auto n_queries = static_cast<int64_t>(logits.size()) / n_models;
  double hits = 0.0;
  for (int64_t q = 0; q < n_queries; ++q) {
    int64_t best = 0;
    for (int64_t m = 1; m < n_models; ++m) {
      if (logits[static_cast<size_t>(q * n_models + m)] > logits[static_cast<size_t>(q * n_models + best)]) best = m;
    }
    hits += validation_->correct(q, best) ? 1.0 : 0.0;
  }
  return -hits / static_cast<double>(n_queries);
}

void CapabilityTuning::set_training(bool training) {
  net_->train(training);
  backbone_.set_training(training);
}

LmPretraining::LmPretraining(std::shared_ptr<ModelSatNetImpl> net, Backbone& backbone, const Inputs& inputs)
    : net_(std::move(net)), backbone_(backbone) {
  for (const auto& ids : inputs.instruction_tokens) {
    if (!ids.empty()) texts_.push_back(&ids);
  }
}

std::vector<ParamGroup> LmPretraining::param_groups() { return net_->lm_groups(backbone_); }

at::Tensor LmPretraining::batch_loss(const std::vector<int64_t>& batch, Rng& /*rng*/) {
  std::vector<const std::vector<int32_t>*> texts;
  for (int64_t i : batch) texts.push_back(texts_[static_cast<size_t>(i)]);
  return net_->lm_loss(texts, backbone_);
}

void LmPretraining::set_training(bool training) {
  net_->train(training);
  backbone_.set_training(training);
}

}  // namespace modelsat::msat
