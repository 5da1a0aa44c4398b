// Results reports: turns a metrics.json (schema: experiments/METRICS.md) into report.md, report.html and plots/*.svg.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace modelsat::report {

/// The files one write_reports call wrote (paths are out_dir joined with the file names below).
struct WrittenReports {
  std::string markdown;  ///< out_dir/report.md: GitHub-flavoured tables, references the plots by relative path
  std::string html;      ///< out_dir/report.html: self-contained (inline CSS and SVG, no scripts, no network)
  std::vector<std::string> plots;  ///< out_dir/plots/<name>.svg in report order; only the plots the metrics support
};

/// Writes report.md, report.html and plots/*.svg into out_dir (created when missing); every file is written atomically
/// with write_file_atomic. metrics_path only names the source in messages. Nothing is written when the metrics are
/// invalid. Throws DataError "<metrics_path>#/<pointer>: <what> (expected X, got Y)" when a required field is missing
/// or a field has the wrong type, and IoError when a file cannot be written.
WrittenReports write_reports(const nlohmann::json& metrics, const std::string& metrics_path,
                             const std::string& out_dir);

/// Reads <results_dir>/metrics.json and (re)writes the reports beside it. Throws IoError when metrics.json is missing
/// or unreadable, ConfigError when it is not valid JSON, and whatever write_reports throws.
WrittenReports write_reports_for_results(const std::string& results_dir);

}  // namespace modelsat::report
