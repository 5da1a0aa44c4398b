// Computes metrics.json (schema: experiments/METRICS.md) from the finished jobs of a results folder.
#pragma once

#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/manifest.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::experiment {

/// Reads every router x seed job of results_dir and evaluates it on the test split with the manifest's policies.
/// Deterministic: the same jobs give byte-identical metrics (timings aside, which live under "timing" keys).
/// Throws DataError naming a missing or malformed job file.
nlohmann::json compute_metrics(const Manifest& manifest, const ExperimentData& data, const std::string& results_dir);

}  // namespace modelsat::experiment
