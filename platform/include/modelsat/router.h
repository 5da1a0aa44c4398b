// The Router interface: fit on a routing set, then score queries against candidates as an [n_queries, n_models] matrix.
#pragma once

#include "modelsat/types.h"

#include <string>

namespace modelsat {

/// What a router needs and can do; the runner and the exporter read these instead of guessing from names.
struct RouterCaps {
  bool needs_embeddings = true;       ///< reads QueryBatch::embeddings
  bool uses_aptitude = false;         ///< reads ModelCard::aptitude, so unseen models can be scored without retraining
  bool sees_candidate_answers = false;///< post-generation: pays for running every candidate
  bool sees_gold = false;             ///< an upper bound that reads the answers (oracle); never a real router
};

class Router {
 public:
  virtual ~Router() = default;
  virtual RouterCaps caps() const = 0;
  /// Learns from train. validation (may be null) is for early stopping and calibration only. Called once, from one
  /// thread, before score(). Throws modelsat::Error on bad input.
  virtual void fit(const RoutingSet& train, const RoutingSet* validation) = 0;
  /// Scores every (query, candidate) pair: returns [queries.size(), candidates.size()] float32 on CPU, finite, higher =
  /// more likely to answer correctly (a probability where the router can calibrate one). No routing policy here: the
  /// platform turns scores into decisions. Deterministic for a given seed; safe to call from several threads.
  virtual at::Tensor score(const QueryBatch& queries, const CandidateSet& candidates) const = 0;
  /// Writes the fitted state to path atomically / restores it; score() after load() equals score() before save().
  virtual void save(const std::string& path) const = 0;
  virtual void load(const std::string& path) = 0;
};

}  // namespace modelsat
