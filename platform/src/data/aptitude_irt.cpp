// 1PL/2PL calibration of aptitude items, MAP abilities and shrunken per-task scores.
#include "modelsat/data/aptitude_irt.h"

#include "irt_map.h"

#include "modelsat/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace modelsat::data {
namespace {

double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }

/// log(1 + e^z) without overflow.
double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::fabs(z))); }

/// Bernoulli log-likelihood of score x at logit z.
double log_likelihood(double x, double z) { return x * z - softplus(z); }

double clamp_step(double step) { return std::max(-1.0, std::min(1.0, step)); }

std::string describe(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

void check_score(double score, const std::string& where) {
  if (!std::isfinite(score) || score < 0 || score > 1)
    throw DataError(where + ": score out of range (expected a value in [0, 1], got " + describe(score) + ")");
}

void check_answers(const IrtCalibration& calibration, const std::vector<ItemAnswer>& answers, const std::string& where) {
  if (answers.empty()) throw DataError(where + ": no answered items (expected at least one answer)");
  for (size_t k = 0; k < answers.size(); ++k) {
    const std::string at = where + ": answer " + std::to_string(k);
    if (answers[k].item >= calibration.n_items())
      throw DataError(at + ": unknown item " + std::to_string(answers[k].item) + " (expected an index below " +
                      std::to_string(calibration.n_items()) + ")");
    check_score(answers[k].score, at);
  }
}


struct Fit {
  const std::vector<double>& responses;
  size_t n_models;
  size_t n_items;
  const IrtOptions& options;
  std::vector<double> theta, difficulty, log_a;

  double x(size_t m, size_t i) const { return responses[m * n_items + i]; }
  double a(size_t i) const { return std::exp(log_a[i]); }

  /// Newton steps on one model's ability to convergence.
  void ability_step(size_t m) {
    const double precision = 1.0 / (options.ability_prior_sd * options.ability_prior_sd);
    for (int iteration = 0; iteration < 50; ++iteration) {
      double gradient = -theta[m] * precision, information = precision;
      for (size_t i = 0; i < n_items; ++i) {
        const double p = sigmoid(a(i) * (theta[m] - difficulty[i]));
        gradient += a(i) * (x(m, i) - p);
        information += a(i) * a(i) * p * (1 - p);
      }
      const double step = clamp_step(gradient / information);
      theta[m] += step;
      if (std::fabs(step) < 1e-12) break;
    }
  }

  /// Fixes location and scale: the training abilities get mean 0 and sd 1, the items follow (likelihood unchanged).
  /// Without it the joint mode drifts to shrunken abilities and inflated discriminations.
  void standardise() {
    double mean = 0, variance = 0;
    for (double t : theta) mean += t / static_cast<double>(n_models);
    for (double t : theta) variance += (t - mean) * (t - mean) / static_cast<double>(n_models);
    const double sd = variance > 0 ? std::sqrt(variance) : 1.0;
    for (double& t : theta) t = (t - mean) / sd;
    for (size_t i = 0; i < n_items; ++i) {
      difficulty[i] = (difficulty[i] - mean) / sd;
      log_a[i] += std::log(sd);
    }
  }

  /// The largest absolute change of any parameter against an earlier copy.
  double moved_since(const Fit& before) const {
    double moved = 0;
    for (size_t m = 0; m < n_models; ++m) moved = std::max(moved, std::fabs(theta[m] - before.theta[m]));
    for (size_t i = 0; i < n_items; ++i)
      moved = std::max({moved, std::fabs(difficulty[i] - before.difficulty[i]), std::fabs(log_a[i] - before.log_a[i])});
    return moved;
  }

  /// Penalised log-likelihood of item i at (b, log a).
  double item_objective(size_t i, double b, double alpha) const {
    const double slope = std::exp(alpha);
    double total = -0.5 * b * b / (options.difficulty_prior_sd * options.difficulty_prior_sd);
    if (options.kind == IrtKind::TwoPl)
      total -= 0.5 * alpha * alpha / (options.log_discrimination_prior_sd * options.log_discrimination_prior_sd);
    for (size_t m = 0; m < n_models; ++m) total += log_likelihood(x(m, i), slope * (theta[m] - b));
    return total;
  }

  /// One damped Fisher-scoring step on (b_i, log a_i) (log a_i kept for 1PL).
  void item_step(size_t i) {
    const bool two_pl = options.kind == IrtKind::TwoPl;
    const double slope = a(i);
    double g_b = -difficulty[i] / (options.difficulty_prior_sd * options.difficulty_prior_sd);
    double i_bb = 1.0 / (options.difficulty_prior_sd * options.difficulty_prior_sd);
    const double alpha_precision = 1.0 / (options.log_discrimination_prior_sd * options.log_discrimination_prior_sd);
    double g_a = -log_a[i] * alpha_precision, i_aa = alpha_precision, i_ba = 0;
    for (size_t m = 0; m < n_models; ++m) {
      const double z = slope * (theta[m] - difficulty[i]);
      const double p = sigmoid(z), w = p * (1 - p), r = x(m, i) - p;
      g_b -= r * slope;
      i_bb += w * slope * slope;
      g_a += r * z;
      i_aa += w * z * z;
      i_ba -= w * slope * z;
    }
    double step_b = g_b / i_bb, step_a = 0;
    if (two_pl) {
      const double det = i_bb * i_aa - i_ba * i_ba;
      step_b = (i_aa * g_b - i_ba * g_a) / det;
      step_a = (i_bb * g_a - i_ba * g_b) / det;
    }
    step_b = clamp_step(step_b);
    step_a = clamp_step(step_a);
    const double before = item_objective(i, difficulty[i], log_a[i]);
    for (int halving = 0; halving < 30; ++halving) {
      if (item_objective(i, difficulty[i] + step_b, log_a[i] + step_a) >= before) {
        difficulty[i] += step_b;
        log_a[i] += step_a;
        return;
      }
      step_b /= 2;
      step_a /= 2;
    }
  }

  /// 1PL: one damped Fisher-scoring step on the shared log discrimination.
  void shared_slope_step() {
    const double precision = 1.0 / (options.log_discrimination_prior_sd * options.log_discrimination_prior_sd);
    const double alpha = log_a[0], slope = std::exp(alpha);
    auto objective = [&](double candidate) {
      const double s = std::exp(candidate);
      double total = -0.5 * candidate * candidate * precision;
      for (size_t i = 0; i < n_items; ++i)
        for (size_t m = 0; m < n_models; ++m) total += log_likelihood(x(m, i), s * (theta[m] - difficulty[i]));
      return total;
    };
    double gradient = -alpha * precision, information = precision;
    for (size_t i = 0; i < n_items; ++i)
      for (size_t m = 0; m < n_models; ++m) {
        const double z = slope * (theta[m] - difficulty[i]);
        const double p = sigmoid(z);
        gradient += (x(m, i) - p) * z;
        information += p * (1 - p) * z * z;
      }
    double step = clamp_step(gradient / information);
    const double before = objective(alpha);
    for (int halving = 0; halving < 30; ++halving, step /= 2)
      if (objective(alpha + step) >= before) {
        std::fill(log_a.begin(), log_a.end(), alpha + step);
        return;
      }
  }
};

/// tau by marginal likelihood over the training models' (model, task) blocks: delta = tau u, u on a normal grid.
double fit_task_deviation_sd(const IrtCalibration& c, const std::vector<double>& responses, size_t n_models) {
  constexpr int kNodes = 41;
  std::vector<double> nodes(kNodes), log_weights(kNodes);
  double total_weight = 0;
  for (int k = 0; k < kNodes; ++k) {
    nodes[k] = -4.0 + 0.2 * k;
    total_weight += std::exp(-0.5 * nodes[k] * nodes[k]);
  }
  for (int k = 0; k < kNodes; ++k) log_weights[k] = -0.5 * nodes[k] * nodes[k] - std::log(total_weight);
  std::vector<std::vector<size_t>> task_items(c.n_tasks);
  for (size_t i = 0; i < c.n_items(); ++i) task_items[c.item_task[i]].push_back(i);
  double best_tau = 0.05, best = -INFINITY;
  std::vector<double> log_terms(kNodes);
  for (int step = 1; step <= 40; ++step) {
    const double tau = 0.05 * step;
    double total = 0;
    for (size_t m = 0; m < n_models; ++m)
      for (const std::vector<size_t>& items : task_items) {
        if (items.empty()) continue;
        double peak = -INFINITY;
        for (int k = 0; k < kNodes; ++k) {
          double sum = log_weights[k];
          for (size_t i : items)
            sum += log_likelihood(responses[m * c.n_items() + i],
                                  c.discrimination[i] * (c.training_ability[m] + tau * nodes[k] - c.difficulty[i]));
          log_terms[k] = sum;
          peak = std::max(peak, sum);
        }
        double mass = 0;
        for (double term : log_terms) mass += std::exp(term - peak);
        total += peak + std::log(mass);
      }
    if (total > best) {
      best = total;
      best_tau = tau;
    }
  }
  return best_tau;
}

}  // namespace

