// Per-model Platt calibration: a two-parameter logistic regression per model by Newton's method.
#include "score_calibration.h"

#include <modelsat/error.h>

#include <cmath>

namespace modelsat::msat {
namespace {

constexpr double kRidge = 1e-2;  ///< pull toward scale 1, shift 0, per pair-count-normalised loss
constexpr int kNewtonSteps = 30;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

Platt fit_platt(const std::vector<double>& logits, const std::vector<double>& outcomes) {
  Platt platt;
  const double n = static_cast<double>(logits.size());
  if (logits.empty()) return platt;
  for (int step = 0; step < kNewtonSteps; ++step) {
    // Gradient and Hessian of mean BCE + ridge/2 * ((scale - 1)^2 + shift^2).
    double g_scale = kRidge * (platt.scale - 1.0), g_shift = kRidge * platt.shift;
    double h_ss = kRidge, h_sb = 0.0, h_bb = kRidge;
    for (size_t i = 0; i < logits.size(); ++i) {
      const double p = sigmoid(platt.apply(logits[i]));
      const double residual = (p - outcomes[i]) / n;
      const double weight = p * (1.0 - p) / n;
      g_scale += residual * logits[i];
      g_shift += residual;
      h_ss += weight * logits[i] * logits[i];
      h_sb += weight * logits[i];
      h_bb += weight;
    }
    const double det = h_ss * h_bb - h_sb * h_sb;
    if (!(det > 0.0)) break;
    const double d_scale = (h_bb * g_scale - h_sb * g_shift) / det;
    const double d_shift = (h_ss * g_shift - h_sb * g_scale) / det;
    platt.scale -= d_scale;
    platt.shift -= d_shift;
    if (std::abs(d_scale) + std::abs(d_shift) < 1e-10) break;
  }
  return platt;
}

}  // namespace

ScoreCalibration ScoreCalibration::fit(const std::vector<std::string>& names,
                                       const std::vector<std::vector<double>>& logits,
                                       const std::vector<std::vector<double>>& outcomes) {
  ScoreCalibration calibration;
  std::vector<double> all_logits, all_outcomes;
  for (size_t m = 0; m < names.size(); ++m) {
    calibration.per_model_[names[m]] = fit_platt(logits[m], outcomes[m]);
    all_logits.insert(all_logits.end(), logits[m].begin(), logits[m].end());
    all_outcomes.insert(all_outcomes.end(), outcomes[m].begin(), outcomes[m].end());
  }
  calibration.shared_ = fit_platt(all_logits, all_outcomes);
  return calibration;
}

const Platt& ScoreCalibration::for_model(const std::string& name) const {
  const auto found = per_model_.find(name);
  return found == per_model_.end() ? shared_ : found->second;
}

nlohmann::json ScoreCalibration::to_json() const {
  nlohmann::json models = nlohmann::json::object();
  for (const auto& [name, platt] : per_model_) models[name] = {platt.scale, platt.shift};
  return {{"shared", {shared_.scale, shared_.shift}}, {"models", models}};
}

ScoreCalibration ScoreCalibration::from_json(const nlohmann::json& value, const std::string& where) {
  auto platt_of = [&](const nlohmann::json& pair, const std::string& key) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number()) {
      throw DataError(where + "/" + key + ": malformed calibration (expected [scale, shift], got " + pair.dump() + ")");
    }
    return Platt{pair[0].get<double>(), pair[1].get<double>()};
  };
  if (!value.is_object() || !value.contains("shared") || !value.contains("models") || !value["models"].is_object()) {
    throw DataError(where + ": malformed calibration (expected {\"shared\", \"models\"}, got " + value.dump() + ")");
  }
  ScoreCalibration calibration;
  calibration.shared_ = platt_of(value["shared"], "shared");
  for (const auto& [name, pair] : value["models"].items()) calibration.per_model_[name] = platt_of(pair, "models/" + name);
  return calibration;
}

}  // namespace modelsat::msat
