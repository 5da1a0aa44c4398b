// Fitting one router of a manifest: the experiment encoder's embeddings, the router (+ backbone) fit, its checkpoint.
#pragma once

#include "modelsat/component_handles.h"
#include "modelsat/component_registry.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/manifest.h"
#include "modelsat/experiment/router_checkpoint.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace modelsat::experiment {

/// The experiment encoder and its embeddings of every row of the experiment (undefined without an encoder).
struct Encoded {
  std::unique_ptr<EncoderHandle> encoder;
  at::Tensor embeddings;  ///< [n_rows, dim] float32 CPU
};

/// Creates the manifest's encoder, trains it on the training questions when it is trainable (state kept in
/// cache_dir/encoder.state, reused when present), and embeds every row through the embedding cache in cache_dir.
Encoded encode_rows(const Manifest& manifest, const ComponentRegistry& registry, const ExperimentData& data,
                    const std::string& cache_dir);

/// A router fitted on the experiment's training split (seen models only), validated on its validation split.
struct FittedRouter {
  std::unique_ptr<BackboneHandle> backbone;  ///< must outlive router; null without a host backbone
  std::unique_ptr<RouterHandle> router;
  RouterCaps caps;
  double fit_seconds = 0.0;
};

/// Builds and fits entry with seed; work_dir receives the router's training checkpoints. Throws ConfigError when the
/// router reads embeddings and the manifest has no encoder, PluginError from the plugin.
FittedRouter fit_router(const Manifest& manifest, const ComponentRegistry& registry, const ExperimentData& data,
                        const Encoded& encoded, const RouterEntry& entry, uint64_t seed, const std::string& work_dir);

/// The checkpoint record of entry fitted with seed on data: resolved configs, zoo models (unseen ones marked), tasks,
/// the dataset's named zoos that lie inside the zoo, and the data paths.
RouterCheckpoint checkpoint_record(const Manifest& manifest, const ExperimentData& data, const RouterEntry& entry,
                                   uint64_t seed);

}  // namespace modelsat::experiment
