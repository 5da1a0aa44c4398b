// The Model-SAT aptitude test: T tasks x S distinguishing items, a model's per-task accuracy vector and its text form.
#pragma once

#include "modelsat/data/dataset.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace modelsat::data {

struct AptitudeTask {
  std::string name;                   ///< the question source (MMLU-Pro `src`) the items come from
  std::vector<std::string> keywords;  ///< the task description (five keywords for MMLU-Pro)
  std::vector<std::string> items;     ///< question ids, `shots` of them
};

struct AptitudeTest {
  std::string dataset;
  uint64_t seed = 0;
  size_t shots = 0;
  std::vector<std::string> training_models;  ///< the models whose answers chose the items
  std::vector<AptitudeTask> tasks;           ///< sorted by name
  /// Every item id of every task (disjoint from every routing split).
  std::vector<std::string> item_ids() const;
};

struct AptitudeOptions {
  size_t tasks = 50;
  size_t shots = 20;
  uint64_t seed = 1;
  std::vector<std::string> training_models;  ///< empty = every model of the dataset
  /// Task name -> keywords. When non-empty, every chosen task must have an entry (DataError otherwise);
  /// when empty, a task's description is its name.
  std::map<std::string, std::vector<std::string>> keywords;
};

/// Chooses the test: an item's training accuracy p is the mean score of the training models; items with p closest to
/// 0.5 are preferred (ties broken by a seeded shuffle). Each source with >= shots items gets its `shots` most
/// distinguishing items; the `tasks` sources whose chosen items are most distinguishing (mean |p - 0.5|) win.
/// DataError when fewer than `tasks` sources have `shots` items, or a training model is unknown.
AptitudeTest build_aptitude_test(const Dataset& dataset, const AptitudeOptions& options);

/// Reads {"tasks": {"<source>": ["k1", ..., "k5"], ...}} (DataError on wrong types or a count other than five).
std::map<std::string, std::vector<std::string>> load_task_keywords(const std::string& path);

void save_aptitude_test(const AptitudeTest& test, const std::string& path);
/// DataError naming the file and task/field on malformed content or duplicated items.
AptitudeTest load_aptitude_test(const std::string& path);

/// Accuracy per task (in test.tasks order) of a dataset model, from its stored answers (unobserved = wrong).
std::vector<double> aptitude_vector(const AptitudeTest& test, const Dataset& dataset, const std::string& model);
/// Same from a new model's answers: question id -> score in [0, 1]. DataError naming the first aptitude item missing.
std::vector<double> aptitude_vector(const AptitudeTest& test, const std::map<std::string, double>& answers,
                                    const std::string& where);

/// The paper's text form: `The model achieves accuracy 50.0% on the task of "k1, k2, k3, k4, k5", accuracy ... .`
/// `order` permutes the tasks (empty = test order), for the shuffled-representation augmentation.
std::string aptitude_text(const AptitudeTest& test, const std::vector<double>& vector,
                          const std::vector<size_t>& order = {});

}  // namespace modelsat::data
