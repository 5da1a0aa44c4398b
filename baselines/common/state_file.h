// Router state files: a JSON header (format, version, settings) followed by named raw tensors, written atomically.
#pragma once

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace baselines {

/// What a router saves. Tensors must be float32, int64 or uint8 (raw bytes); they are stored on CPU, contiguous, little-endian.
struct RouterState {
  std::string format;            ///< the router's name, e.g. "knn"
  int version = 1;               ///< the router's own state layout version
  nlohmann::json settings;       ///< small values: config, model names, scalars
  std::map<std::string, at::Tensor> tensors;
};

/// Writes state to path atomically: "MSBL" magic, header length, JSON header, raw tensor bytes. Identical states give
/// identical files. Throws modelsat::IoError when the file cannot be written.
void save_state(const std::string& path, const RouterState& state);

/// Reads a state written by save_state and checks that it is a `format` file of `version`. Throws modelsat::DataError
/// "<path>: not a <format> state file (expected format \"<format>\" version <v>, got ...)" for any other file and
/// modelsat::IoError when it cannot be read.
RouterState load_state(const std::string& path, const std::string& format, int version);

/// state.tensors.at(name), or modelsat::DataError "<path>: <format> state file has no tensor '<name>'".
const at::Tensor& state_tensor(const RouterState& state, const std::string& name, const std::string& path);

}  // namespace baselines
