// The Trainables Model-SAT hands to the shared trainer: capability instruction tuning (stage 1 or 2) and optional
// next-token pretraining of the token embeddings and backbone.
#pragma once

#include "model_sat_net.h"
#include "training_data.h"

#include <modelsat/train/trainer.h>

#include <memory>

namespace modelsat::msat {

/// A shown-task order: identity, or a permutation drawn from rng when shuffle is set.
std::vector<int64_t> task_order(int64_t n_tasks, bool shuffle, Rng& rng);

/// One example = one group of group_size capability instructions (sharing a model, or an instruction in mixed
/// mode) plus pointwise_pairs uniformly drawn (question, model) pairs. Loss = group_weight * softmax CE over the group
/// (positive first) + pointwise_weight * BCE of the pairs. Validation: BCE over a fixed set of (question, model) pairs
/// in the given task order, or minus the accuracy of argmax routing on those questions.
class CapabilityTuning final : public Trainable {
 public:
  /// Every reference must outlive this object; validation pointers may be null.
  CapabilityTuning(std::shared_ptr<ModelSatNetImpl> net, Backbone& backbone, const ModelSatConfig& config, int stage,
                   const Inputs& train_inputs, const TrainingData& train, const Inputs* validation_inputs,
                   const TrainingData* validation);
  std::vector<ParamGroup> param_groups() override;
  int64_t n_examples() const override;
  at::Tensor batch_loss(const std::vector<int64_t>& batch, Rng& rng) override;
  double validation_loss() override;
  void set_training(bool training) override;

 private:
  std::shared_ptr<ModelSatNetImpl> net_;
  Backbone& backbone_;
  const ModelSatConfig& config_;
  int stage_;
  const Inputs& train_inputs_;
  const TrainingData& train_;
  const Inputs* validation_inputs_;
  const TrainingData* validation_;
  std::vector<Row> validation_rows_;
};

/// One example = one training instruction with at least one token; loss = next-token cross-entropy.
class LmPretraining final : public Trainable {
 public:
  LmPretraining(std::shared_ptr<ModelSatNetImpl> net, Backbone& backbone, const Inputs& inputs);
  std::vector<ParamGroup> param_groups() override;
  int64_t n_examples() const override { return static_cast<int64_t>(texts_.size()); }
  at::Tensor batch_loss(const std::vector<int64_t>& batch, Rng& rng) override;
  void set_training(bool training) override;

 private:
  std::shared_ptr<ModelSatNetImpl> net_;
  Backbone& backbone_;
  std::vector<const std::vector<int32_t>*> texts_;
};

}  // namespace modelsat::msat
