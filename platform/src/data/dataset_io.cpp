// Reads and writes the dataset directory: dataset.json + questions.jsonl.gz + outcomes.bin.gz (+ optional models.json).
#include "modelsat/data/dataset_io.h"

#include "json_fields.h"
#include "modelsat/atomic_file.h"
#include "modelsat/data/compression.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <cstring>
#include <fstream>
#include <unordered_map>

namespace modelsat::data {
namespace {

using detail::as_number;
using detail::optional_string;
using detail::require;
using detail::string_array;
using detail::string_field;

constexpr char kMagic[8] = {'M', 'S', 'A', 'T', 'O', 'U', 'T', '1'};
constexpr size_t kHeaderSize = 8 + 4 + 4 + 4;
constexpr int kFormatVersion = 1;

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint32_t get_u32(const std::string& in, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(in[at + static_cast<size_t>(i)]);
  return v;
}
void put_f32(std::string& out, float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  put_u32(out, bits);
}
float get_f32(const std::string& in, size_t at) {
  const uint32_t bits = get_u32(in, at);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

nlohmann::json question_json(const Question& question) {
  nlohmann::json out = {{"id", question.id}, {"text", question.text}};
  if (!question.choices.empty()) out["choices"] = question.choices;
  if (!question.gold.empty()) out["gold"] = question.gold;
  if (!question.category.empty()) out["category"] = question.category;
  if (!question.source.empty()) out["source"] = question.source;
  return out;
}

Question parse_question(const std::string& line, const std::string& where, bool texts) {
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& error) {
    throw DataError(where + ": invalid JSON: " + error.what());
  }
  if (!record.is_object()) detail::wrong_type(where, "record", "an object", record);
  detail::no_unknown_keys(record, {"id", "text", "choices", "gold", "category", "source"}, where);
  Question question;
  question.id = string_field(record, "id", where);
  const std::string text = string_field(record, "text", where);
  if (texts) question.text = text;
  if (record.contains("choices")) {
    auto choices = string_array(record["choices"], "choices", where);
    if (texts) question.choices = std::move(choices);
  }
  question.gold = optional_string(record, "gold", where);
  question.category = optional_string(record, "category", where);
  question.source = optional_string(record, "source", where);
  return question;
}

}  // namespace

std::string encode_outcomes(const Dataset& dataset) {
  const size_t cells = dataset.scores.size();
  std::string out(kMagic, 8);
  put_u32(out, static_cast<uint32_t>(dataset.n_questions()));
  put_u32(out, static_cast<uint32_t>(dataset.n_models()));
  out.push_back(static_cast<char>(dataset.score_kind));
  out.push_back(dataset.costs.empty() ? 0 : 1);
  out.push_back(0);
  out.push_back(0);
  out.reserve(kHeaderSize + cells * 10);
  if (dataset.score_kind == ScoreKind::Binary) {
    for (float s : dataset.scores) out.push_back(s >= 0.5f ? 1 : 0);
  } else {
    for (float s : dataset.scores) put_f32(out, s);
  }
  out.append(reinterpret_cast<const char*>(dataset.observed.data()), cells);
  out.append(dataset.predictions.data(), cells);
  for (float c : dataset.costs) put_f32(out, c);
  return out;
}

void decode_outcomes(const std::string& bytes, const std::string& where, Dataset& dataset) {
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, 8) != 0)
    throw DataError(where + ": header: not a modelsat outcome matrix (expected magic MSATOUT1 and " +
                    std::to_string(kHeaderSize) + " header bytes, got " + std::to_string(bytes.size()) + " bytes)");
  const uint32_t n_questions = get_u32(bytes, 8);
  const uint32_t n_models = get_u32(bytes, 12);
  const uint8_t kind = static_cast<uint8_t>(bytes[16]);
  const bool has_costs = bytes[17] != 0;
  if (n_questions != dataset.n_questions() || n_models != dataset.n_models())
    throw DataError(where + ": header: ragged matrix: shape disagrees with the manifest (expected " +
                    std::to_string(dataset.n_questions()) + " x " + std::to_string(dataset.n_models()) + ", got " +
                    std::to_string(n_questions) + " x " + std::to_string(n_models) + ")");
  if (kind != static_cast<uint8_t>(dataset.score_kind))
    throw DataError(where + ": header: score kind disagrees with the manifest (expected " +
                    std::to_string(static_cast<int>(dataset.score_kind)) + ", got " + std::to_string(kind) + ")");
  const size_t cells = static_cast<size_t>(n_questions) * n_models;
  const size_t score_bytes = kind == 0 ? cells : cells * 4;
  const size_t expected = kHeaderSize + score_bytes + 2 * cells + (has_costs ? cells * 4 : 0);
  if (bytes.size() != expected)
    throw DataError(where + ": " + (bytes.size() < expected ? "truncated" : "trailing bytes") +
                    ": matrix size disagrees with its header (expected " + std::to_string(expected) + " bytes, got " +
                    std::to_string(bytes.size()) + ")");
  size_t at = kHeaderSize;
  dataset.scores.resize(cells);
  for (size_t i = 0; i < cells; ++i) {
    if (kind == 0) {
      const uint8_t v = static_cast<uint8_t>(bytes[at + i]);
      if (v > 1) throw DataError(where + ": scores: cell " + std::to_string(i) + " (question row " +
                                 std::to_string(i / n_models) + ", model column " + std::to_string(i % n_models) +
                                 "): not binary (expected 0 or 1, got " + std::to_string(v) + ")");
      dataset.scores[i] = v;
    } else {
      dataset.scores[i] = get_f32(bytes, at + 4 * i);
    }
  }
  at += score_bytes;
  dataset.observed.assign(bytes.begin() + static_cast<long>(at), bytes.begin() + static_cast<long>(at + cells));
  at += cells;
  dataset.predictions.assign(bytes.begin() + static_cast<long>(at), bytes.begin() + static_cast<long>(at + cells));
  at += cells;
  dataset.costs.clear();
  if (has_costs) {
    dataset.costs.resize(cells);
    for (size_t i = 0; i < cells; ++i) dataset.costs[i] = get_f32(bytes, at + 4 * i);
  }
}

