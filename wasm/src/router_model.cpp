// RouterModel: weights from the file, capability tokens (psi + connector, float), shuffle-averaged int8 scoring.
#include "router_model.h"

#include "msq/kernels.h"
#include "scratch.h"
#include "weights.h"

#include <modelsat/rng.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace msq {
namespace {

constexpr int32_t kSep = 3;                     // modelsat/text/bpe_tokenizer.h: [PAD] [UNK] [CLS] [SEP] [MASK]
constexpr uint64_t kShuffleStream = 0x5eed5eedULL;  // plugins/model_sat/model_sat_router.cpp
constexpr size_t kCacheLimit = 4096;            // aptitude vectors whose capability tokens are kept

}  // namespace

RouterModel::RouterModel(ModelFile file, const std::string& source)
    : format_version(file.format_version), router_id(file.router_id), settings(file.settings), tasks(file.tasks),
      zoos(file.zoos), width_(file.settings.width),
      tokenizer_(modelsat::text::BpeTokenizer::from_merges(file.lowercase, file.merges)),
      transformer_(file, source) {
  const RouterSettings& s = settings;
  const int64_t d = width_, cw = s.capability_width;
  const auto n_tasks = static_cast<int64_t>(tasks.size());
  if (n_tasks == 0) throw FormatError(source + ": metadata#/tasks: no aptitude tasks (expected at least 1)");
  for (const ModelEntry& m : file.models) models.push_back(Candidate{m.name, m.aptitude, m.cost});
  for (const auto& [zoo, names] : zoos) {
    for (const std::string& name : names) {
      bool known = false;
      for (const Candidate& m : models) known = known || m.name == name;
      if (!known) throw FormatError(source + ": metadata#/zoos/" + zoo + ": unknown model '" + name + "'");
    }
  }
  const int64_t vocab = tokenizer_.vocab_size();
  token_embedding_ = take_float(file, "token_embedding", {vocab, d}, source);
  psi_first_w_ = take_float(file, "psi.first.weight", {cw, 2 * d + 1}, source);
  psi_first_b_ = take_float(file, "psi.first.bias", {cw}, source);
  psi_second_w_ = take_float(file, "psi.second.weight", {cw, cw}, source);
  psi_second_b_ = take_float(file, "psi.second.bias", {cw}, source);
  if (s.connector_mlp) {
    connector_w_ = take_float(file, "connector.weight", {cw, cw}, source);
    connector_b_ = take_float(file, "connector.bias", {cw}, source);
    connector_out_w_ = take_float(file, "connector_out.weight", {d, cw}, source);
    connector_out_b_ = take_float(file, "connector_out.bias", {d}, source);
  } else {
    connector_w_ = take_float(file, "connector.weight", {d, cw}, source);
    connector_b_ = take_float(file, "connector.bias", {d}, source);
  }
  head_w_ = take_float(file, "head.weight", {1, d}, source);
  head_b_ = take_float(file, "head.bias", {1}, source);

  prompt_ids_ = tokenizer_.encode(s.inquiry_prompt);
  capability_rows_ = s.capability == "per_task" ? n_tasks : 1;
  const int64_t fixed = capability_rows_ + 2 + static_cast<int64_t>(prompt_ids_.size());
  if (fixed > s.context) {
    throw FormatError(source + ": the capability instruction does not fit the context (expected <= " +
                      std::to_string(s.context) + " positions without the instruction, got " + std::to_string(fixed) + ")");
  }
  descriptions_.assign(static_cast<size_t>(n_tasks * d), 0.0F);
  for (int64_t t = 0; t < n_tasks; ++t) {
    const std::vector<int32_t> ids = tokenizer_.encode(tasks[static_cast<size_t>(t)]);
    float* out = descriptions_.data() + t * d;
    for (int32_t id : ids) {
      for (int64_t c = 0; c < d; ++c) out[c] += embedding(id)[c];
    }
    const float count = std::max(1.0F, static_cast<float>(ids.size()));
    for (int64_t c = 0; c < d; ++c) out[c] /= count;
  }
}

