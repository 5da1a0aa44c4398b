// `modelsat train`: fits one router of an experiment manifest and writes a router checkpoint folder.
#include "arg_parser.h"
#include "commands.h"

#include "modelsat/error.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/router_fitting.h"

#include <ATen/Parallel.h>

#include <filesystem>
#include <ostream>

namespace modelsat::cli {
namespace {

const experiment::RouterEntry& pick_router(const experiment::Manifest& manifest, const std::string& id) {
  if (id.empty()) {
    if (manifest.routers.size() == 1) return manifest.routers.front();
    std::string ids;
    for (const auto& entry : manifest.routers) ids += (ids.empty() ? "" : ", ") + entry.id;
    throw UsageError("modelsat train: " + manifest.path + " has " + std::to_string(manifest.routers.size()) +
                     " routers: name one with --router (expected one of " + ids + ", got none)");
  }
  for (const auto& entry : manifest.routers) {
    if (entry.id == id) return entry;
  }
  std::string ids;
  for (const auto& entry : manifest.routers) ids += (ids.empty() ? "" : ", ") + entry.id;
  throw UsageError("modelsat train: --router: no router with this id in " + manifest.path + " (expected one of " + ids +
                   ", got \"" + id + "\")");
}

uint64_t pick_seed(const experiment::Manifest& manifest, const std::string& text) {
  if (text.empty()) return manifest.seeds.front();
  try {
    size_t used = 0;
    const unsigned long long seed = std::stoull(text, &used);
    if (used == text.size() && text.front() != '-') return seed;
  } catch (const std::exception&) {
  }
  throw UsageError("modelsat train: --seed: not a seed (expected a non-negative integer, got \"" + text + "\")");
}

}  // namespace

int run_train_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat train", "Fit one router of an experiment manifest on its training split (early stopping "
                                     "on its validation split) and write a router checkpoint folder.");
  parser.positional("MANIFEST", "the experiment manifest that names the data, the zoo and the router")
      .option("--router", "ID", "which router of the manifest (default: the only one)")
      .option("--seed", "N", "the seed (default: the manifest's first seed)")
      .option("--out", "DIR", "the checkpoint folder to write (must not hold a checkpoint yet)")
      .epilog("The folder gets router.json (configs, zoo, aptitude results, data paths, checksums) and router.state;\n"
              "use it with `modelsat route`, `modelsat onboard` and `modelsat export`.\n\nexample:\n"
              "  modelsat train experiments/quickstart.json --router model_sat --out ckpt/model_sat");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  if (!parsed.flag("--out")) {
    throw UsageError("modelsat train: missing --out DIR (expected the checkpoint folder, got none); see 'modelsat train --help'");
  }
  const std::string out = parsed.value("--out");
  if (std::filesystem::exists(out + "/router.json")) {
    throw UsageError("modelsat train: --out: " + out + " already holds a checkpoint (expected a new or empty folder, "
                     "got one with router.json); remove it or pick another folder");
  }
  experiment::Manifest manifest = experiment::load_manifest(parsed.positionals.front());
  experiment::check_components(manifest, context.registry());
  const experiment::RouterEntry& entry = pick_router(manifest, parsed.value("--router"));
  const uint64_t seed = pick_seed(manifest, parsed.value("--seed"));
  at::set_num_threads(manifest.threads);
  const experiment::ExperimentData data = experiment::load_experiment_data(manifest);
  const experiment::Encoded encoded = experiment::encode_rows(manifest, context.registry(), data, out + "/cache");
  const experiment::FittedRouter fitted =
      experiment::fit_router(manifest, context.registry(), data, encoded, entry, seed, out + "/work");
  experiment::write_router_checkpoint(out, experiment::checkpoint_record(manifest, data, entry, seed), *fitted.router,
                                      encoded.encoder.get());
  context.out() << "trained " << entry.id << " (seed " << seed << ") on " << data.train_rows.size()
                << " questions x " << data.seen_columns.size() << " models in " << fitted.fit_seconds
                << " s\ncheckpoint: " << out << "\n";
  return 0;
}

}  // namespace modelsat::cli
