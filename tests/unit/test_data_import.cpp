// Generic JSONL/CSV import and the MMLU-Pro importer (byte-for-byte reproduction of the committed dataset).
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/mmlu_pro_import.h"
#include "modelsat/data/table_import.h"
#include "modelsat/error.h"

#include <catch2/catch.hpp>

#include <filesystem>

using Catch::Matchers::Contains;
using modelsat::test::TempDir;
namespace data = modelsat::data;

namespace {

const char* kGoodJsonl =
    R"({"id": "q1", "question": "2+2?", "choices": ["3", "4"], "gold": "B", "category": "math", "outcomes": {"m1": 1, "m2": 0}, "predictions": {"m1": "B", "m2": "A"}, "cost": {"m1": 0.5, "m2": 0.1}})"
    "\n"
    R"({"id": "q2", "question": "Capital of France?", "category": "geo", "outcomes": {"m1": true, "m2": 0.5}})"
    "\n\n"
    R"({"id": 3, "question": "Free-form", "gold": "Paris", "outcomes": {"m2": 1}})"
    "\n";

data::Dataset import_text(const TempDir& dir, const std::string& text, const data::TableImportOptions& options = {}) {
  return data::import_jsonl(dir.write("in.jsonl", text), options);
}

}  // namespace

TEST_CASE("data/import-jsonl: reads the documented layout", "[unit]") {
  TempDir dir;
  const data::Dataset d = import_text(dir, kGoodJsonl);
  REQUIRE(d.n_questions() == 3);
  REQUIRE(d.models == std::vector<std::string>{"m1", "m2"});
  CHECK(d.score_kind == data::ScoreKind::Score);
  CHECK(d.score(0, 0) == 1.f);
  CHECK(d.score(1, 1) == 0.5f);
  CHECK(d.prediction(0, 1) == 'A');
  CHECK(d.questions[2].id == "3");
  CHECK(d.questions[2].gold == "Paris");
  CHECK_FALSE(d.is_observed(2, 0));
  CHECK(d.costs[0] == 0.5f);
  data::save_dataset(d, dir.file("out"));
  CHECK(data::load_dataset(dir.file("out")).scores == d.scores);
}

TEST_CASE("data/import-jsonl: wrong types, unknown models, duplicated ids, NaN-like and truncated lines", "[unit]") {
  TempDir dir;
  CHECK_THROWS_WITH(import_text(dir, R"({"id": "q1", "question": 5, "outcomes": {}})"),
                    Contains("in.jsonl:1: question: wrong type (expected a string, got integer 5)"));
  CHECK_THROWS_WITH(import_text(dir, R"({"id": "q1", "question": "x", "outcomes": {"m1": "yes"}})"),
                    Contains("in.jsonl:1: outcomes.m1: wrong type"));
  data::TableImportOptions fixed;
  fixed.models = {"m1"};
  CHECK_THROWS_WITH(import_text(dir, R"({"id": "q1", "question": "x", "outcomes": {"m7": 1}})", fixed),
                    Contains("in.jsonl:1: outcomes: unknown model name 'm7' (expected one of: m1)"));
  CHECK_THROWS_WITH(import_text(dir, "{\"id\": \"q1\", \"question\": \"x\", \"outcomes\": {\"m1\": 1}}\n"
                                     "{\"id\": \"q1\", \"question\": \"y\", \"outcomes\": {\"m1\": 0}}\n"),
                    Contains("in.jsonl:2: id: duplicated question id 'q1'"));
  CHECK_THROWS_WITH(import_text(dir, R"({"id": "q1", "question": "x", "outcomes": {"m1": NaN}})"),
                    Contains("in.jsonl:1: invalid JSON"));
  CHECK_THROWS_WITH(import_text(dir, R"({"id": "q1", "question": "x", "outcomes": {"m1": 1.5}})"),
                    Contains("in.jsonl:1: outcomes.m1: out of range (expected a number in [0, 1], got 1.5"));
  CHECK_THROWS_WITH(import_text(dir, "{\"id\": \"q1\", \"question\": \"x\", \"outcomes\": {\"m1\": 1}}\n{\"id\": \"q2\", \"quest"),
                    Contains("in.jsonl:2: invalid JSON (truncated line?)"));
  CHECK_THROWS_WITH(import_text(dir, R"({"id": "q1", "question": "x", "outcomes": {"m1": 1}, "predictions": {"m2": "A"}})"),
                    Contains("in.jsonl:1: predictions.m2: model has no outcome on this line"));
}

