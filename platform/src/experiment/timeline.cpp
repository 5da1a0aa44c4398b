// The incremental release timeline: steps from release dates, and each router's accuracy inside each step's zoo.
#include "modelsat/experiment/timeline.h"

#include "modelsat/error.h"
#include "modelsat/eval/metrics.h"
#include "modelsat/eval/policy.h"

#include <algorithm>
#include <numeric>

namespace modelsat::experiment {

std::vector<TimelineStep> timeline_steps(const ExperimentData& data, const std::vector<double>& train_accuracy,
                                         size_t top_k, const std::string& models_file) {
  const auto& models = data.dataset.model_info;
  std::vector<size_t> order(data.dataset.n_models());
  std::iota(order.begin(), order.end(), 0);
  for (size_t m : order) {
    if (models[m].release_date.empty()) {
      throw DataError(models_file + ": model '" + data.dataset.models[m] + "' has no release_date: the release "
                      "timeline orders the zoo by release (expected \"YYYY-MM-DD\", got none)");
    }
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(models[a].release_date, data.dataset.models[a]) < std::tie(models[b].release_date, data.dataset.models[b]);
  });
  std::vector<TimelineStep> steps;
  for (size_t position = 0; position < order.size(); ++position) {
    const size_t newcomer = order[position];
    if (std::find(data.seen_columns.begin(), data.seen_columns.end(), newcomer) != data.seen_columns.end()) continue;
    std::vector<size_t> earlier(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(position));
    std::stable_sort(earlier.begin(), earlier.end(), [&](size_t a, size_t b) { return train_accuracy[a] > train_accuracy[b]; });
    if (earlier.size() > top_k) earlier.resize(top_k);
    if (earlier.empty()) continue;
    earlier.push_back(newcomer);
    steps.push_back({newcomer, earlier});
  }
  return steps;
}

nlohmann::json timeline_metrics(const std::vector<TimelineStep>& steps, const ExperimentData& data,
                                const std::map<std::string, std::vector<eval::Matrix>>& test_scores,
                                const eval::Matrix& test_correct, const std::vector<double>& train_accuracy) {
  nlohmann::json out = nlohmann::json::array();
  const size_t n = test_correct.rows;
  for (size_t s = 0; s < steps.size(); ++s) {
    const TimelineStep& step = steps[s];
    nlohmann::json zoo = nlohmann::json::array();
    for (size_t m : step.columns) zoo.push_back(data.dataset.models[m]);
    size_t best = step.columns.front();
    for (size_t m : step.columns) {
      if (train_accuracy[m] > train_accuracy[best]) best = m;
    }
    double best_single = 0.0;
    for (size_t q = 0; q < n; ++q) best_single += test_correct.at(q, best);
    const double oracle = eval::oracle_accuracy_within(test_correct, step.columns);
    nlohmann::json routers = nlohmann::json::object(), shares = nlohmann::json::object();
    for (const auto& [id, seeds] : test_scores) {
      double accuracy = 0.0, newcomer = 0.0;
      for (const eval::Matrix& scores : seeds) {
        const std::vector<size_t> choices = eval::route_argmax_within(scores, step.columns);
        for (size_t q = 0; q < n; ++q) {
          accuracy += test_correct.at(q, choices[q]);
          newcomer += choices[q] == step.newcomer ? 1.0 : 0.0;
        }
      }
      const double total = static_cast<double>(n * seeds.size());
      routers[id] = accuracy / total;
      shares[id] = newcomer / total;
    }
    out.push_back({{"step", s + 1},
                   {"newcomer", data.dataset.models[step.newcomer]},
                   {"release_date", data.dataset.model_info[step.newcomer].release_date},
                   {"zoo", zoo},
                   {"routers", routers},
                   {"newcomer_share", shares},
                   {"best_single", best_single / static_cast<double>(n)},
                   {"best_single_model", data.dataset.models[best]},
                   {"oracle", oracle}});
  }
  return out;
}

}  // namespace modelsat::experiment
