// RouterModel: the loaded weights of a .msq router and the Model-SAT scoring of capability instructions.
#pragma once

#include "msq/runtime.h"
#include "transformer.h"

#include <modelsat/text/bpe_tokenizer.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace msq {

/// Mirrors plugins/model_sat (ModelSatNetImpl::forward + ModelSatRouter::score) for instruction_input "tokens",
/// task_text "tokens", capability "per_task"/"pooled" and the built-in backbone. Sequence (sequence_order):
/// [capability tokens] [SEP] [instruction tokens] [SEP] [prompt tokens], [instruction tokens] [SEP] [capability
/// tokens] [SEP] [prompt tokens], or [instruction tokens] [SEP] [prompt tokens] [SEP] [capability tokens]; score =
/// mean over routing_shuffles task orders of sigmoid(Yes logit) (or of the logit), task orders drawn exactly as the
/// fp32 router draws them.
class RouterModel {
 public:
  /// Throws FormatError naming source for missing or misshapen weights, or a prompt that leaves no room.
  RouterModel(ModelFile file, const std::string& source);

  /// See Router::route.
  Decision route(const std::string& instruction, const std::vector<Candidate>& candidates,
                 const RouteOptions& options) const;

  uint32_t format_version;
  std::string router_id;
  RouterSettings settings;
  std::vector<std::string> tasks;
  std::vector<Candidate> models;
  std::map<std::string, std::vector<std::string>> zoos;

 private:
  /// Capability tokens of one aptitude vector: [n_tasks, width] (per_task) or [1, width] (pooled), cached.
  std::shared_ptr<const std::vector<float>> capability_tokens(const std::vector<float>& aptitude) const;
  /// Throws std::invalid_argument for no candidates or bad aptitude results (messages: Router::route).
  void check_candidates(const std::vector<Candidate>& candidates) const;
  /// Appends the token embeddings of ids to rows ([n, width] row-major).
  void append_embeddings(const std::vector<int32_t>& ids, std::vector<float>& rows) const;
  /// Row id of the token embedding table.
  const float* embedding(int32_t id) const { return token_embedding_.data() + static_cast<size_t>(id) * width_; }

  int64_t width_;
  int64_t capability_rows_;  ///< capability tokens per sequence
  modelsat::text::BpeTokenizer tokenizer_;
  Transformer transformer_;
  std::vector<int32_t> prompt_ids_;
  std::vector<float> token_embedding_;     ///< [vocab, width]
  std::vector<float> descriptions_;        ///< [n_tasks, width] mean token embedding of each task description
  std::vector<float> psi_first_w_, psi_first_b_, psi_second_w_, psi_second_b_;
  std::vector<float> connector_w_, connector_b_, connector_out_w_, connector_out_b_;
  std::vector<float> head_w_, head_b_;

  mutable std::mutex cache_mutex_;
  mutable std::map<std::vector<float>, std::shared_ptr<const std::vector<float>>> cache_;
};

}  // namespace msq
