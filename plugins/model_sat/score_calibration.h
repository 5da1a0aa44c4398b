// Per-model Platt calibration of Model-SAT's Yes logits, fitted on held-out (question, model) outcomes.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace modelsat::msat {

/// P(correct) = sigmoid(scale * logit + shift).
struct Platt {
  double scale = 1.0;
  double shift = 0.0;
  double apply(double logit) const { return scale * logit + shift; }
};

/// One Platt map per training model (by name), and a shared one, fitted on every pair, for models never seen in
/// training (a new model has no outcomes to calibrate on; it joins by its aptitude results alone).
class ScoreCalibration {
 public:
  /// logits[m], outcomes[m]: the held-out pairs of model names[m] (same lengths; outcomes in {0, 1}). Newton steps on
  /// the logistic loss with a small ridge toward the identity map, so a model with few or one-sided outcomes stays
  /// close to it.
  static ScoreCalibration fit(const std::vector<std::string>& names, const std::vector<std::vector<double>>& logits,
                              const std::vector<std::vector<double>>& outcomes);
  /// The map of model name, or the shared one for a model not calibrated.
  const Platt& for_model(const std::string& name) const;
  nlohmann::json to_json() const;
  /// Throws DataError naming where on a malformed object.
  static ScoreCalibration from_json(const nlohmann::json& value, const std::string& where);

 private:
  std::map<std::string, Platt> per_model_;
  Platt shared_;
};

}  // namespace modelsat::msat
