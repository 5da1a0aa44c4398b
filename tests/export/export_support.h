// Helpers for the export tests: train and export through the CLI, score with libtorch and the int8 runtime, compare.
#pragma once

#include "modelsat/experiment/router_checkpoint.h"

#include <msq/runtime.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat::test {

/// Reads a .msq file into the runtime; FAILs the test when it does not load.
msq::Router load_msq(const std::string& path);

/// How the int8 router's decisions compare with the fp32 router's on the same questions and candidates.
struct Parity {
  size_t questions = 0;
  double agreement = 0.0;       ///< share of questions with the same argmax choice
  size_t decisive = 0;          ///< questions whose fp32 top-2 margin exceeds 2 * max_abs_error
  double decisive_agreement = 0.0;  ///< agreement on those (a closer margin is within quantisation noise)
  double accuracy_fp32 = 0.0;   ///< mean correctness of the fp32 choices
  double accuracy_int8 = 0.0;   ///< mean correctness of the int8 choices
  double max_abs_error = 0.0;   ///< max |p_int8 - p_fp32| over every (question, candidate)
  double centered_correlation = 0.0;  ///< Pearson correlation of p - (mean p of the question), int8 vs fp32: how
                                      ///< well the int8 router reproduces the differences between candidates
  double candidate_spread = 0.0;  ///< root mean square of those fp32 differences (what the correlation resolves)
  double mean_abs_error = 0.0;
};

/// Scores the test split of the checkpoint's manifest with the checkpoint's fp32 router (every checkpoint model plus
/// two onboarded ones with all-right / all-wrong aptitude results)
/// and with the .msq file run with options, and compares probabilities (sigmoid of the fp32 score for score_output
/// "logit"). manifest: the manifest the checkpoint was trained from.
Parity compare_on_test_split(const std::string& manifest, const std::string& checkpoint_dir, const std::string& msq_path,
                             const msq::RouteOptions& options = {});

}  // namespace modelsat::test