std::string irt_kind_name(IrtKind kind) { return kind == IrtKind::OnePl ? "1pl" : "2pl"; }

std::pair<double, double> map_theta(const IrtCalibration& c, const std::vector<ItemAnswer>& answers, double offset,
                                    double start, double prior_sd) {
  const double precision = 1.0 / (prior_sd * prior_sd);
  double theta = start;
  double information = precision;
  for (int iteration = 0; iteration < 100; ++iteration) {
    double gradient = -theta * precision;
    information = precision;
    for (const ItemAnswer& answer : answers) {
      const double a = c.discrimination[answer.item];
      const double p = sigmoid(a * (offset + theta - c.difficulty[answer.item]));
      gradient += a * (answer.score - p);
      information += a * a * p * (1 - p);
    }
    const double step = clamp_step(gradient / information);
    theta += step;
    if (std::fabs(step) < 1e-10) break;
  }
  return {theta, information};
}

IrtKind parse_irt_kind(const std::string& text, const std::string& where) {
  if (text == "1pl") return IrtKind::OnePl;
  if (text == "2pl") return IrtKind::TwoPl;
  throw ConfigError(where + ": not an IRT model (expected 1pl or 2pl, got '" + text + "')");
}

double IrtCalibration::p_correct(size_t item, double theta) const {
  return sigmoid(discrimination[item] * (theta - difficulty[item]));
}

