// The int8 export of a saved Model-SAT router into the .msq file the dependency-free runtime (wasm/) reads.
#pragma once

#include <modelsat/plugin_abi.h>
#include <msq/format.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

/// Name of the optional C entry point the host looks up in a router plugin's library ("msat_<plugin>_export_int8").
#define MSAT_MODEL_SAT_EXPORT_INT8 "msat_model_sat_export_int8"

/// C entry point (never lets an exception cross): writes out_path (atomically) from a router created with
/// config_json (resolved) whose save() wrote state_path. zoo_json: {"id": str, "tasks": [...], "models": [{"name",
/// "cost", "aptitude": [...]}], "zoos": {"name": [...]}}. Returns 1 on success; 0 with a one-line message in error
/// (NUL-terminated, cut to error_size) otherwise.
extern "C" MSAT_PLUGIN_EXPORT int msat_model_sat_export_int8(const char* config_json, const char* state_path, const char* zoo_json,
                                                             const char* out_path, char* error, size_t error_size);

namespace modelsat::msat {

/// The .msq contents of the router saved at state_path: int8 block matrices (per output channel), everything else
/// float. Throws ConfigError "export: ... not supported by the int8 runtime (expected X, got Y)" for settings the
/// runtime cannot run (instruction embeddings, host-encoder task text, capability text, per-model calibration) and
/// DataError for a state file that does not load or a zoo without tasks.
msq::ModelFile export_int8(const nlohmann::json& config, const std::string& state_path, const nlohmann::json& zoo);

}  // namespace modelsat::msat
