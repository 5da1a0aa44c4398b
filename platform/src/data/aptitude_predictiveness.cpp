// Correlations between aptitude vectors and routing accuracy (overall and per task), for `modelsat data aptitude-fit`.
#include "modelsat/data/aptitude_predictiveness.h"

#include "modelsat/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace modelsat::data {
namespace {

std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = 0.5 * static_cast<double>(i + j);
    i = j + 1;
  }
  return ranks;
}

double mean_over(const Dataset& dataset, const std::vector<size_t>& rows, size_t m) {
  double sum = 0;
  size_t count = 0;
  for (size_t q : rows)
    if (dataset.is_observed(q, m)) sum += dataset.score(q, m), ++count;
  return count ? sum / static_cast<double>(count) : 0;
}

}  // namespace

double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson_correlation(average_ranks(x), average_ranks(y));
}

AptitudePredictiveness aptitude_predictiveness(const AptitudeTest& test, const Dataset& dataset,
                                               const std::vector<std::string>& models,
                                               const std::vector<std::string>& question_ids) {
  if (models.size() < 3)
    throw DataError(dataset.name + ": aptitude predictiveness: too few models (expected at least 3, got " +
                    std::to_string(models.size()) + ")");
  const std::vector<size_t> rows = dataset.rows_of(question_ids);
  std::map<std::string, std::vector<size_t>> rows_by_source;
  for (size_t q : rows) rows_by_source[dataset.questions[q].source].push_back(q);
  AptitudePredictiveness fit;
  std::vector<std::vector<double>> vectors;
  std::vector<double> aptitude, accuracy;
  for (const std::string& model : models) {
    const size_t m = dataset.model_index(model);
    vectors.push_back(aptitude_vector(test, dataset, model));
    const std::vector<double>& v = vectors.back();
    ModelAptitudeFit row{model, std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()),
                         mean_over(dataset, rows, m)};
    aptitude.push_back(row.aptitude);
    accuracy.push_back(row.routing_accuracy);
    fit.mean_abs_error_points += 100.0 * std::fabs(row.aptitude - row.routing_accuracy) / static_cast<double>(models.size());
    fit.models.push_back(row);
  }
  fit.pearson = pearson_correlation(aptitude, accuracy);
  fit.spearman = spearman_correlation(aptitude, accuracy);
  fit.same_best_model = std::max_element(aptitude.begin(), aptitude.end()) - aptitude.begin() ==
                        std::max_element(accuracy.begin(), accuracy.end()) - accuracy.begin();
  for (size_t t = 0; t < test.tasks.size(); ++t) {
    const auto it = rows_by_source.find(test.tasks[t].name);
    if (it == rows_by_source.end()) continue;
    std::vector<double> task_aptitude, task_accuracy;
    for (size_t i = 0; i < models.size(); ++i) {
      task_aptitude.push_back(vectors[i][t]);
      task_accuracy.push_back(mean_over(dataset, it->second, dataset.model_index(models[i])));
    }
    fit.tasks.push_back({test.tasks[t].name, it->second.size(), pearson_correlation(task_aptitude, task_accuracy),
                         spearman_correlation(task_aptitude, task_accuracy)});
  }
  return fit;
}

nlohmann::json to_json(const AptitudePredictiveness& fit) {
  nlohmann::json out = {{"pearson", fit.pearson},
                        {"spearman", fit.spearman},
                        {"mean_abs_error_points", fit.mean_abs_error_points},
                        {"same_best_model", fit.same_best_model},
                        {"models", nlohmann::json::array()},
                        {"tasks", nlohmann::json::array()}};
  for (const auto& m : fit.models)
    out["models"].push_back({{"model", m.model}, {"aptitude", m.aptitude}, {"routing_accuracy", m.routing_accuracy}});
  for (const auto& t : fit.tasks)
    out["tasks"].push_back({{"task", t.task}, {"questions", t.questions}, {"pearson", t.pearson}, {"spearman", t.spearman}});
  return out;
}

}  // namespace modelsat::data
