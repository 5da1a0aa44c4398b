// Dataset format: round trip, deterministic bytes, and a clear error for every kind of bad input.
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/compression.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/synthetic.h"
#include "modelsat/error.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

using Catch::Matchers::Contains;
using modelsat::DataError;
using modelsat::test::TempDir;
namespace data = modelsat::data;

namespace {

data::Dataset small_dataset() {
  data::SyntheticOptions options;
  options.models = 3;
  options.questions = 20;
  options.topics = 2;
  options.skills = 2;
  return data::make_synthetic_dataset(options);
}

/// Rewrites the (gzip) questions file of a saved dataset with the given JSONL text.
void write_questions(const TempDir& dir, const std::string& jsonl) {
  modelsat::write_file_atomic(dir.file(data::kQuestionsFile), data::gzip_compress(jsonl));
}

std::string questions_text(const TempDir& dir) { return data::read_gzip_file(dir.file(data::kQuestionsFile)); }

}  // namespace

TEST_CASE("data/format: save then load gives the same dataset and identical bytes", "[unit]") {
  TempDir a, b;
  const data::Dataset original = small_dataset();
  data::save_dataset(original, a.path());
  const data::Dataset loaded = data::load_dataset(a.path());
  CHECK(loaded.name == original.name);
  CHECK(loaded.models == original.models);
  CHECK(loaded.scores == original.scores);
  CHECK(loaded.observed == original.observed);
  CHECK(loaded.predictions == original.predictions);
  REQUIRE(loaded.questions.size() == original.questions.size());
  CHECK(loaded.questions[3].text == original.questions[3].text);
  CHECK(loaded.questions[3].choices == original.questions[3].choices);
  data::save_dataset(loaded, b.path());
  for (const char* file : {data::kManifestFile, data::kQuestionsFile, data::kOutcomesFile})
    CHECK(modelsat::read_file(a.file(file)) == modelsat::read_file(b.file(file)));
}

TEST_CASE("data/format: score datasets keep float scores and costs", "[unit]") {
  TempDir dir;
  data::Dataset d = small_dataset();
  d.score_kind = data::ScoreKind::Score;
  d.scores[0] = d.observed[0] ? 0.25f : 0.f;
  d.costs.assign(d.scores.size(), 0.5f);
  data::save_dataset(d, dir.path());
  const data::Dataset loaded = data::load_dataset(dir.path());
  CHECK(loaded.scores == d.scores);
  CHECK(loaded.costs == d.costs);
}

TEST_CASE("data/loader: rejects a question field of the wrong type, naming file, line and field", "[unit]") {
  TempDir dir;
  data::save_dataset(small_dataset(), dir.path());
  std::string text = questions_text(dir);
  text.replace(0, text.find('\n'), R"({"id":7,"text":"x"})");
  write_questions(dir, text);
  CHECK_THROWS_WITH(data::load_dataset(dir.path()), Contains("questions.jsonl.gz:1: id: wrong type") &&
                                                        Contains("expected a string, got integer 7"));
}

TEST_CASE("data/loader: rejects duplicated question ids", "[unit]") {
  TempDir dir;
  data::Dataset d = small_dataset();
  d.questions[5].id = d.questions[2].id;
  CHECK_THROWS_WITH(data::save_dataset(d, dir.path()),
                    Contains("question 5: id: duplicated question id 's2'"));
  data::save_dataset(small_dataset(), dir.path());
  std::string text = questions_text(dir);
  const size_t second = text.find('\n') + 1;
  text.replace(second, text.find('\n', second) - second, R"({"id":"s0","text":"again"})");
  write_questions(dir, text);
  CHECK_THROWS_WITH(data::load_dataset(dir.path()), Contains("question 1: id: duplicated question id 's0'"));
}

TEST_CASE("data/loader: rejects a ragged matrix", "[unit]") {
  TempDir dir;
  data::Dataset d = small_dataset();
  data::save_dataset(d, dir.path());
  data::Dataset wider = d;
  wider.models.push_back("extra");
  wider.model_info.push_back({});
  CHECK_THROWS_WITH(wider.validate("here"), Contains("here: scores: ragged matrix") && Contains("expected 20 x 4 = 80"));
  std::string text = questions_text(dir);
  text.erase(text.rfind('\n', text.size() - 2) + 1);
  write_questions(dir, text);
  CHECK_THROWS_WITH(data::load_dataset(dir.path()),
                    Contains("questions.jsonl.gz: truncated or padded") && Contains("expected 20, got 19"));
}

