// Builds, stores and scores Model-SAT aptitude tests.
#include "modelsat/data/aptitude.h"

#include "json_fields.h"
#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"
#include "modelsat/rng.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <unordered_map>

namespace modelsat::data {

std::vector<std::string> AptitudeTest::item_ids() const {
  std::vector<std::string> out;
  for (const AptitudeTask& task : tasks) out.insert(out.end(), task.items.begin(), task.items.end());
  return out;
}

AptitudeTest build_aptitude_test(const Dataset& dataset, const AptitudeOptions& options) {
  std::vector<size_t> columns;
  const std::vector<std::string>& training = options.training_models.empty() ? dataset.models : options.training_models;
  for (const std::string& model : training) columns.push_back(dataset.model_index(model));
  if (columns.empty()) throw DataError(dataset.name + ": aptitude: no training models");
  if (options.shots == 0 || (options.tasks == 0 && !options.all_sources))
    throw ConfigError("aptitude: tasks and shots must be positive (got " + std::to_string(options.tasks) + " x " +
                      std::to_string(options.shots) + ")");
  const size_t min_shots = options.min_shots == 0 ? options.shots : options.min_shots;
  if (min_shots > options.shots)
    throw ConfigError("aptitude: min_shots above shots (expected at most " + std::to_string(options.shots) + ", got " +
                      std::to_string(min_shots) + ")");
  Rng rng(options.seed);
  std::vector<size_t> order(dataset.n_questions());
  for (size_t q = 0; q < order.size(); ++q) order[q] = q;
  rng.shuffle(order);
  std::map<std::string, std::vector<std::pair<double, size_t>>> by_source;  // (distance from 0.5, row), shuffled order
  for (size_t q : order) {
    if (!options.eligible.empty() && !options.eligible.count(dataset.questions[q].id)) continue;
    double p = 0;
    for (size_t m : columns) p += dataset.score(q, m);
    p /= static_cast<double>(columns.size());
    by_source[dataset.questions[q].source].emplace_back(std::fabs(p - 0.5), q);
  }
  struct Candidate {
    double quality;
    std::string source;
    std::vector<size_t> rows;
  };
  std::vector<Candidate> candidates;
  for (auto& [source, items] : by_source) {
    if (items.size() < min_shots) continue;
    std::stable_sort(items.begin(), items.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Candidate c{0.0, source, {}};
    const size_t taken = std::min(options.shots, items.size());
    for (size_t i = 0; i < taken; ++i) {
      c.quality += items[i].first;
      c.rows.push_back(items[i].second);
    }
    c.quality /= static_cast<double>(taken);
    candidates.push_back(std::move(c));
  }
  const size_t wanted = options.all_sources ? 1 : options.tasks;
  if (candidates.size() < wanted)
    throw DataError(dataset.name + ": aptitude: too few sources with enough items (expected " +
                    std::to_string(wanted) + " sources with >= " + std::to_string(min_shots) +
                    (options.eligible.empty() ? "" : " eligible") + " questions, got " +
                    std::to_string(candidates.size()) + ")");
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.quality != b.quality ? a.quality < b.quality : a.source < b.source;
  });
  if (!options.all_sources) candidates.resize(options.tasks);
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.source < b.source; });
  AptitudeTest test;
  test.dataset = dataset.name;
  test.seed = options.seed;
  test.shots = options.shots;
  test.min_shots = min_shots;
  test.split = options.eligible.empty() ? std::string() : options.split;
  test.training_models = training;
  for (Candidate& c : candidates) {
    AptitudeTask task;
    task.name = c.source;
    if (options.keywords.empty()) {
      task.keywords = {c.source};
    } else {
      const auto it = options.keywords.find(c.source);
      if (it == options.keywords.end())
        throw DataError(dataset.name + ": aptitude: task '" + c.source + "': no keyword description in the keyword file");
      task.keywords = it->second;
    }
    std::sort(c.rows.begin(), c.rows.end());
    for (size_t q : c.rows) task.items.push_back(dataset.questions[q].id);
    test.tasks.push_back(std::move(task));
  }
  return test;
}

std::map<std::string, std::vector<std::string>> load_task_keywords(const std::string& path) {
  const nlohmann::json root = read_json_file(path);
  const nlohmann::json& tasks = detail::require(root, "tasks", path);
  if (!tasks.is_object()) detail::wrong_type(path, "tasks", "an object of keyword lists", tasks);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& item : tasks.items()) {
    const std::string where = path + ": tasks." + item.key();
    auto keywords = detail::string_array(item.value(), "keywords", where);
    if (keywords.size() != 5)
      throw DataError(where + ": keywords: expected five keywords (expected 5, got " + std::to_string(keywords.size()) + ")");
    out.emplace(item.key(), std::move(keywords));
  }
  return out;
}

void save_aptitude_test(const AptitudeTest& test, const std::string& path) {
  nlohmann::ordered_json root;
  root["format"] = "modelsat-aptitude-test";
  root["dataset"] = test.dataset;
  root["seed"] = test.seed;
  root["shots"] = test.shots;
  if (test.min_shots != test.shots) root["min_shots"] = test.min_shots;
  if (!test.split.empty()) root["split"] = test.split;
  root["training_models"] = test.training_models;
  root["tasks"] = nlohmann::ordered_json::array();
  for (const AptitudeTask& task : test.tasks)
    root["tasks"].push_back({{"name", task.name}, {"keywords", task.keywords}, {"items", task.items}});
  write_file_atomic(path, root.dump(1) + "\n");
}

