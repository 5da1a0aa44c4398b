// Question splits (seeded stratified train/val/test, OOD by held-out categories/sources), model splits, timelines.
#pragma once

#include "modelsat/data/dataset.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace modelsat::data {

/// A question split file: three disjoint lists of question ids. Written once, referenced by experiment manifests.
struct QuestionSplit {
  std::string dataset;
  std::string strategy;            ///< "stratified-random" or "ood-<field>"
  uint64_t seed = 0;
  std::vector<std::string> held_out;  ///< OOD: the held-out categories/sources (all in test)
  std::vector<std::string> excluded;  ///< ids removed before splitting (the aptitude items)
  std::vector<std::string> train, val, test;
};

/// Stratified by category: within each category the questions are shuffled (seeded) and cut at the fractions.
/// ConfigError when fractions are outside [0, 1] or sum above 1.
QuestionSplit make_stratified_split(const Dataset& dataset, const std::set<std::string>& exclude, double train_fraction,
                                    double val_fraction, uint64_t seed);
/// OOD: questions whose `field` ("category" or "source") is in held_out form test; the rest is split stratified by
/// category into train/val by val_fraction. DataError when a held-out value does not occur in the dataset.
QuestionSplit make_ood_split(const Dataset& dataset, const std::set<std::string>& exclude, const std::string& field,
                             const std::vector<std::string>& held_out, double val_fraction, uint64_t seed);

void save_question_split(const QuestionSplit& split, const std::string& path);
/// DataError naming the file and list when ids repeat within or across lists.
QuestionSplit load_question_split(const std::string& path);

/// Seen models train the router; unseen ones join later through the aptitude test only.
struct ModelSplit {
  std::string dataset;
  uint64_t seed = 0;
  std::vector<std::string> seen, unseen;
};
/// Picks n_unseen models at random (seeded); both lists keep dataset column order.
ModelSplit make_model_split(const Dataset& dataset, size_t n_unseen, uint64_t seed);
void save_model_split(const ModelSplit& split, const std::string& path);
ModelSplit load_model_split(const std::string& path);

/// Models ordered by release date (then name), for the incremental-release setting. DataError when a model has no
/// metadata (release date unknown).
std::vector<std::string> release_timeline(const Dataset& dataset);

}  // namespace modelsat::data
