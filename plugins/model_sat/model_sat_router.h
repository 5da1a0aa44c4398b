// ModelSatRouter: Model-SAT (capability instruction tuning) behind the Router interface.
#pragma once

#include "model_sat_config.h"
#include "model_sat_net.h"
#include "score_calibration.h"

#include <modelsat/component.h>
#include <modelsat/encoder.h>
#include <modelsat/router.h>
#include <modelsat/text/source_classifier.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace modelsat::msat {

/// Scores P(model m answers x correctly) from m's aptitude results and x, so any model with aptitude results is
/// scored without retraining (caps().uses_aptitude). Uses the host's backbone when CreateContext::backbone is set,
/// otherwise builds the built-in tiny transformer from config "builtin_backbone". fit() trains a BPE tokenizer on the
/// training instructions, optionally pretrains (lm_pretraining), then runs stage 1 (connector and head; skipped when
/// stage1 is false) and stage 2 (everything) through the shared trainer, with checkpoints in work_dir when set.
/// score() averages over routing_shuffles task orders. With capability source_weighted, fit() also fits a source
/// classifier on the training instructions (RoutingSet::sources matched to CandidateSet::task_names), kept in the state. save/load write one checksummed state file (tokenizer,
/// weights, backbone weights); a file written from another config or corrupted is refused.
class ModelSatRouter final : public Router {
 public:
  /// config: resolved against model_sat_schema(). Throws ConfigError for settings the context cannot serve.
  ModelSatRouter(const nlohmann::json& config, const CreateContext& context);
  RouterCaps caps() const override;
  void fit(const RoutingSet& train_set, const RoutingSet* validation) override;
  at::Tensor score(const QueryBatch& queries, const CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  /// Creates the net (and the built-in backbone when the host gave none) with seeded weights.
  void build(text::BpeTokenizer tokenizer);
  /// Checks queries and candidates and converts them for the net; logs how many instructions were cut to fit (at
  /// info level while training, debug level while scoring).
  Inputs make_inputs(const QueryBatch& queries, const CandidateSet& candidates, bool training) const;
  /// capability source_weighted: fits task_classifier_ on the training instructions labelled with their source when it
  /// is an aptitude task's name. DataError when the candidates carry no task names or no training question comes from
  /// a task's source.
  void fit_task_classifier(const RoutingSet& train_set);
  /// [n_queries, n_tasks] P(task | instruction) from task_classifier_; DataError when the candidates name other tasks.
  at::Tensor task_weights(const QueryBatch& queries, const CandidateSet& candidates) const;
  /// Fits calibration_ on up to calibration_pairs pairs of held_out (one seeded task order each).
  void fit_calibration(const RoutingSet& held_out, const Inputs& inputs);

  nlohmann::json raw_config_;
  ModelSatConfig config_;
  std::string device_;
  uint64_t seed_;
  std::string work_dir_;
  int64_t embedding_dim_;
  const Encoder* encoder_;
  Backbone* host_backbone_;  ///< from the host, or null
  Backbone* backbone_ = nullptr;  ///< host_backbone_ or own_backbone_
  std::unique_ptr<Backbone> own_backbone_;
  std::shared_ptr<ModelSatNetImpl> net_;
  std::vector<std::string> train_descriptions_;
  std::vector<std::string> train_task_names_;   ///< source_weighted: the aptitude tasks' names at training time
  text::SourceClassifier task_classifier_;      ///< source_weighted: labels are task names
  ScoreCalibration calibration_;  ///< used when config calibration is per_model
  bool fitted_ = false;
};

}  // namespace modelsat::msat
