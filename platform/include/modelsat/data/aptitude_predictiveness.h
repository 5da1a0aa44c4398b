// How well the aptitude test predicts routing accuracy: per-model aptitude vs accuracy on a split, overall and per task.
#pragma once

#include "modelsat/data/aptitude.h"
#include "modelsat/data/dataset.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace modelsat::data {

struct ModelAptitudeFit {
  std::string model;
  double aptitude = 0;          ///< mean of the model's aptitude vector (its accuracy on all test items)
  double routing_accuracy = 0;  ///< mean score over the given questions the model has a record for
};

struct TaskAptitudeFit {
  std::string task;       ///< the aptitude task (a question source)
  size_t questions = 0;   ///< routing questions of that source
  double pearson = 0;     ///< across models: aptitude on the task vs accuracy on the source's routing questions
  double spearman = 0;
};

struct AptitudePredictiveness {
  std::vector<ModelAptitudeFit> models;  ///< in the order given
  std::vector<TaskAptitudeFit> tasks;    ///< in test.tasks order; a task without routing questions is left out
  double pearson = 0;                    ///< across models: aptitude vs routing accuracy
  double spearman = 0;
  double mean_abs_error_points = 0;      ///< mean |aptitude - routing accuracy| in points
  bool same_best_model = false;          ///< the highest aptitude belongs to the most accurate model
};

/// Compares every model's aptitude with its accuracy on the `question_ids` rows (e.g. a split's test part).
/// DataError on an unknown model or question id, or fewer than 3 models (a correlation needs them).
AptitudePredictiveness aptitude_predictiveness(const AptitudeTest& test, const Dataset& dataset,
                                               const std::vector<std::string>& models,
                                               const std::vector<std::string>& question_ids);

/// Pearson and Spearman (average ranks for ties) correlation; 0 when a side is constant.
double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y);
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);

nlohmann::json to_json(const AptitudePredictiveness& fit);

}  // namespace modelsat::data
