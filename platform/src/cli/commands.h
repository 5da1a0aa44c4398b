// The table of `modelsat` subcommands; each lives in its own cmd_<name>.cpp.
#pragma once

#include "cli_context.h"

#include <string>
#include <vector>

namespace modelsat::cli {

/// A subcommand: args are what follows its name (global options already removed). Returns the exit status
/// (0 success); throws UsageError (exit 2) or another modelsat::Error (exit 1).
struct Command {
  const char* name;
  const char* summary;
  int (*run)(CliContext& context, const std::vector<std::string>& args);
};

/// Every subcommand, in the order `modelsat --help` lists them.
const std::vector<Command>& commands();

int run_plugins_command(CliContext& context, const std::vector<std::string>& args);
int run_data_command(CliContext& context, const std::vector<std::string>& args);
int run_aptitude_command(CliContext& context, const std::vector<std::string>& args);
int run_report_command(CliContext& context, const std::vector<std::string>& args);
int run_serve_command(CliContext& context, const std::vector<std::string>& args);
int run_run_command(CliContext& context, const std::vector<std::string>& args);
int run_merge_command(CliContext& context, const std::vector<std::string>& args);
int run_train_command(CliContext& context, const std::vector<std::string>& args);
int run_route_command(CliContext& context, const std::vector<std::string>& args);
int run_onboard_command(CliContext& context, const std::vector<std::string>& args);
int run_export_command(CliContext& context, const std::vector<std::string>& args);

}  // namespace modelsat::cli
