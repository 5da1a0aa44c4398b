// ExampleRouter: per-model training accuracy as a query-independent score, with save/load as JSON.
#include "example_router.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>
#include <modelsat/json_util.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace example {

const char* const kExampleRouterSchema = R"({
  "type": "object",
  "properties": {
    "smoothing": {"type": "number", "minimum": 0, "default": 1.0,
                  "description": "Laplace smoothing of each model's training accuracy"}
  }
})";

modelsat::RouterCaps ExampleRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  caps.uses_aptitude = true;
  return caps;
}

void ExampleRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  const int64_t n_models = train.candidates.size();
  if (!train.correct.defined() || train.correct.dim() != 2 || train.correct.size(1) != n_models ||
      train.correct.size(0) == 0) {
    throw modelsat::DataError("example_router: fit: the training set needs a non-empty [n_queries, " +
                              std::to_string(n_models) + "] correctness matrix");
  }
  const at::Tensor correct = train.correct.to(at::kDouble);
  const at::Tensor hits = correct.sum(0);  // [n_models]
  const double answered = static_cast<double>(correct.size(0));
  accuracy_.clear();
  double total = 0.0;
  for (int64_t m = 0; m < n_models; ++m) {
    const double accuracy = (hits[m].item<double>() + config_.smoothing) / (answered + 2.0 * config_.smoothing);
    accuracy_[train.candidates.models[static_cast<size_t>(m)].name] = static_cast<float>(accuracy);
    total += accuracy;
  }
  zoo_mean_ = static_cast<float>(total / static_cast<double>(n_models));
  fitted_ = true;
}

float ExampleRouter::prior_for(const modelsat::ModelCard& model) const {
  auto it = accuracy_.find(model.name);
  if (it != accuracy_.end()) return it->second;
  if (!model.aptitude.empty()) {
    double sum = 0.0;
    for (float a : model.aptitude) sum += a;
    return static_cast<float>(sum / static_cast<double>(model.aptitude.size()));
  }
  return zoo_mean_;
}

at::Tensor ExampleRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  if (!fitted_) throw modelsat::Error("example_router: score: called before fit() or load()");
  at::Tensor row = at::empty({candidates.size()}, at::kFloat);
  for (int64_t m = 0; m < candidates.size(); ++m) row[m] = prior_for(candidates.models[static_cast<size_t>(m)]);
  return row.unsqueeze(0).expand({queries.size(), candidates.size()}).contiguous();  // [n_queries, n_models]
}

void ExampleRouter::save(const std::string& path) const {
  if (!fitted_) throw modelsat::Error("example_router: save: nothing to save before fit()");
  const nlohmann::json state = {{"format", "example_router"}, {"version", 1}, {"accuracy", accuracy_},
                                {"zoo_mean", zoo_mean_}, {"smoothing", config_.smoothing}};
  modelsat::write_file_atomic(path, state.dump(2));
}

void ExampleRouter::load(const std::string& path) {
  const nlohmann::json state = modelsat::read_json_file(path);
  if (state.value("format", "") != "example_router" || state.value("version", 0) != 1) {
    throw modelsat::DataError(path + ": not an example_router state file (expected format \"example_router\" version 1)");
  }
  accuracy_ = state.at("accuracy").get<std::map<std::string, float>>();
  zoo_mean_ = state.at("zoo_mean").get<float>();
  fitted_ = true;
}

}  // namespace example
