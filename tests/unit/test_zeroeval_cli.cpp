// The ZeroEval CLI: `data info` on the committed dataset, `data import-zeroeval` and `data aptitude-fit` errors.
#include "run_command.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using modelsat::test::run_modelsat;

namespace {

const std::string kDataset = std::string(MODELSAT_SOURCE_DIR) + "/experiments/data/zeroeval";

}  // namespace

TEST_CASE("cli zeroeval: data info reports 39 models and 1,521 questions in two categories", "[unit]") {
  const auto result = run_modelsat("data info '" + kDataset + "' --json");
  REQUIRE(result.exit_code == 0);
  const nlohmann::json info = nlohmann::json::parse(result.out);
  CHECK(info["models"] == 39);
  CHECK(info["questions"] == 1521);
  CHECK(info["categories"]["crux"] == 800);
  CHECK(info["categories"]["math-l5"] == 721);
}

TEST_CASE("cli zeroeval: import-zeroeval and aptitude-fit errors name what is wrong", "[unit]") {
  const auto no_out = run_modelsat("data import-zeroeval /nonexistent");
  CHECK(no_out.exit_code == 2);
  CHECK_THAT(no_out.err, Contains("missing --out DATASET_DIR"));
  const auto missing = run_modelsat("data import-zeroeval /nonexistent/zeroeval --out /tmp/never-written");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains("/nonexistent/zeroeval: cannot read: not a directory"));
  const auto no_split = run_modelsat("data aptitude-fit '" + kDataset + "'");
  CHECK(no_split.exit_code == 2);
  CHECK_THAT(no_split.err, Contains("missing --aptitude FILE or --split FILE"));
  const std::string args = "data aptitude-fit '" + kDataset + "' --aptitude '" + kDataset +
                           "/aptitude/aptitude-t12-s10.json' --split '" + kDataset + "/splits/id-seed1.json'";
  const auto bad_part = run_modelsat(args + " --part all");
  CHECK(bad_part.exit_code == 2);
  CHECK_THAT(bad_part.err, Contains("--part: unknown part (expected train, val or test, got 'all')"));
  const auto fit = run_modelsat(args + " --zoo small");
  REQUIRE(fit.exit_code == 0);
  CHECK_THAT(fit.out, Contains("10 models, 280 test questions: Pearson"));
}
