// Evaluation of a run's score matrices: policies on the test split, reference points, CIs, sweeps, per-category.
#include "modelsat/experiment/evaluate.h"

#include "modelsat/error.h"
#include "modelsat/eval/metrics.h"
#include "modelsat/eval/policy.h"
#include "modelsat/experiment/job_files.h"
#include "modelsat/experiment/timeline.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace modelsat::experiment {
namespace {
using nlohmann::json;

eval::Matrix outcome_matrix(const ExperimentData& data, const std::vector<size_t>& rows) {
  eval::Matrix out(rows.size(), data.dataset.n_models());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t m = 0; m < out.cols; ++m) out.at(r, m) = data.dataset.score(rows[r], m);
  }
  return out;
}

size_t best_model(const std::vector<double>& accuracies, const std::vector<size_t>& allowed) {
  size_t best = allowed.front();
  for (size_t m : allowed) {
    if (accuracies[m] > accuracies[best]) best = m;
  }
  return best;
}

json interval_json(const eval::Interval& interval, const std::vector<double>& per_seed) {
  return {{"mean", interval.mean}, {"ci95", {interval.lo, interval.hi}}, {"per_seed", per_seed}};
}

json points_json(const std::vector<eval::CostQualityPoint>& points, const char* parameter) {
  json out = json::array();
  for (const auto& p : points) out.push_back({{parameter, p.parameter}, {"cost", p.cost}, {"accuracy", p.quality}});
  return out;
}

struct RouterRuns {
  std::vector<eval::Matrix> test_scores;  ///< [seeds]
  std::vector<eval::Matrix> val_scores;   ///< only when the manifest calibrates a threshold policy
  json caps;
  std::vector<double> fit_seconds, score_seconds;
};

RouterRuns read_runs(const Manifest& manifest, const RouterEntry& router, const std::string& results_dir,
                     size_t n_test, size_t n_models) {
  RouterRuns runs;
  for (uint64_t seed : manifest.seeds) {
    const std::string dir = job_dir(results_dir, router.id, seed);
    if (!job_finished(dir)) throw DataError(dir + ": job not finished: run or resume it before evaluating (job.json missing)");
    const json record = read_job_record(dir);
    runs.caps = record.at("caps");
    runs.fit_seconds.push_back(record.at("fit_seconds").get<double>());
    runs.score_seconds.push_back(record.at("score_seconds").get<double>());
    eval::Matrix test = read_score_matrix(dir + "/scores_test.f32");
    if (test.rows != n_test || test.cols != n_models) {
      throw DataError(dir + "/scores_test.f32: wrong shape for this experiment (expected " + std::to_string(n_test) +
                      " x " + std::to_string(n_models) + ", got " + std::to_string(test.rows) + " x " +
                      std::to_string(test.cols) + ")");
    }
    runs.test_scores.push_back(std::move(test));
    if (manifest.threshold) runs.val_scores.push_back(read_score_matrix(dir + "/scores_val.f32"));
  }
  return runs;
}

/// With models held out of training: the same scores routed among the seen models only, the share of decisions that
/// went to the held-out models, and the paired difference their joining made.
json new_models_json(const Manifest& manifest, const ExperimentData& data, const RouterRuns& runs,
                     const eval::SeedChoices& choices, const eval::Matrix& test_correct) {
  eval::SeedChoices seen_choices;
  std::vector<double> per_seed;
  for (const auto& scores : runs.test_scores) {
    seen_choices.push_back(eval::route_argmax_within(scores, data.seen_columns));
    per_seed.push_back(eval::accuracy(seen_choices.back(), test_correct));
  }
  const uint64_t bootstrap_seed = manifest.seeds.front();
  const eval::Interval without = eval::bootstrap_accuracy(seen_choices, test_correct, manifest.bootstrap_resamples,
                                                          bootstrap_seed, manifest.confidence);
  const eval::PairedComparison gain = eval::paired_bootstrap(choices, seen_choices, test_correct,
                                                             manifest.bootstrap_resamples, bootstrap_seed, manifest.confidence);
  std::vector<bool> seen(data.dataset.n_models(), false);
  for (size_t m : data.seen_columns) seen[m] = true;
  double to_new = 0.0, total = 0.0;
  for (const auto& seed_choices : choices) {
    for (size_t m : seed_choices) to_new += seen[m] ? 0.0 : 1.0;
    total += static_cast<double>(seed_choices.size());
  }
  return {{"share", to_new / total},
          {"accuracy_without", interval_json(without, per_seed)},
          {"gain", {{"difference", gain.difference}, {"ci95", {gain.lo, gain.hi}}, {"p_value", gain.p_value}}}};
}

