// Computes and renders dataset statistics (counts, accuracies, oracle, best single).
#include "modelsat/data/summary.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace modelsat::data {

DatasetSummary summarize(const Dataset& dataset) {
  DatasetSummary s;
  s.n_questions = dataset.n_questions();
  s.n_models = dataset.n_models();
  for (const Question& question : dataset.questions) {
    ++s.categories[question.category];
    ++s.sources[question.source];
  }
  std::vector<double> sums(s.n_models, 0.0);
  std::vector<size_t> seen(s.n_models, 0);
  double oracle_sum = 0;
  for (size_t q = 0; q < s.n_questions; ++q) {
    float best = 0.f;
    for (size_t m = 0; m < s.n_models; ++m) {
      sums[m] += dataset.score(q, m);
      seen[m] += dataset.is_observed(q, m) ? 1 : 0;
      best = std::max(best, dataset.score(q, m));
    }
    oracle_sum += best;
  }
  const double n = s.n_questions > 0 ? static_cast<double>(s.n_questions) : 1.0;
  s.oracle = oracle_sum / n;
  for (size_t m = 0; m < s.n_models; ++m) {
    s.models.push_back({dataset.models[m], sums[m] / n, static_cast<double>(seen[m]) / n});
    s.random_pick += sums[m] / n / static_cast<double>(s.n_models);
    if (m == 0 || sums[m] / n > s.best_single) {
      s.best_single = sums[m] / n;
      s.best_model = dataset.models[m];
    }
  }
  return s;
}

nlohmann::json to_json(const DatasetSummary& s) {
  nlohmann::json models = nlohmann::json::array();
  for (const ModelStats& m : s.models)
    models.push_back({{"name", m.name}, {"accuracy", m.accuracy}, {"coverage", m.coverage}});
  return {{"questions", s.n_questions}, {"models", s.n_models},       {"categories", s.categories},
          {"sources", s.sources},       {"per_model", models},        {"oracle", s.oracle},
          {"best_single", {{"model", s.best_model}, {"accuracy", s.best_single}}},
          {"random_pick", s.random_pick}};
}

std::string to_text(const DatasetSummary& s) {
  std::ostringstream out;
  auto pct = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
    return std::string(buf);
  };
  out << "questions:   " << s.n_questions << "\nmodels:      " << s.n_models << "\ncategories:  " << s.categories.size()
      << "\nsources:     " << s.sources.size() << "\noracle:      " << pct(s.oracle) << "\nbest single: "
      << pct(s.best_single) << " (" << s.best_model << ")\nrandom pick: " << pct(s.random_pick) << "\n\nper model:\n";
  std::vector<ModelStats> sorted = s.models;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ModelStats& a, const ModelStats& b) { return a.accuracy > b.accuracy; });
  size_t width = 5;
  for (const ModelStats& m : sorted) width = std::max(width, m.name.size());
  for (const ModelStats& m : sorted) {
    out << "  " << m.name << std::string(width + 2 - m.name.size(), ' ') << pct(m.accuracy);
    if (m.coverage < 1.0) out << "  (records for " << pct(m.coverage) << " of the questions)";
    out << "\n";
  }
  out << "\ncategories:\n";
  for (const auto& [name, count] : s.categories) out << "  " << (name.empty() ? "(none)" : name) << ": " << count << "\n";
  return out.str();
}

}  // namespace modelsat::data
