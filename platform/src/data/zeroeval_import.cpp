// ZeroEval importer: grades every raw reply with the answer checker and merges both tasks into one outcome matrix.
#include "modelsat/data/zeroeval_import.h"

#include "json_fields.h"
#include "modelsat/data/answer_checker.h"
#include "modelsat/data/compression.h"
#include "modelsat/data/zeroeval_reference_rule.h"
#include "modelsat/data/zeroeval_topics.h"
#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace modelsat::data {
namespace {

namespace fs = std::filesystem;

struct TaskSpec {
  const char* name;           ///< folder and summary file name, and the questions' category
  const char* question_key;   ///< the record's question field
  const char* id_prefix;      ///< prepended to the record id ("" keeps it)
  std::string (*topic)(const std::string&);
  GradedReply (*grade)(const std::string&, const std::string&);
  bool (*zeroeval_rule)(const ReplyAnswer&, const std::string&);
};

const TaskSpec kTasks[] = {
    {"crux", "question", "", &crux_topic, &grade_crux_reply, &zeroeval_crux_rule},
    {"math-l5", "problem", "math-l5-", &math_topic, &grade_math_reply, &zeroeval_math_rule},
};

struct Record {
  Question question;
  GradedReply graded;
  ReplyAnswer zeroeval_answer;  ///< ZeroEval's own extraction (zeroeval_reference_rule.h)
  bool zeroeval_correct = false;
};

struct ModelTask {
  std::string file;
  std::vector<std::string> order;         ///< question ids in file order
  std::map<std::string, Record> records;  ///< by question id
};

std::string find_root(const std::string& dir) {
  const fs::path nested = fs::path(dir) / "result_dirs";
  const std::string root = fs::is_directory(nested) ? nested.string() : dir;
  if (!fs::is_directory(root)) throw IoError(dir + ": cannot read: not a directory");
  for (const TaskSpec& task : kTasks)
    if (!fs::is_directory(fs::path(root) / task.name))
      throw DataError(root + ": no ZeroEval outputs found (expected folders crux/ and math-l5/ of <MODEL>.json.gz, " +
                      "missing " + task.name + "/)");
  return root;
}

std::map<std::string, std::string> list_models(const std::string& folder) {
  std::map<std::string, std::string> models;  // model -> path
  const std::string suffix = ".json.gz";
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      models[name.substr(0, name.size() - suffix.size())] = entry.path().string();
  }
  return models;
}

std::string record_id(const nlohmann::json& record, const TaskSpec& task, const std::string& where) {
  const nlohmann::json& id = detail::require(record, "id", where);
  if (id.is_number_integer()) return task.id_prefix + std::to_string(id.get<long long>());
  return task.id_prefix + detail::as_string(id, "id", where);
}

ModelTask read_model_task(const std::string& model, const std::string& path, const TaskSpec& task) {
  ModelTask out;
  out.file = fs::path(path).filename().string();
  const nlohmann::json records = parse_json(read_gzip_file(path), path);
  if (!records.is_array()) detail::wrong_type(path, "top level", "an array of records", records);
  for (size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json& r = records[i];
    const std::string where = path + ": record " + std::to_string(i);
    Record record;
    record.question.id = record_id(r, task, where);
    record.question.text = detail::string_field(r, task.question_key, where);
    record.question.gold = detail::string_field(r, "answer", where);
    record.question.category = task.name;
    record.question.source = task.topic(record.question.text);
    const nlohmann::json& output = detail::require(r, "output", where);
    if (!output.is_array()) detail::wrong_type(where, "output", "an array of replies", output);
    if (!output.empty() && !output[0].is_null()) {
      const std::string reply = detail::as_string(output[0], "output[0]", where);
      record.graded = task.grade(reply, record.question.gold);
      record.zeroeval_answer = zeroeval_extract(model, reply);
      record.zeroeval_correct = task.zeroeval_rule(record.zeroeval_answer, record.question.gold);
    }
    const std::string id = record.question.id;
    out.order.push_back(id);
    if (!out.records.emplace(id, std::move(record)).second)
      throw DataError(where + ": id: duplicated question id '" + id + "' (expected each question once per model)");
  }
  return out;
}

