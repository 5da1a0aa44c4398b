// Routing policies over score matrices: argmax, cost-aware argmax and a calibrated strong/weak threshold.
#include "modelsat/eval/policy.h"

#include "modelsat/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace modelsat::eval {

std::vector<size_t> route_argmax(const Matrix& scores) { return route_cost_aware(scores, std::vector<double>(scores.cols, 0.0), 0.0); }

std::vector<size_t> route_argmax_within(const Matrix& scores, const std::vector<size_t>& allowed) {
  if (allowed.empty()) throw ConfigError("policy: no candidate models to route to (expected at least 1, got 0)");
  for (size_t m : allowed) {
    if (m >= scores.cols) {
      throw ConfigError("policy: a candidate is outside the score matrix (expected a column < " +
                        std::to_string(scores.cols) + ", got " + std::to_string(m) + ")");
    }
  }
  std::vector<size_t> choices(scores.rows, allowed.front());
  for (size_t q = 0; q < scores.rows; ++q) {
    for (size_t m : allowed) {
      if (scores.at(q, m) > scores.at(q, choices[q])) choices[q] = m;
    }
  }
  return choices;
}

std::vector<size_t> route_cost_aware(const Matrix& scores, const std::vector<double>& costs, double lambda) {
  if (costs.size() != scores.cols) {
    throw ConfigError("policy/cost_aware: one cost per model is needed (expected " + std::to_string(scores.cols) +
                      ", got " + std::to_string(costs.size()) + ")");
  }
  if (scores.cols == 0) throw ConfigError("policy: no candidate models to route to (expected at least 1, got 0)");
  double max_cost = 0.0;
  for (double c : costs) max_cost = std::max(max_cost, c);
  std::vector<size_t> choices(scores.rows);
  for (size_t q = 0; q < scores.rows; ++q) {
    double best = -std::numeric_limits<double>::infinity();
    for (size_t m = 0; m < scores.cols; ++m) {
      const double penalty = max_cost > 0.0 ? lambda * costs[m] / max_cost : 0.0;
      const double value = static_cast<double>(scores.at(q, m)) - penalty;
      if (value > best) {
        best = value;
        choices[q] = m;
      }
    }
  }
  return choices;
}

std::vector<size_t> route_threshold(const Matrix& scores, size_t strong, size_t weak, double threshold) {
  if (strong >= scores.cols || weak >= scores.cols || strong == weak) {
    throw ConfigError("policy/threshold: strong and weak must be two different models of the zoo (expected indices < " +
                      std::to_string(scores.cols) + ", got " + std::to_string(strong) + " and " + std::to_string(weak) + ")");
  }
  std::vector<size_t> choices(scores.rows);
  for (size_t q = 0; q < scores.rows; ++q) {
    choices[q] = static_cast<double>(scores.at(q, strong)) - static_cast<double>(scores.at(q, weak)) >= threshold ? strong : weak;
  }
  return choices;
}

double calibrate_threshold(const Matrix& calibration_scores, size_t strong, size_t weak, double strong_share) {
  if (strong_share < 0.0 || strong_share > 1.0) {
    throw ConfigError("policy/threshold: strong share out of range (expected a fraction in [0, 1], got " +
                      std::to_string(strong_share) + ")");
  }
  if (calibration_scores.rows == 0) throw ConfigError("policy/threshold: no calibration queries (expected at least 1, got 0)");
  std::vector<double> margins(calibration_scores.rows);
  for (size_t q = 0; q < calibration_scores.rows; ++q) {
    margins[q] = static_cast<double>(calibration_scores.at(q, strong)) - static_cast<double>(calibration_scores.at(q, weak));
  }
  std::sort(margins.begin(), margins.end());
  if (strong_share <= 0.0) return std::nextafter(margins.back(), std::numeric_limits<double>::infinity());
  if (strong_share >= 1.0) return -std::numeric_limits<double>::infinity();
  const size_t n_strong = static_cast<size_t>(std::llround(strong_share * static_cast<double>(margins.size())));
  if (n_strong == 0) return std::nextafter(margins.back(), std::numeric_limits<double>::infinity());
  return margins[margins.size() - n_strong];
}

}  // namespace modelsat::eval
