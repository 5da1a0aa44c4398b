// The experiment runner: folder checks, encoder + embedding cache, router x seed jobs (sharded, resumable), metrics.
#include "modelsat/experiment/runner.h"

#include "modelsat/atomic_file.h"
#include "modelsat/component_handles.h"
#include "modelsat/error.h"
#include "modelsat/experiment/evaluate.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/job_files.h"
#include "modelsat/experiment/provenance.h"
#include "modelsat/experiment/results_folder.h"
#include "modelsat/experiment/router_fitting.h"
#include "modelsat/experiment/routing_sets.h"
#include "modelsat/json_util.h"
#include "modelsat/log.h"
#include "modelsat/progress.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>

namespace modelsat::experiment {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct Job {
  size_t router;  ///< index into manifest.routers
  uint64_t seed;
};

std::vector<Job> all_jobs(const Manifest& manifest) {
  std::vector<Job> jobs;
  for (size_t r = 0; r < manifest.routers.size(); ++r) {
    for (uint64_t seed : manifest.seeds) jobs.push_back({r, seed});
  }
  return jobs;
}

eval::Matrix to_matrix(const at::Tensor& scores) {
  const at::Tensor cpu = scores.to(at::kCPU).to(at::kFloat).contiguous();
  eval::Matrix out(static_cast<size_t>(cpu.size(0)), static_cast<size_t>(cpu.size(1)));
  std::copy(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel(), out.values.begin());
  return out;
}

/// Places the columns of scores at `columns` of an n_models-wide matrix; the other columns get min(scores) - 1.
eval::Matrix widen_to_zoo(const eval::Matrix& scores, const std::vector<size_t>& columns, size_t n_models) {
  if (columns.size() == n_models) return scores;
  float floor = 0.0F;
  if (!scores.values.empty()) floor = *std::min_element(scores.values.begin(), scores.values.end());
  eval::Matrix out(scores.rows, n_models, floor - 1.0F);
  for (size_t r = 0; r < scores.rows; ++r) {
    for (size_t c = 0; c < columns.size(); ++c) out.at(r, columns[c]) = scores.at(r, c);
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void run_job(const Manifest& manifest, const ComponentRegistry& registry, const ExperimentData& data,
             const Encoded& encoded, const Job& job, const std::string& out_dir) {
  const RouterEntry& entry = manifest.routers[job.router];
  const std::string dir = job_dir(out_dir, entry.id, job.seed);
  const FittedRouter fitted = fit_router(manifest, registry, data, encoded, entry, job.seed, dir + "/work");
  write_router_checkpoint(dir + "/checkpoint", checkpoint_record(manifest, data, entry, job.seed), *fitted.router,
                          encoded.encoder.get());
  const RouterCaps& caps = fitted.caps;
  const Disclosure disclosure{caps.sees_gold, caps.sees_candidate_answers};
  std::vector<size_t> all_columns(data.dataset.n_models());
  for (size_t m = 0; m < all_columns.size(); ++m) all_columns[m] = m;

  // A router that cannot represent a model from its aptitude vector scores only the models it was trained on; the
  // unseen ones get a score below every other, so it never routes to them.
  const std::vector<size_t>& scored_columns = caps.uses_aptitude ? all_columns : data.seen_columns;
  const CandidateSet candidates = make_candidates(data, scored_columns);
  auto score_rows = [&](const std::vector<size_t>& rows) {
    return widen_to_zoo(to_matrix(fitted.router->score(
                            make_queries(data, rows, encoded.embeddings, scored_columns, disclosure), candidates)),
                        scored_columns, all_columns.size());
  };
  const auto start = std::chrono::steady_clock::now();
  const eval::Matrix test_scores = score_rows(data.test_rows);
  const double score_seconds = seconds_since(start);
  write_score_matrix(dir + "/scores_test.f32", test_scores);
  if (manifest.threshold) write_score_matrix(dir + "/scores_val.f32", score_rows(data.val_rows));
  write_job_record(dir, {{"router", entry.id},
                         {"plugin", entry.router.name},
                         {"seed", job.seed},
                         {"caps", {{"needs_embeddings", caps.needs_embeddings}, {"uses_aptitude", caps.uses_aptitude},
                                   {"sees_candidate_answers", caps.sees_candidate_answers}, {"sees_gold", caps.sees_gold}}},
                         {"n_test", test_scores.rows},
                         {"n_models", test_scores.cols},
                         {"models", data.dataset.models},
                         {"fit_seconds", fitted.fit_seconds},
                         {"score_seconds", score_seconds}});
}

void check_device(const Manifest& manifest) {
  if (manifest.device.rfind("cuda", 0) == 0 && !torch::cuda::is_available()) {
    throw ConfigError(manifest.path + "#/device: cuda requested but this libtorch has no usable CUDA device (expected "
                                      "a CUDA build of libtorch and a GPU, got none); use \"cpu\"");
  }
}

RunSummary finish(const Manifest& manifest, const ExperimentData& data, const std::string& out_dir, RunSummary summary) {
  const json metrics = compute_metrics(manifest, data, out_dir);
  summary.metrics_path = out_dir + "/metrics.json";
  write_file_atomic(summary.metrics_path, metrics.dump(2) + "\n");
  summary.report_path = write_results_reports(metrics, summary.metrics_path, out_dir);
  return summary;
}

}  // namespace

std::pair<size_t, size_t> parse_shard(const std::string& text) {
  static const std::regex pattern("([0-9]+)/([0-9]+)");
  std::smatch match;
  if (std::regex_match(text, match, pattern)) {
    const size_t index = std::stoul(match[1]);
    const size_t count = std::stoul(match[2]);
    if (count > 0 && index < count) return {index, count};
  }
  throw UsageError("modelsat run: --shard: invalid shard (expected i/N with 0 <= i < N, got \"" + text + "\")");
}

RunSummary run_experiment(const Manifest& manifest, const ComponentRegistry& registry, const RunOptions& options) {
  check_device(manifest);
  at::set_num_threads(manifest.threads);
  const std::string out_dir = options.output_dir.empty() ? manifest.output_dir : options.output_dir;
  prepare_results_folder(manifest, out_dir, options.resume, registry);
  const ExperimentData data = load_experiment_data(manifest);
  write_file_atomic(out_dir + "/provenance.json",
                    collect_provenance(registry, options.git_commit, manifest.device, manifest.threads).dump(2) + "\n");

  const Encoded encoded = encode_rows(manifest, registry, data, out_dir + "/cache");
  RunSummary summary;
  summary.output_dir = out_dir;
  const std::vector<Job> jobs = all_jobs(manifest);
  std::vector<Job> mine;
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (i % options.shard_count == options.shard_index) mine.push_back(jobs[i]);
  }
  summary.jobs_total = mine.size();
  ProgressBar progress("jobs", static_cast<int64_t>(mine.size()));
  for (const Job& job : mine) {
    const RouterEntry& entry = manifest.routers[job.router];
    if (job_finished(job_dir(out_dir, entry.id, job.seed))) {
      ++summary.jobs_skipped;
    } else {
      log_info("run", entry.id + " seed " + std::to_string(job.seed));
      run_job(manifest, registry, data, encoded, job, out_dir);
      ++summary.jobs_run;
    }
    progress.advance();
  }
  progress.finish();
  if (options.shard_count > 1) return summary;
  return finish(manifest, data, out_dir, summary);
}

RunSummary merge_shards(const std::vector<std::string>& shard_dirs, const std::string& output_dir,
                        const ComponentRegistry& registry) {
  if (shard_dirs.empty()) throw UsageError("modelsat merge: no shard folders given (expected at least one, got none)");
  const std::string manifest_path = output_dir + "/resolved.json";
  fs::create_directories(output_dir);
  const json first = comparable_resolved(shard_dirs.front() + "/resolved.json");
  for (const auto& shard : shard_dirs) {
    if (comparable_resolved(shard + "/resolved.json") != first) {
      throw ConfigError(shard + "/resolved.json: shards ran different manifests (expected the same resolved manifest "
                                "as '" + shard_dirs.front() + "')");
    }
  }
  if (!fs::exists(manifest_path) || comparable_resolved(manifest_path) != first) {
    Manifest shard_manifest = load_manifest(shard_dirs.front() + "/resolved.json");
    write_file_atomic(manifest_path, resolved_for_folder(shard_manifest, output_dir).dump(2) + "\n");
  }
  for (const auto& shard : shard_dirs) {
    if (fs::equivalent(shard, output_dir)) continue;
    if (fs::exists(shard + "/jobs")) {
      fs::copy(shard + "/jobs", output_dir + "/jobs", fs::copy_options::recursive | fs::copy_options::skip_existing);
    }
    if (!fs::exists(output_dir + "/provenance.json") && fs::exists(shard + "/provenance.json")) {
      fs::copy_file(shard + "/provenance.json", output_dir + "/provenance.json");
    }
  }
  Manifest manifest = load_manifest(manifest_path);
  check_components(manifest, registry);
  const ExperimentData data = load_experiment_data(manifest);
  RunSummary summary;
  summary.output_dir = output_dir;
  summary.jobs_total = all_jobs(manifest).size();
  return finish(manifest, data, output_dir, summary);
}

}  // namespace modelsat::experiment
