// Every baseline trains and scores on the real MMLU-Pro split (CI-sized manifest experiments/mmlu-pro/baselines-ci.json).
#include "run_command.h"
#include "temp_dir.h"

#include "modelsat/json_util.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

TEST_CASE("mmlu-pro: every baseline fits and routes on the real split", "[e2e]") {
  modelsat::test::TempDir dir;
  const std::string manifest = std::string(MODELSAT_SOURCE_DIR) + "/experiments/mmlu-pro/baselines-ci.json";
  const auto result = modelsat::test::run_modelsat("--log-level warn run '" + manifest + "' --out '" + dir.file("r") + "'");
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const nlohmann::json metrics = modelsat::read_json_file(dir.file("r/metrics.json"));
  const double random = metrics.at("zoo").at("random").get<double>();
  const double oracle = metrics.at("zoo").at("oracle").get<double>();
  const double best = metrics.at("zoo").at("best_single").at("accuracy").get<double>();
  CHECK(metrics.at("routers").size() == 13);
  for (const auto& item : metrics.at("routers").items()) {
    INFO(item.key());
    const double accuracy = item.value().at("accuracy").at("mean").get<double>();
    CHECK(accuracy <= oracle + 1e-12);
    if (item.key() == "random") {
      CHECK(accuracy == Approx(random).margin(0.03));
    } else if (item.key() != "oracle") {
      // Learned routers must be far above chance on real data; the headroom over best single is about a point.
      CHECK(accuracy > random + 0.05);
      CHECK(accuracy > best - 0.05);
    }
  }
  CHECK(metrics.at("routers").at("oracle").at("accuracy").at("mean").get<double>() == Approx(oracle));
}
