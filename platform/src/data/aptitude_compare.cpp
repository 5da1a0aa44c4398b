// Resampling comparison of aptitude-test scorings on held-out models (ranking the strongest, correlations, errors).
#include "modelsat/data/aptitude_compare.h"

#include "modelsat/data/aptitude.h"
#include "modelsat/data/aptitude_predictiveness.h"
#include "modelsat/error.h"
#include "modelsat/rng.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace modelsat::data {
namespace {

enum class ScoringKind { Plain, Irt, Adaptive };

struct Scoring {
  std::string name;
  ScoringKind kind;
  IrtKind irt;
};

std::vector<Scoring> scorings(bool with_pool) {
  std::vector<Scoring> out = {{"plain", ScoringKind::Plain, IrtKind::OnePl},
                              {"irt-1pl", ScoringKind::Irt, IrtKind::OnePl},
                              {"irt-2pl", ScoringKind::Irt, IrtKind::TwoPl}};
  if (with_pool) {
    out.push_back({"adaptive-1pl", ScoringKind::Adaptive, IrtKind::OnePl});
    out.push_back({"adaptive-2pl", ScoringKind::Adaptive, IrtKind::TwoPl});
  }
  return out;
}

size_t argmax(const std::vector<double>& x) { return static_cast<size_t>(std::max_element(x.begin(), x.end()) - x.begin()); }

/// Ranking-first credit and expected regret under a uniform tie-break among the models tied at the top estimate
/// (estimates within 1e-9 count as tied, so that rounding does not break a tie of equal raw scores).
std::pair<double, double> top1_credit_and_regret(const std::vector<double>& estimate, const std::vector<double>& truth) {
  const double top = *std::max_element(estimate.begin(), estimate.end());
  const size_t best = argmax(truth);
  double credit = 0, regret = 0, tied = 0;
  for (size_t j = 0; j < estimate.size(); ++j)
    if (estimate[j] >= top - 1e-9) {
      tied += 1;
      credit += j == best ? 1.0 : 0.0;
      regret += truth[best] - truth[j];
    }
  return {credit / tied, regret / tied};
}

std::pair<double, double> top_margin(const std::vector<double>& truth) {
  std::vector<double> sorted = truth;
  std::sort(sorted.rbegin(), sorted.rend());
  return {sorted[0], sorted[0] - sorted[1]};
}

/// Everything a group needs: the test and pool rows per task, model columns (held-out first), the truth.
struct GroupData {
  AptitudeTest test;
  std::vector<std::vector<size_t>> test_rows;  ///< per task, dataset rows of the test's items
  std::vector<std::vector<size_t>> pool_rows;  ///< per task, the test's rows first, then the extra pool rows
  std::vector<size_t> columns;                 ///< held-out models, then training models
  size_t n_held_out = 0;
  size_t truth_questions = 0;
  std::vector<double> truth;                     ///< per column, accuracy on the truth questions
  std::vector<std::vector<double>> task_truth;   ///< per column and task; NaN where the source has no truth question
};

void check_group(const Dataset& dataset, const ModelGroup& group) {
  const std::string where = dataset.name + ": model group '" + group.name + "'";
  if (group.held_out.size() < 2)
    throw ConfigError(where + ": too few held-out models (expected at least 2, got " +
                      std::to_string(group.held_out.size()) + ")");
  if (group.training.size() < 2)
    throw ConfigError(where + ": too few training models (expected at least 2, got " +
                      std::to_string(group.training.size()) + ")");
  std::set<std::string> seen;
  for (const auto* list : {&group.held_out, &group.training})
    for (const std::string& model : *list) {
      dataset.model_index(model);
      if (!seen.insert(model).second) throw DataError(where + ": model '" + model + "' is listed twice");
    }
}

GroupData prepare_group(const Dataset& dataset, const ModelGroup& group, const AptitudeCompareOptions& options) {
  GroupData data;
  AptitudeOptions build;
  build.tasks = options.tasks;
  build.shots = options.shots;
  build.seed = options.test_seed;
  build.training_models = group.training;
  data.test = build_aptitude_test(dataset, build);
  std::vector<size_t> training;
  for (const std::string& model : group.training) training.push_back(dataset.model_index(model));
  for (const std::string& model : group.held_out) data.columns.push_back(dataset.model_index(model));
  data.n_held_out = data.columns.size();
  data.columns.insert(data.columns.end(), training.begin(), training.end());

  std::vector<bool> in_pool(dataset.n_questions(), false);
  for (const AptitudeTask& task : data.test.tasks) {
    data.test_rows.push_back(dataset.rows_of(task.items));
    std::vector<size_t> pool = data.test_rows.back();
    for (size_t q : pool) in_pool[q] = true;
    if (options.pool_shots > options.shots) {
      std::vector<std::pair<double, size_t>> extra;  // (|training accuracy - 0.5|, row)
      for (size_t q = 0; q < dataset.n_questions(); ++q) {
        if (in_pool[q] || dataset.questions[q].source != task.name) continue;
        double p = 0;
        for (size_t m : training) p += dataset.score(q, m);
        extra.emplace_back(std::fabs(p / static_cast<double>(training.size()) - 0.5), q);
      }
      std::sort(extra.begin(), extra.end());
      for (size_t k = 0; k < extra.size() && pool.size() < options.pool_shots; ++k) {
        pool.push_back(extra[k].second);
        in_pool[extra[k].second] = true;
      }
    }
    data.pool_rows.push_back(std::move(pool));
  }

  const size_t n_tasks = data.test.tasks.size();
  std::vector<std::vector<double>> sums(data.columns.size(), std::vector<double>(n_tasks, 0.0));
  std::vector<double> task_counts(n_tasks, 0.0);
  std::vector<size_t> task_of_source_row(dataset.n_questions(), n_tasks);
  for (size_t t = 0; t < n_tasks; ++t)
    for (size_t q = 0; q < dataset.n_questions(); ++q)
      if (dataset.questions[q].source == data.test.tasks[t].name) task_of_source_row[q] = t;
  data.truth.assign(data.columns.size(), 0.0);
  for (size_t q = 0; q < dataset.n_questions(); ++q) {
    if (in_pool[q]) continue;
    ++data.truth_questions;
    const size_t t = task_of_source_row[q];
    if (t < n_tasks) task_counts[t] += 1;
    for (size_t j = 0; j < data.columns.size(); ++j) {
      data.truth[j] += dataset.score(q, data.columns[j]);
      if (t < n_tasks) sums[j][t] += dataset.score(q, data.columns[j]);
    }
  }
  if (data.truth_questions == 0)
    throw DataError(dataset.name + ": model group '" + group.name + "': no questions outside the aptitude items");
  for (size_t j = 0; j < data.columns.size(); ++j) {
    data.truth[j] /= static_cast<double>(data.truth_questions);
    std::vector<double> per_task(n_tasks, std::nan(""));
    for (size_t t = 0; t < n_tasks; ++t)
      if (task_counts[t] > 0) per_task[t] = sums[j][t] / task_counts[t];
    data.task_truth.push_back(std::move(per_task));
  }
  return data;
}

/// Item index ranges per task of a flattened per-task row list, and the flattened rows and task indices.
struct FlatItems {
  std::vector<size_t> rows, task;
  std::vector<std::vector<size_t>> items_of_task;
};

FlatItems flatten(const std::vector<std::vector<size_t>>& rows_per_task) {
  FlatItems out;
  out.items_of_task.resize(rows_per_task.size());
  for (size_t t = 0; t < rows_per_task.size(); ++t)
    for (size_t q : rows_per_task[t]) {
      out.items_of_task[t].push_back(out.rows.size());
      out.rows.push_back(q);
      out.task.push_back(t);
    }
  return out;
}

IrtCalibration calibrate(const Dataset& dataset, const GroupData& data, const FlatItems& items, IrtKind kind,
                         const AptitudeCompareOptions& options, const std::string& where) {
  IrtOptions irt = options.irt;
  irt.kind = kind;
  std::vector<double> responses;
  for (size_t j = data.n_held_out; j < data.columns.size(); ++j)
    for (size_t q : items.rows) responses.push_back(dataset.score(q, data.columns[j]));
  return fit_irt(responses, data.columns.size() - data.n_held_out, items.task, data.test.tasks.size(), irt, where);
}

/// One scoring of one model: the scalar on the plain test's accuracy scale, and per-task scores (held-out only).
struct Estimate {
  double scalar = 0;
  std::vector<double> tasks;
};

/// Accumulates one scoring's per-resample metrics for a group.
struct Tally {
  double top1_held_out = 0, top1_all = 0, regret_held_out = 0, regret_all = 0;
  double spearman_held_out = 0, kendall_held_out = 0, spearman_all = 0, kendall_all = 0, task_correlation = 0;
  std::vector<double> sum, sum_squares;  ///< per held-out model, of the scalar estimate
  double gap_sum = 0, gap_sum_squares = 0;  ///< of the estimated gap between the two truly strongest held-out models
  size_t test_top1_held_out = 0, test_top1_all = 0;
};

}  // namespace

