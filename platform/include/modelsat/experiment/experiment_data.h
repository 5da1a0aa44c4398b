// The data an experiment routes on, assembled from the manifest's dataset, split, aptitude test and zoo.
#pragma once

#include "modelsat/data/dataset.h"
#include "modelsat/experiment/manifest.h"

#include <cstddef>
#include <string>
#include <vector>

namespace modelsat::experiment {

/// Rows of `dataset` are the split's questions in the order train, val, test; columns are the zoo's models.
struct ExperimentData {
  data::Dataset dataset;                 ///< restricted to the split's questions and the zoo's models
  std::vector<size_t> train_rows, val_rows, test_rows;  ///< row indices into dataset
  std::vector<size_t> seen_columns;      ///< zoo columns routers are trained on (the zoo minus unseen models)
  std::vector<std::string> task_descriptions;  ///< [n_tasks] aptitude task descriptions ("k1, k2, ..."); may be empty
  std::vector<std::string> task_names;         ///< [n_tasks] the source of each aptitude task; may be empty
  std::vector<std::vector<float>> aptitude;    ///< [n_models][n_tasks] each zoo model's aptitude vector
  std::vector<double> costs;             ///< [n_models] cost per query (the dataset's cost unit)
  bool costs_known = false;              ///< false when some zoo model has no cost in models.json
};

/// Choices are lettered A to Z, so a question may have at most this many under query_text "question_and_choices".
constexpr size_t kMaxLetteredChoices = 26;

/// The text routers read under query_text "question_and_choices": `text` followed by one "A. choice" line per
/// choice (B., C., ... in order). With no choices, `text` unchanged. Throws DataError "lettered choices: too many
/// choices (expected at most 26, A to Z, got N)".
std::string with_lettered_choices(const std::string& text, const std::vector<std::string>& choices);

/// What a router reads of `question`: its text, followed by its lettered choices when `with_choices` (query_text
/// "question_and_choices"). Throws as with_lettered_choices.
std::string routed_text(const data::Question& question, bool with_choices);

/// Loads and checks everything. Throws DataError/ConfigError naming the manifest key or the data file: unknown zoo or
/// model names, unseen models outside the zoo, no seen model left, aptitude items inside the split, empty splits,
/// threshold models outside the zoo.
ExperimentData load_experiment_data(const Manifest& manifest);

}  // namespace modelsat::experiment
