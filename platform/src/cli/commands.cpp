// The subcommand table: an explicit list, so nothing depends on static registration order.
#include "commands.h"

namespace modelsat::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "run an experiment manifest (or --check it); resumable, shardable", &run_run_command},
      {"merge", "combine the results folders of a sharded run and write its metrics and reports", &run_merge_command},
      {"train", "fit one router of a manifest and write a router checkpoint folder", &run_train_command},
      {"route", "route instructions with a router checkpoint: per-model scores and the choice", &run_route_command},
      {"onboard", "add a model to a router checkpoint's zoo from its aptitude results only (no retraining)",
       &run_onboard_command},
      {"export", "write a router checkpoint as an int8 .msq file for the wasm runtime (+ example questions)",
       &run_export_command},
      {"plugins", "list the loaded encoder, backbone and router components", &run_plugins_command},
      {"data", "routing datasets: import (MMLU-Pro, JSONL, CSV), info, check, split, zoos, synthetic", &run_data_command},
      {"aptitude", "the Model-SAT aptitude test: build it, score a model on it", &run_aptitude_command},
      {"report", "write report.md, report.html and plots/*.svg from a results folder's metrics.json", &run_report_command},
      {"serve", "serve the routing page and a JSON routing API for an exported int8 model (loopback by default)",
       &run_serve_command},
  };
  return table;
}

}  // namespace modelsat::cli