/// Model -> the official summary row of one task.
std::map<std::string, nlohmann::json> read_official(const std::string& root, const TaskSpec& task) {
  const std::string file = (fs::path(root) / (std::string(task.name) + ".summary.json")).string();
  const nlohmann::json rows = parse_json(modelsat::read_file(file), file);
  if (!rows.is_array()) detail::wrong_type(file, "top level", "an array of rows", rows);
  std::map<std::string, nlohmann::json> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string where = file + ": row " + std::to_string(i);
    const std::string model = detail::string_field(rows[i], "Model", where);
    const std::string mode = detail::optional_string(rows[i], "Mode", where);
    if (!mode.empty() && mode != "greedy") continue;
    for (const char* key : {"Acc", "No answer"}) {
      const std::string value = detail::string_field(rows[i], key, where);
      char* end = nullptr;
      std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0')
        throw DataError(where + ": " + key + ": not a number (expected a percentage like \"85.00\", got \"" + value + "\")");
    }
    out[model] = rows[i];
  }
  return out;
}

/// ZeroEval's summaries rename two models (its `model_name_replacement`); the file name -> the summary's name.
std::string official_name(const std::string& model, const std::map<std::string, nlohmann::json>& official) {
  static const std::map<std::string, std::string> kRenamed = {
      {"Meta-Llama-3.1-405B-Instruct@hyperbolic", "Llama-3.1-405B-Inst@hyperbolic"},
      {"Llama-3.1-405B-Inst-fp8", "Llama-3.1-405B-Inst-fp8@together"}};
  const auto it = kRenamed.find(model);
  return official.count(model) || it == kRenamed.end() ? model : it->second;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

ZeroEvalImport import_zeroeval(const std::string& dir) {
  const std::string root = find_root(dir);
  std::map<std::string, std::string> paths[2];
  for (size_t t = 0; t < 2; ++t) paths[t] = list_models((fs::path(root) / kTasks[t].name).string());

  ZeroEvalImport result;
  nlohmann::json excluded = nlohmann::json::array();
  std::vector<std::string> models;
  for (size_t t = 0; t < 2; ++t)
    for (const auto& entry : paths[t]) {
      if (paths[1 - t].count(entry.first)) {
        if (t == 0) models.push_back(entry.first);
      } else {
        excluded.push_back({{"model", entry.first},
                            {"reason", std::string("only in ") + kTasks[t].name + " (no " + kTasks[1 - t].name + " replies)"}});
      }
    }
  if (models.empty()) throw DataError(root + ": no model has replies for both crux and math-l5 (expected at least one)");

  Dataset& d = result.dataset;
  d.name = "zeroeval";
  d.description = "ZeroEval (yuchenlin/ZeroEval) zero-shot outcomes of " + std::to_string(models.size()) +
                  " LLMs on CRUXEval (800) and MATH level 5 (721), graded by modelsat's answer checker";
  d.score_kind = ScoreKind::Binary;
  d.models = models;
  std::vector<std::vector<ModelTask>> outputs(2);  // [task][model]
  std::vector<std::map<std::string, nlohmann::json>> official(2);
  std::vector<size_t> task_begin;
  for (size_t t = 0; t < 2; ++t) {
    official[t] = read_official(root, kTasks[t]);
    task_begin.push_back(d.questions.size());
    std::set<std::string> known;
    for (const std::string& model : models) {
      const std::string& path = paths[t].at(model);
      if (!official[t].count(official_name(model, official[t])))
        throw DataError(path + ": model '" + model + "' has no row in " + kTasks[t].name +
                        ".summary.json (expected its official accuracy)");
      outputs[t].push_back(read_model_task(model, path, kTasks[t]));
      // Canonical order: the first model's record order, then ids first seen in later models.
      for (const std::string& id : outputs[t].back().order)
        if (known.insert(id).second) d.questions.push_back(outputs[t].back().records.at(id).question);
    }
  }
  task_begin.push_back(d.questions.size());

  const size_t n_models = models.size();
  const size_t cells = d.questions.size() * n_models;
  d.scores.assign(cells, 0.f);
  d.observed.assign(cells, 0);
  d.predictions.assign(cells, 0);
  result.summary = {{"questions", d.questions.size()},
                    {"models", n_models},
                    {"tasks", {{"crux", task_begin[1] - task_begin[0]}, {"math-l5", task_begin[2] - task_begin[1]}}},
                    {"grading_rule", "answer extracted from the reply's JSON (repaired, scanned, or \\boxed); crux: Python "
                                     "literal equality; math-l5: normalised math equivalence; no extractable answer = "
                                     "no-answer (score 0); missing record = unobserved"},
                    {"accuracy_rule", "correct / records of the model for the task, in percent (the official Acc's rule)"},
                    {"excluded_models", excluded},
                    {"per_model", nlohmann::json::array()}};
  std::vector<std::vector<double>> differences(2);
  for (size_t m = 0; m < n_models; ++m) {
    nlohmann::json row = {{"model", models[m]}};
    for (size_t t = 0; t < 2; ++t) {
      const ModelTask& output = outputs[t][m];
      std::map<std::string, size_t> counts = {{"correct", 0}, {"wrong", 0}, {"no-answer", 0}};
      std::map<std::string, size_t> methods;
      size_t differing = 0;
      nlohmann::json only[2] = {nlohmann::json::array(), nlohmann::json::array()};  // checker only, ZeroEval rule only
      size_t only_counts[2] = {0, 0};
      size_t rule_correct = 0;
      for (size_t q = task_begin[t]; q < task_begin[t + 1]; ++q) {
        const auto it = output.records.find(d.questions[q].id);
        if (it == output.records.end()) continue;
        const Record& record = it->second;
        const size_t at = q * n_models + m;
        d.observed[at] = 1;
        d.scores[at] = record.graded.verdict == Verdict::Correct ? 1.f : 0.f;
        ++counts[verdict_name(record.graded.verdict)];
        ++methods[extraction_method_name(record.graded.answer.method)];
        differing += record.question.text != d.questions[q].text || record.question.gold != d.questions[q].gold;
        const bool checker = record.graded.verdict == Verdict::Correct;
        rule_correct += record.zeroeval_correct;
        if (checker != record.zeroeval_correct) {
          const int side = checker ? 0 : 1;
          if (only[side].size() < 3)
            only[side].push_back({{"id", record.question.id},
                                  {"checker_answer", record.graded.answer.text},
                                  {"zeroeval_answer", record.zeroeval_answer.text},
                                  {"zeroeval_extraction", extraction_method_name(record.zeroeval_answer.method)},
                                  {"gold", record.question.gold}});
          ++only_counts[side];
        }
      }
      const size_t records = output.records.size();
      const double accuracy = records ? 100.0 * static_cast<double>(counts["correct"]) / static_cast<double>(records) : 0;
      const nlohmann::json& off = official[t].at(official_name(models[m], official[t]));
      const double official_acc = std::strtod(off["Acc"].get<std::string>().c_str(), nullptr);
      const double official_no_answer = std::strtod(off["No answer"].get<std::string>().c_str(), nullptr);
      differences[t].push_back(accuracy - official_acc);
      row[kTasks[t].name] = {
          {"file", output.file},
          {"records", records},
          {"missing_questions", task_begin[t + 1] - task_begin[t] - records},
          {"correct", counts["correct"]},
          {"wrong", counts["wrong"]},
          {"no_answer", counts["no-answer"]},
          {"extraction_methods", methods},
          {"records_differing_from_canonical", differing},
          {"accuracy", round2(accuracy)},
          {"no_answer_percent", records ? round2(100.0 * static_cast<double>(counts["no-answer"]) / static_cast<double>(records)) : 0},
          {"official_acc", official_acc},
          {"official_no_answer", official_no_answer},
          {"difference_points", round2(accuracy - official_acc)},
          {"zeroeval_rule_accuracy", records ? round2(100.0 * static_cast<double>(rule_correct) / static_cast<double>(records)) : 0},
          {"disagreements_with_zeroeval_rule",
           {{"checker_correct_rule_wrong", only_counts[0]}, {"rule_correct_checker_wrong", only_counts[1]},
            {"examples_checker_correct", only[0]}, {"examples_rule_correct", only[1]}}}};
    }
    result.summary["per_model"].push_back(row);
  }
  nlohmann::json agreement = nlohmann::json::object();
  std::vector<double> all;
  for (size_t t = 0; t <= 2; ++t) {
    const std::vector<double>& diffs = t < 2 ? differences[t] : all;
    double sum = 0, worst = 0;
    size_t worst_at = 0;
    for (size_t i = 0; i < diffs.size(); ++i) {
      sum += std::fabs(diffs[i]);
      if (std::fabs(diffs[i]) > worst) worst = std::fabs(diffs[i]), worst_at = i;
    }
    const std::string name = t < 2 ? kTasks[t].name : "both";
    agreement[name] = {{"mean_abs_difference_points", round2(sum / static_cast<double>(diffs.size()))},
                       {"max_abs_difference_points", round2(worst)},
                       {"max_model", models[worst_at % n_models]}};
    if (t < 2) all.insert(all.end(), diffs.begin(), diffs.end());
  }
  result.summary["agreement_with_official"] = agreement;
  d.model_info.assign(n_models, ModelInfo{});
  for (size_t m = 0; m < n_models; ++m) d.model_info[m].name = models[m];
  d.validate(dir);
  return result;
}

}  // namespace modelsat::data
