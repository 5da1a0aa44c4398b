// The ZeroEval importer (fixtures and error paths), byte-for-byte re-import, and agreement with the official accuracies.
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/compression.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/zeroeval_import.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using Catch::Matchers::Contains;
using modelsat::test::TempDir;
namespace data = modelsat::data;
namespace fs = std::filesystem;

namespace {

nlohmann::json reply(const nlohmann::json& id, const char* question_key, const std::string& question,
                     const std::string& gold, const std::string& output) {
  return {{"id", id}, {question_key, question}, {"answer", gold}, {"output", {output}}};
}

void write_gz(const TempDir& dir, const std::string& name, const std::vector<nlohmann::json>& records) {
  fs::create_directories(fs::path(dir.file(name)).parent_path());
  dir.write(name, data::gzip_compress(nlohmann::json(records).dump()));
}

/// Models a, b in both tasks, c only in crux; b lacks math question 1; summaries give each model's Acc.
void write_fixture(const TempDir& dir) {
  const std::string q0 = "[PYTHON]\ndef f(s):\n    return s[::-1]\nassert f('ab') == ??\n[/PYTHON]";
  const std::string q1 = "[PYTHON]\ndef f(x):\n    for i in x: pass\n    return x\nassert f([1, 2]) == ??\n[/PYTHON]";
  write_gz(dir, "result_dirs/crux/a.json.gz",
           {reply("crux-test-#0", "question", q0, "'ba'", R"({"reasoning": "r", "answer": "'ba'"})"),
            reply("crux-test-#1", "question", q1, "[1, 2]", "```json\n{\"reasoning\": \"r\", \"answer\": \"[1,2]\"}\n```")});
  write_gz(dir, "result_dirs/crux/b.json.gz",
           {reply("crux-test-#0", "question", q0, "'ba'", R"({"reasoning": "r", "answer": "'ab'"})"),
            reply("crux-test-#1", "question", q1, "[1, 2]", "no idea")});
  write_gz(dir, "result_dirs/crux/c.json.gz", {reply("crux-test-#0", "question", q0, "'ba'", "x")});
  write_gz(dir, "result_dirs/math-l5/a.json.gz",
           {reply(0, "problem", "What is the remainder of 7 divided by 4?", "3", R"({"reasoning": "r", "answer": "3"})"),
            reply(1, "problem", "Find the area of a square of side 4.", "16", R"({"answer": "\\boxed{16}"})")});
  write_gz(dir, "result_dirs/math-l5/b.json.gz",
           {reply(0, "problem", "What is the remainder of 7 divided by 4?", "3", R"({"answer": "3.5"})")});
  dir.write("result_dirs/crux.summary.json",
            R"([{"Model": "a", "Mode": "greedy", "Acc": "100.00", "No answer": "0.00"},
                {"Model": "b", "Mode": "greedy", "Acc": "0.00", "No answer": "50.00"},
                {"Model": "c", "Mode": "greedy", "Acc": "0.00", "No answer": "0.00"}])");
  dir.write("result_dirs/math-l5.summary.json",
            R"([{"Model": "a", "Mode": "greedy", "Acc": "50.00", "No answer": "0.00"},
                {"Model": "b", "Mode": "greedy", "Acc": "0.00", "No answer": "0.00"}])");
}

}  // namespace

TEST_CASE("data/zeroeval: imports both tasks, grades replies, keeps extraction failures and missing records apart", "[unit]") {
  TempDir dir;
  write_fixture(dir);
  const data::ZeroEvalImport result = data::import_zeroeval(dir.path());
  const data::Dataset& d = result.dataset;
  REQUIRE(d.models == std::vector<std::string>{"a", "b"});
  REQUIRE(d.n_questions() == 4);
  CHECK(d.questions[0].id == "crux-test-#0");
  CHECK(d.questions[2].id == "math-l5-0");
  CHECK(d.questions[0].category == "crux");
  CHECK(d.questions[0].source == "crux-str-straight");
  CHECK(d.questions[1].source == "crux-list-loop");
  CHECK(d.questions[2].source == "math-number-theory");
  CHECK(d.questions[3].source == "math-geometry");
  CHECK(d.questions[3].gold == "16");
  CHECK(d.score(0, 0) == 1.f);
  CHECK(d.score(1, 0) == 1.f);
  CHECK(d.score(0, 1) == 0.f);
  CHECK(d.score(3, 0) == 1.f);
  CHECK_FALSE(d.is_observed(3, 1));
  const auto& b = result.summary["per_model"][1];
  CHECK(b["crux"]["wrong"] == 1);
  CHECK(b["crux"]["no_answer"] == 1);
  CHECK(b["math-l5"]["missing_questions"] == 1);
  CHECK(b["math-l5"]["records"] == 1);
  const auto& a = result.summary["per_model"][0];
  CHECK(a["math-l5"]["accuracy"] == 100.0);
  CHECK(a["math-l5"]["difference_points"] == 50.0);
  CHECK(a["math-l5"]["extraction_methods"]["json"] == 2);
  CHECK(a["crux"]["disagreements_with_zeroeval_rule"]["checker_correct_rule_wrong"] == 1);  // "[1,2]" vs "[1, 2]"
  CHECK(result.summary["excluded_models"][0]["model"] == "c");
  CHECK(result.summary["agreement_with_official"]["math-l5"]["max_model"] == "a");
}

