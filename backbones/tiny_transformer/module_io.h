// Checksummed, config-tagged save/load of torch modules (and extra tensors) for the platform's own components.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <map>
#include <string>
#include <vector>

namespace modelsat::nn {

/// What a state file holds besides the module's parameters and buffers.
struct ModuleExtras {
  std::map<std::string, at::Tensor> tensors; ///< saved as CPU tensors
  std::string text;                          ///< free text (e.g. a serialized tokenizer)
};

/// File layout: "modelsat-state 1\n<kind>\n<tag fingerprint>\n<payload checksum>\n<text length>\n" + text + payload,
/// payload = torch archive of the module and the extra tensors. kind names the component ("backbone/tiny_transformer"),
/// tag is everything in the config that shapes the parameters. Written atomically; throws IoError.
void save_module_state(const torch::nn::Module& module, const ModuleExtras& extras, const std::string& path,
                       const std::string& kind, const std::string& tag);

/// Restores into module (which must have been built from the same config) and returns the extras, with tensors on
/// CPU; the names of the extra tensors to read are the keys of wanted. Throws DataError naming path when the file is
/// not a modelsat state file, belongs to another kind, was written from another config ("checkpoint from another
/// config (expected tag X, got Y)"), or fails its checksum (corrupted).
ModuleExtras load_module_state(torch::nn::Module& module, const std::string& path, const std::string& kind,
                               const std::string& tag, const std::vector<std::string>& wanted);

/// Checks the header and checksum of a state file and returns its free text (to rebuild a module's shape before
/// load_module_state). Throws like load_module_state.
std::string read_state_text(const std::string& path, const std::string& kind, const std::string& tag);

}  // namespace modelsat::nn
