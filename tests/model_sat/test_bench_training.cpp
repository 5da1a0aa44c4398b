// [model_sat] modelsat_bench_training's usage and argument errors (the benchmark itself is run by hand: README).
#include "run_command.h"

#include <catch2/catch.hpp>

#include <string>

namespace {

modelsat::test::CommandResult bench(const std::string& args) {
  return modelsat::test::run_command("MODELSAT_PLUGIN_PATH= '" + std::string(MODELSAT_BENCH_TRAINING_PATH) + "' " +
                                     args);
}

const std::string kQuickstart = std::string(MODELSAT_SOURCE_DIR) + "/experiments/quickstart.json";

}  // namespace

TEST_CASE("modelsat_bench_training: usage and bad arguments get clear messages", "[model_sat]") {
  auto result = bench("");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err,
             Catch::Contains("usage: modelsat_bench_training MANIFEST ROUTER_ID [GROUPS] [REPEATS] [THREADS]"));

  result = bench("'" + kQuickstart + "' knn");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("modelsat_bench_training: " + kQuickstart +
                                         ": ROUTER_ID: no model_sat router with this id (expected one of model_sat, "
                                         "got \"knn\")"));

  result = bench("'" + kQuickstart + "' model_sat many");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("modelsat_bench_training: GROUPS: not a count (expected a positive integer, "
                                         "got \"many\")"));
  result = bench("'" + kQuickstart + "' model_sat 10 0");
  CHECK_THAT(result.err, Catch::Contains("REPEATS: not a count (expected a positive integer, got \"0\")"));

  result = bench("/nonexistent/manifest.json model_sat");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err,
             Catch::Contains("modelsat_bench_training: /nonexistent/manifest.json: cannot read: file does not exist"));
}
