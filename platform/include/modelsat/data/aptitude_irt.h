// Item-response-theory scoring of the aptitude test: 1PL/2PL item calibration on training models, MAP abilities of
// new models, per-task scores in [0, 1], and adaptive (maximal-information) item choice.
#pragma once

#include "modelsat/data/aptitude.h"
#include "modelsat/data/dataset.h"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace modelsat::data {

/// 1PL: one discrimination shared by every item (Rasch with an estimated common slope); 2PL: one per item.
enum class IrtKind { OnePl, TwoPl };

/// "1pl" / "2pl"; parse_irt_kind throws ConfigError "<where>: not an IRT model (expected 1pl or 2pl, got 'x')".
std::string irt_kind_name(IrtKind kind);
IrtKind parse_irt_kind(const std::string& text, const std::string& where);

struct IrtOptions {
  IrtKind kind = IrtKind::TwoPl;
  size_t max_sweeps = 500;                   ///< alternating sweeps (ability steps, then item steps), at most
  double tolerance = 1e-6;                   ///< converged when no parameter moves more than this in one sweep
  double ability_prior_sd = 1.0;             ///< theta ~ N(0, sd^2); fixes the scale, for training and new models
  double difficulty_prior_sd = 3.0;          ///< b ~ N(0, sd^2)
  double log_discrimination_prior_sd = 0.5;  ///< log a ~ N(0, sd^2) (per item for 2PL, the shared one for 1PL)
};

/// Calibrated items: P(correct | theta) = 1 / (1 + exp(-a_i (theta - b_i))). Item vectors have one entry per item.
struct IrtCalibration {
  IrtKind kind = IrtKind::TwoPl;
  size_t n_tasks = 0;
  std::vector<size_t> item_task;         ///< task index (< n_tasks) of each item
  std::vector<double> difficulty;        ///< b_i
  std::vector<double> discrimination;    ///< a_i > 0 (all equal for 1PL)
  double ability_prior_sd = 1.0;
  /// tau: prior sd of a model's per-task deviation from its ability, chosen by marginal likelihood on the training
  /// models (a grid 0.05..2.00); shrinks per-task scores toward what the overall ability predicts.
  double task_deviation_sd = 0.0;
  std::vector<double> training_ability;  ///< joint-MAP theta of each training model (row order of the responses)
  size_t sweeps = 0;                     ///< sweeps run (== max_sweeps when not converged)
  bool converged = false;

  size_t n_items() const { return difficulty.size(); }
  /// P(correct) of item i at ability theta.
  double p_correct(size_t item, double theta) const;
};

/// Joint MAP fit by alternating Newton steps (abilities) and damped Fisher-scoring steps (item parameters), from a
/// deterministic start (no randomness). responses: row-major [n_models x item_task.size()] scores in [0, 1]
/// (fractional scores enter as Bernoulli log-likelihood weights). Errors (ConfigError/DataError, prefixed by `where`):
/// fewer than 2 models, no items, a task index >= n_tasks, a response outside [0, 1] or not finite, shape mismatch.
IrtCalibration fit_irt(const std::vector<double>& responses, size_t n_models, const std::vector<size_t>& item_task,
                       size_t n_tasks, const IrtOptions& options, const std::string& where);

/// Calibrates the items of `test` (item order = test.item_ids(), task order = test.tasks) on the stored answers of
/// the test's training models (unobserved = wrong, as in aptitude_vector). DataError on an unknown model or item.
IrtCalibration calibrate_aptitude_irt(const AptitudeTest& test, const Dataset& dataset, const IrtOptions& options);

/// One answered item: its index in the calibration and the score in [0, 1].
struct ItemAnswer {
  size_t item = 0;
  double score = 0;
};

struct AbilityEstimate {
  double ability = 0;         ///< MAP theta (items fixed, prior N(0, ability_prior_sd^2))
  double standard_error = 0;  ///< 1 / sqrt(test information at theta + prior precision)
};

/// MAP ability from answers alone (repeated items count repeatedly). DataError "<where>: no answered items (expected
/// at least one answer)" when empty, "<where>: answer <k>: unknown item <i> (expected an index below N)" or a score
/// outside [0, 1].
AbilityEstimate estimate_ability(const IrtCalibration& calibration, const std::vector<ItemAnswer>& answers,
                                 const std::string& where);

/// Per-task scores in [0, 1]: for task t, the mean P(correct) over reference_items of t at theta + delta_t, where
/// delta_t is the MAP per-task deviation (prior N(0, tau^2)) given the answers of t with theta fixed. A task without
/// answers gets delta_t = 0. reference_items: indices of the items that define the scale (the plain test's items);
/// every task must have at least one (DataError otherwise). Same answer errors as estimate_ability.
std::vector<double> irt_task_scores(const IrtCalibration& calibration, const std::vector<ItemAnswer>& answers,
                                    double ability, const std::vector<size_t>& reference_items,
                                    const std::string& where);

/// Mean P(correct) over the given items at theta (the test characteristic curve): maps an ability onto the plain
/// test's accuracy scale, monotone in theta.
double expected_accuracy(const IrtCalibration& calibration, const std::vector<size_t>& items, double theta);

/// A new model's IRT-weighted aptitude vector from its answers (question id -> score), the test calibrated by
/// calibrate_aptitude_irt. Same errors as aptitude_vector (missing item, score out of range).
struct IrtAptitudeScore {
  AbilityEstimate ability;
  double expected_accuracy = 0;  ///< ability on the plain test's accuracy scale
  std::vector<double> vector;    ///< per-task scores, test.tasks order
};
IrtAptitudeScore irt_aptitude_vector(const AptitudeTest& test, const IrtCalibration& calibration,
                                     const std::map<std::string, double>& answers, const std::string& where);

/// Adaptive item choice with content balancing: rounds visit the tasks in order and give each task the candidate of
/// highest Fisher information a^2 p (1 - p) at the current ability (ties: first candidate); the MAP ability is updated
/// after every round. candidates[t]: the slots of task t as calibration item indices (repeats are separate slots,
/// for bootstrap pools); each slot is used at most once; a task gets min(per_task, its slots) items.
/// answer(item) reveals the score of an item. Returns the answers in the order asked. DataError "adaptive item choice:
/// task <t>: unknown item <i> (expected an index below N)" on a candidate outside the calibration.
std::vector<ItemAnswer> adaptive_answers(const IrtCalibration& calibration,
                                         const std::vector<std::vector<size_t>>& candidates, size_t per_task,
                                         const std::function<double(size_t)>& answer);

}  // namespace modelsat::data
