// Base of the gradient-trained baseline routers: fit = build a CorrectnessTrainable and train it with the shared
// trainer; score = its probabilities of correctness; save/load = its parameters plus the fitted models and width.
#pragma once

#include "correctness_trainable.h"

#include <modelsat/component.h>
#include <modelsat/router.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

class GradientRouter : public modelsat::Router {
 public:
  /// name is the router's registered name (messages, state format, checkpoint file); training is the validated
  /// "training" block of its config.
  GradientRouter(std::string name, const modelsat::CreateContext& context, nlohmann::json training);

  modelsat::RouterCaps caps() const override { return modelsat::RouterCaps{}; }
  /// Trains on train's embeddings and correctness; validation (same models) drives early stopping.
  /// Throws modelsat::DataError on missing embeddings or a correctness matrix of the wrong shape.
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  /// [n_queries, n_candidates] P(correct); modelsat::DataError on missing embeddings, another width, unknown models.
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;
  /// What the last fit() reported (epochs, losses); empty before fit().
  const modelsat::TrainResult& train_result() const { return train_result_; }

 protected:
  /// A new, randomly initialised network for embeddings of width dim and n_models outputs, its parameters on device().
  /// train is the training set during fit() (for data-dependent pieces such as clusters) and null during load().
  virtual std::unique_ptr<CorrectnessTrainable> make_net(const modelsat::RoutingSet* train, int64_t dim,
                                                         int64_t n_models, modelsat::Rng& rng) const = 0;
  const at::Device& device() const { return device_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  at::Device device_;
  uint64_t seed_;
  modelsat::CreateContext context_;
  nlohmann::json training_;
  std::vector<std::string> models_;
  int64_t dim_ = 0;
  std::unique_ptr<CorrectnessTrainable> net_;
  modelsat::TrainResult train_result_;
};

}  // namespace baselines
