// Base of the gradient-trained baselines: a network mapping query embeddings to per-model correctness logits, trained
// by the platform's shared trainer with binary cross-entropy against the [n_queries, n_models] correctness matrix.
#pragma once

#include <modelsat/rng.h>
#include <modelsat/train/trainer.h>

#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace baselines {

/// Training examples are training queries. Tensors (x [n, d] embeddings, y [n, n_models] correctness, float32) live on
/// the training device; the validation pair may be undefined (then the trainer does not stop early). A subclass owns
/// its parameters (leaf tensors on the same device) and defines logits(); it may override batch_loss/validation_loss.
class CorrectnessTrainable : public modelsat::Trainable {
 public:
  using NamedParameters = std::vector<std::pair<std::string, at::Tensor*>>;

  /// [n, n_models] correctness logits for embeddings x [n, d] on the training device.
  virtual at::Tensor logits(const at::Tensor& x) const = 0;
  /// Every trained parameter by a stable name; used by param_groups() and for saving and loading.
  virtual NamedParameters named_parameters() = 0;
  /// Tensors fixed during training that scoring needs (saved and loaded with the parameters); none by default.
  virtual NamedParameters named_buffers() { return {}; }
  /// [n, n_models] P(correct) for embeddings x [n, d]; sigmoid(logits(x)) unless the network calibrates otherwise.
  virtual at::Tensor probabilities(const at::Tensor& x) const;

  /// Hands the data to train on (see the class comment); call before modelsat::train.
  void set_data(at::Tensor train_x, at::Tensor train_y, at::Tensor validation_x, at::Tensor validation_y);
  /// Called once after modelsat::train, with the data still set: post-hoc steps such as calibration.
  virtual void after_training() {}
  /// Drops the data after training so that a fitted router holds only its parameters.
  void release_data();

  std::vector<modelsat::ParamGroup> param_groups() override;
  int64_t n_examples() const override;
  /// Mean binary cross-entropy of logits(x[batch]) against y[batch].
  at::Tensor batch_loss(const std::vector<int64_t>& batch, modelsat::Rng& rng) override;
  /// The same loss on the validation pair; NaN without one.
  double validation_loss() override;
  void set_training(bool training) override { training_ = training; }

 protected:
  bool training() const { return training_; }
  at::Tensor train_x_, train_y_, validation_x_, validation_y_;

 private:
  bool training_ = false;
};

/// A [shape] float32 leaf tensor with requires_grad, drawn uniformly from [-bound, bound] with rng (so that the
/// initialisation depends only on the seed, never on torch's global generator), on device.
at::Tensor random_parameter(modelsat::Rng& rng, const std::vector<int64_t>& shape, double bound,
                            const at::Device& device);

/// Copies net's parameters into tensors named "<prefix><name>" (CPU).
void store_parameters(CorrectnessTrainable& net, std::map<std::string, at::Tensor>& tensors);
/// Replaces net's parameters with the stored ones (moved to device); modelsat::DataError naming path when one is
/// missing or has another shape.
void restore_parameters(CorrectnessTrainable& net, const std::map<std::string, at::Tensor>& tensors,
                        const at::Device& device, const std::string& path);

}  // namespace baselines
