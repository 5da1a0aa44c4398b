// ModelSatNet: capability tokens through psi and the connector, sequence assembly with left padding, Yes head.
#include "model_sat_net.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>
#include <ATen/core/Reduction.h>

#include <cstdio>

namespace modelsat::msat {
namespace {

constexpr int64_t kPad = 0;
constexpr int64_t kCls = 2;
constexpr int64_t kSep = 3;

bool uses_embedding(const ModelSatConfig& config) { return config.instruction_input != InstructionInput::tokens; }
bool uses_tokens(const ModelSatConfig& config) { return config.instruction_input != InstructionInput::embedding; }

/// Appends the parameters of an optional submodule (an empty holder adds nothing).
template <typename Holder>
void append_params(std::vector<at::Tensor>& out, const Holder& module) {
  if (module.is_empty()) return;
  for (const at::Tensor& p : module->parameters()) out.push_back(p);
}

}  // namespace

ModelSatNetImpl::ModelSatNetImpl(const ModelSatConfig& config, text::BpeTokenizer tokenizer,
                                 int64_t backbone_input_dim, int64_t backbone_hidden_dim, int64_t embedding_dim,
                                 int64_t description_dim, int64_t context)
    : config_(config), tokenizer_(std::move(tokenizer)), input_dim_(backbone_input_dim), context_(context) {
  const int64_t d = backbone_input_dim;
  token_embedding_ = register_module("token_embedding", torch::nn::Embedding(tokenizer_.vocab_size(), d));
  if (config.capability != CapabilityMode::text) {
    psi_ = register_module("psi", CapabilityEncoder(description_dim > 0 ? description_dim : d, config.capability_width));
    if (config.connector_mlp) {
      connector_ = register_module("connector", torch::nn::Linear(config.capability_width, config.capability_width));
      connector_out_ = register_module("connector_out", torch::nn::Linear(config.capability_width, d));
    } else {
      connector_ = register_module("connector", torch::nn::Linear(config.capability_width, d));
    }
  }
  if (uses_embedding(config)) {
    if (embedding_dim <= 0) {
      throw ConfigError("instruction_input needs the experiment's encoder embeddings "
                        "(expected an input width > 0, got " + std::to_string(embedding_dim) + ")");
    }
    instruction_projection_ =
        register_module("instruction_projection", torch::nn::Linear(embedding_dim, config.embedding_tokens * d));
  }
  head_ = register_module("head", torch::nn::Linear(backbone_hidden_dim, 1));
  if (config.lm_pretraining && backbone_hidden_dim != d) {
    lm_projection_ = register_module("lm_projection", torch::nn::Linear(backbone_hidden_dim, d));
  }
  for (int32_t id : tokenizer_.encode(config.inquiry_prompt)) prompt_ids_.push_back(id);
}

int64_t ModelSatNetImpl::fixed_length(int64_t n_tasks) const {
  const int64_t capability = config_.capability == CapabilityMode::per_task ? n_tasks
                             : config_.capability == CapabilityMode::text ? 0
                                                                          : 1;
  const int64_t embedding = uses_embedding(config_) ? config_.embedding_tokens : 0;
  return capability + 2 + embedding + static_cast<int64_t>(prompt_ids_.size());
}

std::vector<int32_t> ModelSatNetImpl::instruction_ids(const std::string& text, int64_t n_tasks, bool& truncated) const {
  truncated = false;
  if (!uses_tokens(config_)) return {};
  std::vector<int32_t> ids = tokenizer_.encode(text);
  const int64_t limit = std::max<int64_t>(0, std::min(config_.max_instruction_tokens, context_ - fixed_length(n_tasks)));
  if (static_cast<int64_t>(ids.size()) > limit) {
    ids.resize(static_cast<size_t>(limit));
    truncated = true;
  }
  return ids;
}

at::Tensor ModelSatNetImpl::description_vectors(const Inputs& inputs) {
  const at::Device device = token_embedding_->weight.device();
  if (inputs.description_features.defined()) return inputs.description_features.to(device, at::kFloat);
  const auto n_tasks = static_cast<int64_t>(inputs.description_tokens.size());
  int64_t longest = 1;
  for (const auto& ids : inputs.description_tokens) longest = std::max<int64_t>(longest, static_cast<int64_t>(ids.size()));
  at::Tensor ids = at::zeros({n_tasks, longest}, at::kLong);
  at::Tensor mask = at::zeros({n_tasks, longest}, at::kFloat);
  auto ids_a = ids.accessor<int64_t, 2>();
  auto mask_a = mask.accessor<float, 2>();
  for (int64_t t = 0; t < n_tasks; ++t) {
    const auto& tokens = inputs.description_tokens[static_cast<size_t>(t)];
    for (size_t i = 0; i < tokens.size(); ++i) {
      ids_a[t][static_cast<int64_t>(i)] = tokens[i];
      mask_a[t][static_cast<int64_t>(i)] = 1.0F;
    }
  }
  mask = mask.to(device).unsqueeze(-1);
  const at::Tensor summed = (token_embedding_(ids.to(device)) * mask).sum(1);  // [n_tasks, d]
  return summed / mask.sum(1).clamp_min(1.0);
}

std::vector<int32_t> ModelSatNetImpl::capability_text_ids(const Inputs& inputs, const Row& row) const {
  std::string text = "The model achieves";
  auto accuracy = inputs.aptitude.accessor<float, 2>();
  for (size_t i = 0; i < row.order.size(); ++i) {
    const int64_t t = row.order[i];
    char percent[32];
    std::snprintf(percent, sizeof(percent), "%.1f%%", 100.0 * static_cast<double>(accuracy[row.model][t]));
    text += std::string(i ? ", " : " ") + "accuracy " + percent + " on the task of \"" +
            inputs.descriptions[static_cast<size_t>(t)] + "\"";
  }
  std::vector<int32_t> ids = tokenizer_.encode(text + ".");
  return ids;
}

ModelSatNetImpl::Sequences ModelSatNetImpl::build_sequences(const std::vector<Row>& rows, const Inputs& inputs) {
  const at::Device device = token_embedding_->weight.device();
  const auto n_rows = static_cast<int64_t>(rows.size());
  const int64_t n_tasks = inputs.aptitude.size(1), d = input_dim_;
  Sequences out;

  int64_t capability_per_row = 0;
  if (config_.capability != CapabilityMode::text) {
    at::Tensor caps = connector_(psi_(description_vectors(inputs), inputs.aptitude.to(device, at::kFloat)));
    if (connector_out_) caps = connector_out_(at::gelu(caps));  // [n_models, n_tasks, d]
    if (config_.capability == CapabilityMode::per_task) {
      capability_per_row = n_tasks;
      at::Tensor index = at::empty({n_rows * n_tasks}, at::kLong);
      auto index_a = index.accessor<int64_t, 1>();
      for (int64_t r = 0; r < n_rows; ++r) {
        for (int64_t t = 0; t < n_tasks; ++t) {
          index_a[r * n_tasks + t] = rows[static_cast<size_t>(r)].model * n_tasks + rows[static_cast<size_t>(r)].order[static_cast<size_t>(t)];
        }
      }
      out.dense.push_back(caps.reshape({-1, d}).index_select(0, index.to(device)));
    } else {
      capability_per_row = 1;
      at::Tensor models = at::empty({n_rows}, at::kLong);
      for (int64_t r = 0; r < n_rows; ++r) models[r] = rows[static_cast<size_t>(r)].model;
      models = models.to(device);
      if (config_.capability == CapabilityMode::pooled) {
        out.dense.push_back(caps.mean(1).index_select(0, models));
      } else {  // source_weighted: sum_t P(task t | instruction) psi_t of the row's model
        at::Tensor queries = at::empty({n_rows}, at::kLong);
        for (int64_t r = 0; r < n_rows; ++r) queries[r] = rows[static_cast<size_t>(r)].query;
        const at::Tensor weights = inputs.task_weights.index_select(0, queries).to(device, at::kFloat);  // [rows, T]
        out.dense.push_back((weights.unsqueeze(2) * caps.index_select(0, models)).sum(1));
      }
    }
  }
  const int64_t embedding_offset = n_rows * capability_per_row;
  const int64_t k = uses_embedding(config_) ? config_.embedding_tokens : 0;
  if (k > 0) {
    at::Tensor index = at::empty({n_rows}, at::kLong);
    for (int64_t r = 0; r < n_rows; ++r) index[r] = rows[static_cast<size_t>(r)].query;
    const at::Tensor embeddings = inputs.instruction_embeddings.index_select(0, index).to(device, at::kFloat);
    out.dense.push_back(instruction_projection_(embeddings).reshape({n_rows * k, d}));
  }

  out.slots.resize(static_cast<size_t>(n_rows));
  out.shared_length.resize(static_cast<size_t>(n_rows));
  for (int64_t r = 0; r < n_rows; ++r) {
    const Row& row = rows[static_cast<size_t>(r)];
    std::vector<int64_t> capability;  // capability text or tokens, then SEP
    if (config_.capability == CapabilityMode::text) {
      for (int32_t id : capability_text_ids(inputs, row)) capability.push_back(id);
    }
    for (int64_t t = 0; t < capability_per_row; ++t) capability.push_back(-(1 + r * capability_per_row + t));
    capability.push_back(kSep);
    std::vector<int64_t> instruction;  // embedding tokens, then instruction tokens
    for (int64_t j = 0; j < k; ++j) instruction.push_back(-(1 + embedding_offset + r * k + j));
    const auto& ids = inputs.instruction_tokens.empty() ? std::vector<int32_t>{}
                                                        : inputs.instruction_tokens[static_cast<size_t>(row.query)];
    const auto fixed = static_cast<int64_t>(capability.size() + instruction.size() + 1 + prompt_ids_.size());
    if (fixed > context_) {
      throw Error("the capability instruction does not fit the backbone context (expected <= " +
                  std::to_string(context_) + " positions without the instruction, got " + std::to_string(fixed) +
                  "); raise builtin_backbone.context or use capability per_task/pooled");
    }
    const int64_t kept = std::min<int64_t>(context_ - fixed, static_cast<int64_t>(ids.size()));
    instruction.insert(instruction.end(), ids.begin(), ids.begin() + kept);
    auto& s = out.slots[static_cast<size_t>(r)];
    switch (config_.sequence_order) {
      case SequenceOrder::capability_first:
        s = capability;
        s.insert(s.end(), instruction.begin(), instruction.end());
        s.push_back(kSep);
        s.insert(s.end(), prompt_ids_.begin(), prompt_ids_.end());
        break;
      case SequenceOrder::instruction_first:
        s = instruction;
        s.push_back(kSep);
        out.shared_length[static_cast<size_t>(r)] = static_cast<int64_t>(s.size());
        s.insert(s.end(), capability.begin(), capability.end());
        s.insert(s.end(), prompt_ids_.begin(), prompt_ids_.end());
        break;
      case SequenceOrder::capability_last:  // capability ends with SEP: the last capability token takes its place
        s = instruction;
        s.push_back(kSep);
        s.insert(s.end(), prompt_ids_.begin(), prompt_ids_.end());
        s.push_back(kSep);
        out.shared_length[static_cast<size_t>(r)] = static_cast<int64_t>(s.size());
        s.insert(s.end(), capability.begin(), capability.end() - 1);
        break;
    }
  }
  return out;
}

std::pair<at::Tensor, at::Tensor> ModelSatNetImpl::embed(const std::vector<std::vector<int64_t>>& slots,
                                                         const std::vector<at::Tensor>& dense) {
  const at::Device device = token_embedding_->weight.device();
  const auto n_rows = static_cast<int64_t>(slots.size());
  int64_t longest = 0;
  for (const auto& s : slots) longest = std::max<int64_t>(longest, static_cast<int64_t>(s.size()));
  at::Tensor ids = at::full({n_rows, longest}, kPad, at::kLong);
  at::Tensor dense_index = at::zeros({n_rows, longest}, at::kLong);
  at::Tensor is_token = at::ones({n_rows, longest}, at::kBool);
  at::Tensor mask = at::zeros({n_rows, longest}, at::kBool);
  auto ids_a = ids.accessor<int64_t, 2>();
  auto dense_a = dense_index.accessor<int64_t, 2>();
  auto token_a = is_token.accessor<bool, 2>();
  auto mask_a = mask.accessor<bool, 2>();
  for (int64_t r = 0; r < n_rows; ++r) {
    const auto& s = slots[static_cast<size_t>(r)];
    const int64_t offset = longest - static_cast<int64_t>(s.size());  // left padding: the last position is real
    for (size_t i = 0; i < s.size(); ++i) {
      const int64_t col = offset + static_cast<int64_t>(i);
      mask_a[r][col] = true;
      if (s[i] >= 0) {
        ids_a[r][col] = s[i];
      } else {
        token_a[r][col] = false;
        dense_a[r][col] = -s[i] - 1;
      }
    }
  }
  at::Tensor x = token_embedding_(ids.to(device));  // [n_rows, longest, d]
  if (!dense.empty()) {
    const at::Tensor values = at::cat(dense, 0);
    const at::Tensor gathered =
        values.index_select(0, dense_index.view({-1}).to(device)).view({n_rows, longest, input_dim_});
    x = at::where(is_token.to(device).unsqueeze(-1), x, gathered);
  }
  return {x, mask.to(device)};
}

at::Tensor ModelSatNetImpl::forward(const std::vector<Row>& rows, const Inputs& inputs, Backbone& backbone) {
  const Sequences sequences = build_sequences(rows, inputs);
  const auto [x, mask] = embed(sequences.slots, sequences.dense);
  const at::Tensor hidden = backbone.forward(x, mask);  // [n_rows, longest, hidden]
  return head_(hidden.select(1, x.size(1) - 1).to(x.device())).squeeze(-1);
}

at::Tensor ModelSatNetImpl::forward_shared_prefix(const std::vector<Row>& rows, int64_t candidates, const Inputs& inputs,
                                                  Backbone& backbone) {
  if (config_.sequence_order == SequenceOrder::capability_first) {
    throw Error("forward_shared_prefix: capability-first sequences share no prefix across candidates (expected "
                "sequence_order instruction_first or capability_last, got capability_first)");
  }
  const auto n_rows = static_cast<int64_t>(rows.size());
  if (candidates < 1 || n_rows % candidates != 0) {
    throw Error("forward_shared_prefix: rows do not split into groups of the candidates (expected a multiple of " +
                std::to_string(candidates) + " rows, got " + std::to_string(n_rows) + ")");
  }
  const int64_t groups = n_rows / candidates;
  for (int64_t r = 0; r < n_rows; ++r) {
    if (rows[static_cast<size_t>(r)].query != rows[static_cast<size_t>(r - r % candidates)].query) {
      throw Error("forward_shared_prefix: row " + std::to_string(r) + " leaves its group's instruction (expected query " +
                  std::to_string(rows[static_cast<size_t>(r - r % candidates)].query) + ", got " +
                  std::to_string(rows[static_cast<size_t>(r)].query) + ")");
    }
  }
  const Sequences sequences = build_sequences(rows, inputs);
  std::vector<std::vector<int64_t>> prefixes, continuations;
  for (int64_t r = 0; r < n_rows; ++r) {
    const auto& s = sequences.slots[static_cast<size_t>(r)];
    const auto shared = sequences.shared_length[static_cast<size_t>(r)];
    if (r % candidates == 0) prefixes.emplace_back(s.begin(), s.begin() + shared);
    continuations.emplace_back(s.begin() + shared, s.end());
  }
  const auto [prefix, prefix_mask] = embed(prefixes, sequences.dense);
  const auto [x, mask] = embed(continuations, sequences.dense);
  const int64_t s = x.size(1);
  const at::Tensor hidden = backbone.forward_shared_prefix(prefix, prefix_mask, x.view({groups, candidates, s, input_dim_}),
                                                           mask.view({groups, candidates, s}));
  return head_(hidden.select(2, s - 1).reshape({n_rows, hidden.size(-1)}).to(x.device())).squeeze(-1);
}

at::Tensor ModelSatNetImpl::lm_loss(const std::vector<const std::vector<int32_t>*>& texts, Backbone& backbone) {
  const at::Device device = token_embedding_->weight.device();
  const auto n = static_cast<int64_t>(texts.size());
  int64_t longest = 2;
  for (const auto* ids : texts) longest = std::max<int64_t>(longest, static_cast<int64_t>(ids->size()) + 1);
  longest = std::min<int64_t>(longest, context_ + 1);
  at::Tensor ids = at::full({n, longest}, kPad, at::kLong);
  at::Tensor mask = at::zeros({n, longest}, at::kBool);
  auto ids_a = ids.accessor<int64_t, 2>();
  auto mask_a = mask.accessor<bool, 2>();
  for (int64_t r = 0; r < n; ++r) {
    ids_a[r][0] = kCls;
    mask_a[r][0] = true;
    const auto& tokens = *texts[static_cast<size_t>(r)];
    for (int64_t i = 0; i + 1 < longest && i < static_cast<int64_t>(tokens.size()); ++i) {
      ids_a[r][i + 1] = tokens[static_cast<size_t>(i)];
      mask_a[r][i + 1] = true;
    }
  }
  ids = ids.to(device);
  mask = mask.to(device);
  at::Tensor hidden = backbone.forward(token_embedding_(ids.narrow(1, 0, longest - 1)), mask.narrow(1, 0, longest - 1));
  if (lm_projection_) hidden = lm_projection_(hidden);
  const at::Tensor logits = at::matmul(hidden, token_embedding_->weight.t());  // [n, longest - 1, vocab]
  const at::Tensor targets = ids.narrow(1, 1, longest - 1).masked_fill(mask.narrow(1, 1, longest - 1).logical_not(), -100);
  return at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}), {}, at::Reduction::Mean,
                                -100);
}

