// The results folder's own files: resolved.json (a re-runnable manifest) and the reports.
#pragma once

#include "modelsat/experiment/manifest.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::experiment {

/// The resolved manifest as stored in a results folder: defaults filled, data paths rewritten relative to the folder
/// (so `modelsat run <folder>/resolved.json --out NEW` reproduces the run from the folder alone), output cleared.
nlohmann::json resolved_for_folder(const Manifest& manifest, const std::string& out_dir);

/// A stored resolved.json with its data paths made absolute, for comparing folders at different places.
nlohmann::json comparable_resolved(const std::string& resolved_path);

/// Creates out_dir and writes resolved.json. An existing folder with a resolved.json is an error unless resume is
/// set, and then its manifest must equal this one (ConfigError naming the folder otherwise). The stored manifest is
/// resolved again against the registry's schemas first, so a config key a plugin gained since, at its default, does
/// not make an unchanged manifest look different.
void prepare_results_folder(const Manifest& manifest, const std::string& out_dir, bool resume,
                            const ComponentRegistry& registry);

/// Writes report.md, report.html and plots/ beside metrics; returns the HTML report's path.
std::string write_results_reports(const nlohmann::json& metrics, const std::string& metrics_path,
                                  const std::string& out_dir);

}  // namespace modelsat::experiment
