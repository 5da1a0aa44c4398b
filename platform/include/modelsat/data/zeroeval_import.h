// Importer for ZeroEval's per-model raw replies on CRUXEval and MATH level 5 (result_dirs/{crux,math-l5}/*.json.gz).
#pragma once

#include "modelsat/data/dataset.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::data {

struct ZeroEvalImport {
  Dataset dataset;
  /// The import summary (stored in the manifest's provenance): per model and task the records, correct, wrong,
  /// no-answer (extraction failure) counts, the extraction methods used, this checker's accuracy, the benchmark's
  /// official `Acc` and the difference in points; the agreement (mean and max absolute difference) per task; the
  /// models left out because they lack one of the tasks.
  nlohmann::json summary;
};

/// Reads `dir`/result_dirs (or `dir` itself when it holds crux/ and math-l5/) and the two `<task>.summary.json`.
/// Only models present in both tasks are imported (sorted by name); questions are the 800 CRUXEval ones (ids
/// `crux-test-#N`, category `crux`) then the 721 MATH ones (ids `math-l5-N`, category `math-l5`), with `source` a
/// subtopic from zeroeval_topics.h and `gold` the reference answer. Each reply is graded by answer_checker.h
/// (grade_crux_reply / grade_math_reply); an extraction failure scores 0. A question a model has no record for is
/// unobserved. The canonical question is the first model's (name order) record; a record whose question or gold
/// differs is graded against its own gold and counted. Throws IoError / DataError naming the file, the record index
/// and the field on unreadable files, wrong types, duplicated ids or a model missing from a summary file.
ZeroEvalImport import_zeroeval(const std::string& dir);

}  // namespace modelsat::data