IrtCalibration fit_irt(const std::vector<double>& responses, size_t n_models, const std::vector<size_t>& item_task,
                       size_t n_tasks, const IrtOptions& options, const std::string& where) {
  const size_t n_items = item_task.size();
  if (n_models < 2)
    throw DataError(where + ": IRT fit: too few training models (expected at least 2, got " + std::to_string(n_models) +
                    ")");
  if (n_items == 0) throw DataError(where + ": IRT fit: no items (expected at least one)");
  if (responses.size() != n_models * n_items)
    throw DataError(where + ": IRT fit: response matrix has the wrong size (expected " +
                    std::to_string(n_models * n_items) + ", got " + std::to_string(responses.size()) + ")");
  for (size_t i = 0; i < n_items; ++i)
    if (item_task[i] >= n_tasks)
      throw DataError(where + ": IRT fit: item " + std::to_string(i) + ": task index out of range (expected below " +
                      std::to_string(n_tasks) + ", got " + std::to_string(item_task[i]) + ")");
  for (size_t k = 0; k < responses.size(); ++k)
    check_score(responses[k], where + ": IRT fit: model " + std::to_string(k / n_items) + ", item " +
                                  std::to_string(k % n_items));
  if (!(options.ability_prior_sd > 0 && options.difficulty_prior_sd > 0 && options.log_discrimination_prior_sd > 0))
    throw ConfigError(where + ": IRT fit: prior standard deviations must be positive (expected > 0, got ability " +
                      describe(options.ability_prior_sd) + ", difficulty " + describe(options.difficulty_prior_sd) +
                      ", log discrimination " + describe(options.log_discrimination_prior_sd) + ")");

  Fit fit{responses, n_models, n_items, options, {}, {}, {}};
  std::vector<double> logits(n_models);
  double mean = 0;
  for (size_t m = 0; m < n_models; ++m) {
    double sum = 0;
    for (size_t i = 0; i < n_items; ++i) sum += fit.x(m, i);
    const double accuracy = (sum + 0.5) / (static_cast<double>(n_items) + 1.0);
    logits[m] = std::log(accuracy / (1 - accuracy));
    mean += logits[m] / static_cast<double>(n_models);
  }
  double variance = 0;
  for (double l : logits) variance += (l - mean) * (l - mean) / static_cast<double>(n_models);
  for (double l : logits) fit.theta.push_back(variance > 0 ? (l - mean) / std::sqrt(variance) : 0.0);
  for (size_t i = 0; i < n_items; ++i) {
    double sum = 0;
    for (size_t m = 0; m < n_models; ++m) sum += fit.x(m, i);
    const double p = (sum + 0.5) / (static_cast<double>(n_models) + 1.0);
    fit.difficulty.push_back(-std::log(p / (1 - p)));
  }
  fit.log_a.assign(n_items, 0.0);

  IrtCalibration out;
  out.kind = options.kind;
  out.n_tasks = n_tasks;
  out.item_task = item_task;
  out.ability_prior_sd = options.ability_prior_sd;
  for (out.sweeps = 0; out.sweeps < options.max_sweeps && !out.converged;) {
    const Fit before = fit;
    for (size_t m = 0; m < n_models; ++m) fit.ability_step(m);
    fit.standardise();
    for (size_t i = 0; i < n_items; ++i) fit.item_step(i);
    if (options.kind == IrtKind::OnePl) fit.shared_slope_step();
    ++out.sweeps;
    out.converged = fit.moved_since(before) < options.tolerance;
  }
  out.difficulty = fit.difficulty;
  for (size_t i = 0; i < n_items; ++i) out.discrimination.push_back(fit.a(i));
  out.training_ability = fit.theta;
  out.task_deviation_sd = fit_task_deviation_sd(out, responses, n_models);
  return out;
}

