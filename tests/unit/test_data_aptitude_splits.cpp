// Aptitude tests and splits: disjointness, determinism, stratification, the text form, new-model scoring.
#include "temp_dir.h"

#include "modelsat/data/aptitude.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/data/synthetic.h"
#include "modelsat/data/zoos.h"
#include "modelsat/error.h"
#include "modelsat/atomic_file.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using modelsat::test::TempDir;
namespace data = modelsat::data;

namespace {

data::Dataset synthetic() {
  data::SyntheticOptions options;
  options.questions = 1500;
  return data::make_synthetic_dataset(options);
}

std::string committed_dir() { return std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/mmlu-pro"; }

void check_disjoint(const std::vector<std::string>& aptitude, const data::QuestionSplit& split) {
  std::set<std::string> seen(aptitude.begin(), aptitude.end());
  CHECK(seen.size() == aptitude.size());
  for (const auto* list : {&split.train, &split.val, &split.test})
    for (const std::string& id : *list) {
      INFO(id);
      CHECK(seen.insert(id).second);
    }
}

}  // namespace

TEST_CASE("data/aptitude: chooses distinguishing items on training models only", "[unit]") {
  const data::Dataset d = synthetic();
  data::AptitudeOptions options;
  options.tasks = 6;
  options.shots = 10;
  options.training_models = {"synth-model-0", "synth-model-1", "synth-model-2", "synth-model-3"};
  const data::AptitudeTest test = data::build_aptitude_test(d, options);
  REQUIRE(test.tasks.size() == 6);
  CHECK(test.training_models == options.training_models);
  for (const auto& task : test.tasks) {
    REQUIRE(task.items.size() == 10);
    for (const std::string& id : task.items) {
      const size_t q = d.question_index(id);
      CHECK(d.questions[q].source == task.name);
      double p = 0;
      for (size_t m = 0; m < 4; ++m) p += d.score(q, m);
      CHECK(p >= 1.0);  // 1..3 of 4 training models right: distinguishing
      CHECK(p <= 3.0);
    }
  }
  CHECK(data::build_aptitude_test(d, options).item_ids() == test.item_ids());
  options.tasks = 13;
  CHECK_THROWS_WITH(data::build_aptitude_test(d, options), Contains("too few sources with enough items (expected 13"));
  options.training_models = {"nobody"};
  CHECK_THROWS_WITH(data::build_aptitude_test(d, options), Contains("unknown model name 'nobody'"));
}

TEST_CASE("data/aptitude: vectors, the paper's text form and new-model scoring", "[unit]") {
  TempDir dir;
  const data::Dataset d = synthetic();
  data::AptitudeOptions options;
  options.tasks = 2;
  options.shots = 4;
  options.keywords = {{"topic-0/part-0", {"a", "b", "c", "d", "e"}}};
  CHECK_THROWS_WITH(data::build_aptitude_test(d, options), Contains("no keyword description"));
  options.keywords.clear();
  const data::AptitudeTest test = data::build_aptitude_test(d, options);
  data::save_aptitude_test(test, dir.file("apt.json"));
  const data::AptitudeTest loaded = data::load_aptitude_test(dir.file("apt.json"));
  CHECK(loaded.item_ids() == test.item_ids());
  const auto vector = data::aptitude_vector(loaded, d, "synth-model-1");
  std::map<std::string, double> answers;
  for (const std::string& id : test.item_ids()) answers[id] = d.score(d.question_index(id), 1);
  CHECK(data::aptitude_vector(loaded, answers, "new") == vector);
  answers.erase(test.item_ids()[0]);
  CHECK_THROWS_WITH(data::aptitude_vector(loaded, answers, "new.jsonl"),
                    Contains("new.jsonl: no answer for aptitude item '" + test.item_ids()[0] + "'"));
  data::AptitudeTest described = test;
  described.tasks[0].keywords = {"Economics", "Market Dynamics"};
  described.tasks[1].keywords = {"Law"};
  CHECK(data::aptitude_text(described, {0.5, 0.25}) ==
        "The model achieves accuracy 50.0% on the task of \"Economics, Market Dynamics\", accuracy 25.0% on the task "
        "of \"Law\".");
  CHECK_THAT(data::aptitude_text(described, {0.5, 0.25}, {1, 0}), StartsWith("The model achieves accuracy 25.0%"));
}

TEST_CASE("data/aptitude: a test drawn from one split's training questions, with up to S items per source",
          "[unit]") {
  TempDir dir;
  const data::Dataset d = synthetic();
  const data::QuestionSplit split = data::make_stratified_split(d, {}, 0.6, 0.2, 3);
  const data::QuestionSplit other = data::make_stratified_split(d, {}, 0.6, 0.2, 4);
  data::AptitudeOptions options;
  options.all_sources = true;
  options.shots = 80;  // above most sources' ~75 training questions: those give all of theirs
  options.min_shots = 5;
  options.eligible.insert(split.train.begin(), split.train.end());
  options.split = "split-a.json";
  const data::AptitudeTest test = data::build_aptitude_test(d, options);
  const std::set<std::string> train(split.train.begin(), split.train.end());
  std::map<std::string, size_t> training_per_source;
  for (const std::string& id : split.train) ++training_per_source[d.questions[d.question_index(id)].source];
  size_t expected_tasks = 0;
  for (const auto& [source, count] : training_per_source) expected_tasks += count >= 5 ? 1 : 0;
  CHECK(test.tasks.size() == expected_tasks);
  for (const auto& task : test.tasks) {
    INFO(task.name);
    CHECK(task.items.size() == std::min<size_t>(80, training_per_source.at(task.name)));
    for (const std::string& id : task.items) CHECK(train.count(id) == 1);
  }
  CHECK(test.min_shots == 5);
  CHECK(test.split == "split-a.json");

  data::save_aptitude_test(test, dir.file("drawn.json"));
  const data::AptitudeTest loaded = data::load_aptitude_test(dir.file("drawn.json"));
  CHECK(loaded.item_ids() == test.item_ids());
  CHECK(loaded.min_shots == 5);
  CHECK(loaded.split == "split-a.json");

  data::check_aptitude_split(loaded, "drawn.json", split, "/somewhere/split-a.json");
  CHECK_THROWS_WITH(data::check_aptitude_split(loaded, "drawn.json", other, "/somewhere/split-b.json"),
                    Contains("drawn.json: split: the test is drawn from another split's training questions (expected "
                             "'split-b.json', the split in use, got 'split-a.json')"));
  data::QuestionSplit moved = split;
  moved.val.push_back(test.tasks[0].items[0]);
  moved.train.erase(std::find(moved.train.begin(), moved.train.end(), test.tasks[0].items[0]));
  CHECK_THROWS_WITH(data::check_aptitude_split(loaded, "drawn.json", moved, "split-a.json"),
                    Contains("drawn.json: aptitude item '" + test.tasks[0].items[0] + "' is not a training question "
                             "of split 'split-a.json' (expected training questions only, got a validation or test "
                             "question)"));
  data::QuestionSplit shrunk = split;
  shrunk.train.erase(std::find(shrunk.train.begin(), shrunk.train.end(), test.tasks[0].items[0]));
  CHECK_THROWS_WITH(data::check_aptitude_split(loaded, "drawn.json", shrunk, "split-a.json"),
                    Contains("drawn.json: aptitude item '" + test.tasks[0].items[0] + "' is not a training question "
                             "of split 'split-a.json' (expected training questions only, got a question outside the "
                             "split)"));
  data::AptitudeTest plain = loaded;
  plain.split.clear();
  CHECK_THROWS_WITH(data::check_aptitude_split(plain, "plain.json", split, "split-a.json"),
                    Contains("aptitude items must never be routed (expected disjoint sets)"));

  nlohmann::json file = nlohmann::json::parse(modelsat::read_file(dir.file("drawn.json")));
  file["tasks"][0]["items"] = {file["tasks"][0]["items"][0]};
  const std::string short_task = dir.write("short.json", file.dump());
  CHECK_THROWS_WITH(data::load_aptitude_test(short_task),
                    Contains("short.json: tasks[0]: items: wrong count (expected 5..80, got 1)"));
  file["min_shots"] = 81;
  CHECK_THROWS_WITH(data::load_aptitude_test(dir.write("bad-min.json", file.dump())),
                    Contains("bad-min.json: min_shots: out of range (expected 1..80, got 81)"));

  options.min_shots = 90;
  CHECK_THROWS_WITH(data::build_aptitude_test(d, options),
                    Contains("aptitude: min_shots above shots (expected at most 80, got 90)"));
  options.min_shots = 1000;
  options.shots = 1000;
  CHECK_THROWS_WITH(data::build_aptitude_test(d, options),
                    Contains("too few sources with enough items (expected 1 sources with >= 1000 eligible questions, "
                             "got 0)"));
}

TEST_CASE("data/splits: stratified, seeded, and disjoint from the aptitude items", "[unit]") {
  const data::Dataset d = synthetic();
  data::AptitudeOptions options;
  options.tasks = 4;
  options.shots = 10;
  const auto aptitude = data::build_aptitude_test(d, options).item_ids();
  const std::set<std::string> exclude(aptitude.begin(), aptitude.end());
  const auto split = data::make_stratified_split(d, exclude, 0.6, 0.2, 7);
  check_disjoint(aptitude, split);
  CHECK(split.train.size() + split.val.size() + split.test.size() + aptitude.size() == d.n_questions());
  std::map<std::string, std::pair<size_t, size_t>> per_category;  // (train, all)
  for (const auto& id : split.train) ++per_category[d.questions[d.question_index(id)].category].first;
  for (const auto* list : {&split.train, &split.val, &split.test})
    for (const auto& id : *list) ++per_category[d.questions[d.question_index(id)].category].second;
  for (const auto& [category, counts] : per_category) {
    INFO(category);
    CHECK(std::abs(static_cast<double>(counts.first) / static_cast<double>(counts.second) - 0.6) < 0.01);
  }
  CHECK(data::make_stratified_split(d, exclude, 0.6, 0.2, 7).test == split.test);
  CHECK(data::make_stratified_split(d, exclude, 0.6, 0.2, 8).test != split.test);
  CHECK_THROWS_AS(data::make_stratified_split(d, exclude, 0.9, 0.2, 7), modelsat::ConfigError);
}

TEST_CASE("data/splits: OOD splits hold out whole categories; model splits and files round-trip", "[unit]") {
  TempDir dir;
  const data::Dataset d = synthetic();
  const auto ood = data::make_ood_split(d, {}, "category", {"topic-2"}, 0.2, 1);
  for (const auto& id : ood.test) CHECK(d.questions[d.question_index(id)].category == "topic-2");
  for (const auto& id : ood.train) CHECK(d.questions[d.question_index(id)].category != "topic-2");
  CHECK_THROWS_WITH(data::make_ood_split(d, {}, "category", {"astrology"}, 0.2, 1),
                    Contains("held-out category 'astrology' does not occur"));
  data::save_question_split(ood, dir.file("ood.json"));
  CHECK(data::load_question_split(dir.file("ood.json")).test == ood.test);
  data::QuestionSplit overlapping = ood;
  overlapping.val.push_back(ood.train[0]);
  data::save_question_split(overlapping, dir.file("bad.json"));
  CHECK_THROWS_WITH(data::load_question_split(dir.file("bad.json")),
                    Contains("bad.json: val: duplicated question id '" + ood.train[0] + "' (already in train)"));
  const auto models = data::make_model_split(d, 2, 3);
  CHECK(models.unseen.size() == 2);
  CHECK(models.seen.size() == 4);
  data::save_model_split(models, dir.file("models.json"));
  CHECK(data::load_model_split(dir.file("models.json")).unseen == models.unseen);
  CHECK(data::release_timeline(d).front() == "synth-model-0");
}

TEST_CASE("data/mmlu-pro: committed aptitude test and splits are disjoint and consistent", "[unit]") {
  const std::string dir = committed_dir();
  const data::Dataset d = data::load_dataset(dir, data::LoadOptions{false, true});
  CHECK(d.n_models() == 25);
  CHECK(d.n_questions() >= 12000);
  const data::AptitudeTest test = data::load_aptitude_test(dir + "/aptitude/aptitude-t50-s20.json");
  CHECK(test.tasks.size() == 50);
  CHECK(test.shots == 20);
  for (const auto& task : test.tasks) CHECK(task.keywords.size() == 5);
  const data::ModelSplit models = data::load_model_split(dir + "/splits/models-seen-unseen.json");
  CHECK(test.training_models == models.seen);
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/splits")) {
    if (entry.path().filename().string().rfind("models-", 0) == 0) continue;
    INFO(entry.path().string());
    const data::QuestionSplit split = data::load_question_split(entry.path().string());
    check_disjoint(test.item_ids(), split);
    CHECK(split.train.size() + split.val.size() + split.test.size() + test.item_ids().size() == d.n_questions());
  }
  for (const auto& info : d.model_info) CHECK(info.known);
  const auto zoos = data::load_zoos(dir + "/zoos.json", d);
  CHECK(zoos.size() == 5);
  CHECK(data::find_zoo(zoos, "high-performance").members.size() == 3);
  CHECK_THROWS_WITH(data::find_zoo(zoos, "huge"), Contains("unknown zoo 'huge'"));
}
