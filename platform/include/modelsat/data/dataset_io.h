// The on-disk dataset format (a directory; see experiments/data/README.md): reading with validation, writing atomically.
#pragma once

#include "modelsat/data/dataset.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::data {

/// File names inside a dataset directory.
inline constexpr const char* kManifestFile = "dataset.json";      ///< manifest (format, name, models, file names)
inline constexpr const char* kQuestionsFile = "questions.jsonl.gz"; ///< one JSON object per question, in row order
inline constexpr const char* kOutcomesFile = "outcomes.bin.gz";   ///< packed matrices (scores, observed, predictions)
inline constexpr const char* kModelsFile = "models.json";         ///< optional hand-written model metadata

struct LoadOptions {
  bool question_texts = true;  ///< false skips text and choices (faster when only the matrix is needed)
  bool model_metadata = true;  ///< read models.json when present
};

/// Reads and validates a dataset directory. Errors: IoError when a file is unreadable; DataError naming the file,
/// the line/record and the field for wrong types, duplicated ids, ragged or truncated matrices, NaN scores, unknown
/// model names in models.json.
Dataset load_dataset(const std::string& dir, const LoadOptions& options = {});

/// Writes dataset.json, questions.jsonl.gz and outcomes.bin.gz (atomically, deterministic bytes). `provenance` is
/// stored verbatim under the manifest's "provenance" key (importer name, source files, import summary).
/// models.json is never written: model metadata is hand-written data. Validates first (DataError).
void save_dataset(const Dataset& dataset, const std::string& dir, const nlohmann::json& provenance = nlohmann::json::object());

/// Reads models.json and returns one ModelInfo per entry of `models` (known == false when absent).
/// DataError "<path>: models[i].<field>: ..." on wrong types, unknown keys, duplicates or unknown model names.
std::vector<ModelInfo> load_model_info(const std::string& path, const std::vector<std::string>& models);

/// The packed outcome bytes (before gzip) and their inverse; exposed for tests of truncation handling.
std::string encode_outcomes(const Dataset& dataset);
void decode_outcomes(const std::string& bytes, const std::string& where, Dataset& dataset);

}  // namespace modelsat::data