std::vector<ParamGroup> ModelSatNetImpl::stage_groups(int stage, double encoder_lr_scale, Backbone& backbone) {
  std::vector<ParamGroup> groups;
  if (stage == 1) {
    ParamGroup group;
    append_params(group.params, connector_);
    append_params(group.params, connector_out_);
    append_params(group.params, instruction_projection_);
    append_params(group.params, head_);
    groups.push_back(group);
    return groups;
  }
  ParamGroup encoder{{}, encoder_lr_scale};
  append_params(encoder.params, psi_);
  append_params(encoder.params, connector_);
  append_params(encoder.params, connector_out_);
  if (!encoder.params.empty()) groups.push_back(encoder);
  ParamGroup rest;
  append_params(rest.params, token_embedding_);
  append_params(rest.params, instruction_projection_);
  append_params(rest.params, head_);
  for (const at::Tensor& p : backbone.parameters()) rest.params.push_back(p);
  groups.push_back(rest);
  return groups;
}

std::vector<ParamGroup> ModelSatNetImpl::lm_groups(Backbone& backbone) {
  ParamGroup group;
  append_params(group.params, token_embedding_);
  append_params(group.params, lm_projection_);
  for (const at::Tensor& p : backbone.parameters()) group.params.push_back(p);
  return {group};
}

}  // namespace modelsat::msat
