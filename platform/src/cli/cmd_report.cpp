// `modelsat report <results-dir>`: (re)writes report.md, report.html and plots/*.svg from the folder's metrics.json.
#include <filesystem>
#include <ostream>

#include "arg_parser.h"
#include "commands.h"
#include "modelsat/error.h"
#include "modelsat/report/report.h"

namespace modelsat::cli {

int run_report_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat report",
                   "Write report.md, report.html and plots/*.svg from a results folder's metrics.json.");
  parser.positional("results-dir", "a results folder written by `modelsat run` (holds metrics.json)");
  parser.epilog("Exit status: 0 written, 1 missing or invalid metrics.json, 2 bad command line.");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string results_dir = parsed.positionals.at(0);
  const std::string metrics_path = results_dir + "/metrics.json";
  if (!std::filesystem::is_regular_file(metrics_path)) {
    const std::string found = std::filesystem::is_directory(results_dir) ? "a folder without it" : "no such folder";
    throw IoError(metrics_path +
                  ": cannot read: no metrics.json (expected a results folder written by `modelsat run`, got " + found +
                  ")");
  }
  const report::WrittenReports written = report::write_reports_for_results(results_dir);
  context.out() << "wrote " << written.markdown << "\nwrote " << written.html << "\n";
  for (const auto& plot : written.plots) context.out() << "wrote " << plot << "\n";
  return 0;
}

}  // namespace modelsat::cli
