// The one shared training loop: AdamW with parameter groups, warm-up + decay, clipping, early stopping on validation,
// atomic per-epoch checkpoints and exact resumption. Every gradient-trained component uses it; none has its own.
#pragma once

#include "modelsat/rng.h"

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace modelsat {

/// Tensors trained with one learning rate: base learning_rate * lr_scale (e.g. a larger rate for a connector).
struct ParamGroup {
  std::vector<at::Tensor> params; ///< leaf tensors with requires_grad; owned by the model
  double lr_scale = 1.0;
};

/// What a model exposes to the trainer. Training examples are indices 0 .. n_examples()-1; the model maps them to its
/// own data (a question, a group of capability instructions, a text window, ...).
class Trainable {
 public:
  virtual ~Trainable() = default;
  virtual std::vector<ParamGroup> param_groups() = 0;
  virtual int64_t n_examples() const = 0;
  /// Mean loss over the examples of batch: a scalar that requires grad. rng is seeded per epoch by the trainer; use
  /// it for any sampling (negatives, task order) so that a resumed run repeats the same draws.
  virtual at::Tensor batch_loss(const std::vector<int64_t>& batch, Rng& rng) = 0;
  /// Validation objective, lower is better; NaN when there is no validation data (then no early stopping).
  /// Called in evaluation mode without gradients.
  virtual double validation_loss() { return std::numeric_limits<double>::quiet_NaN(); }
  /// Switches dropout and similar layers.
  virtual void set_training(bool training) = 0;
};

enum class LrSchedule { linear, cosine, constant };

struct TrainerConfig {
  int64_t epochs = 10;
  int64_t batch_size = 64;
  double learning_rate = 1e-3;
  double weight_decay = 0.01;
  double warmup_fraction = 0.1;  ///< share of all steps with a linear warm-up from 0
  LrSchedule schedule = LrSchedule::linear;  ///< after warm-up: linear decay to 0, cosine decay to 0, or constant
  int64_t patience = 3;          ///< epochs without validation improvement before stopping; 0 = never stop early
  double grad_clip_norm = 1.0;   ///< max global gradient norm; 0 = no clipping
};

/// JSON schema of a "training" config block whose defaults are `defaults`; components embed it in their own schema.
nlohmann::json trainer_schema(const TrainerConfig& defaults);
/// Reads a "training" block that was validated against trainer_schema (defaults filled).
TrainerConfig trainer_config_from_json(const nlohmann::json& block);

struct TrainResult {
  int64_t epochs_run = 0;    ///< epochs completed, including those restored from a checkpoint
  int64_t steps = 0;         ///< optimizer steps taken in all
  int64_t best_epoch = -1;   ///< epoch (0-based) whose weights the model holds at the end; -1 = last (no validation)
  double best_validation_loss = std::numeric_limits<double>::quiet_NaN();
  bool stopped_early = false;
  bool resumed = false;      ///< started from a checkpoint
  std::vector<double> train_loss;      ///< [epochs_run] mean training loss per epoch
  std::vector<double> validation_loss; ///< [epochs_run] NaN where there is no validation data
};

/// Trains model. With checkpoint_path non-empty, writes a checkpoint atomically after every epoch (weights, optimizer
/// state, history, best weights) and, when one exists at start, resumes from it: the final weights equal those of an
/// uninterrupted run with the same seed. At the end the model holds the weights of the best validation epoch.
/// label prefixes log lines and the progress bar ("router/mlp"). Throws modelsat::Error on a non-finite loss, an
/// empty training set, or a checkpoint that does not match the model.
TrainResult train(Trainable& model, const TrainerConfig& config, uint64_t seed, const std::string& checkpoint_path,
                  const std::string& label);

}  // namespace modelsat
