// The Model-SAT config schema (defaults sized for the tiny contract set) and its typed reading.
#include "model_sat_config.h"

#include "tiny_transformer_backbone.h"

#include <modelsat/error.h>

namespace modelsat::msat {
namespace {

constexpr const char* kPaperPrompt =
    "Based on the model description and the test sample, predict whether the model can handle test sample by "
    "indicating 'Yes' or 'No'.";

TrainerConfig training_defaults(int64_t epochs, double learning_rate, int64_t batch_size) {
  TrainerConfig config;
  config.epochs = epochs;
  config.learning_rate = learning_rate;
  config.batch_size = batch_size;
  config.patience = 0;
  return config;
}

nlohmann::json build_schema() {
  using nlohmann::json;
  json schema = json::parse(R"json({
    "type": "object",
    "properties": {
      "instruction_input": {"type": "string", "enum": ["tokens", "embedding", "both"], "default": "tokens",
        "description": "instruction as subword tokens of its text, as the experiment encoder's embedding projected to embedding_tokens vectors, or both"},
      "max_instruction_tokens": {"type": "integer", "minimum": 1, "maximum": 4096, "default": 64,
        "description": "longer instructions are truncated (counted in a warning)"},
      "embedding_tokens": {"type": "integer", "minimum": 1, "maximum": 16, "default": 1},
      "vocab_size": {"type": "integer", "minimum": 261, "maximum": 100000, "default": 1000,
        "description": "BPE vocabulary trained on the training instructions"},
      "lowercase": {"type": "boolean", "default": true},
      "inquiry_prompt": {"type": "string", "default": ""},
      "capability": {"type": "string", "enum": ["per_task", "pooled", "source_weighted", "text"], "default": "per_task",
        "description": "psi tokens (one per aptitude task), psi mean-pooled to one token, psi pooled to one token with weights P(task | instruction) from a naive Bayes classifier of the training instructions' sources (needs the aptitude tasks' source names), or the aptitude results as text (no capability encoder)"},
      "task_weight_alpha": {"type": "number", "exclusiveMinimum": 0, "default": 0.1,
        "description": "source_weighted: Laplace smoothing of the task classifier"},
      "task_weight_word_pairs": {"type": "boolean", "default": true,
        "description": "source_weighted: the task classifier counts adjacent word pairs as well as words"},
      "sequence_order": {"type": "string", "enum": ["capability_first", "instruction_first", "capability_last"], "default": "capability_first",
        "description": "the paper's [capability; instruction; prompt], [instruction; capability; prompt], or [instruction; prompt; capability]: under a causal backbone the leading instruction (and prompt) rows are the same for every candidate, so the int8 runtime computes them once per decision"},
      "task_text": {"type": "string", "enum": ["tokens", "host_encoder"], "default": "tokens",
        "description": "task-description vectors: mean of learned token embeddings, or the experiment encoder's embeddings"},
      "capability_width": {"type": "integer", "minimum": 4, "maximum": 4096, "default": 64},
      "connector": {"type": "string", "enum": ["linear", "mlp"], "default": "linear"},
      "score_output": {"type": "string", "enum": ["probability", "logit"], "default": "probability",
        "description": "P(Yes) = sigmoid of the head's logit, or the logit itself"},
      "group_size": {"type": "integer", "minimum": 2, "maximum": 64, "default": 4,
        "description": "k: 1 positive + k-1 negatives per group, softmax cross-entropy over the group"},
      "group_mode": {"type": "string", "enum": ["model", "instruction"], "default": "model",
        "description": "groups share one model (the paper) or one instruction with k different models"},
      "group_weight": {"type": "number", "minimum": 0, "default": 1.0},
      "pointwise_weight": {"type": "number", "minimum": 0, "default": 1.0,
        "description": "weight of BCE on uniformly drawn (question, model) pairs (cross-model remedy; 0 = the paper's loss alone)"},
      "pointwise_pairs": {"type": "integer", "minimum": 0, "maximum": 256, "default": 4,
        "description": "uniform (question, model) pairs drawn per group"},
      "model_sampling_power": {"type": "number", "minimum": 0, "maximum": 10, "default": 1.0,
        "description": "a group's model is drawn with probability proportional to training accuracy^power"},
      "shuffle_tasks": {"type": "boolean", "default": true, "description": "random task order per training instance"},
      "routing_shuffles": {"type": "integer", "minimum": 1, "maximum": 16, "default": 2,
        "description": "scores are averaged over this many task-order shuffles (1 = the given order, no shuffle)"},
      "groups_per_epoch": {"type": "integer", "minimum": 0, "default": 0, "description": "0 = one per training query"},
      "validation_metric": {"type": "string", "enum": ["bce", "routing_accuracy"], "default": "bce"},
      "stage1": {"type": "boolean", "default": true, "description": "run stage 1 (connector and head only)"},
      "encoder_lr_scale": {"type": "number", "exclusiveMinimum": 0, "default": 3.0,
        "description": "stage 2 learning-rate multiplier of the capability encoder and connector"},
      "lm_pretraining": {"type": "boolean", "default": false,
        "description": "next-token pretraining of token embeddings + backbone on the training instructions first"},
      "score_batch": {"type": "integer", "minimum": 1, "default": 256},
      "prefix_reuse": {"type": "boolean", "default": true,
        "description": "routing with sequence_order instruction_first or capability_last runs each instruction's shared prefix once and every candidate against its cached keys and values (same scores up to float rounding); false runs every candidate's whole sequence"},
      "calibration": {"type": "string", "enum": ["none", "per_model"], "default": "none",
        "description": "per_model: Platt-scale each training model's Yes logit on the validation split (a model never seen in training gets the map fitted on all pairs)"},
      "calibration_pairs": {"type": "integer", "minimum": 1, "default": 4096,
        "description": "held-out (question, model) pairs the calibration is fitted on, spread evenly over the models"}
    }
  })json");
  schema["properties"]["inquiry_prompt"]["default"] = kPaperPrompt;
  schema["properties"]["stage1_training"] = trainer_schema(training_defaults(2, 3e-3, 16));
  schema["properties"]["stage2_training"] = trainer_schema(training_defaults(8, 2e-3, 16));
  schema["properties"]["lm_training"] = trainer_schema(training_defaults(2, 3e-3, 16));
  json backbone = nn::tiny_transformer_schema();
  backbone["description"] = "the built-in tiny transformer, used when the host passes no backbone";
  schema["properties"]["builtin_backbone"] = backbone;
  return schema;
}

template <typename E>
E pick(const nlohmann::json& config, const char* key, std::initializer_list<std::pair<const char*, E>> options) {
  const std::string value = config.at(key).get<std::string>();
  for (const auto& [name, e] : options) {
    if (value == name) return e;
  }
  return options.begin()->second;
}

}  // namespace