std::shared_ptr<const std::vector<float>> RouterModel::capability_tokens(const std::vector<float>& aptitude) const {
  {
    const std::lock_guard<std::mutex> lock(cache_mutex_);
    const auto it = cache_.find(aptitude);
    if (it != cache_.end()) return it->second;
  }
  const int64_t d = width_, cw = settings.capability_width;
  const auto n_tasks = static_cast<int64_t>(tasks.size());
  std::vector<float> input(static_cast<size_t>(n_tasks * (2 * d + 1)));
  for (int64_t t = 0; t < n_tasks; ++t) {
    const float a = aptitude[static_cast<size_t>(t)];
    const float* desc = descriptions_.data() + t * d;
    float* row = input.data() + t * (2 * d + 1);
    for (int64_t c = 0; c < d; ++c) {
      row[c] = desc[c];
      row[d + 1 + c] = a * desc[c];
    }
    row[d] = a;
  }
  std::vector<float> hidden(static_cast<size_t>(n_tasks * cw)), psi(hidden.size());
  linear_f32(input.data(), n_tasks, psi_first_w_.data(), psi_first_b_.data(), 2 * d + 1, cw, hidden.data());
  gelu(hidden.data(), n_tasks * cw);
  linear_f32(hidden.data(), n_tasks, psi_second_w_.data(), psi_second_b_.data(), cw, cw, psi.data());
  std::vector<float> tokens(static_cast<size_t>(n_tasks * d));
  if (settings.connector_mlp) {
    linear_f32(psi.data(), n_tasks, connector_w_.data(), connector_b_.data(), cw, cw, hidden.data());
    gelu(hidden.data(), n_tasks * cw);
    linear_f32(hidden.data(), n_tasks, connector_out_w_.data(), connector_out_b_.data(), cw, d, tokens.data());
  } else {
    linear_f32(psi.data(), n_tasks, connector_w_.data(), connector_b_.data(), cw, d, tokens.data());
  }
  if (settings.capability == "pooled") {
    std::vector<float> mean(static_cast<size_t>(d), 0.0F);
    for (int64_t t = 0; t < n_tasks; ++t) {
      for (int64_t c = 0; c < d; ++c) mean[static_cast<size_t>(c)] += tokens[static_cast<size_t>(t * d + c)];
    }
    for (float& v : mean) v /= static_cast<float>(n_tasks);
    tokens = std::move(mean);
  }
  auto shared = std::make_shared<const std::vector<float>>(std::move(tokens));
  const std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() >= kCacheLimit) cache_.clear();
  cache_.emplace(aptitude, shared);
  return shared;
}

void RouterModel::check_candidates(const std::vector<Candidate>& candidates) const {
  const size_t n_tasks = tasks.size();
  if (candidates.empty()) throw std::invalid_argument("no candidates (expected at least 1)");
  for (const Candidate& c : candidates) {
    if (c.aptitude.size() != n_tasks) {
      throw std::invalid_argument("candidate '" + c.name + "': aptitude results of the wrong length (expected " +
                                  std::to_string(n_tasks) + ", got " + std::to_string(c.aptitude.size()) + ")");
    }
    for (size_t t = 0; t < n_tasks; ++t) {
      const float a = c.aptitude[t];
      if (!(a >= 0.0F && a <= 1.0F)) {
        throw std::invalid_argument("candidate '" + c.name + "': aptitude result out of [0, 1] at task " +
                                    std::to_string(t) + " (got " + std::to_string(a) + ")");
      }
    }
  }
}

void RouterModel::append_embeddings(const std::vector<int32_t>& ids, std::vector<float>& rows) const {
  for (int32_t id : ids) rows.insert(rows.end(), embedding(id), embedding(id) + width_);
}

