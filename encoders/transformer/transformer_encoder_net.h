// TransformerEncoderNet: token embeddings + a bidirectional transformer stack + a tied masked-LM output.
#pragma once

#include "transformer_stack.h"

#include <torch/nn/modules/embedding.h>

#include <cstdint>
#include <vector>

namespace modelsat::tenc {

enum class Pooling { mean, cls };

/// Sequences are [CLS] + token ids, right-padded with id 0.
class TransformerEncoderNetImpl : public torch::nn::Module {
 public:
  TransformerEncoderNetImpl(int64_t vocab_size, const nn::TransformerConfig& config);
  /// ids: [n, t] long, mask: [n, t] bool -> hidden states [n, t, width].
  at::Tensor hidden(const at::Tensor& ids, const at::Tensor& mask);
  /// Pooled embeddings [n, width]: mean over real positions or the [CLS] position; L2-normalised when normalize.
  at::Tensor pooled(const at::Tensor& ids, const at::Tensor& mask, Pooling pooling, bool normalize);
  /// Token logits [n, t, vocab] through the transposed token embedding.
  at::Tensor logits(const at::Tensor& hidden);

 private:
  torch::nn::Embedding token_embedding_{nullptr};
  nn::TransformerStack stack_{nullptr};
};
TORCH_MODULE(TransformerEncoderNet);

/// Builds [n, longest] ids and mask from token lists: [CLS] first, each list cut to max_tokens.
void pack_sequences(const std::vector<std::vector<int32_t>>& tokens, int64_t max_tokens, int32_t cls_id,
                    at::Tensor& ids, at::Tensor& mask);

}  // namespace modelsat::tenc
