// Results folder set-up (resolved.json, resume checks) and report writing.
#include "modelsat/experiment/results_folder.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"
#include "modelsat/report/report.h"

#include <filesystem>

namespace modelsat::experiment {
namespace {
namespace fs = std::filesystem;
constexpr const char* kPathKeys[] = {"dataset", "split", "aptitude"};
}  // namespace

nlohmann::json resolved_for_folder(const Manifest& manifest, const std::string& out_dir) {
  nlohmann::json resolved = manifest.resolved;
  const fs::path folder = fs::absolute(out_dir).lexically_normal();
  const std::string absolute[] = {manifest.dataset_dir, manifest.split_file, manifest.aptitude_file};
  for (size_t i = 0; i < 3; ++i) {
    resolved[kPathKeys[i]] =
        absolute[i].empty() ? "" : fs::absolute(absolute[i]).lexically_normal().lexically_relative(folder).string();
  }
  resolved["output"] = "";
  return resolved;
}

nlohmann::json comparable_resolved(const std::string& resolved_path) {
  nlohmann::json resolved = read_json_file(resolved_path);
  const fs::path folder = fs::absolute(resolved_path).parent_path();
  for (const char* key : kPathKeys) {
    const std::string value = resolved.value(key, "");
    if (!value.empty()) resolved[key] = (folder / value).lexically_normal().string();
  }
  return resolved;
}

namespace {

/// Whether the folder's stored resolved manifest describes the same run as `resolved` once it is resolved again with
/// today's plugin schemas (which fills config keys added since with their defaults).
bool same_run(const std::string& resolved_path, const nlohmann::json& resolved, const std::string& out_dir,
              const ComponentRegistry& registry) {
  if (read_json_file(resolved_path) == resolved) return true;
  try {
    Manifest stored = load_manifest(resolved_path);
    check_components(stored, registry);
    return resolved_for_folder(stored, out_dir) == resolved;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

void prepare_results_folder(const Manifest& manifest, const std::string& out_dir, bool resume,
                            const ComponentRegistry& registry) {
  const std::string resolved_path = out_dir + "/resolved.json";
  const nlohmann::json resolved = resolved_for_folder(manifest, out_dir);
  if (fs::exists(resolved_path)) {
    if (!resume) {
      throw ConfigError(out_dir + ": results folder exists: continue it with --resume, or choose another with --out");
    }
    if (!same_run(resolved_path, resolved, out_dir, registry)) {
      throw ConfigError(resolved_path + ": cannot resume: the folder holds a run of another manifest (expected the "
                                        "resolved manifest of '" + manifest.path + "'); use another --out");
    }
    return;
  }
  write_file_atomic(resolved_path, resolved.dump(2) + "\n");
}

std::string write_results_reports(const nlohmann::json& metrics, const std::string& metrics_path,
                                  const std::string& out_dir) {
  return report::write_reports(metrics, metrics_path, out_dir).html;
}

}  // namespace modelsat::experiment