const std::string& model_sat_schema() {
  static const std::string schema = build_schema().dump();
  return schema;
}

ModelSatConfig model_sat_config_from_json(const nlohmann::json& c) {
  ModelSatConfig config;
  config.instruction_input = pick<InstructionInput>(
      c, "instruction_input",
      {{"tokens", InstructionInput::tokens}, {"embedding", InstructionInput::embedding}, {"both", InstructionInput::both}});
  config.max_instruction_tokens = c.at("max_instruction_tokens").get<int64_t>();
  config.embedding_tokens = c.at("embedding_tokens").get<int64_t>();
  config.vocab_size = c.at("vocab_size").get<int32_t>();
  config.lowercase = c.at("lowercase").get<bool>();
  config.inquiry_prompt = c.at("inquiry_prompt").get<std::string>();
  config.capability = pick<CapabilityMode>(
      c, "capability",
      {{"per_task", CapabilityMode::per_task},
       {"pooled", CapabilityMode::pooled},
       {"source_weighted", CapabilityMode::source_weighted},
       {"text", CapabilityMode::text}});
  config.task_weight_alpha = c.at("task_weight_alpha").get<double>();
  config.task_weight_word_pairs = c.at("task_weight_word_pairs").get<bool>();
  config.sequence_order = pick<SequenceOrder>(
      c, "sequence_order",
      {{"capability_first", SequenceOrder::capability_first},
       {"instruction_first", SequenceOrder::instruction_first},
       {"capability_last", SequenceOrder::capability_last}});
  config.task_text = pick<TaskText>(c, "task_text", {{"tokens", TaskText::tokens}, {"host_encoder", TaskText::host_encoder}});
  config.capability_width = c.at("capability_width").get<int64_t>();
  config.connector_mlp = c.at("connector").get<std::string>() == "mlp";
  config.score_output =
      pick<ScoreOutput>(c, "score_output", {{"probability", ScoreOutput::probability}, {"logit", ScoreOutput::logit}});
  config.group_size = c.at("group_size").get<int64_t>();
  config.group_mode = pick<GroupMode>(c, "group_mode", {{"model", GroupMode::model}, {"instruction", GroupMode::instruction}});
  config.group_weight = c.at("group_weight").get<double>();
  config.pointwise_weight = c.at("pointwise_weight").get<double>();
  config.pointwise_pairs = c.at("pointwise_pairs").get<int64_t>();
  config.model_sampling_power = c.at("model_sampling_power").get<double>();
  config.shuffle_tasks = c.at("shuffle_tasks").get<bool>();
  config.routing_shuffles = c.at("routing_shuffles").get<int64_t>();
  config.groups_per_epoch = c.at("groups_per_epoch").get<int64_t>();
  config.validation_metric = pick<ValidationMetric>(
      c, "validation_metric", {{"bce", ValidationMetric::bce}, {"routing_accuracy", ValidationMetric::routing_accuracy}});
  config.stage1 = c.at("stage1").get<bool>();
  config.stage1_training = trainer_config_from_json(c.at("stage1_training"));
  config.stage2_training = trainer_config_from_json(c.at("stage2_training"));
  config.encoder_lr_scale = c.at("encoder_lr_scale").get<double>();
  config.lm_pretraining = c.at("lm_pretraining").get<bool>();
  config.lm_training = trainer_config_from_json(c.at("lm_training"));
  config.builtin_backbone = nn::tiny_transformer_config(c.at("builtin_backbone"));
  config.score_batch = c.at("score_batch").get<int64_t>();
  config.prefix_reuse = c.at("prefix_reuse").get<bool>();
  config.calibration = pick<Calibration>(c, "calibration", {{"none", Calibration::none}, {"per_model", Calibration::per_model}});
  config.calibration_pairs = c.at("calibration_pairs").get<int64_t>();
  if (config.group_weight == 0.0 && config.pointwise_weight == 0.0) {
    throw ConfigError("group_weight and pointwise_weight are both 0 (expected a loss to train)");
  }
  return config;
}

std::string structural_tag(const nlohmann::json& config) {
  nlohmann::json structure = config;
  for (const char* key : {"stage1_training", "stage2_training", "lm_training", "stage1", "lm_pretraining",
                          "group_size", "group_mode", "group_weight", "pointwise_weight", "pointwise_pairs",
                          "model_sampling_power", "shuffle_tasks", "groups_per_epoch", "validation_metric",
                          "encoder_lr_scale", "score_batch", "prefix_reuse", "calibration_pairs", "task_weight_alpha",
                          "task_weight_word_pairs"}) {
    structure.erase(key);
  }
  return structure.dump();
}

}  // namespace modelsat::msat
