// Experiment manifests: the JSON file that names a whole experiment, validated against a schema with defaults filled.
#pragma once

#include "modelsat/component_registry.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modelsat::experiment {

/// A component named in a manifest: its name, its (not yet validated) config, and where it sits in the file.
struct ComponentRef {
  std::string name;
  nlohmann::json config = nlohmann::json::object();
  std::string location;  ///< "<manifest>#/routers/0" etc., for error messages
};

struct RouterEntry {
  std::string id;  ///< unique in the manifest; names the router's results
  ComponentRef router;
  std::optional<ComponentRef> backbone;
};

/// RouteLLM's strong/weak threshold policy, calibrated on the validation split to each strong-call share.
struct ThresholdPolicy {
  std::string strong;
  std::string weak;
  std::vector<double> strong_shares;
};

/// The incremental release timeline: the unseen models join, in release order, a zoo of the top_k models released
/// before each of them (see modelsat/experiment/timeline.h).
struct TimelinePolicy {
  size_t top_k = 5;
};

/// A validated manifest. Paths are resolved against the manifest file's directory.
struct Manifest {
  std::string path;          ///< the manifest file as given
  nlohmann::json resolved;   ///< the manifest with every default filled in (written to resolved.json)
  std::string name;
  std::string description;
  std::string dataset_dir;
  std::string split_file;
  std::string aptitude_file; ///< "" = no aptitude test (models get empty aptitude vectors)
  std::string zoo;           ///< a zoo of the dataset's zoos.json, or "all"
  std::vector<std::string> models;         ///< explicit zoo; empty = use `zoo`
  std::vector<std::string> unseen_models;  ///< excluded from router training; join by aptitude test only
  bool query_text_with_choices = false;    ///< query_text "question_and_choices": lettered choices follow the question
  std::optional<ComponentRef> encoder;
  std::vector<RouterEntry> routers;
  std::vector<double> lambdas;             ///< cost-aware sweep
  std::optional<ThresholdPolicy> threshold;
  std::optional<TimelinePolicy> timeline;
  size_t bootstrap_resamples = 1000;
  double confidence = 0.95;
  std::vector<uint64_t> seeds;
  std::string device;
  int threads = 1;
  std::string output_dir;
};

/// The manifest JSON schema (the ConfigSchema subset), also documented in experiments/README.md.
const char* manifest_schema_json();

/// Reads, validates and resolves a manifest. Throws IoError for an unreadable file and ConfigError
/// "<path>#/<pointer>: <what>: <why> (expected X, got Y)" for unknown keys, wrong types, bad values, duplicated router
/// ids or seeds, and contradictory settings.
Manifest load_manifest(const std::string& path);

/// Checks that every named plugin is loaded and that every component config is valid for its schema, and stores
/// the resolved component configs (defaults filled) into manifest.resolved. Throws ConfigError with the pointer.
void check_components(Manifest& manifest, const ComponentRegistry& registry);

}  // namespace modelsat::experiment
