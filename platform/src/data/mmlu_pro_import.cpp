// MMLU-Pro importer: unzips each model's output list, checks each record, merges them into one outcome matrix.
#include "modelsat/data/mmlu_pro_import.h"

#include "json_fields.h"
#include "modelsat/data/compression.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace modelsat::data {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrefix = "model_outputs_";
constexpr const char* kSuffix = "_5shots.zip";

struct Record {
  std::string pred;  ///< empty when null
  std::string version_key;
  Question question;
};

struct ModelOutputs {
  std::string model;
  std::string file;
  std::map<long long, Record> records;
  nlohmann::json non_objects = nlohmann::json::array();
  size_t non_object_count = 0;
  size_t null_preds = 0;
};

std::vector<std::pair<std::string, std::string>> find_zips(const std::string& dir) {
  std::string root = dir;
  if (fs::is_directory(fs::path(dir) / "eval_results")) root = (fs::path(dir) / "eval_results").string();
  if (!fs::is_directory(root)) throw IoError(dir + ": cannot read: not a directory");
  std::vector<std::pair<std::string, std::string>> zips;  // (model, path)
  const std::string prefix = kPrefix;
  const std::string suffix = kSuffix;
  for (const auto& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      zips.emplace_back(name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()), entry.path().string());
  }
  std::sort(zips.begin(), zips.end());
  if (zips.empty())
    throw DataError(root + ": no MMLU-Pro outputs found (expected files named " + prefix + "<MODEL>" + suffix + ")");
  return zips;
}

ModelOutputs read_model(const std::string& model, const std::string& path) {
  ModelOutputs out;
  out.model = model;
  out.file = fs::path(path).filename().string();
  const auto entries = zip_entry_names(path);
  if (entries.size() != 1)
    throw DataError(path + ": expected exactly one JSON file in the archive (expected 1 entry, got " +
                    std::to_string(entries.size()) + ")");
  const nlohmann::json records = parse_json(zip_read_entry(path, entries[0]), path + ": " + entries[0]);
  if (!records.is_array()) detail::wrong_type(path, "top level", "an array of records", records);
  for (size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json& r = records[i];
    const std::string where = path + ": record " + std::to_string(i);
    if (!r.is_object()) {
      ++out.non_object_count;
      if (out.non_objects.size() < 5) out.non_objects.push_back(describe_json(r));
      continue;
    }
    const nlohmann::json& id = detail::require(r, "question_id", where);
    if (!id.is_number_integer()) detail::wrong_type(where, "question_id", "an integer", id);
    Record record;
    record.question.id = std::to_string(id.get<long long>());
    record.question.text = detail::string_field(r, "question", where);
    record.question.choices = detail::string_array(detail::require(r, "options", where), "options", where);
    record.question.gold = detail::string_field(r, "answer", where);
    record.question.category = detail::string_field(r, "category", where);
    record.question.source = detail::string_field(r, "src", where);
    const nlohmann::json& pred = detail::require(r, "pred", where);
    if (pred.is_null()) {
      ++out.null_preds;
    } else {
      record.pred = detail::as_string(pred, "pred", where);
      if (record.pred.size() != 1 || record.pred[0] < 'A' || record.pred[0] > 'Z')
        throw DataError(where + ": pred: not an answer letter (expected null or one of A-Z, got \"" + record.pred + "\")");
    }
    record.version_key = nlohmann::json{record.question.text, record.question.choices, record.question.gold,
                                        record.question.category, record.question.source}.dump();
    if (!out.records.emplace(id.get<long long>(), std::move(record)).second)
      throw DataError(where + ": question_id: duplicated question id " + std::to_string(id.get<long long>()) +
                      " (expected each question once per model)");
  }
  return out;
}

}  // namespace

MmluProImport import_mmlu_pro(const std::string& dir) {
  std::vector<ModelOutputs> outputs;
  for (const auto& [model, path] : find_zips(dir)) outputs.push_back(read_model(model, path));

  std::map<long long, std::vector<const Record*>> by_question;  // ordered by numeric question_id
  for (const auto& output : outputs)
    for (const auto& [id, record] : output.records) by_question[id].push_back(&record);

  MmluProImport result;
  Dataset& d = result.dataset;
  d.name = "mmlu-pro";
  d.description = "MMLU-Pro (Wang et al. 2024, arXiv 2406.01574): 5-shot CoT outcomes of " +
                  std::to_string(outputs.size()) + " LLMs from TIGER-AI-Lab/MMLU-Pro eval_results";
  d.score_kind = ScoreKind::Binary;
  for (const auto& output : outputs) d.models.push_back(output.model);
  const size_t n_models = outputs.size();
  std::vector<std::string> canonical_keys;
  for (const auto& [id, versions] : by_question) {
    std::map<std::string, size_t> votes;
    for (const Record* record : versions) ++votes[record->version_key];
    const Record* best = versions.front();
    for (const Record* record : versions)
      if (votes[record->version_key] > votes[best->version_key]) best = record;
    d.questions.push_back(best->question);
    canonical_keys.push_back(best->version_key);
  }
  const size_t cells = d.questions.size() * n_models;
  d.scores.assign(cells, 0.f);
  d.observed.assign(cells, 0);
  d.predictions.assign(cells, 0);
  result.summary = {{"questions", d.questions.size()}, {"models", n_models},
                    {"correctness_rule", "pred == the record's own answer; null pred = wrong; missing record = unobserved"},
                    {"per_model", nlohmann::json::array()}};
  for (size_t m = 0; m < n_models; ++m) {
    const ModelOutputs& output = outputs[m];
    size_t correct = 0;
    size_t differing = 0;
    size_t q = 0;
    for (const auto& entry : by_question) {
      const auto it = output.records.find(entry.first);
      if (it != output.records.end()) {
        const Record& record = it->second;
        const size_t at = q * n_models + m;
        d.observed[at] = 1;
        d.predictions[at] = record.pred.empty() ? 0 : record.pred[0];
        const bool right = !record.pred.empty() && record.pred == record.question.gold;
        d.scores[at] = right ? 1.f : 0.f;
        correct += right ? 1 : 0;
        differing += record.version_key != canonical_keys[q] ? 1 : 0;
      }
      ++q;
    }
    d.model_info.push_back(ModelInfo{});
    d.model_info.back().name = output.model;
    result.summary["per_model"].push_back(
        {{"model", output.model},
         {"file", output.file},
         {"records", output.records.size()},
         {"non_object_records", output.non_object_count},
         {"non_object_examples", output.non_objects},
         {"missing_questions", d.questions.size() - output.records.size()},
         {"null_predictions", output.null_preds},
         {"records_differing_from_canonical", differing},
         {"accuracy_all_questions", static_cast<double>(correct) / static_cast<double>(d.questions.size())}});
  }
  d.validate(dir);
  return result;
}

}  // namespace modelsat::data
