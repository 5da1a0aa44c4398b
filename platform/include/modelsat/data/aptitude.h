// The Model-SAT aptitude test: T tasks x S distinguishing items, a model's per-task accuracy vector and its text form.
#pragma once

#include "modelsat/data/dataset.h"
#include "modelsat/data/splits.h"

#include <cstdint>
#include <map>
#include <set>
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
  size_t shots = 0;      ///< items per task, at most
  size_t min_shots = 0;  ///< items per task, at least (= shots for a test with the same count on every task)
  /// File name of the question split whose training questions hold every item, or "" when the items lie outside
  /// every split. Such a test may only be used with that split, and never shares items with its validation or test.
  std::string split;
  std::vector<std::string> training_models;  ///< the models whose answers chose the items
  std::vector<AptitudeTask> tasks;           ///< sorted by name
  /// Every item id of every task.
  std::vector<std::string> item_ids() const;
};

struct AptitudeOptions {
  size_t tasks = 50;
  bool all_sources = false;  ///< every source with at least min_shots eligible items, instead of `tasks` of them
  size_t shots = 20;
  size_t min_shots = 0;      ///< 0 = shots: a source needs this many eligible items and gets up to `shots`
  uint64_t seed = 1;
  std::vector<std::string> training_models;  ///< empty = every model of the dataset
  /// Task name -> keywords. When non-empty, every chosen task must have an entry (DataError otherwise);
  /// when empty, a task's description is its name.
  std::map<std::string, std::vector<std::string>> keywords;
  /// When non-empty, only these question ids may become items, and the test records `split` (the file name of the
  /// split whose training questions they are).
  std::set<std::string> eligible;
  std::string split;
};

/// Chooses the test: an item's training accuracy p is the mean score of the training models; items with p closest to
/// 0.5 are preferred (ties broken by a seeded shuffle). Each source with >= min_shots eligible items gets its (up to)
/// `shots` most distinguishing items; the `tasks` sources whose chosen items are most distinguishing (mean |p - 0.5|)
/// win, or all of them with all_sources. DataError when fewer than `tasks` sources (or none, with all_sources) have
/// min_shots items, or a training model is unknown; ConfigError when min_shots > shots.
AptitudeTest build_aptitude_test(const Dataset& dataset, const AptitudeOptions& options);

/// Reads {"tasks": {"<source>": ["k1", ..., "k5"], ...}} (DataError on wrong types or a count other than five).
std::map<std::string, std::vector<std::string>> load_task_keywords(const std::string& path);

void save_aptitude_test(const AptitudeTest& test, const std::string& path);
/// DataError naming the file and task/field on malformed content, duplicated items or a task whose item count is
/// outside [min_shots, shots]. Files without "min_shots" or "split" read as min_shots = shots and split "".
AptitudeTest load_aptitude_test(const std::string& path);

/// Whether `test` may be used with `split` (read from split_file): a test with no split must share no item with it; a
/// test drawn from a split must name this split's file and hold its training questions only. DataError naming both
/// files and the first offending item otherwise.
void check_aptitude_split(const AptitudeTest& test, const std::string& test_file, const QuestionSplit& split,
                          const std::string& split_file);

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