Dataset load_dataset(const std::string& dir, const LoadOptions& options) {
  const std::string manifest_path = dir + "/" + kManifestFile;
  const nlohmann::json manifest = read_json_file(manifest_path);
  const std::string& mp = manifest_path;
  if (!manifest.is_object()) detail::wrong_type(mp, "manifest", "an object", manifest);
  const std::string format = string_field(manifest, "format", mp);
  if (format != "modelsat-dataset")
    throw DataError(mp + ": format: not a modelsat dataset (expected \"modelsat-dataset\", got \"" + format + "\")");
  const double version = as_number(require(manifest, "version", mp), "version", mp);
  if (version != kFormatVersion)
    throw DataError(mp + ": version: unsupported format version (expected 1, got " + std::to_string(version) + ")");
  Dataset dataset;
  dataset.name = string_field(manifest, "name", mp);
  dataset.description = optional_string(manifest, "description", mp);
  const std::string kind = string_field(manifest, "score_kind", mp);
  if (kind == "binary") {
    dataset.score_kind = ScoreKind::Binary;
  } else if (kind == "score") {
    dataset.score_kind = ScoreKind::Score;
  } else {
    throw DataError(mp + ": score_kind: unknown value (expected \"binary\" or \"score\", got \"" + kind + "\")");
  }
  dataset.models = string_array(require(manifest, "models", mp), "models", mp);
  const nlohmann::json& questions_entry = require(manifest, "questions", mp);
  const std::string questions_file = string_field(questions_entry, "file", mp + ": questions");
  const double count = as_number(require(questions_entry, "count", mp + ": questions"), "questions.count", mp);
  const std::string outcomes_file = string_field(require(manifest, "outcomes", mp), "file", mp + ": outcomes");

  const std::string questions_path = dir + "/" + questions_file;
  const std::string text = read_gzip_file(questions_path);
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    if (end > start)
      dataset.questions.push_back(parse_question(text.substr(start, end - start),
                                                 questions_path + ":" + std::to_string(line_no), options.question_texts));
    start = end + 1;
  }
  if (static_cast<double>(dataset.questions.size()) != count)
    throw DataError(questions_path + ": truncated or padded: question count disagrees with " + kManifestFile +
                    " (expected " + std::to_string(static_cast<long long>(count)) + ", got " +
                    std::to_string(dataset.questions.size()) + ")");
  const std::string outcomes_path = dir + "/" + outcomes_file;
  decode_outcomes(read_gzip_file(outcomes_path), outcomes_path, dataset);
  dataset.model_info.assign(dataset.models.size(), ModelInfo{});
  for (size_t m = 0; m < dataset.models.size(); ++m) dataset.model_info[m].name = dataset.models[m];
  dataset.validate(dir);
  const std::string models_path = dir + "/" + kModelsFile;
  if (options.model_metadata && std::ifstream(models_path).good())
    dataset.model_info = load_model_info(models_path, dataset.models);
  return dataset;
}

