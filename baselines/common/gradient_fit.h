// What every gradient-trained baseline does around the shared trainer: its schema's "training" block, its device,
// validation data in training column order, and the call to modelsat::train with a checkpoint under work_dir.
#pragma once

#include "correctness_trainable.h"

#include <modelsat/component.h>
#include <modelsat/train/trainer.h>
#include <modelsat/types.h>

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace baselines {

/// The training defaults most gradient-trained baselines share: 30 epochs, batch 64, learning rate 3e-3, patience 5.
modelsat::TrainerConfig default_baseline_training();

/// own_schema (a JSON-Schema object text) with a "training" property added: modelsat::trainer_schema(defaults).
std::string schema_with_training(const char* own_schema, const modelsat::TrainerConfig& defaults);

/// The device named by CreateContext::device ("cpu", "cuda", "cuda:1"); modelsat::ConfigError when unknown.
at::Device device_from_context(const modelsat::CreateContext& context, const std::string& router);

/// Validation embeddings [n, dim] and correctness [n, n_models] with columns in fitted_models' order, both on device;
/// two undefined tensors when validation is null or empty. modelsat::DataError when its models or width differ.
std::pair<at::Tensor, at::Tensor> validation_tensors(const std::string& router, const modelsat::RoutingSet* validation,
                                                     const std::vector<std::string>& fitted_models, int64_t dim,
                                                     const at::Device& device);

/// Trains net with the shared trainer; the checkpoint is "<work_dir>/<router>.ckpt" when the context has a work_dir
/// (so an interrupted fit resumes), none otherwise. The log label is "router/<router>".
modelsat::TrainResult fit_with_trainer(CorrectnessTrainable& net, const nlohmann::json& training_block,
                                       const modelsat::CreateContext& context, const std::string& router);

}  // namespace baselines