TEST_CASE("data/loader: rejects NaN scores", "[unit]") {
  TempDir dir;
  data::Dataset d = small_dataset();
  d.score_kind = data::ScoreKind::Score;
  std::string bytes = data::encode_outcomes(d);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&bytes[20 + 4 * 4], &nan, 4);
  data::save_dataset(d, dir.path());
  modelsat::write_file_atomic(dir.file(data::kOutcomesFile), data::gzip_compress(bytes));
  CHECK_THROWS_WITH(data::load_dataset(dir.path()),
                    Contains("question 's1', model 'synth-model-1': score: not a finite number"));
}

TEST_CASE("data/loader: rejects truncated files", "[unit]") {
  TempDir dir;
  data::save_dataset(small_dataset(), dir.path());
  const std::string gz = modelsat::read_file(dir.file(data::kOutcomesFile));
  modelsat::write_file_atomic(dir.file(data::kOutcomesFile), gz.substr(0, gz.size() / 2));
  CHECK_THROWS_WITH(data::load_dataset(dir.path()), Contains("outcomes.bin.gz: truncated gzip stream"));
  const std::string bytes = data::encode_outcomes(small_dataset());
  modelsat::write_file_atomic(dir.file(data::kOutcomesFile), data::gzip_compress(bytes.substr(0, bytes.size() - 7)));
  CHECK_THROWS_WITH(data::load_dataset(dir.path()), Contains("outcomes.bin.gz: truncated: matrix size disagrees") &&
                                                        Contains("got " + std::to_string(bytes.size() - 7)));
}

TEST_CASE("data/loader: models.json rejects unknown model names and wrong types", "[unit]") {
  TempDir dir;
  data::save_dataset(small_dataset(), dir.path());
  const std::string entry = R"({"name":"%s","organisation":"o","release_date":"2024-01-01","params_billion":%s,)"
                            R"("open_weights":true,"tuning":"base","cost_per_1k_tokens":0.1,"sources":"test"})";
  auto models_json = [&](const std::string& name, const std::string& params) {
    std::string e = entry;
    e.replace(e.find("%s"), 2, name);
    e.replace(e.find("%s"), 2, params);
    return "{\"models\": [" + e + "]}";
  };
  modelsat::write_file_atomic(dir.file(data::kModelsFile), models_json("gpt-9", "7"));
  CHECK_THROWS_WITH(data::load_dataset(dir.path()),
                    Contains("models.json: models[0]: name: unknown model name 'gpt-9'") && Contains("synth-model-0"));
  modelsat::write_file_atomic(dir.file(data::kModelsFile), models_json("synth-model-1", "\"seven\""));
  CHECK_THROWS_WITH(data::load_dataset(dir.path()),
                    Contains("models[0]: params_billion: wrong type (expected a number, got string \"seven\")"));
  modelsat::write_file_atomic(dir.file(data::kModelsFile), models_json("synth-model-1", "7"));
  const data::Dataset loaded = data::load_dataset(dir.path());
  CHECK(loaded.model_info[1].known);
  CHECK(loaded.model_info[1].params_billion == 7.0);
  CHECK_FALSE(loaded.model_info[0].known);
}

TEST_CASE("data/loader: a manifest with the wrong format or a non-string model is rejected", "[unit]") {
  TempDir dir;
  data::save_dataset(small_dataset(), dir.path());
  std::string manifest = modelsat::read_file(dir.file(data::kManifestFile));
  const std::string original = manifest;
  manifest.replace(manifest.find("\"synth-model-0\""), 15, "42");
  modelsat::write_file_atomic(dir.file(data::kManifestFile), manifest);
  CHECK_THROWS_WITH(data::load_dataset(dir.path()),
                    Contains("dataset.json: models[0]: wrong type (expected a string, got integer 42)"));
  manifest = original;
  manifest.replace(manifest.find("modelsat-dataset"), 16, "something-else");
  modelsat::write_file_atomic(dir.file(data::kManifestFile), manifest);
  CHECK_THROWS_WITH(data::load_dataset(dir.path()), Contains("format: not a modelsat dataset"));
}

TEST_CASE("data/dataset: select by ids and names, unknown ones are errors", "[unit]") {
  const data::Dataset d = small_dataset();
  const data::Dataset sub = d.select({"s4", "s1"}, {"synth-model-2", "synth-model-0"});
  REQUIRE(sub.n_questions() == 2);
  CHECK(sub.questions[0].id == "s4");
  CHECK(sub.score(0, 0) == d.score(4, 2));
  CHECK(sub.score(1, 1) == d.score(1, 0));
  CHECK_THROWS_WITH(d.select({"nope"}, {}), Contains("unknown question id 'nope'"));
  CHECK_THROWS_WITH(d.select({}, {"gpt-9"}), Contains("unknown model name 'gpt-9'"));
  CHECK(d.correctness_u8().size() == 60);
}
