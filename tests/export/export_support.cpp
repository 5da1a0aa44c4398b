// Export test helpers: fp32 scores through the checkpoint's router, int8 decisions through msq::Router, parity stats.
#include "export_support.h"

#include "builtin_plugins.h"

#include "modelsat/atomic_file.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/manifest.h"
#include "modelsat/experiment/routing_sets.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

#include <cmath>

namespace modelsat::test {

msq::Router load_msq(const std::string& path) {
  const std::string bytes = read_file(path);
  return msq::Router::from_bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), path);
}

Parity compare_on_test_split(const std::string& manifest_path, const std::string& checkpoint_dir,
                             const std::string& msq_path, const msq::RouteOptions& options) {
  const experiment::Manifest manifest = experiment::load_manifest(manifest_path);
  const experiment::ExperimentData data = experiment::load_experiment_data(manifest);
  const experiment::LoadedRouter loaded = experiment::load_router_checkpoint(checkpoint_dir, builtin_plugins());
  CandidateSet candidates = experiment::checkpoint_candidates(loaded.checkpoint);
  std::vector<size_t> columns;
  for (const ModelCard& card : candidates.models) columns.push_back(data.dataset.model_index(card.name));
  const size_t n_zoo = candidates.models.size();
  // Two models that joined by aptitude test only, with the extreme results: their capability tokens differ most.
  const size_t n_tasks = loaded.checkpoint.tasks.size();
  candidates.models.push_back(ModelCard{"onboarded_all_right", 0.0, std::vector<float>(n_tasks, 1.0F)});
  candidates.models.push_back(ModelCard{"onboarded_all_wrong", 0.0, std::vector<float>(n_tasks, 0.0F)});
  std::vector<msq::Candidate> runtime_candidates;
  for (const ModelCard& card : candidates.models) runtime_candidates.push_back(msq::Candidate{card.name, card.aptitude, card.cost});
  const QueryBatch queries = experiment::make_queries(data, data.test_rows, at::Tensor(), columns, {});
  at::Tensor fp32 = loaded.router->score(queries, candidates);  // [n, m]
  if (loaded.checkpoint.router.config.value("score_output", std::string("probability")) == "logit") fp32 = fp32.sigmoid();

  const msq::Router router = load_msq(msq_path);
  REQUIRE(router.zoo_models().size() == n_zoo);
  Parity parity;
  parity.questions = data.test_rows.size();
  auto scores = fp32.accessor<float, 2>();
  std::vector<double> margins, centered_fp32, centered_int8;
  std::vector<bool> agrees;
  for (size_t q = 0; q < data.test_rows.size(); ++q) {
    const auto row_scores = scores[static_cast<int64_t>(q)];
    // Every candidate (the zoo and the two onboarded ones) for the probabilities; the zoo alone for the decision
    // (the first candidates get the same task orders either way).
    const msq::Decision all = router.route(queries.texts[q], runtime_candidates, options);
    const msq::Decision d = router.route(queries.texts[q], router.zoo_models(), options);
    double mean_fp32 = 0.0, mean_int8 = 0.0;
    for (int64_t m = 0; m < fp32.size(1); ++m) {
      const double p = all.probabilities[static_cast<size_t>(m)];
      const double error = std::fabs(p - row_scores[m]);
      parity.max_abs_error = std::max(parity.max_abs_error, error);
      parity.mean_abs_error += error;
      mean_fp32 += row_scores[m] / static_cast<double>(fp32.size(1));
      mean_int8 += p / static_cast<double>(fp32.size(1));
    }
    for (int64_t m = 0; m < fp32.size(1); ++m) {
      centered_fp32.push_back(row_scores[m] - mean_fp32);
      centered_int8.push_back(all.probabilities[static_cast<size_t>(m)] - mean_int8);
    }
    int64_t best = 0;
    double second = -1.0;
    for (int64_t m = 1; m < static_cast<int64_t>(n_zoo); ++m) {
      if (row_scores[m] > row_scores[best]) best = m;
    }
    for (int64_t m = 0; m < static_cast<int64_t>(n_zoo); ++m) {
      if (m != best) second = std::max(second, static_cast<double>(row_scores[m]));
    }
    margins.push_back(row_scores[best] - second);
    agrees.push_back(static_cast<size_t>(best) == d.choice);
    const size_t row = data.test_rows[q];
    parity.agreement += agrees.back() ? 1.0 : 0.0;
    parity.accuracy_fp32 += data.dataset.score(row, columns[static_cast<size_t>(best)]);
    parity.accuracy_int8 += data.dataset.score(row, columns[d.choice]);
  }
  for (size_t q = 0; q < margins.size(); ++q) {
    if (margins[q] > 2.0 * parity.max_abs_error) {
      ++parity.decisive;
      parity.decisive_agreement += agrees[q] ? 1.0 : 0.0;
    }
  }
  if (parity.decisive > 0) parity.decisive_agreement /= static_cast<double>(parity.decisive);
  double xy = 0.0, xx = 0.0, yy = 0.0;  // both centered per question, so their overall means are 0
  for (size_t i = 0; i < centered_fp32.size(); ++i) {
    xy += centered_fp32[i] * centered_int8[i];
    xx += centered_fp32[i] * centered_fp32[i];
    yy += centered_int8[i] * centered_int8[i];
  }
  parity.centered_correlation = xy / std::sqrt(xx * yy);
  parity.candidate_spread = std::sqrt(xx / static_cast<double>(centered_fp32.size()));
  const auto n = static_cast<double>(parity.questions);
  parity.agreement /= n;
  parity.accuracy_fp32 /= n;
  parity.accuracy_int8 /= n;
  parity.mean_abs_error /= n * static_cast<double>(fp32.size(1));
  return parity;
}

}  // namespace modelsat::test