void save_dataset(const Dataset& dataset, const std::string& dir, const nlohmann::json& provenance) {
  dataset.validate(dataset.name);
  std::string lines;
  for (const Question& question : dataset.questions) lines += question_json(question).dump() + "\n";
  nlohmann::ordered_json manifest;
  manifest["format"] = "modelsat-dataset";
  manifest["version"] = kFormatVersion;
  manifest["name"] = dataset.name;
  manifest["description"] = dataset.description;
  manifest["score_kind"] = dataset.score_kind == ScoreKind::Binary ? "binary" : "score";
  manifest["models"] = dataset.models;
  manifest["questions"] = {{"file", kQuestionsFile}, {"count", dataset.n_questions()}};
  manifest["outcomes"] = {{"file", kOutcomesFile}, {"has_costs", !dataset.costs.empty()}};
  manifest["provenance"] = provenance;
  write_file_atomic(dir + "/" + kQuestionsFile, gzip_compress(lines));
  write_file_atomic(dir + "/" + kOutcomesFile, gzip_compress(encode_outcomes(dataset)));
  write_file_atomic(dir + "/" + kManifestFile, manifest.dump(2) + "\n");
}

std::vector<ModelInfo> load_model_info(const std::string& path, const std::vector<std::string>& models) {
  const nlohmann::json root = read_json_file(path);
  const nlohmann::json& entries = require(root, "models", path);
  if (!entries.is_array()) detail::wrong_type(path, "models", "an array of objects", entries);
  std::unordered_map<std::string, size_t> column;
  for (size_t m = 0; m < models.size(); ++m) column.emplace(models[m], m);
  std::vector<ModelInfo> out(models.size());
  for (size_t m = 0; m < models.size(); ++m) out[m].name = models[m];
  for (size_t i = 0; i < entries.size(); ++i) {
    const nlohmann::json& entry = entries[i];
    const std::string where = path + ": models[" + std::to_string(i) + "]";
    if (!entry.is_object()) detail::wrong_type(where, "entry", "an object", entry);
    detail::no_unknown_keys(entry, {"name", "organisation", "release_date", "params_billion", "active_params_billion",
                                    "open_weights", "tuning", "cost_per_1k_tokens", "sources"}, where);
    const std::string name = string_field(entry, "name", where);
    const auto it = column.find(name);
    if (it == column.end()) {
      std::string known;
      for (const auto& model : models) known += (known.empty() ? "" : ", ") + model;
      throw DataError(where + ": name: unknown model name '" + name + "' (expected one of: " + known + ")");
    }
    ModelInfo& info = out[it->second];
    if (info.known) throw DataError(where + ": name: duplicated model entry '" + name + "'");
    info.known = true;
    info.organisation = string_field(entry, "organisation", where);
    info.release_date = string_field(entry, "release_date", where);
    if (info.release_date.size() != 10 || info.release_date[4] != '-' || info.release_date[7] != '-')
      throw DataError(where + ": release_date: malformed date (expected YYYY-MM-DD, got \"" + info.release_date + "\")");
    info.params_billion = as_number(require(entry, "params_billion", where), "params_billion", where);
    if (entry.contains("active_params_billion"))
      info.active_params_billion = as_number(entry["active_params_billion"], "active_params_billion", where);
    const nlohmann::json& open = require(entry, "open_weights", where);
    if (!open.is_boolean()) detail::wrong_type(where, "open_weights", "a boolean", open);
    info.open_weights = open.get<bool>();
    info.tuning = string_field(entry, "tuning", where);
    if (info.tuning != "base" && info.tuning != "chat")
      throw DataError(where + ": tuning: unknown value (expected \"base\" or \"chat\", got \"" + info.tuning + "\")");
    info.cost_per_1k_tokens = as_number(require(entry, "cost_per_1k_tokens", where), "cost_per_1k_tokens", where);
    info.sources = string_field(entry, "sources", where);
  }
  return out;
}

}  // namespace modelsat::data
