// Routing policies: turn a router's score matrix into one chosen model per query. Routers never contain policies.
#pragma once

#include "modelsat/eval/matrix.h"

#include <cstddef>
#include <vector>

namespace modelsat::eval {

/// For each query, the model with the highest score (the lowest index wins ties). scores: [n_queries x n_models].
std::vector<size_t> route_argmax(const Matrix& scores);

/// Argmax restricted to the `allowed` columns (a sub-zoo), ties to the first of `allowed`. ConfigError when `allowed` is
/// empty or names a column outside scores.
std::vector<size_t> route_argmax_within(const Matrix& scores, const std::vector<size_t>& allowed);

/// RouterBench's willingness to pay: argmax_m score[q][m] - lambda * cost[m] / max(cost). lambda = 0 is argmax; larger
/// values trade quality for cost. costs: [n_models], >= 0.
std::vector<size_t> route_cost_aware(const Matrix& scores, const std::vector<double>& costs, double lambda);

/// RouteLLM's threshold between a strong and a weak model: strong when score[strong] - score[weak] >= threshold.
std::vector<size_t> route_threshold(const Matrix& scores, size_t strong, size_t weak, double threshold);

/// The threshold at which route_threshold sends a `strong_share` fraction (in [0, 1]) of the calibration queries to
/// the strong model: the (1 - share) quantile of score[strong] - score[weak], as RouteLLM calibrates it.
double calibrate_threshold(const Matrix& calibration_scores, size_t strong, size_t weak, double strong_share);

}  // namespace modelsat::eval
