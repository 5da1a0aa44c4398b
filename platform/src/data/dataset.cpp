// Dataset lookups, sub-selection and invariant checks.
#include "modelsat/data/dataset.h"

#include "modelsat/error.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace modelsat::data {

size_t Dataset::question_index(const std::string& id) const {
  for (size_t q = 0; q < questions.size(); ++q)
    if (questions[q].id == id) return q;
  throw DataError(name + ": unknown question id '" + id + "' (expected one of the dataset's " +
                  std::to_string(questions.size()) + " question ids)");
}

size_t Dataset::model_index(const std::string& model) const {
  for (size_t m = 0; m < models.size(); ++m)
    if (models[m] == model) return m;
  std::string known;
  for (const auto& candidate : models) known += (known.empty() ? "" : ", ") + candidate;
  throw DataError(name + ": unknown model name '" + model + "' (expected one of: " + known + ")");
}

std::vector<uint8_t> Dataset::correctness_u8() const {
  std::vector<uint8_t> out(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) out[i] = scores[i] >= 0.5f ? 1 : 0;
  return out;
}

Dataset Dataset::subset(const std::vector<size_t>& rows, const std::vector<size_t>& columns) const {
  Dataset out;
  out.name = name;
  out.description = description;
  out.score_kind = score_kind;
  const size_t width = models.size();
  for (size_t m : columns) {
    if (m >= width) throw DataError(name + ": model column out of range (expected < " + std::to_string(width) +
                                    ", got " + std::to_string(m) + ")");
    out.models.push_back(models[m]);
    out.model_info.push_back(model_info.empty() ? ModelInfo{} : model_info[m]);
  }
  const size_t cells = rows.size() * columns.size();
  out.scores.reserve(cells);
  out.observed.reserve(cells);
  out.predictions.reserve(cells);
  if (!costs.empty()) out.costs.reserve(cells);
  for (size_t q : rows) {
    if (q >= questions.size()) throw DataError(name + ": question row out of range (expected < " +
                                               std::to_string(questions.size()) + ", got " + std::to_string(q) + ")");
    out.questions.push_back(questions[q]);
    for (size_t m : columns) {
      const size_t at = q * width + m;
      out.scores.push_back(scores[at]);
      out.observed.push_back(observed[at]);
      out.predictions.push_back(predictions[at]);
      if (!costs.empty()) out.costs.push_back(costs[at]);
    }
  }
  return out;
}

std::unordered_map<std::string, size_t> Dataset::question_rows() const {
  std::unordered_map<std::string, size_t> rows;
  rows.reserve(questions.size());
  for (size_t q = 0; q < questions.size(); ++q) rows.emplace(questions[q].id, q);
  return rows;
}

std::vector<size_t> Dataset::rows_of(const std::vector<std::string>& ids) const {
  const auto by_id = question_rows();
  std::vector<size_t> rows;
  rows.reserve(ids.size());
  for (const auto& id : ids) {
    const auto it = by_id.find(id);
    if (it == by_id.end())
      throw DataError(name + ": unknown question id '" + id + "' (expected one of the dataset's " +
                      std::to_string(questions.size()) + " question ids)");
    rows.push_back(it->second);
  }
  return rows;
}

Dataset Dataset::select(const std::vector<std::string>& question_ids, const std::vector<std::string>& model_names) const {
  std::vector<size_t> columns;
  for (const auto& model : model_names) columns.push_back(model_index(model));
  return subset(rows_of(question_ids), columns);
}

void Dataset::validate(const std::string& where) const {
  const size_t cells = questions.size() * models.size();
  auto size_check = [&](size_t got, const char* field) {
    if (got != cells)
      throw DataError(where + ": " + field + ": ragged matrix (expected " + std::to_string(questions.size()) + " x " +
                      std::to_string(models.size()) + " = " + std::to_string(cells) + " cells, got " +
                      std::to_string(got) + ")");
  };
  size_check(scores.size(), "scores");
  size_check(observed.size(), "observed");
  size_check(predictions.size(), "predictions");
  if (!costs.empty()) size_check(costs.size(), "costs");
  if (!model_info.empty() && model_info.size() != models.size())
    throw DataError(where + ": model_info: expected one entry per model (expected " + std::to_string(models.size()) +
                    ", got " + std::to_string(model_info.size()) + ")");
  std::unordered_set<std::string> seen;
  for (size_t q = 0; q < questions.size(); ++q) {
    const std::string at = where + ": question " + std::to_string(q);
    if (questions[q].id.empty()) throw DataError(at + ": id: empty (expected a non-empty string)");
    if (!seen.insert(questions[q].id).second)
      throw DataError(at + ": id: duplicated question id '" + questions[q].id + "' (expected unique ids)");
  }
  seen.clear();
  for (size_t m = 0; m < models.size(); ++m) {
    if (models[m].empty()) throw DataError(where + ": model " + std::to_string(m) + ": name: empty");
    if (!seen.insert(models[m]).second)
      throw DataError(where + ": model " + std::to_string(m) + ": name: duplicated model name '" + models[m] + "'");
  }
  for (size_t i = 0; i < cells; ++i) {
    const float s = scores[i];
    const auto at = [&] {
      return where + ": question '" + questions[i / models.size()].id + "', model '" + models[i % models.size()] + "'";
    };
    if (!std::isfinite(s)) throw DataError(at() + ": score: not a finite number (expected a value in [0, 1], got " +
                                           std::to_string(s) + ")");
    if (s < 0.f || s > 1.f) throw DataError(at() + ": score: out of range (expected a value in [0, 1], got " +
                                            std::to_string(s) + ")");
    if (score_kind == ScoreKind::Binary && s != 0.f && s != 1.f)
      throw DataError(at() + ": score: not binary (expected 0 or 1, got " + std::to_string(s) + ")");
    if (observed[i] > 1) throw DataError(at() + ": observed: expected 0 or 1, got " + std::to_string(observed[i]));
    if (!observed[i] && (s != 0.f || predictions[i] != 0))
      throw DataError(at() + ": unobserved cell carries a score or prediction (expected score 0 and no prediction)");
    if (!costs.empty() && (!std::isfinite(costs[i]) || costs[i] < 0.f))
      throw DataError(at() + ": cost: expected a finite number >= 0, got " + std::to_string(costs[i]));
  }
}

}  // namespace modelsat::data
