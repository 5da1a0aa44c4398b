// Generic import of a user's benchmark from a documented JSONL or CSV layout (see experiments/data/README.md).
#pragma once

#include "modelsat/data/dataset.h"

#include <string>
#include <vector>

namespace modelsat::data {

struct TableImportOptions {
  std::string name = "imported";
  std::string description;
  /// When non-empty, the only allowed model names (in this column order); any other name is a DataError.
  /// When empty, models are the union of names in first-appearance order.
  std::vector<std::string> models;
};

/// JSONL: one object per line: {"id", "question", "choices"?, "gold"?, "category"?, "source"?,
/// "outcomes": {model: 0/1 | true/false | score in [0, 1]}, "predictions"?: {model: letter}, "cost"?: {model: number}}.
/// A model absent from a line's outcomes is unobserved there. Errors name "<file>:<line>: <field>: ...".
Dataset import_jsonl(const std::string& path, const TableImportOptions& options);

/// CSV (RFC 4180 quoting, header row): columns id, question, and optional gold, category, source; per model
/// "outcome:<model>", optional "prediction:<model>", "cost:<model>". An empty outcome cell is unobserved.
Dataset import_csv(const std::string& path, const TableImportOptions& options);

}  // namespace modelsat::data