AptitudeTest load_aptitude_test(const std::string& path) {
  const nlohmann::json root = read_json_file(path);
  if (detail::string_field(root, "format", path) != "modelsat-aptitude-test")
    throw DataError(path + ": format: not an aptitude test (expected \"modelsat-aptitude-test\")");
  AptitudeTest test;
  test.dataset = detail::string_field(root, "dataset", path);
  test.seed = static_cast<uint64_t>(detail::as_number(detail::require(root, "seed", path), "seed", path));
  test.shots = static_cast<size_t>(detail::as_number(detail::require(root, "shots", path), "shots", path));
  test.min_shots = root.contains("min_shots")
                       ? static_cast<size_t>(detail::as_number(root["min_shots"], "min_shots", path))
                       : test.shots;
  if (test.min_shots == 0 || test.min_shots > test.shots)
    throw DataError(path + ": min_shots: out of range (expected 1.." + std::to_string(test.shots) + ", got " +
                    std::to_string(test.min_shots) + ")");
  if (root.contains("split")) test.split = detail::string_field(root, "split", path);
  test.training_models = detail::string_array(detail::require(root, "training_models", path), "training_models", path);
  const nlohmann::json& tasks = detail::require(root, "tasks", path);
  if (!tasks.is_array()) detail::wrong_type(path, "tasks", "an array", tasks);
  std::set<std::string> seen;
  for (size_t t = 0; t < tasks.size(); ++t) {
    const std::string where = path + ": tasks[" + std::to_string(t) + "]";
    AptitudeTask task;
    task.name = detail::string_field(tasks[t], "name", where);
    task.keywords = detail::string_array(detail::require(tasks[t], "keywords", where), "keywords", where);
    task.items = detail::string_array(detail::require(tasks[t], "items", where), "items", where);
    if (task.items.size() < test.min_shots || task.items.size() > test.shots)
      throw DataError(where + ": items: wrong count (expected " +
                      (test.min_shots == test.shots ? std::to_string(test.shots)
                                                    : std::to_string(test.min_shots) + ".." + std::to_string(test.shots)) +
                      ", got " + std::to_string(task.items.size()) + ")");
    for (const std::string& id : task.items)
      if (!seen.insert(id).second) throw DataError(where + ": items: duplicated item id '" + id + "'");
    test.tasks.push_back(std::move(task));
  }
  return test;
}

void check_aptitude_split(const AptitudeTest& test, const std::string& test_file, const QuestionSplit& split,
                          const std::string& split_file) {
  const std::set<std::string> train(split.train.begin(), split.train.end());
  std::set<std::string> evaluation(split.val.begin(), split.val.end());
  evaluation.insert(split.test.begin(), split.test.end());
  if (test.split.empty()) {
    for (const std::string& item : test.item_ids()) {
      if (train.count(item) || evaluation.count(item)) {
        throw DataError(test_file + ": aptitude item '" + item + "' is also in split '" + split_file +
                        "': aptitude items must never be routed (expected disjoint sets)");
      }
    }
    return;
  }
  const std::string split_name = std::filesystem::path(split_file).filename().string();
  if (test.split != split_name) {
    throw DataError(test_file + ": split: the test is drawn from another split's training questions (expected '" +
                    split_name + "', the split in use, got '" + test.split + "')");
  }
  for (const std::string& item : test.item_ids()) {
    if (!train.count(item)) {
      throw DataError(test_file + ": aptitude item '" + item + "' is not a training question of split '" + split_file +
                      "' (expected training questions only, got " +
                      (evaluation.count(item) ? "a validation or test question" : "a question outside the split") + ")");
    }
  }
}

std::vector<double> aptitude_vector(const AptitudeTest& test, const Dataset& dataset, const std::string& model) {
  const size_t m = dataset.model_index(model);
  const std::vector<std::string> ids = test.item_ids();
  const std::vector<size_t> rows = dataset.rows_of(ids);
  std::map<std::string, double> answers;
  for (size_t i = 0; i < ids.size(); ++i) answers[ids[i]] = dataset.score(rows[i], m);
  return aptitude_vector(test, answers, dataset.name + ": model '" + model + "'");
}

std::vector<double> aptitude_vector(const AptitudeTest& test, const std::map<std::string, double>& answers,
                                    const std::string& where) {
  std::vector<double> out;
  for (const AptitudeTask& task : test.tasks) {
    double sum = 0;
    for (const std::string& id : task.items) {
      const auto it = answers.find(id);
      if (it == answers.end())
        throw DataError(where + ": no answer for aptitude item '" + id + "' of task '" + task.name + "'");
      if (!std::isfinite(it->second) || it->second < 0 || it->second > 1)
        throw DataError(where + ": item '" + id + "': score out of range (expected a value in [0, 1], got " +
                        std::to_string(it->second) + ")");
      sum += it->second;
    }
    out.push_back(task.items.empty() ? 0.0 : sum / static_cast<double>(task.items.size()));
  }
  return out;
}

std::string aptitude_text(const AptitudeTest& test, const std::vector<double>& vector, const std::vector<size_t>& order) {
  if (vector.size() != test.tasks.size())
    throw DataError("aptitude: vector length disagrees with the test (expected " + std::to_string(test.tasks.size()) +
                    ", got " + std::to_string(vector.size()) + ")");
  std::string out = "The model achieves";
  for (size_t i = 0; i < vector.size(); ++i) {
    const size_t t = order.empty() ? i : order.at(i);
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%", 100.0 * vector.at(t));
    std::string description;
    for (const std::string& keyword : test.tasks[t].keywords) description += (description.empty() ? "" : ", ") + keyword;
    out += std::string(i == 0 ? " " : ", ") + "accuracy " + pct + " on the task of \"" + description + "\"";
  }
  return out + ".";
}

}  // namespace modelsat::data