Decision RouterModel::route(const std::string& instruction, const std::vector<Candidate>& candidates,
                            const RouteOptions& options) const {
  check_candidates(candidates);
  const ActivationLevels levels = transformer_.activation_levels_for(options.activation_bits);
  const size_t n_tasks = tasks.size();
  const RouterSettings& s = settings;
  const int64_t d = width_;
  Decision decision;
  std::vector<int32_t> ids = tokenizer_.encode(instruction);
  const int64_t fixed = capability_rows_ + 2 + static_cast<int64_t>(prompt_ids_.size());
  const auto limit = static_cast<size_t>(std::max<int64_t>(0, std::min(s.max_instruction_tokens, s.context - fixed)));
  if (ids.size() > limit) {
    ids.resize(limit);
    decision.truncated = true;
  }
  decision.instruction_tokens = ids.size();

  // The rows run once per candidate and task order (`sequence`, capability rows at capability_row, filled per run)
  // and what all those runs share: the layer-0 rows after the capability tokens (capability_first) or every layer's
  // keys and values of [instruction][SEP] (instruction_first) or [instruction][SEP][prompt][SEP] (capability_last), when
  // reused.
  const bool shared_prefix = s.sequence_order != "capability_first";
  const bool capability_last = s.sequence_order == "capability_last";
  std::vector<float> sequence;
  int64_t capability_row = 0;
  SharedSuffix shared_suffix;
  PrefixCache prefix;
  if (shared_prefix) {
    std::vector<int32_t> prefix_ids = ids;
    prefix_ids.push_back(kSep);
    if (capability_last) {
      prefix_ids.insert(prefix_ids.end(), prompt_ids_.begin(), prompt_ids_.end());
      prefix_ids.push_back(kSep);
    }
    std::vector<float> prefix_embeds;
    append_embeddings(prefix_ids, prefix_embeds);
    if (options.reuse_instruction) {
      prefix = transformer_.cache_prefix(prefix_embeds.data(), static_cast<int64_t>(prefix_ids.size()),
                                         levels);
    } else {
      sequence = std::move(prefix_embeds);
      capability_row = static_cast<int64_t>(prefix_ids.size());
    }
    sequence.resize(sequence.size() + static_cast<size_t>(capability_rows_ * d));
    if (!capability_last) {
      std::vector<int32_t> tail_ids{kSep};
      tail_ids.insert(tail_ids.end(), prompt_ids_.begin(), prompt_ids_.end());
      append_embeddings(tail_ids, sequence);
    }
  } else {
    sequence.resize(static_cast<size_t>(capability_rows_ * d));
    std::vector<int32_t> suffix_ids{kSep};
    suffix_ids.insert(suffix_ids.end(), ids.begin(), ids.end());
    suffix_ids.push_back(kSep);
    suffix_ids.insert(suffix_ids.end(), prompt_ids_.begin(), prompt_ids_.end());
    std::vector<float> suffix_embeds;
    append_embeddings(suffix_ids, suffix_embeds);
    shared_suffix = transformer_.share(suffix_embeds.data(), capability_rows_, static_cast<int64_t>(suffix_ids.size()),
                                       levels);
  }
  const auto sequence_rows = static_cast<int64_t>(sequence.size()) / d;

  std::vector<std::shared_ptr<const std::vector<float>>> capabilities;
  for (const Candidate& c : candidates) capabilities.push_back(capability_tokens(c.aptitude));

  // With a shared prefix the candidates run as one batch of copies of `sequence`; each task order fills every
  // candidate's capability rows (in its copy, or in `sequence` itself when candidates run one at a time).
  const size_t n_candidates = candidates.size();
  std::vector<double> total(n_candidates, 0.0);
  std::vector<float>& batch = scratch<float, Scratch::batch>(shared_prefix ? n_candidates * sequence.size() : 0);
  for (size_t m = 0; m < batch.size(); m += sequence.size()) {
    std::copy(sequence.begin(), sequence.end(), batch.begin() + static_cast<int64_t>(m));
  }
  std::vector<float> hidden(static_cast<size_t>(d) * n_candidates);
  // A pooled capability token is the same in every task order (capability_tokens averages the tasks in their given
  // order), so every shuffle would run the same sequences: one run gives the average exactly.
  const int64_t runs = s.capability == "pooled" ? 1 : s.routing_shuffles;
  const modelsat::Rng base(s.seed ^ kShuffleStream);
  for (int64_t shuffle = 0; shuffle < runs; ++shuffle) {
    modelsat::Rng rng = base.fork(static_cast<uint64_t>(shuffle));
    for (size_t m = 0; m < n_candidates; ++m) {
      std::vector<int64_t> order(n_tasks);
      std::iota(order.begin(), order.end(), 0);
      if (runs > 1) rng.shuffle(order);
      const std::vector<float>& caps = *capabilities[m];
      float* capability_out =
          (shared_prefix ? batch.data() + m * sequence.size() : sequence.data()) + capability_row * d;
      if (s.capability == "per_task") {
        for (size_t j = 0; j < n_tasks; ++j) {
          std::copy(caps.begin() + order[j] * d, caps.begin() + (order[j] + 1) * d,
                    capability_out + static_cast<int64_t>(j) * d);
        }
      } else {
        std::copy(caps.begin(), caps.end(), capability_out);
      }
      if (!shared_prefix) transformer_.last_hidden(sequence.data(), shared_suffix, levels, hidden.data() + m * d);
    }
    if (shared_prefix) {
      transformer_.last_hidden(prefix, batch.data(), sequence_rows, static_cast<int64_t>(n_candidates), levels,
                               hidden.data());
    }
    for (size_t m = 0; m < n_candidates; ++m) {
      double logit = head_b_[0];
      for (int64_t c = 0; c < d; ++c) {
        logit += static_cast<double>(hidden[m * d + static_cast<size_t>(c)] * head_w_[static_cast<size_t>(c)]);
      }
      total[m] += s.score_output == "probability" ? sigmoid(logit) : logit;
    }
  }
  for (size_t m = 0; m < candidates.size(); ++m) {
    const double score = total[m] / static_cast<double>(runs);
    decision.probabilities.push_back(static_cast<float>(s.score_output == "probability" ? score : sigmoid(score)));
    if (total[m] > total[decision.choice]) decision.choice = m;
  }
  return decision;
}

}  // namespace msq
