// Value types that cross the plugin boundary: model cards, query batches, candidate sets and routing sets.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat {

/// One candidate LLM as a router sees it.
struct ModelCard {
  std::string name;            ///< unique within a zoo
  double cost = 0.0;           ///< relative cost of one query to this model, >= 0 (dataset's documented unit)
  std::vector<float> aptitude; ///< [n_tasks] accuracy in [0, 1] per aptitude task; empty when no test was taken
};

/// The models a router chooses between, with the aptitude test's task descriptions (shared by all models).
struct CandidateSet {
  std::vector<ModelCard> models;              ///< [n_models]
  std::vector<std::string> task_descriptions; ///< [n_tasks] five-keyword description per aptitude task; may be empty
  std::vector<std::string> task_names;        ///< [n_tasks] the question source each aptitude task is drawn from (same
                                              ///< order); may be empty, e.g. when routing from a stored checkpoint
  int64_t size() const { return static_cast<int64_t>(models.size()); }
};

/// A batch of instructions to route. All vectors have the same length n; embeddings may be undefined when the
/// experiment has no encoder (a router that needs them must say so in its error). The last two fields are filled by
/// the host only for routers whose RouterCaps ask for them, and always describe the candidates of the same call:
/// column m is CandidateSet::models[m].
struct QueryBatch {
  std::vector<std::string> ids;        ///< [n] stable question ids
  std::vector<std::string> texts;      ///< [n] instruction text
  std::vector<std::string> categories; ///< [n] category label, "" when unknown
  at::Tensor embeddings;               ///< [n, d] float32, contiguous, CPU; from the experiment's encoder
  at::Tensor gold_correct;             ///< [n, n_models] float32 in [0, 1]; only for RouterCaps::sees_gold
  std::vector<std::string> candidate_answers; ///< [n * n_models] row-major answer of candidate m to query q ("" = none);
                                              ///< only for RouterCaps::sees_candidate_answers
  int64_t size() const { return static_cast<int64_t>(texts.size()); }
};

/// Supervision for fitting a router: which candidate answered which query correctly, what each answered, and where each
/// query came from.
struct RoutingSet {
  QueryBatch queries;      ///< [n_queries]; gold_correct/candidate_answers follow the same rule as in score()
  CandidateSet candidates; ///< [n_models]
  at::Tensor correct;      ///< [n_queries, n_models] float32 in [0, 1] (1 = correct), CPU
  std::vector<std::string> answers; ///< [n_queries * n_models] row-major answers ("" = none); may be empty
  std::vector<std::string> sources; ///< [n_queries] fine-grained origin of each query (MMLU-Pro's subject source, a
                                    ///< ZeroEval topic), "" when unknown; may be empty. Supervision only: score()
                                    ///< never receives it, so a router that learns from it must predict it from text
};

}  // namespace modelsat