TEST_CASE("data/import-csv: reads quoted fields and rejects ragged rows and NaN scores", "[unit]") {
  TempDir dir;
  const std::string good =
      "id,question,category,outcome:m1,outcome:m2,prediction:m1,cost:m2\n"
      "q1,\"Say \"\"hi\"\", please\",chat,1,0,B,0.25\n"
      "q2,\"two\nlines\",chat,0,,C,\n";
  const data::Dataset d = data::import_csv(dir.write("in.csv", good), {});
  REQUIRE(d.n_questions() == 2);
  CHECK(d.questions[0].text == "Say \"hi\", please");
  CHECK(d.questions[1].text == "two\nlines");
  CHECK(d.prediction(0, 0) == 'B');
  CHECK(d.costs[1] == 0.25f);
  CHECK_FALSE(d.is_observed(1, 1));
  CHECK_THROWS_WITH(data::import_csv(dir.write("r.csv", "id,question,outcome:m1\nq1,x\n"), {}),
                    Contains("r.csv:2: ragged row: wrong number of fields (expected 3, got 2)"));
  CHECK_THROWS_WITH(data::import_csv(dir.write("n.csv", "id,question,outcome:m1\nq1,x,nan\n"), {}),
                    Contains("n.csv:2: outcome:m1: NaN or infinite score"));
  CHECK_THROWS_WITH(data::import_csv(dir.write("t.csv", "id,question,outcome:m1\nq1,\"x,1\n"), {}),
                    Contains("t.csv:2: truncated: unterminated quoted field"));
  CHECK_THROWS_WITH(data::import_csv(dir.write("u.csv", "id,question,score:m1\n"), {}),
                    Contains("u.csv:1: header: unknown column 'score:m1'"));
}

TEST_CASE("data/mmlu-pro: importing the shared raw data reproduces the committed dataset byte for byte", "[unit]") {
  const std::string raw = std::string(MODELSAT_SOURCE_DIR) + "/../shared/data/MMLU-Pro";
  const std::string committed = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/mmlu-pro";
  if (!std::filesystem::is_directory(raw)) {
    WARN("skipped: " + raw + " is absent (the raw MMLU-Pro outputs live outside the repository)");
    return;
  }
  TempDir dir;
  const data::MmluProImport result = data::import_mmlu_pro(raw);
  data::save_dataset(result.dataset, dir.path(), {{"importer", "mmlu-pro"}, {"summary", result.summary}});
  for (const char* file : {data::kManifestFile, data::kQuestionsFile, data::kOutcomesFile}) {
    INFO(file);
    CHECK(modelsat::read_file(dir.file(file)) == modelsat::read_file(committed + "/" + file));
  }
  CHECK(result.dataset.n_models() == 25);
  const auto& deepseek = result.summary["per_model"][0];
  CHECK(deepseek["model"] == "DeepSeek-Coder-V2");
  CHECK(deepseek["non_object_records"] == 43);
  CHECK(deepseek["missing_questions"] == 1681);
}

TEST_CASE("data/mmlu-pro: a directory without output zips is a clear error", "[unit]") {
  TempDir dir;
  dir.write("notes.txt", "x");
  CHECK_THROWS_WITH(data::import_mmlu_pro(dir.path()), Contains("no MMLU-Pro outputs found"));
  dir.write("model_outputs_bad_5shots.zip", "not a zip at all, just text that is long enough");
  CHECK_THROWS_WITH(data::import_mmlu_pro(dir.path()), Contains("model_outputs_bad_5shots.zip: not a ZIP archive"));
}
