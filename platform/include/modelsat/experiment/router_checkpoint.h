// Router checkpoints: a folder holding a fitted router's state plus everything needed to rebuild and use it alone.
#pragma once

#include "modelsat/component_handles.h"
#include "modelsat/component_registry.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modelsat::experiment {

inline constexpr const char* kRouterCheckpointFormat = "modelsat.router_checkpoint";
inline constexpr int kRouterCheckpointVersion = 1;

/// A component of the checkpoint: plugin name and resolved config.
struct CheckpointComponent {
  std::string plugin;
  nlohmann::json config = nlohmann::json::object();
};

/// A candidate model as the checkpoint knows it.
struct CheckpointModel {
  std::string name;
  double cost = 0.0;
  std::vector<float> aptitude;   ///< [n_tasks] accuracies in [0, 1]; empty without an aptitude test
  bool seen_in_training = true;  ///< false for models that joined by aptitude test only
};

/// router.json of a checkpoint folder. The folder also holds router.state (Router::save) and, when the router reads
/// embeddings from a trainable encoder, encoder.state (Encoder::save).
struct RouterCheckpoint {
  std::string id;                                 ///< the router's id in its manifest
  CheckpointComponent router;
  std::optional<CheckpointComponent> backbone;    ///< a host backbone the router was built with
  std::optional<CheckpointComponent> encoder;     ///< the experiment encoder (for needs_embeddings routers)
  uint64_t seed = 0;
  std::string device = "cpu";
  int threads = 1;
  std::vector<std::string> tasks;                 ///< [n_tasks] aptitude task descriptions
  bool query_text_with_choices = false;           ///< trained on questions followed by lettered choices (query_text)
  std::vector<CheckpointModel> models;            ///< the zoo the router was trained and evaluated on
  std::map<std::string, std::vector<std::string>> zoos;  ///< named zoos of the dataset restricted to `models`
  std::string dataset;                            ///< absolute path of the dataset folder it was trained on
  std::string split;                              ///< absolute path of the split file
  std::string manifest;                           ///< the manifest it came from
};

/// Everything rebuilt from a checkpoint. The handles reference specs owned by the registry, which must outlive them.
struct LoadedRouter {
  RouterCheckpoint checkpoint;
  std::unique_ptr<EncoderHandle> encoder;         ///< null when the router reads no embeddings
  std::unique_ptr<BackboneHandle> backbone;
  std::unique_ptr<RouterHandle> router;
};

/// Writes dir/router.state (router.save), dir/encoder.state when encoder is trainable, and then dir/router.json
/// (atomically, last, with the states' SHA-256), so a folder without router.json is an unfinished checkpoint.
void write_router_checkpoint(const std::string& dir, const RouterCheckpoint& checkpoint, const RouterHandle& router,
                             const EncoderHandle* encoder);

/// Reads and checks dir/router.json and the states' checksums. Throws IoError for a missing folder or file,
/// ConfigError "<dir>/router.json#/<pointer>: ... (expected X, got Y)" for a wrong format, version or field, and
/// DataError "<dir>/router.state: checksum mismatch ..." for a state file changed after it was written.
RouterCheckpoint read_router_checkpoint(const std::string& dir);

/// Rewrites the models and zoos of dir/router.json from checkpoint (atomically), keeping everything else; how
/// `modelsat onboard` adds a model. Throws like read_router_checkpoint when the folder is not a checkpoint.
void rewrite_checkpoint_zoo(const std::string& dir, const RouterCheckpoint& checkpoint);

/// Reads the checkpoint, creates its encoder, backbone and router through registry with device overridden when
/// device is non-empty and router_config_patch (a JSON merge patch, null = none) applied to the router's config, and
/// loads their states. Throws ConfigError/PluginError from the plugins (a patch that changes the router's structure
/// makes its state load fail with "checkpoint from another config") and DataError above.
LoadedRouter load_router_checkpoint(const std::string& dir, const ComponentRegistry& registry,
                                    const std::string& device = "",
                                    const nlohmann::json& router_config_patch = nlohmann::json());

/// The models of a checkpoint as a candidate set (tasks + models in checkpoint order).
CandidateSet checkpoint_candidates(const RouterCheckpoint& checkpoint);

}  // namespace modelsat::experiment
