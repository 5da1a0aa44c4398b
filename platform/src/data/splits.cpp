// Seeded question/model splits and the release timeline, plus their JSON files.
#include "modelsat/data/splits.h"

#include "json_fields.h"
#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"
#include "modelsat/rng.h"

#include <algorithm>
#include <map>

namespace modelsat::data {
namespace {

void check_fraction(double f, const char* name) {
  if (!(f >= 0.0 && f <= 1.0))
    throw ConfigError(std::string("split: ") + name + ": out of range (expected a fraction in [0, 1], got " +
                      std::to_string(f) + ")");
}

/// A stable string hash (std::hash differs between standard libraries).
uint64_t fnv1a(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

/// Appends to a, b, c the shuffled rows of each category cut at fa and fa + fb (counts rounded to nearest).
void stratified_cut(const Dataset& dataset, const std::vector<size_t>& rows, double fa, double fb, Rng& rng,
                    std::vector<std::string>& a, std::vector<std::string>& b, std::vector<std::string>& c) {
  std::map<std::string, std::vector<size_t>> by_category;
  for (size_t q : rows) by_category[dataset.questions[q].category].push_back(q);
  for (auto& [category, members] : by_category) {
    Rng local = rng.fork(fnv1a(category));
    local.shuffle(members);
    const size_t n = members.size();
    const size_t na = static_cast<size_t>(static_cast<double>(n) * fa + 0.5);
    const size_t nb = std::min(n - na, static_cast<size_t>(static_cast<double>(n) * fb + 0.5));
    for (size_t i = 0; i < n; ++i) {
      const std::string& id = dataset.questions[members[i]].id;
      (i < na ? a : i < na + nb ? b : c).push_back(id);
    }
  }
}

std::vector<size_t> remaining_rows(const Dataset& dataset, const std::set<std::string>& exclude) {
  std::vector<size_t> rows;
  for (size_t q = 0; q < dataset.n_questions(); ++q)
    if (!exclude.count(dataset.questions[q].id)) rows.push_back(q);
  return rows;
}

}  // namespace

QuestionSplit make_stratified_split(const Dataset& dataset, const std::set<std::string>& exclude, double train_fraction,
                                    double val_fraction, uint64_t seed) {
  check_fraction(train_fraction, "train fraction");
  check_fraction(val_fraction, "val fraction");
  check_fraction(train_fraction + val_fraction, "train + val fraction");
  QuestionSplit split;
  split.dataset = dataset.name;
  split.strategy = "stratified-random";
  split.seed = seed;
  split.excluded.assign(exclude.begin(), exclude.end());
  Rng rng(seed);
  stratified_cut(dataset, remaining_rows(dataset, exclude), train_fraction, val_fraction, rng, split.train, split.val,
                 split.test);
  return split;
}

QuestionSplit make_ood_split(const Dataset& dataset, const std::set<std::string>& exclude, const std::string& field,
                             const std::vector<std::string>& held_out, double val_fraction, uint64_t seed) {
  check_fraction(val_fraction, "val fraction");
  if (field != "category" && field != "source")
    throw ConfigError("split: field: unknown (expected \"category\" or \"source\", got \"" + field + "\")");
  auto value_of = [&](size_t q) { return field == "category" ? dataset.questions[q].category : dataset.questions[q].source; };
  std::set<std::string> present;
  for (size_t q = 0; q < dataset.n_questions(); ++q) present.insert(value_of(q));
  for (const std::string& value : held_out)
    if (!present.count(value))
      throw DataError(dataset.name + ": split: held-out " + field + " '" + value + "' does not occur in the dataset");
  const std::set<std::string> held(held_out.begin(), held_out.end());
  QuestionSplit split;
  split.dataset = dataset.name;
  split.strategy = "ood-" + field;
  split.seed = seed;
  split.held_out = held_out;
  split.excluded.assign(exclude.begin(), exclude.end());
  std::vector<size_t> in_domain;
  for (size_t q : remaining_rows(dataset, exclude)) {
    if (held.count(value_of(q))) {
      split.test.push_back(dataset.questions[q].id);
    } else {
      in_domain.push_back(q);
    }
  }
  Rng rng(seed);
  std::vector<std::string> unused;
  stratified_cut(dataset, in_domain, 1.0 - val_fraction, val_fraction, rng, split.train, split.val, unused);
  split.train.insert(split.train.end(), unused.begin(), unused.end());
  return split;
}

void save_question_split(const QuestionSplit& split, const std::string& path) {
  nlohmann::ordered_json root;
  root["format"] = "modelsat-question-split";
  root["dataset"] = split.dataset;
  root["strategy"] = split.strategy;
  root["seed"] = split.seed;
  root["held_out"] = split.held_out;
  root["counts"] = {{"train", split.train.size()}, {"val", split.val.size()}, {"test", split.test.size()},
                    {"excluded", split.excluded.size()}};
  root["excluded"] = split.excluded;
  root["train"] = split.train;
  root["val"] = split.val;
  root["test"] = split.test;
  write_file_atomic(path, root.dump() + "\n");
}

QuestionSplit load_question_split(const std::string& path) {
  const nlohmann::json root = read_json_file(path);
  if (detail::string_field(root, "format", path) != "modelsat-question-split")
    throw DataError(path + ": format: not a question split (expected \"modelsat-question-split\")");
  QuestionSplit split;
  split.dataset = detail::string_field(root, "dataset", path);
  split.strategy = detail::string_field(root, "strategy", path);
  split.seed = static_cast<uint64_t>(detail::as_number(detail::require(root, "seed", path), "seed", path));
  split.held_out = detail::string_array(detail::require(root, "held_out", path), "held_out", path);
  split.excluded = detail::string_array(detail::require(root, "excluded", path), "excluded", path);
  split.train = detail::string_array(detail::require(root, "train", path), "train", path);
  split.val = detail::string_array(detail::require(root, "val", path), "val", path);
  split.test = detail::string_array(detail::require(root, "test", path), "test", path);
  std::map<std::string, std::string> owner;
  for (const auto& [name, list] : {std::make_pair("excluded", &split.excluded), std::make_pair("train", &split.train),
                                   std::make_pair("val", &split.val), std::make_pair("test", &split.test)}) {
    for (const std::string& id : *list) {
      const auto [it, fresh] = owner.emplace(id, name);
      if (!fresh)
        throw DataError(path + ": " + name + ": duplicated question id '" + id + "' (already in " + it->second + ")");
    }
  }
  return split;
}

ModelSplit make_model_split(const Dataset& dataset, size_t n_unseen, uint64_t seed) {
  if (n_unseen >= dataset.n_models())
    throw ConfigError("split: unseen models: too many (expected fewer than the " + std::to_string(dataset.n_models()) +
                      " models, got " + std::to_string(n_unseen) + ")");
  std::vector<size_t> columns(dataset.n_models());
  for (size_t m = 0; m < columns.size(); ++m) columns[m] = m;
  Rng rng(seed);
  rng.shuffle(columns);
  std::vector<bool> unseen(dataset.n_models(), false);
  for (size_t i = 0; i < n_unseen; ++i) unseen[columns[i]] = true;
  ModelSplit split;
  split.dataset = dataset.name;
  split.seed = seed;
  for (size_t m = 0; m < dataset.n_models(); ++m) (unseen[m] ? split.unseen : split.seen).push_back(dataset.models[m]);
  return split;
}

void save_model_split(const ModelSplit& split, const std::string& path) {
  nlohmann::ordered_json root;
  root["format"] = "modelsat-model-split";
  root["dataset"] = split.dataset;
  root["seed"] = split.seed;
  root["seen"] = split.seen;
  root["unseen"] = split.unseen;
  write_file_atomic(path, root.dump(2) + "\n");
}

ModelSplit load_model_split(const std::string& path) {
  const nlohmann::json root = read_json_file(path);
  if (detail::string_field(root, "format", path) != "modelsat-model-split")
    throw DataError(path + ": format: not a model split (expected \"modelsat-model-split\")");
  ModelSplit split;
  split.dataset = detail::string_field(root, "dataset", path);
  split.seed = static_cast<uint64_t>(detail::as_number(detail::require(root, "seed", path), "seed", path));
  split.seen = detail::string_array(detail::require(root, "seen", path), "seen", path);
  split.unseen = detail::string_array(detail::require(root, "unseen", path), "unseen", path);
  for (const std::string& model : split.unseen)
    if (std::find(split.seen.begin(), split.seen.end(), model) != split.seen.end())
      throw DataError(path + ": unseen: model '" + model + "' is also listed as seen");
  return split;
}

std::vector<std::string> release_timeline(const Dataset& dataset) {
  std::vector<std::pair<std::string, std::string>> dated;
  for (size_t m = 0; m < dataset.n_models(); ++m) {
    const ModelInfo* info = m < dataset.model_info.size() ? &dataset.model_info[m] : nullptr;
    if (!info || !info->known || info->release_date.empty())
      throw DataError(dataset.name + ": model '" + dataset.models[m] +
                      "': release_date: unknown (add it to models.json to build a timeline)");
    dated.emplace_back(info->release_date, dataset.models[m]);
  }
  std::sort(dated.begin(), dated.end());
  std::vector<std::string> out;
  for (const auto& entry : dated) out.push_back(entry.second);
  return out;
}

}  // namespace modelsat::data
