// modelsat_bench_training: Model-SAT's training throughput in capability instructions per second, measured as the
// difference between fits with G and 2G groups per epoch (so tokenizer training, encoding and validation cancel out).
// Not a test: run it by hand (README "Performance").
#include "modelsat/component_registry.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/manifest.h"
#include "modelsat/experiment/router_fitting.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/// Capability instructions one training example (one group) sends through the backbone with a loss, and the epochs
/// that run over groups_per_epoch examples, from the router's resolved config.
struct TrainingShape {
  int64_t instructions_per_group = 0;
  int64_t epochs = 0;
};

TrainingShape training_shape(const nlohmann::json& config) {
  TrainingShape shape;
  if (config.at("group_weight").get<double>() > 0) {
    shape.instructions_per_group += config.at("group_size").get<int64_t>();
  }
  if (config.at("pointwise_weight").get<double>() > 0) {
    shape.instructions_per_group += config.at("pointwise_pairs").get<int64_t>();
  }
  if (config.at("stage1").get<bool>()) shape.epochs += config.at("stage1_training").at("epochs").get<int64_t>();
  shape.epochs += config.at("stage2_training").at("epochs").get<int64_t>();
  return shape;
}

int64_t parse_count(const char* text, const char* what) {
  try {
    size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used == std::string(text).size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(std::string(what) + ": not a count (expected a positive integer, got \"" + text + "\")");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 6) {
    std::fprintf(stderr,
                 "usage: modelsat_bench_training MANIFEST ROUTER_ID [GROUPS] [REPEATS] [THREADS]\n"
                 "  Fits the manifest's Model-SAT router (ROUTER_ID) with GROUPS (default 200) and 2 x GROUPS groups\n"
                 "  per epoch, REPEATS times each (default 3), on THREADS threads (default: the manifest's), and prints\n"
                 "  the median fit times and the throughput of the difference in capability instructions per second.\n");
    return 2;
  }
  try {
    modelsat::ComponentRegistry registry;
    modelsat::PluginSearchOptions options;
    options.use_environment = false;
    modelsat::load_plugins(registry, options);
    modelsat::experiment::Manifest manifest = modelsat::experiment::load_manifest(argv[1]);
    modelsat::experiment::check_components(manifest, registry);
    const std::string router_id = argv[2];
    const int64_t groups = argc > 3 ? parse_count(argv[3], "GROUPS") : 200;
    const int64_t repeats = argc > 4 ? parse_count(argv[4], "REPEATS") : 3;
    const int64_t threads = argc > 5 ? parse_count(argv[5], "THREADS") : manifest.threads;
    size_t index = manifest.routers.size();
    std::string model_sat_ids;
    for (size_t i = 0; i < manifest.routers.size(); ++i) {
      if (manifest.routers[i].router.name != "model_sat") continue;
      model_sat_ids += (model_sat_ids.empty() ? "" : ", ") + manifest.routers[i].id;
      if (manifest.routers[i].id == router_id) index = i;
    }
    if (index == manifest.routers.size()) {
      throw std::invalid_argument(std::string(argv[1]) + ": ROUTER_ID: no model_sat router with this id (expected " +
                                  (model_sat_ids.empty() ? std::string("a manifest with a model_sat router")
                                                         : "one of " + model_sat_ids) +
                                  ", got \"" + router_id + "\")");
    }
    const TrainingShape shape = training_shape(manifest.resolved.at("routers").at(index).at("config"));
    at::set_num_threads(static_cast<int>(threads));

    const std::filesystem::path scratch = std::filesystem::temp_directory_path() / "modelsat_bench_training";
    std::filesystem::remove_all(scratch);
    const modelsat::experiment::ExperimentData data = modelsat::experiment::load_experiment_data(manifest);
    const modelsat::experiment::Encoded encoded =
        modelsat::experiment::encode_rows(manifest, registry, data, (scratch / "cache").string());
    std::vector<double> small_fits, large_fits;
    for (int64_t r = 0; r < repeats; ++r) {
      for (const int64_t per_epoch : {groups, 2 * groups}) {
        modelsat::experiment::RouterEntry entry = manifest.routers[index];
        entry.router.config["groups_per_epoch"] = per_epoch;
        const std::filesystem::path work = scratch / ("fit-" + std::to_string(r) + "-" + std::to_string(per_epoch));
        const auto fitted = modelsat::experiment::fit_router(manifest, registry, data, encoded, entry,
                                                             manifest.seeds.front(), work.string());
        (per_epoch == groups ? small_fits : large_fits).push_back(fitted.fit_seconds);
        std::filesystem::remove_all(work);
      }
    }
    std::filesystem::remove_all(scratch);
    const double small = median(small_fits), large = median(large_fits);
    const double extra_instructions = static_cast<double>(groups * shape.instructions_per_group * shape.epochs);
    std::cout << "Model-SAT training throughput, " << manifest.path << " router " << router_id << ", " << threads
              << " thread(s), " << data.train_rows.size() << " training questions x " << data.seen_columns.size()
              << " models\n"
              << "  " << shape.instructions_per_group << " capability instructions per group, " << shape.epochs
              << " epochs over the groups (stage 1 + stage 2)\n"
              << "  median fit: " << small << " s with " << groups << " groups/epoch, " << large << " s with "
              << 2 * groups << " (" << repeats << " fits each)\n"
              << "  throughput of the difference: " << extra_instructions / (large - small)
              << " capability instructions/s (" << extra_instructions << " instructions in " << large - small
              << " s)\n"
              << "  whole fit at " << 2 * groups << " groups/epoch: "
              << 2.0 * extra_instructions / large << " capability instructions/s including fixed costs\n";
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "modelsat_bench_training: %s\n", error.what());
    return 1;
  }
}
