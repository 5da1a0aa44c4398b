// Importer for TIGER-AI-Lab/MMLU-Pro's per-model outputs (eval_results/model_outputs_<MODEL>_5shots.zip).
#pragma once

#include "modelsat/data/dataset.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::data {

struct MmluProImport {
  Dataset dataset;
  /// The import summary (also stored in the manifest's provenance): per model the record count, non-object records
  /// skipped, questions missing, null predictions, records whose question differs from the canonical version, accuracy.
  nlohmann::json summary;
};

/// Reads every `model_outputs_*.zip` in `dir` (or in `dir`/eval_results), one model per zip, sorted by model name.
/// Rules: correctness = (pred == the record's own answer); a null pred is wrong and has no prediction; a question a
/// model has no record for is unobserved (score 0, observed 0); records that are not JSON objects are skipped and
/// counted. The canonical question text/options/answer/category/src is the version most models share (ties: the
/// first model in name order). No model is dropped. Throws IoError/DataError naming the zip, the record and field.
MmluProImport import_mmlu_pro(const std::string& dir);

}  // namespace modelsat::data
