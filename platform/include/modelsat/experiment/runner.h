// Runs an experiment: every router x seed job (optionally one shard of them), resumable, then metrics and reports.
#pragma once

#include "modelsat/component_registry.h"
#include "modelsat/experiment/manifest.h"

#include <string>
#include <vector>

namespace modelsat::experiment {

struct RunOptions {
  std::string output_dir;   ///< overrides the manifest's output folder when non-empty
  bool resume = false;      ///< continue a run whose folder exists (same resolved manifest); skip finished jobs
  size_t shard_index = 0;   ///< run only jobs with index % shard_count == shard_index
  size_t shard_count = 1;
  std::string git_commit;   ///< recorded in provenance.json
};

struct RunSummary {
  std::string output_dir;
  size_t jobs_total = 0;    ///< jobs of this shard
  size_t jobs_run = 0;
  size_t jobs_skipped = 0;  ///< already finished (resume)
  std::string metrics_path; ///< "" when this was one shard of several (merge writes the metrics)
  std::string report_path;  ///< the HTML report, or ""
};

/// Parses "i/N" with 0 <= i < N. Throws UsageError "--shard: ... (expected i/N with 0 <= i < N, got X)".
std::pair<size_t, size_t> parse_shard(const std::string& text);

/// Runs manifest (already through check_components). Results folder layout: experiments/README.md.
/// Throws ConfigError when the folder exists without --resume, or holds another manifest; PluginError from routers.
RunSummary run_experiment(const Manifest& manifest, const ComponentRegistry& registry, const RunOptions& options);

/// Copies the jobs of shard folders into output_dir (which may be one of them), checks that every shard ran the same
/// resolved manifest and that no job is missing, then writes metrics and reports.
RunSummary merge_shards(const std::vector<std::string>& shard_dirs, const std::string& output_dir,
                        const ComponentRegistry& registry);

}  // namespace modelsat::experiment
