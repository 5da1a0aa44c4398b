// MlmObjective: seeded masking and the masked-token cross-entropy.
#include "mlm_objective.h"

#include <ATen/ATen.h>
#include <ATen/core/Reduction.h>

namespace modelsat::tenc {

MlmObjective::MlmObjective(std::shared_ptr<TransformerEncoderNetImpl> net, std::vector<std::vector<int32_t>> texts,
                           int64_t max_tokens, double mask_probability, int32_t cls_id, int32_t mask_id)
    : net_(std::move(net)), max_tokens_(max_tokens), mask_probability_(mask_probability), cls_id_(cls_id),
      mask_id_(mask_id) {
  for (auto& text : texts) {
    if (!text.empty()) texts_.push_back(std::move(text));
  }
}

std::vector<ParamGroup> MlmObjective::param_groups() { return {ParamGroup{net_->parameters(), 1.0}}; }

at::Tensor MlmObjective::batch_loss(const std::vector<int64_t>& batch, Rng& rng) {
  std::vector<std::vector<int32_t>> tokens;
  for (int64_t i : batch) tokens.push_back(texts_[static_cast<size_t>(i)]);
  at::Tensor ids, mask;
  pack_sequences(tokens, max_tokens_, cls_id_, ids, mask);
  at::Tensor targets = at::full(ids.sizes(), -100, at::kLong);
  auto ids_a = ids.accessor<int64_t, 2>();
  auto targets_a = targets.accessor<int64_t, 2>();
  auto mask_a = mask.accessor<bool, 2>();
  for (int64_t r = 0; r < ids.size(0); ++r) {
    int64_t n_real = 0;
    for (int64_t c = 1; c < ids.size(1); ++c) n_real += mask_a[r][c] ? 1 : 0;
    const auto forced = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n_real))) + 1;  // at least one
    for (int64_t c = 1; c <= n_real; ++c) {
      if (c == forced || rng.uniform() < mask_probability_) {
        targets_a[r][c] = ids_a[r][c];
        ids_a[r][c] = mask_id_;
      }
    }
  }
  const at::Device device = net_->parameters().front().device();
  const at::Tensor logits = net_->logits(net_->hidden(ids.to(device), mask.to(device)));
  return at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}).to(device), {},
                                at::Reduction::Mean, -100);
}

}  // namespace modelsat::tenc
