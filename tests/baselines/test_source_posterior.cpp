// source_posterior: learns which model is best per source from the training labels and routes by text alone; its
// strength choice on validation, its state file and its own error messages.
#include "baseline_harness.h"
#include "temp_dir.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

using modelsat::test::error_message;
using modelsat::test::make_router;

namespace {

// One category, two sources told apart only by their words: "alpha" is right on every economics question and wrong
// on every law question, "beta" the other way round; "gamma" is right on half of each.
modelsat::RoutingSet two_source_set(int64_t n_per_source, int64_t offset) {
  modelsat::RoutingSet set;
  for (const char* name : {"alpha", "beta", "gamma"}) set.candidates.models.push_back({name, 1.0, {}});
  set.correct = at::zeros({2 * n_per_source, 3}, at::kFloat);
  for (int64_t i = 0; i < 2 * n_per_source; ++i) {
    const bool economics = i % 2 == 0;
    const std::string number = std::to_string(offset + i);
    set.queries.ids.push_back("q" + number);
    set.queries.texts.push_back(economics ? "What does inflation do to demand and supply? Case " + number
                                          : "Which court ruled on the statute of this contract? Case " + number);
    set.queries.categories.push_back("all");
    set.sources.push_back(economics ? "economics" : "law");
    set.correct[i][economics ? 0 : 1] = 1.0F;
    set.correct[i][2] = (i / 2) % 2 == 0 ? 1.0F : 0.0F;
  }
  return set;
}

}  // namespace

TEST_CASE("source_posterior: beats best_single when the best model differs per source", "[baselines]") {
  const auto split = modelsat::test::split_tiny_set(21, 600, 400, 5, 4, 8);
  auto router = make_router("source_posterior", {{"strengths", {10.0}}});
  router.fit(split.train, nullptr);
  const double routed =
      modelsat::test::routed_accuracy(router.score(split.test.queries, split.test.candidates), split.test.correct);
  const double best_single = modelsat::test::best_single_accuracy(split);
  INFO("source_posterior " << routed << " vs best_single " << best_single);
  CHECK(routed > best_single + 0.05);
}

TEST_CASE("source_posterior: routes by the words of a source that the category does not separate", "[baselines]") {
  const auto train = two_source_set(40, 0);
  const auto test = two_source_set(10, 1000);
  auto router = make_router("source_posterior", {{"strengths", {1.0}}});
  router.fit(train, nullptr);
  auto queries = test.queries;
  const at::Tensor scores = router.score(queries, test.candidates);
  CHECK(modelsat::test::routed_accuracy(scores, test.correct) == 1.0);
  auto category = make_router("per_category_best");
  category.fit(train, nullptr);
  CHECK(modelsat::test::routed_accuracy(category.score(queries, test.candidates), test.correct) == 0.5);
}

TEST_CASE("source_posterior: validation picks the strength, and the state file restores the same scores",
          "[baselines]") {
  const auto split = modelsat::test::split_tiny_set(5, 300, 200, 4, 3, 8);
  const auto validation = modelsat::test::split_tiny_set(6, 300, 200, 4, 3, 8).test;
  auto chosen = make_router("source_posterior", {{"strengths", {0.0, 1e6}}});
  chosen.fit(split.train, &validation);
  const at::Tensor scores = chosen.score(split.test.queries, split.test.candidates);
  auto unshrunk = make_router("source_posterior", {{"strengths", {0.0}}});
  unshrunk.fit(split.train, nullptr);
  auto shrunk = make_router("source_posterior", {{"strengths", {1e6}}});
  shrunk.fit(split.train, nullptr);
  // Strength 0 keeps the per-topic skills; 1e6 flattens every source to overall accuracy, i.e. best_single.
  CHECK(at::equal(scores, unshrunk.score(split.test.queries, split.test.candidates)));
  CHECK_FALSE(at::equal(scores, shrunk.score(split.test.queries, split.test.candidates)));

  modelsat::test::TempDir dir;
  chosen.save(dir.file("router.state"));
  auto restored = make_router("source_posterior");
  restored.load(dir.file("router.state"));
  CHECK(at::equal(scores, restored.score(split.test.queries, split.test.candidates)));
}

TEST_CASE("source_posterior: needs source labels and a validation set to choose a strength", "[baselines]") {
  const auto split = modelsat::test::split_tiny_set(21, 100, 50, 3, 3, 8);
  auto router = make_router("source_posterior", {{"strengths", {10.0}}});
  auto train = split.train;
  train.sources.clear();
  CHECK(error_message([&] { router.fit(train, nullptr); }) ==
        "router/source_posterior: fit: the training queries need one source label each (expected 100, got 0)");
  train.sources.assign(100, "");
  CHECK(error_message([&] { router.fit(train, nullptr); }) ==
        "router/source_posterior: fit: no training text has a source label (expected at least one non-empty label, "
        "got 100 empty)");
  auto grid = make_router("source_posterior");
  CHECK(error_message([&] { grid.fit(split.train, nullptr); }) ==
        "router/source_posterior: fit: choosing among 7 strengths needs a validation set (expected a validation set "
        "or one strength, got no validation set)");
}

TEST_CASE("source_posterior: a state file whose table disagrees with its models is refused", "[baselines]") {
  const auto split = modelsat::test::split_tiny_set(22, 100, 50, 3, 3, 8);
  auto router = make_router("source_posterior", {{"strengths", {10.0}}});
  router.fit(split.train, nullptr);
  modelsat::test::TempDir dir;
  const std::string path = dir.file("router.state");
  router.save(path);

  // Edit the file's JSON header as a user might: one more model name than the table has columns.
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data() + 4, sizeof(header_size));
  nlohmann::json header = nlohmann::json::parse(bytes.substr(12, header_size));
  const size_t models = header["settings"]["models"].size();
  header["settings"]["models"].push_back("one-more-model");
  const std::string edited_header = header.dump();
  const uint64_t edited_size = edited_header.size();
  std::string edited = bytes.substr(0, 4);
  edited.append(reinterpret_cast<const char*>(&edited_size), sizeof(edited_size));
  edited += edited_header + bytes.substr(12 + header_size);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << edited;

  auto restored = make_router("source_posterior");
  CHECK_THAT(error_message([&] { restored.load(path); }),
             Catch::Contains(path + ": source accuracy table disagrees with the sources and models (expected [") &&
                 Catch::Contains(", " + std::to_string(models + 1) + "], got 2-d with "));
}
