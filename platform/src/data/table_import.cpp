// JSONL and CSV importers for user-supplied routing benchmarks; both fill the same row builder.
#include "modelsat/data/table_import.h"

#include "json_fields.h"
#include "modelsat/atomic_file.h"
#include "modelsat/error.h"

#include <cmath>
#include <map>
#include <unordered_map>

namespace modelsat::data {
namespace {

struct Cell {
  float score = 0;
  char prediction = 0;
  float cost = 0;
};

/// Collects rows whose model set grows as names appear, then lays them out as a dense matrix.
class Builder {
 public:
  explicit Builder(const TableImportOptions& options) : options_(options), fixed_(!options.models.empty()) {
    for (const auto& model : options.models) column(model, "options");
  }

  size_t column(const std::string& model, const std::string& where) {
    const auto it = index_.find(model);
    if (it != index_.end()) return it->second;
    if (fixed_ && !models_.empty() && models_.size() == options_.models.size()) {
      std::string known;
      for (const auto& name : models_) known += (known.empty() ? "" : ", ") + name;
      throw DataError(where + ": unknown model name '" + model + "' (expected one of: " + known + ")");
    }
    index_.emplace(model, models_.size());
    models_.push_back(model);
    return models_.size() - 1;
  }

  void add(Question question, std::map<size_t, Cell> cells, const std::string& where) {
    if (!ids_.emplace(question.id, rows_.size()).second)
      throw DataError(where + ": id: duplicated question id '" + question.id + "' (expected unique ids)");
    questions_.push_back(std::move(question));
    rows_.push_back(std::move(cells));
  }

  void set_has_costs() { has_costs_ = true; }
  const std::string& model(size_t m) const { return models_[m]; }

  Dataset finish(const std::string& where) {
    Dataset d;
    d.name = options_.name;
    d.description = options_.description;
    d.questions = std::move(questions_);
    d.models = models_;
    bool binary = true;
    for (const auto& row : rows_)
      for (const auto& entry : row) binary = binary && (entry.second.score == 0.f || entry.second.score == 1.f);
    d.score_kind = binary ? ScoreKind::Binary : ScoreKind::Score;
    const size_t width = models_.size();
    d.scores.assign(d.questions.size() * width, 0.f);
    d.observed.assign(d.scores.size(), 0);
    d.predictions.assign(d.scores.size(), 0);
    if (has_costs_) d.costs.assign(d.scores.size(), 0.f);
    for (size_t q = 0; q < rows_.size(); ++q) {
      for (const auto& [m, cell] : rows_[q]) {
        const size_t at = q * width + m;
        d.scores[at] = cell.score;
        d.observed[at] = 1;
        d.predictions[at] = cell.prediction;
        if (has_costs_) d.costs[at] = cell.cost;
      }
    }
    for (const auto& model : models_) {
      ModelInfo info;
      info.name = model;
      d.model_info.push_back(info);
    }
    if (d.questions.empty()) throw DataError(where + ": no questions (expected at least one record)");
    d.validate(where);
    return d;
  }

 private:
  const TableImportOptions& options_;
  bool fixed_;
  bool has_costs_ = false;
  std::vector<std::string> models_;
  std::unordered_map<std::string, size_t> index_;
  std::unordered_map<std::string, size_t> ids_;
  std::vector<Question> questions_;
  std::vector<std::map<size_t, Cell>> rows_;
};

float checked_score(double value, const std::string& where, const std::string& field) {
  if (!std::isfinite(value))
    throw DataError(where + ": " + field + ": NaN or infinite score (expected a number in [0, 1])");
  if (value < 0 || value > 1)
    throw DataError(where + ": " + field + ": out of range (expected a number in [0, 1], got " + std::to_string(value) + ")");
  return static_cast<float>(value);
}

char checked_letter(const std::string& text, const std::string& where, const std::string& field) {
  if (text.empty()) return 0;
  if (text.size() != 1 || text[0] < 'A' || text[0] > 'Z')
    throw DataError(where + ": " + field + ": not an answer letter (expected one of A-Z, got \"" + text + "\")");
  return text[0];
}

double parse_number(const std::string& text, const std::string& where, const std::string& field) {
  if (text == "nan" || text == "NaN" || text == "NAN")
    throw DataError(where + ": " + field + ": NaN or infinite score (expected a number in [0, 1])");
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw DataError(where + ": " + field + ": wrong type (expected a number, got \"" + text + "\")");
  return value;
}

/// Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes, newlines inside quotes).
std::vector<std::pair<size_t, std::vector<std::string>>> parse_csv(const std::string& text, const std::string& path) {
  std::vector<std::pair<size_t, std::vector<std::string>>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool any = false;
  size_t line = 1;
  size_t record_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        fields.push_back(field);
        records.emplace_back(record_line, fields);
      }
      fields.clear();
      field.clear();
      any = false;
      record_line = ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) throw DataError(path + ":" + std::to_string(record_line) + ": truncated: unterminated quoted field");
  if (any || !field.empty()) {
    fields.push_back(field);
    records.emplace_back(record_line, fields);
  }
  return records;
}

}  // namespace

