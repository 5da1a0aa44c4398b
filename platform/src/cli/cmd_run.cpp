// `modelsat run` and `modelsat merge`: run an experiment manifest (check only, resume, shard) and merge shards.
#include "arg_parser.h"
#include "commands.h"

#include "modelsat/error.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/runner.h"
#include "modelsat_git_commit.h"

#include <ostream>

namespace modelsat::cli {

int run_run_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat run", "Run an experiment manifest: fit and score every router x seed, then write "
                                   "metrics.json and the reports into the results folder.");
  parser.positional("MANIFEST", "the experiment manifest (JSON; schema in experiments/README.md)")
      .flag("--check", "validate the manifest, its plugins, configs and data files without running anything")
      .option("--out", "DIR", "results folder (default: the manifest's \"output\", or results/<name> beside it)")
      .flag("--resume", "continue an interrupted run in its results folder; finished jobs are kept")
      .option("--shard", "i/N", "run only jobs i, i+N, i+2N, ... (0-based); combine shards with `modelsat merge`")
      .epilog("examples:\n  modelsat run experiments/quickstart.json\n  modelsat run --check experiments/quickstart.json\n"
              "  modelsat run M.json --out out/s0 --shard 0/2 && modelsat run M.json --out out/s1 --shard 1/2\n"
              "  modelsat merge --out out/all out/s0 out/s1");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  experiment::RunOptions options;
  options.output_dir = parsed.value("--out");
  options.resume = parsed.flag("--resume");
  options.git_commit = MODELSAT_GIT_COMMIT;
  if (parsed.flag("--shard")) std::tie(options.shard_index, options.shard_count) = experiment::parse_shard(parsed.value("--shard"));

  experiment::Manifest manifest = experiment::load_manifest(parsed.positionals.front());
  experiment::check_components(manifest, context.registry());
  if (parsed.flag("--check")) {
    const experiment::ExperimentData data = experiment::load_experiment_data(manifest);
    context.out() << manifest.path << ": ok: " << manifest.routers.size() << " routers x " << manifest.seeds.size()
                  << " seeds = " << manifest.routers.size() * manifest.seeds.size() << " jobs; "
                  << data.dataset.n_models() << " models; " << data.train_rows.size() << " train, "
                  << data.val_rows.size() << " val, " << data.test_rows.size() << " test questions\n";
    return 0;
  }
  const experiment::RunSummary summary = experiment::run_experiment(manifest, context.registry(), options);
  context.out() << "jobs: " << summary.jobs_run << " run, " << summary.jobs_skipped << " already finished, of "
                << summary.jobs_total << "\n";
  if (summary.metrics_path.empty()) {
    context.out() << "shard " << options.shard_index << "/" << options.shard_count << " done in " << summary.output_dir
                  << "; combine the shards with `modelsat merge --out DIR SHARD_DIR...`\n";
  } else {
    context.out() << "metrics: " << summary.metrics_path << "\nreport: " << summary.report_path << "\n";
  }
  return 0;
}

int run_merge_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat merge", "Combine the results folders of `modelsat run --shard` into one and write its "
                                     "metrics and reports.");
  parser.option("--out", "DIR", "the merged results folder (may be one of the shards)")
      .variadic_positional("SHARD_DIR", "the results folder of every shard");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  if (!parsed.flag("--out")) throw UsageError("modelsat merge: missing --out DIR (expected the merged folder, got none); see 'modelsat merge --help'");
  const experiment::RunSummary summary =
      experiment::merge_shards(parsed.positionals, parsed.value("--out"), context.registry());
  context.out() << "merged " << parsed.positionals.size() << " shards, " << summary.jobs_total << " jobs\nmetrics: "
                << summary.metrics_path << "\nreport: " << summary.report_path << "\n";
  return 0;
}

}  // namespace modelsat::cli
