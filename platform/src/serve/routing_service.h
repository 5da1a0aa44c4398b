// The server's routing state: the loaded int8 router, its zoo, and models onboarded at run time by aptitude results.
#pragma once

#include "msq/runtime.h"

#include <nlohmann/json.hpp>

#include <shared_mutex>
#include <string>
#include <vector>

namespace modelsat::serve {

/// Thread-safe: every public method may be called from several HTTP worker threads at once. Reads take a shared
/// lock; onboarding takes an exclusive one. Routing itself runs outside the lock on a copy of the candidate list.
class RoutingService {
 public:
  /// persist_path empty: onboarded models live in memory only. Otherwise the file's models are onboarded now (when
  /// it exists) and the file is rewritten atomically after every onboarding. Throws DataError/IoError for a
  /// persisted file that is unreadable, malformed, or whose models do not fit this router (wrong length, clash).
  RoutingService(msq::Router router, std::string persist_path);

  /// GET /v1/models: {"tasks": [descriptions], "models": [{"name", "cost", "aptitude", "onboarded"}], "zoos": {...}}.
  nlohmann::json list_models() const;

  /// POST /v1/route with body {"instruction": str, "zoo"?: str, "models"?: [str]} (zoo and models exclusive).
  /// Candidates: the named models; or the zoo's models plus every onboarded model; or (neither given) every model.
  /// Returns {"candidates": [names], "probabilities": {name: p}, "choice": name, "truncated": bool,
  /// "instruction_tokens": n, "ms": routing time}. Throws ApiError 422 (bad field, unknown zoo or model).
  nlohmann::json route(const nlohmann::json& request) const;

  /// POST /v1/models with body {"name": str, "aptitude": [n_tasks numbers in [0, 1]], "cost"?: number >= 0
  /// (default 0)}. Returns the new model as listed by list_models(). Throws ApiError 422 (bad field) or 409 (the
  /// name is taken, or the onboarding limit is reached); IoError when persisting fails (the model is then not kept).
  nlohmann::json onboard(const nlohmann::json& request);

  /// Number of tasks of the aptitude test the router was trained with.
  size_t n_tasks() const { return router_.n_tasks(); }

  /// At most this many models can be onboarded into one server.
  static constexpr size_t kMaxOnboardedModels = 1000;

 private:
  std::vector<msq::Candidate> candidates_for(const nlohmann::json& request, const std::string& where) const;
  bool has_model(const std::string& name) const;
  void load_persisted();
  void save_persisted() const;

  const msq::Router router_;
  const std::string persist_path_;
  mutable std::shared_mutex mutex_;
  std::vector<msq::Candidate> onboarded_;
};

}  // namespace modelsat::serve
