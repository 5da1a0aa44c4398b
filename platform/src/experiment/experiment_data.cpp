// Assembles an experiment's data: dataset subset, split rows, seen/unseen columns, aptitude vectors and costs.
#include "modelsat/experiment/experiment_data.h"

#include "modelsat/data/aptitude.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/data/zoos.h"
#include "modelsat/error.h"
#include "modelsat/log.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace modelsat::experiment {
namespace {

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

std::vector<std::string> zoo_models(const Manifest& manifest, const data::Dataset& full) {
  if (!manifest.models.empty()) return manifest.models;
  if (manifest.zoo == "all") return full.models;
  const std::string zoos_file = (std::filesystem::path(manifest.dataset_dir) / "zoos.json").string();
  const auto zoos = data::load_zoos(zoos_file, full);
  return data::find_zoo(zoos, manifest.zoo).members;
}

size_t index_of(const std::vector<std::string>& names, const std::string& name, const std::string& location,
                const std::string& what) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw ConfigError(location + ": unknown model: not in the zoo (expected one of " + join(names, ", ") + ", got \"" +
                      name + "\")" + (what.empty() ? "" : "; " + what));
  }
  return static_cast<size_t>(it - names.begin());
}

}  // namespace

std::string with_lettered_choices(const std::string& text, const std::vector<std::string>& choices) {
  if (choices.size() > kMaxLetteredChoices) {
    throw DataError("lettered choices: too many choices (expected at most " + std::to_string(kMaxLetteredChoices) +
                    ", A to Z, got " + std::to_string(choices.size()) + ")");
  }
  std::string out = text;
  for (size_t c = 0; c < choices.size(); ++c) {
    out += "\n" + std::string(1, static_cast<char>('A' + c)) + ". " + choices[c];
  }
  return out;
}

std::string routed_text(const data::Question& question, bool with_choices) {
  return with_choices ? with_lettered_choices(question.text, question.choices) : question.text;
}

ExperimentData load_experiment_data(const Manifest& manifest) {
  const std::string root = manifest.path + "#";
  const data::Dataset full = data::load_dataset(manifest.dataset_dir);
  const std::vector<std::string> zoo = zoo_models(manifest, full);
  for (size_t i = 0; i < zoo.size(); ++i) {
    if (std::find(full.models.begin(), full.models.end(), zoo[i]) == full.models.end()) {
      throw ConfigError(root + "/models/" + std::to_string(i) + ": unknown model: not in dataset '" +
                        manifest.dataset_dir + "' (got \"" + zoo[i] + "\")");
    }
  }
  const data::QuestionSplit split = data::load_question_split(manifest.split_file);
  if (split.train.empty() || split.test.empty()) {
    throw DataError(manifest.split_file + ": empty split: routers need training and test questions (expected "
                                          "non-empty train and test, got " + std::to_string(split.train.size()) +
                    " and " + std::to_string(split.test.size()) + ")");
  }
  std::vector<std::string> ids = split.train;
  ids.insert(ids.end(), split.val.begin(), split.val.end());
  ids.insert(ids.end(), split.test.begin(), split.test.end());

  ExperimentData out;
  out.dataset = full.select(ids, zoo);
  if (manifest.query_text_with_choices) {
    for (auto& question : out.dataset.questions) {
      try {
        question.text = routed_text(question, true);
      } catch (const DataError& error) {
        throw DataError(root + "/query_text: question '" + question.id + "': " + error.what());
      }
    }
  }
  for (size_t i = 0; i < split.train.size(); ++i) out.train_rows.push_back(i);
  for (size_t i = 0; i < split.val.size(); ++i) out.val_rows.push_back(split.train.size() + i);
  for (size_t i = 0; i < split.test.size(); ++i) out.test_rows.push_back(split.train.size() + split.val.size() + i);

  std::set<size_t> unseen;
  for (size_t i = 0; i < manifest.unseen_models.size(); ++i) {
    unseen.insert(index_of(zoo, manifest.unseen_models[i], root + "/unseen_models/" + std::to_string(i), ""));
  }
  for (size_t m = 0; m < zoo.size(); ++m) {
    if (!unseen.count(m)) out.seen_columns.push_back(m);
  }
  if (out.seen_columns.empty()) {
    throw ConfigError(root + "/unseen_models: no model left to train on (expected at least one zoo model outside "
                             "unseen_models, got all " + std::to_string(zoo.size()) + ")");
  }
  if (manifest.threshold) {
    index_of(zoo, manifest.threshold->strong, root + "/policies/threshold/strong", "");
    index_of(zoo, manifest.threshold->weak, root + "/policies/threshold/weak", "");
  }

  out.aptitude.assign(zoo.size(), {});
  if (!manifest.aptitude_file.empty()) {
    const data::AptitudeTest test = data::load_aptitude_test(manifest.aptitude_file);
    data::check_aptitude_split(test, manifest.aptitude_file, split, manifest.split_file);
    for (const auto& task : test.tasks) {
      out.task_descriptions.push_back(join(task.keywords, ", "));
      out.task_names.push_back(task.name);
    }
    for (size_t m = 0; m < zoo.size(); ++m) {
      for (double value : data::aptitude_vector(test, full, zoo[m])) out.aptitude[m].push_back(static_cast<float>(value));
    }
  }

  out.costs_known = true;
  for (size_t m = 0; m < zoo.size(); ++m) {
    const auto& info = out.dataset.model_info[m];
    out.costs.push_back(info.cost_per_1k_tokens >= 0 ? info.cost_per_1k_tokens : 0.0);
    out.costs_known = out.costs_known && info.known && info.cost_per_1k_tokens >= 0;
  }
  if (!out.costs_known) log_warn("experiment", "some zoo models have no cost in models.json: cost metrics are omitted");
  return out;
}

}  // namespace modelsat::experiment
