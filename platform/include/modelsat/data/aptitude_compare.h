// Compares aptitude-test scorings (plain accuracy, IRT ability, adaptive IRT) on held-out models: how often the truly
// strongest model is ranked first, rank correlations with the true accuracy, and the resampling standard error.
#pragma once

#include "modelsat/data/aptitude_irt.h"
#include "modelsat/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat::data {

/// Training models choose the aptitude test and calibrate the IRT; held-out models are scored from their answers to
/// the test's items only.
struct ModelGroup {
  std::string name;
  std::vector<std::string> training;
  std::vector<std::string> held_out;
};

/// `repeats` seeded partitions of the dataset's models into `folds` folds; each fold is one group (held out) against
/// the rest (training), named "fold <repeat>.<fold>". ConfigError when folds < 2 or folds > models / 2 (a fold must
/// hold at least two models, so that "ranked first" means something).
std::vector<ModelGroup> model_fold_groups(const Dataset& dataset, size_t folds, size_t repeats, uint64_t seed);

/// The scorings compared: "plain" (per-task accuracy; the scalar is its mean), "irt-1pl" and "irt-2pl" (MAP ability
/// on the test's items; per-task scores shrunk toward it), and with a pool, "adaptive-1pl" and "adaptive-2pl"
/// (maximal-information choice of `shots` items per task out of a pool of `pool_shots`).
std::vector<std::string> aptitude_scorings(bool with_pool);

struct AptitudeCompareOptions {
  size_t tasks = 50;        ///< the aptitude test built for each group (as `modelsat aptitude build`)
  size_t shots = 20;
  uint64_t test_seed = 1;
  /// Items per task in the adaptive pool: the test's items plus the next most distinguishing items of the task's
  /// source (training accuracy closest to 0.5); a source with fewer questions gives all it has. 0 = no adaptive
  /// scorings. The pool's questions are excluded from the truth for every scoring.
  size_t pool_shots = 0;
  size_t resamples = 200;   ///< bootstrap resamples of items within each task (the same resample for every model)
  uint64_t seed = 1;
  IrtOptions irt;           ///< priors and sweeps; the kind is set by each scoring
};

/// One scoring's results. Rates and means are over resamples, then averaged over groups (each group weighs the same).
struct ScoringMetrics {
  std::string scoring;
  double top1_held_out = 0;    ///< P(the truly strongest held-out model is ranked first among the held-out models)
  double top1_all = 0;         ///< same among held-out + training models (a newcomer competes with seen models)
  double regret_held_out = 0;  ///< true accuracy (points) of the strongest held-out model minus that of the one ranked first
  double regret_all = 0;
  double spearman_held_out = 0;  ///< rank correlation of the estimate with the true accuracy, held-out models
  double kendall_held_out = 0;   ///< Kendall tau-b, held-out models
  double spearman_all = 0;
  double kendall_all = 0;
  /// Resampling standard deviation of a held-out model's estimate, mean over held-out models, in accuracy points on
  /// the plain test's scale (IRT abilities are mapped by the test characteristic curve of the test's items).
  double standard_error = 0;
  /// Estimated gap (points, same scale) between the truly strongest and the truly second held-out model: its mean
  /// over resamples and its resampling standard deviation. A gap small against its error is a coin toss.
  double gap = 0;
  double gap_standard_error = 0;
  /// Pearson correlation, over held-out (model, task) pairs, of the per-task scores with the model's true accuracy on
  /// the task's source (its questions outside the test/pool); tasks whose source has no such question are left out.
  double task_correlation = 0;
  size_t test_top1_held_out = 0;  ///< groups where the test as built (no resampling) ranks the strongest held-out first
  size_t test_top1_all = 0;
};

struct GroupComparison {
  ModelGroup group;
  size_t truth_questions = 0;            ///< questions outside the test (and pool) that define the true accuracy
  std::vector<double> held_out_accuracy; ///< true accuracy of each held-out model (group.held_out order)
  std::string strongest_held_out;
  std::string strongest_all;
  double margin_held_out = 0;  ///< true accuracy gap (points) between the strongest and the second held-out model
  double margin_all = 0;
  std::vector<ScoringMetrics> scorings;  ///< aptitude_scorings order
};

struct AptitudeComparison {
  std::vector<GroupComparison> groups;
  std::vector<ScoringMetrics> overall;  ///< means over groups; test_top1_* summed over groups
};

/// Runs every scoring on every group. Errors: DataError for an unknown model or a model listed twice in a group;
/// ConfigError for a group with fewer than two held-out or two training models, pool_shots in 1..shots, resamples 0.
AptitudeComparison compare_aptitude_scorings(const Dataset& dataset, const std::vector<ModelGroup>& groups,
                                             const AptitudeCompareOptions& options);

/// Kendall's tau-b; 0 when either side is constant. ConfigError "kendall tau-b: wrong sizes (...)" unless both lists
/// have the same length >= 2. (Pearson and Spearman: aptitude_predictiveness.h.)
double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace modelsat::data
