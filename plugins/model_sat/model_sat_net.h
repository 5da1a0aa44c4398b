// ModelSatNet: builds capability instructions ([capability; instruction; inquiry prompt] or instruction first) as
// backbone inputs and reads the Yes logit from the last position.
#pragma once

#include "capability_encoder.h"
#include "model_sat_config.h"

#include <modelsat/backbone.h>
#include <modelsat/text/bpe_tokenizer.h>
#include <modelsat/train/trainer.h>

#include <torch/nn/modules/embedding.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace modelsat::msat {

/// One capability instruction: instruction `query` of Inputs, model `model` of Inputs, tasks shown in `order`
/// (a permutation of 0..n_tasks-1).
struct Row {
  int64_t query = 0;
  int64_t model = 0;
  std::vector<int64_t> order;
};

/// What rows refer to. CPU tensors; the net moves what it uses to its device.
struct Inputs {
  std::vector<std::vector<int32_t>> instruction_tokens; ///< [n_queries] already truncated; empty when unused
  at::Tensor instruction_embeddings;                    ///< [n_queries, embedding_dim], or undefined when unused
  at::Tensor aptitude;                                  ///< [n_models, n_tasks] float32 in [0, 1]
  std::vector<std::string> descriptions;                ///< [n_tasks] five-keyword task descriptions
  std::vector<std::vector<int32_t>> description_tokens; ///< [n_tasks] token ids of descriptions
  at::Tensor description_features;                      ///< [n_tasks, E] host-encoder features, or undefined
  at::Tensor task_weights;  ///< [n_queries, n_tasks] float32, rows sum to 1: P(task | instruction); capability
                            ///< source_weighted only, undefined otherwise
};

/// Sequence, left-padded, with sequence_order capability_first: [capability tokens] [SEP] [instruction embedding
/// tokens] [instruction tokens] [SEP] [inquiry prompt tokens]; with instruction_first: [instruction embedding tokens]
/// [instruction tokens] [SEP] [capability tokens] [SEP] [inquiry prompt tokens]; with capability_last: [instruction
/// embedding tokens] [instruction tokens] [SEP] [inquiry prompt tokens] [SEP] [capability tokens]. All three have the
/// same length. The Yes logit is a linear head on the backbone's last position.
class ModelSatNetImpl : public torch::nn::Module {
 public:
  /// embedding_dim: width of instruction embeddings (0 = unused); description_dim: width of host-encoder description
  /// features (0 = descriptions from learned token embeddings). The backbone is not owned.
  ModelSatNetImpl(const ModelSatConfig& config, text::BpeTokenizer tokenizer, int64_t backbone_input_dim,
                  int64_t backbone_hidden_dim, int64_t embedding_dim, int64_t description_dim, int64_t context);

  /// Yes logits [rows.size()] on the module's device. Throws Error when a capability text alone exceeds the context.
  at::Tensor forward(const std::vector<Row>& rows, const Inputs& inputs, Backbone& backbone);
  /// The same logits with each instruction's shared prefix run once (instruction_first, capability_last): rows come
  /// in groups of `candidates` consecutive rows of one query, and each group's prefix goes through
  /// Backbone::forward_shared_prefix once. Equal to forward() up to float rounding. Throws Error for capability_first
  /// or rows that do not form such groups.
  at::Tensor forward_shared_prefix(const std::vector<Row>& rows, int64_t candidates, const Inputs& inputs,
                                   Backbone& backbone);
  /// Mean next-token cross-entropy of texts (token ids, CLS prepended) through the backbone, output tied to the token
  /// embedding; texts with fewer than one token are skipped by the caller.
  at::Tensor lm_loss(const std::vector<const std::vector<int32_t>*>& texts, Backbone& backbone);

  /// Stage 1: connector, instruction projection and head. Stage 2: capability encoder + connector at
  /// encoder_lr_scale, everything else (token embedding, projection, head, backbone) at 1.
  std::vector<ParamGroup> stage_groups(int stage, double encoder_lr_scale, Backbone& backbone);
  /// Token embedding, LM projection and backbone.
  std::vector<ParamGroup> lm_groups(Backbone& backbone);

  /// Positions used by everything but instruction tokens (capability, separators, embedding tokens, prompt) for
  /// n_tasks tasks; for capability text this counts the prompt and separators only.
  int64_t fixed_length(int64_t n_tasks) const;
  /// The instruction's token ids, truncated to the configured maximum and what the context leaves. truncated is set
  /// when tokens were dropped.
  std::vector<int32_t> instruction_ids(const std::string& text, int64_t n_tasks, bool& truncated) const;
  const text::BpeTokenizer& tokenizer() const { return tokenizer_; }
  int64_t context() const { return context_; }

 private:
  /// Every row's sequence as slots (>= 0 a token id, < 0 the dense vector -(1 + index) of the concatenated `dense`),
  /// and for shared-prefix orders the length of its leading part that is the same for every candidate.
  struct Sequences {
    std::vector<std::vector<int64_t>> slots;
    std::vector<at::Tensor> dense;
    std::vector<int64_t> shared_length;
  };
  Sequences build_sequences(const std::vector<Row>& rows, const Inputs& inputs);
  /// Left-pads slot lists: embeddings [rows, longest, d] and mask [rows, longest] bool on the module's device.
  std::pair<at::Tensor, at::Tensor> embed(const std::vector<std::vector<int64_t>>& slots,
                                          const std::vector<at::Tensor>& dense);
  at::Tensor description_vectors(const Inputs& inputs);
  std::vector<int32_t> capability_text_ids(const Inputs& inputs, const Row& row) const;

  ModelSatConfig config_;
  text::BpeTokenizer tokenizer_;
  std::vector<int32_t> prompt_ids_;
  int64_t input_dim_;
  int64_t context_;
  torch::nn::Embedding token_embedding_{nullptr};
  CapabilityEncoder psi_{nullptr};
  torch::nn::Linear connector_{nullptr}, connector_out_{nullptr};
  torch::nn::Linear instruction_projection_{nullptr};
  torch::nn::Linear head_{nullptr};
  torch::nn::Linear lm_projection_{nullptr};
};
TORCH_MODULE(ModelSatNet);

}  // namespace modelsat::msat
