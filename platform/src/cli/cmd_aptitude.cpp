// `modelsat aptitude build|score`: choose the Model-SAT aptitude test, and score a (new) model on it.
#include "arg_parser.h"
#include "commands.h"
#include "data_args.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/aptitude.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/json_util.h"

#include <cmath>
#include <cstdio>

namespace modelsat::cli {
namespace {

using namespace modelsat::data;

int build_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat aptitude build";
  ArgParser parser(cmd, "Choose T tasks x S distinguishing items (about half of the training models right).");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--out", "FILE", "aptitude test file to write")
      .option("--tasks", "T", "number of tasks (default 50)")
      .option("--shots", "S", "items per task (default 20)")
      .option("--seed", "N", "tie-breaking seed (default 1)")
      .option("--keywords", "FILE", "task keyword file {\"tasks\": {source: [5 keywords]}}")
      .option("--model-split", "FILE", "use the seen models of this model split as training models")
      .option("--train-model", "NAME", "a training model (repeatable; default: every model)", true);
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError(cmd + ": missing --out FILE; see '" + cmd + " --help'");
  const Dataset dataset = load_dataset(parsed.positionals[0], LoadOptions{false, false});
  AptitudeOptions options;
  options.tasks = parse_count(parsed.value("--tasks", "50"), "--tasks", cmd);
  options.shots = parse_count(parsed.value("--shots", "20"), "--shots", cmd);
  options.seed = parse_count(parsed.value("--seed", "1"), "--seed", cmd);
  if (!parsed.value("--keywords").empty()) options.keywords = load_task_keywords(parsed.value("--keywords"));
  if (!parsed.value("--model-split").empty()) {
    if (!parsed.values("--train-model").empty())
      throw UsageError(cmd + ": give --model-split or --train-model, not both; see '" + cmd + " --help'");
    options.training_models = load_model_split(parsed.value("--model-split")).seen;
  } else {
    options.training_models = parsed.values("--train-model");
  }
  const AptitudeTest test = build_aptitude_test(dataset, options);
  save_aptitude_test(test, out);
  context.out() << out << ": " << test.tasks.size() << " tasks x " << test.shots << " items, chosen on "
                << test.training_models.size() << " training models\n";
  return 0;
}

/// Reads {"id": ..., "correct": 0/1/true/false or "score": x} lines into id -> score.
std::map<std::string, double> read_answers(const std::string& path) {
  const std::string text = read_file(path);
  std::map<std::string, double> answers;
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const nlohmann::json record = parse_json(line, where);
    if (!record.is_object() || !record.contains("id"))
      throw DataError(where + ": record: expected an object with \"id\" and \"correct\" (got " + describe_json(record) + ")");
    const nlohmann::json& id = record["id"];
    std::string key;
    if (id.is_number_integer()) {
      key = std::to_string(id.get<long long>());
    } else if (id.is_string()) {
      key = id.get<std::string>();
    } else {
      throw DataError(where + ": id: wrong type (expected a string, got " + describe_json(id) + ")");
    }
    const nlohmann::json& value = record.contains("correct") ? record["correct"] : record.value("score", nlohmann::json());
    double score = 0;
    if (value.is_boolean()) {
      score = value.get<bool>() ? 1.0 : 0.0;
    } else if (value.is_number()) {
      score = value.get<double>();
    } else {
      throw DataError(where + ": correct: wrong type (expected a boolean or a number in [0, 1], got " +
                      describe_json(value) + ")");
    }
    if (!answers.emplace(key, score).second) throw DataError(where + ": id: duplicated answer for '" + key + "'");
  }
  return answers;
}

int score_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat aptitude score";
  ArgParser parser(cmd, "A model's aptitude vector (accuracy per task) and the paper's text form of it.");
  parser.positional("TEST_FILE", "an aptitude test file (from `modelsat aptitude build`)")
      .option("--dataset", "DATASET_DIR", "score a model of this dataset from its stored answers")
      .option("--model", "NAME", "the model to score (with --dataset)")
      .option("--answers", "FILE", "score a new model from a JSONL file of {\"id\", \"correct\"} lines")
      .flag("--json", "print {\"tasks\", \"vector\", \"text\"} as JSON");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const AptitudeTest test = load_aptitude_test(parsed.positionals[0]);
  std::vector<double> vector;
  if (!parsed.value("--answers").empty()) {
    vector = aptitude_vector(test, read_answers(parsed.value("--answers")), parsed.value("--answers"));
  } else if (!parsed.value("--dataset").empty() && !parsed.value("--model").empty()) {
    const Dataset dataset = load_dataset(parsed.value("--dataset"), LoadOptions{false, false});
    vector = aptitude_vector(test, dataset, parsed.value("--model"));
  } else {
    throw UsageError(cmd + ": give --answers FILE, or --dataset DIR with --model NAME; see '" + cmd + " --help'");
  }
  const std::string text = aptitude_text(test, vector);
  if (parsed.flag("--json")) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const AptitudeTask& task : test.tasks) tasks.push_back(task.name);
    context.out() << nlohmann::json{{"tasks", tasks}, {"vector", vector}, {"text", text}}.dump(2) << "\n";
  } else {
    double mean = 0;
    for (double v : vector) mean += v;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f%%", vector.empty() ? 0.0 : 100.0 * mean / static_cast<double>(vector.size()));
    context.out() << "mean aptitude accuracy: " << buf << "\n" << text << "\n";
  }
  return 0;
}

}  // namespace

int run_aptitude_command(CliContext& context, const std::vector<std::string>& args) {
  static const std::vector<SubCommand> subs = {
      {"build", "choose the aptitude test (T tasks x S distinguishing items) on training models", &build_cmd},
      {"score", "a model's aptitude vector and its text form (onboards a new model)", &score_cmd},
  };
  return dispatch("modelsat aptitude", "The Model-SAT aptitude test (the model representation).", subs, context, args);
}

}  // namespace modelsat::cli