/// For every router, a paired comparison with the most accurate other router that a deployment could use (it reads
/// neither the gold answers nor every candidate's answer): "vs_best_other" {router, difference, ci95, p_value}.
void add_best_other_comparisons(json& routers, const std::map<std::string, eval::SeedChoices>& choices,
                                const eval::Matrix& test_correct, const Manifest& manifest) {
  std::vector<std::pair<double, std::string>> deployable;  // (accuracy, id), most accurate first, ties by id
  for (const auto& [id, entry] : routers.items()) {
    const json& caps = entry.at("caps");
    if (caps.value("sees_gold", false) || caps.value("sees_candidate_answers", false)) continue;
    deployable.emplace_back(entry.at("accuracy").at("mean").get<double>(), id);
  }
  std::sort(deployable.begin(), deployable.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (auto& [id, entry] : routers.items()) {
    const auto best = std::find_if(deployable.begin(), deployable.end(), [&](const auto& d) { return d.second != id; });
    if (best == deployable.end()) continue;
    const eval::PairedComparison paired =
        eval::paired_bootstrap(choices.at(id), choices.at(best->second), test_correct, manifest.bootstrap_resamples,
                               manifest.seeds.front(), manifest.confidence);
    entry["vs_best_other"] = {{"router", best->second}, {"difference", paired.difference},
                              {"ci95", {paired.lo, paired.hi}}, {"p_value", paired.p_value}};
  }
}

json seen_zoo_json(const ExperimentData& data, const eval::Matrix& test_correct, const std::vector<double>& test_accuracy) {
  json models = json::array();
  double random = 0.0;
  for (size_t m : data.seen_columns) {
    models.push_back(data.dataset.models[m]);
    random += test_accuracy[m];
  }
  return {{"models", models},
          {"random", random / static_cast<double>(data.seen_columns.size())},
          {"oracle", eval::oracle_accuracy_within(test_correct, data.seen_columns)}};
}

}  // namespace