TEST_CASE("data/zeroeval: malformed inputs are clear errors naming the file, record and field", "[unit]") {
  TempDir empty;
  CHECK_THROWS_WITH(data::import_zeroeval(empty.path()), Contains("no ZeroEval outputs found") && Contains("missing crux/"));
  CHECK_THROWS_WITH(data::import_zeroeval(empty.file("absent")), Contains("not a directory"));
  {
    TempDir dir;
    write_fixture(dir);
    dir.write("result_dirs/math-l5.summary.json", R"([{"Model": "a", "Acc": "50.00", "No answer": "0.00"}])");
    CHECK_THROWS_WITH(data::import_zeroeval(dir.path()),
                      Contains("b.json.gz: model 'b' has no row in math-l5.summary.json"));
  }
  {
    TempDir dir;
    write_fixture(dir);
    dir.write("result_dirs/crux.summary.json", R"([{"Model": "a", "Acc": "n/a", "No answer": "0.00"}])");
    CHECK_THROWS_WITH(data::import_zeroeval(dir.path()),
                      Contains("crux.summary.json: row 0: Acc: not a number (expected a percentage like \"85.00\", got \"n/a\")"));
  }
  {
    TempDir dir;
    write_fixture(dir);
    write_gz(dir, "result_dirs/math-l5/b.json.gz", {{{"id", 0}, {"problem", "p"}, {"answer", 3}, {"output", {"x"}}}});
    CHECK_THROWS_WITH(data::import_zeroeval(dir.path()),
                      Contains("b.json.gz: record 0: answer: wrong type (expected a string"));
  }
  {
    TempDir dir;
    write_fixture(dir);
    write_gz(dir, "result_dirs/math-l5/b.json.gz",
             {reply(0, "problem", "p", "3", "x"), reply(0, "problem", "p", "3", "y")});
    CHECK_THROWS_WITH(data::import_zeroeval(dir.path()), Contains("b.json.gz: record 1: id: duplicated question id 'math-l5-0'"));
  }
  {
    TempDir dir;
    write_fixture(dir);
    write_gz(dir, "result_dirs/math-l5/b.json.gz", {{{"id", 0}, {"problem", "p"}, {"answer", "3"}, {"output", "x"}}});
    CHECK_THROWS_WITH(data::import_zeroeval(dir.path()),
                      Contains("b.json.gz: record 0: output: wrong type (expected an array of replies"));
  }
  {
    TempDir dir;
    write_fixture(dir);
    dir.write("result_dirs/math-l5/b.json.gz", "not gzip at all, just text");
    CHECK_THROWS_WITH(data::import_zeroeval(dir.path()), Contains("b.json.gz") && Contains("gzip"));
  }
}

TEST_CASE("data/zeroeval: importing the shared raw data reproduces the committed dataset byte for byte", "[unit]") {
  const std::string raw = std::string(MODELSAT_SOURCE_DIR) + "/../shared/data/ZeroEval";
  const std::string committed = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/zeroeval";
  if (!fs::is_directory(raw)) {
    WARN("skipped: " + raw + " is absent (the raw ZeroEval replies live outside the repository)");
    return;
  }
  TempDir dir;
  const data::ZeroEvalImport result = data::import_zeroeval(raw);
  data::save_dataset(result.dataset, dir.path(), {{"importer", "zeroeval"}, {"summary", result.summary}});
  for (const char* file : {data::kManifestFile, data::kQuestionsFile, data::kOutcomesFile}) {
    INFO(file);
    CHECK(modelsat::read_file(dir.file(file)) == modelsat::read_file(committed + "/" + file));
  }
  // ZeroEval's own rule, re-implemented, reproduces the published Acc: the extraction and the data are read right.
  for (const char* task : {"crux", "math-l5"}) {
    double sum = 0;
    for (const auto& model : result.summary["per_model"]) {
      const double gap = std::fabs(model[task]["zeroeval_rule_accuracy"].get<double>() - model[task]["official_acc"].get<double>());
      INFO(model["model"].get<std::string>() << " " << task << " gap " << gap);
      CHECK(gap <= 1.0);
      sum += gap;
    }
    CHECK(sum / 39.0 <= 0.5);
  }
}

TEST_CASE("data/zeroeval: the committed outcomes agree with ZeroEval's published accuracies", "[unit]") {
  const std::string dir = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/zeroeval";
  const data::Dataset d = data::load_dataset(dir, data::LoadOptions{false, false});
  REQUIRE(d.n_models() == 39);
  REQUIRE(d.n_questions() == 1521);
  const nlohmann::json expected = modelsat::parse_json(modelsat::read_file(dir + "/official-accuracy.json"), dir);
  REQUIRE(expected["models"].size() == 39);
  double sum[2] = {0, 0};
  for (size_t m = 0; m < d.n_models(); ++m) {
    double correct[2] = {0, 0}, records[2] = {0, 0};
    for (size_t q = 0; q < d.n_questions(); ++q) {
      if (!d.is_observed(q, m)) continue;
      const int t = d.questions[q].category == "crux" ? 0 : 1;
      correct[t] += d.score(q, m);
      records[t] += 1;
    }
    const auto& official = expected["models"].at(d.models[m]);
    const double crux = 100.0 * correct[0] / records[0] - official["crux"].get<double>();
    const double math = 100.0 * correct[1] / records[1] - official["math-l5"].get<double>();
    INFO(d.models[m] << ": crux " << crux << ", math-l5 " << math << " points from the official Acc");
    // MATH: within the issue's bound for every model.
    CHECK(std::fabs(math) <= 4.0);
    // CRUXEval: the documented exception. ZeroEval compares quote-stripped strings, so it misses answers that Python
    // calls equal ("[\"a\"]" vs "['a']", "[ 1,2 ]"); the checker may only find more correct answers, never fewer.
    CHECK(crux >= -1.0);
    CHECK(crux <= 6.0);
    sum[0] += std::fabs(crux);
    sum[1] += std::fabs(math);
  }
  CHECK(sum[1] / 39.0 <= 1.5);
  CHECK(sum[0] / 39.0 <= 3.5);
}
