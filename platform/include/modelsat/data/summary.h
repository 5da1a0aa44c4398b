// Dataset statistics for `modelsat data info`: counts, per-model accuracy, oracle and best single model.
#pragma once

#include "modelsat/data/dataset.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace modelsat::data {

struct ModelStats {
  std::string name;
  double accuracy = 0;  ///< mean score over all questions (unobserved cells count as 0)
  double coverage = 0;  ///< fraction of questions the model has a record for
};

struct DatasetSummary {
  size_t n_questions = 0;
  size_t n_models = 0;
  std::map<std::string, size_t> categories;  ///< question count per category ("" when absent)
  std::map<std::string, size_t> sources;     ///< question count per source
  std::vector<ModelStats> models;            ///< in dataset column order
  double oracle = 0;       ///< mean over questions of the best score any model reached
  double best_single = 0;  ///< accuracy of the best model
  std::string best_model;
  double random_pick = 0;  ///< expected accuracy of a uniformly random model
};

DatasetSummary summarize(const Dataset& dataset);
nlohmann::json to_json(const DatasetSummary& summary);
/// A human-readable multi-line report.
std::string to_text(const DatasetSummary& summary);

}  // namespace modelsat::data
