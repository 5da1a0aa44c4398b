// TrainingData: per-model right/wrong lists, per-query right/wrong models, weighted model sampling.
#include "training_data.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace modelsat::msat {
namespace {

int64_t pick(const std::vector<int64_t>& items, Rng& rng) { return items[rng.below(items.size())]; }

/// count items drawn without replacement while items last, then the list repeated (as the paper does when a model
/// has too few wrong answers). Rejection sampling: count is small next to most lists.
std::vector<int64_t> pick_distinct(const std::vector<int64_t>& items, int64_t count, Rng& rng) {
  std::vector<int64_t> out;
  std::vector<size_t> used;
  for (int64_t i = 0; i < count; ++i) {
    if (used.size() == items.size()) used.clear();
    size_t index = rng.below(items.size());
    while (std::find(used.begin(), used.end(), index) != used.end()) index = rng.below(items.size());
    used.push_back(index);
    out.push_back(items[index]);
  }
  return out;
}

}  // namespace

TrainingData::TrainingData(const at::Tensor& correct, double power, const char* where)
    : n_queries_(correct.size(0)), n_models_(correct.size(1)) {
  const at::Tensor values = correct.to(at::kFloat).contiguous();
  auto a = values.accessor<float, 2>();
  correct_.resize(static_cast<size_t>(n_queries_ * n_models_));
  right_.resize(static_cast<size_t>(n_models_));
  wrong_.resize(static_cast<size_t>(n_models_));
  right_models_.resize(static_cast<size_t>(n_queries_));
  wrong_models_.resize(static_cast<size_t>(n_queries_));
  for (int64_t q = 0; q < n_queries_; ++q) {
    for (int64_t m = 0; m < n_models_; ++m) {
      const bool ok = a[q][m] >= 0.5F;
      correct_[static_cast<size_t>(q * n_models_ + m)] = ok ? 1 : 0;
      (ok ? right_ : wrong_)[static_cast<size_t>(m)].push_back(q);
      (ok ? right_models_ : wrong_models_)[static_cast<size_t>(q)].push_back(m);
    }
    if (!right_models_[static_cast<size_t>(q)].empty() && !wrong_models_[static_cast<size_t>(q)].empty()) {
      mixed_queries_.push_back(q);
    }
  }
  double total = 0.0;
  for (int64_t m = 0; m < n_models_; ++m) {
    const auto& right = right_[static_cast<size_t>(m)];
    if (right.empty() || wrong_[static_cast<size_t>(m)].empty()) continue;
    eligible_models_.push_back(m);
    total += std::pow(static_cast<double>(right.size()) / static_cast<double>(n_queries_), power);
    cumulative_.push_back(total);
  }
  if (eligible_models_.empty()) {
    throw DataError(std::string(where) + ": no model has both right and wrong answers in the training set (expected " +
                    "at least one, got none among " + std::to_string(n_models_) + " models)");
  }
}

int64_t TrainingData::sample_model(Rng& rng) const {
  const double u = rng.uniform() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  const auto index = std::min<size_t>(static_cast<size_t>(it - cumulative_.begin()), eligible_models_.size() - 1);
  return eligible_models_[index];
}

std::vector<int64_t> TrainingData::sample_model_group(int64_t model, int64_t k, Rng& rng) const {
  std::vector<int64_t> queries = {pick(right_[static_cast<size_t>(model)], rng)};
  for (int64_t q : pick_distinct(wrong_[static_cast<size_t>(model)], k - 1, rng)) queries.push_back(q);
  return queries;
}

bool TrainingData::sample_instruction_group(int64_t k, Rng& rng, int64_t& query, std::vector<int64_t>& models) const {
  if (mixed_queries_.empty()) return false;
  query = pick(mixed_queries_, rng);
  models = {pick(right_models_[static_cast<size_t>(query)], rng)};
  for (int64_t m : pick_distinct(wrong_models_[static_cast<size_t>(query)], k - 1, rng)) models.push_back(m);
  return true;
}

}  // namespace modelsat::msat
