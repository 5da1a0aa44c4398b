// PerCategoryBestRouter: per-category accuracy table shrunk towards the overall accuracy.
#include "per_category_best_router.h"

#include "accuracy_table.h"
#include "routing_checks.h"
#include "state_file.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace baselines {
namespace {

const char* const kName = "per_category_best";

void check_categories(const modelsat::QueryBatch& queries, const std::string& operation) {
  if (queries.categories.size() != queries.texts.size()) {
    throw modelsat::DataError(std::string(kName) + ": " + operation + ": the queries need one category each (expected " +
                              std::to_string(queries.texts.size()) + ", got " +
                              std::to_string(queries.categories.size()) + ")");
  }
}

}  // namespace

const char* const kPerCategoryBestSchema = R"json({
  "type": "object",
  "properties": {
    "smoothing": {"type": "number", "minimum": 0, "default": 1.0,
                  "description": "Laplace smoothing of each model's overall training accuracy"},
    "strength": {"type": "number", "minimum": 0, "default": 10.0,
                 "description": "pseudo-queries that pull a category's accuracy towards the model's overall accuracy"}
  }
})json";

std::unique_ptr<modelsat::Router> PerCategoryBestRouter::create(const modelsat::CreateContext& /*context*/,
                                                                const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<PerCategoryBestRouter>(
      PerCategoryBestConfig{config.at("smoothing").get<double>(), config.at("strength").get<double>()});
}

modelsat::RouterCaps PerCategoryBestRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  return caps;
}

void PerCategoryBestRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  const at::Tensor correct = checked_correct(kName, train);
  check_categories(train.queries, "fit");
  overall_ = smoothed_accuracy(correct, config_.smoothing);
  by_category_ = group_accuracy(correct, train.queries.categories, overall_, config_.strength);
  by_category_.erase("");
  models_ = model_names(train.candidates);
}

at::Tensor PerCategoryBestRouter::score(const modelsat::QueryBatch& queries,
                                        const modelsat::CandidateSet& candidates) const {
  require_fitted(overall_.defined(), kName, "score");
  check_categories(queries, "score");
  at::Tensor table = at::empty({queries.size(), overall_.size(0)}, at::kFloat);
  for (int64_t q = 0; q < queries.size(); ++q) {
    const auto it = by_category_.find(queries.categories[static_cast<size_t>(q)]);
    table[q].copy_(it == by_category_.end() ? overall_ : it->second);
  }
  return select_columns(table, candidate_columns(kName, models_, candidates));
}

void PerCategoryBestRouter::save(const std::string& path) const {
  require_fitted(overall_.defined(), kName, "save");
  std::vector<std::string> categories;
  std::vector<at::Tensor> rows;
  for (const auto& [category, accuracy] : by_category_) {
    categories.push_back(category);
    rows.push_back(accuracy);
  }
  RouterState state{kName, 1, {{"models", models_}, {"categories", categories}}, {{"overall", overall_}}};
  state.tensors["by_category"] = rows.empty() ? at::empty({0, overall_.size(0)}, at::kFloat) : at::stack(rows);
  save_state(path, state);
}

void PerCategoryBestRouter::load(const std::string& path) {
  const RouterState state = load_state(path, kName, 1);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  overall_ = state_tensor(state, "overall", path);
  const auto categories = state.settings.at("categories").get<std::vector<std::string>>();
  const at::Tensor rows = state_tensor(state, "by_category", path);
  by_category_.clear();
  for (size_t c = 0; c < categories.size(); ++c) by_category_.emplace(categories[c], rows[static_cast<int64_t>(c)]);
}

}  // namespace baselines
