// The incremental release timeline: newcomers join a top-k zoo one by one, routed to without retraining.
#pragma once

#include "modelsat/eval/matrix.h"
#include "modelsat/experiment/experiment_data.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace modelsat::experiment {

/// One step: the zoo after `newcomer` is released (top_k of the models released before it + the newcomer).
struct TimelineStep {
  size_t newcomer = 0;          ///< zoo column
  std::vector<size_t> columns;  ///< zoo columns of the step's zoo, the newcomer last
};

/// Orders the zoo by (release date, name) and makes one step per unseen model in that order; the models released
/// before a newcomer (earlier newcomers included) are ranked by training-split accuracy and the best top_k kept.
/// Throws DataError naming models.json when a zoo model has no release date.
std::vector<TimelineStep> timeline_steps(const ExperimentData& data, const std::vector<double>& train_accuracy,
                                         size_t top_k, const std::string& models_file);

/// metrics.json's "timeline": per step {step, newcomer, zoo, routers: {id: mean accuracy over seeds of argmax
/// routing inside the step's zoo}, best_single (best training accuracy inside the zoo, its test accuracy), oracle,
/// newcomer_share: {id: share of questions routed to the newcomer}}. test_scores: router id -> one matrix per seed
/// [n_test, n_models]; test_correct: [n_test, n_models].
nlohmann::json timeline_metrics(const std::vector<TimelineStep>& steps, const ExperimentData& data,
                                const std::map<std::string, std::vector<eval::Matrix>>& test_scores,
                                const eval::Matrix& test_correct, const std::vector<double>& train_accuracy);

}  // namespace modelsat::experiment