IrtCalibration calibrate_aptitude_irt(const AptitudeTest& test, const Dataset& dataset, const IrtOptions& options) {
  const std::vector<size_t> rows = dataset.rows_of(test.item_ids());
  std::vector<size_t> item_task;
  for (size_t t = 0; t < test.tasks.size(); ++t) item_task.insert(item_task.end(), test.tasks[t].items.size(), t);
  std::vector<size_t> columns;
  for (const std::string& model : test.training_models) columns.push_back(dataset.model_index(model));
  std::vector<double> responses;
  responses.reserve(columns.size() * rows.size());
  for (size_t m : columns)
    for (size_t q : rows) responses.push_back(dataset.score(q, m));
  return fit_irt(responses, columns.size(), item_task, test.tasks.size(), options,
                 dataset.name + ": aptitude test");
}

AbilityEstimate estimate_ability(const IrtCalibration& calibration, const std::vector<ItemAnswer>& answers,
                                 const std::string& where) {
  check_answers(calibration, answers, where);
  const auto [theta, information] = map_theta(calibration, answers, 0.0, 0.0, calibration.ability_prior_sd);
  return {theta, 1.0 / std::sqrt(information)};
}

std::vector<double> irt_task_scores(const IrtCalibration& calibration, const std::vector<ItemAnswer>& answers,
                                    double ability, const std::vector<size_t>& reference_items,
                                    const std::string& where) {
  check_answers(calibration, answers, where);
  std::vector<std::vector<ItemAnswer>> by_task(calibration.n_tasks);
  for (const ItemAnswer& answer : answers) by_task[calibration.item_task[answer.item]].push_back(answer);
  std::vector<std::vector<size_t>> reference(calibration.n_tasks);
  for (size_t item : reference_items) {
    if (item >= calibration.n_items())
      throw DataError(where + ": reference item " + std::to_string(item) + ": unknown item (expected an index below " +
                      std::to_string(calibration.n_items()) + ")");
    reference[calibration.item_task[item]].push_back(item);
  }
  std::vector<double> scores;
  for (size_t t = 0; t < calibration.n_tasks; ++t) {
    if (reference[t].empty())
      throw DataError(where + ": task " + std::to_string(t) + ": no reference items (expected at least one)");
    const double deviation =
        by_task[t].empty() ? 0.0 : map_theta(calibration, by_task[t], ability, 0.0, calibration.task_deviation_sd).first;
    scores.push_back(expected_accuracy(calibration, reference[t], ability + deviation));
  }
  return scores;
}

double expected_accuracy(const IrtCalibration& calibration, const std::vector<size_t>& items, double theta) {
  double sum = 0;
  for (size_t item : items) sum += calibration.p_correct(item, theta);
  return items.empty() ? 0.0 : sum / static_cast<double>(items.size());
}

IrtAptitudeScore irt_aptitude_vector(const AptitudeTest& test, const IrtCalibration& calibration,
                                     const std::map<std::string, double>& answers, const std::string& where) {
  const std::vector<std::string> ids = test.item_ids();
  if (calibration.n_items() != ids.size() || calibration.n_tasks != test.tasks.size())
    throw DataError(where + ": IRT calibration does not match the aptitude test (expected " +
                    std::to_string(ids.size()) + " items in " + std::to_string(test.tasks.size()) + " tasks, got " +
                    std::to_string(calibration.n_items()) + " in " + std::to_string(calibration.n_tasks) + ")");
  aptitude_vector(test, answers, where);  // the plain test's checks: every item answered, scores in [0, 1]
  std::vector<ItemAnswer> items;
  std::vector<size_t> all;
  for (size_t i = 0; i < ids.size(); ++i) {
    items.push_back({i, answers.at(ids[i])});
    all.push_back(i);
  }
  IrtAptitudeScore out;
  out.ability = estimate_ability(calibration, items, where);
  out.expected_accuracy = expected_accuracy(calibration, all, out.ability.ability);
  out.vector = irt_task_scores(calibration, items, out.ability.ability, all, where);
  return out;
}

}  // namespace modelsat::data
