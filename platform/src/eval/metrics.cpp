// Routing metrics: accuracy, bootstrap intervals, paired tests, selection statistics, hulls, AIQ, APGR and CPT.
#include "modelsat/eval/metrics.h"

#include "modelsat/error.h"
#include "modelsat/eval/policy.h"
#include "modelsat/rng.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace modelsat::eval {
namespace {

/// hits[s][q] = correctness of seed s's choice on query q.
std::vector<std::vector<double>> hits_of(const SeedChoices& choices, const Matrix& correct) {
  std::vector<std::vector<double>> hits;
  for (const auto& seed_choices : choices) {
    if (seed_choices.size() != correct.rows) {
      throw Error("metrics: one choice per test query is needed (expected " + std::to_string(correct.rows) + ", got " +
                  std::to_string(seed_choices.size()) + ")");
    }
    std::vector<double> row(seed_choices.size());
    for (size_t q = 0; q < seed_choices.size(); ++q) row[q] = correct.at(q, seed_choices[q]);
    hits.push_back(std::move(row));
  }
  if (hits.empty()) throw Error("metrics: no seeds to evaluate (expected at least 1, got 0)");
  return hits;
}

/// Mean over seeds of each query's hit: [n_queries].
std::vector<double> seed_mean(const std::vector<std::vector<double>>& hits) {
  std::vector<double> mean(hits.front().size(), 0.0);
  for (const auto& row : hits) {
    for (size_t q = 0; q < row.size(); ++q) mean[q] += row[q] / static_cast<double>(hits.size());
  }
  return mean;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(values.size() - 1, below + 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

/// Bootstrap distribution of the mean of per_query (resampling queries with replacement).
std::vector<double> bootstrap_means(const std::vector<double>& per_query, size_t resamples, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> means(resamples);
  const size_t n = per_query.size();
  for (size_t b = 0; b < resamples; ++b) {
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) sum += per_query[rng.below(n)];
    means[b] = sum / static_cast<double>(n);
  }
  return means;
}

double mean_of(const std::vector<double>& values) {
  return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace

double accuracy(const std::vector<size_t>& choices, const Matrix& correct) {
  return mean_of(hits_of({choices}, correct).front());
}

double mean_cost(const std::vector<size_t>& choices, const std::vector<double>& costs) {
  double sum = 0.0;
  for (size_t choice : choices) sum += costs.at(choice);
  return choices.empty() ? 0.0 : sum / static_cast<double>(choices.size());
}

std::vector<double> model_accuracies(const Matrix& correct) {
  std::vector<double> out(correct.cols, 0.0);
  for (size_t q = 0; q < correct.rows; ++q) {
    for (size_t m = 0; m < correct.cols; ++m) out[m] += correct.at(q, m);
  }
  for (double& value : out) value /= static_cast<double>(std::max<size_t>(1, correct.rows));
  return out;
}

double random_accuracy(const Matrix& correct) { return mean_of(model_accuracies(correct)); }

double oracle_accuracy(const Matrix& correct) {
  std::vector<size_t> all(correct.cols);
  for (size_t m = 0; m < correct.cols; ++m) all[m] = m;
  return oracle_accuracy_within(correct, all);
}

double oracle_accuracy_within(const Matrix& correct, const std::vector<size_t>& columns) {
  double sum = 0.0;
  for (size_t q = 0; q < correct.rows; ++q) {
    float best = 0.0F;
    for (size_t m : columns) best = std::max(best, correct.at(q, m));
    sum += best;
  }
  return correct.rows == 0 ? 0.0 : sum / static_cast<double>(correct.rows);
}

Interval bootstrap_accuracy(const SeedChoices& choices, const Matrix& correct, size_t resamples, uint64_t seed,
                            double confidence) {
  const std::vector<double> per_query = seed_mean(hits_of(choices, correct));
  const std::vector<double> means = bootstrap_means(per_query, resamples, seed);
  const double tail = (1.0 - confidence) / 2.0;
  return {mean_of(per_query), percentile(means, tail), percentile(means, 1.0 - tail)};
}

PairedComparison paired_bootstrap(const SeedChoices& a, const SeedChoices& b, const Matrix& correct, size_t resamples,
                                  uint64_t seed, double confidence) {
  const std::vector<double> hits_a = seed_mean(hits_of(a, correct));
  const std::vector<double> hits_b = seed_mean(hits_of(b, correct));
  std::vector<double> difference(hits_a.size());
  for (size_t q = 0; q < difference.size(); ++q) difference[q] = hits_a[q] - hits_b[q];
  const std::vector<double> means = bootstrap_means(difference, resamples, seed);
  const double tail = (1.0 - confidence) / 2.0;
  PairedComparison result;
  result.difference = mean_of(difference);
  result.lo = percentile(means, tail);
  result.hi = percentile(means, 1.0 - tail);
  const double at_or_below = static_cast<double>(std::count_if(means.begin(), means.end(), [](double d) { return d <= 0.0; }));
  const double at_or_above = static_cast<double>(std::count_if(means.begin(), means.end(), [](double d) { return d >= 0.0; }));
  result.p_value = std::min(1.0, 2.0 * std::min(at_or_below, at_or_above) / static_cast<double>(means.size()));
  return result;
}

std::vector<double> selection_shares(const SeedChoices& choices, size_t n_models) {
  std::vector<double> shares(n_models, 0.0);
  double total = 0.0;
  for (const auto& seed_choices : choices) {
    for (size_t choice : seed_choices) {
      shares.at(choice) += 1.0;
      total += 1.0;
    }
  }
  for (double& share : shares) share = total > 0 ? share / total : 0.0;
  return shares;
}

double entropy_bits(const std::vector<double>& shares) {
  double entropy = 0.0;
  for (double p : shares) {
    if (p > 0.0) entropy -= p * std::log2(p);
  }
  return entropy;
}

std::map<std::string, double> per_category_accuracy(const SeedChoices& choices, const Matrix& correct,
                                                    const std::vector<std::string>& categories) {
  const std::vector<double> per_query = seed_mean(hits_of(choices, correct));
  std::map<std::string, std::pair<double, double>> sums;
  for (size_t q = 0; q < per_query.size(); ++q) {
    auto& entry = sums[categories.at(q)];
    entry.first += per_query[q];
    entry.second += 1.0;
  }
  std::map<std::string, double> out;
  for (const auto& entry : sums) out[entry.first] = entry.second.first / entry.second.second;
  return out;
}

std::vector<CostQualityPoint> upper_hull(std::vector<CostQualityPoint> points) {
  std::sort(points.begin(), points.end(), [](const CostQualityPoint& a, const CostQualityPoint& b) {
    return a.cost != b.cost ? a.cost < b.cost : a.quality > b.quality;
  });
  std::vector<CostQualityPoint> frontier;  // non-dominated: quality strictly rises with cost
  for (const auto& point : points) {
    if (frontier.empty() || point.quality > frontier.back().quality) frontier.push_back(point);
  }
  std::vector<CostQualityPoint> hull;  // concave upper hull of the frontier (monotone chain)
  for (const auto& point : frontier) {
    while (hull.size() >= 2) {
      const auto& a = hull[hull.size() - 2];
      const auto& b = hull.back();
      const double cross = (b.cost - a.cost) * (point.quality - a.quality) - (b.quality - a.quality) * (point.cost - a.cost);
      if (cross >= 0.0) {
        hull.pop_back();
      } else {
        break;
      }
    }
    hull.push_back(point);
  }
  return hull;
}

double average_improvement_in_quality(const std::vector<CostQualityPoint>& hull, double cost_min, double cost_max) {
  if (hull.empty() || cost_max <= cost_min) return hull.empty() ? 0.0 : hull.back().quality;
  double area = 0.0;
  auto quality_at = [&](double cost) {
    if (cost <= hull.front().cost) return cost < hull.front().cost ? 0.0 : hull.front().quality;
    for (size_t i = 1; i < hull.size(); ++i) {
      if (cost <= hull[i].cost) {
        const double t = (cost - hull[i - 1].cost) / (hull[i].cost - hull[i - 1].cost);
        return hull[i - 1].quality + t * (hull[i].quality - hull[i - 1].quality);
      }
    }
    return hull.back().quality;
  };
  constexpr int kSteps = 2000;
  const double step = (cost_max - cost_min) / kSteps;
  for (int i = 0; i < kSteps; ++i) {
    const double left = cost_min + step * i;
    area += 0.5 * (quality_at(left) + quality_at(left + step)) * step;
  }
  return area / (cost_max - cost_min);
}

TwoModelSummary two_model_summary(const Matrix& scores, const Matrix& correct, size_t strong, size_t weak) {
  TwoModelSummary summary;
  const auto accuracies = model_accuracies(correct);
  summary.weak_accuracy = accuracies.at(weak);
  summary.strong_accuracy = accuracies.at(strong);
  std::vector<double> margins(scores.rows);
  for (size_t q = 0; q < scores.rows; ++q) margins[q] = static_cast<double>(scores.at(q, strong)) - scores.at(q, weak);
  std::vector<double> thresholds(margins);
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  thresholds.push_back(std::numeric_limits<double>::infinity());
  for (double threshold : thresholds) {
    const auto choices = route_threshold(scores, strong, weak, threshold);
    const double share = static_cast<double>(std::count(choices.begin(), choices.end(), strong)) /
                         static_cast<double>(std::max<size_t>(1, choices.size()));
    summary.curve.push_back({share, accuracy(choices, correct), threshold});
  }
  std::sort(summary.curve.begin(), summary.curve.end(),
            [](const CostQualityPoint& a, const CostQualityPoint& b) { return a.cost < b.cost; });
  double area = 0.0;
  for (size_t i = 1; i < summary.curve.size(); ++i) {
    area += 0.5 * (summary.curve[i].quality + summary.curve[i - 1].quality) * (summary.curve[i].cost - summary.curve[i - 1].cost);
  }
  const double gap = summary.strong_accuracy - summary.weak_accuracy;
  summary.apgr = std::abs(gap) > 1e-12 ? (area - summary.weak_accuracy) / gap : 0.0;
  auto calls_to_reach = [&](double fraction) {
    const double target = summary.weak_accuracy + fraction * gap;
    for (const auto& point : summary.curve) {
      if (point.quality >= target - 1e-12) return point.cost;
    }
    return 1.0;
  };
  summary.cpt50 = calls_to_reach(0.5);
  summary.cpt80 = calls_to_reach(0.8);
  return summary;
}

}  // namespace modelsat::eval