json compute_metrics(const Manifest& manifest, const ExperimentData& data, const std::string& results_dir) {
  const eval::Matrix test_correct = outcome_matrix(data, data.test_rows);
  const eval::Matrix train_correct = outcome_matrix(data, data.train_rows);
  const size_t n_models = data.dataset.n_models();
  const std::vector<double> test_accuracy = eval::model_accuracies(test_correct);
  const std::vector<double> train_accuracy = eval::model_accuracies(train_correct);
  std::vector<size_t> all_columns(n_models);
  for (size_t m = 0; m < n_models; ++m) all_columns[m] = m;
  const size_t best_train = best_model(train_accuracy, data.seen_columns);
  const size_t best_test = best_model(test_accuracy, all_columns);
  std::vector<std::string> categories;
  for (size_t row : data.test_rows) categories.push_back(data.dataset.questions[row].category);
  const uint64_t bootstrap_seed = manifest.seeds.front();

  json zoo = {{"name", manifest.models.empty() ? manifest.zoo : "custom"},
              {"models", data.dataset.models},
              {"unseen_models", manifest.unseen_models},
              {"costs_known", data.costs_known},
              {"random", eval::random_accuracy(test_correct)},
              {"oracle", eval::oracle_accuracy(test_correct)},
              {"best_single", {{"model", data.dataset.models[best_train]}, {"accuracy", test_accuracy[best_train]},
                               {"train_accuracy", train_accuracy[best_train]}}},
              {"best_single_in_hindsight", {{"model", data.dataset.models[best_test]}, {"accuracy", test_accuracy[best_test]}}}};
  if (data.costs_known) zoo["costs"] = data.costs;
  const bool has_new_models = data.seen_columns.size() < n_models;
  if (has_new_models) zoo["without_new_models"] = seen_zoo_json(data, test_correct, test_accuracy);
  for (size_t m = 0; m < n_models; ++m) zoo["model_accuracy"][data.dataset.models[m]] = test_accuracy[m];
  std::vector<std::string> category_names = categories;
  std::sort(category_names.begin(), category_names.end());
  category_names.erase(std::unique(category_names.begin(), category_names.end()), category_names.end());
  zoo["categories"] = category_names;

  const eval::SeedChoices best_single_choices(manifest.seeds.size(), std::vector<size_t>(test_correct.rows, best_train));
  double cost_min = 0.0, cost_max = 0.0;
  std::vector<eval::CostQualityPoint> single_points;
  if (data.costs_known) {
    cost_min = *std::min_element(data.costs.begin(), data.costs.end());
    cost_max = *std::max_element(data.costs.begin(), data.costs.end());
    for (size_t m = 0; m < n_models; ++m) single_points.push_back({data.costs[m], test_accuracy[m], static_cast<double>(m)});
  }

  json routers = json::object();
  std::map<std::string, std::vector<eval::Matrix>> all_test_scores;
  std::map<std::string, eval::SeedChoices> all_choices;
  for (const RouterEntry& router : manifest.routers) {
    const RouterRuns runs = read_runs(manifest, router, results_dir, test_correct.rows, n_models);
    if (manifest.timeline) all_test_scores[router.id] = runs.test_scores;
    const bool pays_all = runs.caps.value("sees_candidate_answers", false);
    eval::SeedChoices choices;
    std::vector<double> per_seed;
    for (const auto& scores : runs.test_scores) {
      choices.push_back(eval::route_argmax(scores));
      per_seed.push_back(eval::accuracy(choices.back(), test_correct));
    }
    const eval::Interval accuracy =
        eval::bootstrap_accuracy(choices, test_correct, manifest.bootstrap_resamples, bootstrap_seed, manifest.confidence);
    const eval::PairedComparison paired = eval::paired_bootstrap(
        choices, best_single_choices, test_correct, manifest.bootstrap_resamples, bootstrap_seed, manifest.confidence);
    const std::vector<double> shares = eval::selection_shares(choices, n_models);
    all_choices[router.id] = choices;
    json entry = {{"plugin", router.router.name},
                  {"caps", runs.caps},
                  {"accuracy", interval_json(accuracy, per_seed)},
                  {"imp_max", accuracy.mean - test_accuracy[best_train]},
                  {"imp_random", accuracy.mean - zoo["random"].get<double>()},
                  {"oracle_gap", zoo["oracle"].get<double>() - accuracy.mean},
                  {"vs_best_single", {{"difference", paired.difference}, {"ci95", {paired.lo, paired.hi}},
                                      {"p_value", paired.p_value}}},
                  {"selection_entropy", eval::entropy_bits(shares)},
                  {"per_category", eval::per_category_accuracy(choices, test_correct, categories)},
                  {"fit_seconds", runs.fit_seconds},
                  {"score_seconds", runs.score_seconds}};
    for (size_t m = 0; m < n_models; ++m) entry["selection_share"][data.dataset.models[m]] = shares[m];
    if (has_new_models) entry["new_models"] = new_models_json(manifest, data, runs, choices, test_correct);

    if (data.costs_known) {
      double total_cost = 0.0;
      for (double c : data.costs) total_cost += c;
      double cost_sum = 0.0;
      for (const auto& seed_choices : choices) cost_sum += pays_all ? total_cost : eval::mean_cost(seed_choices, data.costs);
      entry["avg_cost"] = cost_sum / static_cast<double>(choices.size());
      std::vector<eval::CostQualityPoint> points;
      for (double lambda : manifest.lambdas) {
        double cost = 0.0, quality = 0.0;
        for (const auto& scores : runs.test_scores) {
          const auto routed = eval::route_cost_aware(scores, data.costs, lambda);
          cost += pays_all ? total_cost : eval::mean_cost(routed, data.costs);
          quality += eval::accuracy(routed, test_correct);
        }
        const double n = static_cast<double>(runs.test_scores.size());
        points.push_back({cost / n, quality / n, lambda});
      }
      std::vector<eval::CostQualityPoint> with_singles = points;
      with_singles.insert(with_singles.end(), single_points.begin(), single_points.end());
      const auto hull = eval::upper_hull(with_singles);
      entry["cost_sweep"] = {{"points", points_json(points, "lambda")},
                             {"hull", points_json(hull, "parameter")},
                             {"aiq", eval::average_improvement_in_quality(hull, cost_min, cost_max)}};
    } else {
      entry["avg_cost"] = nullptr;
    }

    if (manifest.threshold) {
      const auto& t = *manifest.threshold;
      const size_t strong = static_cast<size_t>(std::find(data.dataset.models.begin(), data.dataset.models.end(), t.strong) - data.dataset.models.begin());
      const size_t weak = static_cast<size_t>(std::find(data.dataset.models.begin(), data.dataset.models.end(), t.weak) - data.dataset.models.begin());
      json rows = json::array();
      for (double target : t.strong_shares) {
        double share = 0.0, quality = 0.0;
        for (size_t s = 0; s < runs.test_scores.size(); ++s) {
          const double threshold = eval::calibrate_threshold(runs.val_scores[s], strong, weak, target);
          const auto routed = eval::route_threshold(runs.test_scores[s], strong, weak, threshold);
          share += static_cast<double>(std::count(routed.begin(), routed.end(), strong)) / static_cast<double>(routed.size());
          quality += eval::accuracy(routed, test_correct);
        }
        const double n = static_cast<double>(runs.test_scores.size());
        rows.push_back({{"target_strong_share", target}, {"strong_share", share / n}, {"accuracy", quality / n}});
      }
      entry["threshold"] = {{"strong", t.strong}, {"weak", t.weak}, {"calibrated", rows}};
    }

    if (n_models == 2) {
      const size_t strong = train_accuracy[0] >= train_accuracy[1] ? 0 : 1;
      const size_t weak = 1 - strong;
      const auto summary = eval::two_model_summary(runs.test_scores.front(), test_correct, strong, weak);
      json curve = json::array();
      for (const auto& p : summary.curve) curve.push_back({{"strong_share", p.cost}, {"accuracy", p.quality}});
      entry["two_model"] = {{"strong", data.dataset.models[strong]}, {"weak", data.dataset.models[weak]},
                            {"apgr", summary.apgr}, {"cpt50", summary.cpt50}, {"cpt80", summary.cpt80},
                            {"curve", curve}};
    }
    routers[router.id] = entry;
  }

  add_best_other_comparisons(routers, all_choices, test_correct, manifest);

  json metrics = {{"schema_version", 1},
          {"experiment", manifest.name},
          {"dataset", {{"name", data.dataset.name}, {"path", manifest.dataset_dir},
                       {"n_train", data.train_rows.size()}, {"n_val", data.val_rows.size()},
                       {"n_test", data.test_rows.size()}, {"split", manifest.split_file},
                       {"aptitude", manifest.aptitude_file}}},
          {"settings", {{"seeds", manifest.seeds}, {"bootstrap_resamples", manifest.bootstrap_resamples},
                        {"confidence", manifest.confidence}, {"lambdas", manifest.lambdas}}},
          {"zoo", zoo},
          {"routers", routers}};
  if (manifest.timeline) {
    const auto steps = timeline_steps(data, train_accuracy, manifest.timeline->top_k, manifest.dataset_dir + "/models.json");
    metrics["timeline"] = timeline_metrics(steps, data, all_test_scores, test_correct, train_accuracy);
  }
  return metrics;
}

}  // namespace modelsat::experiment