Dataset import_jsonl(const std::string& path, const TableImportOptions& options) {
  const std::string text = read_file(path);
  Builder builder(options);
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    nlohmann::json r;
    try {
      r = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& error) {
      throw DataError(where + ": invalid JSON (truncated line?): " + error.what());
    }
    if (!r.is_object()) detail::wrong_type(where, "record", "an object", r);
    detail::no_unknown_keys(r, {"id", "question", "choices", "gold", "category", "source", "outcomes", "predictions", "cost"},
                            where);
    Question question;
    const nlohmann::json& id = detail::require(r, "id", where);
    if (id.is_number_integer()) {
      question.id = std::to_string(id.get<long long>());
    } else {
      question.id = detail::as_string(id, "id", where);
    }
    question.text = detail::string_field(r, "question", where);
    if (r.contains("choices")) question.choices = detail::string_array(r["choices"], "choices", where);
    question.gold = detail::optional_string(r, "gold", where);
    question.category = detail::optional_string(r, "category", where);
    question.source = detail::optional_string(r, "source", where);
    std::map<size_t, Cell> cells;
    const nlohmann::json& outcomes = detail::require(r, "outcomes", where);
    if (!outcomes.is_object()) detail::wrong_type(where, "outcomes", "an object {model: score}", outcomes);
    for (const auto& item : outcomes.items()) {
      const std::string field = "outcomes." + item.key();
      const size_t m = builder.column(item.key(), where + ": outcomes");
      if (item.value().is_boolean()) {
        cells[m].score = item.value().get<bool>() ? 1.f : 0.f;
      } else if (item.value().is_number()) {
        cells[m].score = checked_score(item.value().get<double>(), where, field);
      } else {
        detail::wrong_type(where, field, "a number in [0, 1] or a boolean", item.value());
      }
    }
    for (const char* key : {"predictions", "cost"}) {
      if (!r.contains(key)) continue;
      const nlohmann::json& map = r[key];
      if (!map.is_object()) detail::wrong_type(where, key, "an object keyed by model name", map);
      for (const auto& item : map.items()) {
        const std::string field = std::string(key) + "." + item.key();
        const size_t m = builder.column(item.key(), where + ": " + key);
        if (!cells.count(m))
          throw DataError(where + ": " + field + ": model has no outcome on this line (expected an outcomes entry)");
        if (std::string(key) == "predictions") {
          cells[m].prediction = checked_letter(detail::as_string(item.value(), field, where), where, field);
        } else {
          const double cost = detail::as_number(item.value(), field, where);
          if (cost < 0) throw DataError(where + ": " + field + ": negative cost (expected >= 0, got " + std::to_string(cost) + ")");
          cells[m].cost = static_cast<float>(cost);
          builder.set_has_costs();
        }
      }
    }
    builder.add(std::move(question), std::move(cells), where);
  }
  return builder.finish(path);
}

Dataset import_csv(const std::string& path, const TableImportOptions& options) {
  const auto records = parse_csv(read_file(path), path);
  if (records.empty()) throw DataError(path + ": empty file (expected a header row)");
  const std::vector<std::string>& header = records[0].second;
  Builder builder(options);
  enum class Kind { Id, Question, Gold, Category, Source, Outcome, Prediction, Cost };
  std::vector<std::pair<Kind, size_t>> columns;
  bool has_id = false;
  bool has_question = false;
  for (const std::string& name : header) {
    const std::string where = path + ":1: header";
    auto model_of = [&](const std::string& prefix) { return builder.column(name.substr(prefix.size()), where); };
    if (name == "id") { columns.emplace_back(Kind::Id, 0); has_id = true; }
    else if (name == "question") { columns.emplace_back(Kind::Question, 0); has_question = true; }
    else if (name == "gold") columns.emplace_back(Kind::Gold, 0);
    else if (name == "category") columns.emplace_back(Kind::Category, 0);
    else if (name == "source") columns.emplace_back(Kind::Source, 0);
    else if (name.rfind("outcome:", 0) == 0) columns.emplace_back(Kind::Outcome, model_of("outcome:"));
    else if (name.rfind("prediction:", 0) == 0) columns.emplace_back(Kind::Prediction, model_of("prediction:"));
    else if (name.rfind("cost:", 0) == 0) { columns.emplace_back(Kind::Cost, model_of("cost:")); builder.set_has_costs(); }
    else throw DataError(where + ": unknown column '" + name +
                         "' (expected id, question, gold, category, source, outcome:<model>, prediction:<model>, cost:<model>)");
  }
  if (!has_id || !has_question) throw DataError(path + ":1: header: missing required column (expected id and question)");
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& [line, fields] = records[r];
    const std::string where = path + ":" + std::to_string(line);
    if (fields.size() != header.size())
      throw DataError(where + ": ragged row: wrong number of fields (expected " + std::to_string(header.size()) +
                      ", got " + std::to_string(fields.size()) + ")");
    Question question;
    std::map<size_t, Cell> cells;
    std::map<size_t, Cell> extras;
    for (size_t c = 0; c < fields.size(); ++c) {
      const std::string& value = fields[c];
      const auto [kind, m] = columns[c];
      switch (kind) {
        case Kind::Id: question.id = value; break;
        case Kind::Question: question.text = value; break;
        case Kind::Gold: question.gold = value; break;
        case Kind::Category: question.category = value; break;
        case Kind::Source: question.source = value; break;
        case Kind::Outcome:
          if (!value.empty()) cells[m].score = checked_score(parse_number(value, where, header[c]), where, header[c]);
          break;
        case Kind::Prediction: extras[m].prediction = checked_letter(value, where, header[c]); break;
        case Kind::Cost:
          if (!value.empty()) extras[m].cost = static_cast<float>(parse_number(value, where, header[c]));
          break;
      }
    }
    for (const auto& [m, extra] : extras) {
      if (!cells.count(m)) continue;
      cells[m].prediction = extra.prediction;
      if (!std::isfinite(extra.cost) || extra.cost < 0)
        throw DataError(where + ": cost:" + builder.model(m) + ": negative or NaN cost (expected a finite number >= 0)");
      cells[m].cost = extra.cost;
    }
    if (question.id.empty()) throw DataError(where + ": id: empty (expected a non-empty id)");
    builder.add(std::move(question), std::move(cells), where);
  }
  return builder.finish(path);
}

}  // namespace modelsat::data
