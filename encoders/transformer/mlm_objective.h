// MlmObjective: masked-token prediction over a tokenized corpus, as a Trainable for the shared trainer.
#pragma once

#include "transformer_encoder_net.h"

#include <modelsat/train/trainer.h>

#include <memory>

namespace modelsat::tenc {

/// One example = one corpus text (CLS + tokens). Each batch masks mask_probability of the real tokens (at least one
/// per text) with [MASK], drawn from the trainer's rng, and scores the originals with cross-entropy.
class MlmObjective final : public Trainable {
 public:
  MlmObjective(std::shared_ptr<TransformerEncoderNetImpl> net, std::vector<std::vector<int32_t>> texts,
               int64_t max_tokens, double mask_probability, int32_t cls_id, int32_t mask_id);
  std::vector<ParamGroup> param_groups() override;
  int64_t n_examples() const override { return static_cast<int64_t>(texts_.size()); }
  at::Tensor batch_loss(const std::vector<int64_t>& batch, Rng& rng) override;
  void set_training(bool training) override { net_->train(training); }

 private:
  std::shared_ptr<TransformerEncoderNetImpl> net_;
  std::vector<std::vector<int32_t>> texts_;
  int64_t max_tokens_;
  double mask_probability_;
  int32_t cls_id_, mask_id_;
};

}  // namespace modelsat::tenc