std::vector<std::string> aptitude_scorings(bool with_pool) {
  std::vector<std::string> names;
  for (const Scoring& scoring : scorings(with_pool)) names.push_back(scoring.name);
  return names;
}

AptitudeComparison compare_aptitude_scorings(const Dataset& dataset, const std::vector<ModelGroup>& groups,
                                             const AptitudeCompareOptions& options) {
  if (options.resamples == 0) throw ConfigError("aptitude compare: resamples: must be positive (expected >= 1, got 0)");
  if (options.pool_shots > 0 && options.pool_shots <= options.shots)
    throw ConfigError("aptitude compare: pool_shots: the pool must be larger than the test (expected more than " +
                      std::to_string(options.shots) + " items per task, got " + std::to_string(options.pool_shots) +
                      ")");
  if (groups.empty()) throw ConfigError("aptitude compare: no model groups (expected at least one)");
  for (const ModelGroup& group : groups) check_group(dataset, group);
  const bool with_pool = options.pool_shots > 0;
  const std::vector<Scoring> all_scorings = scorings(with_pool);
  const Rng base(options.seed);
  AptitudeComparison out;
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string where = dataset.name + ": model group '" + groups[g].name + "'";
    const GroupData data = prepare_group(dataset, groups[g], options);
    const FlatItems test_items = flatten(data.test_rows), pool_items = flatten(data.pool_rows);
    std::vector<size_t> all_test_items(test_items.rows.size()), reference;  // reference: the test's items in the pool
    for (size_t i = 0; i < all_test_items.size(); ++i) all_test_items[i] = i;
    for (size_t t = 0; t < data.test_rows.size(); ++t)
      for (size_t k = 0; k < data.test_rows[t].size(); ++k) reference.push_back(pool_items.items_of_task[t][k]);
    std::vector<IrtCalibration> calibrations;
    for (const Scoring& scoring : all_scorings)
      calibrations.push_back(scoring.kind == ScoringKind::Plain ? IrtCalibration{}
                             : calibrate(dataset, data, scoring.kind == ScoringKind::Irt ? test_items : pool_items,
                                         scoring.irt, options, where));

    const size_t n_models = data.columns.size(), n_held = data.n_held_out, n_tasks = data.test_rows.size();
    const std::vector<double> truth_held(data.truth.begin(), data.truth.begin() + static_cast<long>(n_held));
    const size_t strongest = argmax(truth_held);
    std::vector<double> others = truth_held;
    others[strongest] = -INFINITY;
    const size_t runner_up = argmax(others);
    std::vector<Tally> tallies(all_scorings.size());
    for (Tally& tally : tallies) {
      tally.sum.assign(n_held, 0.0);
      tally.sum_squares.assign(n_held, 0.0);
    }
    for (size_t r = 0; r <= options.resamples; ++r) {  // r = 0: the test (and pool) as built
      Rng rng = base.fork(g * 1000003ULL + r);
      std::vector<std::vector<size_t>> test_slots(n_tasks), pool_slots(n_tasks);
      for (size_t t = 0; t < n_tasks; ++t) {
        for (const auto& [items, slots] : {std::make_pair(&test_items.items_of_task[t], &test_slots[t]),
                                           std::make_pair(&pool_items.items_of_task[t], &pool_slots[t])})
          for (size_t k = 0; k < items->size(); ++k) slots->push_back(r == 0 ? (*items)[k] : (*items)[rng.below(items->size())]);
      }
      for (size_t s = 0; s < all_scorings.size(); ++s) {
        const Scoring& scoring = all_scorings[s];
        const IrtCalibration& calibration = calibrations[s];
        std::vector<Estimate> estimates(n_models);
        for (size_t j = 0; j < n_models; ++j) {
          const size_t column = data.columns[j];
          Estimate& e = estimates[j];
          if (scoring.kind == ScoringKind::Plain) {
            double total = 0, count = 0;
            for (const std::vector<size_t>& slots : test_slots) {
              double sum = 0;
              for (size_t item : slots) sum += dataset.score(test_items.rows[item], column);
              e.tasks.push_back(sum / static_cast<double>(slots.size()));
              total += sum;
              count += static_cast<double>(slots.size());
            }
            e.scalar = total / count;
            continue;
          }
          std::vector<ItemAnswer> answers;
          const std::vector<size_t>* scale = &all_test_items;
          if (scoring.kind == ScoringKind::Irt) {
            for (const std::vector<size_t>& slots : test_slots)
              for (size_t item : slots) answers.push_back({item, dataset.score(test_items.rows[item], column)});
          } else {
            scale = &reference;
            answers = adaptive_answers(calibration, pool_slots, options.shots, [&](size_t item) {
              return static_cast<double>(dataset.score(pool_items.rows[item], column));
            });
          }
          const double theta = estimate_ability(calibration, answers, where).ability;
          e.scalar = expected_accuracy(calibration, *scale, theta);
          if (j < n_held) e.tasks = irt_task_scores(calibration, answers, theta, *scale, where);
        }
        std::vector<double> all(n_models), held(n_held);
        for (size_t j = 0; j < n_models; ++j) all[j] = estimates[j].scalar;
        std::copy(all.begin(), all.begin() + static_cast<long>(n_held), held.begin());
        Tally& tally = tallies[s];
        const auto [credit_held, regret_held] = top1_credit_and_regret(held, truth_held);
        const auto [credit_all, regret_all] = top1_credit_and_regret(all, data.truth);
        if (r == 0) {
          tally.test_top1_held_out += credit_held == 1.0 ? 1 : 0;
          tally.test_top1_all += credit_all == 1.0 ? 1 : 0;
          continue;
        }
        tally.top1_held_out += credit_held;
        tally.top1_all += credit_all;
        tally.regret_held_out += 100.0 * regret_held;
        tally.regret_all += 100.0 * regret_all;
        tally.spearman_held_out += spearman_correlation(held, truth_held);
        tally.kendall_held_out += kendall_tau_b(held, truth_held);
        tally.spearman_all += spearman_correlation(all, data.truth);
        tally.kendall_all += kendall_tau_b(all, data.truth);
        const double gap = 100.0 * (held[strongest] - held[runner_up]);
        tally.gap_sum += gap;
        tally.gap_sum_squares += gap * gap;
        std::vector<double> task_estimate, task_truth;
        for (size_t j = 0; j < n_held; ++j) {
          tally.sum[j] += 100.0 * held[j];
          tally.sum_squares[j] += 100.0 * held[j] * 100.0 * held[j];
          for (size_t t = 0; t < n_tasks; ++t)
            if (!std::isnan(data.task_truth[j][t])) {
              task_estimate.push_back(estimates[j].tasks[t]);
              task_truth.push_back(data.task_truth[j][t]);
            }
        }
        tally.task_correlation += pearson_correlation(task_estimate, task_truth);
      }
    }

    GroupComparison group;
    group.group = groups[g];
    group.truth_questions = data.truth_questions;
    group.held_out_accuracy = truth_held;
    group.strongest_held_out = groups[g].held_out[argmax(truth_held)];
    const size_t best_all = argmax(data.truth);
    group.strongest_all = dataset.models[data.columns[best_all]];
    group.margin_held_out = 100.0 * top_margin(truth_held).second;
    group.margin_all = 100.0 * top_margin(data.truth).second;
    const double b = static_cast<double>(options.resamples);
    for (size_t s = 0; s < all_scorings.size(); ++s) {
      const Tally& tally = tallies[s];
      ScoringMetrics m;
      m.scoring = all_scorings[s].name;
      m.top1_held_out = tally.top1_held_out / b;
      m.top1_all = tally.top1_all / b;
      m.regret_held_out = tally.regret_held_out / b;
      m.regret_all = tally.regret_all / b;
      m.spearman_held_out = tally.spearman_held_out / b;
      m.kendall_held_out = tally.kendall_held_out / b;
      m.spearman_all = tally.spearman_all / b;
      m.kendall_all = tally.kendall_all / b;
      m.task_correlation = tally.task_correlation / b;
      for (size_t j = 0; j < n_held; ++j) {
        const double mean = tally.sum[j] / b;
        m.standard_error += std::sqrt(std::max(0.0, tally.sum_squares[j] / b - mean * mean)) / static_cast<double>(n_held);
      }
      m.gap = tally.gap_sum / b;
      m.gap_standard_error = std::sqrt(std::max(0.0, tally.gap_sum_squares / b - m.gap * m.gap));
      m.test_top1_held_out = tally.test_top1_held_out;
      m.test_top1_all = tally.test_top1_all;
      group.scorings.push_back(m);
    }
    out.groups.push_back(std::move(group));
  }

  const double n_groups = static_cast<double>(out.groups.size());
  for (size_t s = 0; s < all_scorings.size(); ++s) {
    ScoringMetrics total;
    total.scoring = all_scorings[s].name;
    for (const GroupComparison& group : out.groups) {
      const ScoringMetrics& m = group.scorings[s];
      for (auto field : {&ScoringMetrics::top1_held_out, &ScoringMetrics::top1_all, &ScoringMetrics::regret_held_out,
                         &ScoringMetrics::regret_all, &ScoringMetrics::spearman_held_out,
                         &ScoringMetrics::kendall_held_out, &ScoringMetrics::spearman_all,
                         &ScoringMetrics::kendall_all, &ScoringMetrics::standard_error, &ScoringMetrics::gap,
                         &ScoringMetrics::gap_standard_error, &ScoringMetrics::task_correlation})
        total.*field += m.*field / n_groups;
      total.test_top1_held_out += m.test_top1_held_out;
      total.test_top1_all += m.test_top1_all;
    }
    out.overall.push_back(total);
  }
  return out;
}

double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2)
    throw ConfigError("kendall tau-b: wrong sizes (expected two equally long lists of at least 2 values, got " +
                      std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")");
  double concordant_minus_discordant = 0, pairs_x = 0, pairs_y = 0;
  for (size_t i = 0; i < x.size(); ++i)
    for (size_t j = i + 1; j < x.size(); ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx != 0) pairs_x += 1;
      if (dy != 0) pairs_y += 1;
      if (dx != 0 && dy != 0) concordant_minus_discordant += (dx > 0) == (dy > 0) ? 1 : -1;
    }
  return pairs_x > 0 && pairs_y > 0 ? concordant_minus_discordant / std::sqrt(pairs_x * pairs_y) : 0.0;
}

}  // namespace modelsat::data
