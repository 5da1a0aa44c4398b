// Adaptive choice of aptitude items: per round, each task's most informative unasked item at the current ability.
#include "modelsat/data/aptitude_irt.h"

#include "irt_map.h"

#include "modelsat/error.h"

#include <string>

namespace modelsat::data {

std::vector<ItemAnswer> adaptive_answers(const IrtCalibration& calibration,
                                         const std::vector<std::vector<size_t>>& candidates, size_t per_task,
                                         const std::function<double(size_t)>& answer) {
  std::vector<std::vector<bool>> used(candidates.size());
  for (size_t t = 0; t < candidates.size(); ++t) {
    for (size_t item : candidates[t])
      if (item >= calibration.n_items())
        throw DataError("adaptive item choice: task " + std::to_string(t) + ": unknown item " + std::to_string(item) +
                        " (expected an index below " + std::to_string(calibration.n_items()) + ")");
    used[t].assign(candidates[t].size(), false);
  }
  std::vector<ItemAnswer> answers;
  double theta = 0;
  for (size_t round = 0; round < per_task; ++round) {
    bool asked = false;
    for (size_t t = 0; t < candidates.size(); ++t) {
      if (round >= candidates[t].size()) continue;
      size_t best = candidates[t].size();
      double best_information = -1;
      for (size_t slot = 0; slot < candidates[t].size(); ++slot) {
        if (used[t][slot]) continue;
        const size_t item = candidates[t][slot];
        const double p = calibration.p_correct(item, theta);
        const double information = calibration.discrimination[item] * calibration.discrimination[item] * p * (1 - p);
        if (information > best_information) {
          best_information = information;
          best = slot;
        }
      }
      used[t][best] = true;
      answers.push_back({candidates[t][best], answer(candidates[t][best])});
      asked = true;
    }
    if (!asked) break;
    theta = map_theta(calibration, answers, 0.0, theta, calibration.ability_prior_sd).first;
  }
  return answers;
}

}  // namespace modelsat::data
