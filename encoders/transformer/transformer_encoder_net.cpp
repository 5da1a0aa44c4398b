// TransformerEncoderNet: embedding lookup, bidirectional stack, pooling and tied output logits.
#include "transformer_encoder_net.h"

#include <ATen/ATen.h>

namespace modelsat::tenc {

TransformerEncoderNetImpl::TransformerEncoderNetImpl(int64_t vocab_size, const nn::TransformerConfig& config) {
  token_embedding_ = register_module("token_embedding", torch::nn::Embedding(vocab_size, config.width));
  stack_ = register_module("stack", nn::TransformerStack(config));
}

at::Tensor TransformerEncoderNetImpl::hidden(const at::Tensor& ids, const at::Tensor& mask) {
  return stack_(token_embedding_(ids), mask);
}

at::Tensor TransformerEncoderNetImpl::pooled(const at::Tensor& ids, const at::Tensor& mask, Pooling pooling,
                                             bool normalize) {
  const at::Tensor h = hidden(ids, mask);
  at::Tensor out;
  if (pooling == Pooling::cls) {
    out = h.select(1, 0);
  } else {
    const at::Tensor weights = mask.to(h.scalar_type()).unsqueeze(-1);
    out = (h * weights).sum(1) / weights.sum(1).clamp_min(1.0);
  }
  if (normalize) out = out / out.norm(2, {1}, true).clamp_min(1e-12);
  return out;
}

at::Tensor TransformerEncoderNetImpl::logits(const at::Tensor& hidden) {
  return at::matmul(hidden, token_embedding_->weight.t());
}

void pack_sequences(const std::vector<std::vector<int32_t>>& tokens, int64_t max_tokens, int32_t cls_id,
                    at::Tensor& ids, at::Tensor& mask) {
  const auto n = static_cast<int64_t>(tokens.size());
  int64_t longest = 1;
  for (const auto& t : tokens) longest = std::max<int64_t>(longest, 1 + std::min<int64_t>(max_tokens, static_cast<int64_t>(t.size())));
  ids = at::zeros({n, longest}, at::kLong);
  mask = at::zeros({n, longest}, at::kBool);
  auto ids_a = ids.accessor<int64_t, 2>();
  auto mask_a = mask.accessor<bool, 2>();
  for (int64_t r = 0; r < n; ++r) {
    ids_a[r][0] = cls_id;
    mask_a[r][0] = true;
    const auto& t = tokens[static_cast<size_t>(r)];
    for (int64_t i = 0; i < std::min<int64_t>(max_tokens, static_cast<int64_t>(t.size())); ++i) {
      ids_a[r][i + 1] = t[static_cast<size_t>(i)];
      mask_a[r][i + 1] = true;
    }
  }
}

}  // namespace modelsat::tenc
