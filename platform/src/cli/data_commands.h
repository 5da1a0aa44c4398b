// The `modelsat data` subcommands that live outside cmd_data.cpp (the importers, in cmd_data_import.cpp).
#pragma once

#include "cli_context.h"

#include <string>
#include <vector>

namespace modelsat::cli {

/// `modelsat data import-mmlu-pro DIR --out DATASET_DIR [--json]`; returns the exit code.
int data_import_mmlu_pro_command(CliContext& context, const std::vector<std::string>& args);
/// `modelsat data import-zeroeval DIR --out DATASET_DIR [--json]`; returns the exit code.
int data_import_zeroeval_command(CliContext& context, const std::vector<std::string>& args);
/// `modelsat data import-jsonl FILE --out DATASET_DIR [--csv] [--name N] [--models a,b]`; returns the exit code.
int data_import_table_command(CliContext& context, const std::vector<std::string>& args);

}  // namespace modelsat::cli
