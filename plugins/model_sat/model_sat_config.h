// ModelSatConfig: every open choice of the Model-SAT router as a typed config, with its JSON schema.
#pragma once

#include "transformer_stack.h"

#include <modelsat/train/trainer.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace modelsat::msat {

/// How the instruction x enters the backbone.
enum class InstructionInput { tokens, embedding, both };
/// How the aptitude results c_m enter: psi tokens (one per task), psi pooled to one token, psi pooled to one token with
/// weights P(task | instruction) (source_weighted), or as text (ablation).
enum class CapabilityMode { per_task, pooled, source_weighted, text };
/// Where the task-description vectors psi reads come from.
enum class TaskText { tokens, host_encoder };
/// Groups sharing one model (the paper) or one instruction across models (mixed-model groups).
enum class GroupMode { model, instruction };
enum class ScoreOutput { probability, logit };
enum class ValidationMetric { bce, routing_accuracy };
enum class Calibration { none, per_model };
/// The paper's [capability; instruction; prompt], or [instruction; capability; prompt] (the instruction's prefix is the
/// same for every candidate under a causal backbone, so it can be computed once per decision).
enum class SequenceOrder { capability_first, instruction_first, capability_last };

struct ModelSatConfig {
  InstructionInput instruction_input = InstructionInput::tokens;
  int64_t max_instruction_tokens = 64;
  int64_t embedding_tokens = 1;
  int32_t vocab_size = 1000;
  bool lowercase = true;
  std::string inquiry_prompt;
  CapabilityMode capability = CapabilityMode::per_task;
  double task_weight_alpha = 0.1;     ///< source_weighted: Laplace smoothing of the task classifier
  bool task_weight_word_pairs = true; ///< source_weighted: the task classifier also counts adjacent word pairs
  SequenceOrder sequence_order = SequenceOrder::capability_first;
  TaskText task_text = TaskText::tokens;
  int64_t capability_width = 64;
  bool connector_mlp = false;
  ScoreOutput score_output = ScoreOutput::probability;
  int64_t group_size = 4;
  GroupMode group_mode = GroupMode::model;
  double group_weight = 1.0;
  double pointwise_weight = 1.0;
  int64_t pointwise_pairs = 4;
  double model_sampling_power = 1.0;
  bool shuffle_tasks = true;
  int64_t routing_shuffles = 2;
  int64_t groups_per_epoch = 0;
  ValidationMetric validation_metric = ValidationMetric::bce;
  bool stage1 = true;
  TrainerConfig stage1_training;
  TrainerConfig stage2_training;
  double encoder_lr_scale = 3.0;
  bool lm_pretraining = false;
  TrainerConfig lm_training;
  nn::TransformerConfig builtin_backbone;
  int64_t score_batch = 256;
  bool prefix_reuse = true;
  Calibration calibration = Calibration::none;
  int64_t calibration_pairs = 4096;
};

/// The JSON schema (JSON text) the host validates configs against; documented key by key in README.md.
const std::string& model_sat_schema();
/// Reads a config resolved against model_sat_schema().
ModelSatConfig model_sat_config_from_json(const nlohmann::json& config);
/// The part of a resolved config that shapes the parameters (everything but the training blocks); a checkpoint
/// loads only into a router created with the same structure.
std::string structural_tag(const nlohmann::json& config);

}  // namespace modelsat::msat
