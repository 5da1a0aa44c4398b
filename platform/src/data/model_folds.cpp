// Seeded model folds for the aptitude comparison: every model held out exactly once per repeat.
#include "modelsat/data/aptitude_compare.h"

#include "modelsat/error.h"
#include "modelsat/rng.h"

#include <algorithm>
#include <string>

namespace modelsat::data {

std::vector<ModelGroup> model_fold_groups(const Dataset& dataset, size_t folds, size_t repeats, uint64_t seed) {
  if (folds < 2 || folds > dataset.n_models() / 2)
    throw ConfigError(dataset.name + ": model folds: wrong count (expected 2.." + std::to_string(dataset.n_models() / 2) +
                      " so that every fold holds at least two models, got " + std::to_string(folds) + ")");
  std::vector<ModelGroup> groups;
  for (size_t repeat = 0; repeat < repeats; ++repeat) {
    Rng rng(seed + repeat);
    std::vector<size_t> order(dataset.n_models());
    for (size_t m = 0; m < order.size(); ++m) order[m] = m;
    rng.shuffle(order);
    for (size_t fold = 0; fold < folds; ++fold) {
      ModelGroup group;
      group.name = "fold " + std::to_string(repeat + 1) + "." + std::to_string(fold + 1);
      std::vector<size_t> held, train;
      for (size_t k = 0; k < order.size(); ++k) (k % folds == fold ? held : train).push_back(order[k]);
      std::sort(held.begin(), held.end());
      std::sort(train.begin(), train.end());
      for (size_t m : held) group.held_out.push_back(dataset.models[m]);
      for (size_t m : train) group.training.push_back(dataset.models[m]);
      groups.push_back(std::move(group));
    }
  }
  return groups;
}

}  // namespace modelsat::data
