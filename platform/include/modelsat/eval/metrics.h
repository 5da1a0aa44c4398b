// Routing metrics on a test set: accuracy with bootstrap CIs, paired tests, reference points, selection statistics,
// cost-quality hulls with AIQ, and RouteLLM's two-model APGR/CPT. Definitions and sources: experiments/METRICS.md.
#pragma once

#include "modelsat/eval/matrix.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace modelsat::eval {

/// Choices of one router for every test query, one vector per seed: [n_seeds][n_queries], entries < n_models.
using SeedChoices = std::vector<std::vector<size_t>>;

/// Mean correctness of the chosen models. correct: [n_queries x n_models] in [0, 1].
double accuracy(const std::vector<size_t>& choices, const Matrix& correct);
/// Mean cost of the chosen models. costs: [n_models].
double mean_cost(const std::vector<size_t>& choices, const std::vector<double>& costs);

/// Per-model accuracy over all queries: [n_models].
std::vector<double> model_accuracies(const Matrix& correct);
/// Expected accuracy of a uniformly random pick.
double random_accuracy(const Matrix& correct);
/// Share of queries some model answers correctly (the per-query oracle).
double oracle_accuracy(const Matrix& correct);
/// The oracle over the `columns` models only (a sub-zoo); columns must index correct's columns.
double oracle_accuracy_within(const Matrix& correct, const std::vector<size_t>& columns);

struct Interval {
  double mean = 0.0;  ///< the point estimate (mean over seeds)
  double lo = 0.0;
  double hi = 0.0;
};

/// Percentile bootstrap over queries (same resampled queries for every seed; each resample averages the seeds).
Interval bootstrap_accuracy(const SeedChoices& choices, const Matrix& correct, size_t resamples, uint64_t seed,
                            double confidence);

struct PairedComparison {
  double difference = 0.0;  ///< accuracy(a) - accuracy(b), averaged over seeds
  double lo = 0.0;          ///< percentile bootstrap interval of the difference
  double hi = 0.0;
  double p_value = 1.0;     ///< two-sided bootstrap p-value of "no difference"
};

/// Paired bootstrap over the same resampled queries for a and b.
PairedComparison paired_bootstrap(const SeedChoices& a, const SeedChoices& b, const Matrix& correct, size_t resamples,
                                  uint64_t seed, double confidence);

/// Share of routing decisions per model: [n_models], summing to 1 (pooled over seeds).
std::vector<double> selection_shares(const SeedChoices& choices, size_t n_models);
/// Shannon entropy of the shares in bits (0 = always the same model; log2(n_models) = uniform).
double entropy_bits(const std::vector<double>& shares);

/// Accuracy per category label (categories: [n_queries]), pooled over seeds.
std::map<std::string, double> per_category_accuracy(const SeedChoices& choices, const Matrix& correct,
                                                    const std::vector<std::string>& categories);

struct CostQualityPoint {
  double cost = 0.0;
  double quality = 0.0;
  double parameter = 0.0;  ///< what produced the point (lambda, strong share, or a model index)
};

/// The non-decreasing upper concave hull of points (cost ascending): RouterBench's cost-quality frontier.
std::vector<CostQualityPoint> upper_hull(std::vector<CostQualityPoint> points);
/// RouterBench's AIQ: area under the hull between cost_min and cost_max, divided by (cost_max - cost_min). The hull is
/// extended flat to the right of its last point and not credited left of its first point.
double average_improvement_in_quality(const std::vector<CostQualityPoint>& hull, double cost_min, double cost_max);

struct TwoModelSummary {
  double weak_accuracy = 0.0;
  double strong_accuracy = 0.0;
  double apgr = 0.0;   ///< RouteLLM: (area under quality vs strong-call share - weak) / (strong - weak)
  double cpt50 = 1.0;  ///< smallest strong-call share reaching weak + 50% of the gap
  double cpt80 = 1.0;  ///< ... + 80% of the gap
  std::vector<CostQualityPoint> curve;  ///< quality (accuracy) vs strong-call share (in `cost`)
};

/// Sweeps the threshold policy over every distinct margin of score[strong] - score[weak] on the test queries.
TwoModelSummary two_model_summary(const Matrix& scores, const Matrix& correct, size_t strong, size_t weak);

}  // namespace modelsat::eval
